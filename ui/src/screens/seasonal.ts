// The Index screen's "Seasonal adjustment" (quarterly and monthly pooled
// indices): STL with statsmodels' defaults, its seasonal window and
// robustness settable here; the run's quality report shows every setting.
import { field, h, shownWhileTicked } from "../dom";
import type { Seasonal } from "../ipc";

export interface SeasonalField {
  element: HTMLElement;
  read(): Seasonal | null;
}

export function seasonalField(initial: Seasonal | null): SeasonalField {
  const on = h("input", { id: "run-seasonal", type: "checkbox", checked: initial !== null });
  const window = h("input", {
    id: "run-stl-seasonal",
    type: "number",
    class: "short",
    min: "3",
    step: "2",
    value: String(initial?.seasonal ?? 7),
  });
  const robust = h("input", { id: "run-stl-robust", type: "checkbox", checked: initial?.robust ?? false });
  const details = h(
    "span",
    { class: "row" },
    h("label", { class: "check" }, "window ", window),
    h("label", { class: "check" }, robust, " robust"),
  );
  shownWhileTicked(on, details);
  return {
    element: field(
      "Seasonal adjustment",
      h("div", { class: "row" }, h("label", { class: "check" }, on, " Seasonally adjust (STL)"), details),
      "adds the adjusted index beside the index; quarterly and monthly",
      true,
    ),
    read: () =>
      on.checked
        ? {
            seasonal: Number(window.value),
            trend: null,
            low_pass: null,
            degrees: [1, 1, 1],
            jumps: [1, 1, 1],
            robust: robust.checked,
            inner: null,
            outer: null,
          }
        : null,
  };
}

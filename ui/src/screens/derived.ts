// The Index screen's fields for what every method derives from its series:
// smoothing (a centred moving average, hpiR's smoothIndex) and a composite of
// regions (FHFA's chained divisions or S&P's levels). The run's quality
// report shows the composite's shares and the periods a region sat out.
import { field, h, shownWhileTicked } from "../dom";
import type { Composite, CompositeRule } from "../ipc";

export interface SmoothingField {
  element: HTMLElement;
  read(): number | null;
}

export function smoothingField(initial: number | null): SmoothingField {
  const on = h("input", { id: "run-smooth", type: "checkbox", checked: initial !== null });
  const order = h("input", {
    id: "run-smooth-order",
    type: "number",
    class: "short",
    min: "3",
    step: "2",
    value: String(initial ?? 3),
  });
  const details = h("label", { class: "check" }, "over ", order, " periods");
  shownWhileTicked(on, details);
  return {
    element: field(
      "Smoothing",
      h("div", { class: "row" }, h("label", { class: "check" }, on, " Smooth (centred moving average)"), details),
      "adds the smoothed index beside the index; an odd number of periods",
      true,
    ),
    read: () => (on.checked ? Number(order.value) : null),
  };
}

export interface CompositeField {
  element: HTMLElement;
  read(): Composite[];
}

const RULES: [CompositeRule, string][] = [
  ["chained", "Chained: weighted mean of period changes (FHFA's divisions)"],
  ["levels", "Levels: weighted mean of indices (S&P's composites)"],
];

/** "a, b" → ["a", "b"]. */
function listOf(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/**
 * The weights typed as "10180=2, 11100=1"; a token without a number gets 0,
 * which the run refuses by name ("the weight of 10180 is 0").
 */
export function weightsOf(text: string): Record<string, number> | null {
  const tokens = listOf(text);
  if (tokens.length === 0) return null;
  return Object.fromEntries(
    tokens.map((t) => {
      const [region, weight] = t.split("=").map((x) => x.trim());
      const w = Number(weight);
      return [region, weight !== undefined && weight !== "" && Number.isFinite(w) ? w : 0];
    }),
  );
}

export function compositeField(initial: Composite[]): CompositeField {
  const first = initial[0];
  const name = h("input", { id: "run-composite-name", placeholder: "e.g. texas", value: first?.name ?? "" });
  const regions = h("input", {
    id: "run-composite-regions",
    placeholder: "e.g. 10180, 11100",
    value: first?.regions.join(", ") ?? "",
  });
  const given = first && first.weights !== "value" ? first.weights.given : null;
  const weights = h("input", {
    id: "run-composite-weights",
    placeholder: "sales value; or 10180=2, 11100=1",
    value: given
      ? Object.entries(given)
          .map(([r, w]) => `${r}=${w}`)
          .join(", ")
      : "",
  });
  const rule = h(
    "select",
    { id: "run-composite-rule" },
    RULES.map(([value, title]) => h("option", { value, selected: (first?.rule ?? "chained") === value }, title)),
  );
  return {
    element: h(
      "fieldset",
      { id: "run-composite" },
      h("legend", {}, "Composite of regions"),
      h(
        "div",
        { class: "form-grid" },
        field("Name", name, "its rows are composite:NAME; leave empty for none"),
        field("Regions", regions, "as the run names them: CBSA codes, state:48, …"),
        field("Weights", weights, "empty: each region's sales value in the run's years"),
        field("Rule", rule),
      ),
    ),
    read: () => {
      if (name.value.trim() === "") return [];
      const w = weightsOf(weights.value);
      return [
        {
          name: name.value.trim(),
          regions: listOf(regions.value),
          weights: w === null ? "value" : { given: w },
          rule: rule.value as CompositeRule,
        },
      ];
    },
  };
}

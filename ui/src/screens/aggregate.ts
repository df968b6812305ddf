// The Index screen's "Also aggregate to…" (RSAI): states, counties and the
// nation from the tracts' GEOIDs, and the analyst's imported groups.
import { h } from "../dom";
import type { Aggregate } from "../ipc";

const KINDS: [Aggregate, string][] = [
  ["state", "States"],
  ["county", "Counties"],
  ["nation", "The nation"],
  ["groups", "Your groups"],
];

export interface AggregateField {
  element: HTMLElement;
  read(): Aggregate[];
}

export function aggregateField(initial: Aggregate[]): AggregateField {
  const boxes = KINDS.map(([kind]) =>
    h("input", { type: "checkbox", value: kind, checked: initial.includes(kind), "data-aggregate": kind }),
  );
  return {
    element: h(
      "div",
      { class: "weights", id: "run-aggregate" },
      "Also aggregate to: ",
      boxes.map((box, k) => h("label", { class: "check" }, box, " ", KINDS[k][1])),
      h(
        "div",
        {},
        h(
          "small",
          {},
          "States and counties come from 11-digit tract GEOIDs; your groups are imported on the Data screen.",
        ),
      ),
    ),
    read: () => boxes.filter((b) => b.checked).map((b) => b.value as Aggregate),
  };
}

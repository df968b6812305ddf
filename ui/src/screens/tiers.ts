// The Index screen's "Price tiers": one index per region, or per tier of
// first-sale prices (at quantiles, or between prices the analyst gives).
import { field, h } from "../dom";
import type { Tiers } from "../ipc";

const QUANTILES: [number, string][] = [
  [2, "Low and high (halves)"],
  [3, "Low, middle and high (thirds)"],
  [4, "Quartiles"],
  [5, "Quintiles"],
];

export interface TiersField {
  element: HTMLElement;
  /** The tiers chosen; breakpoints as typed (the engine refuses what cannot be meant). */
  read(): Tiers | null;
}

export function tiersField(initial: Tiers | null): TiersField {
  const quantiles =
    initial !== null && typeof initial === "object" && "quantiles" in initial ? initial.quantiles : null;
  const breaks =
    initial !== null && typeof initial === "object" && "breakpoints" in initial ? initial.breakpoints : null;
  const choice = h(
    "select",
    { id: "run-tiers" },
    h("option", { value: "" }, "One index per region"),
    QUANTILES.map(([k, label]) => h("option", { value: String(k), selected: quantiles === k }, label)),
    h("option", { value: "prices", selected: breaks !== null }, "Between prices…"),
  );
  const prices = h("input", {
    id: "run-tier-breaks",
    type: "text",
    placeholder: "e.g. 250000, 500000",
    value: breaks ? breaks.join(", ") : "",
  });
  const sync = () => {
    prices.hidden = choice.value !== "prices";
  };
  choice.addEventListener("change", sync);
  sync();
  return {
    element: field(
      "Price tiers",
      h("div", { class: "row" }, choice, prices),
      "by the first sale's price; pooled methods",
    ),
    read: () => {
      if (choice.value === "") return null;
      if (choice.value !== "prices") return { quantiles: Number(choice.value) };
      return {
        breakpoints: prices.value
          .split(/[,;\s]+/)
          .filter(Boolean)
          .map(Number),
      };
    },
  };
}

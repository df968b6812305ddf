// The Index screen's "Pair filters": the paper's three with their bounds, and
// the analyst's own (holding period, price floor and ceiling, robust z-score).
import { h } from "../dom";
import { FILTERS_OF, type Filters, type Method } from "../ipc";

/** What the fieldset offers a robust z-score bound at when it is ticked (Iglewicz and Hoaglin's 3.5). */
const Z_SUGGESTED = 3.5;
/** What it offers a holding period at (Case-Shiller's six months). */
const MONTHS_SUGGESTED = 6;

export interface PairFiltersForm {
  element: HTMLElement;
  /** The filters as set, or the error of the first field that cannot be read. */
  read(): Filters;
  /** Puts back a method's defaults. */
  reset(method: Method): void;
}

function numberInput(id: string, value: number | null, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id, type: "number", value: value === null ? "" : String(value), class: "short", ...attrs });
}

export function pairFiltersForm(initial: Filters): PairFiltersForm {
  const box = (id: string, checked: boolean) => h("input", { id, type: "checkbox", checked });
  const d = FILTERS_OF.rsai;
  const f = {
    samePeriod: box("filter-same-period", initial.same_period),
    holding: box("filter-holding", initial.min_holding_months !== null),
    months: numberInput("filter-months", initial.min_holding_months ?? MONTHS_SUGGESTED, { min: "1", max: "1200" }),
    cagr: box("filter-cagr", initial.cagr),
    cagrPercent: numberInput("filter-cagr-bound", round(initial.cagr_bound * 100), { min: "1", max: "99" }),
    cagrTime: h(
      "select",
      { id: "filter-cagr-time" },
      h("option", { value: "periods", selected: initial.cagr_time === "periods" }, "periods between the sales"),
      h("option", { value: "days", selected: initial.cagr_time === "days" }, "days elapsed / 365.25"),
    ),
    ratio: box("filter-ratio", initial.ratio),
    ratioLow: numberInput("filter-ratio-low", initial.ratio_low, { min: "0", step: "any" }),
    ratioHigh: numberInput("filter-ratio-high", initial.ratio_high, { min: "0", step: "any" }),
    price: box("filter-price", initial.price_floor !== null || initial.price_ceiling !== null),
    floor: numberInput("filter-price-floor", initial.price_floor, { min: "0", placeholder: "none" }),
    ceiling: numberInput("filter-price-ceiling", initial.price_ceiling, { min: "0", placeholder: "none" }),
    robust: box("filter-robust", initial.robust_z !== null),
    z: numberInput("filter-robust-z", initial.robust_z ?? Z_SUGGESTED, { min: "0", step: "0.1" }),
  };
  // A bound is editable only while its filter is on, so what is shown is what runs.
  const sync = () => {
    f.months.disabled = !f.holding.checked;
    f.cagrPercent.disabled = f.cagrTime.disabled = !f.cagr.checked;
    f.ratioLow.disabled = f.ratioHigh.disabled = !f.ratio.checked;
    f.floor.disabled = f.ceiling.disabled = !f.price.checked;
    f.z.disabled = !f.robust.checked;
  };
  for (const b of [f.holding, f.cagr, f.ratio, f.price, f.robust]) b.addEventListener("change", sync);
  const line = (...children: (Node | string)[]) => h("div", { class: "filter-line" }, ...children);
  const element = h(
    "fieldset",
    { id: "pair-filters" },
    h("legend", {}, "Pair filters"),
    line(h("label", { class: "check" }, f.samePeriod, " Same period"), h("small", {}, "pairs less than a year apart")),
    line(
      h("label", { class: "check" }, f.holding, " Held fewer than"),
      f.months,
      " months",
      h("small", {}, "whole calendar months; Case-Shiller uses 6"),
    ),
    line(
      h("label", { class: "check" }, f.cagr, " Annual growth beyond ±"),
      f.cagrPercent,
      " % a year, by ",
      f.cagrTime,
      h("small", {}, `default ±${round(d.cagr_bound * 100)} %, by periods`),
    ),
    line(
      h("label", { class: "check" }, f.ratio, " Price ratio below"),
      f.ratioLow,
      " or above ",
      f.ratioHigh,
      h("small", {}, `default ${d.ratio_low} and ${d.ratio_high}`),
    ),
    line(
      h("label", { class: "check" }, f.price, " A sale below"),
      f.floor,
      " or above ",
      f.ceiling,
      h("small", {}, "either sale of the pair; leave one empty for no bound"),
    ),
    line(
      h("label", { class: "check" }, f.robust, " Robust z-score beyond ±"),
      f.z,
      h("small", {}, "annualised return against the median and MAD of its region and period"),
    ),
  );
  sync();
  const optional = (input: HTMLInputElement): number | null => (input.value.trim() === "" ? null : Number(input.value));
  return {
    element,
    read: () => ({
      same_period: f.samePeriod.checked,
      min_holding_months: f.holding.checked ? Number(f.months.value) : null,
      cagr: f.cagr.checked,
      cagr_bound: Number(f.cagrPercent.value) / 100,
      cagr_time: f.cagrTime.value as Filters["cagr_time"],
      ratio: f.ratio.checked,
      ratio_low: Number(f.ratioLow.value),
      ratio_high: Number(f.ratioHigh.value),
      price_floor: f.price.checked ? optional(f.floor) : null,
      price_ceiling: f.price.checked ? optional(f.ceiling) : null,
      robust_z: f.robust.checked ? Number(f.z.value) : null,
    }),
    reset: (method) => {
      const m = FILTERS_OF[method];
      f.samePeriod.checked = m.same_period;
      f.cagr.checked = m.cagr;
      f.ratio.checked = m.ratio;
      f.holding.checked = m.min_holding_months !== null;
      f.price.checked = m.price_floor !== null || m.price_ceiling !== null;
      f.robust.checked = m.robust_z !== null;
      f.cagrPercent.value = String(round(m.cagr_bound * 100));
      f.cagrTime.value = m.cagr_time;
      f.ratioLow.value = String(m.ratio_low);
      f.ratioHigh.value = String(m.ratio_high);
      sync();
    },
  };
}

/** Percentages as typed: 0.3 × 100 is 30, not 30.000000000000004. */
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

// Numbers for people: thousand separators, index values to one decimal,
// appreciation in percent to one decimal, "—" where a value is missing.
import { METHOD_INFO, WEIGHT_INFO, type Filters, type Method, type NumberFormat, type Weight } from "./ipc/bindings";

let style: NumberFormat = "comma";

export function setNumberFormat(f: NumberFormat): void {
  style = f;
}

const SEPARATORS: Record<NumberFormat, [string, string]> = {
  comma: [",", "."],
  dot: [".", ","],
  space: ["\u202f", ","],
};

export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const [group, point] = SEPARATORS[style];
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, frac] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = value < 0 && Number(fixed) !== 0 ? "−" : "";
  return sign + grouped + (frac ? point + frac : "");
}

export const count = (v: number | null | undefined) => formatNumber(v, 0);

/** "1 bad row", "2 bad rows": a count with its noun, plural unless exactly one. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
export const indexValue = (v: number | null | undefined) => formatNumber(v, 1);
export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : formatNumber(v, 1) + "%";

/** How a weight or method is named for people (`Weight::title`, `Method::title`); anything else capitalised. */
export function titleOf(name: string): string {
  if (name in WEIGHT_INFO) return WEIGHT_INFO[name as Weight].title;
  if (name in METHOD_INFO) return METHOD_INFO[name as Method].title;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The Okabe–Ito colour of a weighting scheme (`Weight::colour`, as the reports draw it); black otherwise. */
export function colorOf(name: string): string {
  return isWeight(name) ? WEIGHT_INFO[name].colour : POOLED_COLOUR;
}

/** Whether a series' name is an RSAI weighting scheme (else a pooled method's). */
export function isWeight(name: string): name is Weight {
  return name in WEIGHT_INFO;
}

/** A pooled method's line: black, as it has no weighting scheme's colour. */
const POOLED_COLOUR = "#000000";

/** Regions of a pooled run drawn together: black first, then Okabe–Ito's colour-blind-safe colours. */
export const REGION_COLOURS = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

/** A duration in milliseconds as "1.2 s". */
export function seconds(ms: number | null): string {
  return ms === null ? "—" : `${formatNumber(ms / 1000, ms < 10000 ? 2 : 1)} s`;
}

/** What differs from the method's default filters, in a few words; "" when nothing does. */
export function filtersNote(f: Filters, d: Filters): string {
  const on = (name: string, yes: boolean, bound = "") => (yes ? `${name}${bound}` : `no ${name}`);
  const notes: string[] = [];
  if (f.same_period !== d.same_period) notes.push(on("same period", f.same_period));
  if (f.min_holding_months !== null) notes.push(`held ≥ ${f.min_holding_months} months`);
  if (f.cagr !== d.cagr || (f.cagr && (f.cagr_bound !== d.cagr_bound || f.cagr_time !== d.cagr_time)))
    notes.push(
      on("CAGR", f.cagr, ` ±${Math.round(f.cagr_bound * 1000) / 10} %${f.cagr_time === "days" ? " by days" : ""}`),
    );
  if (f.ratio !== d.ratio || (f.ratio && (f.ratio_low !== d.ratio_low || f.ratio_high !== d.ratio_high)))
    notes.push(on("ratio", f.ratio, ` ${f.ratio_low}–${f.ratio_high}`));
  if (f.price_floor !== null || f.price_ceiling !== null)
    notes.push(`prices ${f.price_floor ?? 0}–${f.price_ceiling ?? "∞"}`);
  if (f.robust_z !== null) notes.push(`robust z ±${f.robust_z}`);
  return notes.length ? `filters: ${notes.join(", ")}` : "";
}

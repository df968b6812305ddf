// Index series as the charts and tables use them: rows of a saved run grouped
// into one series per region and weight, and rebased to any period. Pure
// functions, tested in series.test.ts.
import type { IndexRow } from "./ipc/bindings";

/** One series of a run: a region and a weight (or the pooled method). */
export interface SeriesData {
  region: string;
  weight: string;
  labels: string[];
  values: (number | null)[];
  notes: (string | null)[];
}

/** The rows of a saved run's index as one series per region and weight, in the rows' order. */
export function seriesOf(rows: IndexRow[], method: string): SeriesData[] {
  const map = new Map<string, SeriesData>();
  for (const r of rows) {
    const weight = r.weight ?? method;
    const key = `${r.region}\u0000${weight}`;
    let s = map.get(key);
    if (!s) map.set(key, (s = { region: r.region, weight, labels: [], values: [], notes: [] }));
    s.labels.push(r.label);
    s.values.push(r.value);
    s.notes.push(r.note);
  }
  return [...map.values()];
}

/** Index values rebased so that `base` (a position) is 100; null when that value is missing. */
export function rebase(values: (number | null)[], base: number): (number | null)[] {
  const b = values[base];
  if (b === null || b === undefined || b === 0) return values.map(() => null);
  return values.map((v) => (v === null ? null : (v / b) * 100));
}

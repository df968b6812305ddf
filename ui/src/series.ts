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
  /** Standard error of ln(index); null where not computed. */
  se: (number | null)[];
  /** A stored band (RSAI's bootstrap, at the run's band level). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Seasonally adjusted values, when the run asked for them; null where there is none. */
  sa: (number | null)[];
  /** Smoothed values (a centred moving average), when the run asked for them. */
  smooth: (number | null)[];
}

/** The ends of a band, one pair per period; null where there is none. */
export interface BandData {
  lower: (number | null)[];
  upper: (number | null)[];
}

/** The rows of a saved run's index as one series per region and weight, in the rows' order. */
export function seriesOf(rows: IndexRow[], method: string): SeriesData[] {
  const map = new Map<string, SeriesData>();
  for (const r of rows) {
    const weight = r.weight ?? method;
    const key = `${r.region}\u0000${weight}`;
    let s = map.get(key);
    if (!s)
      map.set(
        key,
        (s = {
          region: r.region,
          weight,
          labels: [],
          values: [],
          notes: [],
          se: [],
          lower: [],
          upper: [],
          sa: [],
          smooth: [],
        }),
      );
    s.labels.push(r.label);
    s.values.push(r.value);
    s.notes.push(r.note);
    s.se.push(r.se);
    s.lower.push(r.lower);
    s.upper.push(r.upper);
    s.sa.push(r.value_sa);
    s.smooth.push(r.value_smooth);
  }
  return [...map.values()];
}

/** Index values rebased so that `base` (a position) is 100; null when that value is missing. */
export function rebase(values: (number | null)[], base: number): (number | null)[] {
  const b = values[base];
  if (b === null || b === undefined || b === 0) return values.map(() => null);
  return values.map((v) => (v === null ? null : (v / b) * 100));
}

/**
 * A series' band: the stored one where the run has it (a bootstrap's, at the
 * run's own level), else index·exp(±z·se). Null when the series has neither.
 */
export function bandOf(s: SeriesData, z: number): BandData | null {
  if (s.lower.some((v) => v !== null)) return { lower: s.lower, upper: s.upper };
  if (!s.se.some((v) => v !== null)) return null;
  const end = (sign: number) =>
    s.values.map((v, i) => {
      const se = s.se[i];
      return v === null || se === null || se === undefined ? null : v * Math.exp(sign * z * se);
    });
  return { lower: end(-1), upper: end(1) };
}

/** Whether a series has seasonally adjusted values. */
export function hasSa(s: SeriesData): boolean {
  return s.sa.some((v) => v !== null);
}

/** Whether a series has smoothed values. */
export function hasSmooth(s: SeriesData): boolean {
  return s.smooth.some((v) => v !== null);
}

/**
 * Gives each chosen region a style slot (its dash, or a pooled run's colour) that it keeps while
 * it stays chosen: a region taken off frees its slot for the next one put on, and the others do
 * not change their look. `slots` is updated in place.
 */
export function assignSlots(slots: Map<string, number>, chosen: string[]): Map<string, number> {
  for (const r of [...slots.keys()]) if (!chosen.includes(r)) slots.delete(r);
  const used = new Set(slots.values());
  let free = 0;
  for (const r of chosen) {
    if (slots.has(r)) continue;
    while (used.has(free)) free++;
    slots.set(r, free);
    used.add(free);
  }
  return slots;
}

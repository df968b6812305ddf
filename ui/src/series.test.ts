import { expect, test } from "vitest";
import type { IndexRow } from "./ipc/bindings";
import { assignSlots, bandOf, rebase, seriesOf } from "./series";

const row = (region: string, weight: string | null, label: string, value: number | null): IndexRow => ({
  region,
  weight,
  period: Number(label),
  label,
  value,
  note: value === null ? "no value" : null,
  se: null,
  change_se: null,
  value_sa: null,
  value_smooth: null,
  lower: null,
  upper: null,
});

test("rows become one series per region and weight, in the rows' order", () => {
  const rows = [
    row("10180", "sample", "2000", 100),
    row("10180", "unit", "2000", 100),
    row("10180", "sample", "2001", 105),
    row("10180", "unit", "2001", null),
    row("11100", "sample", "2000", 100),
  ];
  const series = seriesOf(rows, "rsai");
  expect(series.map((s) => `${s.region}/${s.weight}`)).toEqual(["10180/sample", "10180/unit", "11100/sample"]);
  expect(series[0].labels).toEqual(["2000", "2001"]);
  expect(series[1].values).toEqual([100, null]);
  expect(series[1].notes).toEqual([null, "no value"]);
});

test("a pooled run's series is named by its method", () => {
  expect(seriesOf([row("42660", null, "2010", 100)], "wrs")[0].weight).toBe("wrs");
});

test("rebasing makes the chosen period 100 and keeps gaps", () => {
  expect(rebase([100, 110, null, 121], 1)).toEqual([(100 / 110) * 100, 100, null, (121 / 110) * 100]);
  expect(rebase([100, 110], 0)).toEqual([100, (110 / 100) * 100]);
});

test("a base without a value leaves nothing to show", () => {
  expect(rebase([100, null, 121], 1)).toEqual([null, null, null]);
  expect(rebase([0, 5], 0)).toEqual([null, null]);
});

test("bands come from the standard error at the level's z, or from the stored band", () => {
  const s = seriesOf(
    [
      { ...row("A", null, "2000", 100), se: 0 },
      { ...row("A", null, "2001", 110), se: 0.1 },
      { ...row("A", null, "2002", null) },
    ],
    "bmn",
  )[0];
  const band = bandOf(s, 2)!;
  expect(band.lower[0]).toBe(100);
  expect(band.upper[1]).toBeCloseTo(110 * Math.exp(0.2), 12);
  expect(band.lower[1]).toBeCloseTo(110 * Math.exp(-0.2), 12);
  expect(band.lower[2]).toBeNull();
  const stored = seriesOf([{ ...row("A", "unit", "2000", 100), se: 0.05, lower: 90, upper: 111 }], "rsai")[0];
  expect(bandOf(stored, 2)).toEqual({ lower: [90], upper: [111] });
  expect(bandOf(seriesOf([row("A", "unit", "2000", 100)], "rsai")[0], 2)).toBeNull();
});

test("a region keeps its style slot while it stays chosen, and a freed slot is reused", () => {
  const slots = new Map<string, number>();
  assignSlots(slots, ["a", "b", "c"]);
  expect([...slots]).toEqual([
    ["a", 0],
    ["b", 1],
    ["c", 2],
  ]);
  assignSlots(slots, ["a", "c"]);
  expect(slots.get("c")).toBe(2);
  assignSlots(slots, ["a", "c", "d"]);
  expect(slots.get("d")).toBe(1);
  expect(slots.get("c")).toBe(2);
  assignSlots(slots, []);
  expect(slots.size).toBe(0);
});

import { expect, test } from "vitest";
import type { IndexRow } from "./ipc/bindings";
import { rebase, seriesOf } from "./series";

const row = (region: string, weight: string | null, label: string, value: number | null): IndexRow => ({
  region,
  weight,
  period: Number(label),
  label,
  value,
  note: value === null ? "no value" : null,
  se: null,
  lower: null,
  upper: null,
});

test("rows become one series per region and weight, in the rows' order", () => {
  const rows = [
    row("10180", "sample", "2000", 100),
    row("10180", "unit", "2000", 100),
    row("10180", "sample", "2001", 105),
    row("10180", "unit", "2001", null),
    row("10220", "sample", "2000", 100),
  ];
  const series = seriesOf(rows, "rsai");
  expect(series.map((s) => `${s.region}/${s.weight}`)).toEqual(["10180/sample", "10180/unit", "10220/sample"]);
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

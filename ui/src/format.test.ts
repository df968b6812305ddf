import { afterEach, describe, expect, test } from "vitest";
import {
  colorOf,
  count,
  counted,
  filtersNote,
  formatNumber,
  indexValue,
  percent,
  seconds,
  setNumberFormat,
  titleOf,
} from "./format";
import { FILTERS_OF } from "./ipc/bindings";

afterEach(() => setNumberFormat("comma"));

describe("numbers for people", () => {
  test("thousand separators and decimals in each style", () => {
    expect(formatNumber(1234567.891, 1)).toBe("1,234,567.9");
    setNumberFormat("dot");
    expect(formatNumber(1234567.891, 1)).toBe("1.234.567,9");
    setNumberFormat("space");
    expect(formatNumber(1234567.891, 1)).toBe("1\u202f234\u202f567,9");
  });

  test("a minus sign only where a digit shows, a dash where there is no value", () => {
    expect(formatNumber(-1234.5, 1)).toBe("−1,234.5");
    expect(formatNumber(-0.01, 1)).toBe("0.0");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(count(47540)).toBe("47,540");
    expect(indexValue(100)).toBe("100.0");
    expect(percent(12.345)).toBe("12.3%");
    expect(percent(null)).toBe("—");
  });

  test("durations", () => {
    expect(seconds(1234)).toBe("1.23 s");
    expect(seconds(65000)).toBe("65.0 s");
    expect(seconds(null)).toBe("—");
  });
});

describe("names and colours come from the engine's definitions", () => {
  test("weights and methods are titled as in the reports", () => {
    expect(titleOf("upb")).toBe("UPB");
    expect(titleOf("nonwhite")).toBe("Non-white");
    expect(titleOf("sample")).toBe("Sample");
    expect(titleOf("wrs")).toBe("WRS");
    expect(titleOf("other")).toBe("Other");
  });

  test("each weight has its own colour; anything else is black", () => {
    expect(colorOf("sample")).toBe("#0072B2");
    expect(colorOf("nonwhite")).toBe("#56B4E9");
    expect(colorOf("bmn")).toBe("#000000");
  });
});

describe("a run's filters in the history", () => {
  test("only what differs from the method's default is named", () => {
    expect(filtersNote(FILTERS_OF.rsai, FILTERS_OF.rsai)).toBe("");
    expect(filtersNote({ ...FILTERS_OF.rsai, cagr_bound: 0.2, robust_z: 3.5 }, FILTERS_OF.rsai)).toBe(
      "filters: CAGR ±20 %, robust z ±3.5",
    );
    expect(filtersNote({ ...FILTERS_OF.bmn, min_holding_months: 6, price_floor: 10000 }, FILTERS_OF.bmn)).toBe(
      "filters: held ≥ 6 months, prices 10000–∞",
    );
    expect(filtersNote({ ...FILTERS_OF.rsai, same_period: false }, FILTERS_OF.rsai)).toBe("filters: no same period");
  });
});

test("a count takes the singular only for exactly one", () => {
  expect(counted(1, "bad row")).toBe("1 bad row");
  expect(counted(0, "bad row")).toBe("0 bad rows");
  expect(counted(1200, "tract")).toBe("1,200 tracts");
  expect(counted(2, "supertract", "supertracts")).toBe("2 supertracts");
});

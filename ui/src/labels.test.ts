import { expect, test } from "vitest";
import { labelPositions } from "./labels";

test("labels stay beside their line ends when apart", () => {
  expect(labelPositions([{ y: 50 }, { y: 150 }], 0, 300, 13)).toEqual([50, 150]);
});

test("crowded labels are moved apart in their lines' order, within the plot", () => {
  const ys = labelPositions([{ y: 100 }, { y: 98 }, { y: 101 }], 0, 300, 13)!;
  const sorted = [...ys].sort((a, b) => a - b);
  for (let k = 1; k < sorted.length; k++) expect(sorted[k] - sorted[k - 1]).toBeGreaterThanOrEqual(13);
  expect(ys[1]).toBeLessThan(ys[0]);
  expect(ys[0]).toBeLessThan(ys[2]);
});

test("labels crowded at the bottom are stacked upwards", () => {
  const ys = labelPositions([{ y: 299 }, { y: 299 }, { y: 299 }], 0, 300, 13)!;
  expect(Math.max(...ys)).toBeLessThanOrEqual(300 - 6.5);
  expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
});

test("when they cannot all fit there are none: the legend names the lines", () => {
  expect(
    labelPositions(
      Array.from({ length: 30 }, () => ({ y: 10 })),
      0,
      300,
      13,
    ),
  ).toBeNull();
  expect(labelPositions([], 0, 300, 13)).toBeNull();
});

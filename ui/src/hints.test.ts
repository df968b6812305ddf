import { expect, test } from "vitest";
import type { Hint } from "./ipc/bindings";
import { hintText } from "./hints";

const every: Hint[] = [
  { kind: "map_column", column: "price" },
  { kind: "date_format" },
  { kind: "day_month_order" },
  { kind: "skip_bad_rows" },
  { kind: "plausible_range" },
];

test("every hint is worded as the window's controls, never as a command-line flag", () => {
  for (const hint of every) {
    const words = hintText(hint);
    expect(words.length).toBeGreaterThan(10);
    expect(words).not.toMatch(/--/);
  }
  expect(hintText(every[0])).toContain("“price” under Columns");
  expect(hintText(every[2])).toContain("US or European");
  expect(hintText(every[3])).toContain("Skip bad rows");
  expect(hintText(every[4])).toContain("under Checks");
});

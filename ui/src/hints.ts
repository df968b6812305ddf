// What the user can do about an error, in the window's own words: the
// controls that do it. The shared crates send hints as values (`Hint`);
// the CLI words the same values as its flags.
import type { Hint } from "./ipc/bindings";

/** A hint in the app's words: the control that does it. */
export function hintText(hint: Hint): string {
  switch (hint.kind) {
    case "map_column":
      return `Choose the file's column for “${hint.column}” under Columns.`;
    case "date_format":
      return "Choose how dates are written under Dates.";
    case "day_month_order":
      return "Choose US or European dates under Dates.";
    case "skip_bad_rows":
      return "Fix the rows listed under Details, or tick “Skip bad rows” to import only the good ones.";
    case "plausible_range":
      return "If the data really lie there, widen the plausible years or the highest price under Checks.";
  }
}

// Tables: numbers right-aligned with tabular figures, sortable by any
// column, copyable as tab-separated text that pastes into Excel.
import { h } from "./dom";

export interface Column {
  title: string;
  numeric?: boolean;
  /** Text shown in the cell. */
  show?: (v: unknown) => string;
  /** Tooltip when the value is missing. */
  why?: (row: unknown[]) => string | undefined;
}

export function dataTable(
  columns: Column[],
  rows: unknown[][],
  opts: { sortable?: boolean; id?: string } = {},
): HTMLElement {
  let sortBy = -1;
  let descending = false;
  const body = h("tbody");
  const show = (c: Column, v: unknown) => (c.show ? c.show(v) : v === null || v === undefined ? "—" : String(v));
  const draw = () => {
    const order = rows.slice();
    if (sortBy >= 0) {
      order.sort((a, b) => {
        const x = a[sortBy];
        const y = b[sortBy];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return descending ? -r : r;
      });
    }
    body.replaceChildren(
      ...order.map((row) =>
        h(
          "tr",
          {},
          columns.map((c, i) => {
            const missing = row[i] === null || row[i] === undefined;
            return h(
              "td",
              { class: c.numeric ? "num" : "", title: missing && c.why ? c.why(row) : undefined },
              show(c, row[i]),
            );
          }),
        ),
      ),
    );
  };
  const head = h(
    "tr",
    {},
    columns.map((c, i) =>
      h(
        "th",
        { class: c.numeric ? "num" : "", scope: "col" },
        opts.sortable === false
          ? c.title
          : h(
              "button",
              {
                class: "sort",
                onclick: () => {
                  descending = sortBy === i ? !descending : false;
                  sortBy = i;
                  draw();
                },
              },
              c.title,
            ),
      ),
    ),
  );
  draw();
  return h("div", { class: "table-wrap", id: opts.id }, h("table", {}, h("thead", {}, head), body));
}

/** Rows as tab-separated text, with the column titles first. */
export function tsv(columns: Column[], rows: unknown[][]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return [columns.map((c) => c.title).join("\t"), ...rows.map((r) => r.map(cell).join("\t"))].join("\n");
}

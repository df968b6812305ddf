// Data: paged tables of the project's data, and the import wizard.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import { AppError, api, dialogs, type ImportKind, type ImportPreview, type ImportRequest, type Page } from "../ipc";
import { count, counted } from "../format";
import { dataTable } from "../table";
import { refreshProject } from "../actions";
import { state, update } from "../state";

const PAGE = 100;
/** Files dropped on the window, waiting for the import wizard: the first is shown, the rest follow it. */
const queue: { path: string; kind: ImportKind | null }[] = [];
/** The boundary file in its panel (typed, browsed or dropped): it must survive the screen being redrawn. */
let boundaryPath = "";
/** The last boundary import's outcome, kept for the same reason. */
let boundaryOutcome: HTMLElement | null = null;

/** The file name of a path, for messages. */
const nameOf = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Queues dropped data files for the wizard (with the kind their headers suggest) and boundary files for their panel. */
export async function queueDropped(paths: string[]): Promise<void> {
  for (const path of paths) {
    if (/\.(zip|geojson|json|shp)$/i.test(path)) {
      boundaryPath = path;
      boundaryOutcome = null;
    } else queue.push({ path, kind: await api.importGuess(path).catch(() => null) });
  }
}
/** The last import's outcome: the screen is redrawn when the counts change, and it must survive that. */
let outcome: HTMLElement | null = null;
const KINDS: [ImportKind, string][] = [
  ["transactions", "Transactions"],
  ["tracts", "Tracts"],
  ["attributes", "Attributes"],
  ["groups", "Groups"],
  ["benchmark", "Benchmarks"],
];

export function dataScreen(root: HTMLElement): void {
  const p = state.project;
  if (!p) return;
  const browser = h("section", { class: "panel" });
  const wizard = h("section", { class: "panel" });
  root.append(
    h("h1", {}, "Data"),
    p.transactions === 0
      ? h(
          "p",
          { class: "lead" },
          "This project is empty. Import sales (property id, sale date, price, and for RSAI tract and CBSA), then tracts (tract, CBSA, latitude, longitude) and, optionally, tract attributes.",
        )
      : h(
          "p",
          { class: "lead" },
          `${counted(p.transactions, "sale")}, ${counted(p.tracts, "tract")}, ${counted(p.attributes, "attribute row")} from ${counted(p.imports.length, "import")}.`,
        ),
    fileCheck(),
    wizard,
    browser,
  );
  const outlines = h("section", { class: "panel", id: "boundaries-panel" });
  root.insertBefore(outlines, browser);
  importWizard(wizard);
  boundariesPanel(outlines);
  tableBrowser(browser, "transactions", 0);
}

/** Tract outlines from the Census Bureau's files, for maps. */
function boundariesPanel(el: HTMLElement): void {
  const path = h("input", {
    id: "boundaries-path",
    type: "text",
    placeholder: "Census tract Shapefile (.zip as downloaded) or GeoJSON",
    spellcheck: false,
    value: boundaryPath,
    oninput: () => {
      boundaryPath = path.value;
    },
  });
  const result = h("div", { id: "boundaries-result", "aria-live": "polite" }, boundaryOutcome);
  const run = async () => {
    fill(result, h("p", { class: "hint" }, "Reading outlines…"));
    try {
      const r = await api.boundariesImport(path.value.trim());
      boundaryPath = "";
      path.value = "";
      const list = (ids: string[], n: number) =>
        ids.join(", ") + (n > ids.length ? ` and ${count(n - ids.length)} more` : "");
      boundaryOutcome = h(
        "div",
        {},
        h(
          "p",
          { class: "ok", id: "boundaries-done" },
          `${count(r.matched)} of ${counted(r.features, "outline")} in ${r.file} matched the project's tracts on GEOID (${count(r.points_read)} points simplified to ${count(r.points_kept)}).`,
        ),
        r.not_in_project_count
          ? h(
              "p",
              { class: "warn", id: "boundaries-unmatched" },
              `Not in the project: ${list(r.not_in_project, r.not_in_project_count)}.`,
            )
          : null,
        r.without_boundary_count
          ? h(
              "p",
              { class: "warn", id: "boundaries-missing" },
              `${count(r.without_boundary_count)} project ${r.without_boundary_count === 1 ? "tract has" : "tracts have"} no outline and ${r.without_boundary_count === 1 ? "is" : "are"} drawn as ${r.without_boundary_count === 1 ? "a point" : "points"}: ${list(r.without_boundary, r.without_boundary_count)}.`,
            )
          : null,
      );
      fill(result, boundaryOutcome);
    } catch (e) {
      fill(result, errorBox(e));
    }
  };
  fill(
    el,
    h("h2", {}, "Tract boundaries"),
    h(
      "p",
      { class: "hint" },
      "Optional: the Census Bureau's cartographic boundary or TIGER/Line tract file, matched to your tracts on GEOID, so that maps draw outlines instead of points.",
    ),
    h(
      "div",
      { class: "row" },
      path,
      h(
        "button",
        {
          onclick: async () => {
            const f = await dialogs.boundaryFile();
            if (f) path.value = f;
          },
        },
        "Browse…",
      ),
      h("button", { id: "boundaries-import", class: "primary", onclick: run }, "Import outlines"),
    ),
    result,
  );
}

async function tableBrowser(el: HTMLElement, kind: ImportKind, offset: number): Promise<void> {
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    KINDS.map(([k, title]) =>
      h(
        "button",
        {
          role: "tab",
          "aria-selected": String(k === kind),
          class: k === kind ? "tab active" : "tab",
          onclick: () => tableBrowser(el, k, 0),
        },
        title,
      ),
    ),
  );
  let page: Page;
  try {
    page = await api.dataPage(kind, offset, PAGE);
  } catch (e) {
    fill(el, tabs, errorBox(e));
    return;
  }
  const numeric = new Set([
    "price",
    "weight",
    "lat",
    "lon",
    "year",
    "units",
    "median_value",
    "upb",
    "college",
    "nonwhite",
    "line",
    "import",
  ]);
  const columns = page.columns.map((c) => ({ title: c, numeric: numeric.has(c) }));
  const last = Math.min(page.total, offset + page.rows.length);
  fill(
    el,
    tabs,
    dataTable(columns, page.rows, { id: "data-table" }),
    h(
      "div",
      { class: "row pager" },
      h(
        "button",
        { disabled: offset === 0, onclick: () => tableBrowser(el, kind, Math.max(0, offset - PAGE)) },
        "‹ Previous",
      ),
      h(
        "span",
        { class: "hint" },
        page.total ? `rows ${count(offset + 1)}–${count(last)} of ${count(page.total)}` : "no rows yet",
      ),
      h("button", { disabled: last >= page.total, onclick: () => tableBrowser(el, kind, offset + PAGE) }, "Next ›"),
    ),
  );
}

function importWizard(el: HTMLElement): void {
  const path = h("input", {
    id: "import-path",
    type: "text",
    placeholder: "CSV, Excel .xlsx or Parquet file",
    spellcheck: false,
  });
  const kind = h(
    "select",
    { id: "import-kind" },
    KINDS.map(([k, t]) => h("option", { value: k }, t)),
  );
  const dateFormat = h(
    "select",
    { id: "import-date-format" },
    h("option", { value: "" }, "ISO and unambiguous (2021-03-31)"),
    h("option", { value: "%m/%d/%Y" }, "US (03/31/2021)"),
    h("option", { value: "%d/%m/%Y" }, "European (31/03/2021)"),
    h("option", { value: "%d.%m.%Y" }, "German (31.03.2021)"),
  );
  const sheet = h("input", { id: "import-sheet", type: "text", placeholder: "first sheet" });
  const skip = h("input", { id: "import-skip", type: "checkbox" });
  // Sales outside these are bad rows (a mistyped year 0201, a price with extra zeros).
  const number = (id: string, placeholder: string, label: string) =>
    h("input", { id, type: "number", placeholder, "aria-label": label, class: "narrow" });
  const nextYear = new Date().getFullYear() + 1;
  const earliest = number("import-earliest-year", "1900", "Earliest plausible sale year");
  const latest = number("import-latest-year", String(nextYear), "Latest plausible sale year");
  const maxPrice = number("import-max-price", "1e12", "Highest plausible price");
  const given = (input: HTMLInputElement): number | null =>
    input.value.trim() === "" || !Number.isFinite(input.valueAsNumber) ? null : input.valueAsNumber;
  const result = h("div", { id: "import-result", "aria-live": "polite" });
  let mapping: Record<string, string> = {};
  const request = (): ImportRequest => ({
    path: path.value.trim(),
    kind: kind.value as ImportKind,
    map: Object.entries(mapping).filter(([, v]) => v),
    skip_bad_rows: skip.checked,
    date_format: dateFormat.value || null,
    sheet: sheet.value.trim() || null,
    earliest_year: given(earliest),
    latest_year: given(latest),
    max_price: given(maxPrice),
  });
  const preview = async () => {
    fill(result, h("p", { class: "hint" }, "Reading the whole file…"));
    try {
      showPreview(await api.importPreview(request()));
    } catch (e) {
      fill(result, errorBox(e));
    }
  };
  const run = async () => {
    fill(result, h("p", { class: "hint" }, "Importing…"));
    try {
      const r = await api.importFile(request());
      outcome = h(
        "p",
        { class: "ok", id: "import-done" },
        `Imported ${count(r.accepted)} of ${counted(r.rows, "row")} of ${r.file} as ${r.kind}${r.rejected ? `; ${counted(r.rejected, "bad row")} recorded and left out` : ""}.`,
      );
      fill(result, outcome);
      mapping = {};
      await refreshProject();
      // A groups or benchmark import changes no count the screen is keyed on: redraw for the next dropped file.
      if (queue.length) update({ drops: state.drops + 1 });
    } catch (e) {
      fill(result, errorBox(e));
    }
  };
  const showPreview = (p: ImportPreview) => {
    const mapRow = p.columns.map((c) =>
      h(
        "tr",
        {},
        h("td", {}, c.column, c.required ? " *" : ""),
        h(
          "td",
          {},
          (() => {
            const select = h(
              "select",
              {
                "data-column": c.column,
                onchange: (e: Event) => {
                  mapping[c.column] = (e.target as HTMLSelectElement).value;
                  void preview();
                },
              },
              h("option", { value: "" }, c.required ? "— choose —" : "— none —"),
              p.header.map((name) =>
                h("option", { value: name, selected: (mapping[c.column] ?? c.source) === name }, name),
              ),
            );
            return select;
          })(),
        ),
      ),
    );
    const report = p.report;
    fill(
      result,
      h("h3", {}, "Columns"),
      h(
        "table",
        { class: "mapping" },
        h("thead", {}, h("tr", {}, h("th", {}, "Column"), h("th", {}, "Read from"))),
        h("tbody", {}, mapRow),
      ),
      p.problem ? errorBox(new AppError("bad_input", p.problem, [], p.hints)) : null,
      report
        ? h(
            "p",
            { id: "preview-counts", class: report.rejected ? "warn" : "ok" },
            `${counted(report.rows, "row")}: ${count(report.accepted)} good, ${count(report.rejected)} bad.`,
            report.rejected && !skip.checked ? " Importing will refuse the file unless you tick “Skip bad rows”." : "",
          )
        : null,
      report && report.issues.length
        ? h(
            "div",
            {},
            h("h3", {}, "Bad rows"),
            dataTable(
              [{ title: "Line", numeric: true }, { title: "Column" }, { title: "Reason" }],
              report.issues.map((i) => [i.line, i.column, i.reason]),
              { id: "preview-issues" },
            ),
          )
        : null,
      p.sample && p.sample.rows.length
        ? h(
            "div",
            {},
            h("h3", {}, "First rows as they will be stored"),
            dataTable(
              p.sample.columns.map((c) => ({ title: c })),
              p.sample.rows,
              { sortable: false },
            ),
          )
        : null,
      h(
        "div",
        { class: "row" },
        h("button", { id: "import-run", class: "primary", disabled: !report, onclick: run }, "Import"),
      ),
    );
  };
  fill(
    el,
    h("h2", {}, "Import a file"),
    h(
      "div",
      { class: "form-grid" },
      field(
        "File",
        h(
          "div",
          { class: "row" },
          path,
          h(
            "button",
            {
              onclick: async () => {
                const f = await dialogs.dataFile();
                if (f) {
                  path.value = f;
                  void preview();
                }
              },
            },
            "Browse…",
          ),
        ),
        undefined,
        true,
      ),
      field("Holds", kind),
      field("Dates", dateFormat),
      field("Excel sheet", sheet),
      h(
        "div",
        { class: "field wide", role: "group", "aria-labelledby": "import-checks" },
        h("span", { class: "field-label", id: "import-checks" }, "Checks: plausible sales"),
        h("span", { class: "row tight" }, "from ", earliest, " to ", latest, " up to the price ", maxPrice),
      ),
      h("label", { class: "check" }, skip, " Skip bad rows (import the good ones, record the rest)"),
    ),
    h(
      "div",
      { class: "row" },
      h("button", { id: "import-preview", onclick: preview }, "Preview"),
      h("button", { id: "import-now", onclick: run }, "Import without preview"),
    ),
    result,
  );
  if (outcome) {
    fill(result, outcome);
    outcome = null;
  }
  const next = queue.shift();
  if (next) {
    path.value = next.path;
    if (next.kind) kind.value = next.kind;
    result.before(
      h(
        "p",
        { class: "hint", id: "import-dropped" },
        `${nameOf(next.path)}: ${next.kind ? `its columns look like ${KINDS.find(([k]) => k === next.kind)?.[1].toLowerCase()}; change “Holds” if not.` : "choose what it holds."}`,
        queue.length ? ` Then ${queue.map((q) => nameOf(q.path)).join(", ")}.` : "",
      ),
    );
    if (next.kind) void preview();
  }
}

/** "Check file": SQLite's full integrity check of the project on demand (hpi db check). */
function fileCheck(): HTMLElement {
  const result = h("span", { id: "check-result", "aria-live": "polite" });
  const button = h(
    "button",
    {
      id: "check-file",
      onclick: async () => {
        button.disabled = true;
        fill(result, "Checking…");
        try {
          const problems = await api.projectCheck();
          fill(
            result,
            problems.length === 0
              ? h("span", { class: "ok" }, "SQLite's integrity check found nothing wrong.")
              : h(
                  "div",
                  { class: "warn" },
                  `SQLite's integrity check found ${problems.length} problem${problems.length === 1 ? "" : "s"}:`,
                  h(
                    "ul",
                    {},
                    problems.slice(0, 20).map((p) => h("li", {}, p)),
                  ),
                ),
          );
        } catch (e) {
          fill(result, errorBox(e));
        } finally {
          button.disabled = false;
        }
      },
    },
    "Check file",
  );
  return h("div", { class: "row" }, button, result);
}

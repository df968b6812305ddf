// Results: the interactive chart, the index table, the tract panel,
// supertracts per year and the quality report of one run.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import { api, BAND_LEVELS, type Cell, type QualityReport, type RunResults, type Section } from "../ipc";
import { colorOf, count, formatNumber, indexValue, percent, titleOf } from "../format";
import { lineChart, type LineSeries } from "../chart";
import { bandOf, hasSa, rebase, seriesOf, type SeriesData } from "../series";
import { dataTable, tsv, type Column } from "../table";
import { exportMenu } from "../exportmenu";
import { diagnosticsView } from "./diagnostics";
import { state, update } from "../state";

interface View {
  regions: string[];
  log: boolean;
  base: number;
  bands: boolean;
  tab: "table" | "tracts" | "supertracts" | "quality" | "diagnostics";
}

const view: View = { regions: [], log: false, base: 0, bands: true, tab: "table" };

export async function resultsScreen(root: HTMLElement): Promise<void> {
  const done = state.runs.filter((r) => r.status === "succeeded");
  if (!done.length || state.run === null) {
    root.append(
      h("h1", {}, "Results"),
      h("p", { class: "lead" }, "No run yet. Choose the method and years on the Index screen, then Run (Ctrl+R)."),
    );
    return;
  }
  const body = h("div", { class: "results" }, h("p", { class: "hint" }, "Loading the run…"));
  const pick = h(
    "select",
    { id: "result-run", onchange: (e: Event) => update({ run: Number((e.target as HTMLSelectElement).value) }) },
    done.map((r) =>
      h(
        "option",
        { value: String(r.id), selected: r.id === state.run },
        `Run ${r.id} · ${r.method.toUpperCase()} · ${r.created_at.replace("T", " ").replace("Z", "")}`,
      ),
    ),
  );
  root.append(h("div", { class: "title-row" }, h("h1", {}, "Results"), field("Run", pick)), body);
  let results: RunResults;
  try {
    results = await api.runResults(state.run);
  } catch (e) {
    fill(body, errorBox(e));
    return;
  }
  drawResults(body, results);
}

function drawResults(body: HTMLElement, results: RunResults): void {
  const method = results.record.method;
  const series = seriesOf(results.index, method);
  const regions = [...new Set(series.map((s) => s.region))];
  if (!view.regions.length || !view.regions.every((r) => regions.includes(r))) view.regions = regions.slice(0, 1);
  const labels = series[0]?.labels ?? [];
  if (view.base >= labels.length) view.base = 0;
  const message = h("div");
  const chartBox = h("div", { id: "chart" });
  const tabBox = h("div", { id: "result-tab" });
  const regionPicker = h(
    "div",
    { class: "regions", id: "region-picker" },
    "CBSA: ",
    regions.map((r) =>
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          value: r,
          checked: view.regions.includes(r),
          onchange: (e: Event) => {
            const box = e.target as HTMLInputElement;
            view.regions = box.checked ? [...view.regions, r] : view.regions.filter((x) => x !== r);
            redraw();
          },
        }),
        " ",
        r,
      ),
    ),
    regions.length > 2
      ? h(
          "button",
          {
            id: "regions-all",
            class: "link",
            onclick: () => {
              view.regions = regions.slice();
              redraw();
              syncBoxes();
            },
          },
          "All",
        )
      : null,
    regions.length > 2
      ? h(
          "button",
          {
            class: "link",
            onclick: () => {
              view.regions = regions.slice(0, 1);
              redraw();
              syncBoxes();
            },
          },
          "First only",
        )
      : null,
  );
  const syncBoxes = () => {
    for (const box of regionPicker.querySelectorAll<HTMLInputElement>("input"))
      box.checked = view.regions.includes(box.value);
  };
  const scale = h(
    "select",
    {
      id: "chart-scale",
      onchange: (e: Event) => {
        view.log = (e.target as HTMLSelectElement).value === "log";
        redraw();
      },
    },
    h("option", { value: "level", selected: !view.log }, "Level"),
    h("option", { value: "log", selected: view.log }, "Log scale"),
  );
  const base = h(
    "select",
    {
      id: "chart-base",
      onchange: (e: Event) => {
        view.base = Number((e.target as HTMLSelectElement).value);
        redraw();
      },
    },
    labels.map((l, i) => h("option", { value: String(i), selected: i === view.base }, l)),
  );
  const chosen = () => series.filter((s) => view.regions.includes(s.region));
  // Pooled runs have standard errors; RSAI has bands once a bootstrap was run.
  const levelOfSettings = BAND_LEVELS.find((b) => b.level === state.settings?.band_level) ?? BAND_LEVELS[1];
  const level = results.record.band_level ?? levelOfSettings.level;
  const hasBands = series.some((s) => bandOf(s, levelOfSettings.z) !== null);
  const bandsBox = h("input", {
    type: "checkbox",
    id: "chart-bands",
    checked: view.bands && hasBands,
    disabled: !hasBands,
    onchange: (e: Event) => {
      view.bands = (e.target as HTMLInputElement).checked;
      redraw();
    },
  });
  const bandsToggle = h(
    "label",
    {
      class: "check",
      title: hasBands
        ? "Shade the band in which the index lies with this confidence (Settings sets the level)"
        : results.record.method === "rsai"
          ? "This run has no standard errors: RSAI's come from a bootstrap (hpi calculate --intervals)"
          : "This run has no standard errors: ARS, CS and robust BMN have none",
    },
    bandsBox,
    ` Bands (${Math.round(level * 100)} %)`,
  );
  const redraw = () => {
    // Bands belong to the run's own base: a rebased index would need the covariance of two periods.
    const shade = view.bands && hasBands && view.base === 0;
    const lines: LineSeries[] = chosen()
      .flatMap((s) => {
        const label = view.regions.length > 1 ? `${s.region} ${titleOf(s.weight)}` : titleOf(s.weight);
        const line: LineSeries = {
          label,
          color: colorOf(s.weight),
          dash:
            view.regions.length > 1
              ? [[], [6, 3], [2, 3], [10, 4, 2, 4]][view.regions.indexOf(s.region) % 4]
              : undefined,
          values: rebase(s.values, view.base),
          band: shade ? bandOf(s, levelOfSettings.z) : null,
        };
        // The seasonally adjusted index beside it, thin and dotted, rebased the same way.
        const sa: LineSeries[] = hasSa(s)
          ? [
              {
                label: `${label} (seasonally adjusted)`,
                color: line.color,
                dash: [2, 2],
                values: rebase(s.sa, view.base),
              },
            ]
          : [];
        return [line, ...sa];
      })
      .filter((_, k) => k < 400);
    const bandNote = shade
      ? ` Shaded: ${Math.round(level * 100)} % bands${results.record.band_level !== null ? " (bootstrap)" : ""}.`
      : view.bands && hasBands && view.base !== 0
        ? " Bands are shown with the run's own base period."
        : "";
    const source = `Index, ${labels[view.base] ?? ""} = 100${view.log ? ", log scale" : ""}.${bandNote} ${method.toUpperCase()} run ${results.record.id} of ${state.project?.name ?? ""}; HPI Studio ${results.record.app_version}.`;
    const chart = lineChart({ labels, series: lines, yLabel: "Index", log: view.log, source });
    fill(chartBox, chart.element);
    // For the start-up benchmark: when the first chart was drawn, after page load.
    (window as unknown as { __hpiFirstChart?: number }).__hpiFirstChart ??= performance.now();
    drawTab();
  };
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    (["table", "tracts", "supertracts", "quality", "diagnostics"] as const).map((t) =>
      h(
        "button",
        {
          role: "tab",
          id: `tab-${t}`,
          class: view.tab === t ? "tab active" : "tab",
          "aria-selected": String(view.tab === t),
          onclick: () => {
            view.tab = t;
            for (const b of tabs.querySelectorAll("button")) {
              b.classList.toggle("active", b.id === `tab-${t}`);
              b.setAttribute("aria-selected", String(b.id === `tab-${t}`));
            }
            drawTab();
          },
        },
        {
          table: "Table",
          tracts: "Tracts",
          supertracts: "Supertracts",
          quality: "Quality",
          diagnostics: "Diagnostics",
        }[t],
      ),
    ),
  );
  const drawTab = () => {
    if (view.tab === "table") indexTable(tabBox, chosen(), view.regions.length > 1);
    else if (view.tab === "tracts") void tractPanel(tabBox, results.record.id, view.regions[0] ?? null, method);
    else if (view.tab === "supertracts") supertractTable(tabBox, results.quality);
    else if (view.tab === "quality") qualityView(tabBox, results.quality_sections);
    else diagnosticsView(tabBox, results, view.regions);
  };
  fill(
    body,
    h(
      "div",
      { class: "controls" },
      regionPicker,
      field("Scale", scale),
      field("Base period", base),
      bandsToggle,
      exportMenu(
        () => [results.record.id],
        () => view.regions[0] ?? null,
        message,
      ),
    ),
    message,
    chartBox,
    tabs,
    tabBox,
  );
  redraw();
}

function indexTable(el: HTMLElement, chosen: SeriesData[], withRegion: boolean): void {
  const labels = chosen[0]?.labels ?? [];
  const indexColumns: Column[] = [
    { title: "Period" },
    ...chosen.map((s) => ({
      title: withRegion ? `${s.region} ${titleOf(s.weight)}` : titleOf(s.weight),
      numeric: true,
      show: (v: unknown) => indexValue(v as number | null),
    })),
  ];
  // Standard errors of ln(index), for the series that have them.
  const withSe = chosen.filter((s) => s.se.some((v) => v !== null));
  const withSa = chosen.filter(hasSa);
  const columns: Column[] = [
    ...indexColumns,
    ...withSa.map((s) => ({
      title: `${withRegion ? `${s.region} ` : ""}${titleOf(s.weight)} SA`,
      numeric: true,
      show: (v: unknown) => indexValue(v as number | null),
    })),
    ...withSe.map((s) => ({
      title: `${withRegion ? `${s.region} ` : ""}${titleOf(s.weight)} SE`,
      numeric: true,
      show: (v: unknown) => formatNumber(v as number | null, 4),
    })),
  ];
  const rows = labels.map((l, i) => [
    l,
    ...chosen.map((s) => s.values[i]),
    ...withSa.map((s) => s.sa[i]),
    ...withSe.map((s) => s.se[i]),
  ]);
  const changes = labels.map((l, i) => [
    l,
    ...chosen.map((s) => {
      const a = s.values[i - 1];
      const b = s.values[i];
      return i > 0 && a !== null && b !== null && a !== undefined ? (b / a - 1) * 100 : null;
    }),
  ]);
  const why = (k: number) => (row: unknown[]) => chosen[k - 1]?.notes[labels.indexOf(String(row[0]))] ?? undefined;
  indexColumns.forEach((c, k) => {
    if (k > 0) c.why = why(k);
  });
  const copy = h(
    "button",
    { id: "copy-table", onclick: () => void navigator.clipboard.writeText(tsv(columns, rows)) },
    "Copy table",
  );
  const changeColumns = indexColumns.map((c, k) =>
    k === 0 ? c : { ...c, show: (v: unknown) => percent(v as number | null) },
  );
  fill(
    el,
    h("div", { class: "row right" }, copy),
    dataTable(columns, rows, { id: "index-table" }),
    h("h3", {}, "Appreciation on the previous period"),
    dataTable(changeColumns, changes),
  );
}

async function tractPanel(el: HTMLElement, run: number, cbsa: string | null, method: string): Promise<void> {
  if (method !== "rsai") {
    fill(el, h("p", { class: "hint" }, "Pooled methods have no tract panel; run RSAI for one."));
    return;
  }
  fill(el, h("p", { class: "hint" }, "Loading tracts…"));
  const rows = await api.runTracts(run, cbsa);
  const tracts = [...new Set(rows.map((r) => r.tract))];
  const filter = h("input", { id: "tract-filter", type: "search", placeholder: "tract starts with…" });
  const list = h("div");
  const show = () => {
    const wanted = rows.filter((r) => r.tract.startsWith(filter.value.trim()));
    const byTract = wanted.slice(0, 5000).map((r) => [r.tract, r.year, r.value, r.supertract, r.half_pairs]);
    const halfPairs = {
      title: "Half-pairs",
      numeric: true,
      show: (v: unknown) => (v === null ? "—" : count(v as number)),
      why: () => "Not recorded: the run was saved before HPI Studio 0.2 kept half-pairs",
    };
    fill(
      list,
      dataTable(
        [
          { title: "Tract" },
          { title: "Year", numeric: true },
          { title: "Index", numeric: true, show: (v) => indexValue(v as number | null) },
          { title: "Supertract" },
          halfPairs,
        ],
        byTract,
        { id: "tract-table" },
      ),
      wanted.length > 5000
        ? h(
            "p",
            { class: "hint" },
            `First 5,000 of ${count(wanted.length)} rows; narrow the filter or export the panel.`,
          )
        : null,
    );
  };
  filter.addEventListener("input", show);
  fill(el, h("p", {}, `${count(tracts.length)} tracts in ${cbsa ?? "all CBSAs"}.`), filter, list);
  show();
}

function supertractTable(el: HTMLElement, q: QualityReport | null): void {
  const cbsas = q?.rsai?.cbsas ?? [];
  if (!cbsas.length) {
    fill(el, h("p", { class: "hint" }, "Supertracts are built by RSAI runs only."));
    return;
  }
  const shown = cbsas.filter((c) => view.regions.includes(c.cbsa));
  fill(
    el,
    (shown.length ? shown : cbsas.slice(0, 1)).map((c) =>
      h(
        "section",
        {},
        h("h3", {}, `${c.cbsa} (${count(c.tracts)} tracts)`),
        c.excluded_reason
          ? h("p", { class: "warn" }, `Left out: ${c.excluded_reason}`)
          : dataTable(
              [
                { title: "Year", numeric: true },
                { title: "Half-pairs", numeric: true, show: (v) => count(v as number) },
                { title: "Short tracts", numeric: true },
                { title: "Merges", numeric: true },
                { title: "Disconnected merges", numeric: true },
                { title: "Supertracts", numeric: true },
                { title: "Pooled σ̂² (no df of their own)", numeric: true },
              ],
              c.years.map((y) => [
                y.year,
                y.half_pairs,
                y.short_tracts,
                y.merges,
                y.disconnected_merges,
                y.supertracts,
                y.pooled_variance ?? "—",
              ]),
              { id: `supertracts-${c.cbsa}` },
            ),
      ),
    ),
  );
}

function cellText(c: Cell): string {
  switch (c.kind) {
    case "text":
      return c.value;
    case "count":
      return count(c.value);
    case "percent":
      return percent(c.value);
  }
}

/** The quality report in the layout every front end shares (`hpi_report::quality::layout`). */
function qualityView(el: HTMLElement, sections: Section[]): void {
  if (!sections.length) {
    fill(el, h("p", { class: "hint" }, "This run has no quality report."));
    return;
  }
  fill(
    el,
    h(
      "div",
      { id: "quality" },
      sections.map((s) =>
        h(
          "section",
          {},
          h("h3", {}, s.title),
          s.parts.map((p) => {
            switch (p.kind) {
              case "figures":
                return dataTable(
                  [{ title: "Figure" }, { title: "Count", numeric: true }],
                  p.figures.map((f) => [f.label, cellText(f.value)]),
                  { sortable: false },
                );
              case "table":
                return dataTable(
                  p.columns.map((c) => ({ title: c.title, numeric: c.numeric })),
                  p.rows.map((r) => r.map(cellText)),
                  { sortable: false },
                );
              case "note":
                return h("p", {}, p.text);
            }
          }),
        ),
      ),
    ),
  );
}

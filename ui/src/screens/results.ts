// Results: the interactive chart, the index table, the tract panel,
// supertracts per year and the quality report of one run.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import {
  api,
  BAND_LEVELS,
  type Benchmark,
  type Cell,
  type Comparison,
  type QualityReport,
  type RunResults,
  type Section,
} from "../ipc";
import { colorOf, count, isWeight, REGION_COLOURS, formatNumber, indexValue, percent, titleOf } from "../format";
import { lineChart, type Chart, type LineSeries } from "../chart";
import { assignSlots, bandOf, hasSa, hasSmooth, rebase, seriesOf, type SeriesData } from "../series";
import { dataTable, tsv, type Column } from "../table";
import { exportMenu } from "../exportmenu";
import { diagnosticsView } from "./diagnostics";
import { mapView } from "./map";
import { state, update } from "../state";

interface View {
  regions: string[];
  log: boolean;
  base: number;
  bands: boolean;
  tab: "table" | "map" | "tracts" | "supertracts" | "quality" | "diagnostics" | "benchmark";
  /** The chosen benchmark (its position in the project's list), or -1. */
  benchmark: number;
  /** Each chosen region's style slot (its dash, or a pooled run's colour): see assignSlots. */
  slots: Map<string, number>;
}

const view: View = { regions: [], log: false, base: 0, bands: true, tab: "table", benchmark: -1, slots: new Map() };
/** The colour of a benchmark's line: none of the weights' or the pooled methods'. */
const BENCHMARK_COLOR = "#a0522d";

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
  let benchmarks: Benchmark[];
  try {
    [results, benchmarks] = await Promise.all([api.runResults(state.run), api.benchmarksList()]);
  } catch (e) {
    fill(body, errorBox(e));
    return;
  }
  if (view.benchmark >= benchmarks.length) view.benchmark = -1;
  drawResults(body, results, benchmarks);
}

function drawResults(body: HTMLElement, fetched: RunResults, benchmarks: Benchmark[]): void {
  // The rows become `series`; the screen keeps the run without them (a national run has
  // 200,000 of them, as objects in the web view's memory).
  const { index: rows, ...results } = fetched;
  const method = results.record.method;
  const series = seriesOf(rows, method);
  // Every period of the run, in the order of its rows.
  const periods = [...new Set(series.flatMap((s) => s.labels))];
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
    "Region: ",
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
  // The run against the chosen benchmark, fetched when it is chosen.
  let comparison: Comparison | null = null;
  const compareWith = async () => {
    comparison = null;
    const b = benchmarks[view.benchmark];
    if (b) {
      try {
        comparison = await api.runCompare(results.record.id, b.key);
        message.replaceChildren();
      } catch (e) {
        message.replaceChildren(errorBox(e));
      }
    }
    redraw();
  };
  const benchmarkPick = h(
    "select",
    {
      id: "chart-benchmark",
      title: "A published index imported on the Data screen, drawn rebased to the run",
      onchange: (e: Event) => {
        view.benchmark = Number((e.target as HTMLSelectElement).value);
        void compareWith();
      },
    },
    h("option", { value: "-1", selected: view.benchmark < 0 }, "None"),
    benchmarks.map((b, i) => h("option", { value: String(i), selected: i === view.benchmark }, benchmarkTitle(b))),
  );
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
  let chart: Chart | null = null;
  // The tab below the chart is drawn after the chart has been painted (a table of 300 series
  // takes a few frames); a newer redraw supersedes one still waiting.
  let tabDraw = 0;
  const drawTabAfterPaint = () => {
    const mine = ++tabDraw;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (mine === tabDraw) drawTab();
      }, 0),
    );
  };
  const redraw = () => {
    assignSlots(view.slots, view.regions);
    // Bands belong to the run's own base: a rebased index would need the covariance of two periods.
    const shade = view.bands && hasBands && view.base === 0;
    const lines: LineSeries[] = chosen()
      .flatMap((s) => {
        const label = view.regions.length > 1 ? `${s.region} ${titleOf(s.weight)}` : titleOf(s.weight);
        // Weights keep their colours and regions take dashes; a pooled run's one series per
        // region takes a colour per region instead, leaving dashes to its adjusted and smoothed lines.
        const k = view.slots.get(s.region) ?? 0;
        const pooled = !isWeight(s.weight);
        const line: LineSeries = {
          label,
          color: pooled && view.regions.length > 1 ? REGION_COLOURS[k % REGION_COLOURS.length] : colorOf(s.weight),
          dash: view.regions.length > 1 && !pooled ? [[], [6, 3], [2, 3], [10, 4, 2, 4]][k % 4] : undefined,
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
        // The smoothed index beside it, long dashes, marked as smoothed.
        const smooth: LineSeries[] = hasSmooth(s)
          ? [
              {
                label: `${label} (smoothed, moving average)`,
                color: line.color,
                dash: [8, 3],
                values: rebase(s.smooth, view.base),
              },
            ]
          : [];
        return [line, ...sa, ...smooth];
      })
      .filter((_, k) => k < 400);
    // The benchmark rebased to each chosen region's first series, dashed.
    for (const region of view.regions) {
      const first = chosen().find((s) => s.region === region);
      const match = comparison?.regions.find(
        (r) => r.region === region && r.overlay.length > 0 && (first === undefined || r.weight === first.weight),
      );
      if (!match) continue;
      const byLabel = new Map(match.overlay.map((o) => [o.label, o.value]));
      lines.push({
        label: `Benchmark${view.regions.length > 1 ? ` ${region}` : ""}: ${benchmarkTitle(comparison!.benchmark)}`,
        color: BENCHMARK_COLOR,
        dash: [8, 4],
        values: rebase(
          labels.map((l) => byLabel.get(l) ?? null),
          view.base,
        ),
      });
    }
    const bandNote = shade
      ? ` Shaded: ${Math.round(level * 100)} % bands${results.record.band_level !== null ? " (bootstrap)" : ""}.`
      : view.bands && hasBands && view.base !== 0
        ? " Bands are shown with the run's own base period."
        : "";
    const source = `Index, ${labels[view.base] ?? ""} = 100${view.log ? ", log scale" : ""}.${bandNote} ${method.toUpperCase()} run ${results.record.id} of ${state.project?.name ?? ""}; HPI Studio ${results.record.app_version}.`;
    const spec = { labels, series: lines, yLabel: "Index", log: view.log, source };
    // Taking a region off or putting it back changes only its lines: the chart keeps its plot.
    if (!chart?.update(spec)) {
      chart = lineChart(spec);
      fill(chartBox, chart.element);
    }
    // For the start-up benchmark: when the first chart was drawn, after page load.
    (window as unknown as { __hpiFirstChart?: number }).__hpiFirstChart ??= performance.now();
    drawTabAfterPaint();
  };
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    (["table", "map", "tracts", "supertracts", "quality", "diagnostics", "benchmark"] as const).map((t) =>
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
            tabDraw++;
            drawTab();
          },
        },
        {
          table: "Table",
          map: "Map",
          tracts: "Tracts",
          supertracts: "Supertracts",
          quality: "Quality",
          diagnostics: "Diagnostics",
          benchmark: "Benchmark",
        }[t],
      ),
    ),
  );
  const drawTab = () => {
    if (view.tab === "table") indexTable(tabBox, chosen(), view.regions.length > 1);
    else if (view.tab === "map")
      void mapView(
        tabBox,
        results.record.id,
        regions.filter((r) => !r.includes(":")),
        series,
        method,
      );
    else if (view.tab === "tracts") void tractPanel(tabBox, results.record.id, view.regions[0] ?? null, method);
    else if (view.tab === "supertracts") supertractTable(tabBox, results.quality);
    else if (view.tab === "quality") qualityView(tabBox, results.quality_sections);
    else if (view.tab === "benchmark") trackingView(tabBox, comparison, benchmarks.length > 0);
    else diagnosticsView(tabBox, results, view.regions, periods);
    // For the desktop benchmark: when the tab below the chart was last drawn.
    (window as unknown as { __hpiTabDrawn?: number }).__hpiTabDrawn = performance.now();
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
      benchmarks.length ? field("Benchmark", benchmarkPick) : null,
      exportMenu(
        () => [results.record.id],
        () => view.regions[0] ?? null,
        message,
        () => ({ benchmark: benchmarks[view.benchmark]?.key ?? null, base: labels[view.base] ?? null }),
      ),
    ),
    message,
    chartBox,
    tabs,
    tabBox,
  );
  if (view.benchmark >= 0) void compareWith();
  else redraw();
}

function benchmarkTitle(b: Benchmark): string {
  const series = b.key.series ? ` ${b.key.series}` : "";
  return `${b.file}${series}, ${b.key.periodicity}`;
}

/** How closely the run tracks the chosen benchmark, per region and weight. */
function trackingView(el: HTMLElement, c: Comparison | null, any: boolean): void {
  if (!c) {
    fill(
      el,
      h(
        "p",
        { class: "hint" },
        any
          ? "Choose a benchmark above to compare the run with a published index."
          : "Import a published index (FHFA's files, or region, period, index) on the Data screen as a Benchmark to compare the run with it.",
      ),
    );
    return;
  }
  if (!c.regions.length) {
    fill(
      el,
      h(
        "p",
        { class: "hint" },
        `No region of run ${c.run} is in ${benchmarkTitle(c.benchmark)} (the run has ${c.unmatched.join(", ")}).`,
      ),
    );
    return;
  }
  const columns: Column[] = [
    { title: "Region" },
    { title: "Weight" },
    { title: "Periods", numeric: true, show: (v: unknown) => count(v as number) },
    { title: "Over" },
    { title: "Return correlation", numeric: true, show: (v: unknown) => formatNumber(v as number | null, 3) },
    { title: "RMS log difference", numeric: true, show: (v: unknown) => formatNumber(v as number | null, 4) },
    { title: "Growth difference, pp", numeric: true, show: (v: unknown) => formatNumber(v as number | null, 2) },
  ];
  const rows = c.regions.map((r) => [
    r.region,
    r.weight === null ? "" : titleOf(r.weight),
    r.tracking.periods,
    r.tracking.first && r.tracking.last ? `${r.tracking.first}–${r.tracking.last}` : "—",
    r.tracking.return_correlation,
    r.tracking.rms_log_difference,
    r.tracking.growth_difference,
  ]);
  const periods = c.regions[0].tracking.periodicity;
  fill(
    el,
    h(
      "p",
      { class: "hint" },
      `Run ${c.run} against ${benchmarkTitle(c.benchmark)}, compared in ${periods} periods over those both have a value in. ` +
        "Return correlation: of the log changes from one period to the next. RMS log difference: of the two log indices, both rebased at the first common period. " +
        "Growth difference: the mean absolute difference of growth over a year, in percentage points.",
    ),
    dataTable(columns, rows, { id: "tracking-table" }),
    c.unmatched.length ? h("p", { class: "hint" }, `Not in the benchmark: ${c.unmatched.join(", ")}.`) : null,
  );
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
  const withSmooth = chosen.filter(hasSmooth);
  const columns: Column[] = [
    ...indexColumns,
    ...withSa.map((s) => ({
      title: `${withRegion ? `${s.region} ` : ""}${titleOf(s.weight)} SA`,
      numeric: true,
      show: (v: unknown) => indexValue(v as number | null),
    })),
    ...withSmooth.map((s) => ({
      title: `${withRegion ? `${s.region} ` : ""}${titleOf(s.weight)} smoothed`,
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
    ...withSmooth.map((s) => s.smooth[i]),
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

// Results › Diagnostics: how well each index of a run fits its data
// (accuracy, volatility, revision), and the form that evaluates a run.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import { api, type Evaluation, type RunResults, type SeriesEvaluation } from "../ipc";
import { colorOf, formatNumber, titleOf } from "../format";
import { lineChart, type LineSeries } from "../chart";
import { dataTable, type Column } from "../table";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${formatNumber(v * 100, 1)}%`);
const points = (v: number | null | undefined) => formatNumber(v, 2);

/** What each measure means, in plain words. */
const MEANINGS: [string, string][] = [
  [
    "Median error",
    "Each resale price predicted from the first sale's price and the index: half the predictions are closer than this.",
  ],
  ["Within ±10 %", "The share of resale prices predicted within 10 %."],
  ["k-fold", "Each pair predicted by the index made without it: a fairer test than in sample."],
  ["Forecast", "Resales of the next period predicted by the index as it stood before them."],
  ["Volatility", "How much the period-to-period changes jump around (standard deviation over a few periods)."],
  ["Revision", "How far, in index points, a published value moves on average as later sales arrive."],
];

/** The measures explained, as a list beside a table. */
function meanings(): HTMLElement {
  return h(
    "dl",
    { class: "meanings" },
    MEANINGS.flatMap(([term, text]) => [h("dt", {}, term), h("dd", {}, text)]),
  );
}

function label(s: SeriesEvaluation, withRegion: boolean): string {
  const name = titleOf(s.weight ?? s.method);
  return withRegion ? `${s.region} ${name}` : name;
}

/** A run as the Results screen keeps it: its index is held as series, so its rows are let go. */
export type RunShown = Omit<RunResults, "index">;

/** Shows the run's evaluation, or the form that makes one. `labels` are the run's periods. */
export function diagnosticsView(el: HTMLElement, results: RunShown, regions: string[], labels: string[]): void {
  if (results.evaluation) showEvaluation(el, results, results.evaluation, regions, labels);
  else evaluateForm(el, results, regions, labels);
}

function showEvaluation(
  el: HTMLElement,
  results: RunShown,
  evaluation: Evaluation,
  regions: string[],
  labels: string[],
): void {
  const shown = evaluation.series.filter((s) => regions.includes(s.region));
  const withRegion = regions.length > 1;
  const columns: Column[] = [
    { title: "Index" },
    { title: "Pairs", numeric: true, show: (v) => formatNumber(v as number, 0) },
    { title: "Median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Within ±10 %", numeric: true, show: (v) => pct(v as number | null) },
    { title: "k-fold median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Forecast median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Volatility", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Mean revision", numeric: true, show: (v) => points(v as number | null) },
  ];
  // A smoothed run's smoothed index gets its own row, marked with its order; forecast
  // accuracy and revision are the index's.
  const rows = shown.flatMap((s) => [
    [
      label(s, withRegion),
      s.accuracy.insample.pairs,
      s.accuracy.insample.mdape,
      s.accuracy.insample.pe10,
      s.accuracy.kfold?.mdape ?? null,
      s.accuracy.forecast?.mdape ?? null,
      s.volatility.mean,
      s.revision?.mean ?? null,
    ],
    ...(s.smoothed
      ? [
          [
            `${label(s, withRegion)} smoothed (moving average of ${s.smoothed.order})`,
            s.smoothed.accuracy.insample.pairs,
            s.smoothed.accuracy.insample.mdape,
            s.smoothed.accuracy.insample.pe10,
            s.smoothed.accuracy.kfold?.mdape ?? null,
            null,
            s.smoothed.volatility.mean,
            null,
          ],
        ]
      : []),
  ]);
  const accuracyBox = h("div", { id: "accuracy-chart" });
  const chartBox = h("div", { id: "revision-chart" });
  const revised = shown.filter((s) => s.revision);
  const pick = h(
    "select",
    { id: "revision-series", onchange: () => drawRevision(chartBox, revised[Number(pick.value)], results) },
    revised.map((s, k) => h("option", { value: String(k) }, label(s, withRegion))),
  );
  fill(
    el,
    h(
      "p",
      { class: "hint" },
      "Lower errors, volatility and revision mean an index that fits these data better. ",
      "In-sample figures flatter every index; k-fold and forecast errors are the fairer comparison.",
    ),
    dataTable(columns, rows, { id: "diagnostics-table", sortable: true }),
    meanings(),
    h("h3", {}, "Accuracy by period"),
    accuracyBox,
    h("h3", {}, "Each period's change and how sure it is"),
    h(
      "p",
      { class: "hint" },
      "The change from the previous period ± its standard error (of the log change, in percentage points). ",
      "For RSAI it adds up the supertracts' own regressions; the bands on the index chart come from the bootstrap.",
    ),
    appreciationTable(shown, withRegion),
    revised.length
      ? [h("h3", {}, "Vintages"), revised.length > 1 ? field("Index", pick) : null, chartBox]
      : h("p", { class: "hint" }, "Evaluate with a first vintage to see how the index was revised."),
    h(
      "div",
      { class: "row" },
      h(
        "button",
        { id: "evaluate-again", onclick: () => evaluateForm(el, results, regions, labels) },
        "Evaluate again",
      ),
    ),
  );
  if (revised.length) drawRevision(chartBox, revised[0], results);
  drawAccuracy(accuracyBox, shown, withRegion, results);
}

/** Median error per period of the resale, k-fold where it was measured (fairer), else in sample. */
function drawAccuracy(box: HTMLElement, shown: SeriesEvaluation[], withRegion: boolean, results: RunShown): void {
  const labels = [...new Set(shown.flatMap((s) => s.accuracy.by_period.map((p) => p.period)))];
  if (!labels.length) {
    fill(box, h("p", { class: "hint" }, "Evaluate again to see the errors period by period."));
    return;
  }
  const kfold = shown.some((s) => s.accuracy.kfold);
  const lines: LineSeries[] = shown.map((s) => {
    const by = new Map(s.accuracy.by_period.map((p) => [p.period, kfold ? p.kfold : p.insample]));
    return {
      label: label(s, withRegion),
      color: colorOf(s.weight ?? s.method),
      values: labels.map((l) => {
        const mdape = by.get(l)?.mdape;
        return mdape === null || mdape === undefined ? null : 100 * mdape;
      }),
    };
  });
  const how = kfold ? "k-fold (each pair predicted by the index made without it)" : "in sample";
  const source = `Median absolute error of the resales of each period, ${how}. ${results.record.method.toUpperCase()} run ${results.record.id}.`;
  fill(box, lineChart({ labels, series: lines, yLabel: "Median error, %", log: false, source }, 260).element);
}

/** Per period, each index's change from the previous period ± its standard error. */
function appreciationTable(shown: SeriesEvaluation[], withRegion: boolean): HTMLElement {
  const labels = [...new Set(shown.flatMap((s) => s.appreciation.map((a) => a.period)))];
  const columns: Column[] = [
    { title: "Period" },
    ...shown.map((s) => ({ title: label(s, withRegion), numeric: true })),
  ];
  const rows = labels.map((l) => [
    l,
    ...shown.map((s) => {
      const a = s.appreciation.find((x) => x.period === l);
      if (!a) return "—";
      const change = `${formatNumber(100 * Math.expm1(a.change), 1)}%`;
      return a.se === null ? change : `${change} ± ${formatNumber(100 * a.se, 1)}`;
    }),
  ]);
  return dataTable(columns, rows, { id: "appreciation-table" });
}

/** The vintages of one index drawn over each other, the latest darkest. */
function drawRevision(box: HTMLElement, s: SeriesEvaluation, results: RunShown): void {
  const vintages = s.revision?.series ?? [];
  const last = vintages[vintages.length - 1];
  if (!last) return;
  const labels = last.index.map((p) => p.period);
  const lines: LineSeries[] = vintages.map((v, k) => {
    const shade = Math.round(200 - (160 * k) / Math.max(1, vintages.length - 1));
    return {
      label: v.last_period,
      color: k === vintages.length - 1 ? "#0072B2" : `rgb(${shade},${shade},${shade})`,
      values: labels.map((_, i) => v.index[i]?.index ?? null),
    };
  });
  const source = `Each line is the index as it stood at the end of its period. ${results.record.method.toUpperCase()} run ${results.record.id}.`;
  fill(box, lineChart({ labels, series: lines, yLabel: "Index", log: false, source }, 300).element);
}

/** Volatility window, k-fold and first vintage; Evaluate recomputes the run and saves the evaluation with it. */
function evaluateForm(el: HTMLElement, results: RunShown, regions: string[], labels: string[]): void {
  const window = h("input", { id: "evaluate-window", type: "number", min: 3, step: 2, value: "3" });
  const kfoldOn = h("input", { id: "evaluate-kfold-on", type: "checkbox", checked: true });
  const folds = h("input", { id: "evaluate-kfold", type: "number", min: 2, value: "10" });
  const seed = h("input", { id: "evaluate-seed", type: "number", min: 0, value: "1" });
  const vintage = h(
    "select",
    { id: "evaluate-vintage" },
    h("option", { value: "" }, "No vintages"),
    labels
      .slice(1)
      .map((l, i) =>
        h("option", { value: l, selected: i === Math.max(0, labels.length - 1 - Math.ceil(labels.length / 3)) }, l),
      ),
  );
  const progress = h("div", { id: "evaluate-progress", class: "progress", "aria-live": "polite" });
  const cancel = h("button", { id: "evaluate-cancel", disabled: true, onclick: () => void api.runCancel() }, "Cancel");
  const go = h(
    "button",
    {
      id: "evaluate-run",
      class: "primary",
      onclick: async () => {
        go.disabled = true;
        cancel.disabled = false;
        fill(progress, "Starting…");
        try {
          const evaluation = await api.runEvaluate(
            results.record.id,
            {
              volatility_window: Number(window.value),
              kfold: kfoldOn.checked ? Number(folds.value) : null,
              seed: Number(seed.value),
              revision_from: vintage.value || null,
            },
            (e) => fill(progress, e.event === "loading" ? "Reading the project…" : `${e.label} ${e.done}/${e.total}`),
          );
          results.evaluation = evaluation;
          showEvaluation(el, results, evaluation, regions, labels);
        } catch (e) {
          fill(progress, errorBox(e));
          go.disabled = false;
          cancel.disabled = true;
        }
      },
    },
    "Evaluate",
  );
  fill(
    el,
    h(
      "p",
      { class: "hint" },
      "Measure how well each index of this run fits its data: the run is recomputed on the project's data ",
      "and the results are saved with it.",
    ),
    h(
      "div",
      { class: "form-grid", id: "evaluate-form" },
      field("Volatility window", window, "odd number of periods"),
      field("k-fold accuracy", h("div", { class: "row" }, kfoldOn, folds), "folds"),
      field("Seed", seed, "of the fold shuffle"),
      field("First vintage", vintage, "revision and forecasts from here on"),
    ),
    h("div", { class: "row" }, go, cancel),
    progress,
  );
}

/** Indices of several runs ranked by k-fold median error (in-sample where a run has no k-fold), with revision and volatility beside. */
export function rankingTable(entries: { name: string; s: SeriesEvaluation }[]): HTMLElement {
  const score = (s: SeriesEvaluation) => s.accuracy.kfold?.mdape ?? s.accuracy.insample.mdape ?? Infinity;
  const ranked = entries.slice().sort((a, b) => score(a.s) - score(b.s));
  const columns: Column[] = [
    { title: "Rank", numeric: true },
    { title: "Index" },
    { title: "k-fold median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "In-sample median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Forecast median error", numeric: true, show: (v) => pct(v as number | null) },
    { title: "Mean revision", numeric: true, show: (v) => points(v as number | null) },
    { title: "Volatility", numeric: true, show: (v) => pct(v as number | null) },
  ];
  const rows = ranked.map((e, k) => [
    k + 1,
    e.name,
    e.s.accuracy.kfold?.mdape ?? null,
    e.s.accuracy.insample.mdape,
    e.s.accuracy.forecast?.mdape ?? null,
    e.s.revision?.mean ?? null,
    e.s.volatility.mean,
  ]);
  return h(
    "div",
    { id: "ranking" },
    h("h3", {}, "Which index fits these data best"),
    h(
      "p",
      { class: "hint" },
      "Ranked by the k-fold median error: how well each index predicts resale prices it was not made from. ",
      "Revision and volatility beside it say how steady each one is.",
    ),
    dataTable(columns, rows, { id: "ranking-table", sortable: true }),
    meanings(),
  );
}

// Index: the run's parameters → Run, with progress by stage and Cancel.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import {
  api,
  AppError,
  DEFAULTS,
  FILTERS_OF,
  INDEX_YEARS,
  METHOD_INFO,
  METHODS,
  WEIGHTS,
  type Estimator,
  type Method,
  type Period,
  type RunRequest,
  type Weight,
} from "../ipc";
import { titleOf } from "../format";
import { pairFiltersForm } from "./pair-filters";
import { tiersField } from "./tiers";
import { compositeField, smoothingField } from "./derived";
import { seasonalField } from "./seasonal";
import { aggregateField } from "./aggregate";
import { refreshProject } from "../actions";
import { state, update } from "../state";

let last: RunRequest | null = null;
/** How the last run ended, kept across the redraw that the new run in the history causes. */
let ended: HTMLElement | null = null;

export function indexScreen(root: HTMLElement): void {
  const r: RunRequest = last ?? {
    method: "rsai",
    weights: null,
    period: "annual",
    start: 2000,
    end: 2021,
    min_half_pairs: null,
    dedupe: null,
    filters: null,
    keep_small_cbsas: false,
    static_year: null,
    estimator: null,
    tiers: null,
    seasonal: null,
    aggregate: [],
    smooth: null,
    composites: [],
  };
  const method = h(
    "select",
    { id: "run-method" },
    METHODS.map((m) =>
      h("option", { value: m, selected: r.method === m }, `${METHOD_INFO[m].title} — ${METHOD_INFO[m].description}`),
    ),
  );
  const period = h(
    "select",
    { id: "run-period" },
    (["annual", "quarterly", "monthly"] as Period[]).map((p) =>
      h("option", { value: p, selected: r.period === p }, titleOf(p)),
    ),
  );
  const years = { min: String(INDEX_YEARS.first), max: String(INDEX_YEARS.last) };
  const start = h("input", { id: "run-start", type: "number", value: String(r.start), ...years });
  const end = h("input", { id: "run-end", type: "number", value: String(r.end), ...years });
  const threshold = h("input", {
    id: "run-threshold",
    type: "number",
    value: String(r.min_half_pairs ?? DEFAULTS.min_half_pairs),
    min: "1",
  });
  const staticYear = h("input", {
    id: "run-static-year",
    type: "number",
    value: String(r.static_year ?? DEFAULTS.static_year),
  });
  const small = h("input", { id: "run-keep-small", type: "checkbox", checked: r.keep_small_cbsas });
  const weights = WEIGHTS.map((w) =>
    h("input", { type: "checkbox", value: w, checked: !r.weights || r.weights.includes(w), "data-weight": w }),
  );
  const dedupe = h(
    "select",
    { id: "run-dedupe" },
    h("option", { value: "" }, "Method's default"),
    h(
      "option",
      { value: "keep_highest", selected: r.dedupe === "keep_highest" },
      "Keep the highest-priced sale in a period",
    ),
    h("option", { value: "none", selected: r.dedupe === "none" }, "Keep every sale"),
  );
  const estimator = h(
    "select",
    { id: "run-estimator" },
    h("option", { value: "least_squares", selected: r.estimator !== "robust" }, "Least squares"),
    h("option", { value: "robust", selected: r.estimator === "robust" }, "Robust (Huber, down-weights outlying pairs)"),
  );
  const estimatorField = field("Estimator", estimator, "BMN, and WRS's first stage");
  const tiers = tiersField(r.tiers);
  const seasonal = seasonalField(r.seasonal);
  const aggregate = aggregateField(r.aggregate);
  const smoothing = smoothingField(r.smooth);
  const composite = compositeField(r.composites);
  const filters = pairFiltersForm(r.filters ?? FILTERS_OF[r.method]);
  const rsaiOnly = h(
    "fieldset",
    { class: "rsai-only" },
    h("legend", {}, "RSAI"),
    h(
      "div",
      { class: "weights" },
      "Weights: ",
      weights.map((box) => h("label", { class: "check" }, box, " ", titleOf(box.value))),
    ),
    h(
      "div",
      { class: "form-grid" },
      field("Half-pairs a supertract needs", threshold, "in both t and t−1 (the paper uses 40)"),
      field("Year of static weights", staticYear, "college and non-white shares"),
      h("label", { class: "check" }, small, " Keep CBSAs that fall short of the threshold in some year"),
    ),
    aggregate.element,
  );
  const sync = () => {
    const rsai = method.value === "rsai";
    rsaiOnly.hidden = !rsai;
    period.disabled = rsai;
    if (rsai) period.value = "annual";
    estimatorField.hidden = method.value !== "bmn" && method.value !== "wrs";
    tiers.element.hidden = rsai;
    seasonal.element.hidden = rsai || period.value === "annual";
  };
  period.addEventListener("change", sync);
  method.addEventListener("change", () => {
    filters.reset(method.value as Method);
    sync();
  });
  const request = (): RunRequest => {
    const rsai = method.value === "rsai";
    const chosen: Weight[] = WEIGHTS.filter((_, k) => weights[k].checked);
    return {
      method: method.value as Method,
      weights: rsai && chosen.length < WEIGHTS.length ? chosen : null,
      period: period.value as Period,
      start: Number(start.value),
      end: Number(end.value),
      min_half_pairs: rsai ? Number(threshold.value) : null,
      dedupe: (dedupe.value || null) as RunRequest["dedupe"],
      filters: filters.read(),
      keep_small_cbsas: rsai && small.checked,
      static_year: rsai ? Number(staticYear.value) : null,
      estimator: estimatorField.hidden ? null : (estimator.value as Estimator),
      tiers: rsai ? null : tiers.read(),
      seasonal: seasonal.element.hidden ? null : seasonal.read(),
      aggregate: rsai ? aggregate.read() : [],
      smooth: smoothing.read(),
      composites: composite.read(),
    };
  };
  const progress = h("div", { id: "run-progress", class: "progress", "aria-live": "polite" });
  const runButton = h(
    "button",
    { id: "run-button", class: "primary", onclick: () => startRun(request(), progress, runButton, cancel) },
    "Run",
  );
  const cancel = h("button", { id: "run-cancel", hidden: true, onclick: () => void api.runCancel() }, "Cancel");
  root.append(
    h("h1", {}, "Index"),
    h(
      "section",
      { class: "panel" },
      h(
        "div",
        { class: "form-grid" },
        // The whole row: the longest method's name and description read in full.
        Object.assign(field("Method", method), { className: "field full" }),
        field("Periods", period),
        field("First year (= 100)", start),
        field("Last year", end),
        field("Several sales in a period", dedupe),
        estimatorField,
        tiers.element,
        seasonal.element,
        smoothing.element,
      ),
      filters.element,
      rsaiOnly,
      composite.element,
      h("div", { class: "row" }, runButton, cancel),
      progress,
    ),
  );
  sync();
  if (state.progress) showRunning(progress, runButton, cancel);
  else if (ended) {
    fill(progress, ended);
    ended = null;
  }
}

function showRunning(progress: HTMLElement, run: HTMLButtonElement, cancel: HTMLButtonElement): void {
  run.disabled = true;
  cancel.hidden = false;
  const p = state.progress;
  fill(
    progress,
    h("div", { class: "stage" }, p?.label ?? "Starting…"),
    h("progress", { max: 1, value: p?.share ?? undefined }),
  );
}

async function startRun(
  request: RunRequest,
  progress: HTMLElement,
  run: HTMLButtonElement,
  cancel: HTMLButtonElement,
): Promise<void> {
  last = request;
  update({ progress: { label: "Starting…", share: null } });
  showRunning(progress, run, cancel);
  try {
    const record = await api.runStart(request, (e) => {
      const p =
        e.event === "loading"
          ? { label: "Reading the project's data", share: null }
          : { label: e.label, share: e.total ? e.done / e.total : null };
      update({ progress: p });
      if (progress.isConnected) showRunning(progress, run, cancel);
    });
    update({
      progress: null,
      notice: `Run ${record.id} finished in ${((record.duration_ms ?? 0) / 1000).toFixed(2)} s`,
    });
    await refreshProject();
    update({ run: record.id, screen: "results" });
  } catch (e) {
    update({ progress: null });
    run.disabled = false;
    cancel.hidden = true;
    ended =
      e instanceof AppError && e.code === "cancelled"
        ? h("p", { id: "run-cancelled", class: "warn" }, "Cancelled. The run is kept in the history as cancelled.")
        : errorBox(e);
    fill(progress, ended);
    await refreshProject();
  }
}

// Overview: the first thing a project shows. Sales and repeat pairs per year
// (in all or per CBSA), each tract's half-pairs per year as a heat map, and
// after an RSAI run its supertracts per year; each empty part says what to do.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import { api, type Overview, type QualityReport, type TractCoverage } from "../ipc";
import { count } from "../format";
import { lineChart } from "../chart";
import { sizeCanvas } from "../canvas";
import { state, update } from "../state";

/** Below the threshold in oranges, at or above it in blues (ColorBrewer, as the coverage chart export). */
const NONE = "#f7f7f7";
const BELOW = ["#fdae6b", "#e6550d"];
const ABOVE = ["#c6dbef", "#6baed6", "#08519c"];

const view = { cbsa: "" };

export async function overviewScreen(root: HTMLElement): Promise<void> {
  const p = state.project;
  if (!p) return;
  root.append(h("h1", {}, "Overview"));
  if (p.transactions === 0) {
    root.append(
      h(
        "p",
        { class: "lead", id: "overview-empty" },
        "No sales yet. Import a sales file on the Data screen, or drop a CSV, Excel or Parquet file anywhere on this window.",
      ),
      h("button", { class: "primary", onclick: () => update({ screen: "data" }) }, "Import data"),
    );
    return;
  }
  const body = h("div", {}, h("p", { class: "hint" }, "Counting sales and repeat pairs…"));
  root.append(body);
  const t0 = performance.now();
  let o: Overview;
  try {
    o = await api.projectOverview();
  } catch (e) {
    fill(body, errorBox(e));
    return;
  }
  (window as unknown as { __hpiOverviewMs?: number }).__hpiOverviewMs = performance.now() - t0;
  const cbsas = o.counts.filter((c) => c.cbsa !== null).map((c) => c.cbsa!);
  if (view.cbsa !== "" && !cbsas.includes(view.cbsa)) view.cbsa = "";
  const total = o.counts[0];
  const pairs = total.pairs.reduce((a, b) => a + b, 0);
  const countsBox = h("div", { id: "overview-counts" });
  const heatBox = h("div", { id: "overview-coverage" });
  const superBox = h("div", { id: "overview-supertracts" });
  const pick = h(
    "select",
    {
      id: "overview-cbsa",
      onchange: () => {
        view.cbsa = pick.value;
        draw();
      },
    },
    h("option", { value: "", selected: view.cbsa === "" }, "All CBSAs"),
    cbsas.map((c) => h("option", { value: c, selected: c === view.cbsa }, c)),
  );
  fill(
    body,
    h(
      "p",
      { class: "lead" },
      `${count(p.transactions)} sales, ${o.years[0]}–${o.years[o.years.length - 1]}, in ${count(cbsas.length)} ${cbsas.length === 1 ? "CBSA" : "CBSAs"} and ${count(p.tracts)} ${p.tracts === 1 ? "tract" : "tracts"}; ${count(pairs)} repeat ${pairs === 1 ? "pair" : "pairs"} within tracts after the default filters.`,
      o.sales_without_cbsa ? ` ${count(o.sales_without_cbsa)} sales name no CBSA.` : "",
    ),
    h("div", { class: "controls" }, field("Show", pick)),
    h("h2", {}, "Sales and repeat pairs per year"),
    countsBox,
    h("h2", {}, "Half-pair coverage by tract and year"),
    heatBox,
    h("h2", {}, "Supertracts per year"),
    superBox,
  );
  const draw = () => {
    const c = o.counts.find((x) => (x.cbsa ?? "") === view.cbsa) ?? total;
    const chart = lineChart(
      {
        labels: o.years.map(String),
        series: [
          { label: "Sales", color: "#0072B2", values: c.sales.map(Number) },
          { label: "Repeat pairs (by second sale)", color: "#D55E00", values: c.pairs.map(Number) },
        ],
        yLabel: "Count",
        log: false,
        digits: 0,
        source: `${c.cbsa ? `CBSA ${c.cbsa}` : "All sales"}; pairs as a default RSAI run forms them (consecutive sales of a property in one tract, filters on).`,
      },
      260,
    );
    fill(countsBox, chart.element);
    const covered = coverage(heatBox, o, view.cbsa || cbsas[0] || "");
    // After the coverage: reading a large run's results holds the project a few seconds.
    return [covered, covered.then(() => supertracts(superBox, view.cbsa || cbsas[0] || ""))] as const;
  };
  // For scripts/bench-app.sh: from opening the screen to the counts and coverage drawn, and to the supertracts.
  const [covered, merged] = draw();
  const mark = (name: string) => () => {
    (window as unknown as Record<string, number>)[name] = performance.now() - t0;
  };
  void covered.then(mark("__hpiOverviewDrawnMs"));
  void merged.then(mark("__hpiOverviewSupertractsMs"));
}

async function coverage(el: HTMLElement, o: Overview, cbsa: string): Promise<void> {
  if (!cbsa || state.project?.tracts === 0) {
    fill(
      el,
      h(
        "p",
        { class: "hint" },
        "Import tracts (tract, CBSA, latitude, longitude) on the Data screen to see where repeat pairs are thin.",
      ),
    );
    return;
  }
  let tracts: TractCoverage[];
  try {
    tracts = await api.tractCoverage(cbsa);
  } catch (e) {
    fill(el, errorBox(e));
    return;
  }
  if (!tracts.length) {
    fill(el, h("p", { class: "hint" }, `CBSA ${cbsa} has no tracts in the tracts file.`));
    return;
  }
  const t = Number(o.threshold);
  const colour = (v: number) =>
    v === 0 ? NONE : v < t / 2 ? BELOW[1] : v < t ? BELOW[0] : v < 2 * t ? ABOVE[0] : v < 4 * t ? ABOVE[1] : ABOVE[2];
  const Y = o.years.length;
  const cell = Math.max(3, Math.min(14, Math.floor(760 / Math.max(1, Y))));
  const rowH = Math.max(1, Math.min(8, Math.floor(480 / tracts.length)));
  const left = 90;
  const canvas = h("canvas", {
    id: "coverage-canvas",
    role: "img",
    "aria-label": `Half-pairs per tract and year in CBSA ${cbsa}`,
  });
  const [w, hgt] = [left + Y * cell, tracts.length * rowH + 24];
  const dpr = sizeCanvas(canvas, w, hgt);
  const ctx = canvas.getContext("2d")!;
  ctx.scale(dpr, dpr);
  tracts.forEach((tr, r) => {
    tr.half_pairs.forEach((v, k) => {
      ctx.fillStyle = colour(Number(v));
      ctx.fillRect(left + k * cell, r * rowH, cell, rowH);
    });
  });
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim() || "#59636e";
  ctx.font = "11px system-ui, sans-serif";
  const every = Math.ceil(tracts.length / 30);
  if (rowH >= 8) tracts.forEach((tr, r) => r % every === 0 && ctx.fillText(tr.tract, 2, r * rowH + rowH - 1));
  else ctx.fillText(`${count(tracts.length)} tracts`, 2, 12);
  for (let k = 0; k < Y; k += Math.ceil(Y / 12)) ctx.fillText(String(o.years[k]), left + k * cell, hgt - 6);
  const below = tracts.reduce((a, tr) => a + tr.half_pairs.filter((v) => Number(v) < t).length, 0);
  const key = (c: string, text: string) =>
    h("span", { class: "map-legend-row" }, h("span", { class: "swatch", style: `background:${c}` }), text);
  fill(
    el,
    h("div", { class: "coverage-frame" }, canvas),
    h(
      "div",
      { class: "row", id: "coverage-legend" },
      key(NONE, "none"),
      key(BELOW[1], `below ${t / 2}`),
      key(BELOW[0], `below ${t} (merged into a supertract)`),
      key(ABOVE[0], `${t} or more`),
      key(ABOVE[1], `${2 * t} or more`),
      key(ABOVE[2], `${4 * t} or more`),
    ),
    h(
      "p",
      { class: "source" },
      `CBSA ${cbsa}: ${count(tracts.length)} tracts × ${Y} years; ${count(below)} tract-years have fewer than ${t} half-pairs, the threshold a default RSAI run merges tracts below.`,
    ),
  );
}

async function supertracts(el: HTMLElement, cbsa: string): Promise<void> {
  const run = state.runs.find((r) => r.status === "succeeded" && r.method === "rsai");
  if (!run) {
    fill(
      el,
      h(
        "p",
        { class: "hint", id: "supertracts-empty" },
        "After an RSAI run, this shows how many supertracts each year needed. Run one on the Index screen (Ctrl+R).",
      ),
    );
    return;
  }
  let quality: QualityReport | null;
  try {
    quality = (await api.runSummary(run.id)).quality;
  } catch (e) {
    fill(el, errorBox(e));
    return;
  }
  const q = quality?.rsai?.cbsas.find((c) => c.cbsa === cbsa);
  if (!q || !q.years.length) {
    fill(el, h("p", { class: "hint" }, `RSAI run ${run.id} has no index for CBSA ${cbsa}.`));
    return;
  }
  const chart = lineChart(
    {
      labels: q.years.map((y) => String(y.year)),
      series: [
        { label: "Supertracts", color: "#0072B2", values: q.years.map((y) => y.supertracts) },
        { label: "Tracts taking part", color: "#999999", dash: [4, 3], values: q.years.map(() => q.tracts) },
      ],
      yLabel: "Count",
      log: false,
      source: `CBSA ${cbsa} in RSAI run ${run.id}: fewer supertracts than tracts means thin tracts were merged that year.`,
    },
    220,
  );
  fill(el, chart.element);
}

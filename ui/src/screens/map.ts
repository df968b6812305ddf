// Results › Map: an RSAI run's tract panel on a map. Colour by cumulative or
// one-year appreciation, or by appreciation beside the city's (a weight's);
// a year slider that plays; hover for a tract's figures; click to see its
// supertract that year and its own index beside the city's.
import { fill, h, field } from "../dom";
import { errorBox } from "../errors";
import { api, type TractRow, type TractShape } from "../ipc";
import { count, colorOf, formatNumber, titleOf } from "../format";
import { lineChart } from "../chart";
import { MISSING, TractMap } from "../map";
import type { SeriesData } from "../series";

type Measure = "cumulative" | "year" | "relative";

/** ColorBrewer PuOr, seven classes: diverging at no change, colour-blind safe. */
const SCALE = ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"];

const view = { cbsa: "", measure: "cumulative" as Measure, weight: "", year: -1 };

/** A run's tract panel as arrays: tract × year. */
interface Panel {
  shapes: TractShape[];
  years: number[];
  value: Float64Array;
  supertract: (string | null)[];
  halfPairs: (number | null)[];
}

function panelOf(shapes: TractShape[], rows: TractRow[]): Panel {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const at = new Map(shapes.map((s, i) => [s.tract, i]));
  const Y = years.length;
  const y0 = years[0] ?? 0;
  const value = new Float64Array(shapes.length * Y).fill(NaN);
  const supertract: (string | null)[] = new Array(shapes.length * Y).fill(null);
  const halfPairs: (number | null)[] = new Array(shapes.length * Y).fill(null);
  for (const r of rows) {
    const i = at.get(r.tract);
    if (i === undefined) continue;
    const k = i * Y + (r.year - y0);
    if (r.value !== null) value[k] = r.value;
    supertract[k] = r.supertract;
    halfPairs[k] = r.half_pairs;
  }
  return { shapes, years, value, supertract, halfPairs };
}

/** Each tract's figure for year position `t` by the measure, in percent (NaN: none). */
function measureOf(p: Panel, t: number, measure: Measure, city: (number | null)[]): Float64Array {
  const Y = p.years.length;
  const out = new Float64Array(p.shapes.length).fill(NaN);
  const cityCum = city[t] !== null && city[0] ? (city[t]! / city[0]! - 1) * 100 : NaN;
  for (let i = 0; i < p.shapes.length; i++) {
    const v = p.value[i * Y + t];
    if (measure === "year") {
      const prev = t > 0 ? p.value[i * Y + t - 1] : NaN;
      out[i] = (v / prev - 1) * 100;
    } else {
      const first = p.value[i * Y];
      const cum = (v / first - 1) * 100;
      out[i] = measure === "relative" ? cum - cityCum : cum;
    }
  }
  return out;
}

/** Symmetric class limits around 0, from the 95th percentile of |figure| over every year. */
function limitsOf(p: Panel, measure: Measure, city: (number | null)[]): number[] {
  const all: number[] = [];
  for (let t = 0; t < p.years.length; t++)
    for (const v of measureOf(p, t, measure, city)) if (Number.isFinite(v)) all.push(Math.abs(v));
  all.sort((a, b) => a - b);
  const top = all.length ? all[Math.min(all.length - 1, Math.floor(all.length * 0.95))] : 1;
  const step = niceStep((top || 1) / 3.5);
  // Seven classes: below −2.5 steps … above +2.5 steps, the middle one around 0.
  return [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5].map((k) => k * step);
}

function niceStep(raw: number): number {
  const e = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * e) return m * e;
  return 10 * e;
}

function classOf(v: number, limits: number[]): string {
  if (!Number.isFinite(v)) return MISSING;
  let k = 0;
  while (k < limits.length && v >= limits[k]) k++;
  return SCALE[k];
}

const pct = (v: number) => `${v >= 0 ? "+" : ""}${formatNumber(v, 1)} %`;

export async function mapView(
  el: HTMLElement,
  run: number,
  cbsas: string[],
  series: SeriesData[],
  method: string,
): Promise<void> {
  if (method !== "rsai") {
    fill(el, h("p", { class: "hint" }, "Pooled methods have no tract panel to map; run RSAI for one."));
    return;
  }
  if (!cbsas.length) {
    fill(el, h("p", { class: "hint" }, "This run has no CBSA with tracts to map."));
    return;
  }
  if (!cbsas.includes(view.cbsa) && view.cbsa !== "*") view.cbsa = cbsas[0];
  fill(el, h("p", { class: "hint" }, "Loading tracts…"));
  let shapes: TractShape[];
  let rows: TractRow[];
  const cbsa = view.cbsa === "*" ? null : view.cbsa;
  try {
    [shapes, rows] = await Promise.all([api.tractShapes(cbsa), api.runTracts(run, cbsa)]);
  } catch (e) {
    fill(el, errorBox(e));
    return;
  }
  const inRun = new Set(rows.map((r) => r.tract));
  shapes = shapes.filter((s) => inRun.has(s.tract));
  if (!shapes.length) {
    fill(el, h("p", { class: "hint" }, "No tract of this run has a centroid in the project's tracts."));
    return;
  }
  const p = panelOf(shapes, rows);
  const Y = p.years.length;
  const weights = [...new Set(series.filter((s) => s.region === (cbsa ?? cbsas[0])).map((s) => s.weight))];
  if (!weights.includes(view.weight)) view.weight = weights[0] ?? "";
  if (view.year < 0 || view.year >= Y) view.year = Y - 1;
  const cityOf = (c: string | null): (number | null)[] => {
    const s = series.find((x) => x.region === (c ?? cbsas[0]) && x.weight === view.weight);
    return p.years.map((y) => (s ? (s.values[s.labels.indexOf(String(y))] ?? null) : null));
  };
  const withOutline = shapes.filter((s) => s.rings.length).length;

  const tip = h("div", { id: "map-tip", class: "map-tip", role: "status", hidden: true });
  const legend = h("div", { id: "map-legend", class: "map-legend" });
  const detail = h("div", { id: "map-detail", class: "map-detail", "aria-live": "polite" });
  const yearLabel = h("output", { id: "map-year-label", class: "map-year" });
  const slider = h("input", {
    id: "map-year",
    type: "range",
    min: "0",
    max: String(Y - 1),
    step: "1",
    value: String(view.year),
    "aria-label": "Year",
    oninput: () => {
      view.year = Number(slider.value);
      paint();
    },
  });
  let picked: number | null = null;
  let limits: number[] = [];
  let figures: Float64Array = new Float64Array(0);
  const map = new TractMap(
    shapes,
    (i, at) => {
      if (i === null) {
        tip.hidden = true;
        return;
      }
      tip.hidden = false;
      tip.style.left = `${at[0] + 14}px`;
      tip.style.top = `${at[1] + 10}px`;
      fill(tip, ...describe(i).map((line) => h("div", {}, line)));
    },
    (i) => {
      picked = i;
      paint();
      showTract(i);
    },
  );
  (window as unknown as { __hpiMap?: TractMap }).__hpiMap = map;
  const describe = (i: number): string[] => {
    const k = i * Y + view.year;
    const st = p.supertract[k];
    const hp = p.halfPairs[k];
    const v = p.value[k];
    return [
      `Tract ${shapes[i].tract}`,
      st ? `Supertract ${st}${st === shapes[i].tract ? " (itself)" : ""}` : "No supertract this year",
      `Index ${Number.isFinite(v) ? formatNumber(v, 1) : "—"} (${p.years[view.year]})`,
      `${measureTitle(view.measure)}: ${Number.isFinite(figures[i]) ? pct(figures[i]) : "—"}`,
      `Half-pairs ${hp === null ? "—" : count(hp)}`,
    ];
  };
  const members = (i: number): Set<number> => {
    const st = p.supertract[i * Y + view.year];
    const out = new Set<number>();
    if (!st) return out;
    for (let j = 0; j < shapes.length; j++)
      if (p.supertract[j * Y + view.year] === st && shapes[j].cbsa === shapes[i].cbsa) out.add(j);
    return out;
  };
  const paint = () => {
    const city = cityOf(view.cbsa === "*" ? null : view.cbsa);
    figures = measureOf(p, view.year, view.measure, city);
    map.setPaint({
      colors: Array.from(figures, (v) => classOf(v, limits)),
      highlighted: picked === null ? new Set() : members(picked),
    });
    yearLabel.value = String(p.years[view.year]);
    slider.value = String(view.year);
    slider.setAttribute("aria-valuetext", String(p.years[view.year]));
    if (picked !== null) showTract(picked);
  };
  const relimit = () => {
    limits = limitsOf(p, view.measure, cityOf(view.cbsa === "*" ? null : view.cbsa));
    fill(
      legend,
      h("div", { class: "map-legend-title" }, measureTitle(view.measure)),
      SCALE.map((c, k) =>
        h(
          "div",
          { class: "map-legend-row" },
          h("span", { class: "swatch", style: `background:${c}` }),
          k === 0
            ? `below ${pct(limits[0])}`
            : k === SCALE.length - 1
              ? `${pct(limits[k - 1])} and above`
              : `${pct(limits[k - 1])} to ${pct(limits[k])}`,
        ),
      ),
      h("div", { class: "map-legend-row" }, h("span", { class: "swatch", style: `background:${MISSING}` }), "no index"),
      h(
        "p",
        { class: "hint" },
        withOutline === shapes.length
          ? "Tract boundaries."
          : withOutline
            ? `${count(withOutline)} tracts with boundaries; ${count(shapes.length - withOutline)} as points.`
            : "Tract centroids (import boundaries on the Data screen to draw outlines).",
      ),
    );
  };
  const showTract = (i: number) => {
    const tract = shapes[i];
    const own = p.years.map((_, t) => {
      const v = p.value[i * Y + t];
      return Number.isFinite(v) ? v : null;
    });
    const city = cityOf(tract.cbsa);
    const ms = members(i);
    const chart = lineChart(
      {
        labels: p.years.map(String),
        series: [
          { label: `Tract ${tract.tract}`, color: "#000000", values: own },
          {
            label: `CBSA ${tract.cbsa} ${titleOf(view.weight)}`,
            color: colorOf(view.weight),
            dash: [6, 3],
            values: city,
          },
        ],
        yLabel: "Index",
        log: false,
        source: `Tract ${tract.tract} and its city's ${titleOf(view.weight)} index; RSAI run ${run}.`,
      },
      220,
    );
    fill(
      detail,
      h(
        "p",
        { id: "map-picked" },
        `Tract ${tract.tract} in ${p.years[view.year]}: supertract ${p.supertract[i * Y + view.year] ?? "—"} of ${ms.size} ${ms.size === 1 ? "tract" : "tracts"} (outlined).`,
      ),
      chart.element,
    );
  };
  let timer: number | null = null;
  const play = h(
    "button",
    {
      id: "map-play",
      "aria-label": "Play the years",
      onclick: () => {
        if (timer !== null) {
          stop();
          return;
        }
        if (view.year >= Y - 1) view.year = 0;
        play.textContent = "❚❚ Pause";
        timer = window.setInterval(() => {
          if (!el.isConnected || view.year >= Y - 1) {
            stop();
            return;
          }
          view.year++;
          paint();
        }, 600);
      },
    },
    "▶ Play",
  );
  const stop = () => {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    play.textContent = "▶ Play";
  };
  const select = (id: string, label: string, options: [string, string][], value: string, on: (v: string) => void) =>
    field(
      label,
      h(
        "select",
        { id, onchange: (e: Event) => on((e.target as HTMLSelectElement).value) },
        options.map(([v, t]) => h("option", { value: v, selected: v === value }, t)),
      ),
    );
  // The keyboard's (and a long list's) way to a tract: type its id.
  const find = h("input", {
    id: "map-find",
    type: "search",
    placeholder: "Tract id",
    spellcheck: false,
    "aria-label": "Find a tract",
    onkeydown: (e: KeyboardEvent) => {
      if (e.key !== "Enter") return;
      const wanted = find.value.trim();
      const i = shapes.findIndex((s) => s.tract === wanted);
      find.setCustomValidity(i < 0 && wanted ? `No tract ${wanted} on this map.` : "");
      find.reportValidity();
      if (i < 0) return;
      picked = i;
      map.centre(i);
      paint();
      showTract(i);
    },
  });
  const frame = h("div", { class: "map-frame" }, map.canvas, tip);
  fill(
    el,
    h(
      "div",
      { class: "controls" },
      select(
        "map-cbsa",
        "CBSA",
        [...cbsas.map((c): [string, string] => [c, c]), ["*", "All CBSAs"]],
        view.cbsa,
        (v) => {
          stop();
          view.cbsa = v;
          void mapView(el, run, cbsas, series, method);
        },
      ),
      select(
        "map-measure",
        "Colour by",
        (["cumulative", "year", "relative"] as Measure[]).map((m): [string, string] => [m, measureTitle(m)]),
        view.measure,
        (v) => {
          view.measure = v as Measure;
          relimit();
          paint();
        },
      ),
      select(
        "map-weight",
        "City index",
        weights.map((w): [string, string] => [w, titleOf(w)]),
        view.weight,
        (v) => {
          view.weight = v;
          relimit();
          paint();
        },
      ),
      h(
        "div",
        { class: "field map-years" },
        h("span", { class: "field-label" }, "Year"),
        h("span", { class: "row tight" }, slider, yearLabel, play),
      ),
      field("Find tract", find),
      h(
        "div",
        { class: "row tight", role: "group", "aria-label": "Zoom" },
        h("button", { id: "map-zoom-in", "aria-label": "Zoom in", onclick: () => map.zoom(1.5) }, "+"),
        h("button", { id: "map-zoom-out", "aria-label": "Zoom out", onclick: () => map.zoom(1 / 1.5) }, "−"),
        h("button", { id: "map-zoom-fit", onclick: () => fit() }, "Whole area"),
      ),
    ),
    h("div", { class: "map-layout" }, frame, legend),
    h(
      "p",
      { class: "source" },
      `Tract panel of RSAI run ${run}: ${count(shapes.length)} tracts, ${p.years[0]}–${p.years[Y - 1]}. Drag or arrow keys to pan, wheel or +/− to zoom, click a tract (or find it by id) for its supertract and index.`,
    ),
    detail,
  );
  const fit = () => map.fit(Math.max(320, frame.clientWidth), Math.max(320, Math.min(560, window.innerHeight - 320)));
  relimit();
  fit();
  paint();
}

function measureTitle(m: Measure): string {
  return {
    cumulative: "Appreciation since the first year",
    year: "Appreciation over the year",
    relative: "Appreciation beside the city's",
  }[m];
}

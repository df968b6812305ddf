// Desktop benchmarks (measured, never asserted): cold start to the first
// drawn chart of the sample project, redraw after a weight (legend) or CBSA
// toggle with 6 weights x 50 CBSAs x 33 years, resident memory with a
// 1M-transaction project open, the tract map's redraw with about 73,000
// tracts (points and outlines), the overview of a 10M-sale project, and
// opening that project on its last run with the memory it then takes. Run
// with scripts/bench-app.sh; HPI_BENCH=map,overview runs only the parts named
// (start, legend, memory, map, overview, national).
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { launch, hpi, stopDriver, click, APP } from "./harness.mjs";

// Generated projects are kept between runs: making the 1M one takes minutes.
const DATA = join(process.env.CARGO_TARGET_DIR ?? "target", "bench-app");
mkdirSync(DATA, { recursive: true });

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
const only = process.env.HPI_BENCH ? process.env.HPI_BENCH.split(",") : null;
const part = (name) => !only || only.includes(name);

async function timeToChart(args) {
  const t0 = performance.now();
  const browser = await launch(args);
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 120000 });
  const wall = performance.now() - t0;
  const inPage = await browser.execute(() => window.__hpiFirstChart ?? null);
  await browser.deleteSession();
  return { wall, inPage };
}

// 1. Cold start: the first launch builds the sample project; later ones open it.
if (part("start")) {
  const first = await timeToChart(["--sample"]);
  const later = [];
  for (let i = 0; i < 5; i++) later.push(await timeToChart(["--sample"]));
  results.start = {
    first_launch_ms: Math.round(first.wall),
    launch_to_chart_ms: Math.round(median(later.map((r) => r.wall))),
    page_load_to_chart_ms: Math.round(median(later.map((r) => r.inPage))),
  };
  console.log("start", results.start);
}

/** Goes to Results (a project opened by path lands on its Overview) and waits for the chart. */
async function showResults(browser) {
  await (await browser.$("#nav-results")).waitForDisplayed({ timeout: 120000 });
  await click(browser, "#nav-results");
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 120000 });
}

function project(name, generate, start, end = 2021, run = []) {
  const dir = join(DATA, name);
  const file = join(DATA, `${name}.hpiproj`);
  if (existsSync(file)) return file;
  hpi("generate", "--out", dir, ...generate);
  hpi("project", "new", file);
  for (const [f, k] of [
    ["tracts.csv", "tracts"],
    ["attributes.csv", "attributes"],
    ["transactions.csv", "transactions"],
  ]) {
    hpi("import", join(dir, f), "--project", file, "--kind", k);
  }
  if (start)
    hpi("calculate", "--project", file, "--method", "rsai", "--start", String(start), "--end", String(end), ...run);
  return file;
}

// 2. Legend toggle with 300 series.
if (part("legend")) {
  const file = project(
    "fifty",
    ["--cbsas", "50", "--tracts-per-cbsa", "20", "--properties", "150000", "--start-year", "1989"],
    1989,
  );
  const browser = await launch([file]);
  await showResults(browser);
  await click(browser, "#regions-all");
  await browser.waitUntil(async () => (await browser.$$(".u-legend .u-series")).length >= 301, { timeout: 60000 });
  const times = await browser.executeAsync((done) => {
    const entries = [...document.querySelectorAll(".u-legend .u-series")].slice(1);
    const out = [];
    let k = 0;
    const step = () => {
      if (k >= 40) return done(out);
      const t = performance.now();
      entries[k % 6].click();
      requestAnimationFrame(() => {
        out.push(performance.now() - t);
        k++;
        setTimeout(step, 20);
      });
    };
    step();
  });
  results.legend_toggle = { series: 300, median_ms: +median(times).toFixed(1), max_ms: +Math.max(...times).toFixed(1) };
  console.log("legend", results.legend_toggle);
  // A CBSA taken off the chart and put back: its six lines removed or added, timed to the
  // next frame (the script's work); the index table below, drawn after that frame, to when it
  // is built; and everything to when the table's own frame has been laid out and painted (a
  // task queued in a frame runs after its painting).
  const cbsa = [];
  const table = [];
  const settled = [];
  for (let k = 0; k < 12; k++) {
    const [frame, tab, end] = await browser.executeAsync((n, done) => {
      const boxes = [...document.querySelectorAll("#region-picker input")];
      const t = performance.now();
      boxes[1 + (Math.floor(n / 2) % 4)].click();
      requestAnimationFrame(() => {
        const f = performance.now() - t;
        const wait = () => {
          if (!(window.__hpiTabDrawn > t)) return setTimeout(wait, 5);
          const built = window.__hpiTabDrawn - t;
          requestAnimationFrame(() => setTimeout(() => done([f, built, performance.now() - t]), 0));
        };
        wait();
      });
    }, k);
    cbsa.push(frame);
    table.push(tab);
    settled.push(end);
  }
  results.cbsa_toggle = {
    series: 300,
    median_ms: +median(cbsa).toFixed(1),
    max_ms: +Math.max(...cbsa).toFixed(1),
    table_median_ms: +median(table).toFixed(1),
    settled_median_ms: +median(settled).toFixed(1),
  };
  console.log("cbsa", results.cbsa_toggle);
  await browser.deleteSession();
}

// 3. Resident memory with a project open on its results: the sample (the
// app's own footprint) and a 1M-transaction project (what data adds).
async function memory(args) {
  const browser = await launch(args);
  await showResults(browser);
  const m = await footprint();
  await browser.deleteSession();
  return m;
}

/** The memory of the running app and its WebKit processes, once it has settled. */
async function footprint() {
  await new Promise((r) => setTimeout(r, 2000));
  const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  const app = pids.find((p) => {
    try {
      return readlinkSync(`/proc/${p}/exe`) === APP;
    } catch {
      return false;
    }
  });
  const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  // Proportional set size: shared libraries counted once across the processes.
  const pss = (pid) => Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024;
  const children = pids.filter((p) => {
    try {
      return readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1] === app;
    } catch {
      return false;
    }
  });
  const m = {
    app_rss_mib: Math.round(rss(app)),
    webkit_rss_mib: Math.round(children.reduce((s, p) => s + rss(p), 0)),
    webkit_processes: children.map((p) => readFileSync(`/proc/${p}/comm`, "utf8").trim()),
    pss_total_mib: Math.round([app, ...children].reduce((s, p) => s + pss(p), 0)),
  };
  m.rss_total_mib = m.app_rss_mib + m.webkit_rss_mib;
  return m;
}
if (part("memory")) {
  const file = project(
    "million",
    ["--cbsas", "20", "--tracts-per-cbsa", "100", "--properties", "400000", "--start-year", "1985"],
    1990,
  );
  results.memory = {
    sample: await memory(["--sample"]),
    million: { project: hpi("project", "info", file).trim(), ...(await memory([file])) },
  };
  console.log("memory", results.memory);
}

// 4. The tract map with every tract of the national preset: an RSAI run over
// its last ten years (small CBSAs kept) drawn for "All CBSAs", as points and then as outlines
// (generated 24-point polygons around each centroid, imported as GeoJSON).
async function mapRedraw(file) {
  const browser = await launch([file]);
  await showResults(browser);
  await click(browser, "#tab-map");
  await (await browser.$(".map-canvas")).waitForDisplayed({ timeout: 120000 });
  const t0 = performance.now();
  await (await browser.$("#map-cbsa")).selectByAttribute("value", "*");
  await browser.waitUntil(async () => (await browser.execute(() => window.__hpiMap?.tracts?.length ?? 0)) > 50000, {
    timeout: 600000,
    interval: 200,
  });
  const load = performance.now() - t0;
  const figures = await browser.execute(() => {
    const m = window.__hpiMap;
    const slider = document.querySelector("#map-year");
    const years = Number(slider.max) + 1;
    const ctx = m.canvas.getContext("2d");
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const r = (x) => +x.toFixed(1);
    // Canvas drawing may be deferred to the next paint: reading a pixel back makes the
    // timing include the rasterising.
    const timed = (op) => {
      const t = performance.now();
      op();
      ctx.getImageData(0, 0, 1, 1);
      return performance.now() - t;
    };
    const series = (op) => {
      const xs = [];
      for (let k = 0; k < 40; k++) xs.push(timed(() => op(k)));
      return { median_ms: r(median(xs)), max_ms: r(Math.max(...xs)), drawn: { ...m.drawn } };
    };
    return {
      tracts: m.tracts.length,
      outlines: m.tracts.filter((t) => t.rings.length).length,
      // The whole map redrawn as it stands.
      redraw: series(() => m.draw()),
      // A year step: each tract's figure computed, classed and the map redrawn.
      year_step: series((k) => {
        slider.value = String(k % years);
        slider.dispatchEvent(new Event("input"));
      }),
      pan: series((k) => m.pan(k % 2 ? 7 : -7, 0)),
      zoomed_4x_pan: (m.zoom(4), series((k) => m.pan(k % 2 ? 7 : -7, 0))),
      zoomed_16x_pan: (m.zoom(4), series((k) => m.pan(k % 2 ? 7 : -7, 0))),
      zoomed_64x_pan: (m.zoom(4), series((k) => m.pan(k % 2 ? 7 : -7, 0))),
    };
  });
  await browser.deleteSession();
  return { load_all_cbsas_ms: Math.round(load), ...figures };
}
if (part("map")) {
  const file = project(
    "national-map",
    ["--preset", "national", "--properties", "900000", "--start-year", "2011", "--end-year", "2025"],
    2016,
    2025,
    // Every CBSA on the map, also those short of the threshold in some year.
    ["--keep-small-cbsas"],
  );
  const points = await mapRedraw(file);
  console.log("map points", points);
  const outlined = join(DATA, "national-map-outlines.hpiproj");
  if (!existsSync(outlined)) {
    const tracts = readFileSync(join(DATA, "national-map", "tracts.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    const features = tracts.map((line, n) => {
      const [tract, , lat, lon] = line.split(",");
      const ring = [];
      for (let k = 0; k <= 24; k++) {
        const a = ((k % 24) / 24) * 2 * Math.PI;
        const r = 0.012 * (k % 2 ? 0.8 : 1) * (1 + 0.2 * Math.sin(n + k));
        ring.push([+(Number(lon) + r * Math.cos(a)).toFixed(6), +(Number(lat) + r * Math.sin(a)).toFixed(6)]);
      }
      return { type: "Feature", properties: { GEOID: tract }, geometry: { type: "Polygon", coordinates: [ring] } };
    });
    const geojson = join(DATA, "national-map-outlines.geojson");
    writeFileSync(geojson, JSON.stringify({ type: "FeatureCollection", features }));
    copyFileSync(file, outlined);
    hpi("boundaries", geojson, "--project", outlined);
  }
  const outlines = await mapRedraw(outlined);
  console.log("map outlines", outlines);
  results.map = { project: hpi("project", "info", file).trim(), points, outlines };
}

/** The national preset's 10M-sale project with an RSAI run over 1975-2025. */
const national10m = () => project("national-10m", ["--preset", "national", "--properties", "3300000"], 1975, 2025);

// 5. The overview of a 10M-sale project (the national preset): the first
// time (counted from the sales) and again (kept in the project).
if (part("overview")) {
  const file = national10m();
  const browser = await launch([file]);
  const drawn = async () => {
    await browser.waitUntil(
      async () => (await browser.execute(() => window.__hpiOverviewSupertractsMs ?? null)) !== null,
      { timeout: 600000, interval: 100 },
    );
    return browser.execute(() => {
      const out = {
        // The counts, read or computed.
        call_ms: Math.round(window.__hpiOverviewMs),
        // Counts and the first CBSA's coverage drawn.
        drawn_ms: Math.round(window.__hpiOverviewDrawnMs),
        // The newest RSAI run's supertracts per year drawn.
        supertracts_ms: Math.round(window.__hpiOverviewSupertractsMs),
      };
      window.__hpiOverviewMs = window.__hpiOverviewDrawnMs = window.__hpiOverviewSupertractsMs = null;
      return out;
    });
  };
  const first = await drawn();
  const again = [];
  for (let i = 0; i < 5; i++) {
    await click(browser, "#nav-data");
    await click(browser, "#nav-overview");
    again.push(await drawn());
  }
  await browser.deleteSession();
  results.overview = {
    project: hpi("project", "info", file).trim(),
    first,
    cached_median: Object.fromEntries(Object.keys(first).map((k) => [k, median(again.map((a) => a[k]))])),
  };
  console.log("overview", results.overview);
}

// 6. The 10M-sale project opened on its last run, as an analyst opens it: from the
// request that starts the app to the run's chart drawn (the first launch, which may
// count the overview, not timed), then the memory of all the app's processes.
if (part("national")) {
  const file = national10m();
  const open = async () => {
    const t0 = performance.now();
    const browser = await launch([file]);
    await showResults(browser);
    const wall = performance.now() - t0;
    const inPage = await browser.execute(() => window.__hpiFirstChart ?? null);
    return { browser, wall, inPage };
  };
  await (await open()).browser.deleteSession();
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const r = await open();
    runs.push(r);
    if (i < 2) await r.browser.deleteSession();
  }
  const last = runs[runs.length - 1].browser;
  const memory = await footprint();
  await last.deleteSession();
  results.national = {
    project: hpi("project", "info", file).trim(),
    launch_to_last_run_chart_ms: runs.map((r) => Math.round(r.wall)),
    page_load_to_chart_ms: runs.map((r) => Math.round(r.inPage)),
    memory,
  };
  console.log("national", results.national);
}

stopDriver();
console.log(JSON.stringify(results, null, 2));

// Desktop benchmarks (measured, never asserted): cold start to the first
// drawn chart of the sample project, redraw after a legend toggle with
// 6 weights x 50 CBSAs x 33 years, and resident memory with a
// 1M-transaction project open. Run with scripts/bench-app.sh.
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { launch, hpi, stopDriver, click, APP } from "./harness.mjs";

// Generated projects are kept between runs: making the 1M one takes minutes.
const DATA = join(process.env.CARGO_TARGET_DIR ?? "target", "bench-app");
mkdirSync(DATA, { recursive: true });

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};

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
const first = await timeToChart(["--sample"]);
const later = [];
for (let i = 0; i < 5; i++) later.push(await timeToChart(["--sample"]));
results.start = {
  first_launch_ms: Math.round(first.wall),
  launch_to_chart_ms: Math.round(median(later.map((r) => r.wall))),
  page_load_to_chart_ms: Math.round(median(later.map((r) => r.inPage))),
};
console.log("start", results.start);

function project(name, generate, start) {
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
  hpi("calculate", "--project", file, "--method", "rsai", "--start", String(start), "--end", "2021");
  return file;
}

// 2. Legend toggle with 300 series.
{
  const file = project(
    "fifty",
    ["--cbsas", "50", "--tracts-per-cbsa", "20", "--properties", "150000", "--start-year", "1989"],
    1989,
  );
  const browser = await launch([file]);
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 120000 });
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
  await browser.deleteSession();
}

// 3. Resident memory with a project open on its results: the sample (the
// app's own footprint) and a 1M-transaction project (what data adds).
async function memory(args) {
  const browser = await launch(args);
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 120000 });
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
  await browser.deleteSession();
  return m;
}
{
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

stopDriver();
console.log(JSON.stringify(results, null, 2));

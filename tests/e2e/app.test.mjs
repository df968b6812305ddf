// End-to-end scenarios against the real app (see harness.mjs).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, shot, hpi, type, click, stopDriver, HOME, ROOT } from "./harness.mjs";

// The sample's files are imported from the app's home, not the clone, so that the screens
// (and the guide's screenshots of them) show the same paths wherever the tests run.
cpSync(join(ROOT, "sample"), join(HOME, "King County"), { recursive: true });
const sample = (f) => join(HOME, "King County", f);
const project = join(HOME, "My study.hpiproj");
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  stopDriver();
});

async function texts(elements) {
  const out = [];
  for (const e of elements) out.push(await e.getText());
  return out;
}

/** The index table's column titles once one matches `re` (the table is drawn in the frame after the chart), or as they are after 10 s. */
async function tableTitles(re) {
  let titles = [];
  await browser
    .waitUntil(async () => (titles = await texts(await browser.$$("#index-table th"))).some((t) => re.test(t)), {
      timeout: 10000,
    })
    .catch(() => {});
  return titles;
}

async function goTo(screen) {
  await click(browser, `#nav-${screen}`);
}

async function importFile(path, kind, { skip = false } = {}) {
  await type(browser, "#import-path", path);
  await (await browser.$("#import-kind")).selectByAttribute("value", kind);
  const box = await browser.$("#import-skip");
  if ((await box.isSelected()) !== skip) await box.click();
  await click(browser, "#import-preview");
  await (await browser.$("#preview-counts")).waitForDisplayed({ timeout: 60000 });
}

test("first launch opens the sample study with its chart drawn", async () => {
  browser = await launch();
  const chart = await browser.$("#chart canvas");
  await chart.waitForDisplayed({ timeout: 60000 });
  assert.match(await (await browser.$("#project-name")).getText(), /Sample study/);
  const legend = await browser.$$(".u-legend .u-series");
  assert.ok(legend.length >= 7, `legend has ${legend.length} entries`);
  assert.match(await (await browser.$(".source")).getText(), /2000 = 100/);
  await shot(browser, "01-sample-results");
});

/** Moves the pointer onto tract `i` of the map (its centroid); returns the tip and the offset used. */
async function hoverTract(i) {
  const canvas = await browser.$(".map-canvas");
  // WebDriver moves only to what is in view.
  await canvas.scrollIntoView({ block: "center" });
  const [x, y, w, h] = await browser.execute((k) => {
    const m = window.__hpiMap;
    const c = m.canvas.getBoundingClientRect();
    return [...m.screenOf(k), c.width, c.height];
  }, i);
  // WebDriver's offsets from an element are from its centre.
  const at = { x: Math.round(x - w / 2), y: Math.round(y - h / 2) };
  await browser
    .action("pointer")
    .move({ origin: canvas, ...at })
    .perform();
  const tip = await browser.$("#map-tip");
  await tip.waitForDisplayed({ timeout: 10000 });
  return [tip, at];
}

test("the map shows the sample's tract outlines: hover, the year slider and a click", async () => {
  await click(browser, "#tab-map");
  await (await browser.$(".map-canvas")).waitForDisplayed({ timeout: 30000 });
  const legend = await (await browser.$("#map-legend")).getText();
  assert.match(legend, /Appreciation since the first year[\s\S]*no index/);
  assert.match(legend, /Tract boundaries\./);
  // The whole study: the sample's boundary file leaves out three tracts, drawn as points.
  await (await browser.$("#map-cbsa")).selectByAttribute("value", "*");
  await browser.waitUntil(
    async () => /117 tracts with boundaries; 3 as points/.test(await (await browser.$("#map-legend")).getText()),
    { timeout: 30000 },
  );
  await (await browser.$("#map-cbsa")).selectByIndex(0);
  await browser.waitUntil(async () => /Tract boundaries\./.test(await (await browser.$("#map-legend")).getText()), {
    timeout: 30000,
  });
  const canvas = await browser.$(".map-canvas");
  const [tip, at] = await hoverTract(5);
  const said = await tip.getText();
  assert.match(said, /^Tract \d{11}/, said);
  assert.match(said, /Index [\d.,]+ \(2021\)/, said);
  assert.match(said, /Half-pairs \d/, said);
  // The slider: back to the first year by keyboard, then played forward.
  const label = await browser.$("#map-year-label");
  assert.equal(await label.getText(), "2021");
  await (await browser.$("#map-year")).click();
  await browser.keys(["Home"]);
  await browser.waitUntil(async () => (await label.getText()) === "2000", { timeout: 5000 });
  await click(browser, "#map-play");
  await browser.waitUntil(async () => Number(await label.getText()) >= 2002, { timeout: 10000 });
  await click(browser, "#map-play");
  const paused = await label.getText();
  await browser.pause(1300);
  assert.equal(await label.getText(), paused, "paused");
  // A click picks the tract: its supertract outlined, its index beside the city's.
  await browser
    .action("pointer")
    .move({ origin: canvas, ...at })
    .down()
    .up()
    .perform();
  const picked = await browser.$("#map-picked");
  await picked.waitForDisplayed({ timeout: 10000 });
  assert.match(await picked.getText(), /supertract \S+ of \d+ tracts? \(outlined\)/);
  await (await browser.$("#map-detail canvas")).waitForDisplayed({ timeout: 10000 });
  // The keyboard's way to a tract: its id in Find tract.
  const other = await browser.execute(() => window.__hpiMap.tracts[9].tract);
  await (await browser.$("#map-find")).setValue(other);
  await browser.keys(["Enter"]);
  await browser.waitUntil(async () => (await picked.getText()).startsWith(`Tract ${other} in`), { timeout: 10000 });
  const ms = await browser.execute(() => window.__hpiMap.lastRedrawMs);
  assert.ok(ms >= 0 && ms < 1000, `redraw took ${ms} ms`);
  await (await browser.$("#map-year")).click();
  await browser.keys(["End"]);
  await browser.waitUntil(async () => (await label.getText()) === "2021", { timeout: 5000 });
  await hoverTract(5);
  await shot(browser, "20-map");
  await click(browser, "#tab-table");
});

test("a WRS run shows its 95 % bands and standard errors", async () => {
  await (await browser.$("#result-run")).selectByAttribute("value", "1");
  const source = await browser.$(".source");
  await browser.waitUntil(async () => /WRS run 1/.test(await source.getText()), { timeout: 30000 });
  const bands = await browser.$("#chart-bands");
  assert.ok((await bands.isEnabled()) && (await bands.isSelected()), "bands on for a pooled run");
  assert.match(await source.getText(), /Shaded: 95 % bands/);
  const titles = await tableTitles(/WRS SE/);
  assert.ok(
    titles.some((t) => /WRS SE/.test(t)),
    titles.join(" | "),
  );
  await shot(browser, "13-bands");
  await bands.click();
  await browser.waitUntil(async () => !/Shaded/.test(await (await browser.$(".source")).getText()), { timeout: 10000 });
});

test("Diagnostics evaluates the WRS run: accuracy, volatility and its vintages", async () => {
  await click(browser, "#tab-diagnostics");
  await (await browser.$("#evaluate-form")).waitForDisplayed({ timeout: 10000 });
  await (await browser.$("#evaluate-vintage")).selectByAttribute("value", "2015-Q1");
  await click(browser, "#evaluate-run");
  const table = await browser.$("#diagnostics-table");
  await table.waitForDisplayed({ timeout: 120000 });
  const cells = await texts(await browser.$$("#diagnostics-table tbody tr:first-child td"));
  assert.equal(cells[0], "WRS");
  assert.ok(
    cells.every((c) => c !== "—"),
    cells.join(" | "),
  );
  await (await browser.$("#revision-chart canvas")).waitForDisplayed({ timeout: 10000 });
  await (await browser.$("#accuracy-chart canvas")).waitForDisplayed({ timeout: 10000 });
  const change = await texts(await browser.$$("#appreciation-table tbody tr:nth-child(2) td"));
  assert.match(change[1], /%\s±\s\d/, change.join(" | "));
  await (await browser.$("#tab-diagnostics")).scrollIntoView();
  await shot(browser, "14-diagnostics");
  await click(browser, "#tab-table");
});

test("Runs ranks the evaluated indices of two runs", async () => {
  // The RSAI run too, with five folds and no vintages.
  await (await browser.$("#result-run")).selectByAttribute("value", "2");
  await browser.waitUntil(async () => /RSAI run 2/.test(await (await browser.$(".source")).getText()), {
    timeout: 30000,
  });
  await click(browser, "#tab-diagnostics");
  await type(browser, "#evaluate-kfold", "5");
  await (await browser.$("#evaluate-vintage")).selectByAttribute("value", "");
  await click(browser, "#evaluate-run");
  await (await browser.$("#diagnostics-table")).waitForDisplayed({ timeout: 180000 });
  // RSAI's analytic standard error of each year's change, for every weight.
  const years = await texts(await browser.$$("#appreciation-table tbody tr:first-child td"));
  assert.equal(years.length, 7, years.join(" | "));
  assert.ok(
    years.slice(1).every((c) => /%\s±\s\d/.test(c)),
    years.join(" | "),
  );
  await (await browser.$("#accuracy-chart")).scrollIntoView();
  await shot(browser, "16-accuracy");
  await click(browser, "#tab-table");
  await goTo("runs");
  for (const id of ["1", "2"]) await click(browser, `#runs-table input[data-run="${id}"]`);
  const ranking = await browser.$("#ranking-table");
  await ranking.waitForDisplayed({ timeout: 30000 });
  assert.equal((await browser.$$("#ranking-table tbody tr")).length, 7, "six RSAI weights and WRS");
  await (await browser.$("#ranking")).scrollIntoView();
  await shot(browser, "15-ranking");
  for (const id of ["1", "2"]) await click(browser, `#runs-table input[data-run="${id}"]`);
});

test("a published FHFA index imports as a benchmark and is drawn beside the RSAI run", async () => {
  // FHFA's 2009 release as published: no header, standard errors as ( 0.55), '-' for no value.
  const fhfa = join(HOME, "fhfa_hpi_cbsa_2009q1.csv");
  cpSync(join(ROOT, "tests/data/published/fhfa_hpi_cbsa_2009q1.csv"), fhfa);
  await goTo("data");
  await importFile(fhfa, "benchmark");
  assert.match(await (await browser.$("#preview-counts")).getText(), /52,608 rows: 52,608 good, 0 bad/);
  await click(browser, "#import-run");
  await (await browser.$("#import-done")).waitForDisplayed({ timeout: 120000 });
  await goTo("results");
  await (await browser.$("#result-run")).selectByAttribute("value", "2");
  await browser.waitUntil(async () => /RSAI run 2/.test(await (await browser.$(".source")).getText()), {
    timeout: 30000,
  });
  await (await browser.$("#chart-benchmark")).selectByVisibleText("fhfa_hpi_cbsa_2009q1.csv, quarterly");
  await browser.waitUntil(
    async () => (await texts(await browser.$$(".u-legend .u-series"))).some((t) => /Benchmark/.test(t)),
    { timeout: 30000 },
  );
  await click(browser, "#tab-benchmark");
  const table = await browser.$("#tracking-table");
  await table.waitForDisplayed({ timeout: 10000 });
  const first = await texts(await browser.$$("#tracking-table tbody tr:first-child td"));
  // The sample's years 2000-2021 meet FHFA's quarters 1975-2009Q1 in the nine whole years 2000-2008.
  assert.equal(first[0], "10180", first.join(" | "));
  assert.equal(first[2], "9");
  assert.equal(first[3], "2000–2008");
  assert.ok(
    first.slice(4).every((c) => c !== "—"),
    first.join(" | "),
  );
  assert.equal((await browser.$$("#tracking-table tbody tr")).length, 18, "three CBSAs, six weights");
  await shot(browser, "18-benchmark");
  await (await browser.$("#chart-benchmark")).selectByAttribute("value", "-1");
  await click(browser, "#tab-table");
});

test("create a project", async () => {
  await goTo("start");
  await type(browser, "#project-path", project);
  await click(browser, "#create-at-path");
  const lead = await browser.$("p.lead*=This project is empty");
  await lead.waitForDisplayed({ timeout: 20000 });
  assert.match(await (await browser.$("#project-name")).getText(), /My study\.hpiproj/);
  await shot(browser, "02-new-project");
});

test("a CSV with a bad row is refused with its line and reason", async () => {
  const lines = readFileSync(sample("transactions.csv"), "utf8").split("\n").slice(0, 200);
  lines.splice(57, 0, "P999999999,2011-02-30,250000,48441000100,10180");
  const bad = join(HOME, "bad-sales.csv");
  writeFileSync(bad, lines.join("\n") + "\n");
  await importFile(bad, "transactions");
  const counts = await (await browser.$("#preview-counts")).getText();
  assert.match(counts, /200 rows: 199 good, 1 bad/);
  const issue = await texts(await browser.$$("#preview-issues tbody td"));
  assert.deepEqual(issue.slice(0, 2), ["58", "sale_date"]);
  assert.match(issue[2], /cannot read '2011-02-30' as a date/);
  await click(browser, "#import-run");
  const error = await browser.$("#import-result .error");
  await error.waitForDisplayed({ timeout: 20000 });
  assert.equal(await error.getAttribute("data-code"), "bad_input");
  const said = await error.getText();
  assert.match(said, /1 bad row, nothing imported/);
  // What to do, in the window's own words: its controls, never the CLI's flags.
  assert.match(said, /tick “Skip bad rows”/);
  assert.doesNotMatch(said, /--/);
  await shot(browser, "03-import-bad-row");
  assert.match(await (await browser.$("#status")).getText(), /^0 sales/);
});

test("good data imports", async () => {
  for (const [file, kind] of [
    ["tracts.csv", "tracts"],
    ["attributes.csv", "attributes"],
    ["transactions.csv", "transactions"],
  ]) {
    await importFile(sample(file), kind);
    await click(browser, "#import-run");
    await (await browser.$("#import-done")).waitForDisplayed({ timeout: 120000 });
  }
  await (await browser.$("#status*=47,540 sales")).waitForDisplayed({ timeout: 20000 });
  // The file's integrity, checked on demand as hpi db check does.
  await click(browser, "#check-file");
  await (await browser.$("#check-result*=found nothing wrong")).waitForDisplayed({ timeout: 60000 });
  await shot(browser, "04-data-imported");
});

test("the overview shows sales, repeat pairs and half-pair coverage", async () => {
  await goTo("overview");
  await (await browser.$("#overview-counts canvas")).waitForDisplayed({ timeout: 60000 });
  await (await browser.$("#coverage-canvas")).waitForDisplayed({ timeout: 30000 });
  assert.match(
    await (await browser.$("main .lead")).getText(),
    /^47,540 sales, 2000–2021, in 3 CBSAs and 120 tracts; [\d,]+ repeat pairs/,
  );
  const coverage = await browser.$("#overview-coverage .source");
  assert.match(await coverage.getText(), /CBSA 10180: 40 tracts × 22 years/);
  // Before any run: what to do to see supertracts.
  assert.match(await (await browser.$("#supertracts-empty")).getText(), /After an RSAI run/);
  await (await browser.$("#overview-cbsa")).selectByAttribute("value", "11100");
  await browser.waitUntil(async () => /CBSA 11100/.test(await coverage.getText()), { timeout: 20000 });
  await shot(browser, "21-overview");
});

test("dropped files queue for the import wizard with their kind guessed, and outlines import", async () => {
  const groups = [join(HOME, "groups-west.csv"), join(HOME, "groups-east.csv")];
  writeFileSync(groups[0], "tract,group\n48441000100,west\n48253000100,west\n");
  writeFileSync(groups[1], "tract,group\n48441000100,all\n48253000100,all\n");
  const outlines = sample("boundaries/cb_sample_tract_500k.zip");
  // WebDriver cannot make the system's drop: the test sends the event Tauri sends for one.
  await browser.execute(
    (paths) =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
        event: "tauri://drag-drop",
        payload: { paths, position: { x: 200, y: 200 } },
      }),
    [...groups, outlines],
  );
  const note = await browser.$("#import-dropped");
  await note.waitForDisplayed({ timeout: 20000 });
  assert.match(await note.getText(), /groups-west\.csv: its columns look like groups[\s\S]*Then groups-east\.csv/);
  assert.equal(await (await browser.$("#import-kind")).getValue(), "groups");
  assert.equal(await (await browser.$("#import-path")).getValue(), groups[0]);
  assert.equal(await (await browser.$("#boundaries-path")).getValue(), outlines);
  await (await browser.$("#preview-counts")).waitForDisplayed({ timeout: 60000 });
  await shot(browser, "22-dropped");
  await click(browser, "#import-run");
  // The next in the queue follows.
  await browser.waitUntil(async () => (await (await browser.$("#import-path")).getValue()) === groups[1], {
    timeout: 30000,
  });
  await (await browser.$("#preview-counts")).waitForDisplayed({ timeout: 60000 });
  await click(browser, "#import-run");
  await (await browser.$("#import-done")).waitForDisplayed({ timeout: 60000 });
  await click(browser, "#boundaries-import");
  const done = await browser.$("#boundaries-done");
  await done.waitForDisplayed({ timeout: 60000 });
  assert.match(await done.getText(), /^117 of 119 outlines in cb_sample_tract_500k\.zip matched/);
  assert.match(await (await browser.$("#boundaries-unmatched")).getText(), /48441999998, 48441999999/);
  assert.match(await (await browser.$("#boundaries-missing")).getText(), /^3 project tracts have no outline/);
  await (await browser.$("#boundaries-panel")).scrollIntoView();
  await shot(browser, "23-boundaries");
});

test("an RSAI run shows the chart and the CLI's values", async () => {
  await goTo("index");
  await type(browser, "#run-start", "2000");
  await type(browser, "#run-end", "2021");
  await shot(browser, "05-index-form");
  await click(browser, "#run-button");
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 180000 });
  await shot(browser, "05-rsai-results");
  // The same inputs through the CLI, rounded as the table shows them.
  const csv = hpi(
    "calculate",
    "--transactions",
    sample("transactions.csv"),
    "--tracts",
    sample("tracts.csv"),
    "--attributes",
    sample("attributes.csv"),
    "--method",
    "rsai",
    "--start",
    "2000",
    "--end",
    "2021",
    "--output",
    "-",
    "--format",
    "csv",
  );
  const [header, ...rows] = csv
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const col = (n) => header.indexOf(n);
  const region = await (await browser.$("#region-picker input:checked")).getAttribute("value");
  const cli = rows.filter((r) => r[col("region")] === region);
  const table = await browser.$("#index-table");
  await table.waitForDisplayed({ timeout: 10000 });
  const heads = await table.$$("thead th");
  const titles = await texts(heads);
  const body = await table.$$("tbody tr");
  assert.equal(body.length, 22);
  let compared = 0;
  for (const tr of body) {
    const cells = await texts(await tr.$$("td"));
    const year = cells[0];
    for (let k = 1; k < titles.length; k++) {
      const weight = {
        Sample: "sample",
        Value: "value",
        Unit: "unit",
        UPB: "upb",
        College: "college",
        "Non-white": "nonwhite",
      }[titles[k]];
      const row = cli.find((r) => r[col("period")] === year && r[col("weight")] === weight);
      assert.ok(row, `CLI row for ${year} ${weight}`);
      const want =
        row[col("index")] === ""
          ? "—"
          : Number(row[col("index")])
              .toFixed(1)
              .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      assert.equal(cells[k], want, `${region} ${year} ${weight}`);
      compared++;
    }
  }
  assert.equal(compared, 22 * 6);
});

test("a long run can be cancelled", async () => {
  const data = join(HOME, "big");
  hpi(
    "generate",
    "--out",
    data,
    "--cbsas",
    "10",
    "--tracts-per-cbsa",
    "200",
    "--properties",
    "300000",
    "--start-year",
    "1990",
  );
  const big = join(HOME, "Big study.hpiproj");
  hpi("project", "new", big);
  for (const [f, k] of [
    ["tracts.csv", "tracts"],
    ["transactions.csv", "transactions"],
  ])
    hpi("import", join(data, f), "--project", big, "--kind", k);
  await goTo("start");
  await type(browser, "#project-path", big);
  await click(browser, "#open-at-path");
  await goTo("index");
  await type(browser, "#run-start", "1990");
  await click(browser, "#run-button");
  await click(browser, "#run-cancel", 60000);
  await shot(browser, "06-cancelling");
  await (await browser.$("#run-cancelled")).waitForDisplayed({ timeout: 120000 });
  await goTo("runs");
  const status = await (await browser.$("#runs-table tbody tr")).getAttribute("data-status");
  assert.equal(status, "cancelled");
  await shot(browser, "07-cancelled-run");
});

test("closing and reopening finds the saved run", async () => {
  await browser.deleteSession();
  browser = await launch();
  const recent = await browser.$(`button=${project}`);
  await recent.waitForClickable({ timeout: 60000 });
  await recent.click();
  // A project opens on its overview, now with the run's supertracts per year.
  await (await browser.$("#overview-supertracts canvas")).waitForDisplayed({ timeout: 60000 });
  await goTo("results");
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 60000 });
  assert.match(await (await browser.$("#result-run")).getText(), /RSAI/);
  await goTo("runs");
  const rows = await browser.$$("#runs-table tbody tr");
  assert.equal(rows.length, 1);
  assert.equal(await rows[0].getAttribute("data-status"), "succeeded");
  await shot(browser, "08-reopened");
});

test("the Case-Shiller estimator on pairs held six months or more", async () => {
  await goTo("index");
  await (await browser.$("#run-method")).selectByAttribute("value", "cs");
  await (await browser.$("#run-period")).selectByAttribute("value", "quarterly");
  assert.equal(await (await browser.$("#filter-cagr")).isSelected(), false, "no paper filters for a pooled method");
  assert.equal(await (await browser.$("#run-estimator")).isDisplayed(), false, "the estimator is BMN's and WRS's");
  await click(browser, "#filter-holding");
  await type(browser, "#filter-months", "6");
  await type(browser, "#run-start", "2000");
  await type(browser, "#run-end", "2021");
  await click(browser, "#run-seasonal");
  await click(browser, "#run-smooth");
  await type(browser, "#run-composite-name", "texas");
  await type(browser, "#run-composite-regions", "10180, 11100");
  await shot(browser, "17-pair-filters");
  await click(browser, "#run-button");
  const source = await browser.$(".source");
  await browser.waitUntil(async () => /CS run 2/.test(await source.getText()), { timeout: 180000 });
  // The seasonally adjusted index is drawn beside the index and listed in the table.
  const titles = await tableTitles(/CS SA/);
  assert.ok(
    titles.some((t) => /CS SA/.test(t)),
    titles.join(" | "),
  );
  const legend = await texts(await browser.$$(".u-legend .u-series"));
  assert.ok(
    legend.some((t) => /seasonally adjusted/.test(t)),
    legend.join(" | "),
  );
  // Smoothed too, and marked as such in the table and the legend.
  assert.ok(
    titles.some((t) => /CS smoothed/.test(t)),
    titles.join(" | "),
  );
  assert.ok(
    legend.some((t) => /smoothed, moving average/.test(t)),
    legend.join(" | "),
  );
  // The composite comes after the regions; drawn beside Abilene and Amarillo.
  for (const region of ["10180", "11100", "composite:texas"]) {
    const box = await browser.$(`#region-picker input[value="${region}"]`);
    if (!(await box.isSelected())) await box.click();
  }
  await browser.waitUntil(
    async () => (await texts(await browser.$$(".u-legend .u-series"))).some((t) => /composite:texas/.test(t)),
    { timeout: 10000 },
  );
  await shot(browser, "19-composite");
  await goTo("runs");
  const rows = await browser.$$("#runs-table tbody tr");
  assert.equal(rows.length, 2);
  assert.match(await rows[0].getText(), /held ≥ 6 months/);
  assert.match(await rows[0].getText(), /smoothed over 3 periods/);
  assert.match(await rows[0].getText(), /composite:texas/);
});

test("Settings offers updates only to released builds, and About tells where things are", async () => {
  await goTo("settings");
  const state = await browser.$("#update-state");
  await state.waitForDisplayed({ timeout: 20000 });
  // The tests' build carries no release key: it says so rather than offer what it cannot verify.
  assert.match(await state.getText(), /not built by the release workflow/);
  assert.equal(await (await browser.$("#update-check")).isEnabled(), false);
  await shot(browser, "09-settings");
  await goTo("about");
  const version = await browser.$("#about-version");
  await version.waitForDisplayed({ timeout: 20000 });
  assert.match(await version.getText(), /^Version \d+\.\d+\.\d+/);
  assert.match(
    await (await browser.$("main")).getText(),
    new RegExp(`${HOME.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.logs`),
  );
  await shot(browser, "10-about");
});

test("Help opens the user guide offline, at the page of the screen shown", async () => {
  await goTo("runs");
  const main = await browser.getWindowHandle();
  await click(browser, "#nav-help");
  await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 2, {
    timeout: 20000,
    timeoutMsg: "no Help window",
  });
  const help = (await browser.getWindowHandles()).find((w) => w !== main);
  await browser.switchToWindow(help);
  const heading = await browser.$("main h1");
  await heading.waitForDisplayed({ timeout: 20000 });
  assert.equal(await heading.getText(), "Runs");
  assert.match(await browser.getUrl(), /\/help\/guide\/runs\.html$/);
  // The book's own scripts run: its table of contents and search are there.
  await (
    await browser.$("#mdbook-sidebar a[href$='getting-started.html'], .sidebar a[href$='getting-started.html']")
  ).waitForExist({ timeout: 20000 });
  assert.ok(await (await browser.$("#mdbook-search-toggle, #search-toggle")).isExisting(), "search is offered");
  // The screenshots of the page load from inside the app.
  await browser.waitUntil(
    () =>
      browser.execute(
        () => document.images.length > 0 && [...document.images].every((i) => i.complete && i.naturalWidth > 0),
      ),
    { timeout: 20000, timeoutMsg: "the page's images did not load" },
  );
  await shot(browser, "11-help");
  // Formulas are MathML, drawn by the webview itself: no script, no network.
  await browser.url((await browser.getUrl()).replace(/guide\/runs\.html$/, "how-indices-are-made.html"));
  const formula = await browser.$("math");
  await formula.waitForExist({ timeout: 20000 });
  const size = await browser.execute(() => {
    const r = document.querySelector("math").getBoundingClientRect();
    return [r.width, r.height];
  });
  assert.ok(size[0] > 40 && size[1] > 10, `the first formula is drawn ${size[0]}×${size[1]}`);
  await shot(browser, "12-help-formulas");
  await browser.closeWindow();
  await browser.switchToWindow(main);
  assert.equal(await (await browser.$("h1")).getText(), "Runs");
});

// The updater, end to end, against the installed package (scripts/update-test.sh
// installs version N and serves version N+1 on 127.0.0.1). Each scenario is
// an organization policy pointing at one feed on the loopback server:
// tampered/ and otherkey/ must be refused with N still running, off/ must
// never be asked, good/ is installed and the app comes back as N+1.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { launch, shot, click, stopDriver, HOME } from "./harness.mjs";

const FEED = process.env.UPDATE_FEED; // http://127.0.0.1:PORT
const CURRENT = process.env.UPDATE_CURRENT;
const NEXT = process.env.UPDATE_NEXT;
const REQUESTS = process.env.UPDATE_REQUESTS; // the server's request log
const PACKAGE = process.env.UPDATE_PACKAGE;
assert.ok(FEED && CURRENT && NEXT && REQUESTS && PACKAGE, "run through scripts/update-test.sh");

let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  stopDriver();
});

function usePolicy(policy) {
  const file = join(HOME, "policy.json");
  writeFileSync(file, JSON.stringify(policy));
  process.env.HPI_STUDIO_POLICY = file;
  // tauri-driver passes its environment to the app: start a fresh one.
  stopDriver();
}

const installedVersion = () => execFileSync("dpkg-query", ["-W", "-f", "${Version}", PACKAGE], { encoding: "utf8" });
const requestsFor = (path) =>
  readFileSync(REQUESTS, "utf8")
    .split("\n")
    .filter((l) => l.includes(`GET /${path}/`));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts N under `feed`'s policy; the background check offers N+1 in the status bar. */
async function offered(feed) {
  usePolicy({ UpdateUrl: `${FEED}/${feed}/latest.json` });
  browser = await launch();
  const notice = await browser.$("#update-notice");
  await notice.waitForDisplayed({ timeout: 60000 });
  assert.equal(await notice.getText(), `HPI Studio ${NEXT} is available`);
  await notice.click();
  const dialog = await browser.$("#update-dialog");
  await dialog.waitForDisplayed({ timeout: 10000 });
  assert.match(
    await (await browser.$("#update-title")).getText(),
    new RegExp(`HPI Studio ${NEXT.replace(/\./g, "\\.")} is available`),
  );
  assert.match(await dialog.getText(), new RegExp(`You have ${CURRENT.replace(/\./g, "\\.")}`));
  return dialog;
}

async function refused(feed) {
  const dialog = await offered(feed);
  await click(browser, "#update-install");
  const error = await browser.$("#update-dialog .error");
  await error.waitForDisplayed({ timeout: 60000 });
  assert.equal(await error.getAttribute("data-code"), "untrusted");
  assert.match(await error.getText(), /not signed by the HPI Studio developers/);
  await shot(browser, `update-refused-${feed}`);
  assert.equal(installedVersion(), CURRENT, "nothing was installed");
  await click(browser, "#update-close");
  assert.equal(await dialog.isExisting(), false);
  // N keeps running and answering.
  await click(browser, "#nav-about");
  const version = await browser.$("#about-version");
  await version.waitForDisplayed({ timeout: 20000 });
  assert.equal(await version.getText(), `Version ${CURRENT}`);
  await browser.deleteSession();
  browser = null;
}

test("a tampered package is refused and N keeps running", async () => {
  await refused("tampered");
});

test("a package signed with another key is refused", async () => {
  await refused("otherkey");
});

test("with updates turned off by policy no request is made", async () => {
  usePolicy({ Updates: false, UpdateUrl: `${FEED}/off/latest.json` });
  browser = await launch();
  await click(browser, "#nav-settings");
  const state = await browser.$("#update-state");
  await state.waitForDisplayed({ timeout: 20000 });
  assert.match(await state.getText(), /Your organization has turned updates off/);
  assert.equal(await (await browser.$("#update-check")).isEnabled(), false);
  assert.equal(await (await browser.$("#settings-check-updates")).isEnabled(), false);
  await shot(browser, "update-off-by-policy");
  // Well past the first background check (8 s after start).
  await sleep(15000);
  assert.deepEqual(requestsFor("off"), []);
  assert.equal(await (await browser.$("#update-notice")).isExisting(), false);
  await browser.deleteSession();
  browser = null;
});

test("N finds N+1, installs it and comes back as N+1", async () => {
  await offered("good");
  // The CHANGELOG section, as headings and items.
  const headings = [];
  for (const e of await browser.$$("#update-notes h3")) headings.push(await e.getText());
  assert.deepEqual(headings, ["Added", "Fixed"]);
  assert.equal(
    await (await browser.$("#update-notes li")).getText(),
    "A loopback release made by scripts/update-test.sh.",
  );
  await shot(browser, "update-offered");
  await click(browser, "#update-install");
  await (await browser.$("#update-restart")).waitForDisplayed({ timeout: 120000 });
  assert.equal(await (await browser.$("#update-title")).getText(), `HPI Studio ${NEXT} is installed`);
  await shot(browser, "update-installed");
  assert.equal(installedVersion(), NEXT);
  assert.equal(requestsFor("good").filter((l) => l.includes(".deb")).length, 1, "the package was downloaded once");
  // The app quits while answering the click: the session ends with it.
  await click(browser, "#update-restart").catch(() => {});
  // The session's app is gone; the restarted one writes to the same log folder.
  const logs = join(HOME, "logs");
  let started = "";
  for (let i = 0; i < 120 && !started; i++) {
    await sleep(500);
    if (!existsSync(logs)) continue;
    const text = readdirSync(logs)
      .map((f) => readFileSync(join(logs, f), "utf8"))
      .join("\n");
    if (text.includes(`HPI Studio ${NEXT} starting`)) started = NEXT;
  }
  assert.equal(started, NEXT, "the restarted app is version N+1");
  browser = null;
  execFileSync("pkill", ["-f", "^/usr/bin/hpi-studio"], { stdio: "ignore" });
});

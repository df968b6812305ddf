// Drives the real HPI Studio binary in a real WebKit window: tauri-driver
// (crates.io) in front of WebKitWebDriver (Debian's webkit2gtk-driver),
// spoken to with WebdriverIO. Run under Xvfb; see scripts/e2e.sh.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

const target = process.env.CARGO_TARGET_DIR ?? join(process.cwd(), "target");
export const APP = process.env.HPI_STUDIO_APP ?? join(target, "debug", "hpi-studio");
export const HPI = process.env.HPI_CLI ?? join(target, "debug", "hpi");
export const SHOTS = process.env.E2E_SCREENSHOTS ?? join(target, "e2e-screenshots");
export const ROOT = process.cwd();
mkdirSync(SHOTS, { recursive: true });

/**
 * One app home (settings, sample, logs) per test file: reopening finds what the last session left.
 * Its path is the same on every run (emptied first) because the guide's screenshots show it and
 * scripts/check-screenshots.py compares them with the last run's; the files run one at a time.
 */
export const HOME = join(tmpdir(), "hpi-studio-e2e", basename(process.argv[1] ?? "e2e", ".test.mjs"));
rmSync(HOME, { recursive: true, force: true });
mkdirSync(HOME, { recursive: true });

let driver = null;
const PORT = 4444;

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

export async function startDriver() {
  if (driver) return;
  // A driver just stopped (to change the app's environment) may hold the port a moment longer.
  for (let i = 0; i < 50 && (await portOpen(PORT)); i++) await new Promise((r) => setTimeout(r, 100));
  if (await portOpen(PORT)) throw new Error(`port ${PORT} is taken: is another tauri-driver still running?`);
  // A process group of its own: stopping the driver stops WebKitWebDriver and the app with it.
  // An app left behind would hold this process's output open, and the test runner would wait
  // for it for ever.
  driver = spawn("tauri-driver", ["--port", String(PORT)], {
    env: { ...process.env, HPI_STUDIO_HOME: HOME },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 100 && !(await portOpen(PORT)); i++) await new Promise((r) => setTimeout(r, 100));
}

function killDriver() {
  try {
    if (driver) process.kill(-driver.pid);
  } catch {
    // Gone already.
  }
}

// A failed run must not leave the driver (and its app) behind.
process.on("exit", killDriver);

export function stopDriver() {
  killDriver();
  driver = null;
}

/** Starts the app and returns the WebDriver session. */
export async function launch(args = []) {
  await startDriver();
  return remote({
    hostname: "127.0.0.1",
    port: PORT,
    logLevel: "warn",
    connectionRetryTimeout: 120000,
    capabilities: { "tauri:options": { application: APP, args } },
  });
}

/** Saves the window as `name.png` and the text it shows as `name.txt` (what the screenshot check compares). */
export async function shot(browser, name) {
  // Two animation frames: the screen just switched to is painted, not only in the DOM.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.saveScreenshot(join(SHOTS, `${name}.png`));
  writeFileSync(join(SHOTS, `${name}.txt`), await browser.execute(() => document.body.innerText));
}

/** Runs the hpi CLI and returns its standard output. */
export function hpi(...args) {
  return execFileSync(HPI, args, { encoding: "utf8", maxBuffer: 256 << 20 });
}

/** Sets a text or number input's value the way a user would. */
export async function type(browser, selector, value) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 20000 });
  await el.clearValue();
  await el.setValue(value);
}

export async function click(browser, selector, timeout = 20000) {
  const el = await browser.$(selector);
  await el.waitForClickable({ timeout });
  await el.click();
}

// An organization policy (HPI_STUDIO_POLICY: the JSON an administrator puts
// in /etc/hpi-studio/policy.json) fixes the default folder for the user and
// is shown, with its mistakes, on the About screen.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, shot, click, stopDriver, HOME } from "./harness.mjs";

const folder = join(HOME, "Shared studies");
const policy = join(HOME, "policy.json");
writeFileSync(policy, JSON.stringify({ Updates: false, DefaultProjectFolder: folder, Colour: "red" }));
process.env.HPI_STUDIO_POLICY = policy;
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  stopDriver();
});

test("a policy locks the default folder and is shown on About", async () => {
  browser = await launch();
  await (await browser.$("#chart canvas")).waitForDisplayed({ timeout: 60000 });
  await click(browser, "#nav-settings");
  const input = await browser.$("#settings-folder");
  await input.waitForDisplayed({ timeout: 20000 });
  assert.equal(await input.getValue(), folder);
  assert.equal(await input.isEnabled(), false);
  assert.match(await (await browser.$("main")).getText(), /Managed by your organization/);
  await shot(browser, "policy-settings");
  await click(browser, "#nav-about");
  const about = await browser.$("#about-policy");
  await about.waitForDisplayed({ timeout: 20000 });
  const text = await about.getText();
  assert.match(text, new RegExp(policy.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.match(text, /turned off/);
  assert.match(text, /unknown key "Colour"/);
});

// Opens a pack's HTML in Debian's headless Chromium (through playwright-core; no browser is
// downloaded), runs axe-core's WCAG 2 A/AA rules, records every network request the page
// makes, optionally takes screenshots, and prints a JSON report.
//
//   node tests/browser/check_html.mjs PACK.html [SCREENSHOT_PREFIX]
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "tools", "node_modules", "x.js"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [page_path, screenshot] = process.argv.slice(2);
const url = pathToFileURL(resolve(page_path)).href;
const profile = mkdtempSync(join(tmpdir(), "reviewpack-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
try {
  const requests = [];
  const page = await browser.newPage();
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  const consoleErrors = [];
  page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
  await page.goto(url, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })), passes: r.passes.length };
  });
  const text = await page.evaluate(() => document.body.innerText);
  const scripts = await page.evaluate(() => document.querySelectorAll("script").length - 1);
  if (screenshot) {
    await page.screenshot({ path: `${screenshot}-desktop.png`, fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshot}-phone.png`, fullPage: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    result.phone_horizontal_overflow = overflow;
  }
  console.log(JSON.stringify({ ...result, requests, console_errors: consoleErrors, text, scripts }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

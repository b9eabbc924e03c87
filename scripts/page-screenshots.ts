// npm run screenshots:page: the offline page (web/) as PNG, for the README — built as
// `npm run build` builds it, opened from disk (file://) in Debian's Chromium at 1366×768, the
// bundled examples chosen as a folder (copied first, so the page shows short paths: 保定市/…,
// 河北/保定市/…), 校验 or 汇总 clicked and the result shown, the viewport saved.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM, launchChromium, ROOT } from "../test/browser/harness.js";
import { buildPage } from "../test/browser/page-build.js";

const OUT = path.join(ROOT, "docs/images");
const EXAMPLES = path.join(ROOT, "examples/hebei-2025");

if (!existsSync(CHROMIUM)) {
  console.error(`需要 Chromium（${CHROMIUM}，或用 CHROMIUM_PATH 指定）。`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), "pilot-forms-page-shots-"));
const city = path.join(work, "city", "保定市");
const province = path.join(work, "province", "河北");
mkdirSync(path.dirname(city));
mkdirSync(path.dirname(province));
cpSync(path.join(EXAMPLES, "保定市"), city, { recursive: true, preserveTimestamps: true });
cpSync(EXAMPLES, province, { recursive: true, preserveTimestamps: true });

/** Wait for a result (or the page's message, which is then an error). */
async function waitFor(page: Page, testId: string): Promise<void> {
  await page.waitForSelector(`[data-testid=${testId}], [data-testid=message].error:not([hidden])`, { timeout: 180_000 });
  if ((await page.locator(`[data-testid=${testId}]`).count()) !== 1)
    throw new Error(`没有结果：${await page.locator("[data-testid=message]").textContent()}`);
}

async function shot(page: Page, name: string): Promise<void> {
  // Let the fonts and the last layout settle before the picture.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(200);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: "disabled", caret: "hide" });
  console.log(path.relative(ROOT, file));
}

const browser = await launchChromium();
try {
  const dir = buildPage(path.join(work, "web"));
  const url = `file://${path.join(dir, "index.html")}`;
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, locale: "zh-CN" });
  // The page loads nothing but itself; refuse anything else, as its tests do.
  await context.route("**/*", (route) => {
    const u = route.request().url();
    return u === url || u.startsWith("blob:") ? route.continue() : route.abort();
  });
  const open = async (): Promise<Page> => {
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`页面错误：${String(e)}`));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
    return page;
  };

  let page = await open();
  await shot(page, "page-start");
  await page.close();

  page = await open();
  await page.setInputFiles("[data-testid=folder]", city);
  await page.click("[data-testid=validate]");
  await waitFor(page, "validate-result");
  await page.check("[data-testid=problems-only]");
  // The top of the results: the filters above them, then the first file with problems.
  await page.locator("#filters").evaluate((e) => e.scrollIntoView({ block: "start" }));
  await shot(page, "page-validate");
  await page.close();

  page = await open();
  await page.setInputFiles("[data-testid=folder]", province);
  await page.click("[data-testid=merge]");
  await waitFor(page, "merge-result");
  await shot(page, "page-merge");
  await page.close();
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}

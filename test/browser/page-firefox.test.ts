// The offline page (issue 10) in Debian's Firefox ESR, which the README names beside Chromium:
// dist/web/index.html opened from disk (file://) in headless Firefox, driven by puppeteer-core
// over WebDriver BiDi (never a downloaded browser). What differs from Chromium is the worker:
// the page starts it from a blob: URL made of its own inline script, under Firefox's file://
// origin rules. One file validated, one city's files merged; that the outputs equal the CLI's
// is page.test.ts's job in Chromium. No request may leave the machine.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./harness.js";
import { buildPage } from "./page-build.js";

const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
const CITY = path.join(ROOT, "examples/hebei-2025/保定市");

const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-page-firefox-"));
let dir: string;
let browser: Browser;
/** Every URL the pages asked for: only the page itself, its data: font, blob: URLs. */
const requests: string[] = [];

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`file://${path.join(dir, "index.html")}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  // The too-old box is decided on load: Firefox must not get it.
  await page.waitForFunction(() => document.readyState === "complete");
  expect(await page.$eval("[data-testid=too-old]", (e) => getComputedStyle(e).display)).toBe("none");
  expect(await page.$eval("#app", (e) => getComputedStyle(e).display)).not.toBe("none");
  return { page, errors };
}

/** Wait for the result (or the page's error message, which then fails the test with its text). */
async function waitFor(page: Page, testId: string): Promise<void> {
  await page.waitForSelector(`[data-testid=${testId}], [data-testid=message]:not([hidden])`, { timeout: 30_000 });
  const message = await page.$eval("[data-testid=message]", (e) => ((e as HTMLElement).hidden ? "" : (e.textContent ?? "")));
  expect(message).toBe("");
  expect(await page.$$(`[data-testid=${testId}]`), message).toHaveLength(1);
}

async function choose(page: Page, files: string[]): Promise<void> {
  const input = await page.$("input[data-testid=files]");
  expect(input).not.toBeNull();
  await input!.uploadFile(...files);
}

describe.skipIf(!existsSync(FIREFOX))("the offline page in Firefox ESR", () => {
  beforeAll(async () => {
    dir = buildPage(path.join(tmp, "web"));
    browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
    // Nothing but the page, its inline font and the worker's blob:.
    expect(requests.filter((u) => !/^(file|data|blob):/.test(u))).toEqual([]);
  });

  it("validates one file in its worker (a blob: URL from file://) and lists the issues", async () => {
    const { page, errors } = await openPage();
    await choose(page, [path.join(CITY, "典型案例推荐汇总表.xlsx")]);
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    expect(await page.$$eval("[data-testid=validate-result] li.issue", (els) => els.length)).toBeGreaterThan(0);
    expect(await page.$("[data-testid=download-report]")).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("merges a city's files chosen one by one, listing each file", async () => {
    const { page, errors } = await openPage();
    const files = readdirSync(CITY)
      .map((n) => path.join(CITY, n))
      .filter((p) => statSync(p).isFile());
    expect(files.length).toBeGreaterThanOrEqual(4);
    await choose(page, files);
    await page.click("[data-testid=merge]");
    await waitFor(page, "merge-result");
    const shown = await page.$$eval("[data-testid=merge-result] [data-testid=file]", (els) =>
      els.map((e) => e.getAttribute("data-file")),
    );
    expect([...shown].sort()).toEqual(files.map((f) => path.basename(f)).sort());
    for (const id of ["download-rollup", "download-report", "feedback"])
      expect(await page.$(`[data-testid=${id}]`), id).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});

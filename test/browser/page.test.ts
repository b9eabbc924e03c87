// The offline page (issue 10) in real Chromium, as an officer uses it: dist/web/index.html
// opened from disk (file://), files chosen with its file inputs, 校验 and 汇总 clicked, the
// downloads saved. Each output must equal what `pilot-forms` writes for the same files, run
// beside the chosen folder: the roll-up and the annotated copy byte for byte, the JSON reports
// as text, the feedback .zip entry for entry. Every request the page makes is recorded and
// anything but the page's own file refused: none may be made.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliIn } from "../fixtures/cli-process.js";
import { convertWith, haveTools } from "../fixtures/libreoffice.js";
import { CHROMIUM, launchChromium, ROOT, serve } from "./harness.js";
import { buildPage } from "./page-build.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-page-"));
/** The examples copied with their modified times, as an officer's folder: tmp/in/hebei-2025. */
const IN = path.join(tmp, "in");
const FOLDER = path.join(IN, "hebei-2025");
const CITY = path.join(FOLDER, "保定市");

let dir: string;
let browser: Browser;
let context: BrowserContext;
const requests: string[] = [];
const blocked: string[] = [];
/** The only URLs the page may load: itself (from disk, or from the test's web server). */
const allowed = new Set<string>();

async function openPage(url = `file://${path.join(dir, "index.html")}`): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
  expect(errors).toEqual([]);
  return page;
}

/** Click a download link or button and return the saved file's name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.click(`[data-testid=${testId}]`)]);
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

async function waitFor(page: Page, testId: string): Promise<void> {
  await page.waitForSelector(`[data-testid=${testId}], [data-testid=message]:not([hidden])`, { timeout: 180_000 });
  const message = await page.locator("[data-testid=message]").textContent();
  expect(await page.locator(`[data-testid=${testId}]`).count(), message ?? "").toBe(1);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort((a, b) => a.localeCompare(b, "zh-Hans-CN"))
    .map((n) => path.join(folder, n))
    .filter((p) => statSync(p).isFile());
}

/** Every file of a folder, by path relative to it. */
function readTree(folder: string, rel = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(folder, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of readTree(folder, r)) out.set(k, v);
    else out.set(r, readFileSync(path.join(folder, r)));
  }
  return out;
}

describe.skipIf(!existsSync(CHROMIUM))("the offline page in Chromium", () => {
  beforeAll(async () => {
    dir = buildPage(path.join(tmp, "web"));
    allowed.add(`file://${path.join(dir, "index.html")}`);
    mkdirSync(IN);
    cpSync(path.join(ROOT, "examples/hebei-2025"), FOLDER, { recursive: true, preserveTimestamps: true });
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
    context.on("request", (r) => requests.push(r.url()));
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (allowed.has(url)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("is one self-contained file: its script inline, nothing else to load", () => {
    expect(readdirSync(dir)).toEqual(["index.html"]);
    const html = readFileSync(path.join(dir, "index.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/);
    expect(html).toContain('data-testid="files"');
  });

  it("merges a chosen folder to the CLI's roll-up, byte for byte, and the same JSON report", async () => {
    const page = await openPage();
    await page.setInputFiles("[data-testid=folder]", FOLDER);
    await page.click("[data-testid=merge]");
    await waitFor(page, "merge-result");
    const rollup = await download(page, "download-rollup");
    const report = await download(page, "download-report");
    expect(rollup.name).toMatch(/\.xlsx$/);
    expect(report.name).toMatch(/\.json$/);

    // The CLI beside the chosen folder, where the roll-up is to be saved (its links are relative to it).
    const out = mkdtempSync(path.join(tmp, "cli-"));
    const cli = runCliIn(
      IN,
      "merge",
      "hebei-2025",
      "-o",
      "全省汇总.xlsx",
      "--json",
      path.join(out, "r.json"),
      "--feedback",
      path.join(out, "反馈"),
    );
    expect(cli.code, cli.err).toBe(0);
    const want = readFileSync(path.join(IN, "全省汇总.xlsx"));
    rmSync(path.join(IN, "全省汇总.xlsx"));
    expect(rollup.bytes.length).toBeGreaterThan(20_000);
    expect(rollup.bytes.equals(want)).toBe(true);
    const wantReport = readFileSync(path.join(out, "r.json"), "utf8");
    expect(report.bytes.toString("utf8")).toBe(wantReport);
    const parsed = JSON.parse(wantReport) as { issues: { severity: string; message: string; file?: string }[]; files: unknown[] };
    expect(parsed.issues.length).toBeGreaterThan(5);
    expect(parsed.files.length).toBeGreaterThanOrEqual(30);
    // On the page: every error of the report under its file, and the line on drafted rows.
    const shown = await page
      .locator("[data-testid=merge-result] [data-testid=file]")
      .evaluateAll((els) => els.map((e) => ({ file: e.getAttribute("data-file"), text: e.textContent ?? "" })));
    const errors = parsed.issues.filter((i) => i.severity === "error" && i.file);
    expect(errors.length).toBeGreaterThan(3);
    for (const i of errors) expect(shown.find((f) => f.file === i.file)?.text, i.message).toContain(i.message);
    expect(await page.locator("[data-testid=drafted]").textContent()).toContain("廊坊市");

    // The per-city feedback: one .zip holding the CLI's --feedback folder, file for file.
    const zip = await download(page, "feedback");
    expect(zip.name).toMatch(/\.zip$/);
    const entries = await JSZip.loadAsync(zip.bytes);
    const got = new Map<string, Buffer>();
    for (const e of Object.values(entries.files)) if (!e.dir) got.set(e.name, await e.async("nodebuffer"));
    const wantFeedback = readTree(path.join(out, "反馈"));
    expect([...got.keys()].sort()).toEqual([...wantFeedback.keys()].sort());
    expect(got.size).toBeGreaterThan(7);
    for (const [name, bytes] of wantFeedback) expect(got.get(name)?.equals(bytes), name).toBe(true);
    rmSync(out, { recursive: true, force: true });
    await page.close();
  }, 400_000);

  it("merges files chosen one by one (the file input) as the CLI merges the same files", async () => {
    const page = await openPage();
    const files = filesUnder(CITY);
    expect(files.length).toBeGreaterThanOrEqual(4);
    // Chosen in any order: the page takes them in the CLI's order of a folder.
    await page.setInputFiles("[data-testid=files]", [...files].reverse());
    await page.click("[data-testid=merge]");
    await waitFor(page, "merge-result");
    const rollup = await download(page, "download-rollup");
    const report = await download(page, "download-report");
    // Files given one by one: the roll-up's links are relative to their folder, where it is saved.
    const cli = runCliIn(CITY, "merge", ...files.map((f) => path.basename(f)), "-o", "全省汇总.xlsx", "--json", "../../r.json");
    expect(cli.code, cli.err).toBe(0);
    expect(rollup.bytes.equals(readFileSync(path.join(CITY, "全省汇总.xlsx")))).toBe(true);
    rmSync(path.join(CITY, "全省汇总.xlsx"));
    expect(report.bytes.toString("utf8")).toBe(readFileSync(path.join(IN, "r.json"), "utf8"));
    await page.close();
  }, 400_000);

  it("validates one file with the CLI's issues, listed by sheet, and its annotated copy byte for byte", async () => {
    const page = await openPage();
    const file = path.join(CITY, "典型案例推荐汇总表.xlsx");
    await page.setInputFiles("[data-testid=files]", file);
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    const report = await download(page, "download-report");
    const copy = await download(page, "annotate");
    expect(copy.name).toBe("典型案例推荐汇总表（已标注）.xlsx");

    const cli = runCliIn(CITY, "validate", "典型案例推荐汇总表.xlsx", "--json", "../../v.json", "--annotate", "../../v.xlsx");
    expect(cli.code).toBe(1);
    const want = readFileSync(path.join(IN, "v.json"), "utf8");
    expect(report.bytes.toString("utf8")).toBe(want);
    expect(copy.bytes.equals(readFileSync(path.join(IN, "v.xlsx")))).toBe(true);

    // What the page lists: each of the CLI's issues once, with its message, errors first.
    const issues = (JSON.parse(want) as { issues: { code: string; severity: string; message: string }[] }).issues;
    expect(issues.some((i) => i.severity === "error")).toBe(true);
    const listed = await page
      .locator("[data-testid=file] li.issue")
      .evaluateAll((els) =>
        els.map((e) => ({ code: e.getAttribute("data-code"), message: e.querySelector(".message")?.textContent })),
      );
    expect([...listed].sort((a, b) => a.message!.localeCompare(b.message!))).toEqual(
      issues.map((i) => ({ code: i.code, message: i.message })).sort((a, b) => a.message.localeCompare(b.message)),
    );
    await page.close();
  }, 400_000);

  it("annotates a file whose dates use a Chinese built-in format (WPS, Chinese Excel) as the CLI does", async () => {
    // As WPS saves a date: numFmtId 31 (yyyy"年"m"月"d"日") with no <numFmt> of its own.
    const zip = await JSZip.loadAsync(readFileSync(path.join(CITY, "典型案例申报书-1.xlsx")));
    const styles = await zip.file("xl/styles.xml")!.async("string");
    expect(styles).toContain('numFmtId="164"');
    zip.file(
      "xl/styles.xml",
      styles.replace(/<numFmts[^>]*>[\s\S]*?<\/numFmts>/, "").replace(/numFmtId="164"/g, 'numFmtId="31"'),
    );
    const wps = path.join(tmp, "wps");
    mkdirSync(wps, { recursive: true });
    const file = path.join(wps, "WPS日期.xlsx");
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const page = await openPage();
    await page.setInputFiles("[data-testid=files]", file);
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    const copy = await download(page, "annotate");
    const cli = runCliIn(wps, "validate", "WPS日期.xlsx", "--annotate", "copy.xlsx");
    expect(cli.code === 0 || cli.code === 1, cli.err).toBe(true);
    const want = readFileSync(path.join(wps, "copy.xlsx"));
    // The date keeps its format in the copy (a custom 年月日 format, as exceljs writes it).
    const wantStyles = await (await JSZip.loadAsync(want)).file("xl/styles.xml")!.async("string");
    expect(wantStyles).toContain("yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;");
    expect(copy.bytes.equals(want)).toBe(true);
    await page.close();
  }, 400_000);

  it.skipIf(!haveTools("soffice"))(
    "validates files LibreOffice saved (.ods, .xls, re-saved .xlsx) with the CLI's issues and annotated copies",
    async () => {
      // As a city office sends them: the example re-saved or converted by LibreOffice Calc.
      const lo = path.join(tmp, "libreoffice");
      const source = path.join(CITY, "典型案例推荐汇总表.xlsx");
      for (const to of ["ods", "xls", "xlsx:Calc MS Excel 2007 XML"])
        convertWith(to, [source], path.join(lo, to.split(":")[0]), path.join(tmp, "lo-profile"));
      const made = ["ods/典型案例推荐汇总表.ods", "xls/典型案例推荐汇总表.xls", "xlsx/典型案例推荐汇总表.xlsx"].map((f) =>
        path.join(lo, f),
      );
      for (const file of made) {
        expect(existsSync(file), file).toBe(true);
        const page = await openPage();
        await page.setInputFiles("[data-testid=files]", file);
        await page.click("[data-testid=validate]");
        await waitFor(page, "validate-result");
        const report = await download(page, "download-report");
        const copy = await download(page, "annotate");
        const dir = path.dirname(file);
        const cli = runCliIn(dir, "validate", path.basename(file), "--json", "v.json", "--annotate", "v-copy.xlsx");
        expect(cli.code === 0 || cli.code === 1, cli.err).toBe(true);
        const want = readFileSync(path.join(dir, "v.json"), "utf8");
        expect(report.bytes.toString("utf8"), file).toBe(want);
        expect((JSON.parse(want) as { issues: unknown[] }).issues.length, file).toBeGreaterThan(0);
        expect(copy.bytes.equals(readFileSync(path.join(dir, "v-copy.xlsx"))), file).toBe(true);
        await page.close();
      }
    },
    400_000,
  );

  it("asks for the notice of a hand-made file, and checks it against the one chosen", async () => {
    const page = await openPage();
    const file = path.join(CITY, "服务对象补充表（旧版Excel）.xls");
    await page.setInputFiles("[data-testid=files]", file);
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    expect(await page.locator("[data-testid=file]").textContent()).toContain("请在页面上方的“通知”中选择");
    expect(await page.locator("[data-testid=annotate]").count()).toBe(0);
    await page.selectOption("[data-testid=profile]", "hebei-2025");
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    const report = await download(page, "download-report");
    const cli = runCliIn(CITY, "validate", path.basename(file), "--profile", "hebei-2025", "--json", "../../x.json");
    expect(report.bytes.toString("utf8")).toBe(readFileSync(path.join(IN, "x.json"), "utf8"));
    expect(cli.code === 0 || cli.code === 1).toBe(true);
    await page.close();
  }, 400_000);

  it("stays usable: 取消 ends a long merge, and the next job runs", async () => {
    const many = path.join(tmp, "many");
    for (let i = 0; i < 30; i++) cpSync(CITY, path.join(many, `保定市-${i}`), { recursive: true, preserveTimestamps: true });
    const page = await openPage();
    await page.setInputFiles("[data-testid=folder]", many);
    await page.click("[data-testid=merge]");
    await page.waitForSelector("[data-testid=progress]:not([hidden])");
    expect(await page.locator("[data-testid=merge]").isDisabled()).toBe(true);
    await page.click("[data-testid=cancel]");
    await page.waitForSelector("[data-testid=progress][hidden]", { state: "attached" });
    expect(await page.locator("[data-testid=message]").textContent()).toBe("已取消。");
    expect(await page.locator("[data-testid=merge-result]").count()).toBe(0);
    await page.click("[data-testid=clear]");
    await page.setInputFiles("[data-testid=files]", path.join(CITY, "典型案例推荐汇总表.xlsx"));
    await page.click("[data-testid=validate]");
    await waitFor(page, "validate-result");
    await page.close();
  }, 400_000);

  it("says plainly when the browser is too old", async () => {
    const old = await browser.newContext();
    await old.route("**/*", (route) => (route.request().url().startsWith("file://") ? route.continue() : route.abort()));
    // A browser without workers or ES2017: the check in the page's head, in ES5, must say so.
    await old.addInitScript(() => {
      delete (window as { Worker?: unknown }).Worker;
    });
    const page = await old.newPage();
    await page.goto(`file://${path.join(dir, "index.html")}`);
    await page.waitForSelector("[data-testid=too-old]", { state: "visible" });
    expect(await page.locator("[data-testid=too-old]").textContent()).toContain("浏览器版本过旧");
    expect(await page.locator("#app").isVisible()).toBe(false);
    await old.close();
  });

  it("works from an intranet web server too", async () => {
    const served = await serve(dir);
    allowed.add(`${served.url}index.html`);
    try {
      const page = await openPage(`${served.url}index.html`);
      await page.setInputFiles("[data-testid=files]", path.join(CITY, "典型案例推荐汇总表.xlsx"));
      await page.click("[data-testid=validate]");
      await waitFor(page, "validate-result");
      expect(await page.locator("li.issue").count()).toBeGreaterThan(0);
      await page.close();
    } finally {
      await served.close();
    }
  }, 400_000);

  it("sends no request outside the page", () => {
    expect(requests.length).toBeGreaterThan(5);
    // The page itself and its worker (a blob: URL made of its own script); nothing else, ever.
    expect(requests.filter((u) => !allowed.has(u) && !u.startsWith("blob:"))).toEqual([]);
    expect(blocked).toEqual([]);
  });
});

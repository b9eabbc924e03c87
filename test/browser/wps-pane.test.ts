// The React pane on WPS 表格's object model, in real Chromium (Debian's, through playwright-core):
// the harness page with ?host=wps installs the ET simulator (addin/sim/et-sim.ts) over an
// example workbook and mounts the pane with createWpsHost(sim.Application) (addin/wps/host.ts).
// 校验, the list, a click recorded as the ET sim's Range.Select(), 标记问题 (Interior.Color as
// BGR longs), 清除标记 (ColorIndex = xlNone where there was no fill), and live mode on the
// sim's SheetChange. Screenshots go to test-output/screenshots/wps-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildHarness, CHROMIUM, harnessUrl, launchChromium, ROOT, serve, type Served } from "./harness.js";

const SHOTS = path.join(ROOT, "test-output", "screenshots");
const SJZ_PLAN = "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx";
const SHEET = "服务对象";

let browser: Browser;
let served: Served;

type EtWindow = {
  __sim?: unknown;
  __etSim: {
    calls: string[];
    selections: { sheet: string; address: string }[];
    activeSheet: string;
    fillOf(sheet: string, address: string): string | null;
    valueOf(sheet: string, address: string): unknown;
    edit(sheet: string, address: string, value: unknown): void;
    listenerCount(): number;
    handlerErrors: unknown[];
  };
};

async function open(page: Page, workbook: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(`${harnessUrl(served.url, workbook)}&host=wps`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  await page.waitForSelector("[data-testid=validate]");
}

async function validate(page: Page, run: number): Promise<void> {
  await page.click("[data-testid=validate]");
  await page.waitForSelector(`[data-testid=results][data-runs="${run}"]`, { timeout: 30_000 });
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name) });

const fills = (page: Page, cells: string[]) =>
  page.evaluate(
    ([sheet, list]) => (list as string[]).map((a) => (window as unknown as EtWindow).__etSim.fillOf(sheet as string, a)),
    [SHEET, cells] as const,
  );

describe.skipIf(!existsSync(CHROMIUM))("the pane on the ET simulator (WPS 表格) in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serve(buildHarness());
    browser = await launchChromium();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("validates, lists, selects, marks with BGR fills and clears", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await open(page, SJZ_PLAN);
    // The pane speaks of WPS there: what is off, and why, without ExcelApi versions.
    const off = (await page.textContent("[data-testid=features-off]")) ?? "";
    expect(off).toContain("WPS 表格");
    expect(off).toContain("WPS 加载项接口不能从模板插入工作表");
    expect(off).not.toMatch(/ExcelApi|Excel 版本/);
    // WPS, not Excel: no simulated Office globals, the ET sim instead
    expect(await page.evaluate(() => ({ sim: "__sim" in window, office: "Office" in window, excel: "Excel" in window }))).toEqual(
      {
        sim: false,
        office: false,
        excel: false,
      },
    );
    expect(await page.textContent("#sheet-status")).toContain("WPS 表格");
    expect(await page.textContent("[data-testid=pane]")).toContain("试点表格校验");
    await shot(page, "wps-01-opened.png");

    await validate(page, 1);
    expect(await page.textContent("[data-testid=detected]")).toContain("河北");
    const calls = await page.evaluate(() => (window as unknown as EtWindow).__etSim.calls);
    expect(calls).toContain("Worksheet.UsedRange");
    expect(calls).toContain("Range.Value2");
    const e20 = page.locator('[data-testid=issue][data-cell="E20"][data-code="contact.email_missing"]');
    expect(await e20.count()).toBe(1);
    expect(await page.locator('[data-testid=issue][data-cell="B22"][data-code="row.duplicate"]').count()).toBe(1);
    await shot(page, "wps-02-validated.png");

    await e20.click();
    await page.waitForFunction((sheet) => {
      const sim = (window as unknown as EtWindow).__etSim;
      const s = sim.selections.at(-1);
      return sim.activeSheet === sheet && s?.sheet === sheet && s.address === "E20";
    }, SHEET);
    await page.waitForSelector('#sheet-view td[data-address="E20"].selected');
    await shot(page, "wps-03-selected.png");

    const original = await fills(page, ["E20", "B22", "A2"]);
    await page.click("[data-testid=mark]");
    await page.waitForSelector("[data-testid=message]");
    const marked = await fills(page, ["E20", "B22", "A2"]);
    expect(marked[0]).toBe("#FFC7CE");
    expect(marked[1]).toBe("#FFEB9C");
    expect(marked[2]).toBe(original[2]); // not a problem cell: untouched
    // written through Interior.Color, as BGR longs: #FFC7CE → 0xCEC7FF
    const bgr = await page.evaluate(() => {
      const app = (window as unknown as { __etSim: { Application: unknown } }).__etSim.Application as {
        ActiveWorkbook: { Worksheets: { Item(n: string): { Range(a: string): { Interior: { Color: number } } } } };
      };
      return app.ActiveWorkbook.Worksheets.Item("服务对象").Range("E20").Interior.Color;
    });
    expect(bgr).toBe(0xcec7ff);
    expect(await page.evaluate(() => (window as unknown as EtWindow).__etSim.calls.includes("Interior.Color="))).toBe(true);
    await page.waitForSelector('#sheet-view td[data-address="E20"][data-fill="#FFC7CE"]');
    await shot(page, "wps-04-marked.png");

    await page.click("[data-testid=clear]");
    await page.waitForFunction(() => document.querySelector("[data-testid=message]")?.textContent?.includes("恢复"));
    expect(await fills(page, ["E20", "B22", "A2"])).toEqual(original);
    await shot(page, "wps-05-cleared.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("live mode: an edit in the sheet (SheetChange) re-validates", async () => {
    const page = await browser.newPage();
    await open(page, SJZ_PLAN);
    await validate(page, 1);
    expect(await page.locator('[data-testid=issue][data-cell="E20"][data-code="contact.email_missing"]').count()).toBe(1);
    await page.click("[data-testid=live]");
    await page.waitForFunction(() => document.body.textContent?.includes("实时校验已开启"));
    await page.waitForFunction(() => (window as unknown as EtWindow).__etSim.listenerCount() > 0);
    await page.evaluate(
      (sheet) => (window as unknown as EtWindow).__etSim.edit(sheet, "E20", "13800138000 zhang@example.com"),
      SHEET,
    );
    await page.waitForSelector('[data-testid=results][data-runs="2"]', { timeout: 5_000 });
    expect(await page.locator('[data-testid=issue][data-cell="E20"][data-code="contact.email_missing"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as EtWindow).__etSim.handlerErrors.length)).toBe(0);
    // the sheet view shows the edit once its tab is clicked (Worksheet.Activate)
    await page.click(`#sheet-tabs button[data-sheet="${SHEET}"]`);
    await page.waitForFunction(
      () => document.querySelector('#sheet-view td[data-address="E20"]')?.textContent === "13800138000 zhang@example.com",
    );
    await shot(page, "wps-06-live.png");
    await page.close();
  }, 120_000);
});

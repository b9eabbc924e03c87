// The classic pane (addin/classic/, the ES5 build Office 2016/2019 load in IE11 and Edge Legacy)
// in real Chromium, in the harness page with the simulated Excel host at ExcelApi 1.1 (what
// Office 2016 has): 校验 in two syncs, the list grouped by sheet with errors first, the
// severity filter, a click that moves the selection, 下一个错误 (button and F8), 标记问题 and
// 清除标记 (fills restored), the question when the headings fit several notices, a workbook
// with no recognisable table. Screenshots at 320 and 360 px go to test-output/screenshots/.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHarness, CHROMIUM, harnessUrl, launchChromium, ROOT, serve, type Served } from "./harness.js";

const SHOTS = path.join(ROOT, "test-output", "screenshots");
const SJZ_PLAN = "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx";

let browser: Browser;
let served: Served;

type SimWindow = {
  __sim: {
    syncCount: number;
    selections: { sheet: string; address: string }[];
    fillOf(sheet: string, address: string): string | null;
  };
};

const sim = <T>(page: Page, f: (s: SimWindow["__sim"]) => T) =>
  page.evaluate((src) => new Function("s", `return (${src})(s)`)((window as unknown as SimWindow).__sim) as T, f.toString());

async function open(page: Page, workbook: string, width = 1280): Promise<void> {
  await page.setViewportSize({ width, height: 860 });
  await page.goto(`${harnessUrl(served.url, workbook, "1.1")}&pane=classic`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  await page.waitForSelector("[data-testid=classic-pane] [data-testid=validate]");
}

describe.skipIf(!existsSync(CHROMIUM))("the classic pane in Chromium, ExcelApi 1.1", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serve(buildHarness());
    browser = await launchChromium();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("validates, lists by sheet with errors first, selects, marks and clears", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await open(page, SJZ_PLAN);
    // Nothing to mark or clear before 校验.
    expect(await page.locator("[data-testid=mark]").isDisabled()).toBe(true);
    expect(await page.locator("[data-testid=clear]").isDisabled()).toBe(true);

    const before = await sim(page, (s) => s.syncCount);
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=summary]");
    expect((await sim(page, (s) => s.syncCount)) - before).toBeLessThanOrEqual(2);
    expect(await page.textContent("[data-testid=detected]")).toContain("河北");

    const e20 = page.locator('[data-testid=issue][data-cell="服务对象!E20"]');
    expect(await e20.count()).toBe(1);
    // Within each sheet: errors, then warnings, then hints.
    const order = await page
      .locator("[data-testid=problems] .group")
      .evaluateAll((groups) =>
        groups.map((g) =>
          Array.from(g.querySelectorAll("li.issue")).map((li) =>
            li.classList.contains("error") ? 0 : li.classList.contains("warning") ? 1 : 2,
          ),
        ),
      );
    expect(order.length).toBeGreaterThan(0);
    for (const ranks of order) expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    // The severity filter: errors only.
    const all = await page.locator("li.issue").count();
    await page.click("[data-testid=show-warning]");
    await page.click("[data-testid=show-info]");
    const errorsOnly = await page.locator("li.issue").count();
    expect(errorsOnly).toBeLessThan(all);
    expect(await page.locator("li.issue.warning, li.issue.info").count()).toBe(0);
    await page.click("[data-testid=show-warning]");
    await page.click("[data-testid=show-info]");

    await e20.click();
    await page.waitForFunction(() => {
      const list = (window as unknown as SimWindow).__sim.selections;
      const s = list[list.length - 1];
      return s?.sheet === "服务对象" && s.address.replace(/\$/g, "") === "E20";
    });
    await page.screenshot({ path: path.join(SHOTS, "classic-1280.png") });

    const original = await sim(page, (s) => s.fillOf("服务对象", "E20"));
    await page.click("[data-testid=mark]");
    await page.waitForSelector("[data-testid=message].success");
    expect((await sim(page, (s) => s.fillOf("服务对象", "E20")))?.toUpperCase()).not.toBe(original?.toUpperCase());
    expect(await page.locator("[data-testid=clear]").isDisabled()).toBe(false);
    await page.click("[data-testid=clear]");
    await page.waitForFunction(() => document.querySelector("[data-testid=message]")?.textContent?.includes("已恢复"));
    expect(await sim(page, (s) => s.fillOf("服务对象", "E20"))).toBe(original);
    expect(await page.locator("[data-testid=clear]").isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("下一个错误 (button and F8) goes to each error in the list's order, wrapping", async () => {
    const page = await browser.newPage();
    await open(page, SJZ_PLAN);
    expect(await page.locator("[data-testid=next-error]").isDisabled()).toBe(true);
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=summary]");
    const errorCells = await page
      .locator("li.issue.error[data-cell]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-cell")));
    expect(errorCells.length).toBeGreaterThan(0);
    const last = async () =>
      sim(page, (s) => {
        const x = s.selections[s.selections.length - 1];
        return x ? `${x.sheet}!${x.address.replace(/\$/g, "")}` : "";
      });
    await page.click("[data-testid=next-error]");
    await page.waitForFunction((want) => {
      const list = (window as unknown as SimWindow).__sim.selections;
      const x = list[list.length - 1];
      return !!x && `${x.sheet}!${x.address.replace(/\$/g, "")}` === want;
    }, errorCells[0]);
    await page.keyboard.press("F8");
    await page.waitForFunction(
      (want) => {
        const list = (window as unknown as SimWindow).__sim.selections;
        const x = list[list.length - 1];
        return !!x && `${x.sheet}!${x.address.replace(/\$/g, "")}` === want;
      },
      errorCells[1 % errorCells.length],
    );
    expect(await last()).toBe(errorCells[1 % errorCells.length]);
    await page.close();
  }, 120_000);

  it("headings that fit several notices: asks, and validates under the answer", async () => {
    const page = await browser.newPage();
    await open(page, SJZ_PLAN);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("服务对象");
    ws.addRow(["表1 服务对象基本情况"]);
    ws.addRow(["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"]);
    ws.addRow([1, "石家庄华安化工有限公司", "原材料工业", "武敏", "13948352231"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.evaluate(() => (document.body.dataset.ready = "false"));
    await page.setInputFiles("#harness-file", { name: "服务对象.xlsx", mimeType: "application/octet-stream", buffer });
    await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
    await page.click("[data-testid=classic-pane] [data-testid=validate]");
    await page.waitForSelector("[data-testid=ask]");
    const candidates = await page.$$eval("[data-testid=candidate]", (els) => els.map((e) => e.getAttribute("data-profile")));
    expect(candidates).toContain("hebei-2025");
    expect(candidates.length).toBeGreaterThan(1);
    // Nothing is marked under a guess.
    expect(await page.locator("[data-testid=mark]").isDisabled()).toBe(true);
    await page.click('[data-testid=candidate][data-profile="hebei-2025"]');
    await page.waitForSelector("[data-testid=summary]");
    expect(await page.textContent("[data-testid=detected]")).toContain("河北");
    expect(await page.locator('[data-testid=issue][data-cell="服务对象!E3"]').count()).toBe(1);
    await page.close();
  }, 120_000);

  it("reads at 320 and 360 px, the pane's narrow widths", async () => {
    for (const width of [320, 360]) {
      const page = await browser.newPage();
      await open(page, SJZ_PLAN, 1280);
      await page.click("[data-testid=validate]");
      await page.waitForSelector("[data-testid=summary]");
      const pane = page.locator("#pane");
      // The harness lays the pane beside the sheet; shoot the pane at the given width.
      await page.evaluate((w) => {
        const p = document.getElementById("pane")!;
        p.style.width = `${w}px`;
        p.style.minWidth = `${w}px`;
        p.style.maxWidth = `${w}px`;
      }, width);
      const box = await pane.boundingBox();
      expect(Math.abs(box!.width - width)).toBeLessThanOrEqual(2); // the harness draws a 1 px border
      // Nothing wider than the pane: no horizontal scrolling in a 320 px task pane.
      const overflow = await page.evaluate(() => {
        const p = document.getElementById("pane")!;
        return p.scrollWidth - p.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(1);
      await pane.screenshot({ path: path.join(SHOTS, `classic-${width}.png`) });
      await page.close();
    }
  }, 120_000);

  it("says what it looks for in a workbook with no recognisable table, with the templates", async () => {
    const page = await browser.newPage();
    await open(page, SJZ_PLAN);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").addRow(["随便", "写写"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.evaluate(() => (document.body.dataset.ready = "false"));
    await page.setInputFiles("#harness-file", { name: "随便.xlsx", mimeType: "application/octet-stream", buffer });
    await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
    await page.click("[data-testid=classic-pane] [data-testid=validate]");
    const state = page.locator("[data-testid=unrecognised]");
    await state.waitFor();
    expect(await state.textContent()).toContain("没有找到可识别的表格");
    expect(await state.textContent()).toContain("表1 服务对象基本情况");
    // No notice chosen: which templates is for the clerk to say; once chosen, its templates.
    expect(await state.locator("a").count()).toBe(0);
    await page.selectOption("[data-testid=profile]", "hebei-2025");
    await page.waitForSelector("[data-testid=unrecognised] a");
    const links = await page.locator("[data-testid=unrecognised] a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links.length).toBeGreaterThan(2);
    for (const href of links) expect(href).toMatch(/^templates\/hebei-2025\/.+\.xlsx$/);
    expect(await page.locator("[data-testid=summary]").count()).toBe(0);
    expect(await page.locator("[data-testid=mark]").isDisabled()).toBe(true);
    await page.close();
  });
});

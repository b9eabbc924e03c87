// The roll-up prints readably (issue 9, item 5): the demo roll-up (examples/hebei-2025) read
// back with exceljs — each list sheet is one page wide only while its printed columns fit A4
// landscape at 70% or more; a wider one leaves its trace columns out of the print area and
// goes as many pages wide as it needs, header row (and 序号, 城市) repeated — and printed
// by LibreOffice: a sane number of A4 landscape pages, the summary's text extractable, its
// error line and marks on paper. The PNG of the summary page is rendered but not kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { main } from "../aggregator/cli.js";
import { convertWith, haveTools } from "./fixtures/libreoffice.js";

const tmp = mkdtempSync(path.join(tmpdir(), "pilot-forms-print-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const xlsx = path.join(tmp, "全省汇总.xlsx");
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  const err: string[] = [];
  const code = await main(
    ["node", "pilot-forms", "merge", "examples/hebei-2025", "--profile", "hebei-2025", "-o", xlsx, "--today", "2025-11-25"],
    { out: () => {}, err: (s) => err.push(s), isTTY: false },
  );
  expect(code, err.join("\n")).toBe(0);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(xlsx) as unknown as ExcelJS.Buffer);
});

// The rule, worked out here on its own: A4 landscape is 297 mm; less the 0.5 in side
// margins, 10.69 in, 1026 pixels at 96 dpi; a column of width w is 7w pixels (Calibri 11,
// the workbook's default font). At 70% a page holds 1026 / 0.7 pixels of columns.
const ROOM = Math.floor((297 / 25.4 - 1) * 96) / 0.7;
const TRACE = ["来源文件", "来源工作表", "来源行", "链接"];
const LISTS_2WIDE = ["服务对象汇总", "服务方案汇总", "申报单位汇总", "联合申报单位汇总", "典型案例汇总"];

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function headerRowOf(ws: ExcelJS.Worksheet): number {
  return ws.name === "典型案例推荐汇总表" ? 4 : ws.name === "分市统计" ? 2 : 1;
}

describe("the demo roll-up's print setup", () => {
  it("fits a list one page wide only while it prints at 70% or more; else leaves out the trace columns and goes wider", () => {
    const seen: string[] = [];
    for (const ws of wb.worksheets) {
      if (ws.name === "说明") continue;
      seen.push(ws.name);
      const ps = ws.pageSetup;
      const header = ws.getRow(headerRowOf(ws));
      const columns = ws.name === "分市统计" ? ws.columnCount : header.cellCount;
      const labels = Array.from({ length: columns }, (_, i) => String(header.getCell(i + 1).value ?? ""));
      const px = (n: number) =>
        Array.from({ length: n }, (_, i) => Math.round((ws.getColumn(i + 1).width ?? 9) * 7)).reduce((a, b) => a + b, 0);
      const area = ps.printArea ? /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ps.printArea) : null;
      if (ps.printArea) expect(area, `${ws.name} ${ps.printArea}`).not.toBeNull();
      const printed = area ? letterIndex(area[3]) : columns;
      const width = px(printed);
      expect(ps, ws.name).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToHeight: 0 });
      const pages = ps.fitToWidth!;
      expect(pages, ws.name).toBeGreaterThanOrEqual(1);
      // The scale it prints at is 70% or more…
      expect(width / pages, `${ws.name}: ${width} px on ${pages} page(s)`).toBeLessThanOrEqual(ROOM);
      if (pages === 1) continue;
      // …and no wider than it needs (a page more for columns that do not split evenly).
      expect(pages, ws.name).toBeLessThanOrEqual(Math.ceil(width / ROOM) + 1);
      // Too wide for one page as a whole; the trace columns are not printed, the rest is.
      expect(px(columns), ws.name).toBeGreaterThan(ROOM);
      const out = labels.slice(printed);
      const inside = labels.slice(0, printed);
      for (const t of TRACE) expect(inside, `${ws.name} prints ${t}`).not.toContain(t);
      for (const l of out) expect(TRACE, `${ws.name} leaves out ${l}`).toContain(l);
      expect(ps.pageOrder, ws.name).toBe("overThenDown");
      if (LISTS_2WIDE.includes(ws.name)) {
        expect(inside, ws.name).toContain("问题");
        expect(ps.printTitlesColumn, ws.name).toBe("A:B");
      }
    }
    expect(seen).toEqual(expect.arrayContaining(["典型案例推荐汇总表", ...LISTS_2WIDE, "分市统计", "问题清单", "来源文件"]));

    // The official summary: its own columns only, one page wide; the 汇总 sheets more than one.
    const summary = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(summary.pageSetup.fitToWidth).toBe(1);
    expect(summary.pageSetup.printArea).toMatch(/^A[12]:I\d+$/);
    expect(summary.pageSetup.printTitlesRow).toBe("4:4");
    for (const name of LISTS_2WIDE) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.pageSetup.fitToWidth, name).toBeGreaterThanOrEqual(2);
      expect(ws.pageSetup.printTitlesRow, name).toBe("1:1");
    }
  });

  it("says on the summary, above the table, how many rows must be corrected before stamping (the demo has planted errors)", () => {
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    // …and 廊坊市's drafted row (its 申报书 came without a 推荐汇总表).
    expect(String(ws.getCell("A1").value)).toMatch(/^本表有 \d+ 行存在错误、1 行由申报书生成，请更正后再盖章$/);
    expect(ws.pageSetup.printArea).toMatch(/^A1:/);
  });
});

const PRINT_TOOLS = haveTools("soffice", "pdfinfo", "pdftotext", "pdftoppm");
if (!PRINT_TOOLS)
  console.warn("rollup-print.test: LibreOffice or poppler-utils missing: the PDF test is skipped (CI installs both).");

describe.skipIf(!PRINT_TOOLS)("LibreOffice prints the demo roll-up", () => {
  it("on a sane number of A4 landscape pages, the summary's text extractable with its error line and marks", () => {
    convertWith("pdf", [xlsx], tmp, path.join(tmp, "lo-print"), 50_000);
    const pdf = path.join(tmp, "全省汇总.pdf");
    expect(existsSync(pdf)).toBe(true);
    const info = spawnSync("pdfinfo", ["-f", "1", "-l", "9999", pdf], { encoding: "utf8" }).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    // 10 sheets, ~150 data rows: a few dozen pages, not hundreds (nor one page per sheet, microscopic).
    expect(pages).toBeGreaterThanOrEqual(15);
    expect(pages).toBeLessThanOrEqual(80);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [w, h] of sizes) expect([Math.round(w), Math.round(h)]).toEqual([842, 595]);

    const texts = Array.from({ length: pages }, (_, i) =>
      spawnSync("pdftotext", ["-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"], {
        encoding: "utf8",
      }).stdout.replace(/\s+/g, ""),
    );
    const summary = texts.findIndex((t) => t.includes("网络安全保险服务典型案例推荐汇总表") && t.includes("推荐城市"));
    expect(summary).toBeGreaterThanOrEqual(0);
    const text = texts[summary];
    expect(text).toMatch(/本表有\d+行存在错误、1行由申报书生成，请更正后再盖章/);
    expect(text).toMatch(/※\d+/);
    expect(text).toMatch(/△\d+/);
    expect(text).toContain("河北省工业和信息化厅、河北省通信管理局");
    expect(text).toContain("案例简要描述");
    expect(text).toContain("联系人");
    expect(text).not.toContain("来源文件");
    // A 汇总 sheet two pages wide: the second band repeats 序号 and 城市 and leaves the trace out.
    const band = texts.findIndex((t) => t.includes("企业名称") && t.includes("所在行业领域"));
    expect(band).toBeGreaterThanOrEqual(0);
    expect(texts[band]).toContain("序号");
    expect(texts[band]).toContain("城市");
    expect(texts[band]).not.toContain("来源工作表");

    // The summary page as a PNG (looked at by hand; not kept).
    const png = path.join(tmp, "summary");
    const ppm = spawnSync("pdftoppm", ["-r", "60", "-png", "-f", String(summary + 1), "-l", String(summary + 1), pdf, png], {
      encoding: "utf8",
    });
    const made = readdirSync(tmp).filter((f) => f.startsWith("summary") && f.endsWith(".png"));
    expect(made.length, ppm.stderr).toBe(1);
    expect(statSync(path.join(tmp, made[0])).size).toBeGreaterThan(10_000);
  }, 58_000);
});

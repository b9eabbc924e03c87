// Rows as tall as their wrapped text (issue 9, item 5): Excel, WPS and LibreOffice do not grow
// a row's height when they open a file, so a wrapped text in a row of default height prints
// clipped or over the next row. Templates, examples filled from them and annotated copies
// carry heights from the same estimate (CJK ≈ 2 width units, others 1, per Excel column
// unit; explicit line breaks), checked here against ≥ 12 points a line.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { annotate } from "../aggregator/annotate.js";
import {
  INSTRUCTIONS_SHEET,
  LIST_HEADER_ROW,
  MAX_ROW_HEIGHT,
  SUMMARY_HEADER_ROW,
  lineCount,
  shownText,
} from "../aggregator/template/write.js";
import type { Issue } from "../forms/model.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATES = join(ROOT, "templates");
const POINTS_PER_LINE = 12;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function templateFiles(): string[] {
  return readdirSync(TEMPLATES, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".xlsx"))
    .sort()
    .map((f) => join(TEMPLATES, f));
}

/** The width a cell's text wraps in: its column, or the columns of the merge it starts. */
function wrapWidth(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell): number {
  const width = (c: number) => ws.getColumn(c).width ?? 9;
  const merge = (ws.model.merges ?? []).find((m) => m.split(":")[0] === cell.address);
  if (!merge) return width(Number(cell.col));
  const last = ws.getCell(merge.split(":")[1]);
  let w = 0;
  for (let c = Number(cell.col); c <= Number(last.col); c++) w += width(c);
  return w;
}

/** Every wrapped, non-empty cell of the rows, with the height it needs and the height its row has. */
function wrappedCells(ws: ExcelJS.Worksheet, rows: number[]) {
  const out: { address: string; text: string; lines: number; height: number | undefined }[] = [];
  for (const r of rows) {
    const row = ws.getRow(r);
    row.eachCell((cell) => {
      if (!cell.alignment?.wrapText || (cell.isMerged && cell.master !== cell)) return;
      const text = shownText(cell.value);
      if (!text) return;
      out.push({ address: cell.address, text, lines: lineCount(text, wrapWidth(ws, cell)), height: row.height });
    });
  }
  return out;
}

function expectTallEnough(cells: ReturnType<typeof wrappedCells>, where: string): void {
  for (const c of cells) {
    const need = Math.min(MAX_ROW_HEIGHT, c.lines * POINTS_PER_LINE);
    if (c.lines > 1 || c.height !== undefined)
      expect(c.height ?? 15, `${where}!${c.address} (${c.lines} 行)：${c.text.slice(0, 30)}`).toBeGreaterThanOrEqual(need);
  }
}

describe("templates: rows as tall as their wrapped text", () => {
  const files = templateFiles();
  it("finds the committed templates", () => expect(files.length).toBeGreaterThanOrEqual(14));

  it.each(files.map((f) => [f.slice(TEMPLATES.length + 1), f]))("%s: 填报说明 and header rows", async (_name, file) => {
    const wb = await load(readFileSync(file));
    const info = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    const rows = Array.from({ length: info.rowCount }, (_, i) => i + 1);
    const infoCells = wrappedCells(info, rows);
    expect(infoCells.length).toBeGreaterThan(5);
    expect(infoCells.some((c) => c.lines > 1)).toBe(true);
    expectTallEnough(infoCells, INSTRUCTIONS_SHEET);
    wb.eachSheet((ws) => {
      if (ws.state !== "visible" || ws.name === INSTRUCTIONS_SHEET) return;
      const list = ws.getTables?.().length ?? 0;
      // List sheets: the heading and the header row (with 推荐单位/日期 between them in the summary);
      // key–value sheets: every label | value row.
      const header = String(ws.getCell(SUMMARY_HEADER_ROW - 1, 2).value ?? "").endsWith("：")
        ? SUMMARY_HEADER_ROW
        : LIST_HEADER_ROW;
      const headerRows = list
        ? Array.from({ length: header }, (_, i) => i + 1)
        : Array.from({ length: ws.rowCount }, (_, i) => i + 1);
      const cells = wrappedCells(ws, headerRows);
      expect(cells.length, ws.name).toBeGreaterThan(0);
      expectTallEnough(cells, ws.name);
    });
  });
});

describe("examples: rows filled from the templates are as tall as their values", () => {
  it("定州's 推荐汇总表: each filled row fits its longest 案例简要描述", async () => {
    const wb = await load(readFileSync(join(ROOT, "examples/hebei-2025/定州市/典型案例推荐汇总表.xlsx")));
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    const rows = Array.from({ length: ws.rowCount }, (_, i) => i + 1);
    const cells = wrappedCells(ws, rows);
    expect(cells.some((c) => c.lines >= 3)).toBe(true);
    expectTallEnough(cells, ws.name);
  });

  it("every example made from a template: every wrapped row fits", async () => {
    const dir = join(ROOT, "examples/hebei-2025");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".xlsx") && !f.includes("手工"),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const wb = await load(readFileSync(join(dir, f)));
      wb.eachSheet((ws) => {
        if (ws.state !== "visible") return;
        expectTallEnough(
          wrappedCells(
            ws,
            Array.from({ length: ws.rowCount }, (_, i) => i + 1),
          ),
          `${f} ${ws.name}`,
        );
      });
    }
  });
});

describe("annotated copies: rows tall enough, never shrunk", () => {
  const LONG =
    "联系方式缺少电子邮箱。请按“手机号码/电子邮箱”填写，如 13800000000/zhang@example.com；" +
    "同一单元格内填写手机号码和电子邮箱，用“/”分隔，不要分成两列，也不要换行。".repeat(3);

  it("the 问题清单 rows hold long messages; the copy's wrapped rows grow, a taller row stays", async () => {
    // A workbook as a clerk might send it: a long wrapped text in a row of default height,
    // and a row made taller by hand.
    const src = new ExcelJS.Workbook();
    const ws = src.addWorksheet("服务对象");
    ws.getColumn(1).width = 20;
    ws.getColumn(2).width = 10;
    ws.getCell("A1").value = "很长的企业名称".repeat(8);
    ws.getCell("A1").alignment = { wrapText: true };
    ws.getCell("A2").value = "短";
    ws.getCell("A2").alignment = { wrapText: true };
    ws.getRow(2).height = 120;
    ws.getCell("A3").value = "不换行的长文本".repeat(8);
    const bytes = new Uint8Array((await src.xlsx.writeBuffer()) as ArrayBuffer);
    const issues: Issue[] = [
      { severity: "error", code: "contact.email_missing", message: LONG, file: "a.xlsx", sheet: "服务对象", cell: "A1" },
      { severity: "warning", code: "row.duplicate", message: "短", file: "a.xlsx", sheet: "服务对象", cell: "A2" },
    ] as Issue[];
    const copy = await load((await annotate(bytes, issues, { name: "a.xlsx" })).bytes);

    const list = copy.getWorksheet("问题清单")!;
    const messages = wrappedCells(
      list,
      Array.from({ length: list.rowCount }, (_, i) => i + 1),
    );
    const long = messages.find((c) => c.text === LONG)!;
    expect(long.lines).toBeGreaterThanOrEqual(3);
    expect(long.height).toBeGreaterThanOrEqual(long.lines * POINTS_PER_LINE);
    expectTallEnough(messages, "问题清单");

    const sheet = copy.getWorksheet("服务对象")!;
    const a1 = wrappedCells(sheet, [1])[0];
    expect(a1.lines).toBeGreaterThanOrEqual(5);
    expect(sheet.getRow(1).height).toBeGreaterThanOrEqual(a1.lines * POINTS_PER_LINE);
    expect(sheet.getCell("A1").value).toBe("很长的企业名称".repeat(8)); // the marked cell keeps its text
    expect(sheet.getRow(2).height).toBe(120); // set taller by the sender: kept
    expect(sheet.getRow(3).height).toBeUndefined(); // not wrapped: nothing to fit
  });
});

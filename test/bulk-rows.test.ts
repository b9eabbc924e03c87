// Bulk rows (aggregator/xlsx/bulk-rows.ts): rows written as sheet XML into an exceljs-written
// package must read back — in exceljs, in the fast reader and in LibreOffice — as the values
// exceljs itself would have written, with their styles, row heights and the table's range.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  patchBulkRows,
  StylePalette,
  writePalette,
  xmlEscape,
  type BulkList,
  type BulkValue,
} from "../aggregator/xlsx/bulk-rows.js";
import { workbookBytes } from "../aggregator/xlsx/deterministic.js";
import { gridFromXlsx, ZipReader } from "../aggregator/read/fast.js";

const PLAIN: Partial<ExcelJS.Style> = { font: { name: "宋体", size: 11 }, alignment: { vertical: "top" } };
const RED: Partial<ExcelJS.Style> = { ...PLAIN, fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } } };
const DATE: Partial<ExcelJS.Style> = { ...PLAIN, numFmt: "yyyy-mm-dd" };

/** A workbook with a title sheet and a sheet "列表" holding a 3-column table whose rows are bulk rows. */
async function bulkWorkbook(rows: BulkValue[][], styleOf: (k: number, i: number) => Partial<ExcelJS.Style> = () => PLAIN) {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("说明").getCell("A1").value = "说明文字";
  const ws = wb.addWorksheet("列表");
  ws.addTable({
    name: "T_list",
    ref: "A1",
    headerRow: true,
    columns: [{ name: "甲" }, { name: "乙" }, { name: "丙" }],
    rows: [[null, null, null]],
  });
  const palette = new StylePalette();
  const styleIndex = new Uint16Array(Math.max(rows.length, 1) * 3);
  rows.forEach((_, k) => [0, 1, 2].forEach((i) => (styleIndex[k * 3 + i] = palette.indexOf(styleOf(k, i)))));
  const list: BulkList = {
    sheet: "列表",
    table: "T_list",
    first: 2,
    columns: 3,
    rows,
    styleIndex,
    heights: rows.map((_, k) => (k % 2 ? 30 : undefined)),
    palette: palette.styles.length ? palette.styles : [PLAIN],
  };
  writePalette(ws, list);
  return workbookBytes(wb, { transform: (parts) => patchBulkRows(parts, [list]) });
}

async function loadExcelJs(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** What exceljs writes for a string: XML-invalid control characters dropped. */
// eslint-disable-next-line no-control-regex
const written = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");

describe("bulk rows", () => {
  const tricky = [
    "=1+1",
    "+86 138",
    "-5",
    "@SUM(A1)",
    "  前后空格  ",
    "两行\n文字",
    "_x0041_ 不是 A",
    `<&>"'`,
    "控制\u0001字符",
    "",
    "𠮷字",
  ];
  const date = new Date(Date.UTC(2025, 2, 1));
  const rows: BulkValue[][] = [
    ...tricky.map((t, k): BulkValue[] => [k + 1, t, null]),
    [1.5, true, date],
    [-0.25, false, { formula: 'HYPERLINK("a b/x.xlsx#\'表\'!A1","打开")', result: "打开" }],
    [1e21, null, 12345678901234],
  ];
  const style = (k: number, i: number) => (i === 2 && k === tricky.length ? DATE : k === 0 && i === 1 ? RED : PLAIN);

  it("reads back in exceljs as written: text stays text, numbers, booleans, dates, formulas, styles, heights, range", async () => {
    const wb = await loadExcelJs(await bulkWorkbook(rows, style));
    const ws = wb.getWorksheet("列表")!;
    expect(ws.getCell("A1").value).toBe("甲");
    tricky.forEach((t, k) => {
      expect(ws.getCell(k + 2, 2).value, t).toBe(written(t) === "" ? "" : written(t));
      expect(ws.getCell(k + 2, 2).type).toBe(ExcelJS.ValueType.String);
    });
    const n = tricky.length + 2;
    expect(ws.getCell(n, 1).value).toBe(1.5);
    expect(ws.getCell(n, 2).value).toBe(true);
    expect((ws.getCell(n, 3).value as Date).toISOString()).toBe(date.toISOString());
    expect(ws.getCell(n, 3).numFmt).toBe("yyyy-mm-dd");
    expect(ws.getCell(n + 1, 2).value).toBe(false);
    expect(ws.getCell(n + 1, 3).value).toEqual({ formula: 'HYPERLINK("a b/x.xlsx#\'表\'!A1","打开")', result: "打开" });
    expect(ws.getCell(n + 2, 1).value).toBe(1e21);
    expect(ws.getCell(n + 2, 3).value).toBe(12345678901234);
    // styles: the red cell and only it
    expect((ws.getCell("B2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    expect((ws.getCell("B3").fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect(ws.getCell("C3").font?.name).toBe("宋体");
    // heights: every second row 30 pt, the others default
    expect(ws.getRow(3).height).toBe(30);
    expect(ws.getRow(2).height).toBeUndefined();
    // no palette cells left behind, nothing past the last row
    expect(ws.rowCount).toBe(rows.length + 1);
    const table = (ws as unknown as { tables: Record<string, { table: { tableRef: string } }> }).tables.T_list;
    expect(table.table.tableRef).toBe(`A1:C${rows.length + 1}`);
    expect(wb.getWorksheet("说明")!.getCell("A1").value).toBe("说明文字");
  });

  it("reads back the same in the fast reader", async () => {
    const { grid } = gridFromXlsx(await bulkWorkbook(rows, style));
    const sheet = grid.sheets.find((s) => s.name === "列表")!;
    // 1-based row and column; the grid is 0-based from (top, left).
    const at = (r: number, c: number) => sheet.values[r - 1 - (sheet.top ?? 0)]?.[c - 1 - (sheet.left ?? 0)] ?? null;
    // (both readers give an empty string cell as null)
    tricky.forEach((t, k) => expect(at(k + 2, 2), t).toBe(written(t) || null));
    expect(at(tricky.length + 2, 1)).toBe(1.5);
  });

  it("an empty list keeps one empty row in its table", async () => {
    const wb = await loadExcelJs(await bulkWorkbook([[null, null, null]]));
    const ws = wb.getWorksheet("列表")!;
    expect(ws.getCell("A2").value).toBeNull();
    const table = (ws as unknown as { tables: Record<string, { table: { tableRef: string } }> }).tables.T_list;
    expect(table.table.tableRef).toBe("A1:C2");
  });

  it("any text round-trips through exceljs as exceljs writes it (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "grapheme", maxLength: 30 }), { minLength: 1, maxLength: 20 }),
        async (texts) => {
          const wb = await loadExcelJs(await bulkWorkbook(texts.map((t) => [t, t.length, null])));
          const ws = wb.getWorksheet("列表")!;
          texts.forEach((t, k) => expect(ws.getCell(k + 2, 1).value).toBe(written(t)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("two lists on one sheet with rows between and below them (the official summary's note and footer, 来源文件's skipped list)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("列表");
    const list = (table: string, top: number, values: BulkValue[][]): BulkList => {
      ws.addTable({
        name: table,
        ref: `A${top}`,
        headerRow: true,
        columns: [{ name: "甲" }, { name: "乙" }],
        rows: [[null, null]],
      });
      const palette = new StylePalette();
      const styleIndex = new Uint16Array(values.length * 2);
      // four styles over two columns: the palette takes two rows of the list's range
      values.forEach((_, k) =>
        [0, 1].forEach((i) => (styleIndex[k * 2 + i] = palette.indexOf([PLAIN, RED, DATE, { ...PLAIN }][(k * 2 + i) % 4]))),
      );
      const l: BulkList = {
        sheet: "列表",
        table,
        first: top + 1,
        columns: 2,
        rows: values,
        styleIndex,
        heights: values.map(() => undefined),
        palette: palette.styles,
      };
      writePalette(ws, l);
      return l;
    };
    const a = list(
      "T_a",
      1,
      Array.from({ length: 5 }, (_, k) => [`甲${k}`, k]),
    );
    ws.getCell("A8").value = "注：本表有错误。";
    ws.mergeCells("A8:C8");
    ws.getCell("D9").value = "联系人";
    const b = list(
      "T_b",
      12,
      Array.from({ length: 300 }, (_, k) => [`乙${k}`, k * 2]),
    );
    ws.getCell("A314").value = "表尾";
    const write = () => workbookBytes(wb, { transform: (parts) => patchBulkRows(parts, [b, a]) });
    const bytes = await write();
    expect(Buffer.compare(bytes, await write())).toBe(0);

    const back = (await loadExcelJs(bytes)).getWorksheet("列表")!;
    expect([back.getCell("A2").value, back.getCell("B6").value]).toEqual(["甲0", 4]);
    expect((back.getCell("A3").fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect((back.getCell("B2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    expect(back.getCell("A8").value).toBe("注：本表有错误。");
    expect(back.getCell("D9").value).toBe("联系人");
    expect(back.getCell("A13").value).toBe("乙0");
    expect(back.getCell("B312").value).toBe(598);
    expect(back.getCell("A314").value).toBe("表尾");
    expect(back.model.merges).toContain("A8:C8");
    const tables = (back as unknown as { tables: Record<string, { table: { tableRef: string } }> }).tables;
    expect([tables.T_a.table.tableRef, tables.T_b.table.tableRef]).toEqual(["A1:B6", "A12:B312"]);

    const sheet = gridFromXlsx(bytes).grid.sheets.find((s) => s.name === "列表")!;
    const at = (r: number, c: number) => sheet.values[r - 1 - (sheet.top ?? 0)]?.[c - 1 - (sheet.left ?? 0)] ?? null;
    expect([at(6, 1), at(8, 1), at(9, 4), at(312, 1), at(314, 1)]).toEqual([
      "甲4",
      "注：本表有错误。",
      "联系人",
      "乙299",
      "表尾",
    ]);
    const xml = new TextDecoder().decode(new ZipReader(bytes, Number.MAX_SAFE_INTEGER).bytes("xl/worksheets/sheet1.xml"));
    expect(/<dimension ref="([^"]+)"/.exec(xml)?.[1]).toBe("A1:D314");
  });

  it("escapes XML as exceljs does", () => {
    expect(xmlEscape(`a<b>&"'\u0001\t\n`)).toBe("a&lt;b&gt;&amp;&quot;&apos;\t\n");
    expect(xmlEscape("普通文字")).toBe("普通文字");
  });

  it("LibreOffice reads the bulk rows", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pilot-forms-bulk-"));
    try {
      const xlsx = path.join(dir, "bulk.xlsx");
      writeFileSync(xlsx, await bulkWorkbook(rows, style));
      // Sheet 2 ("列表") as CSV: the filter's last field picks the sheet; the file is named after it.
      const r = spawnSync(
        "soffice",
        [
          "--headless",
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
          "--outdir",
          dir,
          xlsx,
        ],
        { encoding: "utf8", timeout: 120_000, env: { ...process.env, HOME: dir } },
      );
      expect(r.status, r.stderr).toBe(0);
      const csv = readFileSync(path.join(dir, "bulk-列表.csv"), "utf8");
      expect(csv).toContain("\n1,=1+1,\n"); // text, not computed
      expect(csv).toContain("_x0041_ 不是 A");
      expect(csv).toContain('"两行\n文字"');
      expect(csv).toContain("2025-03-01");
      expect(csv.trim().split("\n").length).toBeGreaterThanOrEqual(rows.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

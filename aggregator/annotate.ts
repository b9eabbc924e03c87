// The annotated copy: the input workbook with problem cells filled (red error, yellow
// warning) and a 问题清单 sheet linking to each cell. The input file is never modified.
//
// An .xlsx/.xlsm is loaded by exceljs as it is (an .xlsm's copy is an .xlsx: no macros).
// Any other format the reader reads (.xls, WPS .et, .ods/.fods, .xlsb, .csv, HTML tables …)
// is first converted to an .xlsx by SheetJS (convert-copy.ts) with the same cell addresses,
// and the 问题清单 says so; an .xlsx exceljs cannot load is converted likewise.
//
// From bytes only, no node:* module and no Buffer: the CLI (which reads the file) and the
// offline page make the same copy from the same bytes (issue 10).
import type ExcelJS from "exceljs";
import type { Issue } from "../forms/model.js";
import { SEVERITY_LABEL, RULES } from "../forms/rules/codes.js";
import { convertForAnnotation, inputName, type ConvertedCopy } from "./convert-copy.js";
import { sniffBytes, sniffZipKind } from "./read/sniff.js";
import { fitRowToText, heightFor, lineCount, MAX_ROW_HEIGHT } from "./template/write.js";
import { FILL, PLACE_LABEL } from "./xlsx/marks.js";
import { FIXED_DATE, workbookU8 } from "./xlsx/deterministic.js";
import { withChineseDateFormats } from "./xlsx/chinese-date-formats.js";

export { FILL, PLACE_LABEL };

export interface Annotated {
  bytes: Uint8Array;
  /** Set when the copy was converted to .xlsx: the input's format as the clerk knows it (".xls", WPS .et …). */
  convertedFrom?: string;
}

/** The annotated copy's bytes (of a file's bytes, or a member's of a .zip input). Throws when no copy can be made. */
export async function annotatedCopy(bytes: Uint8Array, issues: Issue[], opts: { name?: string } = {}): Promise<Uint8Array> {
  return (await annotate(bytes, issues, opts)).bytes;
}

/**
 * The annotated copy of a file's bytes and whether it was converted. `name`: the input's file
 * name (its extension tells CSV from text); by default the issues' file name.
 */
export async function annotate(bytes: Uint8Array, issues: Issue[], opts: { name?: string } = {}): Promise<Annotated> {
  const name = opts.name ?? inputName(issues);
  let converted: ConvertedCopy | undefined;
  let wb: ExcelJS.Workbook;
  if (isXlsxZip(bytes, name)) {
    try {
      wb = await loadExcelJs(bytes);
    } catch (e) {
      // What exceljs cannot load and the reader read (through SheetJS): converted as it was read.
      converted = await convertForAnnotation(bytes, name, issues, { force: true }).catch(() => {
        throw e;
      });
      if (!converted) throw e;
      wb = await loadExcelJs(converted.bytes);
    }
  } else {
    converted = await convertForAnnotation(bytes, name, issues);
    wb = await loadExcelJs(converted ? converted.bytes : bytes);
  }
  const marked = converted?.renamed.size
    ? issues.map((i) => (i.sheet && converted!.renamed.has(i.sheet) ? { ...i, sheet: converted!.renamed.get(i.sheet) } : i))
    : issues;
  markCells(wb, marked);
  fitWrappedRows(wb);
  addIssueSheet(wb, marked, { first: true, note: converted ? convertedNote(converted) : undefined });
  // The same input and issues give the same bytes (the page's copies equal the CLI's): the
  // package re-zipped with fixed entry dates, and a fixed date where the input has none.
  wb.created ??= FIXED_DATE;
  wb.modified ??= FIXED_DATE;
  return { bytes: await workbookU8(wb), convertedFrom: converted?.label };
}

let excelJsModule: Promise<typeof ExcelJS> | undefined;

/** exceljs, imported on first use (as read/workbook.ts's importExcelJs, without its Node-only reader). */
function importExcelJs(): Promise<typeof ExcelJS> {
  excelJsModule ??= import("exceljs").then((m) => ((m as { default?: typeof ExcelJS }).default ?? m) as typeof ExcelJS);
  return excelJsModule;
}

/** Load bytes with exceljs (read/workbook.ts's loadExcelJs, from a Uint8Array). Throws what exceljs throws. */
async function loadExcelJs(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const { Workbook } = await importExcelJs();
  const wb = new Workbook();
  // The same workbook for Node's patched exceljs and the browser's prebuilt one (chinese-date-formats.ts).
  const load = withChineseDateFormats(bytes);
  await wb.xlsx.load(load as unknown as Parameters<typeof wb.xlsx.load>[0]);
  styleBareTables(wb);
  return wb;
}

/**
 * LibreOffice saves a table (our templates' T_… tables) without <tableStyleInfo>, and exceljs
 * then fails writing it ("reading 'theme'" of null): give such a table the plain style Excel
 * shows when the element is missing.
 */
function styleBareTables(wb: ExcelJS.Workbook): void {
  for (const ws of wb.worksheets)
    for (const entry of ws.getTables() as unknown as { table: { style?: object | null } }[])
      entry.table.style ??= { showFirstColumn: false, showLastColumn: false, showRowStripes: false, showColumnStripes: false };
}

function isXlsxZip(bytes: Uint8Array, name: string): boolean {
  if (sniffBytes(bytes, name).kind !== "zip") return false;
  return sniffZipKind(bytes)?.kind === "xlsx";
}

/** Whether a converted copy's format label is a Word document's. */
export function isWordLabel(label: string): boolean {
  return /^Word/.test(label);
}

/** What a clerk does with the annotated copy of a Word 申报书. */
export const WORD_COPY_NOTE =
  "本副本把原 Word 文档（.docx）中的表格逐个转为工作表（第1个表格为“表格1”，依此类推）并标出问题单元格，原文件未改动。" +
  "请对照“问题清单”中“在Word中的位置”一列，在原 Word 文档中修改后重新提交（仍提交 Word 文档即可）。";

/** The line above the 问题清单 of a converted copy. */
export function convertedNote(c: Pick<ConvertedCopy, "label" | "renamed">): string {
  const renamed = [...c.renamed].map(([from, to]) => `“${from}”→“${to}”`).join("，");
  // A Word 申报书 stays a Word document: the copy only shows where, the clerk corrects the original.
  if (isWordLabel(c.label)) return WORD_COPY_NOTE;
  return (
    `本副本由原 ${c.label} 文件转换为 .xlsx 后标注（原文件未改动）。可以直接在本副本中修改（改完后删除“问题清单”工作表），` +
    `或在 Excel/WPS 中把原文件另存为 .xlsx 后修改；请提交 .xlsx 文件。` +
    (renamed ? `工作表名称在 .xlsx 中过长或含不允许的字符，已改为：${renamed}。` : "")
  );
}

/** Fill each problem cell; an error wins over a warning on the same cell. */
export function markCells(wb: ExcelJS.Workbook, issues: Issue[]): void {
  const worst = new Map<string, "error" | "warning">();
  for (const i of issues) {
    if (!i.sheet || !i.cell || i.severity === "info") continue;
    const key = `${i.sheet}\u0000${i.cell}`;
    if (worst.get(key) !== "error") worst.set(key, i.severity);
  }
  for (const [key, severity] of worst) {
    const [sheet, cell] = key.split("\u0000");
    const ws = wb.getWorksheet(sheet);
    if (!ws) continue;
    const c = ws.getCell(cell);
    // exceljs shares one style object among the cells loaded with the same style: give this
    // cell its own copy, or the fill would spread to every cell of that style.
    c.style = { ...c.style, fill: { type: "pattern", pattern: "solid", fgColor: { argb: FILL[severity] } } };
  }
}

/**
 * Programs do not grow wrapped rows when they open a file, so a copy printed as it came
 * clips or overlaps long texts: every visible sheet's rows get the height their wrapped cells
 * need, only where a row has no height or too small a one (a taller row stays as it is).
 */
export function fitWrappedRows(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    if (ws.state !== "visible") return;
    ws.eachRow((_row, n) => {
      fitRowToText(ws, n);
    });
  });
}

function uniqueSheetName(wb: ExcelJS.Workbook, base: string): string {
  let name = base;
  for (let n = 2; wb.getWorksheet(name); n++) name = `${base}(${n})`;
  return name;
}

export interface IssueSheetOptions {
  /** Put the list first, so that it is what the clerk sees on opening (annotated copies). */
  first?: boolean;
  /** A 文件 column (a city's feedback lists the problems of several files). */
  withFile?: boolean;
  /** Where an issue's link points: "#'Sheet'!B3" in this workbook, or "copy.xlsx#'Sheet'!B3"; none when undefined. */
  link?: (i: Issue) => string | undefined;
  /** A line above the header (a converted copy says so); the header is then row 2. */
  note?: string;
}

/** A link inside this workbook to the issue's cell, when the workbook has that sheet. */
export function linkInWorkbook(wb: ExcelJS.Workbook): (i: Issue) => string | undefined {
  return (i) => (i.sheet && i.cell && wb.getWorksheet(i.sheet) ? `#'${i.sheet.replace(/'/g, "''")}'!${i.cell}` : undefined);
}

/** The 问题清单 sheet: one row per issue, the severity filled, a link to the cell. */
export function addIssueSheet(
  wb: ExcelJS.Workbook,
  issues: Issue[],
  opts: IssueSheetOptions = { first: true },
): ExcelJS.Worksheet {
  const link = opts.link ?? linkInWorkbook(wb);
  const head = opts.note ? 2 : 1;
  const ws = wb.addWorksheet(uniqueSheetName(wb, "问题清单"), {
    views: [{ state: "frozen", ySplit: head }],
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${head}:${head}`,
    },
    headerFooter: { oddFooter: "&C第 &P 页，共 &N 页" },
  });
  if (opts.first) {
    type Ordered = ExcelJS.Worksheet & { orderNo: number };
    const sheets = (wb as unknown as { _worksheets: (Ordered | undefined)[] })._worksheets.filter(Boolean) as Ordered[];
    (ws as Ordered).orderNo = Math.min(...sheets.map((s) => s.orderNo)) - 1;
  }
  ws.columns = [
    { header: "级别", key: "severity", width: 8 },
    { header: "规则", key: "code", width: 22 },
    { header: "问题", key: "title", width: 18 },
    { header: "说明", key: "message", width: 70 },
    ...(opts.withFile ? [{ header: "文件", key: "file", width: 30 }] : []),
    { header: "工作表", key: "sheet", width: 18 },
    { header: "单元格", key: "cell", width: 10 },
    // A Word 申报书's cells are found by table, row and column (第1个表格第4行第2列), not by address.
    ...(issues.some((i) => i.place) ? [{ header: PLACE_LABEL, key: "place", width: 22 }] : []),
    { header: "值", key: "value", width: 30 },
  ];
  ws.getRow(1).font = { bold: true };
  if (opts.note) {
    const noteRow = ws.insertRow(1, []);
    const c = noteRow.getCell(1);
    c.value = opts.note;
    c.font = { bold: true, color: { argb: "FFC00000" } };
    c.alignment = { wrapText: true, vertical: "top" };
    ws.mergeCells(1, 1, 1, ws.columns.length);
    const width = ws.columns.reduce((n, col) => n + (col.width ?? 10), 0);
    noteRow.height = Math.min(MAX_ROW_HEIGHT, heightFor(lineCount(opts.note, width)));
  }
  for (const i of issues) {
    const row = ws.addRow({
      severity: SEVERITY_LABEL[i.severity],
      code: i.code,
      title: RULES[i.code as keyof typeof RULES]?.title ?? "",
      message: i.message,
      file: i.file ?? "",
      sheet: i.sheet ?? "",
      place: i.place ?? "",
      value: i.value ?? "",
    });
    const target = link(i);
    if (target) {
      // exceljs writes hyperlinks to cells and other files wrongly (#3027): a HYPERLINK formula works everywhere.
      const text = i.cell ?? "打开";
      row.getCell("cell").value = { formula: `HYPERLINK("${target.replace(/"/g, '""')}","${text}")`, result: text };
      row.getCell("cell").font = { color: { argb: "FF0563C1" }, underline: true };
    } else {
      row.getCell("cell").value = i.cell ?? "";
    }
    row.getCell("message").alignment = { wrapText: true, vertical: "top" };
    // Programs do not grow wrapped rows on opening: size them for the message in its 70-wide column.
    row.height = Math.min(MAX_ROW_HEIGHT, heightFor(lineCount(i.message, 70)));
    if (i.severity !== "info")
      row.getCell("severity").fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILL[i.severity] } };
  }
  ws.autoFilter = {
    from: { row: head, column: 1 },
    to: { row: Math.max(head, issues.length + head), column: ws.columns.length },
  };
  return ws;
}

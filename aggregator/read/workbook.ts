// The first step of the data flow in Node: a file on disk → plain grids of cell values.
//
//   path / bytes ──size check──▶ read once, sha256 ──sniffBytes──▶ zip? ──guardZip──▶
//   fast reader (fast.ts: inflate + tokenize, no exceljs) ──▶ WorkbookGrid
//                     └─ throws? ──▶ exceljs full read ──gridFromExcelJs──▶ WorkbookGrid
//
// The fast reader gives the grid that gridFromExcelJs gives (test/read/fast.test.ts checks
// it on every template, example and generated workbook) at a fraction of the cost; anything
// it does not read the way exceljs would makes it throw, and the file is read by exceljs as
// before (counted in readerStats). PILOT_FORMS_READER=exceljs, or ReadOptions.reader,
// forces the exceljs path. exceljs itself is loaded only when it is needed.
//
// Every failure is a ReadResult with a kind and one or two Chinese sentences saying what the
// file is and what to do; nothing here throws for a bad file. The input is never written.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import type ExcelJS from "exceljs";
import { a1 } from "../../forms/address.js";
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { gridFromXlsx, ZipEntryError } from "./fast.js";
import { sniffBytes, type Sniff } from "./sniff.js";
import { DEFAULT_ZIP_LIMITS, formatSize, guardZip, MB, WORKBOOK_PART, type ZipLimits } from "./zip-guard.js";

export type ReadFailKind =
  | "xls"
  | "et"
  | "encrypted"
  | "not-zip"
  | "csv"
  | "html"
  | "empty"
  | "truncated"
  | "too-large"
  | "not-workbook"
  | "corrupt"
  | "missing";

export type ReadResult =
  | { ok: true; grid: WorkbookGrid; sha256: string; bytes: number; warnings: string[] }
  | { ok: false; kind: ReadFailKind; message: string; sha256?: string; bytes?: number };

export type ReadInput = { path: string } | { bytes: Uint8Array; name: string };

export interface ReadOptions extends Partial<ZipLimits> {
  /** Largest file accepted, checked on disk before reading. Default 50 MB. */
  maxBytes?: number;
  /** Inflate every zip entry once to check sizes and CRCs before exceljs sees it. Default true. */
  verifyZip?: boolean;
  /**
   * "fast" (default): fast.ts, falling back to exceljs when it throws; "exceljs": exceljs only.
   * The default can be changed with the environment variable PILOT_FORMS_READER=exceljs.
   */
  reader?: "fast" | "exceljs";
}

/**
 * How files were read in this thread: by the fast reader, or by exceljs after the fast
 * reader threw (with the last reason, for debugging and tests). Files that failed before
 * reading (not a zip, too large …) are in neither count.
 */
export const readerStats: { fast: number; fallback: number; exceljs: number; lastFallback?: string } = {
  fast: 0,
  fallback: 0,
  exceljs: 0,
};

export const DEFAULT_MAX_BYTES = 50 * MB;

/** At most this many "formula without a result" warnings per workbook; the rest are counted. */
const MAX_FORMULA_WARNINGS = 20;

// ---------------------------------------------------------------------------------------
// The Chinese built-in number formats.
//
// Excel and WPS write 2025年11月28日 as a cell whose xf has numFmtId="31" (or 57/58, 27–36,
// 50–58) and NO <numFmt> element: the code is implied by the id and the locale. exceljs
// 4.4.0 maps ids to codes with lib/xlsx/defaultnumformats.js, whose entries for these ids
// have only per-locale codes ({'zh-cn': …, 'ja-jp': …}) and no `f`; StylesXform.getStyleModel
// then finds no code, so the cell comes back as a plain serial number (45989) with
// `cell.numFmt === undefined`, and exceljs drops the style's numFmtId after reading (it
// keeps only the resolved code). Nothing on the loaded workbook tells a date any more.
//
// The fix is made where exceljs resolves the id: give each of these entries the zh-CN code
// as its `f`. exceljs then sets `cell.numFmt` to e.g. 'yyyy"年"m"月"d"日"', its isDateFmt
// sees y/m/d, and the value comes back as a Date like every other date cell. Writing is
// unaffected (exceljs hashes the default codes for writing when it is first loaded, before
// this runs), except that an exceljs round trip now keeps such a cell's date format as a
// custom format instead of losing it. The patch is process-wide and idempotent; it applies
// to every exceljs load in this process after this module is imported.
export const CJK_BUILTIN_NUMFMT_IDS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/** zh-CN code of each built-in id above, as exceljs lists them (e.g. 31 → yyyy"年"m"月"d"日"). */
export const CJK_BUILTIN_NUMFMTS: Readonly<Record<number, string>> = patchExcelJsBuiltinFormats();

function patchExcelJsBuiltinFormats(): Record<number, string> {
  const codes: Record<number, string> = {};
  try {
    const require = createRequire(import.meta.url);
    // exceljs's writer hashes the default codes when its numFmt module first loads: load it
    // now, before patching, so that what we write never depends on import order.
    require("exceljs/lib/xlsx/xform/style/numfmt-xform.js");
    const table = require("exceljs/lib/xlsx/defaultnumformats.js") as Record<string, Record<string, string>>;
    for (const id of CJK_BUILTIN_NUMFMT_IDS) {
      const entry = table[id];
      const zh = entry?.["zh-cn"];
      if (!entry || !zh) continue;
      codes[id] = zh;
      if (!entry.f) entry.f = zh;
    }
  } catch {
    // exceljs moved its table: the test "reads numFmtId 31 as a date" fails and says so.
  }
  return codes;
}

// ---------------------------------------------------------------------------------------

let excelJsModule: Promise<typeof ExcelJS> | undefined;

/** exceljs, imported on first use (~0.5 s here): worker threads that read with fast.ts never load it. */
export function importExcelJs(): Promise<typeof ExcelJS> {
  excelJsModule ??= import("exceljs").then((m) => ((m as { default?: typeof ExcelJS }).default ?? m) as typeof ExcelJS);
  return excelJsModule;
}

/** exceljs's ValueType.Merge, read from its enums without loading the whole library. */
const MERGE_VALUE_TYPE: number = (() => {
  try {
    const enums = createRequire(import.meta.url)("exceljs/lib/doc/enums.js") as { ValueType: { Merge: number } };
    return enums.ValueType.Merge;
  } catch {
    return 1;
  }
})();

/** Load bytes with exceljs (full reader). Throws what exceljs throws: use readWorkbook for untrusted files. */
export async function loadExcelJs(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const { Workbook } = await importExcelJs();
  const wb = new Workbook();
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/**
 * Read a workbook from disk or memory into plain grids. Never throws for a bad file.
 * `input.name` (bytes) or the path's base name is used for the extension hint and messages.
 */
export async function readWorkbook(input: ReadInput, opts: ReadOptions = {}): Promise<ReadResult> {
  try {
    return await read(input, opts);
  } catch (e) {
    // A bug of ours or an exceljs surprise: still a result, never a crash.
    return { ok: false, kind: "corrupt", message: corruptMessage(e) };
  }
}

async function read(input: ReadInput, opts: ReadOptions): Promise<ReadResult> {
  const maxBytes = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : DEFAULT_MAX_BYTES;
  const name = "path" in input ? basename(input.path) : input.name;

  let bytes: Uint8Array;
  if ("path" in input) {
    const loaded = await readFileBounded(input.path, maxBytes);
    if ("kind" in loaded) return loaded;
    bytes = loaded.bytes;
  } else {
    bytes = input.bytes;
    if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);
  }

  const size = bytes.byteLength;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const fail = (kind: ReadFailKind, message: string): ReadResult => ({ ok: false, kind, message, sha256, bytes: size });

  const sniff = sniffBytes(bytes, name);
  if (sniff.kind !== "zip") {
    const f = sniffFailure(sniff, name);
    return fail(f.kind, f.message);
  }

  const reader = opts.reader ?? (process.env.PILOT_FORMS_READER === "exceljs" ? "exceljs" : "fast");
  if (reader === "fast") {
    // The directory checks of guardZip; the fast reader then inflates and CRC-checks every
    // entry itself (verify), so that each part is inflated once.
    const guard = await guardZip(bytes, { ...pickLimits(opts), verify: false });
    if (!guard.ok) return fail(guard.kind, guard.message);
    try {
      const fast = gridFromXlsx(bytes, { verify: opts.verifyZip !== false, maxEntry: opts.maxEntry });
      readerStats.fast++;
      const warnings = fast.warnings;
      if (fast.grid.sheets.length === 0) warnings.push("工作簿中没有读到任何工作表。");
      return { ok: true, grid: fast.grid, sha256, bytes: size, warnings };
    } catch (e) {
      // An entry that does not inflate as its directory says: guardZip's full check says
      // what is wrong, in its words. Anything else: exceljs reads the file as it always did.
      if (e instanceof ZipEntryError) {
        const full = await guardZip(bytes, { ...pickLimits(opts), verify: true });
        if (!full.ok) return fail(full.kind, full.message);
      }
      readerStats.fallback++;
      readerStats.lastFallback = e instanceof Error ? e.message : String(e);
    }
  } else readerStats.exceljs++;

  const guard = await guardZip(bytes, {
    ...pickLimits(opts),
    verify: opts.verifyZip !== false,
    capture: [WORKBOOK_PART, "xl/_rels/workbook.xml.rels"],
  });
  if (!guard.ok) return fail(guard.kind, guard.message);

  let wb: ExcelJS.Workbook;
  try {
    wb = await loadExcelJs(bytes);
  } catch (e) {
    return fail("corrupt", corruptMessage(e));
  }

  const warnings: string[] = [];
  const grid = gridFromExcelJs(wb, warnings);
  warnings.push(...droppedSheetWarnings(grid, guard.parts[WORKBOOK_PART], guard.parts["xl/_rels/workbook.xml.rels"]));
  if (grid.sheets.length === 0) warnings.push("工作簿中没有读到任何工作表。");
  return { ok: true, grid, sha256, bytes: size, warnings };
}

function pickLimits(opts: ReadOptions): Partial<ZipLimits> {
  const out: Partial<ZipLimits> = {};
  for (const k of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) if (opts[k] !== undefined) out[k] = opts[k];
  return out;
}

/**
 * Open, check the size on disk, then read the whole file once. Synchronous on purpose: the
 * four awaited calls (open, stat, readFile, close) cost 0.19 ms a file here against 0.02 ms
 * for these, and the caller (one file at a time, or one file per worker thread) has nothing
 * else to do meanwhile.
 */
async function readFileBounded(path: string, maxBytes: number): Promise<{ bytes: Buffer } | Extract<ReadResult, { ok: false }>> {
  const shown = basename(path);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return { ok: false, kind: "missing", message: openErrorMessage(e, path, shown) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: "missing", message: `“${shown}”不是文件（可能是文件夹），无法作为工作簿读取。` };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    const bytes = readFileSync(fd);
    if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);
    return { bytes };
  } catch (e) {
    return { ok: false, kind: "missing", message: openErrorMessage(e, path, shown) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

function openErrorMessage(e: unknown, path: string, shown: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return `找不到文件“${path}”。请确认文件名和所在文件夹是否正确。`;
  if (code === "EACCES" || code === "EPERM") return `没有权限读取文件“${shown}”。请检查文件权限，或关闭正在占用它的程序后重试。`;
  if (code === "EISDIR") return `“${shown}”是文件夹，不是文件。`;
  if (code === "EBUSY") return `文件“${shown}”正被其他程序占用，请关闭该程序后重试。`;
  return `无法打开文件“${shown}”（${code ?? (e instanceof Error ? e.message : String(e))}）。`;
}

function tooLarge(size: number, limit: number): Extract<ReadResult, { ok: false }> {
  return {
    ok: false,
    kind: "too-large",
    bytes: size,
    message: `文件大小为 ${formatSize(size)}，超过上限 ${formatSize(limit)}，已拒绝读取。请删除无关的工作表、图片和空白行列后另存，或拆分为多个文件后重新提交。`,
  };
}

function sniffFailure(sniff: Sniff, name: string): { kind: ReadFailKind; message: string } {
  const ext = sniff.extension ? `.${sniff.extension}` : "";
  const renamed = ext && ext !== ".csv" && ext !== ".txt" ? `（只是扩展名为 ${ext}）` : "";
  const saveAs = "请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）后重新提交。";
  switch (sniff.kind) {
    case "empty":
      return { kind: "empty", message: "文件是空的（0 字节），可能保存或拷贝时出错。请重新保存后再提交。" };
    case "empty-zip":
      return { kind: "not-workbook", message: "这是一个空的压缩包，不是 Excel 工作簿。请提交 Excel 工作簿（.xlsx）。" };
    case "xls":
      return {
        kind: "xls",
        message: "这是旧版 Excel 97-2003 格式（.xls），无法读取。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新提交。",
      };
    case "xml-spreadsheet":
      return { kind: "xls", message: `这是旧版“XML 电子表格 2003”格式${renamed}，无法读取。${saveAs}` };
    case "encrypted":
      return {
        kind: "encrypted",
        message: "文件设置了打开密码，无法读取。请取消密码（文件 → 信息 → 保护工作簿）后另存为 .xlsx。",
      };
    case "et":
      return sniff.extension === "et" || sniff.extension === "ett"
        ? { kind: "et", message: "这是 WPS 表格格式（.et），请在 WPS 中“另存为”Excel 工作簿（.xlsx）后重新提交。" }
        : {
            kind: "et",
            message: `这不是 .xlsx 工作簿，而是 WPS 表格（.et）等其他格式的文件${renamed}。请在 WPS 中“另存为”Excel 工作簿（.xlsx）后重新提交。`,
          };
    case "doc":
      return {
        kind: "not-workbook",
        message: `这是 Word 文档（.doc）${renamed}，不是 Excel 工作簿。请提交 Excel 工作簿（.xlsx）。`,
      };
    case "ppt":
      return {
        kind: "not-workbook",
        message: `这是 PowerPoint 演示文稿（.ppt）${renamed}，不是 Excel 工作簿。请提交 Excel 工作簿（.xlsx）。`,
      };
    case "csv":
      return { kind: "csv", message: `这是 CSV 文本文件${renamed}，不是 Excel 工作簿。${saveAs}` };
    case "text":
      return { kind: "csv", message: `这是纯文本文件${renamed}，不是 Excel 工作簿。${saveAs}` };
    case "html":
      return {
        kind: "html",
        message: `这是网页（HTML）格式的表格${renamed}，常见于从业务系统导出的文件，不是真正的 Excel 工作簿。${saveAs}`,
      };
    case "zip":
    case "unknown":
    default:
      return {
        kind: "not-zip",
        message: `无法识别“${name}”的格式，它不是 Excel 工作簿（.xlsx）。请确认提交的文件正确，在 Excel 或 WPS 中另存为 .xlsx 后重新提交。`,
      };
  }
}

function corruptMessage(e: unknown): string {
  return `文件已损坏或格式不标准，无法读取（${shortReason(e)}）。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新提交。`;
}

function shortReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/Cannot merge already merged cells/i.test(text)) return "合并单元格区域相互重叠";
  if (/corrupted zip|end of central directory|invalid signature|zip/i.test(text)) return "压缩数据损坏";
  if (/^\d+:\d+: |unexpected close tag|unclosed|text data outside of root|xml|sax/i.test(text))
    return `XML 结构错误：${clip(text, 80)}`;
  return clip(text, 100);
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

// ---------------------------------------------------------------------------------------
// exceljs workbook → WorkbookGrid

/**
 * Plain grids of an exceljs workbook, one SheetGrid per worksheet in workbook order.
 *
 * - `values[r][c]` is the cell at row r + 1, column c + 1 (top = left = 0). Rows are NOT
 *   padded to a rectangle: each row ends at its last non-empty cell (an empty row is []),
 *   so a sheet with one stray cell at XFD1048576 costs one long row, not a billion slots.
 *   Read cells as `values[r]?.[c] ?? null`. Trailing empty rows are trimmed.
 * - Values: strings (rich text and hyperlinks as their text; "" → null), numbers, booleans,
 *   Dates (UTC midnight of the date shown: read them with getUTC*), error cells as their
 *   text ("#N/A"), formulas as their cached result (a formula without one → null and a
 *   warning).
 * - `formats` has the same shape and holds each non-empty cell's number format code.
 * - Merged ranges keep their value in the top-left cell only; `merges` lists them ("B2:D2").
 *
 * Warnings (in Chinese, for the person who submitted the file) are pushed to `warnings`.
 */
export function gridFromExcelJs(wb: ExcelJS.Workbook, warnings: string[] = []): WorkbookGrid {
  const counter = { formulasWithoutResult: 0 };
  const sheets = wb.worksheets.map((ws) => sheetGrid(ws, warnings, counter));
  if (counter.formulasWithoutResult > MAX_FORMULA_WARNINGS)
    warnings.push(
      `另有 ${counter.formulasWithoutResult - MAX_FORMULA_WARNINGS} 个单元格的公式没有计算结果，请在 Excel 中打开并保存后再提交。`,
    );
  return { sheets };
}

function sheetGrid(ws: ExcelJS.Worksheet, warnings: string[], counter: { formulasWithoutResult: number }): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let vals: CellValue[] | undefined;
    let fmts: (string | undefined)[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Merged cells other than the master mirror the master's value: leave them empty.
      if (cell.type === (MERGE_VALUE_TYPE as ExcelJS.ValueType)) return;
      const v = toCellValue(cell.value, () => {
        counter.formulasWithoutResult++;
        if (counter.formulasWithoutResult <= MAX_FORMULA_WARNINGS)
          warnings.push(`工作表“${ws.name}”单元格 ${cell.address} 的公式没有计算结果，请在 Excel 中打开并保存后再提交。`);
      });
      if (v === null) return;
      if (!vals || !fmts) {
        vals = [];
        fmts = [];
      }
      vals[colNumber - 1] = v;
      const fmt = (cell.style as Partial<ExcelJS.Style> | undefined)?.numFmt;
      fmts[colNumber - 1] = fmt ? fmt : undefined;
    });
    if (vals && fmts) {
      for (let c = 0; c < vals.length; c++) {
        if (vals[c] === undefined) {
          vals[c] = null;
          fmts[c] = undefined;
        }
      }
      values[rowNumber - 1] = vals;
      formats[rowNumber - 1] = fmts;
    }
  });
  // Rows between non-empty rows (holes in the arrays) become [].
  for (let r = 0; r < values.length; r++) {
    if (values[r] === undefined) {
      values[r] = [];
      formats[r] = [];
    }
  }

  return {
    name: ws.name,
    values,
    formats,
    top: 0,
    left: 0,
    merges: mergesOf(ws),
    state: ws.state === "hidden" || ws.state === "veryHidden" ? ws.state : "visible",
  };
}

interface MergeDims {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Merged ranges in A1 notation, top to bottom, left to right. */
function mergesOf(ws: ExcelJS.Worksheet): string[] {
  // exceljs keeps merges in worksheet._merges (master address → Range); `ws.model.merges`
  // would give the same strings but builds the model of every row first.
  const internal = (ws as unknown as { _merges?: Record<string, MergeDims | undefined> })._merges;
  let dims: MergeDims[];
  if (internal && typeof internal === "object") {
    dims = Object.values(internal).filter((m): m is MergeDims => !!m && typeof m.top === "number");
  } else {
    const ranges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    return [...ranges].map((r) => r.replace(/\$/g, "")).sort();
  }
  dims.sort((a, b) => a.top - b.top || a.left - b.left);
  return dims.map((m) => `${a1(m.top - 1, m.left - 1)}:${a1(m.bottom - 1, m.right - 1)}`);
}

/** One exceljs cell value → CellValue. `noResult` is called for a formula without a cached result. */
export function toCellValue(v: ExcelJS.CellValue | undefined, noResult?: () => void): CellValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
      return v === "" ? null : v;
    case "number":
      return Number.isFinite(v) ? v : null;
    case "boolean":
      return v;
    case "object":
      break;
    default:
      return null;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  const o = v as unknown as Record<string, unknown>;
  if ("formula" in o || "sharedFormula" in o) {
    const result = o.result;
    if (result === undefined || result === null) {
      noResult?.();
      return null;
    }
    return toCellValue(result as ExcelJS.CellValue);
  }
  if ("error" in o) return typeof o.error === "string" ? o.error : String(o.error);
  if (Array.isArray(o.richText)) return richText(o.richText);
  if ("text" in o) {
    const t = o.text;
    if (typeof t === "string") return t === "" ? null : t;
    return toCellValue(t as ExcelJS.CellValue);
  }
  return null;
}

function richText(runs: unknown[]): string | null {
  let s = "";
  for (const run of runs) {
    const t = (run as { text?: unknown } | null)?.text;
    if (typeof t === "string") s += t;
  }
  return s === "" ? null : s;
}

// ---------------------------------------------------------------------------------------
// Sheets that exceljs silently leaves out

/**
 * exceljs reads only parts named xl/worksheets/sheetN.xml; a worksheet stored under another
 * name, a macro sheet or a dialog sheet is dropped without a word. Compare the sheet list of
 * xl/workbook.xml with what was read and say which are missing (chart sheets hold no cells
 * and are skipped quietly).
 */
function droppedSheetWarnings(grid: WorkbookGrid, workbookXml?: string, relsXml?: string): string[] {
  if (!workbookXml) return [];
  const read = new Set(grid.sheets.map((s) => s.name));
  const relTypes = new Map<string, string>();
  for (const m of (relsXml ?? "").matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1], "Id");
    const type = attr(m[1], "Type");
    if (id && type) relTypes.set(id, type);
  }
  const out: string[] = [];
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const name = attr(m[1], "name");
    if (name === undefined || read.has(name)) continue;
    const rid = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? /\s[\w.-]+:id\s*=\s*'([^']*)'/.exec(m[1])?.[1];
    const type = (rid && relTypes.get(rid)) || "";
    if (/\/chartsheet$/i.test(type)) continue;
    const what = /macrosheet/i.test(type) ? "宏表" : /dialogsheet/i.test(type) ? "对话框工作表" : "工作表";
    out.push(
      `${what}“${name}”未能读取，其中的内容不在本次检查范围内。请在 Excel 中将其内容复制到普通工作表，另存为 .xlsx 后重新提交。`,
    );
  }
  return out;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? "");
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === "amp") return "&";
    if (k === "lt") return "<";
    if (k === "gt") return ">";
    if (k === "quot") return '"';
    if (k === "apos") return "'";
    const n = k.startsWith("#x") ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "";
  });
}

// The first step of the data flow in Node: a file on disk → plain grids of cell values.
//
//   path / bytes ──size check──▶ read once, sha256 ──sniffBytes──▶
//     zip ──sniffZipKind──▶ .xlsx/.xlsm ──guardZip──▶ fast reader (fast.ts) ──▶ WorkbookGrid
//                                                  └─ throws? ──▶ SheetJS (sheetjs.ts)
//                      ──▶ .ods/.xlsb ──guardZip──▶ SheetJS
//                      ──▶ .docx ──guardZip──▶ docx.ts: each Word table a grid 表格N (format "docx")
//                      ──▶ .pptx/.odt/a zip of files ──▶ not-spreadsheet
//     OLE ──▶ .xls (BIFF5/8), WPS .et ──▶ SheetJS (size-bounded: maxBytes) · encrypted .xlsx ──▶ encrypted
//         ──▶ .doc/.ppt ──▶ not-spreadsheet
//     text ──▶ CSV / tab-separated (GBK, UTF-8 with or without BOM, UTF-16) ──▶ csv.ts
//          ──▶ flat .fods, SpreadsheetML 2003, HTML tables saved as .xls ──▶ SheetJS
//          (a web archive .mht, or a page without a table, is refused with a message)
//     PDF, RTF, RAR/7z/gz, images, plain text ──▶ not-spreadsheet
//
// The fast reader gives exceljs's grid for every file exceljs reads right (test/read/fast.test.ts
// checks it on every template, example and generated workbook) and reads right what exceljs
// loses (see fast.ts). What it does not understand makes it throw, and SheetJS reads the file
// (counted in readerStats). PILOT_FORMS_READER=exceljs, or ReadOptions.reader, forces the old
// exceljs path for .xlsx. exceljs and SheetJS are loaded only when needed.
//
// Every failure is a ReadResult with a kind and one or two Chinese sentences saying what the
// file is and what to do; nothing here throws for a bad file. What a reader noticed in a file
// it read (formulas without results, sheets it could not read) are `notes` with rule codes.
// The input is never written.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import type ExcelJS from "exceljs";
import { a1 } from "../../forms/address.js";
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { decodeText, gridFromCsv, parseCsv } from "./csv.js";
import { gridFromDocx, type DocxParagraph } from "./docx.js";
import { gridFromXlsx, ZipEntryError, ZipReader } from "./fast.js";
import { NoteCollector, sheetKindWord, type ReadNote } from "./notes.js";
import { gridFromSheetJs, odsLayout, PasswordError, type OdsLayout, type SheetJsFormat } from "./sheetjs.js";
import { oleLooksTruncated, sniffBytes, sniffZipKind, type Sniff, type ZipKind } from "./sniff.js";
import { DEFAULT_ZIP_LIMITS, formatSize, guardZip, MB, WORKBOOK_PART, type ZipLimits } from "./zip-guard.js";
import { decodeXml } from "./xml-text.js";

export type { ReadNote } from "./notes.js";

export type ReadFailKind =
  /** A password-protected file (encrypted .xlsx, .xls with FILEPASS, encrypted .ods, a zip with encrypted entries). */
  | "encrypted"
  /** A file that is not a spreadsheet at all (.docx, .doc, .pdf, .pptx, .rar, images, plain text …). */
  | "not-spreadsheet"
  /** An OLE container that is neither a workbook we can read nor a known document (damaged .xls/.et). */
  | "et"
  | "not-zip"
  | "html"
  | "empty"
  | "truncated"
  | "too-large"
  | "not-workbook"
  | "corrupt"
  | "missing";

/** The format a file was read as. */
export type ReadFormat = "xlsx" | "xlsb" | "xls" | "et" | "ods" | "fods" | "xlml" | "csv" | "html" | "docx";

export type ReadResult =
  | {
      ok: true;
      grid: WorkbookGrid;
      sha256: string;
      bytes: number;
      format: ReadFormat;
      /** What the reader noticed: cell.no_result, sheet.unreadable, file.unknown_form (no sheet at all). */
      notes: ReadNote[];
      /** A Word document (format "docx"): its paragraphs outside tables (headings, narrative), for 字数 checks. */
      paragraphs?: DocxParagraph[];
    }
  | { ok: false; kind: ReadFailKind; message: string; sha256?: string; bytes?: number };

export type ReadInput = { path: string } | { bytes: Uint8Array; name: string };

export interface ReadOptions extends Partial<ZipLimits> {
  /** Largest file accepted, checked on disk before reading. Default 50 MB. */
  maxBytes?: number;
  /** Inflate every zip entry once to check sizes and CRCs before it is parsed. Default true. */
  verifyZip?: boolean;
  /**
   * .xlsx: "fast" (default): fast.ts, falling back to SheetJS when it throws; "exceljs": exceljs
   * only (the reader before fast.ts). The default can be changed with PILOT_FORMS_READER=exceljs.
   */
  reader?: "fast" | "exceljs";
}

/**
 * How files were read in this thread: .xlsx by the fast reader, by SheetJS after the fast
 * reader threw (`fallback`, with the last reason, for debugging and tests) or by exceljs when
 * forced; other formats by SheetJS (`sheetjs`) or as CSV (`csv`). Files that failed before
 * reading (not a spreadsheet, too large …) are in no count.
 */
export const readerStats: {
  fast: number;
  fallback: number;
  exceljs: number;
  sheetjs: number;
  csv: number;
  lastFallback?: string;
} = {
  fast: 0,
  fallback: 0,
  exceljs: 0,
  sheetjs: 0,
  csv: 0,
};

export const DEFAULT_MAX_BYTES = 50 * MB;

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
  const ok = (grid: WorkbookGrid, format: ReadFormat, notes: ReadNote[]): ReadResult => {
    if (grid.sheets.length === 0)
      notes.push({ code: "file.unknown_form", severity: "error", message: "工作簿中没有读到任何工作表。" });
    return { ok: true, grid, sha256, bytes: size, format, notes };
  };
  const sniff = sniffBytes(bytes, name);
  /** SheetJS, its errors as results. */
  const viaSheetJs = async (format: SheetJsFormat, what: string, ods?: OdsLayout, text?: string): Promise<ReadResult> => {
    try {
      const r = await gridFromSheetJs(text ?? bytes, format, { ods });
      readerStats.sheetjs++;
      return ok(r.grid, format === "xlsx" ? "xlsx" : format, r.notes);
    } catch (e) {
      if (e instanceof PasswordError) return fail("encrypted", passwordMessage(what));
      // A compound file is a whole number of sectors, its directory reachable: else it was cut.
      if ((format === "xls" || format === "et") && (sniff.oleDirectoryComplete === false || oleLooksTruncated(bytes)))
        return fail("truncated", `文件（${what}）不完整（可能下载或拷贝中断），无法读取。请重新下载或从原件重新拷贝后再提交。`);
      return fail("corrupt", corruptMessage(e, what));
    }
  };

  switch (sniff.kind) {
    case "zip":
      break;
    case "xls":
    case "et": {
      // A WPS .et/.ett is BIFF8 in a compound file, like .xls. A BIFF workbook stream always
      // lists at least one sheet: none means a damaged file (or only a BOF record).
      const what =
        sniff.kind === "xls" ? (sniff.extension === "xlt" ? ".xlt" : ".xls") : sniff.extension === "ett" ? ".ett" : ".et";
      const r = await viaSheetJs(sniff.kind, what);
      if (r.ok && r.grid.sheets.length === 0 && !r.notes.some((n) => n.code === "sheet.unreadable"))
        return fail(
          "corrupt",
          `文件（${what}）已损坏：其中的工作簿数据没有任何工作表，无法读取。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新提交。`,
        );
      if (r.ok || r.kind === "encrypted" || sniff.kind === "xls") return r;
      // An OLE file SheetJS cannot read, without a Workbook stream: the old advice.
      const f = sniffFailure(sniff, name);
      return fail(f.kind, f.message);
    }
    case "encrypted":
      return fail("encrypted", passwordMessage(".xlsx"));
    case "csv":
    case "text":
      // A .csv is CSV whatever it holds (one column has no delimiter); a spreadsheet
      // extension on delimited text is a CSV saved under the wrong name; a .txt or any other
      // text is a table only when its lines split into the same number of fields.
      if (CSV_EXT.has(sniff.extension)) return viaCsv(sniff);
      if (sniff.kind === "csv" && SHEET_EXT.has(sniff.extension)) return viaCsv(sniff);
      if (sniff.kind === "csv" && TEXT_EXT.has(sniff.extension) && looksTabular(bytes, sniff)) return viaCsv(sniff);
      return fail("not-spreadsheet", notSpreadsheetMessage({ ...sniff, kind: "text" }));
    case "fods":
      return viaSheetJs("fods", ".fods", odsLayout(new TextDecoder("utf-8").decode(bytes)));
    case "xml-spreadsheet":
      return viaSheetJs("xlml", "XML 电子表格");
    case "html": {
      // Business systems' "Excel" exports: an HTML page of <table>s saved as .xls. Each table
      // is a sheet (Sheet1, Sheet2 …), colspan/rowspan are merges, cells are their text.
      // A web archive (.mht) is not read.
      // Only under a spreadsheet (or web page) name: a .md or .txt that holds a <table> is text.
      if (!SHEET_EXT.has(sniff.extension) && !/^(htm|html)$/.test(sniff.extension))
        return fail("not-spreadsheet", notSpreadsheetMessage({ ...sniff, kind: "text" }));
      const text = htmlText(bytes, sniff);
      if (text === undefined || !/<table\b/i.test(text)) {
        const f = sniffFailure(sniff, name);
        return fail(f.kind, f.message);
      }
      const r = await viaSheetJs("html", "网页格式的表格", undefined, text);
      if (r.ok && r.grid.sheets.every((s) => s.values.length === 0)) {
        const f = sniffFailure(sniff, name);
        return fail(f.kind, f.message);
      }
      return r;
    }
    default: {
      if (isNotSpreadsheet(sniff.kind)) return fail("not-spreadsheet", notSpreadsheetMessage(sniff));
      const f = sniffFailure(sniff, name);
      return fail(f.kind, f.message);
    }
  }

  // A zip: which one? (One directory read, shared with the fast reader.)
  const limits = pickLimits(opts);
  let zip: ZipReader | undefined;
  try {
    zip = new ZipReader(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      limits.maxEntry ?? DEFAULT_ZIP_LIMITS.maxEntry,
    );
  } catch {
    // guardZip says what is wrong with the directory
  }
  const zk = zip ? sniffZipKind(bytes, zip) : undefined;
  if (zk?.kind === "docx" && zip && WORD_EXT.test(sniff.extension)) {
    // A Word 申报书: its tables are the grids (表格1, 表格2 …); a Word file without a table
    // (a cover letter, a 推荐函) is no form: listed as not a spreadsheet. A Word document under
    // another name (.xlsx) is not read: the message says what it is.
    const guard = await guardZip(bytes, { ...limits, verify: opts.verifyZip !== false, requireWorkbook: false });
    if (!guard.ok) return fail(guard.kind, guard.message);
    try {
      const doc = gridFromDocx(bytes, { zip });
      if (doc.grid.sheets.length === 0)
        return fail(
          "not-spreadsheet",
          `这是 Word 文档（.docx），其中没有表格，不是申报表格。Word 申报书请在通知附件的表单中填写（表单中的表格会被读取），或${SEND_XLSX}。${LISTED}`,
        );
      return { ok: true, grid: doc.grid, sha256, bytes: size, format: "docx", notes: [], paragraphs: doc.paragraphs };
    } catch (e) {
      return fail("corrupt", corruptMessage(e, ".docx"));
    }
  }
  if (zk && zk.kind !== "xlsx" && zk.kind !== "xlsb" && zk.kind !== "ods")
    return fail("not-spreadsheet", notSpreadsheetMessage(sniff, zk));
  if (zk?.encrypted) return fail("encrypted", passwordMessage(zk.kind === "ods" ? ".ods" : ".xlsx"));

  if (zk && zk.kind !== "xlsx") {
    const guard = await guardZip(bytes, { ...limits, verify: opts.verifyZip !== false, requireWorkbook: false });
    if (!guard.ok) return fail(guard.kind, guard.message);
    if (zk.kind === "xlsb") return viaSheetJs("xlsb", ".xlsb");
    let layout: OdsLayout | undefined;
    try {
      const content = zip?.text("content.xml");
      if (content !== undefined) layout = odsLayout(content);
    } catch {
      // SheetJS says what is wrong
    }
    return viaSheetJs("ods", ".ods", layout);
  }

  const reader = opts.reader ?? (process.env.PILOT_FORMS_READER === "exceljs" ? "exceljs" : "fast");
  if (reader === "exceljs") return viaExcelJs();

  // The directory checks of guardZip; the fast reader then inflates and CRC-checks every
  // entry itself (verify), so that each part is inflated once.
  const guard = await guardZip(bytes, { ...limits, verify: false, requireWorkbook: zk === undefined });
  if (!guard.ok) return fail(guard.kind, guard.message);
  try {
    const fast = gridFromXlsx(bytes, {
      verify: opts.verifyZip !== false,
      maxEntry: opts.maxEntry,
      workbookPart: zk?.workbookPart,
      zip,
    });
    readerStats.fast++;
    return ok(fast.grid, "xlsx", fast.notes);
  } catch (e) {
    // An entry that does not inflate as its directory says: guardZip's full check says
    // what is wrong, in its words. Anything else: SheetJS reads the file.
    if (e instanceof ZipEntryError) {
      const full = await guardZip(bytes, { ...limits, verify: true, requireWorkbook: false });
      if (!full.ok) return fail(full.kind, full.message);
    }
    readerStats.fallback++;
    readerStats.lastFallback = e instanceof Error ? e.message : String(e);
  }
  return viaSheetJs("xlsx", ".xlsx");

  function viaCsv(s: Sniff): ReadResult {
    const r = gridFromCsv(bytes, name, s.encoding);
    readerStats.csv++;
    return ok(r.grid, "csv", []);
  }

  async function viaExcelJs(): Promise<ReadResult> {
    readerStats.exceljs++;
    const guard = await guardZip(bytes, {
      ...limits,
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
    const notes = new NoteCollector();
    const grid = gridFromExcelJs(wb, notes);
    droppedSheets(grid, notes, guard.parts[WORKBOOK_PART], guard.parts["xl/_rels/workbook.xml.rels"]);
    return ok(grid, "xlsx", notes.finish());
  }
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
    case "et":
      return sniff.extension === "et" || sniff.extension === "ett"
        ? {
            kind: "et",
            message: "这个 WPS 表格文件（.et）无法读取，可能已损坏。请在 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后重新提交。",
          }
        : {
            kind: "et",
            message: `这不是 .xlsx 工作簿，而是 WPS 表格（.et）等其他格式的文件${renamed}，无法读取。请在 WPS 中“另存为”Excel 工作簿（.xlsx）后重新提交。`,
          };
    case "html":
      return {
        kind: "html",
        message: `这是网页（HTML）格式的表格${renamed}，常见于从业务系统导出的文件，不是真正的 Excel 工作簿。${saveAs}`,
      };
    default:
      return {
        kind: "not-zip",
        message: `无法识别“${name}”的格式，它不是 Excel 工作簿（.xlsx）。请确认提交的文件正确，在 Excel 或 WPS 中另存为 .xlsx 后重新提交。`,
      };
  }
}

/** An HTML page's text: its BOM, else its <meta charset>, else what the bytes look like; undefined for a web archive. */
function htmlText(bytes: Uint8Array, sniff: Sniff): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  if (/^\s*mime-version:/i.test(head)) return undefined;
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (!(bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe) && charset && /^(gb2312|gbk|gb18030|x-gbk)$/.test(charset))
    return new TextDecoder("gb18030").decode(bytes);
  if (!(bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe) && charset === "utf-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      // the page says UTF-8 but is not: guess below
    }
  }
  return decodeText(bytes, sniff.encoding).text;
}

/** Extensions whose text is CSV whatever it looks like. */
const CSV_EXT = new Set(["csv", "tsv", "tab"]);
/** Text extensions that may hold an exported table (Excel's "Unicode 文本" is a .txt). */
const TEXT_EXT = new Set(["txt", "prn", "dat", ""]);
/** Spreadsheet extensions: delimited text under one of these is a CSV saved under the wrong name. */
const SHEET_EXT = new Set(["xlsx", "xlsm", "xls", "xlt", "et", "ett", "ods", "xlsb"]);

/**
 * Delimited text that is a table: of the first 20 non-empty lines, at least two, and at
 * least 60 %, split by , ; or TAB into the same number (≥ 2) of fields. Prose with a few
 * commas does not; an Excel "Unicode 文本" or "文本文件（制表符分隔）" export does.
 */
function looksTabular(bytes: Uint8Array, sniff: Sniff): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  const { text } = decodeText(sample, sniff.encoding);
  const lines = text
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, 20);
  if (lines.length < 2) return false;
  for (const d of ["\t", ",", ";"]) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = parseCsv(l, d)[0]?.length ?? 1;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const [fields, times] of counts) if (fields >= 2 && times >= 2 && times >= lines.length * 0.6) return true;
  }
  return false;
}

const NOT_SPREADSHEET_KINDS = new Set<Sniff["kind"]>(["doc", "ppt", "pdf", "rtf", "archive", "image", "text", "fodt"]);

function isNotSpreadsheet(kind: Sniff["kind"]): boolean {
  return NOT_SPREADSHEET_KINDS.has(kind);
}

const LISTED = "此文件已列出、计入本市材料。";
/** Names under which a Word document is read as a 申报书 (its tables). */
const WORD_EXT = /^(docx|docm|dotx|dotm)$/;
const SEND_XLSX = "申报书的表格部分请用 Excel 或 WPS 表格模板填写后提交 .xlsx";

/** What the file is and what to send instead (file.not_spreadsheet). */
function notSpreadsheetMessage(sniff: Sniff, zip?: ZipKind): string {
  const ext = sniff.extension ? `.${sniff.extension}` : "";
  const named = (real: string) => (ext && ext !== real ? `（扩展名为 ${ext}）` : "");
  if (zip) {
    switch (zip.kind) {
      case "docx":
        return `这是 Word 文档（.docx）${named(".docx")}，不是电子表格。${SEND_XLSX}；Word 申报书请以 .docx 扩展名提交（其中的表格会被读取），${LISTED}`;
      case "pptx":
        return `这是 PowerPoint 演示文稿（.pptx）${named(".pptx")}，不是电子表格。${SEND_XLSX}。${LISTED}`;
      case "opendocument":
        return `这是 OpenDocument ${zip.detail === "text" ? "文字文档（.odt）" : zip.detail === "presentation" ? "演示文稿（.odp）" : "文件"}${named(zip.detail === "text" ? ".odt" : ".odp")}，不是电子表格。${SEND_XLSX}。${LISTED}`;
      default:
        return `这是一个压缩包（zip）${named(".zip")}，其中没有可读取的电子表格。请解压后提交其中的 Excel 工作簿（.xlsx），或把工作簿放进 .zip 再提交。${LISTED}`;
    }
  }
  switch (sniff.kind) {
    case "doc":
      return `这是 Word 97-2003 文档（.doc）${named(".doc")}，不是电子表格。${SEND_XLSX}；Word 申报书请在 Word 或 WPS 中另存为 .docx 后提交（.docx 中的表格会被读取），${LISTED}`;
    case "rtf":
      return `这是 RTF 格式的 Word 文档${named(".rtf")}，不是电子表格。${SEND_XLSX}。${LISTED}`;
    case "fodt":
      return `这是 OpenDocument 文档（非表格）${named(".fodt")}，不是电子表格。${SEND_XLSX}。${LISTED}`;
    case "ppt":
      return `这是 PowerPoint 97-2003 演示文稿（.ppt）${named(".ppt")}，不是电子表格。${SEND_XLSX}。${LISTED}`;
    case "pdf":
      return `这是 PDF 文件${named(".pdf")}，不是电子表格，无法读取其中的表格。${SEND_XLSX}（盖章的 PDF 扫描件可作为附件另行提交）。${LISTED}`;
    case "archive": {
      const what = sniff.subtype === "rar" ? "RAR" : sniff.subtype === "7z" ? "7z" : (sniff.subtype ?? "");
      return `这是 ${what} 压缩包${named(`.${sniff.subtype}`)}，本工具只能打开 .zip 压缩包。请解压后提交其中的 Excel 工作簿（.xlsx），或重新打包为 .zip 后提交。${LISTED}`;
    }
    case "image":
      return `这是图片（.${sniff.subtype}）${named(`.${sniff.subtype}`)}，不是电子表格，无法读取其中的表格。${SEND_XLSX}（盖章页的照片或扫描件可作为附件另行提交）。${LISTED}`;
    case "text":
    default:
      return `这是纯文本文件${ext ? `（${ext}）` : ""}，其中没有逗号或制表符分隔的表格，不是电子表格。${SEND_XLSX}。${LISTED}`;
  }
}

/** The message for a password-protected file. */
function passwordMessage(what: string): string {
  return `文件设置了打开密码（${what}），无法读取。请在 Excel 或 WPS 中用密码打开，取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，清空密码）后保存，再重新提交。`;
}

function corruptMessage(e: unknown, what = ""): string {
  const as = what && what !== ".xlsx" ? `（${what}）` : "";
  return `文件${as}已损坏或格式不标准，无法读取（${shortReason(e)}）。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新提交。`;
}

function shortReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // A JavaScript error inside a reader says nothing to the person who sent the file.
  if (e instanceof TypeError || e instanceof RangeError) return "数据结构错误";
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
 * Formulas without a cached result are noted in `notes` (cell.no_result, capped).
 */
export function gridFromExcelJs(wb: ExcelJS.Workbook, notes: NoteCollector = new NoteCollector()): WorkbookGrid {
  const sheets = wb.worksheets.map((ws) => sheetGrid(ws, notes));
  return { sheets };
}

function sheetGrid(ws: ExcelJS.Worksheet, notes: NoteCollector): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let vals: CellValue[] | undefined;
    let fmts: (string | undefined)[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Merged cells other than the master mirror the master's value: leave them empty.
      if (cell.type === (MERGE_VALUE_TYPE as ExcelJS.ValueType)) return;
      const v = toCellValue(cell.value, () => notes.noResultCell(ws.name, cell.address));
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
function droppedSheets(grid: WorkbookGrid, notes: NoteCollector, workbookXml?: string, relsXml?: string): void {
  if (!workbookXml) return;
  const read = new Set(grid.sheets.map((s) => s.name));
  const relTypes = new Map<string, string>();
  for (const m of (relsXml ?? "").matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1], "Id");
    const type = attr(m[1], "Type");
    if (id && type) relTypes.set(id, type);
  }
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const name = attr(m[1], "name");
    if (name === undefined || read.has(name)) continue;
    const rid = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? /\s[\w.-]+:id\s*=\s*'([^']*)'/.exec(m[1])?.[1];
    const type = (rid && relTypes.get(rid)) || "";
    if (/\/chartsheet$/i.test(type)) continue;
    notes.unreadableSheet(name, sheetKindWord(type));
  }
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? "");
}

// The check pipeline's reader, from bytes: what a file is, then plain grids of cell values.
// No node:* module and no Buffer here (hashing, inflating, SheetJS through aggregator/runtime/):
// the CLI (workbook.ts reads the file and calls readWorkbookBytes) and the browser run this
// same code on the same bytes. See workbook.ts for the formats and the data flow.
//
// Every failure is a ReadResult with a kind and one or two Chinese sentences saying what the
// file is and what to do; nothing here throws for a bad file.
import type { WorkbookGrid } from "../../forms/model.js";
import { runtime } from "../runtime/index.js";
import { decodeText, gridFromCsv, parseCsv } from "./csv.js";
import { gridFromDocx, type DocxParagraph } from "./docx.js";
import { gridFromXlsx, ZipEntryError, ZipReader } from "./fast.js";
import type { ReadNote } from "./notes.js";
import { gridFromSheetJs, odsLayout, PasswordError, type OdsLayout, type SheetJsFormat } from "./sheetjs.js";
import { oleLooksTruncated, sniffBytes, sniffZipKind, type Sniff, type ZipKind } from "./sniff.js";
import { DEFAULT_ZIP_LIMITS, formatSize, guardZip, MB, WORKBOOK_PART, type ZipLimits } from "./zip-guard.js";

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

export interface ReadOptions extends Partial<ZipLimits> {
  /** Largest file accepted (checked on disk before reading a path). Default 50 MB. */
  maxBytes?: number;
  /** Inflate every zip entry once to check sizes and CRCs before it is parsed. Default true. */
  verifyZip?: boolean;
  /**
   * .xlsx: "fast" (default): fast.ts, falling back to SheetJS when it throws; "exceljs": exceljs
   * only (the reader before fast.ts). The default can be changed with PILOT_FORMS_READER=exceljs.
   */
  reader?: "fast" | "exceljs";
  /**
   * The exceljs reader for `reader: "exceljs"` (Node only: workbook.ts passes it): loads an
   * .xlsx whose zip guardZip checked (a failure is a corrupt file), then gives its grid and
   * notes from the parts guardZip captured (workbook.xml and its rels). Without it an .xlsx is
   * read by the fast reader.
   */
  excelJs?: (bytes: Uint8Array) => Promise<(parts: Record<string, string>) => { grid: WorkbookGrid; notes: ReadNote[] }>;
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

/**
 * Read a workbook held in memory into plain grids. Never throws for a bad file. `name` (the
 * file's name, no folders) gives the extension hint and appears in messages.
 */
export async function readWorkbookBytes(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<ReadResult> {
  try {
    return await read(bytes, name, opts);
  } catch (e) {
    // A bug of ours or a reader's surprise: still a result, never a crash.
    return { ok: false, kind: "corrupt", message: corruptMessage(e) };
  }
}

/** The largest file accepted by default: 50 MB. */
export function maxBytesOf(opts: ReadOptions): number {
  return opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : DEFAULT_MAX_BYTES;
}

async function read(bytes: Uint8Array, name: string, opts: ReadOptions): Promise<ReadResult> {
  const maxBytes = maxBytesOf(opts);
  if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);

  const size = bytes.byteLength;
  const sha256 = await runtime.sha256Hex(bytes);
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
    zip = new ZipReader(bytes, limits.maxEntry ?? DEFAULT_ZIP_LIMITS.maxEntry);
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

  if (opts.reader === "exceljs" && opts.excelJs) return viaExcelJs(opts.excelJs);

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

  async function viaExcelJs(excelJs: NonNullable<ReadOptions["excelJs"]>): Promise<ReadResult> {
    readerStats.exceljs++;
    const guard = await guardZip(bytes, {
      ...limits,
      verify: opts.verifyZip !== false,
      capture: [WORKBOOK_PART, "xl/_rels/workbook.xml.rels"],
    });
    if (!guard.ok) return fail(guard.kind, guard.message);
    let toGrid: Awaited<ReturnType<typeof excelJs>>;
    try {
      toGrid = await excelJs(bytes);
    } catch (e) {
      return fail("corrupt", corruptMessage(e));
    }
    const r = toGrid(guard.parts);
    return ok(r.grid, "xlsx", r.notes);
  }
}

function pickLimits(opts: ReadOptions): Partial<ZipLimits> {
  const out: Partial<ZipLimits> = {};
  for (const k of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) if (opts[k] !== undefined) out[k] = opts[k];
  return out;
}

export function tooLarge(size: number, limit: number): Extract<ReadResult, { ok: false }> {
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

export function corruptMessage(e: unknown, what = ""): string {
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

// Look inside a zip before anyone inflates it into memory.
//
// 1. The central directory (zip-directory.ts, which finds and checks the End Of Central
//    Directory record as yauzl does): entry count, each entry's and the total uncompressed size, the
//    compression ratio, whether it holds a workbook at all. All of this trusts the
//    directory and costs nothing: a 7 MB zip announcing 250 MB is refused before a single
//    byte is inflated.
// 2. Optionally (on by default in readWorkbook) every entry is then inflated, one at a time,
//    never past the size the directory states (the runtime's bounded inflate: zlib's
//    maxOutputLength in Node, pako's chunked output in the browser; an entry producing more
//    fails at once: a directory that lies cannot smuggle a bomb past step 1), and its
//    CRC-32 checked (bit rot, a half-copied file whose directory survived). The output is
//    thrown away. Inflating is fast next to exceljs's XML parsing (~5–10 % of a full read).
// No node:* module here: the same checks run in the browser (aggregator/runtime/).
import { InflateError, runtime } from "../runtime/index.js";
import { openZipDirectory, readZipEntries, type RawZipEntry, type ZipDirectory } from "./zip-directory.js";

export interface ZipLimits {
  /** Sum of all entries' uncompressed sizes. Default 200 MB. */
  maxUncompressed: number;
  /** Any one entry's uncompressed size. Default 100 MB. */
  maxEntry: number;
  /** Number of entries. Default 10,000. */
  maxEntries: number;
  /** Uncompressed ÷ compressed size of one entry … */
  maxRatio: number;
  /** … checked only for entries at least this large uncompressed. Default 16 MB. */
  ratioMinBytes: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressed: 200 * MB,
  maxEntry: 100 * MB,
  maxEntries: 10_000,
  maxRatio: 200,
  ratioMinBytes: 16 * MB,
};

export interface ZipEntryInfo {
  /** Entry name as stored, with a leading "/" removed. */
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  compressionMethod: number;
  encrypted: boolean;
}

export type ZipFailKind = "truncated" | "too-large" | "not-workbook" | "encrypted" | "corrupt";

export type ZipGuardResult =
  | {
      ok: true;
      entries: ZipEntryInfo[];
      totalUncompressed: number;
      /** Contents of the small parts asked for in `capture` (when verify ran). */
      parts: Record<string, string>;
    }
  | { ok: false; kind: ZipFailKind; message: string; entries?: ZipEntryInfo[] };

export interface ZipGuardOptions extends Partial<ZipLimits> {
  /** Inflate every entry (discarding the output) to check sizes and CRCs. Default true. */
  verify?: boolean;
  /** Entry names whose text to return in `parts` (entries under 4 MB; inflated even when verify is off). */
  capture?: string[];
  /**
   * Refuse a zip without xl/workbook.xml (not-workbook, saying what it is instead). Default
   * true; readWorkbook passes false once sniffZipKind has found the workbook (.ods, .xlsb, or
   * an .xlsx whose workbook part has another name).
   */
  requireWorkbook?: boolean;
}

/** Parts that make a zip an Excel workbook that exceljs can read. */
export const WORKBOOK_PART = "xl/workbook.xml";

const MSG_TRUNCATED = "文件不完整（可能下载或拷贝中断），无法读取。请重新下载或从原件重新拷贝后再提交。";

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < MB) return `${trimZero((bytes / 1024).toFixed(1))} KB`;
  if (bytes < 1024 * MB) return `${trimZero((bytes / MB).toFixed(1))} MB`;
  return `${trimZero((bytes / 1024 / MB).toFixed(2))} GB`;
}

function trimZero(s: string): string {
  return s.replace(/\.0+$/, "");
}

/** Check a zip's directory (and, by default, its data) against the limits. Never throws. */
export async function guardZip(bytes: Uint8Array, options: ZipGuardOptions = {}): Promise<ZipGuardResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS };
  for (const k of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) {
    const v = options[k];
    if (typeof v === "number" && v > 0) limits[k] = v;
  }
  const buffer = bytes;

  let zip: ZipDirectory;
  try {
    zip = openZipDirectory(buffer);
  } catch (e) {
    return directoryError(e);
  }

  if (zip.entryCount > limits.maxEntries)
    return {
      ok: false,
      kind: "too-large",
      message: `文件内部含有 ${zip.entryCount} 个压缩条目，超过上限 ${limits.maxEntries} 个，疑似异常文件，已拒绝读取。请在 Excel 或 WPS 中另存为 .xlsx 后重新提交。`,
    };

  let raw: RawZipEntry[];
  try {
    raw = readZipEntries(buffer, zip);
  } catch (e) {
    return directoryError(e);
  }
  const entries = raw.map(entryInfo);

  // Sizes, as the directory states them.
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > limits.maxEntry)
      return {
        ok: false,
        kind: "too-large",
        entries,
        message: `文件中的${partLabel(e.name)}解压后有 ${formatSize(e.uncompressedSize)}，超过单项上限 ${formatSize(limits.maxEntry)}，已拒绝读取。请删除多余的空白行列、图片，或拆分为多个文件后重新提交。`,
      };
    if (e.uncompressedSize >= limits.ratioMinBytes && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize))
      return {
        ok: false,
        kind: "too-large",
        entries,
        message: `文件中的${partLabel(e.name)}压缩比异常（${formatSize(e.compressedSize)} 解压后为 ${formatSize(e.uncompressedSize)}），疑似“压缩炸弹”或损坏的文件，已拒绝读取。请在 Excel 或 WPS 中打开、删除多余的空白行列后另存为 .xlsx 再提交。`,
      };
  }
  if (total > limits.maxUncompressed)
    return {
      ok: false,
      kind: "too-large",
      entries,
      message: `文件解压后共有 ${formatSize(total)} 数据，超过上限 ${formatSize(limits.maxUncompressed)}，已拒绝读取。请删除多余的空白行列、图片，或拆分为多个文件后重新提交。`,
    };

  // Is it a workbook?
  const names = new Set(entries.map((e) => e.name));
  if (options.requireWorkbook !== false && !names.has(WORKBOOK_PART))
    return { ok: false, kind: "not-workbook", entries, message: notWorkbookMessage(names) };

  if (entries.some((e) => e.encrypted))
    return {
      ok: false,
      kind: "encrypted",
      entries,
      message: "文件被压缩软件加了密码，无法读取。请提交未加密的 Excel 工作簿（.xlsx）。",
    };

  const parts: Record<string, string> = {};
  const capture = new Set(options.capture ?? []);
  const verifyAll = options.verify !== false;
  if (verifyAll || capture.size) {
    for (let i = 0; i < raw.length; i++) {
      const entry = raw[i];
      const info = entries[i];
      if (info.name.endsWith("/") && info.uncompressedSize === 0) continue; // a folder
      if (!verifyAll && !capture.has(info.name)) continue;
      const problem = await verifyEntry(buffer, entry, info, capture.has(info.name) && info.uncompressedSize < 4 * MB);
      if (typeof problem === "string") {
        if (problem === "crc" || problem === "inflate") return { ok: false, kind: "truncated", entries, message: MSG_TRUNCATED };
        if (problem === "size")
          return {
            ok: false,
            kind: "corrupt",
            entries,
            message: `文件已损坏或被篡改（${partLabel(info.name)}的实际大小与压缩包目录记录不符），已拒绝读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新提交。`,
          };
        return {
          ok: false,
          kind: "corrupt",
          entries,
          message: `文件已损坏，无法读取（${problem}）。请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新提交。`,
        };
      }
      if (problem) parts[info.name] = problem.text;
    }
  }
  return { ok: true, entries, totalUncompressed: total, parts };
}

/** "工作表数据（xl/worksheets/sheet1.xml）": what a part is, for people, with its name. */
function partLabel(name: string): string {
  const what = /^xl\/worksheets\//.test(name)
    ? "工作表数据"
    : /^xl\/media\//.test(name)
      ? "图片"
      : name === "xl/sharedStrings.xml"
        ? "文字内容"
        : /^xl\/styles\.xml$/.test(name)
          ? "格式信息"
          : "";
  return what ? `${what}（${name}）` : `“${name}”`;
}

// Names stay raw in the directory (a leading "/", which exceljs accepts, is no error) and are
// decoded here.
const nameDecoder = new TextDecoder("utf-8");

function entryInfo(entry: RawZipEntry): ZipEntryInfo {
  const name = nameDecoder.decode(entry.fileNameRaw).replace(/^\/+/, "");
  return {
    name,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    compressionMethod: entry.compressionMethod,
    encrypted: (entry.generalPurposeBitFlag & 1) !== 0,
  };
}

function directoryError(e: unknown): ZipGuardResult {
  const text = e instanceof Error ? e.message : String(e);
  if (/multi-disk/i.test(text))
    return {
      ok: false,
      kind: "corrupt",
      message: "这是分卷压缩包的一部分，不是 Excel 工作簿。请提交完整的 .xlsx 文件。",
    };
  // No EOCD, a cut central directory, offsets past the end: the file is incomplete.
  return { ok: false, kind: "truncated", message: MSG_TRUNCATED };
}

function notWorkbookMessage(names: Set<string>): string {
  const has = (n: string) => names.has(n);
  const any = (prefix: string) => [...names].some((n) => n.startsWith(prefix));
  if (has("word/document.xml") || any("word/"))
    return "这是 Word 文档（.docx），不是 Excel 工作簿，只是扩展名改成了表格格式。请提交 Excel 工作簿（.xlsx）。";
  if (has("ppt/presentation.xml") || any("ppt/"))
    return "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿。请提交 Excel 工作簿（.xlsx）。";
  if (has("xl/workbook.bin"))
    return "这是 Excel 二进制工作簿（.xlsb），无法读取。请在 Excel 中打开，另存为 Excel 工作簿（.xlsx）后重新提交。";
  if (has("content.xml") && has("mimetype"))
    return "这是 OpenDocument 格式的文件（如 .ods），无法读取。请在 WPS 或 Excel 中打开，另存为 Excel 工作簿（.xlsx）后重新提交。";
  if (names.size === 0) return "这是一个空的压缩包，不是 Excel 工作簿。请提交 Excel 工作簿（.xlsx）。";
  return "这是一个压缩包（zip），不是 Excel 工作簿（其中没有 xl/workbook.xml）。请提交 Excel 工作簿（.xlsx）。";
}

/** CRC-32 of zip entries (also used by the fast reader): the runtime's (zlib.crc32 in Node). */
export const crc32: (data: Uint8Array, value?: number) => number = runtime.crc32;

const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/**
 * Inflate one entry from the buffer, never past the size the directory states (the
 * runtime's bounded inflate stops it there), and check the CRC. Small entries inflate
 * synchronously (a stream per entry cost more than exceljs's whole read of a small
 * workbook); large ones off the thread where the runtime can (Node: the thread pool).
 * Returns a problem, captured text, or undefined.
 */
async function verifyEntry(
  buffer: Uint8Array,
  entry: RawZipEntry,
  info: ZipEntryInfo,
  capture: boolean,
): Promise<string | { text: string } | undefined> {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > buffer.length || u32(buffer, at) !== 0x04034b50) return "inflate";
  const start = at + 30 + u16(buffer, at + 26) + u16(buffer, at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) return "inflate";
  const data = buffer.subarray(start, end);

  let out: Uint8Array;
  if (entry.compressionMethod === 0) {
    out = data;
    if (out.length !== entry.uncompressedSize) return "size";
  } else if (entry.compressionMethod === 8) {
    try {
      out =
        entry.compressedSize < 1 * MB
          ? runtime.inflateRaw(data, entry.uncompressedSize)
          : await runtime.inflateRawAsync(data, entry.uncompressedSize);
    } catch (e) {
      return e instanceof InflateError && e.problem === "size" ? "size" : "inflate";
    }
    if (out.length !== entry.uncompressedSize) return "size";
  } else {
    return `不支持的压缩方式 ${info.compressionMethod}`;
  }
  if (crc32(out) >>> 0 !== entry.crc32 >>> 0) return "crc";
  return capture ? { text: runtime.utf8(out) } : undefined;
}

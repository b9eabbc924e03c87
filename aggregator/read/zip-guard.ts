// Look inside a zip before anyone inflates it into memory.
//
// 1. The central directory (read with yauzl, which finds and checks the End Of Central
//    Directory record): entry count, each entry's and the total uncompressed size, the
//    compression ratio, whether it holds a workbook at all. All of this trusts the
//    directory and costs nothing: a 7 MB zip announcing 250 MB is refused before a single
//    byte is inflated.
// 2. Optionally (on by default in readWorkbook) every entry is then inflated, one at a time,
//    with zlib's maxOutputLength set to the size the directory states (an entry producing
//    more fails at once: a directory that lies cannot smuggle a bomb past step 1), and its
//    CRC-32 checked (bit rot, a half-copied file whose directory survived). The output is
//    thrown away. Inflating is fast next to exceljs's XML parsing (~5–10 % of a full read).
import zlib from "node:zlib";
import yauzl from "yauzl";
import { promisify } from "node:util";

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
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(buffer);
  } catch (e) {
    return directoryError(e);
  }

  if (zip.entryCount > limits.maxEntries)
    return {
      ok: false,
      kind: "too-large",
      message: `文件内部含有 ${zip.entryCount} 个压缩条目，超过上限 ${limits.maxEntries} 个，疑似异常文件，已拒绝读取。请在 Excel 或 WPS 中另存为 .xlsx 后重新提交。`,
    };

  const entries: ZipEntryInfo[] = [];
  const raw: yauzl.Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        raw.push(entry);
        entries.push(entryInfo(entry));
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (e) {
    return directoryError(e);
  }

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

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      // decodeStrings false: names stay raw, so yauzl does not reject a leading "/" (which
      // exceljs accepts); we decode them ourselves.
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error("no zip")) : resolve(zip)),
    );
  });
}

function entryInfo(entry: yauzl.Entry): ZipEntryInfo {
  const rawName = entry.fileName as unknown as Buffer | string;
  let name = typeof rawName === "string" ? rawName : new TextDecoder("utf-8").decode(rawName);
  name = name.replace(/^\/+/, "");
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

// zlib.crc32 arrived in Node 20.15; keep a table-driven fallback for older 20.x.
let crcTable: Uint32Array | undefined;
function jsCrc32(data: Uint8Array, value = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** CRC-32 of zip entries (also used by the fast reader). */
export const crc32: (data: Uint8Array, value?: number) => number =
  typeof zlib.crc32 === "function" ? (d, v) => zlib.crc32(d, v) : jsCrc32;

const inflateRawAsync = promisify(zlib.inflateRaw);

/**
 * Inflate one entry from the buffer, never past the size the directory states
 * (zlib's maxOutputLength stops it there), and check the CRC. Small entries inflate
 * synchronously (a stream per entry cost more than exceljs's whole read of a small
 * workbook); large ones on the thread pool. Returns a problem, captured text, or undefined.
 */
async function verifyEntry(
  buffer: Buffer,
  entry: yauzl.Entry,
  info: ZipEntryInfo,
  capture: boolean,
): Promise<string | { text: string } | undefined> {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) return "inflate";
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) return "inflate";
  const data = buffer.subarray(start, end);

  let out: Buffer;
  if (entry.compressionMethod === 0) {
    out = data;
    if (out.length !== entry.uncompressedSize) return "size";
  } else if (entry.compressionMethod === 8) {
    const options = { maxOutputLength: Math.max(1, entry.uncompressedSize) };
    try {
      out = entry.compressedSize < 1 * MB ? zlib.inflateRawSync(data, options) : await inflateRawAsync(data, options);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) return "size";
      return "inflate";
    }
    if (out.length !== entry.uncompressedSize) return "size";
  } else {
    return `不支持的压缩方式 ${info.compressionMethod}`;
  }
  if (crc32(out) >>> 0 !== entry.crc32 >>> 0) return "crc";
  return capture ? { text: out.toString("utf8") } : undefined;
}

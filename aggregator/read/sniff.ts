// Classify a file by its first bytes, before anything tries to parse it as a workbook.
// The extension is only a hint (an OLE container called .et is WPS; one called .xlsx whose
// directory we cannot see is almost surely a password-protected .xlsx); the bytes decide.
// sniffZipKind then tells the zips apart: a workbook (.xlsx/.xlsb/.ods), another document
// (.docx/.pptx/.odt) or a plain zip of files.
import { ZipReader } from "./fast.js";

export type SniffKind =
  /** "PK\x03\x04": a zip — maybe an .xlsx/.xlsm, maybe a .docx or any zip (zip-guard tells). */
  | "zip"
  /** "PK\x05\x06" at offset 0: a zip with no entries. */
  | "empty-zip"
  /** OLE container with a "Workbook" or "Book" stream: Excel 97-2003 (BIFF8/BIFF5). */
  | "xls"
  /** OLE container with "EncryptionInfo"/"EncryptedPackage": a password-protected .xlsx. */
  | "encrypted"
  /** OLE container named .et, or one without the streams above: WPS 表格 (or another OLE file). */
  | "et"
  /** OLE container with a "WordDocument" stream: a Word 97-2003 .doc. */
  | "doc"
  /** OLE container with a "PowerPoint Document" stream. */
  | "ppt"
  /** Delimited text (comma, tab, semicolon): CSV or Excel's "Unicode 文本". */
  | "csv"
  /** Text without delimiters. */
  | "text"
  /** An HTML (or MHT) page: "Excel" exports of many old systems. */
  | "html"
  /** Excel 2003 XML Spreadsheet (SpreadsheetML 2003), often saved as .xls. */
  | "xml-spreadsheet"
  /** Flat OpenDocument spreadsheet (.fods): one XML file with office:mimetype="…spreadsheet". */
  | "fods"
  /** Other flat OpenDocument files (.fodt text, .fodp …): not spreadsheets. */
  | "fodt"
  /** "%PDF-". */
  | "pdf"
  /** "{\\rtf": a Word-compatible rich-text document. */
  | "rtf"
  /** RAR (4 or 5), 7-Zip, gzip, bzip2, xz archives: not zips, so not opened. */
  | "archive"
  /** PNG, JPEG, GIF, BMP, TIFF, WebP. */
  | "image"
  /** 0 bytes. */
  | "empty"
  | "unknown";

export interface Sniff {
  kind: SniffKind;
  /** Lower-case extension of fileName without the dot ("" when none). */
  extension: string;
  /** Text kinds: the encoding the bytes look like. */
  encoding?: "ascii" | "utf-8" | "gbk" | "utf-16le" | "utf-16be";
  /** OLE kinds: stream and storage names found in the directory. */
  oleNames?: string[];
  /** OLE kinds: whether the whole directory was inside `head` (else names come from a scan of what was). */
  oleDirectoryComplete?: boolean;
  /** "archive" and "image": which one ("rar", "7z", "gz", "bz2", "xz"; "png", "jpg", "gif", "bmp", "tif", "webp"). */
  subtype?: string;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** How many leading bytes sniffBytes looks at for text; OLE parsing uses all of `head`. */
export const TEXT_SAMPLE_BYTES = 64 * 1024;

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * Classify a file from its first bytes. Pass the whole file when it is small (readWorkbook
 * does): an OLE container's directory can sit anywhere in the file, and with the whole file
 * it is read properly through the FAT; with only a head, the head is scanned for
 * directory entries.
 */
export function sniffBytes(head: Uint8Array, fileName: string): Sniff {
  const extension = extensionOf(fileName);
  if (head.length === 0) return { kind: "empty", extension };

  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if (head[2] === 0x03 && head[3] === 0x04) return { kind: "zip", extension };
    // Spanned-archive marker followed by a local header: still a zip.
    if (head[2] === 0x07 && head[3] === 0x08 && head.length >= 8 && head[4] === 0x50 && head[5] === 0x4b)
      return { kind: "zip", extension };
    if (head[2] === 0x05 && head[3] === 0x06) return { kind: "empty-zip", extension };
  }

  if (startsWith(head, OLE_MAGIC)) return sniffOle(head, extension);

  const magic = sniffMagic(head);
  if (magic) return { ...magic, extension };

  return sniffText(head, extension);
}

/** Binary formats that are not spreadsheets, by their signatures. */
function sniffMagic(b: Uint8Array): { kind: SniffKind; subtype?: string } | undefined {
  const ascii = (at: number, s: string) => s.split("").every((ch, i) => b[at + i] === ch.charCodeAt(0));
  if (ascii(0, "%PDF-")) return { kind: "pdf" };
  if (ascii(0, "{\\rtf")) return { kind: "rtf" };
  if (ascii(0, "Rar!") && b[4] === 0x1a && b[5] === 0x07) return { kind: "archive", subtype: "rar" };
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: "archive", subtype: "7z" };
  if (startsWith(b, [0x1f, 0x8b])) return { kind: "archive", subtype: "gz" };
  if (ascii(0, "BZh") && b[3] >= 0x31 && b[3] <= 0x39) return { kind: "archive", subtype: "bz2" };
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: "archive", subtype: "xz" };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "image", subtype: "png" };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: "image", subtype: "jpg" };
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return { kind: "image", subtype: "gif" };
  if (ascii(0, "BM") && b.length >= 26 && b[14] !== undefined && [12, 40, 52, 56, 64, 108, 124].includes(b[14]) && b[15] === 0)
    return { kind: "image", subtype: "bmp" };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]))
    return { kind: "image", subtype: "tif" };
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return { kind: "image", subtype: "webp" };
  return undefined;
}

// ---------------------------------------------------------------------------------------
// OLE / Compound File Binary (MS-CFB)

const ENDOFCHAIN = 0xfffffffe;
const MAXREGSECT = 0xfffffffa;
const NOSTREAM = 0xffffffff;

function sniffOle(bytes: Uint8Array, extension: string): Sniff {
  const dir = readOleDirectory(bytes);
  const names = dir.names;
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  const base = { extension, oleNames: names, oleDirectoryComplete: dir.complete };

  if (has("EncryptionInfo") || has("EncryptedPackage")) return { kind: "encrypted", ...base };
  if (extension === "et" || extension === "ett") return { kind: "et", ...base };
  if (has("Workbook") || has("Book")) return { kind: "xls", ...base };
  if (has("WordDocument")) return { kind: "doc", ...base };
  if (has("PowerPoint Document")) return { kind: "ppt", ...base };
  if (!dir.complete) {
    // We could not see the directory: fall back on the extension.
    if (extension === "xlsx" || extension === "xlsm") return { kind: "encrypted", ...base };
    if (extension === "xls" || extension === "xlt") return { kind: "xls", ...base };
  }
  return { kind: "et", ...base };
}

interface OleDirectory {
  /** Names of all storages and streams (root-level first when the tree was walked). */
  names: string[];
  complete: boolean;
}

/** Read the directory through the header and FAT; if part of it lies outside `bytes`, scan instead. */
export function readOleDirectory(bytes: Uint8Array): OleDirectory {
  try {
    const walked = walkOleDirectory(bytes);
    if (walked) return { names: walked, complete: true };
  } catch {
    // malformed: fall through to the scan
  }
  return { names: scanOleDirectoryEntries(bytes), complete: false };
}

function walkOleDirectory(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 512) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => dv.getUint32(o, true);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const perSector = size / 4;
  const sectorOffset = (n: number) => (n + 1) * size;
  const haveSector = (n: number) => n <= MAXREGSECT && sectorOffset(n) + size <= bytes.length;

  // FAT sector numbers: 109 in the header, more in the DIFAT chain.
  const numFat = u32(0x2c);
  if (numFat > 1 << 20) return undefined;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < numFat; i++) {
    const s = u32(0x4c + i * 4);
    if (s <= MAXREGSECT) fatSectors.push(s);
  }
  let difat = u32(0x44);
  for (let guard = 0; fatSectors.length < numFat && difat <= MAXREGSECT; guard++) {
    if (guard > 100_000 || !haveSector(difat)) return undefined;
    const off = sectorOffset(difat);
    for (let i = 0; i < perSector - 1 && fatSectors.length < numFat; i++) {
      const s = u32(off + i * 4);
      if (s <= MAXREGSECT) fatSectors.push(s);
    }
    difat = u32(off + (perSector - 1) * 4);
  }
  for (const s of fatSectors) if (!haveSector(s)) return undefined;
  const next = (n: number): number => {
    const fs = fatSectors[Math.floor(n / perSector)];
    if (fs === undefined) return ENDOFCHAIN;
    return u32(sectorOffset(fs) + (n % perSector) * 4);
  };

  // Directory chain: 128-byte entries.
  interface Entry {
    name: string;
    type: number;
    left: number;
    right: number;
    child: number;
  }
  const entries: Entry[] = [];
  const seen = new Set<number>();
  for (let s = u32(0x30); s !== ENDOFCHAIN; s = next(s)) {
    if (s > MAXREGSECT || seen.has(s) || !haveSector(s)) return undefined;
    seen.add(s);
    const off = sectorOffset(s);
    for (let e = 0; e < size / 128; e++) {
      const o = off + e * 128;
      const type = bytes[o + 0x42];
      const nameLen = dv.getUint16(o + 0x40, true);
      const name = nameLen >= 2 && nameLen <= 64 ? utf16le(bytes, o, nameLen - 2) : "";
      entries.push({ name, type, left: u32(o + 0x44), right: u32(o + 0x48), child: u32(o + 0x4c) });
    }
  }
  if (entries.length === 0 || entries[0].type !== 5) return undefined;

  // Root-level names first (the tree under the root entry), then every other entry.
  const names: string[] = [];
  const visited = new Set<number>();
  const stack = [entries[0].child];
  while (stack.length) {
    const i = stack.pop()!;
    if (i === NOSTREAM || i >= entries.length || visited.has(i)) continue;
    visited.add(i);
    const e = entries[i];
    if (e.type === 1 || e.type === 2) names.push(e.name);
    stack.push(e.left, e.right);
  }
  entries.forEach((e, i) => {
    if (i > 0 && !visited.has(i) && (e.type === 1 || e.type === 2) && e.name) names.push(e.name);
  });
  return names;
}

/** Directory entries start at 128-byte boundaries: look there for a plausible entry. */
function scanOleDirectoryEntries(bytes: Uint8Array): string[] {
  const names = new Set<string>();
  for (let o = 512; o + 128 <= bytes.length; o += 128) {
    const nameLen = bytes[o + 0x40] | (bytes[o + 0x41] << 8);
    const type = bytes[o + 0x42];
    if (type !== 1 && type !== 2 && type !== 5) continue;
    if (nameLen < 4 || nameLen > 64 || nameLen % 2 !== 0) continue;
    // The name ends with a UTF-16 NUL and holds no other NUL character.
    if (bytes[o + nameLen - 2] !== 0 || bytes[o + nameLen - 1] !== 0) continue;
    const name = utf16le(bytes, o, nameLen - 2);
    if (!name || name.includes("\0")) continue;
    if (![...name].every((ch) => ch.charCodeAt(0) >= 0x01 && ch.charCodeAt(0) !== 0xfffd)) continue;
    names.add(name);
  }
  return [...names];
}

function utf16le(bytes: Uint8Array, start: number, len: number): string {
  let s = "";
  for (let i = 0; i + 1 < len; i += 2) s += String.fromCharCode(bytes[start + i] | (bytes[start + i + 1] << 8));
  return s;
}

// ---------------------------------------------------------------------------------------
// Text: CSV, HTML, SpreadsheetML 2003

function sniffText(head: Uint8Array, extension: string): Sniff {
  const sample = head.subarray(0, TEXT_SAMPLE_BYTES);
  const truncated = head.length > sample.length;

  let text: string | undefined;
  let encoding: Sniff["encoding"];
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) {
    encoding = "utf-8";
    text = decodeLoose("utf-8", sample.subarray(3));
  } else if (startsWith(sample, [0xff, 0xfe])) {
    encoding = "utf-16le";
    text = decodeLoose("utf-16le", sample.subarray(2, 2 + ((sample.length - 2) & ~1)));
  } else if (startsWith(sample, [0xfe, 0xff])) {
    encoding = "utf-16be";
    text = utf16be(sample.subarray(2));
  } else if (looksUtf16le(sample)) {
    encoding = "utf-16le";
    text = decodeLoose("utf-16le", sample.subarray(0, sample.length & ~1));
  } else {
    const enc = singleByteTextEncoding(sample, truncated);
    if (!enc) return { kind: "unknown", extension };
    encoding = enc;
    // For GBK, only the ASCII parts matter below (markup and delimiters are ASCII).
    text = enc === "gbk" ? asciiOnly(sample) : decodeLoose("utf-8", sample);
  }
  if (text === undefined || !isMostlyPrintable(text)) return { kind: "unknown", extension };

  const lower = text.slice(0, 8192).toLowerCase();
  const start = lower.trimStart();
  if (
    start.startsWith("<?xml") &&
    (lower.includes("urn:schemas-microsoft-com:office:spreadsheet") || lower.includes('progid="excel.sheet"'))
  )
    return { kind: "xml-spreadsheet", extension, encoding };
  if (start.startsWith("<?xml") || start.startsWith("<office:document")) {
    const doc = /<office:document\b[^>]*office:mimetype\s*=\s*["']([^"']+)["']/.exec(text.slice(0, 16384));
    if (doc) return { kind: /opendocument\.spreadsheet/.test(doc[1]) ? "fods" : "fodt", extension, encoding };
  }
  if (
    /^<(!doctype\s+html|html|head|body|table|meta|style|title|!--)/.test(start) ||
    lower.includes("<html") ||
    lower.includes("<table") ||
    (start.startsWith("mime-version:") && lower.includes("multipart/related"))
  )
    return { kind: "html", extension, encoding };

  const firstLines = text.slice(0, 16384);
  // ASCII delimiters only: prose with full-width commas (，) is text, not a table.
  if (/[,\t;]/.test(firstLines)) return { kind: "csv", extension, encoding };
  return { kind: "text", extension, encoding };
}

function decodeLoose(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

function utf16be(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return s;
}

function asciiOnly(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += bytes[i] < 0x80 ? String.fromCharCode(bytes[i]) : "\u4e00";
  return s;
}

/** UTF-16LE without BOM: mostly ASCII text, so most odd bytes are NUL. */
function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return false;
  let oddZero = 0;
  let evenZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  return oddZero > n / 2 / 2 && evenZero < n / 2 / 20;
}

/**
 * "ascii", "utf-8" or "gbk" when the bytes look like text in that encoding; undefined for
 * binary (NUL bytes, many control characters, invalid multi-byte sequences).
 */
function singleByteTextEncoding(bytes: Uint8Array, truncated: boolean): Sniff["encoding"] | undefined {
  let control = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return undefined;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) || b === 0x7f) control++;
    if (b >= 0x80) high++;
  }
  if (control > bytes.length / 100) return undefined;
  if (high === 0) return "ascii";

  // UTF-8: the sample may end inside a character, so ignore a short incomplete tail.
  let end = bytes.length;
  if (truncated) {
    let k = end - 1;
    while (k > end - 4 && k >= 0 && (bytes[k] & 0xc0) === 0x80) k--;
    if (k >= 0 && bytes[k] >= 0xc0) end = k;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
    return "utf-8";
  } catch {
    // not UTF-8
  }

  // GBK / GB18030: lead 0x81–0xFE, trail 0x40–0xFE except 0x7F (or a 4-byte GB18030 sequence).
  let bad = 0;
  let pairs = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) {
      bad++;
      continue;
    }
    const t = bytes[i + 1];
    if (t === undefined) break;
    if (t >= 0x40 && t <= 0xfe && t !== 0x7f) {
      pairs++;
      i++;
    } else if (t >= 0x30 && t <= 0x39 && bytes[i + 2] >= 0x81 && bytes[i + 3] >= 0x30 && bytes[i + 3] <= 0x39) {
      pairs++;
      i += 3;
    } else bad++;
  }
  if (pairs > 0 && bad <= pairs / 50) return "gbk";
  return undefined;
}

function isMostlyPrintable(text: string): boolean {
  if (text.length === 0) return true;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
  }
  return bad <= text.length / 50;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------
// Zips: which kind of document, if any, a zip is

export interface ZipKind {
  /**
   * "xlsx" (also .xlsm/.xltx: a SpreadsheetML workbook part), "xlsb", "ods"; documents that are
   * not spreadsheets: "docx", "pptx", "opendocument" (.odt/.odp …); "container": a plain zip
   * of files (aggregator/inputs.ts opens such a .zip like a folder).
   */
  kind: "xlsx" | "xlsb" | "ods" | "docx" | "pptx" | "opendocument" | "container";
  /** xlsx/xlsb: the workbook part, found through _rels/.rels (usually xl/workbook.xml). */
  workbookPart?: string;
  /** ods: the manifest lists encryption data (a password); xlsx: never (encrypted .xlsx is an OLE file). */
  encrypted?: boolean;
  /** opendocument: "text", "presentation", "graphics" … from its mimetype. */
  detail?: string;
  /** Entry names, in directory order. */
  names: string[];
}

const OFFICE_DOC_REL = /\/officeDocument$/;

/**
 * What a zip holds, from its directory and three small parts (mimetype, _rels/.rels,
 * [Content_Types].xml, each at most 1 MB inflated). undefined when the directory cannot be
 * read (truncated, zip64 …): guardZip then says what is wrong.
 */
export function sniffZipKind(bytes: Uint8Array, reader?: ZipReader): ZipKind | undefined {
  let zip: ZipReader;
  try {
    zip = reader ?? new ZipReader(bytes, MB1);
  } catch {
    return undefined;
  }
  const names = zip.names();
  const has = new Set(names);
  const text = (n: string): string | undefined => {
    try {
      return zip.text(n);
    } catch {
      return undefined;
    }
  };

  if (has.has("mimetype")) {
    const mime = (text("mimetype") ?? "").trim();
    const m = /^application\/vnd\.oasis\.opendocument\.([a-z-]+)/.exec(mime);
    if (m) {
      const manifest = text("META-INF/manifest.xml") ?? "";
      const encrypted = /encryption-data/.test(manifest);
      if (/^spreadsheet/.test(m[1])) return { kind: "ods", encrypted, names };
      return { kind: "opendocument", detail: m[1].replace(/-template$/, ""), names };
    }
  }

  let part: string | undefined;
  const rels = text("_rels/.rels");
  if (rels) {
    for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
      const type = /\bType\s*=\s*["']([^"']*)["']/.exec(m[1])?.[1] ?? "";
      const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(m[1])?.[1];
      if (!OFFICE_DOC_REL.test(type) || target === undefined || /TargetMode\s*=\s*["']External/i.test(m[1])) continue;
      part = zip.resolve(target.replace(/&amp;/g, "&"), "");
      if (part) break;
    }
  }
  // What Excel, WPS and LibreOffice write: no need to look further.
  if (part === "xl/workbook.xml") return { kind: "xlsx", workbookPart: part, names };
  if (part) {
    const types = text("[Content_Types].xml") ?? "";
    const override =
      new RegExp(`PartName\\s*=\\s*["']/${escapeRe(part)}["'][^>]*ContentType\\s*=\\s*["']([^"']*)["']`, "i").exec(types)?.[1] ??
      new RegExp(`ContentType\\s*=\\s*["']([^"']*)["'][^>]*PartName\\s*=\\s*["']/${escapeRe(part)}["']`, "i").exec(types)?.[1] ??
      "";
    if (/sheet\.binary|\.bin$/i.test(override) || (!override && /\.bin$/i.test(part)))
      return { kind: "xlsb", workbookPart: part, names };
    if (/spreadsheetml|ms-excel/i.test(override)) return { kind: "xlsx", workbookPart: part, names };
    if (/wordprocessingml|ms-word/i.test(override)) return { kind: "docx", names };
    if (/presentationml|ms-powerpoint/i.test(override)) return { kind: "pptx", names };
    if (/^xl\//.test(part)) return { kind: /\.bin$/i.test(part) ? "xlsb" : "xlsx", workbookPart: part, names };
    if (/^word\//.test(part)) return { kind: "docx", names };
    if (/^ppt\//.test(part)) return { kind: "pptx", names };
    // No content type and an unusual place: the part's root element says what it is.
    const root = /<(?:[\w.-]+:)?(workbook|document|presentation)\b/.exec((text(part) ?? "").slice(0, 4096))?.[1];
    if (root === "workbook") return { kind: "xlsx", workbookPart: part, names };
    if (root === "document") return { kind: "docx", names };
    if (root === "presentation") return { kind: "pptx", names };
  }
  if (has.has("xl/workbook.xml")) return { kind: "xlsx", workbookPart: "xl/workbook.xml", names };
  if (has.has("xl/workbook.bin")) return { kind: "xlsb", workbookPart: "xl/workbook.bin", names };
  if (names.some((n) => n.startsWith("word/"))) return { kind: "docx", names };
  if (names.some((n) => n.startsWith("ppt/"))) return { kind: "pptx", names };
  return { kind: "container", names };
}

const MB1 = 1024 * 1024;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether a compound file was cut short: a FAT sector, or a sector a FAT entry chains to,
 * lies past the end of the bytes (or the file is not a whole number of sectors).
 */
export function oleLooksTruncated(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return true;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return false;
  const size = 1 << shift;
  if (bytes.length % size !== 0 && shift === 9) return true;
  const available = Math.floor((bytes.length - size) / size);
  const numFat = dv.getUint32(0x2c, true);
  for (let i = 0; i < Math.min(109, numFat); i++) {
    const s = dv.getUint32(0x4c + i * 4, true);
    if (s > MAXREGSECT) continue;
    if (s >= available) return true;
    const off = (s + 1) * size;
    for (let k = 0; k < size / 4; k++) {
      const next = dv.getUint32(off + k * 4, true);
      if (next <= MAXREGSECT && next >= available) return true;
    }
  }
  return false;
}

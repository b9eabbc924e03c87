// The lean reader: .xlsx bytes → WorkbookGrid without building an exceljs workbook.
//
//   bytes ──central directory──▶ entries ──runtime inflate (bounded, CRC)──▶ XML text
//   ──hand-written tokenizer──▶ workbook.xml, workbook.xml.rels, sharedStrings.xml,
//   styles.xml, each worksheet ──▶ the same SheetGrid that gridFromExcelJs builds.
//
// Why not jszip and saxes (measured on the example workbooks, 2 cores, Node 20): inflating
// the sheets and shared strings of a workbook took 1.47 ms with jszip against 0.23 ms with
// zlib.inflateRawSync on entries located through the central directory; tokenising them
// (45,000 characters, attributes read) took ~1.0 ms with saxes against ~0.3–0.45 ms with
// the tokenizer below. A whole workbook reads in ~1.2 ms here against ~8.5 ms for exceljs's
// load; scripts/bench-merge.ts measures 500 of them against the unzip + saxes floor.
//
// The grid is exceljs's, rule for rule (gridFromExcelJs on a workbook that exceljs 4.4.0
// loaded, with the CJK date-format patch of workbook.ts): the same cell types from t=,
// the same shared/inline/rich string handling, xf 0 carries no format, the same numFmt
// resolution, the same excelToDate arithmetic and date1904, merges that keep only the
// master's value, rows placed by <row r>, duplicate rows and cells resolved the way exceljs
// resolves them, the same jagged trimming, the same notes for formulas without a cached
// result (hyperlinked cells and merged-away cells excepted, as there) and for sheets that
// are not read. Where exceljs would throw (overlapping merges, a bad shared-string index,
// invalid or duplicate sheet names, an undefined entity, malformed XML …) this reader throws
// too, and readWorkbook falls back to SheetJS (sheetjs.ts), which then decides.
//
// Deliberate differences, each where exceljs loses or changes what the file holds (found on
// files from WPS, LibreOffice, .NET and web exporters; test/read/fast.test.ts has each):
//  - the workbook part is found through _rels/.rels (officeDocument), and worksheets,
//    shared strings and styles through the workbook's relationships, wherever they are
//    stored (exceljs reads only xl/workbook.xml and xl/worksheets/sheetN.xml);
//  - an empty-string formula result (<c t="str"><f>…</f><v></v></c>) is a value, an empty
//    cell (exceljs: a formula without a result);
//  - _xHHHH_ escapes (either case of hex) are decoded in every string: shared strings,
//    rich runs, inline strings and t="str" results (exceljs: shared strings and runs only,
//    upper case only); t="str" text is entity-decoded once, as XML says (exceljs: twice);
//  - a formula whose cached result is an inline string keeps it (exceljs: empty);
//  - a number format is a date format by forms/parse/date.ts's rule, case-insensitively
//    (YYYY-MM-DD, DD/MM/YYYY, [$-804]…, [DBNum1]…; exceljs: lower-case letters only);
//  - macro and dialog sheets are never read as worksheets, wherever they are stored
//    (sheet.unreadable), and a worksheet stored under another part name is read;
//  - element names are matched without their namespace prefix (<x:c> as written by some
//    .NET tools; exceljs sees nothing in such a sheet);
//  - t="d" cells (ISO 8601 text) become Dates (exceljs: parseFloat("2025-…") = 2025);
//  - a formula's text, boolean or error result in a date-formatted cell is kept (exceljs
//    pushes it through excelToDate and gets an Invalid Date, i.e. null);
//  - <workbookPr date1904="true"> counts as 1904 (exceljs accepts only "1");
//  - CDATA sections are text; rows and cells without r= follow the previous one;
//  - phonetic runs (<rPh>) inside inline strings are left out, as in shared strings.
//
// No node:* module here: inflating and text decoding go through aggregator/runtime/ (Node:
// zlib.inflateRawSync and Buffer, unchanged; the browser: pako and TextDecoder).
import { a1 } from "../../forms/address.js";
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { isDateFormat } from "../../forms/parse/date.js";
import { InflateError, runtime } from "../runtime/index.js";
import { EXCELJS_BUILTIN_NUMFMTS } from "./builtin-formats.js";
import { NoteCollector, sheetKindWord, type ReadNote } from "./notes.js";
import { crc32, DEFAULT_ZIP_LIMITS } from "./zip-guard.js";
import { ownText } from "./xml-text.js";

export interface FastReadOptions {
  /** Inflate every entry, not only the parts read, and check every CRC-32 (readWorkbook's verifyZip). Default false. */
  verify?: boolean;
  /** Largest uncompressed entry inflated. Default zip-guard's maxEntry (100 MB). */
  maxEntry?: number;
  /** The workbook part, when the caller already found it (sniffZipKind); else found through _rels/.rels. */
  workbookPart?: string;
  /** The zip's directory, already read by the caller (readWorkbook shares one with sniffZipKind). */
  zip?: ZipReader;
}

export interface FastReadResult {
  grid: WorkbookGrid;
  /** Formulas without results (cell.no_result, capped), sheets not read (sheet.unreadable). */
  notes: ReadNote[];
}

/** Thrown when an entry does not inflate to what the central directory says (size, CRC, method, header). */
export class ZipEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly problem: "size" | "crc" | "inflate" | "method",
  ) {
    super(`zip entry ${entry}: ${problem}`);
    this.name = "ZipEntryError";
  }
}

/**
 * Read an .xlsx held in memory into plain grids, the same grids `gridFromExcelJs` gives
 * for the file. Throws on anything it does not read the way exceljs would; callers that
 * need a result for every file use readWorkbook, which falls back to exceljs.
 */
export function gridFromXlsx(bytes: Uint8Array, opts: FastReadOptions = {}): FastReadResult {
  const zip = opts.zip ?? new ZipReader(bytes, opts.maxEntry ?? DEFAULT_ZIP_LIMITS.maxEntry);
  if (opts.verify) zip.verifyAll();

  // The workbook part: the package's officeDocument relationship (_rels/.rels), which is
  // xl/workbook.xml when Excel, WPS or LibreOffice wrote the file but need not be.
  const workbookPart = opts.workbookPart ?? findWorkbookPart(zip);
  if (workbookPart === undefined) throw new Error("no workbook part");
  const workbookXml = zip.text(workbookPart);
  if (workbookXml === undefined) throw new Error(`no ${workbookPart}`);
  const base = workbookPart.includes("/") ? workbookPart.slice(0, workbookPart.lastIndexOf("/")) : "";
  const book = parseWorkbook(workbookXml);
  const relsXml = zip.text(relsPartOf(workbookPart));
  const rels = relsXml === undefined ? new Map<string, Rel>() : parseRels(relsXml);
  // Shared strings and styles through the workbook's relationships, else where Excel puts them.
  const related = (suffix: string, fallback: string): string | undefined => {
    for (const r of rels.values())
      if (!r.external && r.type.endsWith(suffix)) {
        const p = zip.resolve(r.target, base);
        if (p) return p;
      }
    return zip.resolve(fallback, base);
  };
  const sstPart = related("/sharedStrings", "sharedStrings.xml");
  const sstXml = sstPart === undefined ? undefined : zip.text(sstPart);
  const sst = sstXml === undefined ? undefined : parseSharedStrings(sstXml);
  const stylesPart = related("/styles", "styles.xml");
  const stylesXml = stylesPart === undefined ? undefined : zip.text(stylesPart);
  const styles = stylesXml === undefined ? undefined : parseStyles(stylesXml);

  const ctx: SheetContext = { sst, styles, date1904: book.date1904 };
  const sheets: SheetGrid[] = [];
  const notes = new NoteCollector();
  const names = new Set<string>();

  for (const sheet of book.sheets) {
    const rel = sheet.rid === undefined ? undefined : rels.get(sheet.rid);
    const type = rel?.type ?? "";
    const part = rel && !rel.external ? zip.resolve(rel.target, base) : undefined;
    const skipType = /\/chartsheet$/i.test(type) || /macrosheet/i.test(type) || /dialogsheet/i.test(type);
    if (part === undefined || skipType) {
      if (/\/chartsheet$/i.test(type) || sheet.rawName === undefined) continue;
      notes.unreadableSheet(sheet.name, sheetKindWord(type));
      continue;
    }
    // exceljs's Worksheet name setter: these throw there (and so here: SheetJS decides).
    const name = exceljsSheetName(sheet.name, names);
    names.add(name.toLowerCase());
    const xml = zip.text(part)!;
    const pending: PendingWarning[] = [];
    sheets.push(parseSheet(xml, name, sheet.state, ctx, pending));
    for (const w of pending) notes.noResultCell(name, w.address);
  }
  return { grid: { sheets }, notes: notes.finish() };
}

const OFFICE_DOCUMENT = /\/officeDocument$/;

/** The target of the package's officeDocument relationship, as stored in the zip (else xl/workbook.xml if present). */
export function findWorkbookPart(zip: ZipReader): string | undefined {
  const rootRels = zip.text("_rels/.rels");
  if (rootRels !== undefined) {
    for (const r of parseRels(rootRels).values()) {
      if (r.external || !OFFICE_DOCUMENT.test(r.type)) continue;
      const p = zip.resolve(r.target, "");
      if (p) return p;
    }
  }
  return zip.resolve("workbook.xml", "xl");
}

/** a/b/c.xml → a/b/_rels/c.xml.rels */
function relsPartOf(part: string): string {
  const i = part.lastIndexOf("/");
  return i < 0 ? `_rels/${part}.rels` : `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

function exceljsSheetName(name: string, taken: Set<string>): string {
  if (name === "") throw new Error("The name can't be empty.");
  if (name === "History") throw new Error('The name "History" is protected.');
  if (/[*?:/\\[\]]/.test(name)) throw new Error(`Worksheet name ${name} cannot include * ? : \\ / [ ]`);
  if (/(^')|('$)/.test(name)) throw new Error(`Worksheet name ${name} cannot start or end with '`);
  const out = name.length > 31 ? name.substring(0, 31) : name;
  if (taken.has(out.toLowerCase())) throw new Error(`Worksheet name already exists: ${out}`);
  return out;
}

// ---------------------------------------------------------------------------------------
// Zip: the central directory, and entries inflated one at a time with their size bounded.

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeader: number;
}

/** Parts gridFromXlsx reads (worksheets stored elsewhere are inflated again when asked for). */
const GRID_PART =
  /^_rels\/\.rels$|^xl\/(?:workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/;

const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export class ZipReader {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly lower = new Map<string, string>();
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly buf: Uint8Array,
    private readonly maxEntry: number,
  ) {
    const b = buf;
    const min = Math.max(0, b.length - 22 - 0xffff);
    let eocd = -1;
    for (let i = b.length - 22; i >= min; i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error("no end of central directory");
    const count = u16(b, eocd + 10);
    const cdSize = u32(b, eocd + 12);
    let at = u32(b, eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || at === 0xffffffff) throw new Error("zip64 directory");
    if (at + cdSize > b.length) throw new Error("central directory outside the file");
    for (let i = 0; i < count; i++) {
      if (at + 46 > b.length || u32(b, at) !== 0x02014b50) throw new Error("bad central directory entry");
      const flags = u16(b, at + 8);
      const method = u16(b, at + 10);
      const crc = u32(b, at + 16);
      const compressedSize = u32(b, at + 20);
      const uncompressedSize = u32(b, at + 24);
      const nameLen = u16(b, at + 28);
      const extraLen = u16(b, at + 30);
      const commentLen = u16(b, at + 32);
      const localHeader = u32(b, at + 42);
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeader === 0xffffffff)
        throw new Error("zip64 entry");
      const name = runtime.utf8(b.subarray(at + 46, at + 46 + nameLen)).replace(/^\/+/, "");
      const entry = { name, method, flags, crc, compressedSize, uncompressedSize, localHeader };
      // jszip (and so exceljs) keeps the last of two entries with one name.
      this.entries.set(name, entry);
      this.lower.set(name.toLowerCase(), name);
      at += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** A part name from a relationship target (relative to `base`, default xl/, or absolute), as stored in the zip. */
  resolve(target: string, base = "xl"): string | undefined {
    const direct = base ? `${base}/${target}` : target;
    if (this.entries.has(direct)) return direct; // the usual "worksheets/sheet1.xml"
    const candidates: string[] = [];
    const t = target.trim();
    let path: string;
    if (t.startsWith("/")) path = t.slice(1);
    else {
      const parts = base ? base.split("/") : [];
      for (const seg of t.split("/")) {
        if (seg === "..") parts.pop();
        else if (seg !== "." && seg !== "") parts.push(seg);
      }
      path = parts.join("/");
    }
    candidates.push(path);
    try {
      const decoded = decodeURIComponent(path);
      if (decoded !== path) candidates.push(decoded);
    } catch {
      // not percent-encoded
    }
    if (base === "xl") candidates.push(`xl/${target.replace(/^(\s|\/xl\/)+/, "")}`); // exceljs's rule
    for (const c of candidates) {
      if (this.entries.has(c)) return c;
      const found = this.lower.get(c.toLowerCase());
      if (found) return found;
    }
    return undefined;
  }

  /** The names of the entries, in central-directory order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** An entry's bytes, inflated, size and CRC checked. */
  bytes(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipEntryError(name, "inflate");
    return this.inflate(entry, true);
  }

  /** The part's text (UTF-8), or undefined when there is no such part. */
  text(name: string): string | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const data = this.cache.get(name) ?? this.inflate(entry, false);
    if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)))
      throw new Error(`${name} is UTF-16`);
    return runtime.utf8(data);
  }

  /** Inflate every entry and check its size and CRC, keeping the parts a grid needs. */
  verifyAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.name.endsWith("/") && entry.uncompressedSize === 0) continue; // a folder
      const data = this.inflate(entry, true);
      // Keep the parts a grid is made of; anything else (drawings, themes …) is only checked.
      if (GRID_PART.test(entry.name)) this.cache.set(entry.name, data);
    }
  }

  private inflate(entry: ZipEntry, checkCrc: boolean): Uint8Array {
    const b = this.buf;
    const at = entry.localHeader;
    if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw new ZipEntryError(entry.name, "inflate");
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw new ZipEntryError(entry.name, "inflate");
    if (entry.uncompressedSize > this.maxEntry) throw new ZipEntryError(entry.name, "size");
    const data = b.subarray(start, end);
    let out: Uint8Array;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      try {
        out = runtime.inflateRaw(data, entry.uncompressedSize);
      } catch (e) {
        throw new ZipEntryError(entry.name, e instanceof InflateError && e.problem === "size" ? "size" : "inflate");
      }
    } else throw new ZipEntryError(entry.name, "method");
    if (out.length !== entry.uncompressedSize) throw new ZipEntryError(entry.name, "size");
    if (checkCrc && crc32(out) >>> 0 !== entry.crc >>> 0) throw new ZipEntryError(entry.name, "crc");
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// XML tokenizer. Pull-style, over a string: elements, text, CDATA; comments and
// processing instructions skipped; a DOCTYPE is refused (as saxes would not expand its
// entities anyway). Well-formedness is checked where it costs nothing: matching end tags,
// one root, no "<" inside a tag, known entities only, nothing but white space outside the
// root. Text is decoded only when asked for (readText), so white space between elements
// costs one indexOf.

const EOF = 0;
const OPEN = 1;
const CLOSE = 2;
const TEXT = 3;

/** Element names by first character (7 bits) and length (5 bits): the last one seen, and its local part. */
const NAME_CACHE: string[] = new Array<string>(4096).fill("");
const LOCAL_CACHE: string[] = new Array<string>(4096).fill("");

export class XmlTokenizer {
  pos = 0;
  /** OPEN/CLOSE: the qualified name and the local name (without a prefix). */
  name = "";
  local = "";
  /** OPEN: the element is empty (<x/>); a CLOSE follows at once. */
  selfClosing = false;
  private attrStart = 0;
  private attrEnd = 0;
  private textStart = 0;
  private textEnd = 0;
  private cdata = false;
  private pendingClose = false;
  private readonly stack: string[] = [];
  private rootSeen = false;

  constructor(readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  next(): number {
    if (this.pendingClose) {
      this.pendingClose = false;
      return CLOSE;
    }
    const s = this.s;
    const len = s.length;
    for (;;) {
      const i = this.pos;
      if (i >= len) {
        if (this.stack.length) throw new Error(`unclosed <${this.stack[this.stack.length - 1]}>`);
        if (!this.rootSeen) throw new Error("no root element");
        return EOF;
      }
      if (s.charCodeAt(i) !== 60) {
        let j = s.indexOf("<", i);
        if (j < 0) j = len;
        this.pos = j;
        if (this.stack.length === 0) {
          for (let k = i; k < j; k++) {
            const c = s.charCodeAt(k);
            if (c !== 32 && c !== 9 && c !== 10 && c !== 13) throw new Error("text outside the root element");
          }
          continue;
        }
        this.textStart = i;
        this.textEnd = j;
        this.cdata = false;
        return TEXT;
      }
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 47) {
        // </name>: compared in place with the open element's name
        const open = this.stack.pop();
        const j = s.indexOf(">", i + 2);
        if (j < 0) throw new Error("unterminated end tag");
        if (open === undefined || !s.startsWith(open, i + 2)) throw new Error(`unexpected end tag at ${i}`);
        for (let e = i + 2 + open.length; e < j; e++)
          if (!isSpace(s.charCodeAt(e))) throw new Error(`unexpected end tag at ${i} (open: <${open}>)`);
        this.setName(open);
        this.pos = j + 1;
        return CLOSE;
      }
      if (c1 === 63) {
        const j = s.indexOf("?>", i + 2);
        if (j < 0) throw new Error("unterminated processing instruction");
        this.pos = j + 2;
        continue;
      }
      if (c1 === 33) {
        if (s.startsWith("<!--", i)) {
          const j = s.indexOf("-->", i + 4);
          if (j < 0) throw new Error("unterminated comment");
          this.pos = j + 3;
          continue;
        }
        if (s.startsWith("<![CDATA[", i)) {
          const j = s.indexOf("]]>", i + 9);
          if (j < 0 || this.stack.length === 0) throw new Error("bad CDATA section");
          this.textStart = i + 9;
          this.textEnd = j;
          this.cdata = true;
          this.pos = j + 3;
          return TEXT;
        }
        throw new Error("DOCTYPE or declaration not supported");
      }
      // <name attr="v" …> or <name …/>
      let k = i + 1;
      while (k < len) {
        const c = s.charCodeAt(k);
        if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) break;
        if (c === 60 || c === 34 || c === 39 || c === 61) throw new Error("bad element name");
        k++;
      }
      if (k === i + 1) throw new Error("empty element name");
      // The closing ">", skipping quoted values (where a ">" may stand); no "<" before it.
      let m = k;
      for (; m < len; m++) {
        const c = s.charCodeAt(m);
        if (c === 62) break;
        if (c === 34 || c === 39) {
          m = s.indexOf(c === 34 ? '"' : "'", m + 1);
          if (m < 0) m = len;
        }
      }
      const lt = s.indexOf("<", k);
      if (lt >= 0 && lt < m) throw new Error("< inside a tag");
      if (m >= len) throw new Error("unterminated start tag");
      // Element names repeat (c, v, row …): reuse the last string seen with the same first
      // character and length instead of slicing a new one.
      const len1 = k - i - 1;
      const key = ((s.charCodeAt(i + 1) & 0x7f) << 5) | (len1 & 31);
      let name = NAME_CACHE[key];
      let local: string;
      if (name.length === len1 && s.startsWith(name, i + 1)) local = LOCAL_CACHE[key];
      else {
        name = s.slice(i + 1, k);
        const colon = name.indexOf(":");
        local = colon < 0 ? name : name.slice(colon + 1);
        NAME_CACHE[key] = name;
        LOCAL_CACHE[key] = local;
      }
      if (this.stack.length === 0) {
        if (this.rootSeen) throw new Error("a second root element");
        this.rootSeen = true;
      }
      this.name = name;
      this.local = local;
      this.selfClosing = s.charCodeAt(m - 1) === 47 && m - 1 >= k;
      this.attrStart = k;
      this.attrEnd = this.selfClosing ? m - 1 : m;
      this.pos = m + 1;
      if (this.selfClosing) this.pendingClose = true;
      else this.stack.push(name);
      return OPEN;
    }
  }

  private setName(name: string): void {
    this.name = name;
    const colon = name.indexOf(":");
    this.local = colon < 0 ? name : name.slice(colon + 1);
  }

  /** The current TEXT, decoded (entities, line ends). */
  readText(): string {
    const raw = this.s.slice(this.textStart, this.textEnd);
    if (this.cdata) return raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
    return decodeText(raw);
  }

  // Attributes, read in place: nextAttr() moves to the next one and sets the name and
  // value ranges; attrIs() compares the name, value() slices and decodes the value.
  private ap = 0;
  private an0 = 0;
  private an1 = 0;
  private av0 = 0;
  private av1 = 0;
  private avPlain = true;

  /** Start reading the current OPEN's attributes again. */
  firstAttr(): boolean {
    this.ap = this.attrStart;
    return this.nextAttr();
  }

  nextAttr(): boolean {
    const s = this.s;
    const end = this.attrEnd;
    let p = this.ap;
    while (p < end && isSpace(s.charCodeAt(p))) p++;
    if (p >= end) {
      this.ap = p;
      return false;
    }
    const nameStart = p;
    while (p < end) {
      const c = s.charCodeAt(p);
      if (c === 61 || c === 32 || c === 9 || c === 10 || c === 13) break;
      p++;
    }
    const nameEnd = p;
    while (p < end && isSpace(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 61 || nameEnd === nameStart) throw new Error("bad attribute");
    p++;
    while (p < end && isSpace(s.charCodeAt(p))) p++;
    const q = s.charCodeAt(p);
    if (q !== 34 && q !== 39) throw new Error("unquoted attribute value");
    let plain = true;
    let v = p + 1;
    for (; v < end; v++) {
      const c = s.charCodeAt(v);
      if (c === q) break;
      if (c === 38 || c === 9 || c === 10 || c === 13) plain = false;
    }
    if (v >= end) throw new Error("unterminated attribute value");
    this.an0 = nameStart;
    this.an1 = nameEnd;
    this.av0 = p + 1;
    this.av1 = v;
    this.avPlain = plain;
    p = v + 1;
    if (p < end && !isSpace(s.charCodeAt(p))) throw new Error("attributes not separated by white space");
    this.ap = p;
    return true;
  }

  attrIs(name: string): boolean {
    return this.an1 - this.an0 === name.length && this.s.startsWith(name, this.an0);
  }

  /** The current attribute's name (allocates: for rare paths). */
  attrName(): string {
    return this.s.slice(this.an0, this.an1);
  }

  /** A one-character attribute name's code (r, s, t …), or 0. */
  attrChar(): number {
    return this.an1 - this.an0 === 1 ? this.s.charCodeAt(this.an0) : 0;
  }

  value(): string {
    const raw = this.s.slice(this.av0, this.av1);
    return this.avPlain ? raw : decodeAttr(raw);
  }

  /** One attribute of the current OPEN by its qualified name. */
  attr(name: string): string | undefined {
    for (let ok = this.firstAttr(); ok; ok = this.nextAttr()) if (this.attrIs(name)) return this.value();
    return undefined;
  }

  /** Skip the rest of the current element (after its OPEN). */
  skipElement(): void {
    if (this.selfClosing) {
      this.pendingClose = false;
      return;
    }
    const depth = this.stack.length;
    for (;;) {
      const t = this.next();
      if (t === EOF) throw new Error("unexpected end");
      if (t === CLOSE && this.stack.length === depth - 1) return;
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function decodeText(raw: string): string {
  let s = raw;
  if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n");
  return s.includes("&") ? decodeEntities(s) : s;
}

function decodeAttr(raw: string): string {
  let s = raw;
  if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n?/g, "\n").replace(/[\t\n]/g, " ");
  return s.includes("&") ? decodeEntities(s) : s;
}

function decodeEntities(s: string): string {
  return s.replace(/&([^;&]*);|&/g, (whole: string, e: string | undefined) => {
    if (e === undefined) throw new Error("bare & in text");
    switch (e) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return '"';
      case "apos":
        return "'";
      default: {
        let n = NaN;
        if (/^#x[0-9a-fA-F]+$/.test(e)) n = parseInt(e.slice(2), 16);
        else if (/^#[0-9]+$/.test(e)) n = parseInt(e.slice(1), 10);
        if (!Number.isFinite(n) || n < 1 || n > 0x10ffff) throw new Error(`undefined entity ${whole}`);
        return String.fromCodePoint(n);
      }
    }
  });
}

/**
 * ST_Xstring escapes: _xHHHH_ is the UTF-16 unit HHHH (either case of hex digits, as Excel
 * reads them), in every string of the file: shared strings, rich runs, inline strings and
 * t="str" formula results. One pass, so _x005F_x0041_ is the literal text _x0041_.
 */
export function decodeEscapes(text: string): string {
  return text.includes("_x")
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : text;
}

// ---------------------------------------------------------------------------------------
// workbook.xml, workbook.xml.rels

interface SheetEntry {
  name: string;
  /** The name attribute as written (undefined when absent: exceljs then calls it "sheet<id>"). */
  rawName?: string;
  state: SheetGrid["state"];
  rid?: string;
}

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

function parseWorkbook(xml: string): { sheets: SheetEntry[]; date1904: boolean } {
  const x = new XmlTokenizer(xml);
  const sheets: SheetEntry[] = [];
  const ids = new Set<number>();
  let date1904 = false;
  let depth = 0;
  let inSheets = false;
  for (let t = x.next(); t !== EOF; t = x.next()) {
    if (t === OPEN) {
      depth++;
      if (depth === 2 && x.local === "sheets") inSheets = true;
      else if (depth === 3 && inSheets && x.local === "sheet") {
        let rawName: string | undefined;
        let sheetId: string | undefined;
        let state: string | undefined;
        let rid: string | undefined;
        for (let ok = x.firstAttr(); ok; ok = x.nextAttr()) {
          const a = x.attrName();
          if (a === "name") rawName = x.value();
          else if (a === "sheetId") sheetId = x.value();
          else if (a === "state") state = x.value();
          else if (a.endsWith(":id")) rid = x.value();
        }
        // exceljs keys its worksheets by sheetId: 0, a missing or a repeated id loses a sheet there.
        const id = sheetId === undefined ? NaN : parseInt(sheetId, 10);
        if (!(id >= 1) || ids.has(id)) throw new Error(`sheetId ${sheetId}`);
        ids.add(id);
        sheets.push({
          name: rawName !== undefined ? ownText(rawName) : `sheet${id}`,
          rawName,
          state: state === "hidden" || state === "veryHidden" ? state : "visible",
          rid,
        });
      } else if (depth === 2 && x.local === "workbookPr") {
        const v = x.attr("date1904");
        date1904 = v === "1" || v === "true";
      }
    } else if (t === CLOSE) {
      if (depth === 2 && x.local === "sheets") inSheets = false;
      depth--;
    }
  }
  return { sheets, date1904 };
}

function parseRels(xml: string): Map<string, Rel> {
  const x = new XmlTokenizer(xml);
  const rels = new Map<string, Rel>();
  for (let t = x.next(); t !== EOF; t = x.next()) {
    if (t !== OPEN || x.local !== "Relationship") continue;
    let id: string | undefined;
    let type = "";
    let target = "";
    let mode = "";
    for (let ok = x.firstAttr(); ok; ok = x.nextAttr()) {
      const a = x.attrName();
      if (a === "Id") id = x.value();
      else if (a === "Type") type = x.value();
      else if (a === "Target") target = x.value();
      else if (a === "TargetMode") mode = x.value();
    }
    if (id !== undefined) rels.set(id, { type, target, external: mode.toLowerCase() === "external" });
  }
  return rels;
}

// ---------------------------------------------------------------------------------------
// sharedStrings.xml: each <si> as its text (rich runs concatenated, phonetic runs left
// out), or null when it holds no text — what toCellValue makes of exceljs's value.

function parseSharedStrings(xml: string): (string | null)[] {
  const x = new XmlTokenizer(xml);
  const out: (string | null)[] = [];
  // Per <si>: plain = the last <t>'s text (exceljs: model = that string); runs = rich text.
  let inSi = false;
  let plain: string | undefined;
  let runs: string | undefined;
  let hasRuns = false;
  let where = 0; // 0 elsewhere, 1 in <si><t>, 2 in <r><t>
  let inRun = false;
  let buf = "";
  for (let t = x.next(); t !== EOF; t = x.next()) {
    if (t === OPEN) {
      const l = x.local;
      if (!inSi) {
        if (l === "si") {
          inSi = true;
          plain = undefined;
          runs = undefined;
          hasRuns = false;
        } else if (l !== "sst") throw new Error(`unexpected <${x.name}> in sharedStrings.xml`);
      } else if (l === "rPh") x.skipElement();
      else if (l === "r" && !inRun) {
        inRun = true;
        if (plain !== undefined) throw new Error("rich run after plain text in <si>"); // TypeError in exceljs
      } else if (l === "t") {
        where = inRun ? 2 : 1;
        buf = "";
      }
    } else if (t === TEXT) {
      if (where) buf += x.readText();
    } else if (t === CLOSE) {
      const l = x.local;
      if (l === "t" && where) {
        const text = decodeEscapes(buf);
        if (where === 1) {
          plain = text;
          runs = undefined;
          hasRuns = false;
        } else runs = (runs ?? "") + text;
        where = 0;
      } else if (l === "r" && inRun) {
        inRun = false;
        hasRuns = true;
      } else if (l === "si" && inSi) {
        inSi = false;
        const v = plain !== undefined ? plain : hasRuns ? (runs ?? "") : "";
        out.push(v === "" ? null : ownText(v));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// styles.xml: the number format of each cellXfs entry, resolved as StylesXform.getStyleModel.

interface Styles {
  /** numFmt code per xf index (undefined: none). */
  formats: (string | undefined)[];
  isDate: boolean[];
}

/** exceljs's default number formats (`f`), with the zh-CN code for the CJK ids as workbook.ts patches them. */
function builtinFormat(id: number): string | undefined {
  return EXCELJS_BUILTIN_NUMFMTS.get(id);
}

/** exceljs utils.isDateFmt. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let f = fmt.replace(/\[[^\]]*]/g, "");
  f = f.replace(/"[^"]*"/g, "");
  return f.match(/[ymdhMsb]+/) !== null;
}

function parseStyles(xml: string): Styles {
  const x = new XmlTokenizer(xml);
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let depth = 0;
  let section = "";
  for (let t = x.next(); t !== EOF; t = x.next()) {
    if (t === OPEN) {
      depth++;
      if (depth === 2) section = x.local;
      else if (depth === 3) {
        if (section === "numFmts" && x.local === "numFmt") {
          const id = parseInt(x.attr("numFmtId") ?? "", 10);
          const code = x.attr("formatCode");
          if (code === undefined) throw new Error("numFmt without formatCode"); // exceljs: TypeError
          custom.set(id, ownText(code.replace(/[\\](.)/g, "$1")));
        } else if (section === "cellXfs" && x.local === "xf") xfIds.push(parseInt(x.attr("numFmtId") ?? "", 10));
      }
    } else if (t === CLOSE) {
      if (depth === 2) section = "";
      depth--;
    }
  }
  const formats: (string | undefined)[] = [];
  const isDate: boolean[] = [];
  for (const id of xfIds) {
    const code = id ? custom.get(id) || builtinFormat(id) : undefined;
    formats.push(code || undefined);
    isDate.push(isDateFormat(code));
  }
  return { formats, isDate };
}

// ---------------------------------------------------------------------------------------
// A worksheet

interface SheetContext {
  sst?: (string | null)[];
  styles?: Styles;
  date1904: boolean;
}

interface PendingWarning {
  row: number;
  col: number;
  address: string;
  /** The row's array when the warning was noted (a repeated row number replaces it). */
  vals?: CellValue[];
}

/** exceljs utils.excelToDate, verbatim (the arithmetic order matters for the last bit). */
function excelToDate(v: number, date1904: boolean): Date {
  const millisecondSinceEpoch = Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  return new Date(millisecondSinceEpoch);
}

/** A t="d" value: ISO 8601 date or date-time, read as shown (no time zone shift). */
function isoDate(text: string): Date | null {
  const m = /^\s*(\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(text);
  if (!m) return null;
  const ms = m[7] ? Math.round(parseFloat(m[7]) * 1000) : 0;
  const d = new Date(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms),
  );
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 1-based column of a cell reference ("B3", "$B$3"); -1 when it is not one exceljs would accept. */
function columnOf(ref: string): number {
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(0) === 36) i++;
  let col = 0;
  const start = i;
  while (i < n) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    i++;
  }
  if (i === start || col > 16384) return -1;
  if (ref.charCodeAt(i) === 36) i++;
  const digits = i;
  while (i < n) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i === digits ? -1 : col;
}

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseMergeRef(ref: string): MergeRange {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) throw new Error(`bad merge range ${ref}`);
  const c1 = columnOf(`${m[1]}1`);
  const c2 = m[3] ? columnOf(`${m[3]}1`) : c1;
  const r1 = parseInt(m[2], 10);
  const r2 = m[4] ? parseInt(m[4], 10) : r1;
  if (c1 < 1 || c2 < 1 || r1 < 1 || r2 < 1) throw new Error(`bad merge range ${ref}`);
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

function parseSheet(
  xml: string,
  name: string,
  state: SheetGrid["state"],
  ctx: SheetContext,
  warnings: PendingWarning[],
): SheetGrid {
  const x = new XmlTokenizer(xml);
  const { sst, styles, date1904 } = ctx;
  // Rows by 0-based index; each row's arrays hold null/undefined where there is nothing.
  const rowVals: (CellValue[] | undefined)[] = [];
  const rowFmts: ((string | undefined)[] | undefined)[] = [];
  const merges: MergeRange[] = [];
  const hyperlinks = new Set<string>();
  // Formulas without a cached result, by cell; a later cell at the same address replaces it.
  const pending = new Map<number, PendingWarning>();

  let where = 0; // 0 outside sheetData, 1 in sheetData, 2 in a row, 3 in a cell
  let mergeDepth = false;
  let linkDepth = false;
  let rowNo = 0;
  let vals: CellValue[] = [];
  let fmts: (string | undefined)[] = [];
  let col = 0;

  // The current cell
  let ref = "";
  let styleId = 0;
  let type: string | undefined;
  let text: string | undefined; // <v> and plain <t> text (exceljs model.value while a string)
  let sawValue = false; // a <v> or <is> element, even an empty one (an empty-string result)
  let node = 0; // 0 none, 1 in <v>/<t>, 2 in <f>, 3 in a rich run's <t>
  let formula = false;
  let runText: string | undefined;
  let runBuf = "";
  let inRun = false;

  const put = (v: CellValue, fmt: string | undefined) => {
    const c = col - 1;
    if (pending.size) pending.delete(rowNo * 16385 + col);
    if (v === null) {
      if (c < vals.length) {
        vals[c] = null;
        fmts[c] = undefined;
      }
      return;
    }
    while (vals.length < c) {
      vals.push(null);
      fmts.push(undefined);
    }
    vals[c] = v;
    fmts[c] = fmt;
  };

  for (let t = x.next(); t !== EOF; t = x.next()) {
    if (t === TEXT) {
      if (node === 1) text = text === undefined ? x.readText() : text + x.readText();
      else if (node === 3) runBuf += x.readText();
      else if (node === 2) formula = true;
      continue;
    }
    const l = x.local;
    if (t === OPEN) {
      if (where === 3) {
        if (l === "v" || l === "is" || (l === "t" && !inRun)) sawValue = true;
        if (l === "is") continue;
        if (l === "v" || (l === "t" && !inRun)) {
          if (runText === undefined) node = 1;
          else node = 4; // exceljs drops plain text after rich runs
        } else if (l === "f") {
          node = 2;
          const st = x.attr("t");
          if (st) formula = true;
        } else if (l === "r") {
          if (text !== undefined) throw new Error("rich run after plain text in a cell"); // TypeError in exceljs
          inRun = true;
          runBuf = "";
        } else if (l === "t" && inRun) {
          node = 3;
        } else if (l === "rPh") x.skipElement();
        continue;
      }
      if (where === 2) {
        if (l !== "c") {
          x.skipElement();
          continue;
        }
        where = 3;
        ref = "";
        styleId = 0;
        type = undefined;
        for (let ok = x.firstAttr(); ok; ok = x.nextAttr()) {
          const a = x.attrChar();
          if (a === 114)
            ref = x.value(); // r
          else if (a === 115) {
            // s
            const v = x.value();
            styleId = v ? parseInt(v, 10) : 0;
          } else if (a === 116) type = x.value(); // t
        }
        if (ref) {
          col = columnOf(ref);
          if (col < 0) throw new Error(`bad cell reference ${ref}`);
        } else col++;
        text = undefined;
        sawValue = false;
        runText = undefined;
        inRun = false;
        formula = false;
        node = 0;
        continue;
      }
      if (where === 1) {
        if (l !== "row") {
          x.skipElement();
          continue;
        }
        where = 2;
        const r = x.attr("r");
        const n = r ? parseInt(r, 10) : rowNo + 1;
        if (!(n >= 1 && n <= 1048576)) throw new Error(`bad row number ${r}`);
        rowNo = n;
        // A repeated row number replaces the earlier row (exceljs: _rows[n - 1] = new Row).
        vals = [];
        fmts = [];
        rowVals[n - 1] = vals;
        rowFmts[n - 1] = fmts;
        col = 0;
        continue;
      }
      // where === 0: top level of the worksheet
      if (l === "sheetData") where = 1;
      else if (l === "mergeCells") mergeDepth = true;
      else if (l === "mergeCell" && mergeDepth) {
        const r = x.attr("ref");
        if (r === undefined) throw new Error("mergeCell without ref");
        merges.push(parseMergeRef(r));
      } else if (l === "hyperlinks") linkDepth = true;
      else if (l === "hyperlink" && linkDepth) {
        let r: string | undefined;
        let rid: string | undefined;
        for (let ok = x.firstAttr(); ok; ok = x.nextAttr()) {
          if (x.attrIs("ref")) r = x.value();
          else if (x.attrIs("r:id")) rid = x.value();
        }
        if (r !== undefined && rid) hyperlinks.add(r);
      }
      continue;
    }
    // CLOSE
    if (where === 3) {
      if (l === "c") {
        where = 2;
        finishCell();
      } else if (l === "v" || l === "f" || l === "is") node = 0;
      else if (l === "t") node = 0;
      else if (l === "r" && inRun) {
        inRun = false;
        runText = (runText ?? "") + decodeEscapes(runBuf);
        runBuf = "";
      }
      continue;
    }
    if (where === 2 && l === "row") where = 1;
    else if (where === 1 && l === "sheetData") where = 0;
    else if (where === 0) {
      if (l === "mergeCells") mergeDepth = false;
      else if (l === "hyperlinks") linkDepth = false;
    }
  }

  function finishCell(): void {
    const style = styleId && styles ? styleId : 0;
    const fmt = style ? styles!.formats[style] : undefined;
    const isDate = style ? styles!.isDate[style] === true : false;
    if (formula) {
      if (type === "inlineStr" && (text !== undefined || runText !== undefined)) {
        // An inline-string result (some writers give formula results so).
        put(cellValue(ownText(decodeEscapes(runText ?? text ?? ""))), fmt);
        return;
      }
      if (runText !== undefined) throw new Error("formula with rich text");
      if (!text && sawValue && (type === "str" || type === "inlineStr")) {
        // <c t="str"><f>…</f><v></v></c>: the formula's result is the empty string, a value.
        put(null, undefined);
        return;
      }
      if (text) {
        let v: CellValue;
        if (type === "str") v = ownText(decodeEscapes(text));
        else if (type === "b") v = parseInt(text, 10) !== 0;
        else if (type === "e") v = text;
        else if (type === "d") v = isoDate(text);
        else {
          const n = parseFloat(text);
          v = isDate ? excelToDate(n, date1904) : n;
        }
        put(cellValue(v), fmt);
      } else {
        put(null, undefined);
        pending.set(rowNo * 16385 + col, { row: rowNo, col, address: ref || a1(rowNo - 1, col - 1), vals });
      }
      return;
    }
    if (text !== undefined || runText !== undefined) {
      let v: CellValue;
      if (runText !== undefined && type !== "inlineStr") throw new Error("rich text in a cell that is not an inline string");
      switch (type) {
        case "s": {
          const i = parseInt(text!, 10);
          if (sst) {
            const s = sst[i];
            if (s === undefined) throw new Error(`shared string ${text} out of range`); // TypeError in exceljs
            v = s;
          } else v = i;
          break;
        }
        case "str":
          v = ownText(decodeEscapes(text!));
          break;
        case "inlineStr":
          v = ownText(runText !== undefined ? runText : decodeEscapes(text!));
          break;
        case "b":
          v = parseInt(text!, 10) !== 0;
          break;
        case "e":
          v = text!;
          break;
        case "d":
          v = isoDate(text!);
          break;
        default: {
          const n = parseFloat(text!);
          v = isDate ? excelToDate(n, date1904) : n;
        }
      }
      put(cellValue(v), fmt);
      return;
    }
    // No value: a styled cell is an empty cell (it clears a duplicate before it); an
    // unstyled one is not a cell at all for exceljs.
    if (styleId) put(null, undefined);
  }

  // Merged ranges: exceljs refuses overlapping ones; every cell but the master is emptied.
  const sorted = merges.map((m, i) => ({ m, i })).sort((a, b) => a.m.top - b.m.top || a.m.left - b.m.left);
  for (let a = 0; a < sorted.length; a++) {
    const ma = sorted[a].m;
    for (let b = a + 1; b < sorted.length && sorted[b].m.top <= ma.bottom; b++) {
      const mb = sorted[b].m;
      if (!(mb.right < ma.left || mb.left > ma.right)) throw new Error("Cannot merge already merged cells");
    }
  }
  const slave = (row: number, c: number) => {
    for (const m of merges)
      if (row >= m.top && row <= m.bottom && c >= m.left && c <= m.right && (row > m.top || c > m.left)) return true;
    return false;
  };
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom && r <= rowVals.length; r++) {
      const rv = rowVals[r - 1];
      const rf = rowFmts[r - 1];
      if (!rv || !rf) continue;
      const from = r === m.top ? m.left + 1 : m.left;
      for (let c = from; c <= m.right && c <= rv.length; c++) {
        rv[c - 1] = null;
        rf[c - 1] = undefined;
      }
    }
  }

  // Jagged rows: each ends at its last value; holes are []; trailing empty rows go.
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];
  let last = -1;
  for (let r = 0; r < rowVals.length; r++) {
    const rv = rowVals[r];
    const rf = rowFmts[r];
    if (!rv || !rf) {
      values.push([]);
      formats.push([]);
      continue;
    }
    let n = rv.length;
    while (n > 0 && rv[n - 1] === null) n--;
    if (n < rv.length) {
      rv.length = n;
      rf.length = n;
    }
    values.push(rv);
    formats.push(rf);
    if (n > 0) last = r;
  }
  values.length = last + 1;
  formats.length = last + 1;

  // Warnings in exceljs's order (row, then column), except merged-away and hyperlinked cells.
  if (pending.size) {
    const list = [...pending.values()].sort((a, b) => a.row - b.row || a.col - b.col);
    for (const w of list) {
      if (rowVals[w.row - 1] !== w.vals || slave(w.row, w.col) || hyperlinks.has(w.address)) continue;
      warnings.push(w);
    }
  }

  return {
    name,
    values,
    formats,
    top: 0,
    left: 0,
    merges: sorted.map(({ m }) => `${a1(m.top - 1, m.left - 1)}:${a1(m.bottom - 1, m.right - 1)}`),
    state,
  };
}

/** What toCellValue makes of a value: "" and non-finite numbers and invalid dates are empty. */
function cellValue(v: CellValue): CellValue {
  if (v === null) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  return v;
}

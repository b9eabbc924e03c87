// Bulk rows: the data rows of a large list written as sheet XML directly, after exceljs has
// written the rest of the workbook. exceljs builds a cell object per cell and serialises it
// through its xform classes — about a second for the ~200,000 cells of a 500-file roll-up,
// most of the merge's time after reading. Here a list's rows go straight from values to XML,
// and the XML is generated while it is deflated (deterministic.ts's StreamedPart): a
// national roll-up's sheets never exist as one string (issue 13: 15,000 files held 1.2 GB
// at this step when the patched sheets were strings).
//
// How it fits into an exceljs workbook: the writer lays out the sheet as usual (columns,
// views, print setup, the header row, the Excel table with one data row, anything below the
// list) and, instead of the data rows, one "palette" cell per distinct style inside the
// list's own range, row by row (palette(): null value, the style). exceljs then registers
// those styles and writes their ids; patchBulkRows() reads the ids back from the palette
// cells, replaces the list's rows with the real rows (strings appended to the shared-string
// table), and sets the sheet's dimension and the table's range to the real extent.
//
// The cells written are what exceljs writes for the same values: shared strings (so text
// that starts with = + - @ stays text), numbers, booleans, dates as 1900-system serials,
// formulas with a cached string result; control characters dropped as exceljs drops them.
import type ExcelJS from "exceljs";
import { columnLetter, parseRange } from "../../forms/address.js";

/** A value of a bulk cell. */
export type BulkValue = ExcelJS.CellValue;

export interface BulkList {
  /** Worksheet name, as given to exceljs. */
  sheet: string;
  /** The Excel table's name. */
  table: string;
  /** First data row (1-based); everything from here down is replaced. */
  first: number;
  /** Number of columns (from column A). */
  columns: number;
  rows: BulkValue[][];
  /** Palette index of each cell, row-major (rows.length × columns). */
  styleIndex: Uint16Array;
  /** Row heights in points (undefined: default). */
  heights: (number | undefined)[];
  /** The distinct styles, in palette order. */
  palette: Partial<ExcelJS.Style>[];
}

/** Collects the distinct style objects of a list by identity, in first-use order. */
export class StylePalette {
  readonly styles: Partial<ExcelJS.Style>[] = [];
  private readonly index = new Map<Partial<ExcelJS.Style>, number>();

  indexOf(style: Partial<ExcelJS.Style>): number {
    let i = this.index.get(style);
    if (i === undefined) {
      i = this.styles.length;
      if (i > 0xffff) throw new Error("too many distinct styles in one bulk list");
      this.styles.push(style);
      this.index.set(style, i);
    }
    return i;
  }
}

/** Where the palette cell of style `j` is: inside the list's range, row by row (each style is used by a cell, so it fits). */
function paletteCell(list: BulkList, j: number): { row: number; col: number } {
  return { row: list.first + Math.floor(j / list.columns), col: (j % list.columns) + 1 };
}

/** The last row the list's bulk rows replace: its last data row, or its palette's (a list with no rows). */
function lastReplacedRow(list: BulkList): number {
  const paletteRows = Math.ceil(list.palette.length / list.columns);
  return list.first + Math.max(list.rows.length, paletteRows, 1) - 1;
}

/** Write the palette cells of `list` into its worksheet (before exceljs writes the workbook). */
export function writePalette(ws: ExcelJS.Worksheet, list: BulkList): void {
  list.palette.forEach((style, j) => {
    const { row, col } = paletteCell(list, j);
    const cell = ws.getCell(row, col);
    cell.value = null;
    cell.style = style as ExcelJS.Style;
  });
}

// ---------------------------------------------------------------------------------------
// XML

// XML 1.0 cannot hold these control characters at all (exceljs drops them too).
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL_G = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ENTITY: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

/** XML text/attribute escaping as exceljs does it (control characters other than tab, LF and CR dropped). */
export function xmlEscape(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_G, (c) => ENTITY[c] ?? "") : text;
}

/** Excel reads "_xHHHH_" in shared strings as an escaped character: keep such text literal. */
function escapeOoxml(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9A-Fa-f]{4})_/g, "_x005F_x$1_") : text;
}

function sharedStringXml(text: string): string {
  const t = xmlEscape(escapeOoxml(text));
  return /^\s|\n|\s$/.test(text) ? `<si><t xml:space="preserve">${t}</t></si>` : `<si><t>${t}</t></si>`;
}

/** Days since 1899-12-30 (the 1900 date system), as exceljs computes them. */
function dateSerial(d: Date): number {
  return 25569 + d.getTime() / 86_400_000;
}

/**
 * The strings the bulk rows add to the shared-string table. Every list's strings are taken
 * (take()) before any sheet is generated: the table precedes the sheets in the package.
 */
class SharedStrings {
  readonly added: string[] = [];
  refs = 0;
  private readonly ids = new Map<string, number>();
  constructor(private readonly base: number) {}

  take(text: string): void {
    this.refs++;
    if (!this.ids.has(text)) {
      this.ids.set(text, this.base + this.added.length);
      this.added.push(text);
    }
  }

  id(text: string): number {
    const id = this.ids.get(text);
    if (id === undefined) throw new Error("bulk rows: a string was not taken before its sheet");
    return id;
  }
}

/** The text a bulk value is written as a shared string, if it is one (cellXml's rule). */
function sharedText(v: BulkValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return undefined;
}

function takeStrings(list: BulkList, sst: SharedStrings): void {
  for (const values of list.rows)
    for (let i = 0; i < list.columns; i++) {
      const text = sharedText(values[i] ?? null);
      if (text !== undefined) sst.take(text);
    }
}

function cellXml(ref: string, s: number, v: BulkValue, sst: SharedStrings): string {
  if (v === null || v === undefined) return `<c r="${ref}" s="${s}"/>`;
  if (typeof v === "string") return `<c r="${ref}" s="${s}" t="s"><v>${sst.id(v)}</v></c>`;
  if (typeof v === "number")
    return Number.isFinite(v) ? `<c r="${ref}" s="${s}"><v>${v}</v></c>` : cellXml(ref, s, String(v), sst);
  if (typeof v === "boolean") return `<c r="${ref}" s="${s}" t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) return `<c r="${ref}" s="${s}"><v>${dateSerial(v)}</v></c>`;
  if (typeof v === "object" && "formula" in v && typeof v.formula === "string") {
    const result = (v as { result?: unknown }).result;
    const f = `<f>${xmlEscape(v.formula)}</f>`;
    if (typeof result === "number") return `<c r="${ref}" s="${s}">${f}<v>${result}</v></c>`;
    if (result === undefined || result === null) return `<c r="${ref}" s="${s}">${f}</c>`;
    return `<c r="${ref}" s="${s}" t="str">${f}<v>${xmlEscape(String(result))}</v></c>`;
  }
  throw new Error(`bulk rows: unsupported cell value at ${ref}`);
}

/** The list's rows as XML, one row at a time. */
function* rowsXml(list: BulkList, ids: number[], sst: SharedStrings): Generator<string> {
  const letters = Array.from({ length: list.columns }, (_, i) => columnLetter(i));
  for (let k = 0; k < list.rows.length; k++) {
    const values = list.rows[k];
    const r = list.first + k;
    const h = list.heights[k];
    let xml = h === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${h}" customHeight="1">`;
    const base = k * list.columns;
    for (let i = 0; i < list.columns; i++) xml += cellXml(letters[i] + r, ids[list.styleIndex[base + i]], values[i] ?? null, sst);
    yield xml + "</row>";
  }
}

// ---------------------------------------------------------------------------------------
// The package

/** A part whose text is generated, piece by piece, when the package is zipped (deterministic.ts). */
export interface StreamedPart {
  text: () => Iterable<string>;
}

/** A part of a package: text, bytes, or text generated when zipped. */
export type PartData = string | Uint8Array | StreamedPart;

/** The parts of an .xlsx package, by path. */
export type PackageParts = Map<string, PartData>;

const decoder = new TextDecoder();

/** A part's text, if the package has it (a part already streamed cannot be read back). */
export function partText(parts: PackageParts, name: string): string | undefined {
  const p = parts.get(name);
  if (p === undefined || typeof p === "string") return p;
  if (p instanceof Uint8Array) return decoder.decode(p);
  throw new Error(`${name} is generated when the package is zipped and cannot be read back`);
}

function text(parts: PackageParts, name: string): string {
  const t = partText(parts, name);
  if (t === undefined) throw new Error(`bulk rows: ${name} missing from the package`);
  return t;
}

function attr(xml: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1];
}

function unescapeAttr(s: string): string {
  return s.replace(/&(quot|amp|apos|lt|gt);/g, (_, e: string) => ({ quot: '"', amp: "&", apos: "'", lt: "<", gt: ">" })[e] ?? "");
}

/** Relationship targets of a part, by Id, resolved against the part's folder. */
function relTargets(parts: PackageParts, part: string): Map<string, string> {
  const dir = part.slice(0, part.lastIndexOf("/"));
  const relsPath = `${dir}/_rels/${part.slice(dir.length + 1)}.rels`;
  const out = new Map<string, string>();
  if (!parts.has(relsPath)) return out;
  for (const m of text(parts, relsPath).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], "Id");
    const target = attr(m[0], "Target");
    if (!id || !target) continue;
    const segs = (target.startsWith("/") ? target.slice(1) : `${dir}/${target}`).split("/");
    const resolved: string[] = [];
    for (const s of segs) s === ".." ? resolved.pop() : s !== "." && resolved.push(s);
    out.set(id, resolved.join("/"));
  }
  return out;
}

function sheetPath(parts: PackageParts, name: string): string {
  const rels = relTargets(parts, "xl/workbook.xml");
  for (const m of text(parts, "xl/workbook.xml").matchAll(/<sheet\b[^>]*>/g)) {
    if (unescapeAttr(attr(m[0], "name") ?? "") !== name) continue;
    const target = rels.get(attr(m[0], "r:id") ?? "");
    if (target) return target;
  }
  throw new Error(`bulk rows: sheet ${name} not in the package`);
}

function tablePath(parts: PackageParts, sheet: string, table: string): string {
  for (const target of relTargets(parts, sheet).values()) {
    if (!target.startsWith("xl/tables/")) continue;
    const head = /<table\b[^>]*>/.exec(text(parts, target))?.[0] ?? "";
    if (attr(head, "name") === table) return target;
  }
  throw new Error(`bulk rows: table ${table} not found for ${sheet}`);
}

/** The index in `xml` of the first row element after row `last`, or of </sheetData>. */
function rowsEnd(xml: string, from: number, last: number): number {
  const re = /<row r="(\d+)"/g;
  re.lastIndex = from;
  for (let m = re.exec(xml); m; m = re.exec(xml)) if (Number(m[1]) > last) return m.index;
  return xml.indexOf("</sheetData>", from);
}

/** The sheet's dimension widened to include the list (a list may have rows or titles below or beside it). */
function widenDimension(xml: string, list: BulkList): string {
  return xml.replace(/<dimension ref="([^"]*)"\/>/, (_, ref: string) => {
    const r = parseRange(ref);
    return `<dimension ref="A1:${columnLetter(Math.max(r.right, list.columns - 1))}${Math.max(r.bottom + 1, lastDataRow(list))}"/>`;
  });
}

/** The list's last row in its table: its last data row (an empty list keeps one empty row). */
function lastDataRow(list: BulkList): number {
  return list.first + Math.max(list.rows.length, 1) - 1;
}

/**
 * Put the bulk rows of `lists` into an exceljs-written package (see the file comment). The
 * sheets holding them and the shared-string table become streamed parts.
 * Throws if the package does not have the expected shape: that is a bug, not bad input.
 */
export function patchBulkRows(parts: PackageParts, lists: BulkList[]): void {
  if (!lists.length) return;
  const sstPath = "xl/sharedStrings.xml";
  if (!parts.has(sstPath)) throw new Error("bulk rows: the package has no shared-string table");
  const sstXml = text(parts, sstPath);
  const sstHead = /<sst\b[^>]*>/.exec(sstXml)?.[0] ?? "";
  const baseUnique = Number(attr(sstHead, "uniqueCount") ?? 0);
  const sst = new SharedStrings(baseUnique);
  const baseRefs = Number(attr(sstHead, "count") ?? 0);
  for (const list of lists) takeStrings(list, sst);

  // Several lists may share a sheet: each replaces its own rows, in the order of its rows.
  const bySheet = new Map<string, BulkList[]>();
  for (const list of lists) {
    const sheet = sheetPath(parts, list.sheet);
    const same = bySheet.get(sheet);
    if (same) same.push(list);
    else bySheet.set(sheet, [list]);
  }
  for (const [sheet, sheetLists] of bySheet) {
    let xml = text(parts, sheet);
    sheetLists.sort((a, b) => a.first - b.first);
    for (const list of sheetLists) {
      xml = widenDimension(xml, list);
      patchTable(parts, sheet, list);
    }
    // The sheet: the text between the lists' rows as it is, each list's rows generated.
    const pieces: (string | { list: BulkList; ids: number[] })[] = [];
    let at = 0;
    for (const list of sheetLists) {
      const firstRow = xml.indexOf(`<row r="${list.first}"`, at);
      const end = firstRow < 0 ? -1 : rowsEnd(xml, firstRow, lastReplacedRow(list));
      if (firstRow < 0 || end < firstRow) throw new Error(`bulk rows: palette rows missing in ${sheet}`);
      const region = xml.slice(firstRow, end);
      // The palette: one cell per style; its s attribute is the style's id.
      const ids = list.palette.map((_, j) => {
        const { row, col } = paletteCell(list, j);
        const ref = `${columnLetter(col - 1)}${row}`;
        const m = new RegExp(`<c r="${ref}"(?: s="(\\d+)")?`).exec(region);
        if (!m) throw new Error(`bulk rows: palette cell ${ref} missing in ${sheet}`);
        return Number(m[1] ?? 0);
      });
      pieces.push(xml.slice(at, firstRow), { list, ids });
      at = end;
    }
    pieces.push(xml.slice(at));
    parts.set(sheet, {
      *text() {
        for (const p of pieces) typeof p === "string" ? yield p : yield* rowsXml(p.list, p.ids, sst);
      },
    });
  }

  if (!sst.added.length) return;
  const head = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${baseRefs + sst.refs}" uniqueCount="${sst.added.length + baseUnique}">`;
  const close = sstXml.lastIndexOf("</sst>");
  const before = sstXml.slice(0, sstXml.indexOf(sstHead));
  const body = sstHead.endsWith("/>") ? "" : sstXml.slice(sstXml.indexOf(sstHead) + sstHead.length, close);
  parts.set(sstPath, {
    *text() {
      yield `${before}${head}${body}`;
      for (const t of sst.added) yield sharedStringXml(t);
      yield "</sst>";
    },
  });
}

/** Set the range of the list's Excel table (and its filter) to the list's real extent. */
function patchTable(parts: PackageParts, sheet: string, list: BulkList): void {
  const last = lastDataRow(list);
  const table = tablePath(parts, sheet, list.table);
  const tableXml = text(parts, table);
  const ref = attr(/<table\b[^>]*>/.exec(tableXml)?.[0] ?? "", "ref") ?? "";
  const top = /^[A-Z]+(\d+):/.exec(ref)?.[1];
  if (!top) throw new Error(`bulk rows: table ${list.table} has no range`);
  const range = `A${top}:${columnLetter(list.columns - 1)}${last}`;
  parts.set(
    table,
    tableXml.replace(/(<table\b[^>]*\sref=")[^"]*"/, `$1${range}"`).replace(/(<autoFilter ref=")[^"]*"/, `$1${range}"`),
  );
}

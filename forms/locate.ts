// Finding the tables in a workbook's grids (SPEC §7), shared by the CLI and the pane.
// A list table is found by its header row; a key–value table by its labels. Sheet names
// are only hints: hand-made workbooks paste the Word forms anywhere, several tables to a
// sheet, with titles, notes, blank rows, placeholders and footers around them.
import { a1, parseRange } from "./address.js";
import type { CellValue, FieldValue, FormId, LocatedTable, SheetGrid, TableId, TableRecord, WorkbookGrid } from "./model.js";
import { ANCHOR_LABELS, type FieldDef, type TableDef } from "./tables.js";
import { normalizeHeading } from "./parse/text.js";
import { isMetaSheet } from "./meta.js";

/** Our own sheets that carry no table (instructions, option lists). */
const HELPER_SHEETS = new Set(["填报说明", "选项"]);

/** Header rows are searched in the first rows of a sheet, and again after each table ends. */
const HEADER_SEARCH_ROWS = 30;

/** Footers of the Word forms and of hand-made sheets: they end a list table. */
const FOOTER_PREFIXES = ["填表人", "审核人", "填报人", "制表人", "复核人", "负责人签字", "单位盖章", "备注："].map(
  normalizeHeading,
);
const FOOTER_LABELS = ["联系人", "手机/座机", "联系电话", "手机", "座机"].map(normalizeHeading);
/** Section headings that end a list table: 表2 …, （三）…, 二、…, 附：… */
const SECTION_HEADING = /^(表\s*\d+|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|附[:：件]|真实性承诺)/;
const TOTAL_ROW = /^(合计|总计|小计)$/;
/** Placeholder texts that mean "not filled" in any cell. */
const GENERIC_HINTS = ["（全称）", "(全称)", "填写全称", "（加盖单位公章）", "（根据联合申报单位数量自行添加行）"].map(
  normalizeHeading,
);
const ELLIPSIS = /^[.。…⋯·\s]+$/;

export interface SheetResult {
  name: string;
  status: "tables" | "empty" | "unrecognized" | "ignored";
  tables: TableId[];
}

export interface LocateResult {
  tables: LocatedTable[];
  sheets: SheetResult[];
}

interface HeadingEntry {
  def: TableDef;
  field: FieldDef;
}

/** headingKeys by text: the same headings and labels recur in every workbook of a merge. */
const headingKeyCache = new Map<string, string[]>();

/** Candidate keys of a heading or label cell: the text, and the text without a trailing remark in brackets. */
function headingKeys(text: string): string[] {
  let keys = headingKeyCache.get(text);
  if (!keys) {
    if (headingKeyCache.size > 50_000) headingKeyCache.clear();
    headingKeyCache.set(text, (keys = computeHeadingKeys(text)));
  }
  return keys;
}

function computeHeadingKeys(text: string): string[] {
  // "*企业名称", "企业名称※": marks of a required column in hand-made sheets.
  const key = normalizeHeading(text).replace(/^[*※]+|[*※]+$/g, "");
  const keys = [key];
  let k = key;
  // "方案类型(企业类、产品服务类)" → "方案类型"; "牵头单位(全称)" → "牵头单位"
  for (let i = 0; i < 2; i++) {
    const m = /^(.+?)\([^()]*\)$/.exec(k);
    if (!m) break;
    k = m[1];
    keys.push(k);
  }
  return keys;
}

function fieldKeys(field: FieldDef): string[] {
  return [field.label, ...(field.aliases ?? [])].map(normalizeHeading);
}

/** A sheet's grid with lazily normalised cell texts. */
class SheetView {
  readonly top: number;
  readonly left: number;
  readonly rows: number;
  readonly claimed = new Set<number>();
  readonly width: number;

  constructor(readonly sheet: SheetGrid) {
    this.top = sheet.top ?? 0;
    this.left = sheet.left ?? 0;
    this.rows = sheet.values.length;
    let w = 0;
    for (const row of sheet.values) if (row.length > w) w = row.length;
    this.width = w;
  }

  value(r: number, c: number): CellValue {
    const row = this.sheet.values[r];
    return row === undefined ? null : (row[c] ?? null);
  }

  format(r: number, c: number): string | undefined {
    return this.sheet.formats?.[r]?.[c];
  }

  address(r: number, c: number): string {
    return a1(this.top + r, this.left + c);
  }

  fieldValue(r: number, c: number): FieldValue {
    const fv: FieldValue = { value: this.value(r, c), cell: this.address(r, c) };
    const f = this.format(r, c);
    if (f) fv.format = f;
    return fv;
  }

  private masters: Map<number, number> | undefined;

  /** The top-left cell of the merged range covering (r, c), when (r, c) is not itself that cell. */
  mergeMaster(r: number, c: number): { r: number; c: number } | undefined {
    if (!this.sheet.merges?.length) return undefined;
    if (!this.masters) {
      this.masters = new Map();
      for (const m of this.sheet.merges) {
        const b = parseRange(m);
        if ((b.bottom - b.top + 1) * (b.right - b.left + 1) > 100_000) continue; // a runaway merge: ignore
        for (let rr = b.top; rr <= b.bottom; rr++)
          for (let cc = b.left; cc <= b.right; cc++)
            if (rr !== b.top || cc !== b.left)
              this.masters.set((rr - this.top) * 16384 + (cc - this.left), (b.top - this.top) * 16384 + (b.left - this.left));
      }
    }
    const id = this.masters.get(r * 16384 + c);
    return id === undefined ? undefined : { r: Math.floor(id / 16384), c: id % 16384 };
  }

  claim(r: number, c: number): void {
    this.claimed.add(r * this.width + c);
  }

  isClaimed(r: number, c: number): boolean {
    return this.claimed.has(r * this.width + c);
  }
}

/** Is the value a placeholder of the field, or empty? */
export function isPlaceholder(value: CellValue, field?: FieldDef): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== "string") return false;
  const t = value.trim();
  if (t === "") return true;
  const k = normalizeHeading(t);
  if (GENERIC_HINTS.includes(k)) return true;
  if (field?.hints?.some((h) => normalizeHeading(h) === k)) return true;
  return false;
}

/** Strip a placeholder the clerk typed after ("（全称）河北某某有限公司"). */
function stripHintPrefix(value: CellValue, field: FieldDef): CellValue {
  if (typeof value !== "string") return value;
  for (const h of [...(field.hints ?? []), "（全称）", "(全称)"]) {
    if (value.startsWith(h) && value.length > h.length) return value.slice(h.length).trim();
  }
  return value;
}

export class Locator {
  private readonly headingIndex = new Map<string, HeadingEntry[]>();
  private readonly labelIndex = new Map<string, { def: TableDef; field: FieldDef }[]>();
  private readonly listDefs: TableDef[];
  private readonly kvDefs: TableDef[];

  constructor(readonly defs: TableDef[]) {
    this.listDefs = defs.filter((d) => d.layout === "list");
    this.kvDefs = defs.filter((d) => d.layout === "keyValue");
    for (const def of this.listDefs) {
      for (const field of def.fields) {
        for (const k of fieldKeys(field)) push(this.headingIndex, k, { def, field });
      }
    }
    for (const def of this.kvDefs) {
      for (const field of def.fields) {
        for (const k of fieldKeys(field)) push(this.labelIndex, k, { def, field });
        if (field.after) push(this.labelIndex, normalizeHeading(field.after.label), { def, field });
      }
    }
    for (const labels of Object.values(ANCHOR_LABELS))
      for (const l of labels) if (!this.labelIndex.has(normalizeHeading(l))) this.labelIndex.set(normalizeHeading(l), []);
  }

  locate(grid: WorkbookGrid): LocateResult {
    const tables: LocatedTable[] = [];
    const sheets: SheetResult[] = [];
    for (const sheet of grid.sheets) {
      if (isMetaSheet(sheet.name)) {
        sheets.push({ name: sheet.name, status: "ignored", tables: [] });
        continue;
      }
      const found = this.locateSheet(sheet);
      tables.push(...found);
      const hasContent = sheet.values.some((row) => row.some((v) => !isPlaceholder(v)));
      sheets.push({
        name: sheet.name,
        // Our instructions and option-list sheets are listed as ignored, not as unrecognised content.
        status: found.length ? "tables" : !hasContent ? "empty" : HELPER_SHEETS.has(sheet.name) ? "ignored" : "unrecognized",
        tables: found.map((t) => t.table),
      });
    }
    return { tables, sheets };
  }

  locateSheet(sheet: SheetGrid): LocatedTable[] {
    const view = new SheetView(sheet);
    const out: LocatedTable[] = [];
    // 1. List tables, top to bottom: a header in the first rows, or right after a table ends.
    let r = 0;
    let searchUntil = Math.min(view.rows, HEADER_SEARCH_ROWS);
    while (r < searchUntil) {
      const header = this.matchHeader(view, r);
      if (!header) {
        r++;
        continue;
      }
      const table = this.readList(view, r, header.def, header.columns);
      out.push(table.located);
      r = table.endRow;
      searchUntil = Math.min(view.rows, Math.max(searchUntil, r + HEADER_SEARCH_ROWS));
    }
    // 2. Key–value tables, by their labels in the cells no list table claimed.
    for (const def of this.kvDefs) {
      const kv = this.readKeyValue(view, def);
      if (kv) out.push(kv);
    }
    // 3. caseSummary's lines above and below the list.
    for (const t of out) {
      const def = this.defs.find((d) => d.id === t.table);
      if (def && (def.header || def.footer)) t.meta = this.readSummaryLines(view, def, t);
    }
    return out;
  }

  /** Does row r hold the header of a list table? Best-matching table wins. */
  private matchHeader(view: SheetView, r: number): { def: TableDef; columns: Record<string, number> } | undefined {
    const hits = new Map<TableDef, Record<string, number>>();
    const width = view.sheet.values[r]?.length ?? 0;
    const rowKeys: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = view.value(r, c);
      if (typeof v !== "string" || v.length > 60) continue;
      const keys = headingKeys(v);
      rowKeys.push(keys[keys.length - 1]);
      for (const k of keys) {
        const entries = this.headingIndex.get(k);
        if (!entries) continue;
        for (const { def, field } of entries) {
          let cols = hits.get(def);
          if (!cols) hits.set(def, (cols = {}));
          if (cols[field.key] === undefined) cols[field.key] = c;
        }
        break;
      }
    }
    let best: { def: TableDef; columns: Record<string, number>; score: number } | undefined;
    for (const [def, columns] of hits) {
      const dataFields = def.fields.filter((f) => f.kind !== "seq");
      const matched = dataFields.filter((f) => columns[f.key] !== undefined).length;
      const need = Math.max(2, Math.ceil(dataFields.length * 0.6));
      if (matched < need) continue;
      // A row of a key–value table's labels typed across (牵头单位 | 所在地区 | … | 单位性质 | 信用代码)
      // shares a few headings with a list; more labels of its own mean it is not this list's header.
      const own = this.ownKeys(def);
      const kvOnly = rowKeys.filter((k) => !own.has(k) && (this.labelIndex.get(k)?.length ?? 0) > 0).length;
      if (kvOnly > matched) continue;
      const score = matched / dataFields.length;
      if (!best || score > best.score) best = { def, columns, score };
    }
    return best && { def: best.def, columns: best.columns };
  }

  private readList(
    view: SheetView,
    headerRow: number,
    def: TableDef,
    columns: Record<string, number>,
  ): { located: LocatedTable; endRow: number } {
    const fields = def.fields.filter((f) => columns[f.key] !== undefined);
    for (const c of Object.values(columns)) view.claim(headerRow, c);
    const records: TableRecord[] = [];
    const seqField = fields.find((f) => f.kind === "seq");
    let r = headerRow + 1;
    for (; r < view.rows; r++) {
      if (this.endsList(view, r, def)) break;
      let content = false;
      let onlySeq = true;
      const rec: TableRecord = { table: def.id, sheet: view.sheet.name, row: view.top + r + 1, fields: {} };
      for (const field of fields) {
        const c = columns[field.key];
        let value = view.value(r, c);
        let fv = view.fieldValue(r, c);
        if (value === null) {
          // A cell merged down from a data row above (one 行业领域 for several rows) has its value.
          const m = view.mergeMaster(r, c);
          if (m && m.r > headerRow && m.c === c) {
            value = view.value(m.r, m.c);
            fv = view.fieldValue(m.r, m.c);
          }
        }
        if (isPlaceholder(value, field)) value = null;
        else value = stripHintPrefix(value, field);
        fv.value = value;
        rec.fields[field.key] = fv;
        if (value === null) continue;
        if (field === seqField) {
          if (typeof value === "string" && ELLIPSIS.test(value)) rec.fields[field.key]!.value = null;
          continue;
        }
        content = true;
        onlySeq = false;
      }
      for (const c of Object.values(columns)) view.claim(r, c);
      // A row with nothing but a 序号 is an unused pre-numbered row, not data.
      if (!content || onlySeq) continue;
      records.push(rec);
    }
    const located: LocatedTable = {
      table: def.id,
      sheet: view.sheet.name,
      anchor: view.address(headerRow, Math.min(...Object.values(columns))),
      headerRow: view.top + headerRow + 1,
      endRow: view.top + r + 1,
      columns: Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, view.left + c])),
      records,
    };
    return { located, endRow: r };
  }

  /** Footer, section heading, total row, another table's header or a key–value label ends a list. */
  private endsList(view: SheetView, r: number, def: TableDef): boolean {
    const row = view.sheet.values[r];
    if (!row) return false;
    const own = this.ownKeys(def);
    let headings = 0;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== "string" || v.length > 60) continue;
      const k = normalizeHeading(v);
      if (!k) continue;
      if (FOOTER_PREFIXES.some((p) => k.startsWith(p))) return true;
      // "联系人：张三", "手机/座机：0311-…": a footer line, not a data cell.
      if ((v.includes(":") || v.includes("：")) && FOOTER_LABELS.some((p) => k.startsWith(p + ":") || k === p) && !own.has(k))
        return true;
      if (SECTION_HEADING.test(v.trim())) return true;
      if (c <= 1 && TOTAL_ROW.test(k)) return true;
      if (!own.has(k) && (this.labelIndex.get(k)?.length ?? 0) > 0) return true;
      if (this.headingIndex.has(k) || (/[(*※]/.test(k) && headingKeys(v).some((x) => this.headingIndex.has(x)))) headings++;
    }
    // Another table's header (two headings at least) ends this one.
    return headings >= 2 && this.matchHeader(view, r) !== undefined;
  }

  private readonly ownKeyCache = new Map<TableDef, Set<string>>();

  /** The normalised headings and labels of a table's own fields. */
  private ownKeys(def: TableDef): Set<string> {
    let keys = this.ownKeyCache.get(def);
    if (!keys) this.ownKeyCache.set(def, (keys = new Set(def.fields.flatMap(fieldKeys))));
    return keys;
  }

  /** A key–value table: each label's value is the nearest non-empty cell to its right (or below, for long text). */
  private readonly kvKeyCache = new Map<
    FieldDef[],
    { keysOfDef: Map<string, FieldDef[]>; anchorKeys: Set<string>; inlinePattern?: RegExp }
  >();

  /** The label keys, anchor keys and inline "label：" pattern of a set of key–value fields, built once. */
  private kvKeys(fields: FieldDef[]) {
    let k = this.kvKeyCache.get(fields);
    if (!k) {
      const keysOfDef = new Map<string, FieldDef[]>();
      for (const field of fields) {
        for (const key of fieldKeys(field)) push(keysOfDef, key, field);
        if (field.after) push(keysOfDef, normalizeHeading(field.after.label), field);
      }
      const anchorKeys = new Set<string>();
      for (const field of fields)
        if (field.after && ANCHOR_LABELS[field.after.field])
          for (const l of ANCHOR_LABELS[field.after.field]) anchorKeys.add(normalizeHeading(l));
      this.kvKeyCache.set(fields, (k = { keysOfDef, anchorKeys, inlinePattern: inlineLabelPattern([...keysOfDef.keys()]) }));
    }
    return k;
  }

  private readKeyValue(view: SheetView, def: TableDef): LocatedTable | undefined {
    // Index the unclaimed label-like cells of the sheet once per table.
    const labelCells = new Map<string, { r: number; c: number; inline?: string }[]>();
    const { keysOfDef, anchorKeys, inlinePattern } = this.kvKeys(def.fields);
    for (let r = 0; r < view.rows; r++) {
      const row = view.sheet.values[r];
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (typeof v !== "string" || view.isClaimed(r, c)) continue;
        if (v.length <= 60) {
          for (const k of headingKeys(v)) {
            if (keysOfDef.has(k) || anchorKeys.has(k)) {
              push(labelCells, k, { r, c });
              break;
            }
          }
        }
        // "推荐单位：某某局  日期：2025年11月20日" — labels and values inline.
        if (/[:：]/.test(v)) {
          for (const { key, value } of splitInline(v, inlinePattern)) push(labelCells, key, { r, c, inline: value });
        }
      }
    }
    const rec: TableRecord = { table: def.id, sheet: view.sheet.name, row: 0, fields: {}, labelCells: {} };
    const used = new Set<string>();
    let found = 0;
    let firstRow = Infinity;
    let firstCell = "";
    const posOf = new Map<string, { r: number; c: number }>();
    // A row holding three or more labels is a header-like row (labels across, values below).
    const labelsPerRow = new Map<number, number>();
    for (const hits of labelCells.values())
      for (const h of hits) if (h.inline === undefined) labelsPerRow.set(h.r, (labelsPerRow.get(h.r) ?? 0) + 1);
    const take = (field: FieldDef, hit: { r: number; c: number; inline?: string }) => {
      used.add(`${hit.r}:${hit.c}:${field.after?.label ?? ""}`);
      posOf.set(field.key, hit);
      view.claim(hit.r, hit.c);
      found++;
      if (hit.r < firstRow || (hit.r === firstRow && !firstCell)) {
        firstRow = hit.r;
        firstCell = view.address(hit.r, hit.c);
      }
      rec.labelCells![field.key] = view.address(hit.r, hit.c);
      if (hit.inline !== undefined) {
        const fv = view.fieldValue(hit.r, hit.c);
        fv.value = isPlaceholder(hit.inline, field) ? null : hit.inline;
        rec.fields[field.key] = fv;
        return;
      }
      rec.fields[field.key] =
        (labelsPerRow.get(hit.r) ?? 0) >= 3
          ? this.valueUnder(view, hit.r, hit.c, keysOfDef)
          : this.valueBeside(view, hit.r, hit.c, field, keysOfDef);
    };
    const ordered = (hits: { r: number; c: number }[] | undefined) => hits ?? [];
    // Fields found by their own label first, then those found after an anchor.
    for (const field of def.fields) {
      for (const k of fieldKeys(field)) {
        const hit = ordered(labelCells.get(k)).find((h) => !used.has(`${h.r}:${h.c}:`));
        if (hit) {
          take(field, hit);
          break;
        }
      }
    }
    for (const field of def.fields) {
      if (rec.fields[field.key] || !field.after) continue;
      const anchorHits: { r: number; c: number }[] = [];
      const anchorField = def.fields.find((f) => f.key === field.after!.field);
      if (anchorField && posOf.get(anchorField.key)) anchorHits.push(posOf.get(anchorField.key)!);
      for (const l of ANCHOR_LABELS[field.after.field] ?? []) anchorHits.push(...ordered(labelCells.get(normalizeHeading(l))));
      const anchor = anchorHits.sort((a, b) => a.r - b.r || a.c - b.c)[0];
      if (!anchor) continue;
      const hits = ordered(labelCells.get(normalizeHeading(field.after.label)));
      const hit = hits.find(
        (h) => (h.r > anchor.r || (h.r === anchor.r && h.c > anchor.c)) && !used.has(`${h.r}:${h.c}:${field.after!.label}`),
      );
      if (hit) take(field, hit);
    }
    const need = Math.min(3, Math.ceil(def.fields.length * 0.4));
    if (found < need) {
      // Not this table: release what was claimed so other tables may use the cells.
      for (const { r, c } of posOf.values()) view.claimed.delete(r * view.width + c);
      return undefined;
    }
    rec.row = view.top + firstRow + 1;
    // Labels without a single value (a blank template) are a table with no data, like an empty list.
    const filled = Object.values(rec.fields).some((fv) => fv && !isPlaceholder(fv.value));
    return { table: def.id, sheet: view.sheet.name, anchor: firstCell, records: filled ? [rec] : [] };
  }

  /** The value of a label at (r, c): nearest non-empty cell to its right, stopping at another label; else below for long text. */
  private valueBeside(view: SheetView, r: number, c: number, field: FieldDef, labels: Map<string, FieldDef[]>): FieldValue {
    const row = view.sheet.values[r] ?? [];
    const mergeEnd = mergedRight(view.sheet, view.top + r, view.left + c) - view.left;
    let firstRight = -1;
    for (let cc = Math.max(c + 1, mergeEnd + 1); cc < row.length; cc++) {
      if (firstRight < 0) firstRight = cc;
      const v = row[cc];
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) continue;
      if (typeof v === "string" && headingKeys(v).some((k) => labels.has(k) || this.labelIndex.has(k))) break;
      if (isPlaceholder(v, field)) {
        // A placeholder marks the value cell; keep looking only for long text below.
        const fv = view.fieldValue(r, cc);
        fv.value = null;
        view.claim(r, cc);
        if (field.below) {
          const below = this.valueBelow(view, r, c, field, labels);
          if (below) return below;
        }
        return fv;
      }
      view.claim(r, cc);
      const fv = view.fieldValue(r, cc);
      fv.value = stripHintPrefix(v, field);
      return fv;
    }
    if (field.below) {
      const below = this.valueBelow(view, r, c, field, labels);
      if (below) return below;
    }
    const at = firstRight >= 0 ? firstRight : Math.max(c + 1, mergeEnd + 1);
    return { value: null, cell: view.address(r, at) };
  }

  /** Labels across a row, values in the row below (a unit's details typed like a list). */
  private valueUnder(view: SheetView, r: number, c: number, labels: Map<string, FieldDef[]>): FieldValue {
    const v = view.value(r + 1, c);
    if (typeof v === "string" && headingKeys(v).some((k) => labels.has(k) || this.labelIndex.has(k)))
      return { value: null, cell: view.address(r + 1, c) };
    view.claim(r + 1, c);
    const fv = view.fieldValue(r + 1, c);
    if (isPlaceholder(v)) fv.value = null;
    return fv;
  }

  private valueBelow(
    view: SheetView,
    r: number,
    c: number,
    field: FieldDef,
    labels: Map<string, FieldDef[]>,
  ): FieldValue | undefined {
    for (let rr = r + 1; rr < Math.min(view.rows, r + 4); rr++) {
      const row = view.sheet.values[rr] ?? [];
      for (let cc = c; cc < Math.min(row.length, c + 4); cc++) {
        const v = row[cc];
        if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) continue;
        if (typeof v === "string" && headingKeys(v).some((k) => labels.has(k) || this.labelIndex.has(k))) return undefined;
        if (isPlaceholder(v, field) || view.isClaimed(rr, cc)) return undefined;
        view.claim(rr, cc);
        const fv = view.fieldValue(rr, cc);
        fv.value = stripHintPrefix(v, field);
        return fv;
      }
    }
    return undefined;
  }

  /** 推荐单位 and 日期 above a summary's header; 联系人 and 手机/座机 below its rows. */
  private readSummaryLines(view: SheetView, def: TableDef, table: LocatedTable): TableRecord {
    const headerRow = (table.headerRow ?? 1) - 1 - view.top;
    // The footer sits where the list ended (the footer row itself), or a few rows below it.
    const end = (table.endRow ?? table.headerRow ?? 1) - 1 - view.top;
    const rec: TableRecord = { table: def.id, sheet: view.sheet.name, row: table.headerRow ?? 1, fields: {}, labelCells: {} };
    const search = (fields: FieldDef[], from: number, to: number) => {
      const { keysOfDef: keys, inlinePattern: pattern } = this.kvKeys(fields);
      for (let r = Math.max(0, from); r < Math.min(view.rows, to); r++) {
        const row = view.sheet.values[r] ?? [];
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (typeof v !== "string") continue;
          const inline = /[:：]/.test(v) ? splitInline(v, pattern) : [];
          for (const { key, value } of inline) {
            for (const f of keys.get(key) ?? []) {
              if (rec.fields[f.key]) continue;
              rec.labelCells![f.key] = view.address(r, c);
              if (value.trim() && !isPlaceholder(value, f)) {
                const fv = view.fieldValue(r, c);
                fv.value = value.trim();
                rec.fields[f.key] = fv;
              } else {
                rec.fields[f.key] = this.valueBeside(view, r, c, f, keys);
              }
            }
          }
          if (inline.length) continue;
          for (const k of headingKeys(v)) {
            const fs = keys.get(k);
            if (!fs) continue;
            for (const f of fs) {
              if (rec.fields[f.key]) continue;
              rec.labelCells![f.key] = view.address(r, c);
              rec.fields[f.key] = this.valueBeside(view, r, c, f, keys);
            }
            break;
          }
        }
      }
    };
    if (def.header) search(def.header, headerRow - 6, headerRow);
    if (def.footer) search(def.footer, end, Math.min(view.rows, end + 8));
    return rec;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Last column (absolute, 0-based) of a merged range starting at (row, col), or col itself. */
function mergedRight(sheet: SheetGrid, row: number, col: number): number {
  if (!sheet.merges) return col;
  for (const m of sheet.merges) {
    const b = parseRange(m);
    if (b.top <= row && row <= b.bottom && b.left <= col && col <= b.right) return b.right;
  }
  return col;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern finding "label：" in normalised-ish text; labels are normalised keys. */
function inlineLabelPattern(keys: string[]): RegExp | undefined {
  const parts = keys
    .filter((k) => k.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (!parts.length) return undefined;
  return new RegExp(`(${parts.join("|")})\\s*[:：]`, "g");
}

/** "推荐单位：某局 日期：2025年11月20日" → [{key: 推荐单位, value: 某局}, {key: 日期, value: 2025年11月20日}]. */
function splitInline(text: string, pattern: RegExp | undefined): { key: string; value: string }[] {
  if (!pattern) return [];
  // Match on a copy with spaces removed inside labels ("推 荐 单 位：") but keep values readable.
  const compact = text
    .replace(/[\u3000\u00a0]/g, " ")
    .replace(/（/g, "(")
    .replace(/）/g, ")");
  const out: { key: string; value: string; start: number; end: number }[] = [];
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  const squeezed = compact.replace(/(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/g, "");
  while ((m = pattern.exec(squeezed))) out.push({ key: m[1], value: "", start: m.index, end: m.index + m[0].length });
  for (let i = 0; i < out.length; i++)
    out[i].value = squeezed.slice(out[i].end, i + 1 < out.length ? out[i + 1].start : undefined).trim();
  return out.map(({ key, value }) => ({ key, value }));
}

/**
 * Which form a workbook holds, from the tables its sheets contain: one pass with every
 * candidate's table definitions finds which tables are there; the form that has the largest
 * share of its tables present (then the most tables) wins, and a second pass reads the
 * workbook with that form's own definitions (labels and options differ between forms).
 */
export function detectForm(
  grid: WorkbookGrid,
  candidates: { form: FormId; defs: TableDef[] }[],
): { form: FormId; located: LocateResult } | undefined {
  if (!candidates.length) return undefined;
  const ids =
    candidates.length === 1
      ? undefined
      : new Set(new Locator(candidates.flatMap((c) => c.defs)).locate(grid).tables.map((t) => t.table));
  let best: { form: FormId; defs: TableDef[]; ratio: number; found: number } | undefined;
  for (const { form, defs } of candidates) {
    const found = ids ? defs.filter((d) => ids.has(d.id)).length : 1;
    const ratio = found / defs.length;
    if (found === 0) continue;
    if (!best || ratio > best.ratio || (ratio === best.ratio && found > best.found)) best = { form, defs, ratio, found };
  }
  if (!best) return undefined;
  const located = new Locator(best.defs).locate(grid);
  return located.tables.length ? { form: best.form, located } : undefined;
}

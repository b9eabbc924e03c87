// Finding the tables in a workbook's grids (SPEC §7), shared by the CLI and the pane.
// A list table is found by its header row; a key–value table by its labels. Sheet names
// are only hints: hand-made workbooks paste the Word forms anywhere, several tables to a
// sheet, with titles, notes, blank rows, placeholders and footers around them.
// A header may take two or three rows (group headings over sub-headings, nested: 联系人信息
// over 联系人 | 联系方式 over 手机 | 邮箱; 联系方式（手机与邮箱） over 手机 | 邮箱 is one field in
// two cells). Each sheet with tables gets an account: every non-empty cell is in a table's
// rows and columns, in a key–value table's cells, in a recognised line (title, a 填报单位：…
// 填报日期：… line just above a header, footer, note, placeholder, section heading, blank
// label) — or in a run of unread rows, which validate reports as rows.unread (SPEC §7).
import { a1, parseRange } from "./address.js";
import type { CellValue, FieldValue, FormId, LocatedTable, SheetGrid, TableId, TableRecord, WorkbookGrid } from "./model.js";
import { ANCHOR_LABELS, type FieldDef, type FieldKind, type TableDef } from "./tables.js";
import { cellText, normalizeHeading } from "./parse/text.js";
import { isMetaSheet } from "./meta.js";

/** Our own sheets that carry no table (instructions with the cover page, option lists); a copy Excel renamed "填报说明 (2)" too. */
const HELPER_SHEETS = new Set(["填报说明", "选项"]);
const isHelperSheet = (name: string): boolean => HELPER_SHEETS.has(name.replace(/\s*\(\d+\)$/, ""));
/** The templates' hint column ("← 必填：企业名称、联系人"): no value, and the end of a value's search. */
const TEMPLATE_HINT = /^←\s*必填/;
/** A line of check boxes, each followed by an option (□事业单位  ☑国有企业 …): at least two. */
const OPTION_ITEM = /[□☐☑■√✓✔]\s*([^□☐☑■√✓✔]+)/g;
const OPTION_LINE = /^\s*[□☐☑■√✓✔][^□☐☑■√✓✔]+(?:[□☐☑■√✓✔][^□☐☑■√✓✔]+)+$/;
/** Blocks of the Word forms under a table (真实性承诺, 推荐单位意见): a long text's value does not run into them. */
const BLOCK_HEADING = /^(真实性承诺|推荐单位意见|如有推荐单位)/;

/** Header rows are searched in the first rows of a sheet, and again after each table ends. */
const HEADER_SEARCH_ROWS = 30;

/** Footers of the Word forms and of hand-made sheets: they end a list table. */
const FOOTER_PREFIXES = [
  "填表人",
  "审核人",
  "填报人",
  "制表人",
  "复核人",
  "负责人签字",
  "单位盖章",
  "单位（盖章）",
  "推荐单位盖章",
  "（盖章）",
  "备注：",
].map(normalizeHeading);
const FOOTER_LABELS = ["联系人", "手机/座机", "联系电话", "手机", "座机"].map(normalizeHeading);
/** Section headings that end a list table: 表2 …, （三）…, 二、…, 附：… */
const SECTION_HEADING = /^(表\s*\d+|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|附[:：件]|真实性承诺)/;
const TOTAL_ROW = /^(合计|总计|小计)$/;
/** Placeholder texts that mean "not filled" in any cell. */
const GENERIC_HINTS = [
  "（全称）",
  "(全称)",
  "填写全称",
  "（加盖单位公章）",
  "（根据联合申报单位数量自行添加行）",
  "（手机/邮箱）",
  "（手机与邮箱）",
].map(normalizeHeading);
const ELLIPSIS = /^[.。…⋯·\s]+$/;
/** Cells beside a value that carry nothing of their own: a unit (万元), an unticked option (□民营企业). */
const FILLER = /^([（(]?(万元|元|亿元|人|个|份|家|%|％)[)）]?|[□☐]\s*[^□☐☑√✓✔■]{0,20})$/;
/** Lines of a sheet that are notes: 注：…, 说明：…, ※…, a remark wholly in brackets. */
const NOTE_LINE = /^(注\s*\d*\s*[:：.、]|说明\s*[:：]|填报说明|填表说明|备\s*注|[※*＊]|[（(][^（）()]*[）)]$)/;
/** Date and signature lines under the forms: 年 月 日, 日期：…, （盖章）, 签字. */
const SIGNATURE_LINE = /^(年月日|日期[:：]?.{0,16}|\d{4}年\d{1,2}月\d{1,2}日|.{0,12}[（(]?盖章[）)]?.{0,4}|.{0,8}签字.{0,4})$/;
/** The numbered lines of a note ("1. 本表由牵头单位填写。", "（2）…"): text after the number. */
const NUMBERED_NOTE = /^([（(]?\d{1,2}[)）]|\d{1,2}\s*[.、．])\s*[\u4e00-\u9fff]/;
/** Words of a sheet's title line (网络安全保险服务典型案例推荐汇总表, 2025年石家庄市试点申报汇总). */
const TITLE_WORDS = /网络安全保险|申报书|汇总|工作方案|服务方案|基本情况|基本信息|试点|名单|清单|一览表|统计表|情况表/;
/** Fields that may be split over sub-columns under a group heading, and the sub-headings their parts may have. */
const SPLIT_KINDS = new Set<FieldKind>(["contact", "personContact"]);
const PART_HEADING = /手机|电话|座机|邮|mail|联系人|姓名|联系方式|qq/i;

/** Labels of the submission's context typed above a list header (填报单位：…  填报日期：…), normalised. */
const CONTEXT_LABELS = [
  "填报单位（盖章）",
  "填报单位",
  "报送单位",
  "申报单位",
  "推荐单位",
  "填报日期",
  "报送日期",
  "申报日期",
  "填表日期",
  "填报时间",
  "日期",
  "单位（盖章）",
  "填报人",
  "填表人",
  "联系人",
  "联系电话",
  "手机",
  "电话",
]
  .map(normalizeHeading)
  .sort((a, b) => b.length - a.length);
/** "label:" of a context label anywhere in a normalised text (no white space, half-width colon and brackets). */
const CONTEXT_PAIR = new RegExp(`(${CONTEXT_LABELS.map(escapeRegExp).join("|")}):`, "g");
/** Context lines are recognised in this many rows above a list's header. */
const HEADER_AREA_ROWS = 6;

export type LineKind = "title" | "header" | "footer" | "note" | "placeholder" | "section" | "label" | "total" | "options";

/** Rows of a sheet with content that nobody read: reported as rows.unread. */
export interface UnreadRun {
  /** 1-based first and last row of the run. */
  from: number;
  to: number;
  /** The run's first non-empty cell, A1, and its text. */
  cell: string;
  text: string;
  /** Non-empty cells in the run that nobody read. */
  cells: number;
  /** The run lies under the columns of a list table that ended before it: where and why it ended. */
  after?: { table: TableId; row: number; kind: NonNullable<LocatedTable["end"]>["kind"]; text: string };
  /** The run's cells are in a table's rows but outside its columns (an extra column such as 备注). */
  beside?: TableId;
  /** The run's first cell is in a table's 序号 column, with text that is no number and nothing else in the row's columns. */
  inside?: TableId;
}

/** What the locator recognised in one sheet: every non-empty cell is in one of these, or in `unread`. */
export interface SheetAccount {
  /** List tables: 1-based rows from the (upper) header row to the last row read, and their 0-based absolute columns. */
  tables: { table: TableId; from: number; to: number; columns: number[] }[];
  /** Cells read by key–value tables and a summary's lines above and below its list. */
  claimed: number;
  /** Rows recognised outside the tables (or beside them): 1-based row, what it is, its first text. */
  lines: { row: number; kind: LineKind; text: string }[];
  unread: UnreadRun[];
}

export interface SheetResult {
  name: string;
  status: "tables" | "empty" | "unrecognized" | "ignored";
  tables: TableId[];
  /** Sheets with tables: what was read and what was not (SPEC §7: every cell is accounted for). */
  account?: SheetAccount;
}

export interface LocateResult {
  tables: LocatedTable[];
  sheets: SheetResult[];
}

/** A heading cell of a header row (lower: in the sub-heading row of a two-row header). */
interface HeadingItem {
  c: number;
  text: string;
  lower?: boolean;
}

/** A group heading over several columns of a two-row header, with each column's sub-heading. */
interface HeadingGroup {
  text: string;
  /** 0: in the header's top row. */
  level: number;
  cols: { c: number; heading?: string }[];
}

interface HeaderHits {
  columns: Record<string, number>;
  taken: Set<number>;
  /** Fields (and parts) whose heading is in the sub-heading row. */
  lower: number;
  /** Fields whose heading is in the top row (merged down, or a group heading there). */
  upper: number;
  parts: Record<string, { c: number; heading?: string }[]> | undefined;
}

interface HeaderMatch {
  def: TableDef;
  columns: Record<string, number>;
  parts?: Record<string, { c: number; heading?: string }[]>;
  rows: 1 | 2 | 3;
  matched: number;
  score: number;
  fromLower: boolean;
}

/** Where a list table lies in its sheet (0-based rows and columns of the grid). */
interface ListSpan {
  top: number;
  dataTop: number;
  /** Last row read (inclusive). */
  last: number;
  cols: number[];
  /** Rows whose only content is in the 序号 column but is not a number: not data, not recognised. */
  loose: Set<number>;
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
  if (ELLIPSIS.test(t)) return true; // "…", "……", "⋯⋯", "......": the Word forms' "more rows" line
  const k = normalizeHeading(t);
  if (GENERIC_HINTS.includes(k)) return true;
  if (TEMPLATE_HINT.test(t)) return true;
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
    for (const def of defs) {
      this.titleKeys.add(normalizeHeading(def.heading));
      this.titleKeys.add(normalizeHeading(def.sheet));
      for (const field of [...def.fields, ...(def.header ?? []), ...(def.footer ?? [])])
        for (const h of field.hints ?? []) this.hintKeys.add(normalizeHeading(h));
    }
  }

  /** Placeholder texts of every field (（全称）, （200字以内）…), normalised: placeholder lines outside the tables. */
  private readonly hintKeys = new Set<string>(GENERIC_HINTS);
  /** Official headings and sheet names of the tables, normalised: title lines. */
  private readonly titleKeys = new Set<string>();
  /** Where each list table lies in its sheet (0-based rows and columns of the grid), for the account. */
  private readonly spans = new WeakMap<LocatedTable, ListSpan>();

  /** Locate the tables of every sheet; `account: false` skips the account of unread rows (form detection). */
  locate(grid: WorkbookGrid, opts: { account?: boolean } = {}): LocateResult {
    const tables: LocatedTable[] = [];
    const sheets: SheetResult[] = [];
    for (const sheet of grid.sheets) {
      if (isMetaSheet(sheet.name)) {
        sheets.push({ name: sheet.name, status: "ignored", tables: [] });
        continue;
      }
      // Our instructions (with the cover page, whose lines repeat values of the tables) and option lists hold no tables.
      if (isHelperSheet(sheet.name)) {
        sheets.push({ name: sheet.name, status: "ignored", tables: [] });
        continue;
      }
      const view = new SheetView(sheet);
      const found = this.locateView(view);
      tables.push(...found);
      const hasContent = sheet.values.some((row) => row.some((v) => !isPlaceholder(v)));
      const result: SheetResult = {
        name: sheet.name,
        // Our instructions and option-list sheets are listed as ignored, not as unrecognised content.
        status: found.length ? "tables" : !hasContent ? "empty" : "unrecognized",
        tables: found.map((t) => t.table),
      };
      if (found.length && opts.account !== false) result.account = this.account(view, found);
      sheets.push(result);
    }
    return { tables, sheets };
  }

  locateSheet(sheet: SheetGrid): LocatedTable[] {
    return this.locateView(new SheetView(sheet));
  }

  private locateView(view: SheetView): LocatedTable[] {
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
      const table = this.readList(view, r, header);
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

  /**
   * Does row r start the header of a list table? Best-matching table wins. A header may take
   * two or three rows: group headings (merged across, or typed once over empty cells) over
   * sub-headings — 联系人信息 over 联系人 | 联系方式（手机与邮箱）, 联系方式 over 手机 | 邮箱, or
   * 联系人信息 over 联系人 | 联系方式 over 手机 | 邮箱 — with the other headings merged down
   * the header rows. Data starts under the lowest header row. Every sub-heading must be a
   * field's heading or a part of a split field, and the top row must hold headings of its
   * own, else the lower rows are data (or the top row a title) and the header is shorter.
   */
  private matchHeader(view: SheetView, r: number): HeaderMatch | undefined {
    const one = this.matchCells(this.rowHeadings(view, r), [], 1);
    if (r + 1 >= view.rows || !isSubHeadingRow(view, r + 1)) return one;
    let best = one;
    const two = this.matchBlock(view, r, 2);
    if (two && (!best || two.matched >= best.matched)) best = two;
    if (r + 2 < view.rows && isSubHeadingRow(view, r + 2)) {
      const three = this.matchBlock(view, r, 3);
      if (three && (!best || three.matched >= best.matched)) best = three;
    }
    return best;
  }

  private matchBlock(view: SheetView, r: number, n: 2 | 3): HeaderMatch | undefined {
    const { items, groups } = this.blockHeadings(view, r, n);
    const m = this.matchCells(items, groups, n);
    return m && m.fromLower ? m : undefined;
  }

  private rowHeadings(view: SheetView, r: number): HeadingItem[] {
    const items: HeadingItem[] = [];
    const row = view.sheet.values[r];
    if (!row) return items;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "string" && v.length <= 60 && v.trim() !== "") items.push({ c, text: v });
    }
    return items;
  }

  /**
   * Headings of rows r … r + n - 1 read as one header, top down: a heading with nothing under
   * it (merged down, or over empty cells) is a column's own heading; a heading over several
   * columns or over headings below it is a group, whose columns each take the lowest heading
   * under the group (a group may hold groups: 联系人信息 over 联系方式 over 手机 | 邮箱).
   */
  private blockHeadings(view: SheetView, r: number, n: number): { items: HeadingItem[]; groups: HeadingGroup[] } {
    let width = 0;
    for (let i = 0; i < n; i++) width = Math.max(width, view.sheet.values[r + i]?.length ?? 0);
    const items: HeadingItem[] = [];
    const groups: HeadingGroup[] = [];
    /** Per column, the lowest heading over it so far and its level. */
    const leaf: (string | undefined)[] = new Array(width);
    const leafLevel: number[] = new Array(width).fill(-1);
    const str = (rr: number, c: number): string | undefined => {
      const v = view.value(rr, c);
      return typeof v === "string" && v.length <= 60 && v.trim() !== "" ? v : undefined;
    };
    const below = (level: number, c: number): boolean => {
      for (let l = level + 1; l < n; l++) if (str(r + l, c)) return true;
      return false;
    };
    const parse = (level: number, a: number, b: number): void => {
      const rr = r + level;
      for (let c = a; c <= b;) {
        const up = str(rr, c);
        if (!up) {
          // Nothing at this level: the headings of these columns are lower down.
          let e = c;
          while (e + 1 <= b && !str(rr, e + 1)) e++;
          if (level + 1 < n) parse(level + 1, c, e);
          c = e + 1;
          continue;
        }
        if (level === n - 1) {
          items.push({ c, text: up, lower: level > 0 });
          leaf[c] = up;
          leafLevel[c] = level;
          c++;
          continue;
        }
        let end = view.sheet.merges?.length ? Math.min(b, mergedRight(view.sheet, view.top + rr, view.left + c) - view.left) : c;
        if (end === c && below(level, c)) {
          // An unmerged group heading over sub-headings to its right whose cells at this level are empty.
          while (end + 1 <= b && !str(rr, end + 1) && !view.mergeMaster(rr, end + 1) && below(level, end + 1)) end++;
        }
        let under = false;
        for (let cc = c; cc <= end && !under; cc++) under = below(level, cc);
        for (let cc = c; cc <= end; cc++) {
          leaf[cc] = up;
          leafLevel[cc] = level;
        }
        if (end === c && !under) {
          items.push({ c, text: up, lower: level > 0 });
          c++;
          continue;
        }
        if (under) parse(level + 1, c, end);
        const cols: { c: number; heading?: string }[] = [];
        for (let cc = c; cc <= end; cc++) cols.push({ c: cc, heading: leafLevel[cc] > level ? leaf[cc] : undefined });
        groups.push({ text: up, level, cols });
        c = end + 1;
      }
    };
    parse(0, 0, width - 1);
    return { items, groups };
  }

  /** Match heading cells (and group headings over several columns) to the list tables' fields. */
  private matchCells(items: HeadingItem[], groups: HeadingGroup[], rows: 1 | 2 | 3): HeaderMatch | undefined {
    const hits = new Map<TableDef, HeaderHits>();
    const hitsOf = (def: TableDef) => {
      let h = hits.get(def);
      if (!h) hits.set(def, (h = { columns: {}, taken: new Set(), lower: 0, upper: 0, parts: undefined }));
      return h;
    };
    const rowKeys: string[] = [];
    let lowerCount = 0;
    for (const it of items) {
      if (it.lower) lowerCount++;
      const keys = headingKeys(it.text);
      rowKeys.push(keys[keys.length - 1]);
      for (const k of keys) {
        const entries = this.headingIndex.get(k);
        if (!entries) continue;
        for (const { def, field } of entries) {
          const h = hitsOf(def);
          if (h.columns[field.key] !== undefined || h.taken.has(it.c)) continue;
          h.columns[field.key] = it.c;
          h.taken.add(it.c);
          if (it.lower) h.lower++;
          else h.upper++;
        }
        break;
      }
    }
    // A group heading that is a field's heading, over sub-headings that are not: the field split over its columns.
    for (const g of groups) {
      const keys = headingKeys(g.text);
      rowKeys.push(keys[keys.length - 1]);
      for (const k of keys) {
        const entries = this.headingIndex.get(k);
        if (!entries) continue;
        for (const { def, field } of entries) {
          const h = hitsOf(def);
          if (h.columns[field.key] !== undefined) continue;
          const free = g.cols.filter((p) => !h.taken.has(p.c));
          if (!free.length) continue;
          if (free.length > 1) {
            // Only contact fields are split (手机 | 邮箱, 联系人 | 电话); other groups take their first column.
            if (!SPLIT_KINDS.has(field.kind) || free.some((p) => p.heading !== undefined && !PART_HEADING.test(p.heading)))
              continue;
            if (!h.parts) h.parts = {};
            h.parts[field.key] = free;
            for (const p of free) if (p.heading !== undefined) h.lower++;
          }
          h.columns[field.key] = free[0].c;
          if (g.level === 0) h.upper++;
          for (const p of free) h.taken.add(p.c);
        }
        break;
      }
    }
    let best: HeaderMatch | undefined;
    for (const [def, h] of hits) {
      const { columns } = h;
      const dataFields = def.fields.filter((f) => f.kind !== "seq");
      const matched = dataFields.filter((f) => columns[f.key] !== undefined).length;
      const need = Math.max(2, Math.ceil(dataFields.length * 0.6));
      if (matched < need) continue;
      // Two or three rows: every sub-heading must be a field's heading or a part of a split field (else a lower row is data).
      // And the upper row must hold headings of its own (not a title or a 推荐单位：… line over a one-row header).
      if (rows > 1 && (h.lower === 0 || h.lower < lowerCount || h.upper === 0)) continue;
      // A row of a key–value table's labels typed across (牵头单位 | 所在地区 | … | 单位性质 | 信用代码)
      // shares a few headings with a list; more labels of its own mean it is not this list's header.
      const own = this.ownKeys(def);
      const kvOnly = rowKeys.filter((k) => !own.has(k) && (this.labelIndex.get(k)?.length ?? 0) > 0).length;
      if (kvOnly > matched) continue;
      const score = matched / dataFields.length;
      if (!best || score > best.score)
        best = { def, columns, parts: h.parts, rows, matched, score, fromLower: rows > 1 && h.lower > 0 };
    }
    return best;
  }

  private readList(view: SheetView, headerRow: number, header: HeaderMatch): { located: LocatedTable; endRow: number } {
    const { def, columns, rows: headerRows } = header;
    const parts: Record<string, { c: number; heading?: string }[]> = { ...(header.parts ?? {}) };
    // One header row with 联系方式（手机与邮箱） merged across two columns: the mobile and e-mail in either.
    if (headerRows === 1 && view.sheet.merges?.length)
      for (const field of def.fields) {
        const c = columns[field.key];
        if (c === undefined || !SPLIT_KINDS.has(field.kind) || parts[field.key]) continue;
        const right = mergedRight(view.sheet, view.top + headerRow, view.left + c) - view.left;
        if (right > c) {
          const cols: { c: number }[] = [];
          for (let cc = c; cc <= right; cc++) cols.push({ c: cc });
          parts[field.key] = cols;
        }
      }
    const fields = def.fields.filter((f) => columns[f.key] !== undefined);
    const allCols: number[] = [];
    for (const f of fields) {
      if (parts[f.key]) for (const p of parts[f.key]) allCols.push(p.c);
      else allCols.push(columns[f.key]);
    }
    const inCols = new Set(allCols);
    for (let hr = headerRow; hr < headerRow + headerRows; hr++) for (const c of allCols) view.claim(hr, c);
    const records: TableRecord[] = [];
    const seqField = fields.find((f) => f.kind === "seq");
    const loose = new Set<number>();
    const dataTop = headerRow + headerRows;
    const cellValue = (r: number, c: number, field: FieldDef): FieldValue => {
      let value = view.value(r, c);
      let fv = view.fieldValue(r, c);
      if (value === null) {
        // A cell merged down from a data row above (one 行业领域 for several rows) has its value.
        const m = view.mergeMaster(r, c);
        if (m && m.r >= dataTop && m.c === c) {
          value = view.value(m.r, m.c);
          fv = view.fieldValue(m.r, m.c);
        }
      }
      if (isPlaceholder(value, field)) value = null;
      else value = stripHintPrefix(value, field);
      fv.value = value;
      return fv;
    };
    let r = dataTop;
    let end: LocatedTable["end"];
    for (; r < view.rows; r++) {
      const ending = this.endsList(view, r, def, inCols);
      if (ending) {
        end = { row: view.top + r + 1, kind: ending.kind, text: ending.text };
        break;
      }
      let content = false;
      const rec: TableRecord = { table: def.id, sheet: view.sheet.name, row: view.top + r + 1, fields: {} };
      for (const field of fields) {
        const ps = parts[field.key];
        let fv: FieldValue;
        if (ps) {
          // A split field: each part keeps its cell; cells merged across the parts count once.
          const got: FieldValue[] = [];
          for (const p of ps) {
            if (got.length && view.value(r, p.c) === null) {
              const m = view.mergeMaster(r, p.c);
              if (m && m.r === r && m.c >= ps[0].c && m.c < p.c) continue;
            }
            const pv = cellValue(r, p.c, field);
            if (p.heading !== undefined) pv.heading = p.heading;
            got.push(pv);
          }
          if (got.length === 1) fv = got[0];
          else {
            const texts = got.map((g) => cellText(g.value).trim()).filter((t) => t !== "");
            fv = { value: texts.length ? texts.join("/") : null, cell: got[0].cell, parts: got };
          }
        } else fv = cellValue(r, columns[field.key], field);
        rec.fields[field.key] = fv;
        if (fv.value === null) continue;
        if (field === seqField) {
          if (typeof fv.value === "string" && ELLIPSIS.test(fv.value)) fv.value = null;
          continue;
        }
        content = true;
      }
      for (const c of allCols) view.claim(r, c);
      // A row with nothing but a 序号 is an unused pre-numbered row, not data; other text there is not.
      if (!content) {
        const s = seqField && rec.fields[seqField.key]?.value;
        if (s !== undefined && s !== null && typeof s !== "number" && !/^\s*\d+\s*[.、]?\s*$/.test(cellText(s))) {
          // Not the table's: its cells are left to the key–value tables and the account.
          loose.add(r);
          for (const c of allCols) view.claimed.delete(r * view.width + c);
        }
        continue;
      }
      records.push(rec);
    }
    const located: LocatedTable = {
      table: def.id,
      sheet: view.sheet.name,
      anchor: view.address(headerRow, Math.min(...allCols)),
      headerRow: view.top + headerRow + 1,
      endRow: view.top + r + 1,
      columns: Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, view.left + c])),
      records,
    };
    if (headerRows > 1) located.headerRows = headerRows;
    const partKeys = Object.keys(parts);
    if (partKeys.length) located.parts = Object.fromEntries(partKeys.map((k) => [k, parts[k].map((p) => view.left + p.c)]));
    if (end) located.end = end;
    this.spans.set(located, { top: headerRow, dataTop, last: r - 1, cols: allCols, loose });
    return { located, endRow: r };
  }

  /**
   * Does row r end a list? A footer (填表人：…, 联系人：…, 手机/座机：… as the row's first
   * content, unless it sits in the table's columns with data beside it: "联系人：王伟" in a
   * 联系人 column is data), a section heading alone on its row, a total row, a key–value
   * label, or another table's header.
   */
  private endsList(
    view: SheetView,
    r: number,
    def: TableDef,
    inCols: Set<number>,
  ): { kind: NonNullable<LocatedTable["end"]>["kind"]; text: string } | undefined {
    const row = view.sheet.values[r];
    if (!row) return undefined;
    const own = this.ownKeys(def);
    let headings = 0;
    let first = -1;
    let nonEmpty = 0;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) continue;
      nonEmpty++;
      if (first < 0) first = c;
      if (typeof v !== "string" || v.length > 60) continue;
      const k = normalizeHeading(v);
      if (c <= 1 && TOTAL_ROW.test(k)) return { kind: "total", text: v.trim() };
      if (this.headingIndex.has(k) || (/[(*※]/.test(k) && headingKeys(v).some((x) => this.headingIndex.has(x)))) headings++;
    }
    if (first < 0) return undefined;
    const v = row[first];
    if (typeof v === "string" && v.length <= 200) {
      const text = v.trim();
      const k = normalizeHeading(v);
      if (isFooterText(v, k)) {
        if (!inCols.has(first) || isBareLabel(k) || !hasDataBeside(row, first, inCols)) return { kind: "footer", text };
      } else if (nonEmpty === 1 && SECTION_HEADING.test(text)) return { kind: "section", text };
      else if (v.length <= 60 && !own.has(k) && (this.labelIndex.get(k)?.length ?? 0) > 0) return { kind: "label", text };
    }
    // Another table's header (two headings at least) ends this one.
    return headings >= 2 && this.matchHeader(view, r) !== undefined ? { kind: "header", text: cellText(v).trim() } : undefined;
  }

  /**
   * The account of a sheet (SPEC §7): every non-empty cell is in a list table's rows and
   * columns, a key–value table's or summary line's cells, a recognised line (title, footer,
   * note, placeholder, section heading, a label with nothing filled in) — or in a run of
   * unread rows, reported as rows.unread. One pass over the cells.
   */
  private account(view: SheetView, tables: LocatedTable[]): SheetAccount {
    const spans: { t: LocatedTable; s: ListSpan; cols: Set<number> }[] = [];
    for (const t of tables) {
      const s = this.spans.get(t);
      if (s) spans.push({ t, s, cols: new Set(s.cols) });
    }
    spans.sort((a, b) => a.s.top - b.s.top);
    const acc: SheetAccount = {
      tables: spans.map(({ t, s }) => ({
        table: t.table,
        from: view.top + s.top + 1,
        to: view.top + s.last + 1,
        columns: s.cols.map((c) => view.left + c),
      })),
      claimed: 0,
      lines: [],
      unread: [],
    };
    let claimedOutside = 0;
    let run: UnreadRun | undefined;
    let k = 0; // spans[k]: the table at or after row r
    const uncovered: number[] = [];
    for (let r = 0; r < view.rows; r++) {
      const row = view.sheet.values[r];
      if (!row || !row.length) continue;
      while (k < spans.length && spans[k].s.last < r) k++;
      const span = k < spans.length && spans[k].s.top <= r ? spans[k] : undefined;
      // The header rows of a list are its own: group headings, a table label merged down the left.
      if (span && r < span.s.dataTop) {
        if (run) run = undefined;
        continue;
      }
      uncovered.length = 0;
      let content = false;
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) continue;
        content = true;
        if (span && span.cols.has(c) && !span.s.loose.has(r)) continue;
        if (view.claimed.size && view.isClaimed(r, c)) {
          claimedOutside++;
          continue;
        }
        uncovered.push(c);
      }
      if (!content) continue;
      if (!uncovered.length) {
        run = undefined;
        continue;
      }
      const first = cellText(row[uncovered[0]]).trim();
      // Rows just above the next list's header: 填报单位：…  填报日期：… lines of the title area.
      const next = !span && k < spans.length && spans[k].s.top - r <= HEADER_AREA_ROWS;
      const kind = this.lineKind(row, uncovered) ?? (next && isContextLine(row, uncovered) ? "title" : undefined);
      if (kind) {
        acc.lines.push({ row: view.top + r + 1, kind, text: first });
        run = undefined;
        continue;
      }
      if (run) {
        run.to = view.top + r + 1;
        run.cells += uncovered.length;
        continue;
      }
      run = {
        from: view.top + r + 1,
        to: view.top + r + 1,
        cell: view.address(r, uncovered[0]),
        text: first,
        cells: uncovered.length,
      };
      if (span) {
        if (span.cols.has(uncovered[0])) run.inside = span.t.table;
        else run.beside = span.t.table;
      } else {
        // Content under the columns of the table above, which ended at a footer, a heading or a total before it
        // (not at a key–value label or another header: what follows belongs to them).
        const above = spans
          .slice(0, k)
          .reverse()
          .find((x) => x.s.last < r);
        const end = above?.t.end;
        if (above && end && end.kind !== "header" && end.kind !== "label" && uncovered.some((c) => above.cols.has(c)))
          run.after = { table: above.t.table, row: end.row, kind: end.kind, text: end.text };
      }
      acc.unread.push(run);
    }
    acc.claimed = claimedOutside;
    return acc;
  }

  /** What a row outside the tables is, from its unread cells; undefined when it is none of the recognised lines. */
  private lineKind(row: CellValue[], cells: number[]): LineKind | undefined {
    const texts: string[] = [];
    let allPlaceholders = true;
    for (const c of cells) {
      const v = row[c];
      const t = cellText(v).trim();
      texts.push(t);
      if (
        allPlaceholders &&
        !(typeof v === "string" && (isPlaceholder(v) || FILLER.test(t) || this.hintKeys.has(normalizeHeading(t))))
      )
        allPlaceholders = false;
    }
    if (allPlaceholders) return "placeholder";
    if (texts.every((x) => this.isOptionLine(x))) return "options";
    const t = texts[0];
    if (t.length > 200 && !NOTE_LINE.test(t)) return undefined;
    const k = normalizeHeading(t);
    if (TOTAL_ROW.test(k)) return "total";
    if (isFooterText(t, k) || SIGNATURE_LINE.test(k)) return "footer";
    if (SECTION_HEADING.test(t)) return "section";
    if (NOTE_LINE.test(t)) return "note";
    if (cells.length === 1 && t.length >= 8 && NUMBERED_NOTE.test(t)) return "note";
    if (cells.length === 1 && t.length <= 80 && (this.titleKeys.has(k) || TITLE_WORDS.test(t))) return "title";
    // A label of the forms with nothing filled in beside it but placeholders (推荐单位意见 | （推荐意见）).
    const rest = texts.slice(1);
    if (
      t.length <= 20 &&
      !/\d/.test(t) &&
      (this.headingIndex.has(k) || this.labelIndex.has(k) || /[:：]$/.test(t)) &&
      rest.every((x) => isPlaceholder(x) || this.hintKeys.has(normalizeHeading(x)) || NOTE_LINE.test(x))
    )
      return "label";
    if (rest.length === 0 && t.length <= 20 && /[:：]$/.test(t)) return "label";
    if (rest.every((x) => /^[（(].*[）)]$/.test(x)) && rest.length > 0 && t.length <= 20 && !/\d/.test(t)) return "label";
    return undefined;
  }

  /** Options of the key–value tables' lists, normalised: a printed option line lists only these. */
  private optionKeys?: Set<string>;

  /**
   * A printed line of a list's options, a check box before each (□事业单位  ☑国有企业 …, as the
   * templates print under a dropdown): every item one of a key–value field's options ("其他…"
   * with what the clerk wrote after it). The choice itself is the value cell's.
   */
  private isOptionLine(text: string): boolean {
    if (!OPTION_LINE.test(text)) return false;
    if (!this.optionKeys) {
      this.optionKeys = new Set();
      for (const def of this.kvDefs)
        for (const f of def.fields) for (const o of f.options ?? []) this.optionKeys.add(normalizeHeading(o));
    }
    for (const m of text.matchAll(OPTION_ITEM)) {
      const k = normalizeHeading(m[1].trim());
      if (!this.optionKeys.has(k) && !k.startsWith("其他")) return false;
    }
    return true;
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
      if (typeof v === "string" && TEMPLATE_HINT.test(v.trim())) break;
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
        if (typeof v === "string" && (BLOCK_HEADING.test(v.trim()) || SECTION_HEADING.test(v.trim()))) return undefined;
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
              view.claim(r, c);
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
              view.claim(r, c);
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

/** Could row r be the sub-heading row of a two-row header? Short texts only, no digits. */
function isSubHeadingRow(view: { sheet: SheetGrid }, r: number): boolean {
  const row = view.sheet.values[r];
  if (!row) return false;
  let any = false;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    if (typeof v !== "string") return false;
    if (v.trim() === "") continue;
    if (v.length > 30 || /\d/.test(v)) return false;
    any = true;
  }
  return any;
}

/**
 * Is a row above a header nothing but label–value pairs of the submission's context
 * (填报单位：保定市某某保险公司  填报日期：2025年11月20日)? Pairs may be in one cell or spread over
 * cells (填报单位： | 保定市某某保险公司); a cell that is neither such a label nor a label's value
 * (a company name alone, data typed above the header) makes the row no context line.
 */
function isContextLine(row: CellValue[], cells: number[]): boolean {
  let expectValue = false;
  let pairs = 0;
  for (const c of cells) {
    const v = row[c];
    const k = typeof v === "string" ? normalizeHeading(v) : "";
    const bare = CONTEXT_LABELS.includes(k);
    if (!bare && !CONTEXT_LABELS.some((l) => k.startsWith(l + ":"))) {
      // The value of the label in the cell before.
      if (!expectValue || cellText(v).trim().length > 60) return false;
      expectValue = false;
      continue;
    }
    if (bare) {
      pairs++;
      expectValue = true;
      continue;
    }
    // One or more "label:value" in the cell; each value short, the last may be in the next cell.
    CONTEXT_PAIR.lastIndex = 0;
    let m: RegExpExecArray | null;
    let prevEnd = -1;
    let value = "";
    while ((m = CONTEXT_PAIR.exec(k))) {
      if (prevEnd < 0 && m.index !== 0) return false;
      if (prevEnd >= 0) {
        value = k.slice(prevEnd, m.index);
        if (value.length > 60) return false;
      }
      prevEnd = m.index + m[0].length;
      pairs++;
    }
    value = k.slice(prevEnd);
    if (value.length > 60) return false;
    expectValue = value === "";
  }
  return pairs > 0;
}

/** 填表人：…, 审核人：…, 联系人：…, 手机/座机：… — a footer's text (k: its normalised key). */
function isFooterText(v: string, k: string): boolean {
  if (FOOTER_PREFIXES.some((p) => k.startsWith(p))) return true;
  return (v.includes(":") || v.includes("：")) && FOOTER_LABELS.some((p) => k.startsWith(p + ":") || k === p);
}

/** A footer label with nothing after it ("填表人：", "联系人："). */
function isBareLabel(k: string): boolean {
  return FOOTER_PREFIXES.includes(k) || FOOTER_LABELS.includes(k);
}

/** Is there a value in the table's columns beside cell `first` that is not itself footer text? */
function hasDataBeside(row: CellValue[], first: number, inCols: Set<number>): boolean {
  for (let c = 0; c < row.length; c++) {
    if (c === first || !inCols.has(c)) continue;
    const v = row[c];
    if (v === null || v === undefined) continue;
    if (typeof v === "string") {
      if (v.trim() === "" || isPlaceholder(v)) continue;
      if (v.length <= 200 && isFooterText(v, normalizeHeading(v))) continue;
    }
    return true;
  }
  return false;
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
  // "推荐单位（盖章）：…": a short remark in brackets may stand between the label and its colon.
  return new RegExp(`(${parts.join("|")})\\s*(?:\\([^()]{1,12}\\)\\s*)?[:：]`, "g");
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
  // Spaces between two Chinese characters go (no lookbehind: the page targets browsers without it).
  const squeezed = compact.replace(/([\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/g, "$1");
  while ((m = pattern.exec(squeezed))) out.push({ key: m[1], value: "", start: m.index, end: m.index + m[0].length });
  for (let i = 0; i < out.length; i++)
    out[i].value = squeezed.slice(out[i].end, i + 1 < out.length ? out[i + 1].start : undefined).trim();
  return out.map(({ key, value }) => ({ key, value }));
}

/**
 * Which form a workbook holds, from the tables its sheets contain: one pass with every
 * candidate's table definitions finds which tables are there; the form that has the largest
 * share of its tables present (then the most tables) wins, and a second pass reads the
 * workbook with that form's own definitions (labels and options differ between forms);
 * `account: false` leaves out the account of unread rows (only the form is wanted).
 */
export function detectForm(
  grid: WorkbookGrid,
  candidates: { form: FormId; defs: TableDef[] }[],
  opts: { account?: boolean } = {},
): { form: FormId; located: LocateResult } | undefined {
  if (!candidates.length) return undefined;
  const ids =
    candidates.length === 1
      ? undefined
      : new Set(new Locator(candidates.flatMap((c) => c.defs)).locate(grid, { account: false }).tables.map((t) => t.table));
  let best: { form: FormId; defs: TableDef[]; ratio: number; found: number } | undefined;
  for (const { form, defs } of candidates) {
    const found = ids ? defs.filter((d) => ids.has(d.id)).length : 1;
    const ratio = found / defs.length;
    if (found === 0) continue;
    if (!best || ratio > best.ratio || (ratio === best.ratio && found > best.found)) best = { form, defs, ratio, found };
  }
  if (!best) return undefined;
  const located = new Locator(best.defs).locate(grid, opts);
  return located.tables.length ? { form: best.form, located } : undefined;
}

// Word 申报书s (.docx) read like workbooks: each table of word/document.xml becomes one
// SheetGrid named 表格N (N = 1-based, in document order; SheetGrid.kind "wordTable"), so that
// the same locator (forms/locate.ts) and rules validate a form filled in Word, and messages
// can name 第N个表格第R行第C列 (forms/place.ts).
//
//   bytes ──ZipReader (fast.ts)──▶ officeDocument part (word/document.xml)
//   ──XmlTokenizer (fast.ts)──▶ tables: rows (w:tr) of cells (w:tc) ──▶ SheetGrid per table
//                            └─▶ paragraphs outside tables (headings, narrative) ──▶ paragraphs
//
// A cell's value is its paragraphs' text joined with "\n" (empty leading and trailing
// paragraphs dropped; an empty cell is null). Text is w:t, with w:tab as "\t" and w:br/w:cr as
// "\n"; deleted text (w:delText), field codes (w:instrText) and the fallback copy of
// alternate content (mc:Fallback) are left out. Check boxes become the marks the option
// parser (forms/parse/options.ts) reads: w:sym in Wingdings/Wingdings 2 (0xFE, 0x52, 0x54,
// 0xFD, 0x78 ticked; 0xA8, 0x6F, 0xA3, 0x71 empty) as ☑/□, a w14:checkbox content control as
// ☑/□ by its w14:checked (the glyph inside it is replaced), a legacy FORMCHECKBOX field by its
// w:checked/w:default. ☒ (what a content control shows when ticked) is a tick there too. A run
// typed in a symbol font (w:rFonts Wingdings 2 "R" ☑ / "£" □, as WPS users tick boxes) gives
// its marks and drops its other glyphs; a content control still showing its placeholder
// (w:showingPlcHdr: "单击或点击此处输入文字。") reads as empty.
//
// Layout: w:gridBefore skips columns at a row's start; w:gridSpan is a horizontal merge;
// w:vMerge restart … continue a vertical merge (the continuing cells are null, as merged-away
// cells are in every grid here). Merges are SheetGrid.merges in A1 notation. A table nested in
// a cell is flattened into that cell's text: one line per row, its cells joined with "\t".
//
// Cover lines: the cover page's fields (方 案 名 称：…, 申 报 方 向：…, 申 报 日 期：…) are
// paragraphs before the first table, not cells. Each "label：value" line there whose label
// (spaces removed) is a cover field of the unit table — 方案名称, 申报方向, 申报日期 — becomes one
// extra row of the table holding the unit's details (its first cell 牵头单位, 单位名称, 所在地区
// …; usually 表格1), BELOW that table's last row, the whole line in column A, so the locator
// reads it as an inline "label：value" of the unit and the table's own rows keep their numbers.
// The rows are marked on the grid (WordTableGrid.coverRows) so a place in them is named
// 封面“方案名称”一行 (forms/place.ts). A line is left a paragraph when a table asks the same
// label itself in a row's first cell (the 服务方案's （二）方案基本信息 has 方案名称, 申报方向),
// or when no table holds the unit's details. The lines stay in `paragraphs` too.
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { a1 } from "../../forms/address.js";
import type { CoverRows } from "../../forms/place.js";
import { countWords } from "../../forms/parse/words.js";
import { findWorkbookPart, XmlTokenizer, ZipReader } from "./fast.js";
import { DEFAULT_ZIP_LIMITS } from "./zip-guard.js";

// XmlTokenizer.next()'s token kinds (fast.ts).
const EOF = 0;
const OPEN = 1;
const CLOSE = 2;
const TEXT = 3;

const TICK = "☑";
const BOX = "□";

/** A paragraph of the document outside its tables: a heading (一、案例概述) or narrative text. */
export interface DocxParagraph {
  text: string;
  /** The paragraph style id (w:pStyle), e.g. "1" or "Heading1", when set. */
  style?: string;
}

/** A Word table's grid; `coverRows` when the cover page's lines were put below its rows. */
export type WordTableGrid = SheetGrid & { coverRows?: CoverRows };

export interface DocxRead {
  grid: WorkbookGrid;
  /** Paragraphs outside tables, in document order (empty ones left out). */
  paragraphs: DocxParagraph[];
}

export interface DocxReadOptions {
  zip?: ZipReader;
  maxEntry?: number;
}

interface Cell {
  span: number;
  vMerge?: "restart" | "continue";
  paras: string[];
}

interface Row {
  gridBefore: number;
  cells: Cell[];
}

interface TableBuilder {
  rows: Row[];
  row?: Row;
  cell?: Cell;
}

interface Sdt {
  checkbox: boolean;
  checked: boolean;
  /** w:showingPlcHdr: the control shows its placeholder (单击或点击此处输入文字。), nothing was filled in. */
  placeholder: boolean;
}

/** Symbol fonts whose letters are glyphs: a run "R" in Wingdings 2 shows ☑, "£" shows □ (how WPS users tick boxes). */
function isSymbolFont(font: string | undefined): boolean {
  return /^(wingdings(\s*[23])?|webdings|symbol)$/i.test((font ?? "").trim());
}

/**
 * The text of a run in a symbol font: its check-box glyphs as ☑/□ and its other symbol glyphs
 * left out. Only the characters the symbol font draws change — Latin-1 and the F0xx private
 * range (w:rFonts w:ascii/w:hAnsi); Chinese text in the same run is drawn by its w:eastAsia
 * font and kept, as are white space and Unicode marks (√ ☑ □).
 */
function symbolText(text: string, font: string): string {
  let out = "";
  for (const ch of text) {
    const n = ch.codePointAt(0)!;
    const drawn = (n > 0x20 && n <= 0xff) || (n >= 0xf000 && n <= 0xf0ff);
    if (!drawn) {
      out += ch;
      continue;
    }
    const low = n >= 0xf000 ? n - 0xf000 : n;
    // Symbol's radical sign (0xD6) is the √ typed as a tick.
    const mark = /^symbol$/i.test(font.trim()) ? (low === 0xd6 ? TICK : undefined) : symbolMark(low.toString(16), font);
    if (mark === TICK || mark === BOX) out += mark;
  }
  return out;
}

/** Wingdings / Wingdings 2 check-box glyphs (the low byte of w:sym w:char, F0xx or xx). */
function symbolMark(code: string | undefined, font: string | undefined): string | undefined {
  if (!code) return undefined;
  const n = parseInt(code, 16);
  if (!Number.isFinite(n)) return undefined;
  const low = n >= 0xf000 && n <= 0xf0ff ? n - 0xf000 : n;
  const f = (font ?? "").toLowerCase().replace(/\s+/g, "");
  if (f === "wingdings2") {
    if (low === 0x52 || low === 0x54 || low === 0x50 || low === 0x51 || low === 0x4f) return TICK;
    if (low === 0xa3 || low === 0x2a || low === 0x30) return BOX;
  }
  if (low === 0xfe || low === 0xfd || low === 0xfb || low === 0xfc || low === 0x78 || low === 0x52) return TICK;
  if (low === 0xa8 || low === 0x6f || low === 0x71 || low === 0xa3) return BOX;
  if (n >= 0x20 && n < 0xf000) return String.fromCodePoint(n); // a Unicode symbol
  return undefined;
}

function onOff(v: string | undefined): boolean {
  return v === undefined || v === "1" || v === "true" || v === "on";
}

/** Read word/document.xml of a .docx: its tables as grids, its other paragraphs as text. Throws on malformed XML. */
export function gridFromDocx(bytes: Uint8Array, opts: DocxReadOptions = {}): DocxRead {
  const zip = opts.zip ?? new ZipReader(bytes, opts.maxEntry ?? DEFAULT_ZIP_LIMITS.maxEntry);
  const part = findWorkbookPart(zip) ?? zip.resolve("document.xml", "word");
  const xml = part ? zip.text(part) : undefined;
  if (xml === undefined) throw new Error("no word/document.xml");
  return parseDocument(xml);
}

export function parseDocument(xml: string): DocxRead {
  const t = new XmlTokenizer(xml);
  const sheets: WordTableGrid[] = [];
  const paragraphs: DocxParagraph[] = [];
  const tables: TableBuilder[] = [];
  /** Open elements' local names (ours, to know a w:tab's parent). */
  const path: string[] = [];
  /** Paragraphs being read (a text box's paragraphs nest inside a paragraph). */
  const paras: { text: string; style?: string }[] = [];
  const sdts: Sdt[] = [];
  /** Depth of checkbox content being replaced by its mark: text there is not read. */
  let suppress = 0;
  let inText = false;
  let pending = "";
  /** The symbol font of the run being read (w:rPr/w:rFonts), if any. */
  let runFont: string | undefined;
  /** The legacy FORMCHECKBOX being read (w:ffData/w:checkBox). */
  const legacy: { checked?: boolean; fallback: boolean } = { fallback: false };
  /** Cover lines (label：value paragraphs before the first table), first of each label. */
  const cover: CoverLine[] = [];

  const append = (s: string): void => {
    if (suppress > 0) return;
    const p = paras[paras.length - 1];
    if (p) p.text += s;
    else pending += s;
  };
  const parent = (): string => path[path.length - 1] ?? "";

  for (;;) {
    const tok = t.next();
    if (tok === EOF) break;
    if (tok === TEXT) {
      if (inText) append(runFont ? symbolText(t.readText(), runFont) : t.readText());
      continue;
    }
    const local = t.local;
    if (tok === OPEN) {
      switch (local) {
        case "Fallback":
          // mc:AlternateContent: the mc:Choice copy is read, the fallback copy would repeat it.
          t.skipElement();
          continue;
        case "tbl":
          tables.push({ rows: [] });
          break;
        case "tr": {
          const tb = tables[tables.length - 1];
          if (tb) tb.rows.push((tb.row = { gridBefore: 0, cells: [] }));
          break;
        }
        case "gridBefore": {
          const tb = tables[tables.length - 1];
          if (tb?.row && parent() === "trPr") tb.row.gridBefore = Math.max(0, Number(t.attr("w:val") ?? 0) || 0);
          break;
        }
        case "tc": {
          const tb = tables[tables.length - 1];
          if (tb) {
            if (!tb.row) tb.rows.push((tb.row = { gridBefore: 0, cells: [] }));
            tb.row.cells.push((tb.cell = { span: 1, paras: [] }));
          }
          break;
        }
        case "gridSpan": {
          const tb = tables[tables.length - 1];
          if (tb?.cell && parent() === "tcPr") tb.cell.span = Math.max(1, Math.min(512, Number(t.attr("w:val") ?? 1) || 1));
          break;
        }
        case "vMerge": {
          const tb = tables[tables.length - 1];
          if (tb?.cell && parent() === "tcPr") tb.cell.vMerge = t.attr("w:val") === "restart" ? "restart" : "continue";
          break;
        }
        case "p":
          paras.push({ text: pending });
          pending = "";
          break;
        case "r":
          runFont = undefined;
          break;
        case "rFonts":
          if (parent() === "rPr" && path[path.length - 2] === "r") {
            const font = t.attr("w:ascii") ?? t.attr("w:hAnsi") ?? t.attr("w:eastAsia") ?? t.attr("w:cs");
            runFont = isSymbolFont(font) ? font : undefined;
          }
          break;
        case "pStyle": {
          const p = paras[paras.length - 1];
          if (p && parent() === "pPr") p.style = t.attr("w:val");
          break;
        }
        case "t":
          if (parent() === "r") inText = true;
          break;
        case "tab":
          if (parent() === "r") append("\t");
          break;
        case "br":
        case "cr":
          if (parent() === "r") append("\n");
          break;
        case "noBreakHyphen":
          if (parent() === "r") append("-");
          break;
        case "sym":
          if (parent() === "r") {
            const mark = symbolMark(t.attr("w:char"), t.attr("w:font"));
            if (mark) append(mark);
          }
          break;
        case "sdt":
          sdts.push({ checkbox: false, checked: false, placeholder: false });
          break;
        case "showingPlcHdr": {
          const sdt = sdts[sdts.length - 1];
          if (sdt && parent() === "sdtPr") sdt.placeholder = true;
          break;
        }
        case "checkbox": {
          // w14:checkbox in w:sdtPr
          const sdt = sdts[sdts.length - 1];
          if (sdt && parent() === "sdtPr") sdt.checkbox = true;
          break;
        }
        case "checked": {
          const sdt = sdts[sdts.length - 1];
          const p = parent();
          if (p === "checkbox" && sdt?.checkbox) {
            // w14:checked w14:val="1"
            let v: string | undefined;
            for (let ok = t.firstAttr(); ok; ok = t.nextAttr()) if (/(^|:)val$/.test(t.attrName())) v = t.value();
            sdt.checked = v === "1" || v === "true";
          } else if (p === "checkBox") {
            // legacy form field: w:ffData/w:checkBox/w:checked
            legacy.checked = onOff(t.attr("w:val"));
          }
          break;
        }
        case "default":
          if (parent() === "checkBox") legacy.fallback = onOff(t.attr("w:val"));
          break;
        case "checkBox":
          if (parent() === "ffData") {
            legacy.checked = undefined;
            legacy.fallback = false;
          }
          break;
        case "sdtContent": {
          const sdt = sdts[sdts.length - 1];
          if (sdt?.checkbox) {
            append(sdt.checked ? TICK : BOX);
            suppress++;
          } else if (sdt?.placeholder) suppress++;
          break;
        }
      }
      path.push(local); // a self-closing element's CLOSE follows at once and pops it
      continue;
    }
    if (tok !== CLOSE) continue;
    path.pop();
    switch (local) {
      case "t":
        inText = false;
        break;
      case "checkBox":
        if (path[path.length - 1] === "ffData") append((legacy.checked ?? legacy.fallback) ? TICK : BOX);
        break;
      case "sdtContent": {
        const sdt = sdts[sdts.length - 1];
        if (sdt?.checkbox || sdt?.placeholder) suppress = Math.max(0, suppress - 1);
        break;
      }
      case "r":
        runFont = undefined;
        break;
      case "sdt":
        sdts.pop();
        break;
      case "p": {
        const p = paras.pop();
        if (!p) break;
        if (paras.length > 0) {
          // a text box's paragraph: its text goes into the paragraph that holds it
          const outer = paras[paras.length - 1];
          outer.text += (outer.text && p.text ? "\n" : "") + p.text;
          break;
        }
        const tb = tables[tables.length - 1];
        if (tb?.cell) tb.cell.paras.push(p.text);
        else if (tables.length === 0) {
          if (p.text.trim() !== "") paragraphs.push(p.style ? { text: p.text, style: p.style } : { text: p.text });
          if (sheets.length === 0) {
            const line = coverLine(p.text);
            if (line && !cover.some((x) => x.label === line.label)) cover.push(line);
          }
        }
        break;
      }
      case "tc": {
        const tb = tables[tables.length - 1];
        if (tb) tb.cell = undefined;
        break;
      }
      case "tr": {
        const tb = tables[tables.length - 1];
        if (tb) {
          tb.row = undefined;
          tb.cell = undefined;
        }
        break;
      }
      case "tbl": {
        const tb = tables.pop();
        if (!tb) break;
        const built = buildGrid(tb);
        const outer = tables[tables.length - 1];
        if (outer?.cell) {
          // a nested table: its rows become lines of the cell that holds it
          for (const row of built.values) {
            const line = row
              .filter((v): v is string => typeof v === "string")
              .map((v) => v.replace(/\n/g, " "))
              .join("\t");
            if (line.trim() !== "") outer.cell.paras.push(line);
          }
        } else if (!outer) {
          const index = sheets.length + 1;
          sheets.push({
            name: `表格${index}`,
            values: built.values,
            merges: built.merges,
            top: 0,
            left: 0,
            kind: "wordTable",
            index,
          });
        }
        break;
      }
    }
  }
  addCoverRows(sheets, cover);
  return { grid: { sheets }, paragraphs };
}

/** The unit table's fields printed on the cover page (forms/tables.ts: title, direction, date). */
const COVER_LABELS = new Set(["方案名称", "申报方向", "申报日期"]);
/** First cells of the rows of a table holding the unit's details (基本信息). */
const UNIT_LABELS = new Set(["牵头单位", "牵头申报单位", "单位名称", "申报单位", "所在地区", "地方行业主管部门"]);

interface CoverLine {
  /** The label, spaces removed: 方案名称. */
  label: string;
  /** The line as it goes into the grid: "方 案 名 称：工业企业网络安全综合保险试点", or the label alone when nothing is filled in. */
  text: string;
}

/** Spaces (full-width too) and a trailing colon removed, brackets half-width: how labels are compared. */
function labelKey(s: string): string {
  return s
    .replace(/[\s\u3000\u00a0]/g, "")
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/[:：]+$/, "");
}

/** A cover-page paragraph "label：value" with a cover label; a blank (____ 年 __ 月 __ 日, （加盖单位公章）) is no value. */
function coverLine(text: string): CoverLine | undefined {
  const m = /^([^:：\n]{2,24})[:：]([\s\S]*)$/.exec(text.trim());
  if (!m) return undefined;
  const label = labelKey(m[1]);
  if (!COVER_LABELS.has(label)) return undefined;
  const value = m[2].replace(/[\s\u3000\u00a0_＿]/g, "");
  const blank = value === "" || value === "年月日" || /^[(（]?加盖单位公章[)）]?$/.test(value);
  return { label, text: blank ? `${m[1].trim()}：` : text.trim() };
}

/** Put the cover lines below the rows of the table holding the unit's details (see the header). */
function addCoverRows(sheets: WordTableGrid[], cover: CoverLine[]): void {
  if (!cover.length) return;
  const firstCells = (s: SheetGrid): Set<string> => {
    const out = new Set<string>();
    for (const row of s.values) {
      const v = row.find((x) => x !== null && x !== undefined && x !== "");
      if (typeof v === "string") {
        const k = labelKey(v);
        out.add(k);
        out.add(k.replace(/\([^()]*\)$/, "")); // 牵头单位（全称）
      }
    }
    return out;
  };
  const keys = sheets.map(firstCells);
  const target = keys.findIndex((k) => [...UNIT_LABELS].some((l) => k.has(l)));
  if (target < 0) return;
  const lines = cover.filter((line) => !keys.some((k) => k.has(line.label)));
  if (!lines.length) return;
  const sheet = sheets[target];
  sheet.coverRows = { fromRow: sheet.values.length + 1, lines: lines.map((l) => l.label) };
  for (const line of lines) sheet.values.push([line.text]);
}

function cellText(paras: string[]): CellValue {
  let a = 0;
  let b = paras.length;
  while (a < b && paras[a].trim() === "") a++;
  while (b > a && paras[b - 1].trim() === "") b--;
  if (a >= b) return null;
  return paras.slice(a, b).join("\n");
}

function buildGrid(tb: TableBuilder): { values: CellValue[][]; merges: string[] } {
  const values: CellValue[][] = [];
  /** Ranges by their top-left "r,c", extended as rows continue them. */
  const ranges: { top: number; left: number; bottom: number; right: number }[] = [];
  /** Open vertical merges by column: the range a vMerge continue extends. */
  const openByCol = new Map<number, { top: number; left: number; bottom: number; right: number }>();
  tb.rows.forEach((row, r) => {
    const out: CellValue[] = [];
    let col = row.gridBefore;
    for (const cell of row.cells) {
      const left = col;
      const right = col + cell.span - 1;
      col = right + 1;
      const open = openByCol.get(left);
      if (cell.vMerge === "continue" && open && open.right === right && open.bottom === r - 1) {
        open.bottom = r;
        continue; // a merged-away cell: null
      }
      for (let c = left; c <= right; c++) openByCol.delete(c);
      out[left] = cellText(cell.paras);
      const range = { top: r, left, bottom: r, right };
      ranges.push(range);
      if (cell.vMerge === "restart" || cell.vMerge === "continue") openByCol.set(left, range);
    }
    for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null;
    while (out.length && out[out.length - 1] === null) out.pop();
    values.push(out);
  });
  while (values.length && values[values.length - 1].length === 0) values.pop();
  const merges = ranges
    .filter((m) => m.bottom > m.top || m.right > m.left)
    .map((m) => `${a1(m.top, m.left)}:${a1(m.bottom, m.right)}`);
  return { values, merges };
}

/** A form's title line (网络安全保险服务典型案例申报书) or a cover line (案 例 名 称：…): not narrative, and no part of the section above it. */
function startsAnotherForm(text: string): boolean {
  const bare = text.replace(/[\s\u3000\u00a0]/g, "");
  if (/^网络安全保险服务.{0,24}(申报书|工作方案|推荐汇总表)$/.test(bare)) return true;
  const m = /^([^:：]{2,12})[:：]/.exec(bare);
  return !!m && COVER_TITLE_LABELS.has(m[1]);
}

/** Labels of a form's cover page (典型案例申报书, 试点工作方案). */
const COVER_TITLE_LABELS = new Set(["案例名称", "申报单位", "申报日期", "方案名称", "申报方向", "牵头单位"]);

/** A numbered heading of the narrative: 一、…, （一）…, (二)… */
const NARRATIVE_HEADING = /^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/;

/** One headed part of the document's text (二、典型案例具体情况 › （一）案例概述 …) and its 字数. */
export interface NarrativeSection {
  /** The heading as written, e.g. "（一）案例概述". */
  heading: string;
  /** The enclosing 一、… heading of a （一）… heading, when there is one. */
  parent?: string;
  /** The paragraphs under the heading, up to the next heading. */
  paragraphs: string[];
  /** 字数 of those paragraphs as Word counts it (forms/parse/words.ts). */
  words: number;
}

/**
 * The document's paragraphs cut at their numbered headings, each part with its 字数, for the
 * narrative limits of a 申报书 (（一）案例概述 不超过1000字 …). Only counted here: which part
 * has which limit (and leaving the form's own guidance text out) is for the rules.
 */
export function narrativeSections(paragraphs: DocxParagraph[]): NarrativeSection[] {
  const out: NarrativeSection[] = [];
  let top: string | undefined;
  let cur: NarrativeSection | undefined;
  for (const p of paragraphs) {
    const text = p.text.trim();
    if (startsAnotherForm(text)) {
      // Another form begins (several 申报书s in one document): the section before it ends here.
      cur = undefined;
      top = undefined;
      continue;
    }
    const m = NARRATIVE_HEADING.exec(text);
    if (m) {
      const isTop = m[1].endsWith("、");
      if (isTop) top = text;
      cur = { heading: text, paragraphs: [], words: 0 };
      if (!isTop && top) cur.parent = top;
      out.push(cur);
    } else if (cur) {
      cur.paragraphs.push(p.text);
      cur.words += countWords(p.text);
    }
  }
  return out;
}

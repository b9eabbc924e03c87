// The 自动修正 plan: the cells that can be corrected without asking the clerk, and the
// value each gets. Shared by the Excel add-in (which shows the count, then writes them) and
// the CLI. Pure: no I/O, inputs are never changed.
//
// What is fixed:
//   - the fixes the cell rules attach to text.whitespace (forms/rules/cells.ts): stray and
//     doubled spaces, full-width digits and letters, a credit code's case and spacing, and
//     Word check-box text whose one ticked item is an exact option (☑国有企业 → 国有企业);
//   - 序号 of every list table whose numbering is broken (seq.broken): 1..n in record order.
// What is not: number.converted ("5000元" → 0.5 万元, "3家" → 3) also carries a fix, but it
// is a warning the clerk must confirm (the unit may have been meant), so it stays a message.
import { a1, parseA1 } from "./address.js";
import type { CellValue, Issue, LocatedTable, SheetGrid, WorkbookGrid } from "./model.js";
import { cellText, toHalfWidth, trimAll, whitespaceFix, WS_FULLWIDTH } from "./parse/text.js";
import { parseCreditCode } from "./parse/uscc.js";
import { tickedItem } from "./parse/options.js";
import type { WorkbookValidation } from "./validate.js";

export type FixReason = "whitespace" | "fullwidth" | "case" | "option" | "sequence";

/** One cell to change. */
export interface CellFix {
  sheet: string;
  /** A1 address in the sheet, without the sheet name. */
  cell: string;
  /** 0-based absolute row of the cell (A1 is row 0, col 0), as parseA1 gives it. */
  row: number;
  /** 0-based absolute column of the cell. */
  col: number;
  /** The cell's current value in the grid. */
  from: CellValue;
  /** The value to write: text for text fixes (a credit code, a phone number stay text), a number for 序号. */
  to: string | number;
  reason: FixReason | (string & {});
  /** Short Chinese description for the pane: "去掉多余空格", "序号重新编号为 3" … */
  message: string;
}

/** Issue codes whose `fix` is safe to apply without asking. */
const SAFE_FIX_CODES = new Set(["text.whitespace"]);

/** The key of the seq column in every list table (forms/tables.ts). */
const SEQ_KEY = "seq";

interface Candidate {
  fix: CellFix;
  /** A rule's own fix (credit code, check box) rather than the generic whitespace clean-up. */
  own: boolean;
}

/**
 * The fixes of a validated workbook: at most one per cell, in sheet order (as in the grid),
 * then row, then column. Fixes that would not change the cell are left out, and so are
 * fixes computed from only a part of a cell ("推荐单位：某某局 日期：…" in one cell): writing
 * them would lose the rest of the cell.
 */
export function planFixes(grid: WorkbookGrid, validation: WorkbookValidation): CellFix[] {
  const sheets = new Map<string, { sheet: SheetGrid; index: number }>();
  grid.sheets.forEach((sheet, index) => {
    if (!sheets.has(sheet.name)) sheets.set(sheet.name, { sheet, index });
  });
  const chosen = new Map<string, Candidate>();
  const offer = (c: Candidate) => {
    const key = `${c.fix.sheet}\u0000${c.fix.cell}`;
    const prev = chosen.get(key);
    // First offer wins, except that a rule's own fix beats the generic whitespace clean-up.
    if (!prev || (c.own && !prev.own && prev.fix.reason !== "sequence")) chosen.set(key, c);
  };

  // 序号 first: a seq cell is never checked by the cell rules, but should a column be read twice, numbering wins.
  for (const table of validation.tables) {
    const s = sheets.get(table.sheet);
    if (s) for (const fix of sequenceFixes(table, s.sheet)) offer({ fix, own: true });
  }
  for (const issue of validation.issues) {
    const c = issueFix(issue, sheets);
    if (c) offer(c);
  }

  return [...chosen.values()]
    .map((c) => c.fix)
    .sort((a, b) => sheets.get(a.sheet)!.index - sheets.get(b.sheet)!.index || a.row - b.row || a.col - b.col);
}

/** A grid with the fixes written in. The input grid is not changed; sheets without a fix are shared. */
export function applyFixes(grid: WorkbookGrid, fixes: CellFix[]): WorkbookGrid {
  const bySheet = new Map<string, CellFix[]>();
  for (const f of fixes) {
    const list = bySheet.get(f.sheet);
    if (list) list.push(f);
    else bySheet.set(f.sheet, [f]);
  }
  for (const name of bySheet.keys())
    if (!grid.sheets.some((s) => s.name === name)) throw new RangeError(`applyFixes: no sheet named “${name}” in the grid`);
  return {
    ...grid,
    sheets: grid.sheets.map((sheet) => {
      const list = bySheet.get(sheet.name);
      if (!list) return sheet;
      bySheet.delete(sheet.name); // a repeated sheet name: the first sheet is the one the plan read
      const top = sheet.top ?? 0;
      const left = sheet.left ?? 0;
      const values = sheet.values.map((row) => row.slice());
      for (const f of list) {
        const r = f.row - top;
        const c = f.col - left;
        if (r < 0 || c < 0) throw new RangeError(`applyFixes: ${f.sheet}!${f.cell} lies above or left of the grid`);
        while (values.length <= r) values.push([]);
        const row = values[r];
        while (row.length < c) row.push(null);
        row[c] = f.to;
      }
      return { ...sheet, values };
    }),
  };
}

/** The value at an absolute 0-based (row, col) of a sheet grid; null outside it. */
function valueAt(sheet: SheetGrid, row: number, col: number): CellValue {
  const r = sheet.values[row - (sheet.top ?? 0)];
  if (!r) return null;
  return r[col - (sheet.left ?? 0)] ?? null;
}

/** 序号 1..n over the records of a list table whose numbering checkSequence finds broken. */
function sequenceFixes(table: LocatedTable, sheet: SheetGrid): CellFix[] {
  const col = table.columns?.[SEQ_KEY];
  if (col === undefined || table.records.length === 0) return [];
  // Same test as checkSequence: the text of each record's 序号, trimmed, must be its position.
  const broken = table.records.some((rec, i) => {
    const fv = rec.fields[SEQ_KEY];
    return fv !== undefined && cellText(fv.value).trim() !== String(i + 1);
  });
  if (!broken) return [];
  // A 序号 cell merged over several rows is shared by records: it cannot hold one number each.
  const cells = table.records.map((rec) => a1(rec.row - 1, col));
  if (table.records.some((rec, i) => rec.fields[SEQ_KEY] !== undefined && rec.fields[SEQ_KEY]!.cell !== cells[i])) return [];
  const fixes: CellFix[] = [];
  table.records.forEach((rec, i) => {
    const n = i + 1;
    const row = rec.row - 1;
    const from = valueAt(sheet, row, col);
    const text = cellText(from).trim();
    if (text === String(n)) return; // already right (a number, or the text "3")
    fixes.push({
      sheet: table.sheet,
      cell: cells[i],
      row,
      col,
      from,
      to: n,
      reason: "sequence",
      message: text === "" ? `补填序号 ${n}` : looseNumber(text) === n ? `序号改为数字 ${n}` : `序号重新编号为 ${n}`,
    });
  });
  return fixes;
}

/** "３", "3.", "3、", "（3）" as the number 3; NaN otherwise. */
function looseNumber(text: string): number {
  const m = /^[(（]?\s*(\d+)\s*[)）]?\s*[.。、,，]?$/.exec(trimAll(toHalfWidth(text)));
  return m ? Number(m[1]) : NaN;
}

/** The fix an issue carries, if it is safe and was computed from the whole cell. */
function issueFix(issue: Issue, sheets: Map<string, { sheet: SheetGrid; index: number }>): Candidate | undefined {
  if (issue.fix === undefined || !SAFE_FIX_CODES.has(issue.code) || !issue.sheet || !issue.cell) return undefined;
  const s = sheets.get(issue.sheet);
  if (!s) return undefined;
  let pos: { row: number; col: number };
  try {
    pos = parseA1(issue.cell);
  } catch {
    return undefined;
  }
  const from = valueAt(s.sheet, pos.row, pos.col);
  // The rule saw a part of the cell (an inline "label：value", a hint stripped in front): leave it.
  if (typeof from !== "string" || (issue.value ?? "") !== from) return undefined;
  const to = issue.fix;
  if (to === from) return undefined;
  const cell = a1(pos.row, pos.col);
  const base = { sheet: issue.sheet, cell, row: pos.row, col: pos.col, from, to };
  if (typeof to !== "string") return { fix: { ...base, reason: "whitespace", message: `改为 ${to}` }, own: true };
  const d = describeTextFix(from, to);
  return { fix: { ...base, ...d.what }, own: d.own };
}

/** Reason and message of a text fix, from what it changes. */
function describeTextFix(from: string, to: string): { what: { reason: FixReason | string; message: string }; own: boolean } {
  const ws = whitespaceFix(from);
  if (ws && ws.fixed === to) {
    const full = ws.reasons.includes(WS_FULLWIDTH);
    const spaces = ws.reasons.some((r) => r !== WS_FULLWIDTH);
    const parts: string[] = [];
    if (spaces) parts.push("去掉多余空格");
    if (full) parts.push(`全角${fullWidthKind(from)}改为半角`);
    return { what: { reason: full ? "fullwidth" : "whitespace", message: parts.join("，") }, own: false };
  }
  const ticked = tickedItem(from);
  if (ticked && ticked.ok) return { what: { reason: "option", message: `勾选框文字改为“${to}”` }, own: true };
  const code = parseCreditCode(to);
  if (code.kind !== "invalid" && code.checksumOk) {
    const parts: string[] = [];
    const lower = /[a-z\uff41-\uff5a]/.test(from);
    const full = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/.test(from);
    if (lower) parts.push("改为大写");
    if (full) parts.push("全角改为半角");
    if (!lower && !full) parts.push("去掉空格和分隔符");
    const reason = lower ? "case" : full ? "fullwidth" : "whitespace";
    return { what: { reason, message: `信用代码${parts.join("，")}` }, own: true };
  }
  return { what: { reason: "whitespace", message: `改为“${to.length > 20 ? to.slice(0, 20) + "…" : to}”` }, own: true };
}

/** 数字, 字母 or 数字和字母: which full-width characters a text holds. */
function fullWidthKind(s: string): string {
  let digits = false;
  let letters = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff19) digits = true;
    else if ((c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) letters = true;
  }
  return digits && letters ? "数字和字母" : letters ? "字母" : "数字";
}

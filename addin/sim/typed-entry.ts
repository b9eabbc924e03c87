// How Excel reads an entry typed (or written through the API) into a cell: 'text, =formula,
// numbers with thousands separators, percentages, dates, booleans, error values, and the +/-/@
// entries it takes for formulas — for the simulated hosts (excel-sim.ts, et-sim.ts), which
// differ only in what they accept besides text.
import type ExcelJS from "exceljs";

export interface TypedEntry {
  value: ExcelJS.CellValue;
  /** Number format Excel gives a General cell for this entry. */
  numFmt?: string;
}

const ERROR_VALUES = new Set([
  "#N/A",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#GETTING_DATA",
]);

export function validDate(y: number, m: number, d: number): Date | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? dt : null;
}

/** A text entry as Excel reads it into a cell whose number format is `currentFmt`. */
export function typedText(s: string, currentFmt: string): TypedEntry {
  if (s === "") return { value: null };
  if (s.startsWith("'")) return { value: s.slice(1) };
  if (s.length > 1 && s.startsWith("=")) return { value: { formula: s.slice(1) } as ExcelJS.CellFormulaValue };
  if (currentFmt === "@") return { value: s };
  const t = s.trim();
  const num = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(%?)$/.exec(t);
  if (num && /\d/.test(num[2] + (num[3] ?? ""))) {
    let n = Number(`${num[1]}${num[2].replace(/,/g, "")}${num[3] ?? ""}${num[4] !== undefined ? `e${num[4]}` : ""}`);
    if (Number.isFinite(n)) {
      if (num[5]) {
        n /= 100;
        return { value: n, numFmt: num[3] && num[3].length > 1 ? `0.${"0".repeat(num[3].length - 1)}%` : "0%" };
      }
      return { value: n, numFmt: num[2].includes(",") ? "#,##0" : undefined };
    }
  }
  let dm = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (dm) {
    const d = validDate(Number(dm[1]), Number(dm[2]), Number(dm[3]));
    if (d) return { value: d, numFmt: "yyyy/m/d" };
  }
  dm = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (dm) {
    const d = validDate(Number(dm[1]), Number(dm[2]), Number(dm[3]));
    if (d) return { value: d, numFmt: 'yyyy"年"m"月"d"日"' };
  }
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === "true" };
  if (ERROR_VALUES.has(t.toUpperCase())) return { value: { error: t.toUpperCase() } as ExcelJS.CellErrorValue };
  // Excel reads an entry starting with + - @ as a formula: text that is not one is an error.
  if (/^[+\-@][\p{L}\p{N}(]/u.test(s))
    return { value: { formula: s.replace(/^[+@]/, ""), result: { error: "#NAME?" } } as ExcelJS.CellFormulaValue };
  return { value: s };
}

/** Set one style property of a cell. */
export function setStyleProp<K extends keyof ExcelJS.Style>(
  cell: ExcelJS.Cell,
  key: K,
  value: ExcelJS.Style[K] | undefined,
): void {
  // exceljs may share a style object between cells: replace it, never mutate it.
  const style = { ...(cell.style ?? {}) } as Partial<ExcelJS.Style>;
  if (value === undefined) delete style[key];
  else style[key] = value;
  cell.style = style;
}

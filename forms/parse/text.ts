// Text helpers shared by every parser: full-width → half-width, heading normalisation,
// the text of a cell, whitespace problems. Pure and allocation-light: these run on every
// cell of every workbook (SPEC §11: 100,000 rows in under a second).
import type { CellValue } from "../model.js";

/** True for the characters we treat as blank space: ASCII white space, NBSP, U+3000, zero-width space/BOM and the U+2000 spaces. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x1680 ||
    c === 0x85
  );
}

/** Horizontal blank space (no line breaks): space, tab, NBSP, U+3000, U+2000–200B. */
function isHSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Full-width digit or Latin letter (０-９ Ａ-Ｚ ａ-ｚ). */
function isFullWidthAlnum(c: number): boolean {
  return (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}

/** Full-width ASCII (U+FF01–FF5E) to half-width, U+3000 ideographic space to a normal space. Other characters unchanged; the length is kept (one code unit for one). */
export function toHalfWidth(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === n) return s;
  // Copy unchanged runs in one slice each; convert the full-width characters one by one.
  let out = "";
  let runStart = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      if (runStart < i) out += s.slice(runStart, i);
      out += String.fromCharCode(c - 0xfee0);
      runStart = i + 1;
    } else if (c === 0x3000) {
      if (runStart < i) out += s.slice(runStart, i);
      out += " ";
      runStart = i + 1;
    }
  }
  return runStart < n ? out + s.slice(runStart) : out;
}

/**
 * Key for matching column headings and labels: half-width, no white space at all (line
 * breaks, NBSP, U+3000 included), brackets （）【】〔〕［］[] → (), ：→ :, ／ → /, lower-case
 * Latin, trailing colons removed. "联系方式\n（手机与邮箱）" and "联系方式(手机与邮箱)" give the
 * same key; so do "组织机构代码/ 三证合一码" and "组织机构代码/三证合一码".
 */
export function normalizeHeading(s: string): string {
  const n = s.length;
  // Fast path: nothing to change (most data cells the locator looks at).
  let i = 0;
  for (; i < n; i++) if (headingCode(s.charCodeAt(i)) !== s.charCodeAt(i)) break;
  if (i === n) {
    let end = n;
    while (end > 0 && s.charCodeAt(end - 1) === 0x3a) end--;
    return end === n ? s : s.slice(0, end);
  }
  // Copy unchanged runs in one slice each.
  let out = s.slice(0, i);
  let runStart = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    const m = headingCode(c);
    if (m === c) continue;
    if (runStart < i) out += s.slice(runStart, i);
    if (m >= 0) out += String.fromCharCode(m);
    runStart = i + 1;
  }
  if (runStart < n) out += s.slice(runStart);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x3a) end--;
  return end === out.length ? out : out.slice(0, end);
}

/** The heading-key form of one character: −1 to drop it (white space), else its replacement code. */
function headingCode(c: number): number {
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return c + 0x20;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return -1;
    if (c === 0x5b) return 0x28; // [
    if (c === 0x5d) return 0x29; // ]
    return c;
  }
  if (isSpaceCode(c)) return -1;
  if (c >= 0xff01 && c <= 0xff5e) return headingCode(c - 0xfee0);
  switch (c) {
    case 0x3010: // 【
    case 0x3014: // 〔
    case 0x3016: // 〖
      return 0x28;
    case 0x3011: // 】
    case 0x3015: // 〕
    case 0x3017: // 〗
      return 0x29;
    case 0x2215: // ∕ division slash
      return 0x2f;
  }
  return c;
}

/** Round to 15 significant digits: removes Excel's binary float noise (0.1 + 0.2 → 0.3). */
export function cleanNumber(n: number): number {
  if (Number.isInteger(n) || !Number.isFinite(n)) return n;
  return Number(n.toPrecision(15));
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** YYYY-MM-DD of a Date from its UTC components (exceljs gives dates as UTC midnight); "" for an invalid Date. */
export function isoDateUTC(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return "";
  const y = d.getUTCFullYear();
  const ys = y >= 1000 ? String(y) : y >= 0 ? ("000" + y).slice(-4) : String(y);
  return ys + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate());
}

/** The text of a cell: numbers without float noise, dates as YYYY-MM-DD (UTC), booleans as TRUE/FALSE, null as "". */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isInteger(v) ? String(v) : String(cleanNumber(v));
    case "boolean":
      return v ? "TRUE" : "FALSE";
  }
  if (v instanceof Date) return isoDateUTC(v);
  return String(v);
}

/** Empty cell: null, or text that is only white space (U+3000, NBSP and zero-width space included). */
export function isBlank(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  for (let i = 0; i < v.length; i++) if (!isSpaceCode(v.charCodeAt(i))) return false;
  return true;
}

/** Trim every kind of white space (String.prototype.trim misses nothing we need, but this also trims zero-width spaces). */
export function trimAll(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceCode(s.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export const WS_EDGES = "首尾有空格";
export const WS_DOUBLE = "有连续空格";
export const WS_FULLWIDTH = "含全角数字或字母";

/**
 * Whitespace and full-width problems that can be fixed safely (SPEC §6 text.whitespace):
 * leading/trailing white space (a trailing line break included), runs of two or more
 * spaces inside the text (collapsed to one space), full-width digits and Latin letters
 * (converted). Line breaks inside long text are fine and kept. Null when nothing to fix.
 */
export function whitespaceFix(s: string): { fixed: string; reasons: string[] } | null {
  const n = s.length;
  if (n === 0) return null;
  // Fast scan: most cells have nothing to fix.
  let edges = isSpaceCode(s.charCodeAt(0)) || isSpaceCode(s.charCodeAt(n - 1));
  let double = false;
  let full = false;
  let prevH = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // Ordered for speed: CJK text (U+4E00–9FFF) and ASCII letters take the first branch.
    let h: boolean;
    if (c > 0x20 && c < 0x2000) h = c === 0xa0;
    else if (c >= 0x3001 && c < 0xfeff) h = false;
    else if (c >= 0xff10) {
      h = false;
      if (isFullWidthAlnum(c)) full = true;
    } else h = isHSpaceCode(c);
    if (h && prevH) double = true;
    prevH = h;
  }
  if (!edges && !double && !full) return null;
  const t = trimAll(s);
  edges = t.length !== n;
  let fixed = "";
  let inRun = false;
  double = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isHSpaceCode(c)) {
      if (inRun) {
        double = true;
        continue;
      }
      inRun = true;
      // Look ahead: a run of two or more becomes one ASCII space; a single one is kept as it is.
      const next = i + 1 < t.length ? t.charCodeAt(i + 1) : 0;
      fixed += isHSpaceCode(next) ? " " : t[i];
      continue;
    }
    inRun = false;
    fixed += isFullWidthAlnum(c) ? String.fromCharCode(c - 0xfee0) : t[i];
  }
  if (fixed === s) return null;
  const reasons: string[] = [];
  if (edges) reasons.push(WS_EDGES);
  if (double) reasons.push(WS_DOUBLE);
  if (full) reasons.push(WS_FULLWIDTH);
  return { fixed, reasons };
}

// Dates (SPEC §5): real Excel dates (JS Date from exceljs, UTC midnight), serial numbers
// (1900 date system) and text 2025-11-28 / 2025/11/28 / 2025.11.28 / 2025年11月28日 /
// 20251128, with month precision for 2025-11 and 2025年11月.
import type { CellValue } from "../model.js";
import { isoDateUTC, toHalfWidth } from "./text.js";

export type ParsedDate = { ok: true; iso: string; precision: "day" | "month" } | { ok: false; reason: string };

/**
 * Built-in number formats that display dates or times (ECMA-376 18.8.30): 14–22, 45–47, and
 * the East Asian built-ins 27–36 and 50–58 (年月日 formats in zh-CN Excel). exceljs reports
 * these by id only.
 */
export const BUILTIN_DATE_FORMAT_IDS: ReadonlySet<number> = (() => {
  // Filled with add(): IE11 (Office 2016's web view) ignores the Set constructor's argument.
  const ids = new Set<number>();
  const ranges = [14, 22, 27, 36, 45, 47, 50, 58];
  for (let r = 0; r < ranges.length; r += 2) for (let i = ranges[r]; i <= ranges[r + 1]; i++) ids.add(i);
  return ids;
})();

const fmtCache = new Map<string, boolean>();
// Quoted literals, [..] sections (colours, locales, [DBNum1], conditions, elapsed [h]), \x escapes, _x padding, *x fills.
const FMT_STRIP = /"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g;
const FMT_DATE_TOKEN = /[ymdhs]/i;
const ELAPSED = /\[(?:h+|m+|s+)\]/i;

/** Does an Excel number format display a date or time? ('yyyy"年"m"月"d"日"', '[$-804]yyyy"年"m"月"', 'm/d/yy', '[DBNum1]…') */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  let r = fmtCache.get(numFmt);
  if (r === undefined) {
    const lower = numFmt.trim().toLowerCase();
    if (lower === "general" || lower === "@" || lower === "") r = false;
    else {
      // The first section decides (positive numbers); elapsed-time brackets count as time.
      const stripped = numFmt.replace(FMT_STRIP, "");
      r = FMT_DATE_TOKEN.test(stripped.replace(/general/gi, "")) || ELAPSED.test(numFmt);
    }
    if (fmtCache.size < 1000) fmtCache.set(numFmt, r);
  }
  return r;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** YYYY-MM-DD for y/m/d if it is a real date in 1900–2199, else a reason. */
function ymd(y: number, m: number, d: number, precision: "day" | "month" = "day"): ParsedDate {
  if (y < 1900 || y > 2199) return { ok: false, reason: `年份 ${y} 不合理` };
  if (m < 1 || m > 12) return { ok: false, reason: `月份 ${m} 不存在` };
  const max = m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
  if (d < 1 || d > max) return { ok: false, reason: `${y}年${m}月没有${d}日` };
  return { ok: true, iso: y + "-" + pad2(m) + "-" + pad2(d), precision };
}

const MS_PER_DAY = 86400000;
// 1899-12-30: serial 0 in the 1900 system once the fake 1900-02-29 (serial 60) is accounted for.
const EPOCH_1899_12_30 = Date.UTC(1899, 11, 30);

/** Date of an Excel serial number (1900 system, Lotus 1900-02-29 bug). */
export function serialToIso(serial: number): ParsedDate {
  const days = Math.floor(serial);
  if (!(days >= 1 && days <= 2958465)) return { ok: false, reason: `日期序号 ${serial} 超出范围` };
  if (days === 60) return { ok: false, reason: "1900-02-29 不存在（Excel 日期序号 60）" };
  const t = EPOCH_1899_12_30 + (days < 60 ? days + 1 : days) * MS_PER_DAY;
  return { ok: true, iso: isoDateUTC(new Date(t)), precision: "day" };
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  "○": 0,
  Ｏ: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_DATE = /^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})[日号])?$/;

function cnSmall(s: string): number {
  // 一 … 九, 十, 十一 … 十九, 二十 … 三十一
  if (s === "十") return 10;
  const ten = s.indexOf("十");
  if (ten < 0) return s.length === 1 ? CN_DIGITS[s] : NaN;
  const tens = ten === 0 ? 1 : CN_DIGITS[s.slice(0, ten)];
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS[s.slice(ten + 1)];
  return tens * 10 + ones;
}

const SPACES = /[\s\u00a0\u3000]+/g;
const TIME_TAIL = /(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/;
const DMY_FULL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/;
const YM = /^(\d{4})[-/.年](\d{1,2})月?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_ONLY = /^\d{4}年$/;
const DIGITS_ONLY = /^\d+(?:\.\d+)?$/;
const US_STYLE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/;

function fromNumber(n: number, numFmt: string | undefined, fromText: boolean): ParsedDate {
  if (!Number.isFinite(n)) return { ok: false, reason: "不是日期" };
  if (Number.isInteger(n) && n >= 19000101 && n <= 21991231) {
    const r = ymd(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
    if (r.ok) return r;
    return { ok: false, reason: `不是有效日期：${n}（${r.reason}）` };
  }
  // A year typed into a date-formatted cell (Excel then shows 1905-07-17 for 2025): never a serial.
  if (Number.isInteger(n) && n >= 1900 && n <= 2199) return { ok: false, reason: `只有年份 ${n}，请填写完整日期，如 ${n}-11-28` };
  if ((!fromText && isDateFormat(numFmt)) || (n >= 20000 && n <= 80000)) return serialToIso(n);
  return { ok: false, reason: `不是日期：${n}（请填写如 2025-11-28 或 2025年11月28日）` };
}

/** A date from a cell value; `numFmt` is the cell's number format when known. */
export function parseDate(v: CellValue, numFmt?: string): ParsedDate {
  if (v === null || v === undefined) return { ok: false, reason: "未填写日期" };
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return { ok: false, reason: "不是有效日期" };
    return { ok: true, iso: isoDateUTC(v), precision: "day" };
  }
  if (typeof v === "number") return fromNumber(v, numFmt, false);
  if (typeof v === "boolean") return { ok: false, reason: "不是日期" };
  let t = toHalfWidth(String(v)).trim();
  if (t === "") return { ok: false, reason: "未填写日期" };
  t = t.replace(TIME_TAIL, "").replace(SPACES, "");
  let m = DMY_FULL.exec(t);
  if (m) return withText(ymd(+m[1], +m[2], +m[3]), t);
  m = YM.exec(t);
  if (m) return withText(ymd(+m[1], +m[2], 1, "month"), t);
  m = COMPACT.exec(t);
  if (m) return withText(ymd(+m[1], +m[2], +m[3]), t);
  m = CN_DATE.exec(t);
  if (m) {
    let y = 0;
    for (const ch of m[1]) y = y * 10 + CN_DIGITS[ch];
    const mo = cnSmall(m[2]);
    if (m[3] === undefined) return withText(ymd(y, mo, 1, "month"), t);
    return withText(ymd(y, mo, cnSmall(m[3])), t);
  }
  if (DIGITS_ONLY.test(t)) return fromNumber(Number(t), numFmt, true);
  if (YEAR_ONLY.test(t)) return fromNumber(Number(t.slice(0, 4)), numFmt, true);
  if (US_STYLE.test(t)) return { ok: false, reason: `日期“${t}”的年月日顺序不明确，请写成 2025-11-28` };
  return { ok: false, reason: `不是日期：“${t}”（请填写如 2025-11-28 或 2025年11月28日）` };
}

function withText(r: ParsedDate, t: string): ParsedDate {
  return r.ok ? r : { ok: false, reason: `不是有效日期：“${t}”（${r.reason}）` };
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return isoDateUTC(new Date(now.getTime() + CHINA_OFFSET_MS));
}

// Money in 万元 and whole counts (SPEC §5, rules number.invalid / number.converted).
//
// Accepted as is (no warning): a numeric cell ≥ 0; text that is just a number ("50", "50.5",
// " 50 ", "５０", "1,200"), optionally followed by 万 or 万元 — the unit the form asks for.
// Accepted and converted (warning number.converted, note says what was done): other units
// (元, 千元, 百万元, 千万元, 亿, 亿元, w/W for 万), currency marks (人民币, ¥, RMB) and any
// other text around the number ("约50万元", "50万元左右", "50万元/年").
// Refused: negative numbers, several numbers ("50-100万元"), text without a number ("无",
// "待定", "-"), booleans and dates.
import type { CellValue } from "../model.js";
import { cleanNumber, toHalfWidth } from "./text.js";

export type Money =
  | { ok: true; value: number; converted: false }
  | { ok: true; value: number; converted: true; from: string; note: string }
  | { ok: false; reason: string };

export type Count =
  | { ok: true; value: number; converted: false }
  | { ok: true; value: number; converted: true; from: string; note: string }
  | { ok: false; reason: string };

const PLAIN = /^\d+(?:\.\d+)?$/;
// The first number: with thousand separators, or plain; an optional sign just before it.
const NUMBER = /([-+]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)/;
const DIGIT = /\d/;
const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** Units after the number: factor to 万元. Longest first. */
const UNITS: [string, number][] = [
  ["千万元", 1000],
  ["百万元", 100],
  ["千万", 1000],
  ["百万", 100],
  ["亿元", 10000],
  ["万元", 1],
  ["千元", 0.1],
  ["亿", 10000],
  ["万", 1],
  ["元", 0.0001],
  ["w", 1],
  ["W", 1],
];
const UNIT_LABEL: Record<string, string> = {
  千万元: "千万元",
  百万元: "百万元",
  千万: "千万元",
  百万: "百万元",
  亿元: "亿元",
  千元: "千元",
  亿: "亿元",
  元: "元",
  w: "万（w）",
  W: "万（W）",
};

interface Scanned {
  value: number;
  unit: string;
  factor: number;
  ignored: string[];
}

function compact(s: string): string {
  return toHalfWidth(s).replace(SPACES, "");
}

/** Find the one number in a text with its unit and the text around it. */
function scan(text: string, units: [string, number][]): Scanned | { error: string } {
  const m = NUMBER.exec(text);
  if (!m) return { error: text === "" ? "未填写" : `不是数字：“${text}”` };
  if (m[1] === "-") return { error: "不能为负数" };
  const before = text.slice(0, m.index);
  let after = text.slice(m.index + m[0].length);
  let unit = "";
  let factor = 1;
  for (const [u, f] of units) {
    if (after.startsWith(u)) {
      unit = u;
      factor = f;
      after = after.slice(u.length);
      break;
    }
  }
  if (DIGIT.test(after)) return { error: `含有多个数字：“${text}”，请只填写一个数值` };
  // "50-100万元": a range, the second number was caught above; "-" alone before is a sign.
  const ignored: string[] = [];
  const b = before.replace(/[¥￥]|人民币|RMB|CNY/gi, (x) => {
    ignored.push(x);
    return "";
  });
  if (b) ignored.push(b);
  if (after) ignored.push(after);
  const value = Number(m[2].replace(/,/g, ""));
  if (!Number.isFinite(value)) return { error: `不是数字：“${text}”` };
  return { value, unit, factor, ignored };
}

function quoteAll(parts: string[]): string {
  return parts.map((p) => `“${p}”`).join("、");
}

/** Money in 万元 from a cell. */
export function parseMoneyWan(v: CellValue): Money {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { ok: false, reason: "不是有效的数字" };
    if (v < 0) return { ok: false, reason: "金额不能为负数" };
    return { ok: true, value: cleanNumber(v), converted: false };
  }
  if (v === null || v === undefined) return { ok: false, reason: "未填写金额" };
  if (typeof v === "boolean") return { ok: false, reason: "应填写数字金额（万元），不是是/否值" };
  if (v instanceof Date) return { ok: false, reason: "应填写数字金额（万元），不是日期" };
  const raw = String(v);
  const t0 = raw.trim();
  if (PLAIN.test(t0)) return { ok: true, value: cleanNumber(Number(t0)), converted: false };
  const t = compact(raw);
  if (t === "") return { ok: false, reason: "未填写金额" };
  if (PLAIN.test(t)) return { ok: true, value: cleanNumber(Number(t)), converted: false };
  const s = scan(t, UNITS);
  if ("error" in s) return { ok: false, reason: s.error === "不能为负数" ? "金额不能为负数" : s.error };
  const value = cleanNumber(s.value * s.factor);
  if (s.ignored.length === 0 && s.factor === 1 && (s.unit === "万元" || s.unit === "万" || s.unit === "")) {
    return { ok: true, value, converted: false };
  }
  const notes: string[] = [];
  if (s.ignored.length) notes.push(`已忽略文字${quoteAll(s.ignored)}`);
  if (s.unit && s.unit !== "万元" && s.unit !== "万") notes.push(`按 ${UNIT_LABEL[s.unit]} 换算为 ${value} 万元`);
  else notes.push(`按 ${value} 万元`);
  return { ok: true, value, converted: true, from: raw, note: notes.join("，") };
}

const COUNT_UNITS: [string, number][] = [];

/** A whole number ≥ 0 from a cell ("12", "12份", "12 张保单" → 12; text around it gives converted). */
export function parseCount(v: CellValue): Count {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { ok: false, reason: "不是有效的数字" };
    if (v < 0) return { ok: false, reason: "不能为负数" };
    const n = cleanNumber(v);
    if (!Number.isInteger(n)) return { ok: false, reason: `应为整数，实际为 ${n}` };
    return { ok: true, value: n, converted: false };
  }
  if (v === null || v === undefined) return { ok: false, reason: "未填写数量" };
  if (typeof v === "boolean") return { ok: false, reason: "应填写数量（整数），不是是/否值" };
  if (v instanceof Date) return { ok: false, reason: "应填写数量（整数），不是日期" };
  const raw = String(v);
  const t = compact(raw);
  if (t === "") return { ok: false, reason: "未填写数量" };
  const s = scan(t, COUNT_UNITS);
  if ("error" in s) return { ok: false, reason: s.error };
  const n = cleanNumber(s.value);
  if (!Number.isInteger(n)) return { ok: false, reason: `应为整数，实际为 ${n}` };
  if (s.ignored.length === 0) return { ok: true, value: n, converted: false };
  return { ok: true, value: n, converted: true, from: raw, note: `已忽略文字${quoteAll(s.ignored)}，按 ${n} 计` };
}

// Phone numbers (SPEC §5): mainland mobiles 1[3-9]XXXXXXXXX and landlines with area code
// 0XX(X)-XXXXXXX(X), optional extension. Written forms accepted: full-width digits, spaces,
// hyphens/dashes, dots, parentheses, +86 / 0086 / 86- prefixes, "(0311)86699155",
// "021-64743030-2709", "021-64743030转2709", "021 6474 3030 ext. 2709".
//
// Validity is confirmed with libphonenumber-js and its max metadata (the min metadata only
// checks lengths and accepts 68206187 or 12345678901). libphonenumber's own parse + isValid
// costs ≈ 15 µs per number — too slow for the rule engine's budget (100,000 rows in < 1 s);
// it builds its regular expressions on every call. So we normalise ourselves (strict shape
// check first, extension split off), then test the national number against the CN MOBILE
// and FIXED_LINE patterns of the same metadata, read once through Metadata's numbering plan
// (numberingPlan.type(t).pattern(): present at run time though not in the .d.ts) and compiled
// once (≈ 0.1 µs a test). Should a future libphonenumber-js drop that, we fall back to the
// public parsePhoneNumberFromString().isValid() with a bounded cache.
// test/parse/phone.test.ts checks that the fast path is in use and agrees with the library.
//
// We use the "core" entry point with the max metadata passed explicitly: the CommonJS build
// of "libphonenumber-js/max" exports no usable Metadata class (seen under tsx in CJS mode).
import { Metadata, parsePhoneNumberFromString } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/metadata.max.json";
import { toHalfWidth } from "./text.js";

export type Phone =
  | { ok: true; kind: "mobile"; normalized: string }
  | { ok: true; kind: "landline"; normalized: string; areaCode: string; extension?: string }
  | { ok: false; normalized: string; reason: string };

type Kind = "MOBILE" | "FIXED_LINE";

interface TypeDesc {
  pattern(): string;
}
interface PlanWithTypes {
  type?(t: string): TypeDesc | undefined;
}

function compileCnPatterns(): { mobile: RegExp; fixed: RegExp } | null {
  try {
    const md = new Metadata(metadata);
    md.selectNumberingPlan("CN");
    const plan = md.numberingPlan as unknown as PlanWithTypes | undefined;
    const mp = plan?.type?.("MOBILE")?.pattern();
    const fp = plan?.type?.("FIXED_LINE")?.pattern();
    if (typeof mp !== "string" || typeof fp !== "string" || !mp || !fp) return null;
    return { mobile: new RegExp("^(?:" + mp + ")$"), fixed: new RegExp("^(?:" + fp + ")$") };
  } catch {
    return null;
  }
}

const CN = compileCnPatterns();
const slowCache = new Map<string, boolean>();

/** libphonenumber-js's own verdict (slow path): parse the national number and check validity and type. */
export function libphonenumberValid(national: string, kind: Kind): boolean {
  const p = parsePhoneNumberFromString(kind === "FIXED_LINE" ? "0" + national : national, "CN", metadata);
  if (!p || !p.isValid()) return false;
  const t = p.getType();
  return t === kind || t === "FIXED_LINE_OR_MOBILE";
}

/** Is the national number (without the trunk 0) a valid CN number of this kind per libphonenumber's metadata? */
export function cnValid(national: string, kind: Kind): boolean {
  if (CN) return (kind === "MOBILE" ? CN.mobile : CN.fixed).test(national);
  const key = kind[0] + national;
  let v = slowCache.get(key);
  if (v === undefined) {
    v = libphonenumberValid(national, kind);
    if (slowCache.size > 50000) slowCache.clear();
    slowCache.set(key, v);
  }
  return v;
}

/** True when the fast path (patterns compiled from the metadata) is in use. */
export const PHONE_FAST_PATH = CN !== null;

// Extension at the end: 转2709, 分机2709, ext. 2709, x2709, #2709
const EXT_RE = /^(.*?)[\s,;]*(?:转|分机号?|ext\.?|extension|x|#)[\s:.]*(\d{1,6})\)?$/i;

const REASON_NO_AREA = "座机号码缺少区号，如 0311-86699155";
const REASON_MULTI = "含有多个号码，请只填写一个";

function fail(normalized: string, reason: string): Phone {
  return { ok: false, normalized, reason };
}

function isDash(c: number): boolean {
  return c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0x30fc || c === 0x2500;
}

/** Area code length (with the 0) of a national number starting with 0: 010, 02X → 3; 0[3-9]XX → 4; 0 when no area code fits. */
export function areaCodeLength(d: string): number {
  const c1 = d.charCodeAt(1);
  if (c1 === 0x31) return d.charCodeAt(2) === 0x30 ? 3 : 0; // 010 only
  if (c1 === 0x32) return 3;
  if (c1 >= 0x33 && c1 <= 0x39) return 4;
  return 0;
}

/** Subscriber-number shape after an area code: 7–8 digits, first digit 2–9. */
function subscriberShape(d: string, from: number): boolean {
  const len = d.length - from;
  if (len < 7 || len > 8) return false;
  const c = d.charCodeAt(from);
  return c >= 0x32 && c <= 0x39;
}

function landlineShape(d: string): boolean {
  if (d.charCodeAt(0) !== 0x30) return false;
  const a = areaCodeLength(d);
  return a > 0 && subscriberShape(d, a);
}

// Scan state of scanDigits (module-level to avoid an allocation per call; the code is synchronous).
let scanDigitsOut = "";
let scanGroups = 0;
let scanLastGroupStart = -1;
let scanPlus = false;

/** Collect the digits of a written number; −1 when all characters were phone characters, else the index of the first other one. */
function scanDigits(s: string): number {
  let digits = "";
  let groups = 0;
  let lastGroupStart = -1;
  let inGroup = false;
  let plus = false;
  let bad = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (!inGroup) {
        groups++;
        lastGroupStart = digits.length;
        inGroup = true;
      }
      digits += s[i];
      continue;
    }
    inGroup = false;
    if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x2e || c === 0x28 || c === 0x29 || isDash(c)) continue;
    if (c === 0x2b && digits === "") {
      plus = true;
      continue;
    }
    bad = i;
    break;
  }
  scanDigitsOut = digits;
  scanGroups = groups;
  scanLastGroupStart = lastGroupStart;
  scanPlus = plus;
  return bad;
}

const MOBILE_PLAIN = /^1[3-9]\d{9}$/;
const HAS_DIGIT = /\d/;
const MULTI_SEP = /[/,;、\n\r]/;

/** Parse one phone number, mobile or landline. */
export function parsePhone(raw: string): Phone {
  const p = parsePhoneCore(raw);
  // "0311-86699155 13800000000": two numbers separated by a space read as one long number.
  if (!p.ok && p.reason !== REASON_MULTI && SPACE.test(raw.trim())) {
    let ok = 0;
    for (const span of scanPhones(raw)) if (span.phone.ok) ok++;
    if (ok >= 2) return fail(p.normalized, REASON_MULTI);
  }
  return p;
}

function parsePhoneCore(raw: string): Phone {
  let s = toHalfWidth(raw).trim();
  if (s === "") return fail("", "未填写电话号码");
  // Fast path: 11 plain digits.
  if (s.length === 11 && MOBILE_PLAIN.test(s)) {
    return cnValid(s, "MOBILE")
      ? { ok: true, kind: "mobile", normalized: s }
      : fail(s, `不是有效的手机号码（号段 ${s.slice(0, 3)} 未启用）`);
  }
  let ext: string | undefined;
  let bad = scanDigits(s);
  if (bad >= 0) {
    // An extension written out (转2709, ext. 2709, 分机2709) is the only text allowed.
    const em = EXT_RE.exec(s);
    if (em && HAS_DIGIT.test(em[1])) {
      s = em[1];
      ext = em[2];
      bad = scanDigits(s);
    }
    if (bad >= 0) {
      const shown = toHalfWidth(raw).trim();
      if (MULTI_SEP.test(s[bad]) && scanDigitsOut !== "" && HAS_DIGIT.test(s.slice(bad + 1))) return fail(shown, REASON_MULTI);
      return fail(shown, `含有无法识别的字符“${s[bad]}”`);
    }
  }
  const digits = scanDigitsOut;
  const groups = scanGroups;
  let lastGroupStart = scanLastGroupStart;
  const plus = scanPlus;
  if (digits === "") return fail(s, "不是电话号码");
  // Country code.
  let d = digits;
  let intl = false;
  if (plus) {
    if (!d.startsWith("86")) return fail(digits, "不是中国大陆的电话号码（国家代码应为 +86）");
    d = d.slice(2);
    intl = true;
  } else if (d.startsWith("0086")) {
    d = d.slice(4);
    intl = true;
  } else if (d.startsWith("86") && (d.length === 13 || (groups > 1 && lastGroupStart !== 0 && /^86\D/.test(s.trim())))) {
    d = d.slice(2);
    intl = true;
  }
  if (intl) {
    lastGroupStart -= digits.length - d.length;
    // +86 21 6474 3030: the trunk 0 is dropped in the international form.
    if (d.charCodeAt(0) !== 0x30 && !(d.length === 11 && d.charCodeAt(0) === 0x31)) {
      d = "0" + d;
      lastGroupStart++;
    }
  }
  // 021-64743030-2709: a trailing short group after a complete landline is the extension.
  // (13800000000-123 is split the same way, to be refused with a clear reason below.)
  if (ext === undefined && groups >= 2 && lastGroupStart > 0 && d.length - lastGroupStart <= 6 && !landlineShape(d)) {
    const head = d.slice(0, lastGroupStart);
    if (landlineShape(head) || (head.length === 11 && head.charCodeAt(0) === 0x31)) {
      ext = d.slice(lastGroupStart);
      d = head;
    }
  }
  const c0 = d.charCodeAt(0);
  if (c0 === 0x31) {
    // mobile
    if (d.length !== 11) return fail(d, `手机号码应为11位，实际为${d.length}位`);
    const c1 = d.charCodeAt(1);
    if (c1 < 0x33 || c1 > 0x39) return fail(d, "不是有效的手机号码（应以13-19开头）");
    if (ext !== undefined) return fail(d, "手机号码不应带分机号");
    if (!cnValid(d, "MOBILE")) return fail(d, `不是有效的手机号码（号段 ${d.slice(0, 3)} 未启用）`);
    return { ok: true, kind: "mobile", normalized: d };
  }
  if (c0 === 0x30) {
    const a = areaCodeLength(d);
    if (a === 0) return fail(d, `区号“${d.slice(0, 4)}”无效`);
    const area = d.slice(0, a);
    const sub = d.slice(a);
    const shown = area + "-" + sub + (ext !== undefined ? "-" + ext : "");
    if (sub.length < 7) return fail(shown, `座机号码位数不足：区号 ${area} 后应为7-8位号码`);
    if (sub.length > 8) return fail(shown, `座机号码位数过多：区号 ${area} 后应为7-8位号码`);
    if (!subscriberShape(d, a)) return fail(shown, "座机号码的本地号码不应以0或1开头");
    if (!cnValid(d.slice(1), "FIXED_LINE")) return fail(shown, `座机号码无效（区号 ${area} 不存在或与号码位数不符）`);
    const r: Phone = { ok: true, kind: "landline", normalized: shown, areaCode: area };
    if (ext !== undefined) r.extension = ext;
    return r;
  }
  if ((d.length === 7 || d.length === 8) && c0 >= 0x32 && c0 <= 0x39) return fail(d, REASON_NO_AREA);
  if (d.length === 10 && (d.startsWith("400") || d.startsWith("800")))
    return fail(d, "400/800 号码不是手机或座机号码，请填写手机或带区号的座机号码");
  return fail(d, "不是手机或座机号码");
}

// A written phone number inside free text: digits with separators, optional +/( before and an extension after.
const PHONE_RUN = /[+(]?\d[\d \t\u00a0().\-\u2010-\u2015\u2212]*\d(?:[ \t]*(?:转|分机号?|ext\.?|x|#)[ \t:.]*\d{1,6})?/gi;

const TRAILING_JUNK = /[\s.(-]/;
const SPACE = /\s/;

function countDigits(s: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
}

export interface PhoneSpan {
  start: number;
  end: number;
  text: string;
  phone: Phone;
}

/**
 * Phone-number candidates in free text, with their positions and parse results: runs of
 * digits and separators with at least 6 digits. Runs holding several numbers separated by
 * spaces ("13800000000 13900000000", "180 3206 9673 021 6474 3030") are split where the parts
 * parse. Positions index the original text (toHalfWidth keeps positions).
 */
export function scanPhones(text: string): PhoneSpan[] {
  const h = toHalfWidth(text);
  const out: PhoneSpan[] = [];
  PHONE_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHONE_RUN.exec(h)) !== null) {
    let start = m.index;
    let end = start + m[0].length;
    // Trim separators that belong to the text around ("(" without ")", trailing dots).
    while (end > start && TRAILING_JUNK.test(h[end - 1])) end--;
    if (h[start] === "(" && h.indexOf(")", start) < 0) start++;
    const whole = text.slice(start, end);
    if (countDigits(h, start, end) < 6) continue;
    const p = parsePhoneCore(whole);
    if (p.ok) {
      out.push({ start, end, text: whole, phone: p });
      continue;
    }
    splitRun(text, h, start, end, out, p);
  }
  return out;
}

function splitRun(text: string, h: string, start: number, end: number, out: PhoneSpan[], wholeResult: Phone): void {
  // Parts separated by white space.
  const parts: [number, number][] = [];
  let i = start;
  while (i < end) {
    while (i < end && SPACE.test(h[i])) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && !SPACE.test(h[j])) j++;
    parts.push([i, j]);
    i = j;
  }
  if (parts.length <= 1) {
    out.push({ start, end, text: text.slice(start, end), phone: wholeResult });
    return;
  }
  let badStart = -1;
  let badEnd = -1;
  const flushBad = () => {
    if (badStart >= 0 && countDigits(h, badStart, badEnd) >= 6) {
      const t = text.slice(badStart, badEnd);
      out.push({ start: badStart, end: badEnd, text: t, phone: parsePhoneCore(t) });
    }
    badStart = -1;
  };
  let k = 0;
  while (k < parts.length) {
    let found = -1;
    let phone: Phone | undefined;
    for (let j = parts.length - 1; j >= k; j--) {
      const p = parsePhoneCore(text.slice(parts[k][0], parts[j][1]));
      if (p.ok) {
        found = j;
        phone = p;
        break;
      }
    }
    if (found < 0) {
      if (badStart < 0) badStart = parts[k][0];
      badEnd = parts[k][1];
      k++;
      continue;
    }
    flushBad();
    const a = parts[k][0];
    const b = parts[found][1];
    out.push({ start: a, end: b, text: text.slice(a, b), phone: phone! });
    k = found + 1;
  }
  flushBad();
}

/** Candidate phone substrings in free text ("张三 13800000000", "王老师 021-64743030-2709"), valid or not. */
export function findPhones(text: string): string[] {
  return scanPhones(text).map((s) => s.text);
}

/** Several numbers in one cell, separated by / ; , 、 or line breaks: each parsed. */
export function parsePhones(raw: string): Phone[] {
  return toHalfWidth(raw)
    .split(/[/;,、\n\r]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map(parsePhone);
}

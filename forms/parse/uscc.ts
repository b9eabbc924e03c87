// 组织机构代码/三证合一码 (SPEC §5): the 18-character unified social credit code
// (GB 32100-2015) and the 9-character organisation code (GB 11714-1997).
//
// USCC layout (1-based positions):
//   1      登记管理部门代码 (registration authority): 1 机构编制, 2 外交, 3 司法行政, 4 文化,
//          5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商/市场监管, A 中央军委改革和编制办公室,
//          N 农业农村 (农村集体经济组织), Y 其他. We also accept B–G (reserved by the standard
//          for further authorities, per the brief), so a rare but real code is never refused.
//   2      机构类别代码 (organisation type within the authority)
//   3–8    登记管理机关行政区划码 (GB/T 2260 division, see divisions.ts)
//   9–17   主体标识码 = the GB 11714 organisation code, itself with a check character
//   18     校验码 over positions 1–17, charset 0-9 A-H J-N P-R T U W-Y (31 characters).
// The org-code check inside a USCC (positions 9–17) is reported separately (orgChecksumOk):
// codes issued since 2015 satisfy it, but some older registrations carried over body codes
// whose own check was never enforced, so a failure there is informative, not an error.
import { toHalfWidth } from "./text.js";

export type CreditCode =
  | { kind: "uscc"; code: string; checksumOk: boolean; expected: string; division: string; orgChecksumOk: boolean }
  | { kind: "org"; code: string; checksumOk: boolean; expected: string }
  | { kind: "invalid"; code: string; reason: string; suggestion?: string };

/** The 31 characters of GB 32100, in value order (I O S V Z excluded). */
export const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** Allowed first characters (registration authority). */
const AUTHORITY = "123456789ABCDEFGNY";

// char code → USCC value (−1 when not allowed), for 0..127
const USCC_VALUE = new Int8Array(128);
for (let i = 0; i < 128; i++) USCC_VALUE[i] = -1;
for (let i = 0; i < USCC_CHARS.length; i++) USCC_VALUE[USCC_CHARS.charCodeAt(i)] = i;

/** GB 11714 value of a character: 0-9 → 0–9, A-Z → 10–35; −1 otherwise. */
function orgValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** The check character of a USCC from its first 17 characters ("" when a character is not allowed). */
export function computeUsccCheck(first17: string): string {
  if (first17.length < 17) return "";
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    const v = c < 128 ? USCC_VALUE[c] : -1;
    if (v < 0) return "";
    sum += v * USCC_WEIGHTS[i];
  }
  const r = 31 - (sum % 31);
  return USCC_CHARS[r === 31 ? 0 : r];
}

/** The check character of an organisation code from its first 8 characters: 0-9 or X ("" when a character is not allowed). */
export function computeOrgCheck(first8: string): string {
  if (first8.length < 8) return "";
  return orgCheckAt(first8, 0);
}

const ORG_CHECK_CHARS = "0123456789X0"; // index r = 11 - (sum mod 11), 1..11; 10 → X, 11 → 0

/** GB 11714 check of the 8 characters starting at `from` ("" when one is not allowed). */
function orgCheckAt(s: string, from: number): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgValue(s.charCodeAt(from + i));
    if (v < 0) return "";
    sum += v * ORG_WEIGHTS[i];
  }
  return ORG_CHECK_CHARS[11 - (sum % 11)];
}

/**
 * A valid USCC from its parts: `prefix2` = authority + type ("91"), `division6` ("130100"),
 * `org9body8` = the first 8 characters of the organisation code (its check is computed).
 * The body must use the 31-character set (no I O S V Z).
 */
export function makeUscc(prefix2: string, division6: string, org9body8: string): string {
  const body = org9body8.toUpperCase();
  const first17 = prefix2.toUpperCase() + division6 + body + computeOrgCheck(body);
  return first17 + computeUsccCheck(first17);
}

/** A valid organisation code XXXXXXXX-X from its first 8 characters. */
export function makeOrgCode(body8: string, withHyphen = true): string {
  const b = body8.toUpperCase();
  return b + (withHyphen ? "-" : "") + computeOrgCheck(b);
}

function isDropped(c: number): boolean {
  return (
    c === 0x20 || // space (U+3000 became a space in toHalfWidth)
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0xfeff ||
    c === 0x2d || // -
    (c >= 0x2010 && c <= 0x2015) || // ‐ ‑ ‒ – — ―
    c === 0x2212 || // −
    c === 0x22 || // "
    c === 0x27 || // ' (also Excel's text prefix)
    (c >= 0x2018 && c <= 0x201d) || // ‘ ’ ‚ ‛ “ ”
    c === 0x300c ||
    c === 0x300d // 「 」
  );
}

/** Half-width, upper case, without white space, hyphens/dashes and quotes. */
export function normalizeCreditCode(raw: string): string {
  const s = toHalfWidth(raw);
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDropped(c) || (c >= 97 && c <= 122)) break;
  }
  if (i === n) return s; // already clean (the usual case)
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDropped(c)) continue;
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : s[i];
  }
  return out;
}

const LOOKALIKE: Record<string, string> = { O: "0", I: "1", Z: "2", S: "5", V: "U" };

function describeChar(ch: string): string {
  return /\s/.test(ch) ? "空白" : ch;
}

/** Parse and check a 组织机构代码/三证合一码 cell. */
export function parseCreditCode(raw: string): CreditCode {
  const code = normalizeCreditCode(raw);
  const n = code.length;
  if (n === 18) return parseUscc(code);
  if (n === 9) return parseOrg(code);
  if (n === 0) return { kind: "invalid", code, reason: "未填写统一社会信用代码" };
  if (n === 15 && /^\d{15}$/.test(code))
    return {
      kind: "invalid",
      code,
      reason: "应为18位统一社会信用代码或9位组织机构代码，实际为15位（像是旧的工商注册号，请填写18位统一社会信用代码）",
    };
  return { kind: "invalid", code, reason: `应为18位统一社会信用代码或9位组织机构代码，实际为${n}位` };
}

function parseUscc(code: string): CreditCode {
  let forbidden = "";
  for (let i = 0; i < 18; i++) {
    const c = code.charCodeAt(i);
    if (c < 128 && USCC_VALUE[c] >= 0) continue;
    const ch = code[i];
    if (ch in LOOKALIKE) {
      if (!forbidden.includes(ch)) forbidden += ch;
      continue;
    }
    return { kind: "invalid", code, reason: `含有不允许的字符“${describeChar(ch)}”（第${i + 1}位）` };
  }
  if (forbidden) {
    // Suggest the look-alike digits/letters when that gives a code whose check character is right.
    let fixed = "";
    for (let i = 0; i < 18; i++) fixed += LOOKALIKE[code[i]] ?? code[i];
    const suggestion = computeUsccCheck(fixed) === fixed[17] ? fixed : undefined;
    return {
      kind: "invalid",
      code,
      reason: `含有不允许的字符 I/O/Z/S/V（统一社会信用代码不使用这些字母）：${forbidden.split("").join("、")}`,
      ...(suggestion ? { suggestion } : {}),
    };
  }
  if (!AUTHORITY.includes(code[0]))
    return { kind: "invalid", code, reason: `第1位登记管理部门代码“${code[0]}”无效（应为1-9、A-G、N或Y）` };
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return { kind: "invalid", code, reason: "第3-8位应为6位数字的行政区划代码" };
  }
  const expected = computeUsccCheck(code);
  return {
    kind: "uscc",
    code,
    checksumOk: expected === code[17],
    expected,
    division: code.slice(2, 8),
    orgChecksumOk: orgCheckAt(code, 8) === code[16],
  };
}

function parseOrg(code: string): CreditCode {
  for (let i = 0; i < 8; i++) {
    if (orgValue(code.charCodeAt(i)) < 0)
      return { kind: "invalid", code, reason: `含有不允许的字符“${describeChar(code[i])}”（第${i + 1}位）` };
  }
  const last = code.charCodeAt(8);
  if (!((last >= 48 && last <= 57) || last === 88))
    return { kind: "invalid", code, reason: `组织机构代码的校验位应为数字或X，实际为“${describeChar(code[8])}”` };
  const expected = computeOrgCheck(code);
  return { kind: "org", code, checksumOk: expected === code[8], expected };
}

/** The code written the canonical way: 18 characters, or XXXXXXXX-X for an organisation code. */
export function formatCreditCode(c: CreditCode): string {
  return c.kind === "org" ? c.code.slice(0, 8) + "-" + c.code[8] : c.code;
}

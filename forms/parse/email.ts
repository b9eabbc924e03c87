// E-mail addresses, pragmatic: local@domain.tld as people write them on forms.
// isEmail() is strict about the characters (half-width only, no spaces); Chinese-style
// full-width ＠ and ．/。 are accepted only through normalizeEmail() first — the rule engine
// should call isEmail(normalizeEmail(cell)) and offer the normalised form as the fix.
import { toHalfWidth, trimAll } from "./text.js";

// Local part: dot-atoms of RFC 5322 atext (no leading, trailing or double dots).
// Domain: labels of letters/digits/hyphens not starting or ending with a hyphen; the last label
// (TLD) letters only (2–63) or an IDN xn-- label. At least one dot in the domain.
const EMAIL_RE =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

const IDEOGRAPHIC_DOT = /\u3002/g;

/** True for a plausible e-mail address (no normalisation: call normalizeEmail first for full-width input). */
export function isEmail(s: string): boolean {
  return s.length <= 254 && s.length >= 6 && EMAIL_RE.test(s);
}

/**
 * Half-width (＠ → @, ．→ .), 。 → ., trimmed, "mailto:" and surrounding <> removed, domain
 * lower-cased. The local part keeps its case.
 */
export function normalizeEmail(s: string): string {
  let t = trimAll(toHalfWidth(s));
  if (t.indexOf("\u3002") >= 0) t = t.replace(IDEOGRAPHIC_DOT, ".");
  const c0 = t.charCodeAt(0);
  if ((c0 === 0x6d || c0 === 0x4d) && t.length > 7 && t.slice(0, 7).toLowerCase() === "mailto:") t = t.slice(7);
  if (c0 === 0x3c && t.endsWith(">")) t = t.slice(1, -1);
  const at = t.lastIndexOf("@");
  if (at > 0) {
    for (let i = at + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x41 && c <= 0x5a) {
        t = t.slice(0, at + 1) + t.slice(at + 1).toLowerCase();
        break;
      }
    }
  }
  return t;
}

export type Email = { ok: true; normalized: string; changed: boolean } | { ok: false; normalized: string; reason: string };

/** normalizeEmail + isEmail, with a reason in Chinese when it fails. `changed` says the cell should be rewritten (fix). */
export function parseEmail(raw: string): Email {
  const normalized = normalizeEmail(raw);
  if (isEmail(normalized)) return { ok: true, normalized, changed: normalized !== raw };
  return { ok: false, normalized, reason: emailReason(normalized) };
}

/** Why a (normalised) text is not an e-mail address, in Chinese. */
export function emailReason(s: string): string {
  if (s === "") return "未填写电子邮箱";
  if (/\s/.test(s)) return "电子邮箱中不应有空格";
  const ats = s.split("@").length - 1;
  if (ats === 0) return "电子邮箱缺少“@”";
  if (ats > 1) return "电子邮箱中有多个“@”";
  const [local, domain] = s.split("@");
  if (local === "") return "电子邮箱“@”前缺少用户名";
  if (domain === "") return "电子邮箱“@”后缺少域名";
  if (s.includes("..")) return "电子邮箱中有连续的“.”";
  if (!domain.includes(".")) return `电子邮箱域名不完整，缺少“.com”等后缀（如 ${local}@${domain}.com）`;
  if (/[^\x21-\x7e]/.test(s)) return "电子邮箱含有中文或全角字符";
  if (!/\.[A-Za-z]{2,63}$/.test(domain) && !/\.xn--[A-Za-z0-9-]+$/i.test(domain)) return "电子邮箱域名后缀无效";
  return "不是有效的电子邮箱";
}

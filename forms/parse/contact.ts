// 联系方式（手机与邮箱） and 联系人及联系方式 cells (SPEC §5): phones and e-mail addresses in
// one cell, in any order, separated by / ／ ; ； , ， 、 spaces or line breaks — or by nothing
// at all ("13800000000zhang@qq.com"), with labels like "手机：" "邮箱:" around them.
import { isEmail, normalizeEmail } from "./email.js";
import { cnValid, scanPhones } from "./phone.js";
import { toHalfWidth } from "./text.js";

export interface Contact {
  /** Valid mobiles, 11 digits. */
  mobiles: string[];
  /** Valid landlines, normalised "0311-86699155" / "021-64743030-2709". */
  landlines: string[];
  /** Valid e-mail addresses (normalised: half-width, domain lower-cased). */
  emails: string[];
  /** Digit runs that look like a phone number (6+ digits) but are not valid, as written. */
  badPhones: string[];
  /** Tokens with an @ that are not valid e-mail addresses, as written. */
  badEmails: string[];
  /** Other text: names, titles, notes. Labels such as 手机/邮箱/电话 are dropped. */
  rest: string[];
}

export interface PersonContact extends Contact {
  /** The person's name: the first remaining text token (removed from rest). */
  name?: string;
}

/** Characters that can be part of an e-mail token (ASCII printable, minus separators). */
function isEmailChar(c: number): boolean {
  if (c <= 0x20 || c >= 0x7f) return false;
  // / ; , : ( ) < > [ ] " and | separate
  return !(
    c === 0x2f ||
    c === 0x3b ||
    c === 0x2c ||
    c === 0x3a ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x22 ||
    c === 0x7c
  );
}

const FAST_MOBILE_EMAIL = /^\s*(1[3-9]\d{9})\s*[/;,、\s]\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)\s*$/;
const FAST_EMAIL_MOBILE = /^\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)\s*[/;,、\s]\s*(1[3-9]\d{9})\s*$/;
const IDEOGRAPHIC_DOT = /\u3002(?=[A-Za-z])/g;
const MOBILE_HEAD = /^1[3-9]\d{9}(?=[A-Za-z._])/;
const EMAIL_THEN_MOBILE = /^(.*\.[A-Za-z]{2,63})(1[3-9]\d{9})$/;
const SEPARATORS = /[\s/;,、|:()<>[\]"'“”‘’。·]+/;
const HAS_TEXT = /[^\s/;,、|:()<>[\]"'“”‘’。·]/;
const LABEL_HEAD =
  /^(?:联系人|联系方式|联系电话|手机号码|手机号|移动电话|手机|电话号码|办公电话|固定电话|固话|座机|电话|电子邮箱|电子邮件|邮箱地址|邮箱|邮件|e-?mail|mail|tel|phone|mobile|qq)+/i;
const LABEL_TAIL = /(?:手机号码|手机号|手机|电话|座机|邮箱|电子邮箱)+$/;
// Punctuation and symbols only (ASCII, Latin-1, general punctuation, CJK and full-width forms).
// No /u property escapes here: the add-in must also run in Office 2016's IE11 web view.
const PUNCT_ONLY =
  /^[!-/:-@[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2190-\u2bff\u3001-\u303f\ufe30-\ufe6f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffee]+$/;

function blank(s: string, a: number, b: number): string {
  return s.slice(0, a) + " ".repeat(b - a) + s.slice(b);
}

/** Parse a 联系方式 cell: mobiles, landlines and e-mails in any order and with any separators. */
export function parseContact(raw: string): Contact {
  const r: Contact = { mobiles: [], landlines: [], emails: [], badPhones: [], badEmails: [], rest: [] };
  if (!raw) return r;
  // Positions are kept: toHalfWidth is one code unit for one, and blanking keeps lengths.
  let h = toHalfWidth(raw);
  if (h.indexOf("\u3002") >= 0) h = h.replace(IDEOGRAPHIC_DOT, ".");
  let mask = h;

  // Fast path: the usual "mobile / e-mail" or "e-mail / mobile" with one separator.
  let mobile = "";
  let emailRaw = "";
  let fm = FAST_MOBILE_EMAIL.exec(h);
  if (fm) {
    mobile = fm[1];
    emailRaw = fm[2];
  } else if ((fm = FAST_EMAIL_MOBILE.exec(h))) {
    emailRaw = fm[1];
    mobile = fm[2];
  }
  if (fm) {
    const email = normalizeEmail(emailRaw);
    if (cnValid(mobile, "MOBILE") && isEmail(email)) {
      r.mobiles.push(mobile);
      r.emails.push(email);
      return r;
    }
  }

  // 1. E-mail tokens: maximal runs of e-mail characters around each @.
  for (let at = h.indexOf("@"); at >= 0; at = h.indexOf("@", at + 1)) {
    if (mask[at] !== "@") continue; // already consumed by an earlier token
    let a = at;
    while (a > 0 && isEmailChar(h.charCodeAt(a - 1))) a--;
    let b = at + 1;
    while (b < h.length && isEmailChar(h.charCodeAt(b))) b++;
    // Trailing dots and hyphens belong to the sentence, not the address.
    while (b > at + 1 && (h[b - 1] === "." || h[b - 1] === "-")) b--;
    let token = h.slice(a, b);
    let ta = a;
    // "13800000000zhang@qq.com": a mobile glued in front.
    const head = token.charCodeAt(0) === 0x31 ? MOBILE_HEAD.exec(token) : null;
    if (head) {
      (cnValid(head[0], "MOBILE") ? r.mobiles : r.badPhones).push(head[0]);
      ta = a + 11;
      token = token.slice(11);
    }
    // "zhang@qq.com13800000000": a mobile glued behind.
    const last = token.charCodeAt(token.length - 1);
    const tail = last >= 0x30 && last <= 0x39 ? EMAIL_THEN_MOBILE.exec(token) : null;
    if (tail && isEmail(tail[1])) {
      (cnValid(tail[2], "MOBILE") ? r.mobiles : r.badPhones).push(tail[2]);
      token = tail[1];
    }
    const e = normalizeEmail(token);
    if (isEmail(e)) r.emails.push(e);
    else r.badEmails.push(raw.slice(ta, ta + token.length));
    mask = blank(mask, a, b);
  }

  // 2. Phone numbers in what is left.
  for (const span of scanPhones(mask)) {
    const p = span.phone;
    const written = raw.slice(span.start, span.end).trim();
    if (p.ok) {
      if (p.kind === "mobile") r.mobiles.push(p.normalized);
      else r.landlines.push(p.normalized);
    } else r.badPhones.push(written);
    mask = blank(mask, span.start, span.end);
  }
  h = mask;

  // 3. The rest: names, notes; labels dropped.
  if (!HAS_TEXT.test(h)) return r;
  for (let t of h.split(SEPARATORS)) {
    if (t === "") continue;
    t = t.replace(LABEL_HEAD, "").replace(LABEL_TAIL, "");
    if (t === "" || PUNCT_ONLY.test(t)) continue;
    r.rest.push(t);
  }
  return r;
}

// Han characters of the BMP (Ext A, URO, compatibility ideographs).
const FAST_NAME_MOBILE =
  /^\s*([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{1,9})\s*[/;,，；、\s]?\s*(1[3-9]\d{9})\s*$/;
const NAME_LIKE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]/;

/** Parse a 联系人及联系方式 cell ("张三 13800000000", "李四/0311-86699155/li@x.com"): the same as parseContact plus the name. */
export function parsePersonContact(raw: string): PersonContact {
  // Fast path: "张三 13800000000", "张三/13800000000", "张三13800000000".
  const fm = FAST_NAME_MOBILE.exec(raw);
  if (fm && !LABEL_HEAD.test(fm[1]) && !LABEL_TAIL.test(fm[1]) && cnValid(fm[2], "MOBILE")) {
    return { mobiles: [fm[2]], landlines: [], emails: [], badPhones: [], badEmails: [], rest: [], name: fm[1] };
  }
  const c: PersonContact = parseContact(raw);
  const i = c.rest.findIndex((t) => NAME_LIKE.test(t));
  if (i >= 0) {
    c.name = c.rest[i];
    c.rest.splice(i, 1);
  }
  return c;
}

// Cell-level rules: one value against its field's kind. Codes: uscc.format, uscc.checksum,
// phone.invalid, contact.mobile_missing, contact.email_missing, email.invalid, enum.invalid,
// enum.unlisted, enum.other_unspecified, text.too_long, number.invalid, number.converted,
// date.invalid, date.late, name.not_full, text.whitespace.
import type { FieldValue, Issue } from "../model.js";
import type { FieldKind } from "../tables.js";
import { cellText, whitespaceFix } from "../parse/text.js";
import { parseCreditCode } from "../parse/uscc.js";
import { parsePhone } from "../parse/phone.js";
import { isEmail, normalizeEmail } from "../parse/email.js";
import { parseContact, parsePersonContact } from "../parse/contact.js";
import { matchCategory, matchOption } from "../parse/options.js";
import { countWords } from "../parse/words.js";
import { parseCount, parseMoneyWan } from "../parse/money.js";
import { parseDate } from "../parse/date.js";
import { cellIssue, quote, type CellRef, type Emit, type RuleContext } from "./context.js";

type CellRule = (text: string, at: CellRef, ctx: RuleContext, emit: Emit) => void;

const CHECKERS: Partial<Record<FieldKind, CellRule>> = {
  creditCode: checkCreditCode,
  phone: checkPhone,
  email: checkEmail,
  contact: checkContact,
  personContact: checkPersonContact,
  enum: checkOption,
  category: checkCategory,
  longText: checkLength,
  money: checkMoney,
  count: checkCount,
  date: checkDate,
  unitName: checkUnitName,
};

/** Kinds whose stray spaces and full-width characters are worth an info with a fix. */
const WHITESPACE_KINDS = new Set<FieldKind>([
  "unitName",
  "text",
  "person",
  "phone",
  "email",
  "contact",
  "personContact",
  "enum",
  "category",
  "money",
  "count",
]);

/** Run the checks of one non-empty cell. */
export function checkCell(at: CellRef, ctx: RuleContext, emit: Emit): void {
  const v = at.fv.value;
  const text = cellText(v);
  if (text.trim() === "") return;
  if (at.fv.parts?.length) {
    // A field split over several cells (手机 | 邮箱 under 联系方式（手机与邮箱））: each part is checked in its own cell.
    if (at.field.kind === "contact") checkContactParts(at, emit);
    else CHECKERS[at.field.kind]?.(text, at, ctx, emit);
    for (const part of at.fv.parts) whitespace({ ...at, fv: part }, emit);
    return;
  }
  let fixed = false;
  CHECKERS[at.field.kind]?.(text, at, ctx, (i) => {
    if (i.code === "text.whitespace") fixed = true;
    emit(i);
  });
  // One fix per cell: a checker's own fix (credit-code case, a ticked box) already cleans the spacing.
  if (!fixed) whitespace(at, emit);
}

/** text.whitespace with a fix for stray spaces and full-width characters in one cell. */
function whitespace(at: CellRef, emit: Emit): void {
  const v = at.fv.value;
  if (typeof v === "string" && WHITESPACE_KINDS.has(at.field.kind)) {
    const fix = whitespaceFix(v);
    if (fix)
      emit(
        cellIssue("text.whitespace", at, `${at.field.label}${fix.reasons.join("、")}，可自动修正为${quote(fix.fixed)}。`, {
          fix: fix.fixed,
        }),
      );
  }
}

function checkCreditCode(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const code = parseCreditCode(text);
  if (code.kind === "invalid") {
    emit(
      cellIssue(
        "uscc.format",
        at,
        `${quote(text)}不是有效的统一社会信用代码（18位）或组织机构代码（9位，如 XXXXXXXX-X）：${code.reason}。${
          code.suggestion ? `是否应为“${code.suggestion}”（字母O、I、Z、S与数字0、1、2、5容易混淆）？` : ""
        }请对照营业执照或法人证书填写。`,
      ),
    );
    return;
  }
  if (!code.checksumOk) {
    const last = code.code.slice(-1);
    emit(
      cellIssue(
        "uscc.checksum",
        at,
        code.kind === "uscc"
          ? `统一社会信用代码校验位不对：按前17位计算，第18位应为“${code.expected}”，实际为“${last}”。请对照营业执照逐位核对（常见错误：数字0与字母O、1与I、2与Z）。`
          : `组织机构代码校验位不对：按前8位计算，校验码应为“${code.expected}”，实际为“${last}”。请对照证书逐位核对。`,
      ),
    );
    return;
  }
  // Lower case, spaces, full-width characters: the code is right, the spelling is fixable.
  const written = text.trim();
  const canonical = code.kind === "uscc" ? code.code : `${code.code.slice(0, 8)}-${code.code.slice(8)}`;
  if (code.kind === "uscc" && written !== canonical) {
    emit(
      cellIssue("text.whitespace", at, `统一社会信用代码应写成18位大写字母和数字，可自动修正为“${canonical}”。`, {
        fix: canonical,
      }),
    );
  } else if (code.kind === "org" && written !== canonical && written !== code.code) {
    emit(cellIssue("text.whitespace", at, `组织机构代码可自动修正为“${canonical}”。`, { fix: canonical }));
  }
}

function checkPhone(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const p = parsePhone(text);
  if (!p.ok)
    emit(
      cellIssue(
        "phone.invalid",
        at,
        `${quote(text)}不是有效的电话号码：${p.reason}。请填写11位手机号码或带区号的座机号码（如 0311-86699155、021-64743030-2709）。`,
      ),
    );
}

function checkEmail(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  if (!isEmail(normalizeEmail(text)))
    emit(cellIssue("email.invalid", at, `${quote(text)}不是有效的电子邮箱地址，请写成 name@example.com 的形式。`));
}

function checkContact(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const c = parseContact(text);
  for (const bad of c.badPhones)
    emit(cellIssue("phone.invalid", at, `联系方式中的${quote(bad)}不是有效的手机号码，请核对（11位，以1开头）。`));
  for (const bad of c.badEmails)
    emit(cellIssue("email.invalid", at, `联系方式中的${quote(bad)}不是有效的电子邮箱地址，请核对。`));
  if (c.mobiles.length === 0 && c.badPhones.length === 0)
    emit(
      cellIssue(
        "contact.mobile_missing",
        at,
        c.landlines.length
          ? `联系方式只有座机号码，缺少手机号码。请按“手机号码/电子邮箱”填写，如 13800000000/zhang@example.com。`
          : `联系方式缺少手机号码。请按“手机号码/电子邮箱”填写，如 13800000000/zhang@example.com。`,
      ),
    );
  if (c.emails.length === 0 && c.badEmails.length === 0)
    emit(
      cellIssue(
        "contact.email_missing",
        at,
        `联系方式缺少电子邮箱。请按“手机号码/电子邮箱”填写，如 13800000000/zhang@example.com。`,
      ),
    );
}

const MOBILE_PART = /手机|移动电话|电话/;
const EMAIL_PART = /邮|mail/i;

/**
 * 联系方式（手机与邮箱） split over sub-columns (手机 | 邮箱): a bad number or address is reported
 * in the cell that holds it; a missing mobile in the 手机 cell and a missing e-mail in the 邮箱
 * cell (by their sub-headings; without them, the first and the last empty part).
 */
function checkContactParts(at: CellRef, emit: Emit): void {
  const parts = at.fv.parts!;
  let mobiles = 0;
  let landlines = 0;
  let emails = 0;
  let badPhones = 0;
  let badEmails = 0;
  let mobilePart: FieldValue | undefined;
  let emailPart: FieldValue | undefined;
  const empty: FieldValue[] = [];
  for (const part of parts) {
    if (part.heading && !mobilePart && MOBILE_PART.test(part.heading)) mobilePart = part;
    else if (part.heading && !emailPart && EMAIL_PART.test(part.heading)) emailPart = part;
    const text = cellText(part.value);
    if (text.trim() === "") {
      empty.push(part);
      continue;
    }
    const c = parseContact(text);
    const pat: CellRef = { ...at, fv: part };
    const where = part.heading ? `“${part.heading}”一栏` : "联系方式";
    for (const bad of c.badPhones)
      emit(cellIssue("phone.invalid", pat, `${where}中的${quote(bad)}不是有效的手机号码，请核对（11位，以1开头）。`));
    for (const bad of c.badEmails)
      emit(cellIssue("email.invalid", pat, `${where}中的${quote(bad)}不是有效的电子邮箱地址，请核对。`));
    mobiles += c.mobiles.length;
    landlines += c.landlines.length;
    emails += c.emails.length;
    badPhones += c.badPhones.length;
    badEmails += c.badEmails.length;
  }
  const label = at.field.label;
  if (mobiles === 0 && badPhones === 0) {
    const fv = mobilePart ?? empty[0] ?? parts[0];
    emit(
      cellIssue(
        "contact.mobile_missing",
        { ...at, fv },
        `${label}${fv.heading ? `的“${fv.heading}”一栏` : ""}${landlines ? "只有座机号码，缺少手机号码" : "缺少手机号码"}，请填写11位手机号码，如 13800000000。`,
      ),
    );
  }
  if (emails === 0 && badEmails === 0) {
    const fv = emailPart ?? empty[empty.length - 1] ?? parts[parts.length - 1];
    emit(
      cellIssue(
        "contact.email_missing",
        { ...at, fv },
        `${label}${fv.heading ? `的“${fv.heading}”一栏` : ""}缺少电子邮箱，请填写，如 zhang@example.com。`,
      ),
    );
  }
}

function checkPersonContact(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const c = parsePersonContact(text);
  for (const bad of c.badPhones) emit(cellIssue("phone.invalid", at, `${quote(bad)}不是有效的电话号码，请核对。`));
  for (const bad of c.badEmails) emit(cellIssue("email.invalid", at, `${quote(bad)}不是有效的电子邮箱地址，请核对。`));
  if (!c.mobiles.length && !c.landlines.length && !c.badPhones.length)
    emit(cellIssue("phone.invalid", at, `联系人及联系方式中没有电话号码，请写成“姓名 手机号码”，如 张三 13800000000。`));
}

function checkOption(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const options = at.field.options ?? [];
  if (!options.length) return;
  const m = matchOption(text, options);
  if (m.status === "exact") {
    if (m.option !== text.trim() && /[□☑■√✓✔☒]/.test(text))
      emit(cellIssue("text.whitespace", at, `勾选框文字可自动修正为“${m.option}”。`, { fix: m.option }));
    return;
  }
  if (m.status === "other") return;
  if (m.status === "otherUnspecified") {
    emit(
      cellIssue(
        "enum.other_unspecified",
        at,
        `${at.field.label}选择了“其他”，但没有注明具体内容。请写成“其他（具体内容）”，如${at.field.key === "nature" ? "“其他（社会团体）”" : "“其他（钢铁）”"}。`,
      ),
    );
    return;
  }
  const hint = m.suggestion ? `是否应为“${m.suggestion}”？` : "";
  if (at.field.closed)
    emit(
      cellIssue(
        "enum.invalid",
        at,
        `${quote(text)}不是${at.field.label}的可选项。${hint}请从下拉列表中选择：${options.join("、")}。`,
      ),
    );
  else
    emit(
      cellIssue(
        "enum.unlisted",
        at,
        `${quote(text)}不在通知列出的${at.field.label}中${m.suggestion ? `（最接近“${m.suggestion}”）` : ""}，请确认填写无误。`,
      ),
    );
}

function checkCategory(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const prefixes = at.field.options ?? [];
  const m = matchCategory(text, prefixes);
  if (m.status === "ok") return;
  if (m.status === "noDetail") {
    emit(
      cellIssue(
        "enum.other_unspecified",
        at,
        `${at.field.label}“${m.prefix}”后须注明具体内容，请写成“${m.prefix}：具体内容”，如“${example(m.prefix)}”。`,
      ),
    );
    return;
  }
  emit(
    cellIssue(
      "enum.invalid",
      at,
      `${quote(text)}不是${at.field.label}的可选项${m.suggestion ? `（是否应为“${m.suggestion}”？）` : ""}。请写成“${prefixes.join("：…”或“")}：…”，冒号后注明具体内容。`,
    ),
  );
}

function example(prefix: string): string {
  return (
    {
      重点行业领域: "重点行业领域：金融",
      重点主体: "重点主体：中小企业",
      企业类: "企业类：工业互联网",
      产品服务类: "产品服务类：网络安全服务",
    }[prefix] ?? `${prefix}：…`
  );
}

function checkLength(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const limit = at.field.maxWords;
  if (!limit) return;
  const n = countWords(text);
  if (n > limit)
    emit(
      cellIssue(
        "text.too_long",
        at,
        `${at.field.label}共${n}字，超过${limit}字的限制，请删减${n - limit}字（按 Word/WPS 字数统计）。`,
        {
          value: text.length > 40 ? text.slice(0, 40) + "…" : text,
        },
      ),
    );
}

function checkMoney(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const m = parseMoneyWan(at.fv.value);
  if (!m.ok) {
    emit(cellIssue("number.invalid", at, `${quote(text)}不是有效的金额：${m.reason}。请填写以万元为单位的数字，如 50 或 50.5。`));
    return;
  }
  if (m.converted)
    emit(
      cellIssue(
        "number.converted",
        at,
        `${at.field.label}写成了${quote(text)}，${m.note}。请确认后直接填写以万元为单位的数字 ${m.value}。`,
        {
          fix: m.value,
        },
      ),
    );
}

function checkCount(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  const m = parseCount(at.fv.value);
  if (!m.ok) {
    emit(cellIssue("number.invalid", at, `${quote(text)}不是有效的数量：${m.reason}。请填写不小于0的整数。`));
    return;
  }
  if (m.converted)
    emit(
      cellIssue("number.converted", at, `${at.field.label}写成了${quote(text)}，已按 ${m.value} 计。请直接填写数字。`, {
        fix: m.value,
      }),
    );
}

function checkDate(text: string, at: CellRef, ctx: RuleContext, emit: Emit): void {
  const d = parseDate(at.fv.value, at.fv.format);
  if (!d.ok) {
    emit(cellIssue("date.invalid", at, `${quote(text)}不是有效的日期：${d.reason}。请写成 2025-11-28 或 2025年11月28日。`));
    return;
  }
  if (at.field.past && d.iso > ctx.today) {
    emit(cellIssue("date.invalid", at, `${at.field.label} ${d.iso} 晚于今天（${ctx.today}），请核对。`, { value: d.iso }));
    return;
  }
  if (at.field.deadline && ctx.deadline && d.iso > ctx.deadline)
    emit(
      cellIssue(
        "date.late",
        at,
        `${at.field.label} ${d.iso} 晚于通知规定的截止日期 ${ctx.deadline}，请核对日期或与主管部门确认。`,
        {
          value: d.iso,
        },
      ),
    );
}

/** Endings of registered names (company, bureau, hospital, institute …), by length. */
const ORG_SUFFIXES = new Set(
  (
    "公司 集团 局 厅 委员会 委 办公室 办 院 所 中心 医院 卫生院 大学 学院 学校 协会 学会 联合会 商会 研究会 促进会 联盟 银行 分行 支行 " +
    "社 站 部 处 机构 事务所 合作社 基金会 馆 台 厂 场 园区 管委会 管理委员会"
  ).split(" "),
);
const LATIN_SUFFIX = /(co\.?,?\s*ltd\.?|ltd\.?|limited|inc\.?|corporation|company)$/i;
const TRAILING_REMARK = /[（(][^）)]*[）)]$/;

function hasOrgSuffix(t: string): boolean {
  for (let len = 1; len <= 5 && len <= t.length; len++) if (ORG_SUFFIXES.has(t.slice(t.length - len))) return true;
  const last = t.charCodeAt(t.length - 1);
  return last < 0x80 && LATIN_SUFFIX.test(t);
}

function countHan(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) n++;
  }
  return n;
}

function checkUnitName(text: string, at: CellRef, _ctx: RuleContext, emit: Emit): void {
  let t = text.trim();
  // "某某公司（原某某厂）": a remark in brackets at the end is not part of the ending, unless it is the branch.
  const last = t.charCodeAt(t.length - 1);
  if (last === 0xff09 || last === 0x29)
    t = t.replace(TRAILING_REMARK, (m) => (/分公司|分行|支行|集团|有限|中心/.test(m) ? m : "")).trim();
  const han = countHan(t);
  const shortForm = han > 0 && han < 5;
  const abbreviated = t.includes("简称") || t.endsWith("等") || t.endsWith("等单位");
  if (shortForm || abbreviated || !hasOrgSuffix(t))
    emit(
      cellIssue(
        "name.not_full",
        at,
        `${quote(text)}看起来不是单位全称，请按营业执照或法人证书填写完整名称（如“××××有限公司”）。`,
      ),
    );
}

export type { Issue };

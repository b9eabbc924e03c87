// Record-, table- and workbook-level rules. Codes: required, seq.broken, row.duplicate,
// joint.too_many, premium.above_cover, uscc.region, insurer.missing.
import type { FieldValue, Issue, LocatedTable, TableRecord } from "../model.js";
import type { FieldDef, TableDef } from "../tables.js";
import { cellText, normalizeHeading } from "../parse/text.js";
import { parseCreditCode } from "../parse/uscc.js";
import { lookupDivision } from "../parse/divisions.js";
import { parseMoneyWan } from "../parse/money.js";
import { RULES } from "./codes.js";
import { cellIssue, quote, type Emit, type RuleContext } from "./context.js";

export function isEmptyValue(fv: FieldValue | undefined): boolean {
  return !fv || cellText(fv.value).trim() === "";
}

/**
 * A row of a list as a clerk finds it: 第5行（序号3） when the row has a 序号, since a clerk
 * counts 序号 rather than sheet rows; 第5行 when it has none (or the table has no 序号 column).
 */
export function rowName(record: TableRecord, def?: TableDef): string {
  // Without the table's definition (cross-file rules), the 序号 field's key: every list table names it "seq".
  const seq = def ? def.fields.find((f) => f.kind === "seq") : { key: "seq" };
  const text = seq
    ? cellText(record.fields[seq.key]?.value ?? null)
        .replace(/\s+/g, " ")
        .trim()
    : "";
  return `第${record.row}行${text && text.length <= 8 ? `（序号${text}）` : ""}`;
}

/** required: a required cell is empty in a row that has content (key–value tables: the table was found). */
export function checkRequired(record: TableRecord, def: TableDef, fields: FieldDef[], emit: Emit, anchor: string): void {
  for (const field of fields) {
    if (!field.required) continue;
    const fv = record.fields[field.key];
    if (!isEmptyValue(fv)) continue;
    if (fv) {
      emit(
        cellIssue(
          "required",
          { record, def, field, fv },
          `${def.layout === "list" ? rowName(record, def) : ""}“${field.label}”未填写，请补充。`,
        ),
      );
    } else {
      // The label or column is missing altogether: point at the table.
      emit({
        code: "required",
        severity: RULES.required.severity,
        message:
          def.layout === "list"
            ? `表格缺少“${field.label}”列，请按模板补上该列并填写。`
            : `未找到“${field.label}”一栏，请按模板补上并填写。`,
        sheet: record.sheet,
        cell: anchor,
        table: def.id,
        column: field.label,
        row: record.row,
      });
    }
  }
}

/** seq.broken: 序号 must run 1, 2, 3 … over the rows that hold data. */
export function checkSequence(table: LocatedTable, def: TableDef, emit: Emit): void {
  const field = def.fields.find((f) => f.kind === "seq");
  if (!field || table.columns?.[field.key] === undefined) return;
  const n = table.records.length;
  for (let i = 0; i < n; i++) {
    const record = table.records[i];
    const fv = record.fields[field.key];
    if (!fv) continue;
    const text = cellText(fv.value).trim();
    if (text === String(i + 1)) continue;
    const wrong = n - i;
    const where = rowName(record, def);
    emit(
      cellIssue(
        "seq.broken",
        { record, def, field, fv },
        text === ""
          ? `序号未填写：${where}应为${i + 1}。序号应按1、2、3……连续编号${wrong > 1 ? `（本行起共${wrong}行需重新编号，可自动修正）` : ""}。`
          : `序号不连续：${where}应为${i + 1}${where.includes("（序号") ? "" : `，实际为${quote(text)}`}。序号应按1、2、3……连续编号（可自动修正）。`,
        { fix: i + 1 },
      ),
    );
    return;
  }
}

/** The identity of a unit: its credit code when well-formed, else its normalised name. */
export function unitKey(record: TableRecord, nameKey = "name"): string | undefined {
  const code = record.fields.uscc ? parseCreditCode(cellText(record.fields.uscc.value)) : undefined;
  if (code && code.kind !== "invalid" && code.checksumOk) return `code:${code.code}`;
  const name = cellText(record.fields[nameKey]?.value ?? null);
  if (!name.trim()) return undefined;
  return `name:${normalizeUnitName(name)}`;
}

export function normalizeUnitName(name: string): string {
  return normalizeHeading(name).replace(/[()]/g, "");
}

const DUPLICATE_TABLES = new Set(["joint", "targets", "institutions"]);

/** row.duplicate: the same unit twice in one table (and a joint unit that is the lead unit). */
export function checkDuplicates(table: LocatedTable, def: TableDef, lead: TableRecord | undefined, emit: Emit): void {
  if (!DUPLICATE_TABLES.has(def.id)) return;
  const nameField = def.fields.find((f) => f.key === "name");
  if (!nameField) return;
  const seen = new Map<string, TableRecord>();
  const leadKeys = lead ? [codeKey(lead), leadNameKey(lead)].filter(Boolean) : [];
  for (const record of table.records) {
    // Each record's keys once: its credit code when well-formed, and its normalised name.
    const byName = cellText(record.fields.name?.value ?? null);
    const nameKey = byName.trim() ? `name:${normalizeUnitName(byName)}` : undefined;
    const code = codeKey(record);
    if (!nameKey && !code) continue;
    const at = { record, def, field: nameField, fv: record.fields.name ?? record.fields.uscc! };
    const first = (code && seen.get(code)) || (nameKey && seen.get(nameKey));
    if (first) {
      const sameCode = !!code && seen.get(code) === first;
      emit(
        cellIssue(
          "row.duplicate",
          at,
          `${quote(byName)}与${rowName(first, def)}是同一单位（${sameCode ? "统一社会信用代码相同" : "名称相同"}），请删除重复行或核对。`,
        ),
      );
      continue;
    }
    if (code) seen.set(code, record);
    if (nameKey) seen.set(nameKey, record);
    if (def.id === "joint" && ((code && leadKeys.includes(code)) || (nameKey && leadKeys.includes(nameKey))))
      emit(cellIssue("row.duplicate", at, `联合申报单位${quote(byName)}就是牵头单位，请勿重复填写。`));
  }
}

/** "code:…" for a record with a well-formed credit code whose check character is right. */
function codeKey(record: TableRecord): string | undefined {
  const raw = record.fields.uscc?.value;
  if (raw === null || raw === undefined || raw === "") return undefined;
  const code = parseCreditCode(cellText(raw));
  return code.kind !== "invalid" && code.checksumOk ? `code:${code.code}` : undefined;
}

function leadNameKey(lead: TableRecord): string | undefined {
  const name = cellText(lead.fields.name?.value ?? null);
  return name.trim() ? `name:${normalizeUnitName(name)}` : undefined;
}

/** joint.too_many: more joint units than the profile allows. */
export function checkJointCount(table: LocatedTable, def: TableDef, ctx: RuleContext, emit: Emit): void {
  const max = ctx.profile.limits.jointMax;
  if (!max || table.records.length <= max) return;
  const record = table.records[max];
  const field = def.fields.find((f) => f.key === "name") ?? def.fields[0];
  const fv = record.fields[field.key] ?? { value: null, cell: table.anchor };
  emit(
    cellIssue(
      "joint.too_many",
      { record, def, field, fv },
      `联合申报单位共${table.records.length}家，超过${ctx.profile.notice}规定的最多${max}家（从本行起超出），请减少联合申报单位。`,
    ),
  );
}

/** premium.above_cover: 保费 greater than 保额. */
export function checkPremium(record: TableRecord, def: TableDef, emit: Emit): void {
  const p = record.fields.premium;
  const c = record.fields.cover;
  if (isEmptyValue(p) || isEmptyValue(c)) return;
  const pm = parseMoneyWan(p!.value);
  const cm = parseMoneyWan(c!.value);
  if (!pm.ok || !cm.ok || pm.value <= cm.value) return;
  const field = def.fields.find((f) => f.key === "premium")!;
  emit(
    cellIssue(
      "premium.above_cover",
      { record, def, field, fv: p! },
      `保费${pm.value}万元高于保额${cm.value}万元，请核对两者是否填反或单位是否一致（均为万元）。`,
    ),
  );
}

const PROVINCE_SHORT = [
  "北京",
  "天津",
  "河北",
  "山西",
  "内蒙古",
  "辽宁",
  "吉林",
  "黑龙江",
  "上海",
  "江苏",
  "浙江",
  "安徽",
  "福建",
  "江西",
  "山东",
  "河南",
  "湖北",
  "湖南",
  "广东",
  "广西",
  "海南",
  "重庆",
  "四川",
  "贵州",
  "云南",
  "西藏",
  "陕西",
  "甘肃",
  "青海",
  "宁夏",
  "新疆",
];

function shortProvince(name: string): string {
  return PROVINCE_SHORT.find((p) => name.startsWith(p)) ?? name;
}

/** The profile city a division code belongs to (定州 and 辛集 report on their own; 雄安 has its counties). */
export function cityOfDivision(ctx: RuleContext, division: string): string | undefined {
  for (const c of ctx.profile.cities) if (c.code === division || c.counties.includes(division)) return c.name;
  for (const c of ctx.profile.cities) if (c.code.endsWith("00") && division.slice(0, 4) === c.code.slice(0, 4)) return c.name;
  return lookupDivision(division)?.city;
}

/**
 * uscc.region: the lead unit's credit code is registered outside the profile's province
 * (an error where the notice requires local registration), or not where 所在地区 says.
 */
export function checkRegion(record: TableRecord, def: TableDef, ctx: RuleContext, emit: Emit): void {
  const fv = record.fields.uscc;
  if (isEmptyValue(fv)) return;
  const code = parseCreditCode(cellText(fv!.value));
  if (code.kind !== "uscc" || !code.checksumOk) return;
  const field = def.fields.find((f) => f.key === "uscc")!;
  const at = { record, def, field, fv: fv! };
  const division = lookupDivision(code.division);
  const region = ctx.profile.region;
  const severity = region?.required ? "error" : "warning";
  if (!division) {
    emit(
      cellIssue("uscc.region", at, `统一社会信用代码第3—8位“${code.division}”不是已知的行政区划代码，请核对信用代码。`, {
        severity: "warning",
      }),
    );
    return;
  }
  const where = `${division.province}${division.city && division.city !== division.province ? division.city : ""}`;
  if (region && division.provinceCode !== region.provinceCode) {
    emit(
      cellIssue(
        "uscc.region",
        at,
        region.required
          ? `信用代码显示单位登记在${where}（${code.division}），不在${region.provinceName}。本通知要求申报主体在${region.provinceName}注册，请核对。`
          : `信用代码显示单位登记在${where}（${code.division}），不在${region.provinceName}，请确认。`,
        { severity },
      ),
    );
    return;
  }
  const declared = cellText(record.fields.region?.value ?? null).replace(/\s/g, "");
  if (!declared) return;
  const otherProvince = PROVINCE_SHORT.find((p) => declared.includes(p) && p !== shortProvince(division.province));
  if (otherProvince && !declared.includes(shortProvince(division.province))) {
    emit(
      cellIssue(
        "uscc.region",
        at,
        `所在地区填写为“${declared}”，但信用代码显示单位登记在${where}（${code.division}），请核对。`,
        {
          severity: "warning",
        },
      ),
    );
    return;
  }
  const city = cityOfDivision(ctx, code.division);
  if (!city) return;
  const declaredCity = ctx.profile.cities.find((c) => [c.name, ...c.aliases].some((n) => declared.includes(n)));
  if (declaredCity && declaredCity.name !== city) {
    // 定州、辛集 sit under 保定、石家庄 in GB/T 2260; a code of theirs matches either name.
    emit(
      cellIssue("uscc.region", at, `所在地区填写为“${declared}”，但信用代码显示单位登记在${city}（${code.division}），请核对。`, {
        severity: "warning",
      }),
    );
  }
}

const INSURER_NAME =
  /(财产保险|人寿保险|再保险|保险股份|保险有限|保险经纪|保险代理|保险公估|保险集团|保险公司|人民保险|太平洋保险|平安保险|保险\S*分公司)/;

/** Is this unit an insurer (保险公司, 再保险公司, 保险中介机构)? From 单位类别, else from the name. */
export function isInsurer(record: TableRecord, insurerKinds: string[]): boolean {
  const category = cellText(record.fields.category?.value ?? null);
  if (category && insurerKinds.some((k) => category.includes(k))) return true;
  if (category && !/保险/.test(category) && category.trim()) {
    // A stated non-insurance category wins over the name.
    return false;
  }
  const name = cellText(record.fields.name?.value ?? null);
  return INSURER_NAME.test(name) && !/保险科技/.test(name);
}

/** insurer.missing: a service institution's plan with no insurer among lead and joint units. */
export function checkInsurer(
  lead: TableRecord | undefined,
  leadDef: TableDef | undefined,
  joint: LocatedTable | undefined,
  ctx: RuleContext,
  emit: Emit,
): void {
  if (ctx.form !== "service-plan" && ctx.form !== "pilot-institution") return;
  const kinds = ctx.profile.options.insurerKinds;
  if (!lead || !leadDef) {
    // No 基本信息 (unit) table: the lead unit is unknown; judge by a non-empty joint list alone.
    const first = joint?.records[0];
    if (!joint || !first || joint.records.some((r) => isInsurer(r, kinds))) return;
    const name = cellText(first.fields.name?.value ?? null);
    emit({
      code: "insurer.missing",
      severity: ctx.profile.insurerSeverity,
      message:
        ctx.profile.insurerSeverity === "error"
          ? `未找到牵头单位的基本信息，联合申报单位中也没有保险公司、再保险公司或保险中介机构。${ctx.profile.notice}要求至少一家取得保险业务许可资格，请补上申报单位基本信息表；牵头单位不是保险机构的，请补充联合申报的保险机构。`
          : `未找到牵头单位的基本信息，联合申报单位中也没有保险公司、再保险公司或保险中介机构。没有保险机构的试点无法承保，请补上申报单位基本信息表，并确认是否遗漏了联合申报的保险机构。`,
      sheet: first.sheet,
      cell: first.fields.name?.cell ?? joint.anchor,
      table: "joint",
      column: "单位名称",
      row: first.row,
      ...(name ? { value: name } : {}),
    });
    return;
  }
  if (isInsurer(lead, kinds)) return;
  if (joint?.records.some((r) => isInsurer(r, kinds))) return;
  const field = leadDef.fields.find((f) => f.key === "name")!;
  const fv = lead.fields.name ?? { value: null, cell: lead.labelCells?.name ?? "A1" };
  emit(
    cellIssue(
      "insurer.missing",
      { record: lead, def: leadDef, field, fv },
      ctx.profile.insurerSeverity === "error"
        ? `牵头及联合申报单位中没有保险公司、再保险公司或保险中介机构。${ctx.profile.notice}要求至少一家取得保险业务许可资格，请补充联合申报的保险机构。`
        : `牵头及联合申报单位中没有保险公司、再保险公司或保险中介机构。没有保险机构的试点无法承保，请确认是否遗漏了联合申报的保险机构。`,
      { severity: ctx.profile.insurerSeverity },
    ),
  );
}

export type { Issue };

// The nine tables of the notices' forms (SPEC §4), resolved for one profile and form:
// official headings, labels, option lists, limits. Templates are generated from these
// definitions, the locator finds tables by them, and the rules check records against them.
import type { FormId, TableId } from "./model.js";
import { formEdition, type Profile } from "./profile.js";

export type FieldKind =
  | "seq" // 序号
  | "unitName" // a unit's or enterprise's registered name (name.not_full)
  | "text" // free text
  | "person" // a person's name
  | "creditCode" // 组织机构代码/三证合一码
  | "phone" // one phone number, mobile or landline
  | "email"
  | "contact" // 联系方式（手机与邮箱）: mobile and e-mail in one cell
  | "personContact" // 联系人及联系方式: a name and a phone or e-mail in one cell
  | "money" // 万元
  | "count" // a whole number ≥ 0
  | "date"
  | "enum" // one of an option list
  | "category" // 申报类别 / 申报方向: an option, a colon, then what it is
  | "longText"; // counted in 字数

export interface FieldDef {
  key: string;
  /** The official heading or label. */
  label: string;
  /** Other spellings met in hand-made workbooks (matched after normalising). */
  aliases?: string[];
  /** Key–value tables: a label shared by several fields (所属行业领域, 姓名, 职务) is taken as the first one after this field's label. */
  after?: { field: string; label: string };
  kind: FieldKind;
  required?: boolean;
  options?: string[];
  /** Closed list (enum.invalid) or suggested (enum.unlisted). */
  closed?: boolean;
  /** 字数 limit. */
  maxWords?: number;
  /** Input prompt in the template (data-validation prompt). */
  prompt?: string;
  /** Placeholder texts of the Word form (（全称）, （200字以内）): read as empty. */
  hints?: string[];
  /** Template column width in characters. */
  width?: number;
  /** Not a date that may lie in the future (成立时间). */
  past?: boolean;
  /** Compared with the form's deadline (date.late). */
  deadline?: boolean;
  /** Key–value layout: the value may sit below the label (long text). */
  below?: boolean;
}

export interface TableDef {
  id: TableId;
  /** Sheet name in the templates. */
  sheet: string;
  /** Official heading printed above the table. */
  heading: string;
  layout: "list" | "keyValue";
  fields: FieldDef[];
  /** List tables: rows the paper form prints (the number of rows is open). */
  paperRows?: number;
  /** caseSummary: key–value lines above (推荐单位, 日期) and below (联系人, 手机/座机) the list. */
  header?: FieldDef[];
  footer?: FieldDef[];
}

const CREDIT_PROMPT = "18位统一社会信用代码（或9位组织机构代码，如 XXXXXXXX-X）";
const CONTACT_PROMPT = "手机号码与电子邮箱，用“/”分隔，如 13800000000/zhang@example.com";
const MONEY_PROMPT = "单位：万元，填数字，如 50 或 50.5";
const DATE_PROMPT = "日期，如 2025-11-28 或 2025年11月28日";

const creditCode = (required = true): FieldDef => ({
  key: "uscc",
  label: "组织机构代码/三证合一码",
  aliases: ["统一社会信用代码", "组织机构代码", "三证合一码", "社会信用代码", "信用代码"],
  kind: "creditCode",
  required,
  prompt: CREDIT_PROMPT,
  width: 24,
});

/** 联系人 and 联系方式（手机与邮箱）, the last two columns of the targets and plans tables. */
const contactColumns: FieldDef[] = [
  { key: "contact", label: "联系人", kind: "person", required: true, width: 10 },
  {
    key: "contactInfo",
    label: "联系方式（手机与邮箱）",
    aliases: ["联系方式"],
    kind: "contact",
    required: true,
    width: 36,
    prompt: CONTACT_PROMPT,
    hints: ["（手机/邮箱）", "（手机与邮箱）"],
  },
];

const seq: FieldDef = { key: "seq", label: "序号", kind: "seq", width: 6, aliases: ["编号"] };

function wordsPrompt(limit: number, what: string): string {
  return `${what}，不超过${limit}字（按 Word/WPS 字数统计）`;
}

/** The tables of one form under one profile, in the order the form prints them. */
export function tablesForForm(profile: Profile, form: FormId): TableDef[] {
  const ids = FORM_TABLES[form];
  return ids.map((id) => tableDef(profile, id, form));
}

/** Which tables make up each form (SPEC §4). */
export const FORM_TABLES: Record<FormId, TableId[]> = {
  "service-plan": ["unit", "joint", "scheme"],
  "pilot-authority": ["authority", "institutions", "targets", "plans"],
  "pilot-institution": ["unit", "joint", "targets", "plans"],
  "pilot-enterprise": ["unit", "joint"],
  "case-application": ["unit", "joint", "case"],
  "case-summary": ["caseSummary"],
};

/** Table numbers as the forms print them (表1 服务机构 … in the authority's form). */
function tableNumber(form: FormId, id: TableId): string {
  if (form === "pilot-authority") return { institutions: "表1", targets: "表2", plans: "表3" }[id as string] ?? "";
  if (form === "pilot-institution") return { targets: "表1", plans: "表2" }[id as string] ?? "";
  return "";
}

/**
 * One table as it stands in `form` under `profile`. `form` decides the variant where a
 * table differs between forms (the lead unit's name label, 单位类别 options); without a
 * form (a table found in a workbook whose form is not yet known) the first form of the
 * profile that contains the table is used.
 */
export function tableDef(profile: Profile, id: TableId, form?: FormId): TableDef {
  const f: FormId = form ?? profile.forms.map((e) => e.id).find((e) => FORM_TABLES[e].includes(id)) ?? "pilot-institution";
  const o = profile.options;
  const words = profile.limits.words;
  const edition = formEdition(profile, f);
  switch (id) {
    case "unit": {
      const isCase = f === "case-application";
      const fields: FieldDef[] = [];
      // Cover-page lines, kept with the unit's sheet (the Word forms print them on the cover).
      if (f === "pilot-institution" || f === "pilot-enterprise") {
        fields.push({ key: "title", label: "方案名称", kind: "text", required: true, width: 40 });
        if (edition?.coverDirection !== false)
          fields.push({
            key: "direction",
            label: "申报方向",
            kind: edition?.directions ? "enum" : "text",
            options: edition?.directions,
            closed: !!edition?.directions,
            required: true,
            prompt: edition?.directions ? "按企业类别填写：" + edition.directions.join("、") : undefined,
          });
      }
      fields.push({
        key: "date",
        label: "申报日期",
        kind: "date",
        deadline: true,
        prompt: DATE_PROMPT,
      });
      fields.push(
        {
          key: "name",
          label: isCase ? "单位名称" : "牵头单位",
          aliases: isCase ? ["申报单位", "单位名称（全称）"] : ["牵头申报单位", "牵头单位（全称）", "申报单位", "单位名称"],
          kind: "unitName",
          required: true,
          hints: ["（全称）"],
          prompt: "填写全称（与营业执照或法人证书一致）",
        },
        { key: "region", label: "所在地区", kind: "text", required: true, prompt: "如 河北省石家庄市" },
        creditCode(),
        { key: "founded", label: "成立时间", kind: "date", required: true, past: true, prompt: DATE_PROMPT },
        { key: "address", label: "通讯地址", kind: "text", required: true },
        { key: "capital", label: "注册资本（万元）", aliases: ["注册资本"], kind: "money", required: true, prompt: MONEY_PROMPT },
        { key: "contact", label: "联系人", kind: "person", required: true },
        { key: "phone", label: "联系电话", kind: "phone", required: true, prompt: "手机或座机，如 0311-86699155" },
        { key: "fax", label: "传真", kind: "phone" },
        { key: "email", label: "邮箱", aliases: ["电子邮箱", "电子邮件", "E-mail", "Email"], kind: "email", required: true },
        {
          key: "nature",
          label: "单位性质",
          kind: "enum",
          options: o.unitNature,
          closed: true,
          required: true,
          prompt: "选择一项；选“其他”时请注明，如 其他（社会团体）",
        },
      );
      if (profile.columns.unitCategoryForms.includes(f)) {
        const options = isCase ? (o.caseUnitCategory ?? o.unitCategory) : o.unitCategory;
        fields.push({ key: "category", label: "单位类别", kind: "enum", options, closed: true, required: true });
      }
      const limit = words.intro ?? 400;
      fields.push({
        key: "intro",
        label: "申报单位简介",
        aliases: ["单位简介"],
        kind: "longText",
        required: true,
        maxWords: limit,
        below: true,
        hints: ["（发展历程、经营管理状况、主营业务、网络安全保险已开展工作等方面情况，不超过400字）"],
        prompt: wordsPrompt(limit, "发展历程、经营管理状况、主营业务、网络安全保险已开展工作等"),
      });
      return {
        id,
        sheet: "申报单位基本信息",
        heading: isCase ? "（一）申报单位基本信息" : "（一）基本信息",
        layout: "keyValue",
        fields,
      };
    }
    case "joint": {
      const fields: FieldDef[] = [
        seq,
        {
          key: "name",
          label: "单位名称",
          kind: "unitName",
          required: true,
          width: 36,
          hints: ["（根据联合申报单位数量自行添加行）", "填写全称"],
        },
        { key: "nature", label: "单位性质", kind: "enum", options: o.unitNature, closed: true, required: true, width: 16 },
      ];
      if (profile.columns.jointCategory)
        fields.push({
          key: "category",
          label: "单位类别",
          kind: "enum",
          options: f === "case-application" ? (o.caseUnitCategory ?? o.unitCategory) : [...o.unitCategory, "行业企业"],
          closed: false,
          required: true,
          width: 18,
          hints: [
            "（如保险公司、再保险公司、保险中介机构、网络安全企业、基础电信运营商、保险科技公司、专业测评机构、科研院所等）",
            "（如保险公司、再保险公司、保险中介机构、网络安全企业、保险科技公司、专业测评机构、科研院所等）",
          ],
        });
      fields.push(creditCode());
      return {
        id,
        sheet: "联合申报单位",
        heading: "联合申报单位",
        layout: "list",
        fields,
        paperRows: Math.min(profile.limits.jointMax ?? 10, 10),
      };
    }
    case "institutions":
      return {
        id,
        sheet: "服务机构",
        heading: `${tableNumber(f, id)} 服务机构基本情况`.trim(),
        layout: "list",
        paperRows: 5,
        fields: [
          seq,
          { key: "name", label: "机构名称", kind: "unitName", required: true, width: 36 },
          { key: "type", label: "机构类型", kind: "enum", options: o.unitCategory, closed: false, required: true, width: 16 },
          {
            key: "contact",
            label: "联系人及联系方式",
            kind: "personContact",
            required: true,
            width: 30,
            prompt: "姓名与手机（或座机），如 张三 13800000000",
          },
          { key: "duty", label: "责任分工（是否牵头及分工）", aliases: ["责任分工"], kind: "text", required: true, width: 30 },
        ],
      };
    case "targets":
      return {
        id,
        sheet: "服务对象",
        heading: `${tableNumber(f, id)} 服务对象基本情况`.trim(),
        layout: "list",
        paperRows: 15,
        fields: [
          seq,
          { key: "name", label: "企业名称", kind: "unitName", required: true, width: 36 },
          {
            key: "industry",
            label: "所在行业领域",
            aliases: ["行业领域"],
            kind: "enum",
            options: o.industry,
            closed: false,
            required: true,
            width: 18,
          },
          ...contactColumns,
        ],
      };
    case "plans": {
      const label = profile.columns.planIndustryLabel;
      const industryOptions = label === "行业领域或主体" ? (o.industryOrSubject ?? o.industry) : o.industry;
      return {
        id,
        sheet: "服务方案",
        heading: `${tableNumber(f, id)} 服务方案基本情况`.trim(),
        layout: "list",
        paperRows: 5,
        fields: [
          seq,
          { key: "name", label: "方案名称", kind: "text", required: true, width: 30 },
          {
            key: "type",
            label: "方案类型",
            kind: "enum",
            options: o.planType ?? [],
            closed: true,
            required: true,
            width: 14,
            hints: ["（企业类、产品服务类）", "（重点行业领域、重点主体）"],
          },
          {
            key: "industry",
            label,
            aliases: label === "行业领域" ? ["行业领域或主体"] : ["行业领域"],
            kind: "enum",
            options: industryOptions,
            closed: false,
            required: true,
            width: 18,
            hints: [
              "（如电信和互联网、工业互联网、车联网等）",
              "(如电信和互联网、工业、金融、重点企业、中小企业、产业园区、网络安全产品服务等)",
            ],
          },
          ...contactColumns,
        ],
      };
    }
    case "case": {
      const limit = words.insuredIntro ?? 400;
      return {
        id,
        sheet: "典型案例基本信息",
        heading: "（二）典型案例基本信息",
        layout: "keyValue",
        fields: [
          { key: "title", label: "案例名称", kind: "text", required: true },
          {
            key: "category",
            label: "申报类别",
            kind: "category",
            options: o.caseCategory ?? ["重点行业领域", "重点主体"],
            required: true,
            prompt:
              "重点行业领域：电信和互联网/工业/金融等，或 重点主体：重点企业/中小企业/产业园区/网络安全产品服务等；冒号后须注明",
          },
          { key: "buyer", label: "投保企业名称", kind: "unitName", required: true, hints: ["（全称）"] },
          {
            key: "buyerIndustry",
            label: "投保企业所属行业领域",
            after: { field: "buyer", label: "所属行业领域" },
            kind: "enum",
            options: o.industryOrSubject ?? o.industry,
            closed: false,
            required: true,
          },
          { key: "insured", label: "被保企业名称", kind: "unitName", required: true, hints: ["（全称）"] },
          {
            key: "insuredIndustry",
            label: "被保企业所属行业领域",
            after: { field: "insured", label: "所属行业领域" },
            kind: "enum",
            options: o.industryOrSubject ?? o.industry,
            closed: false,
            required: true,
          },
          { key: "insurer", label: "保险公司名称", kind: "unitName", required: true, hints: ["（全称）"] },
          { key: "provider", label: "网络安全服务商名称", kind: "unitName", required: true, hints: ["（全称）"] },
          { key: "premium", label: "保费（万元）", aliases: ["保费"], kind: "money", required: true, prompt: MONEY_PROMPT },
          { key: "cover", label: "保额（万元）", aliases: ["保额"], kind: "money", required: true, prompt: MONEY_PROMPT },
          { key: "claimed", label: "是否出险", kind: "enum", options: ["是", "否"], closed: true, required: true },
          {
            key: "adoption",
            label: "案例推广应用总量",
            kind: "count",
            required: true,
            hints: ["（请在“（五）案例推广价值和亮点”部分详述，并后附相应数量保单）"],
            prompt: "数字（保单数量）",
          },
          {
            key: "insuredIntro",
            label: "被保企业简介",
            kind: "longText",
            required: true,
            maxWords: limit,
            below: true,
            prompt: wordsPrompt(limit, "发展历程、经营管理状况、主营业务、保障的风险场景等"),
          },
        ],
      };
    }
    case "caseSummary": {
      const limit = words.description ?? 200;
      return {
        id,
        sheet: "典型案例推荐汇总表",
        heading: "网络安全保险服务典型案例推荐汇总表",
        layout: "list",
        paperRows: 6,
        header: [
          { key: "recommender", label: "推荐单位", kind: "text", required: true, hints: ["（加盖单位公章）"] },
          { key: "date", label: "日期", kind: "date", required: true, deadline: true, prompt: DATE_PROMPT },
        ],
        footer: [
          { key: "contact", label: "联系人", kind: "person", required: true },
          { key: "phone", label: "手机/座机", aliases: ["手机／座机", "手机或座机"], kind: "phone", required: true },
        ],
        fields: [
          seq,
          { key: "title", label: "案例名称", kind: "text", required: true, width: 28 },
          { key: "applicant", label: "申报单位", kind: "unitName", required: true, width: 28, hints: ["填写全称"] },
          {
            key: "category",
            label: "单位类别",
            kind: "enum",
            options: o.summaryUnitCategory ?? ["网络安全保险服务机构", "行业企业"],
            closed: true,
            required: true,
            width: 14,
            hints: ["（网络安全保险服务机构、行业企业）"],
          },
          {
            key: "joint",
            label: "联合申报单位",
            kind: "text",
            width: 28,
            hints: ["填写全称"],
            prompt: "填写全称，多家用“、”分隔",
          },
          {
            key: "description",
            label: "案例简要描述",
            kind: "longText",
            required: true,
            maxWords: limit,
            width: 50,
            hints: ["（200字以内）"],
            prompt: wordsPrompt(limit, "案例简要描述"),
          },
          { key: "contact", label: "联系人", kind: "person", required: true, width: 10 },
          { key: "phone", label: "联系电话", kind: "phone", required: true, width: 16 },
        ],
      };
    }
    case "authority":
      return {
        id,
        sheet: "主管部门基本情况",
        heading: "一、基本情况",
        layout: "keyValue",
        fields: [
          { key: "date", label: "申报日期", kind: "date", deadline: true, prompt: DATE_PROMPT },
          {
            key: "name",
            label: "地方行业主管部门（全称）",
            aliases: ["地方行业主管部门", "申报单位"],
            kind: "unitName",
            required: true,
            hints: ["（全称）"],
          },
          {
            key: "headName",
            label: "负责人（处级）姓名",
            after: { field: "headAnchor", label: "姓名" },
            kind: "person",
            required: true,
          },
          { key: "headTitle", label: "负责人职务", after: { field: "headAnchor", label: "职务" }, kind: "text", required: true },
          {
            key: "contactName",
            label: "联系人姓名",
            after: { field: "contactAnchor", label: "姓名" },
            kind: "person",
            required: true,
          },
          {
            key: "contactDept",
            label: "联系人部门",
            after: { field: "contactAnchor", label: "部门" },
            kind: "text",
            required: true,
          },
          {
            key: "contactTitle",
            label: "联系人职务",
            after: { field: "contactAnchor", label: "职务" },
            kind: "text",
            required: true,
          },
          {
            key: "phone",
            label: "联系电话（座机/手机号）",
            aliases: ["联系电话"],
            kind: "phone",
            required: true,
          },
          { key: "email", label: "邮箱", aliases: ["电子邮箱"], kind: "email", required: true },
        ],
      };
    case "scheme": {
      const limit = words.overview ?? 400;
      return {
        id,
        sheet: "方案基本信息",
        heading: "（二）方案基本信息",
        layout: "keyValue",
        fields: [
          { key: "title", label: "方案名称", kind: "text", required: true },
          { key: "location", label: "所在地", kind: "text", required: true },
          { key: "lead", label: "负责人", kind: "person", required: true },
          { key: "leadTitle", label: "职务/职称", aliases: ["职务", "职称"], kind: "text", required: true },
          {
            key: "direction",
            label: "申报方向",
            kind: "category",
            options: o.schemeDirection ?? ["企业类", "产品服务类"],
            required: true,
            prompt: "企业类：注明行业领域，或 产品服务类：注明产品类型",
          },
          {
            key: "overview",
            label: "方案概述",
            kind: "longText",
            required: true,
            maxWords: limit,
            below: true,
            prompt: wordsPrompt(limit, "总体目标、重点任务、主要工作内容、预期成效、初步费用等"),
          },
        ],
      };
    }
  }
}

/** Anchor labels for fields located by `after` (负责人（处级） and 联系人 blocks of the authority form). */
export const ANCHOR_LABELS: Record<string, string[]> = {
  headAnchor: ["负责人（处级）", "负责人"],
  contactAnchor: ["联系人"],
};

/** Every table of a profile, in the union of its forms (for workbooks whose form is unknown). */
export function tablesOfProfile(profile: Profile): TableDef[] {
  const seen = new Set<TableId>();
  const out: TableDef[] = [];
  for (const f of profile.forms) {
    for (const id of FORM_TABLES[f.id]) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(tableDef(profile, id, f.id));
    }
  }
  return out;
}

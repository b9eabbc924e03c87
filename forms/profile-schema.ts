// The schema of a profile (forms/profiles/*.json, or a file given to --profile): each file is
// checked when it is loaded, so that a mistake in a new province's profile is reported with
// its file and field instead of surfacing as a wrong check. Node only in practice: the CLI
// loads profile files with it, and the tests check that every built-in profile is complete
// as it stands (its defaults written out), so that browsers use the JSON without zod.
import { z } from "zod";
import { FORM_IDS, type FormId } from "./model.js";
import { ProfileError, type Profile } from "./profile.js";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期应写成 YYYY-MM-DD");
const nonEmpty = z.string().min(1);
const optionList = z.array(nonEmpty).min(1);

export const CitySchema = z.object({
  name: nonEmpty,
  /** GB/T 2260 code (雄安新区: 133100, which credit codes carry but the standard lacks). */
  code: z.string().regex(/^\d{6}$/, "城市代码应为 6 位数字"),
  aliases: z.array(nonEmpty).default([]),
  /** Other division codes that belong to this city (雄安新区: 容城, 安新, 雄县). */
  counties: z.array(z.string().regex(/^\d{6}$/)).default([]),
});

export const FormEditionSchema = z.object({
  id: z.enum(FORM_IDS as [FormId, ...FormId[]]),
  /** The form's name as this notice prints it. */
  name: nonEmpty,
  /** 附件 number or other reference in the notice. */
  attachment: z.string().optional(),
  deadline: isoDate.optional(),
  /** The notice's 填报说明 and other instructions, quoted in the template's 填报说明 sheet. */
  instructions: z.array(nonEmpty).default([]),
  /** The cover page asks for 申报方向 (the Shanghai forms do not). */
  coverDirection: z.boolean().default(true),
  /** Cover-page 申报方向 options where the notice closes the list (Hebei). */
  directions: z.array(nonEmpty).optional(),
});

/**
 * A 字数 limit on a narrative part of a Word form (the notice's Word form prints it under the
 * heading: （一）案例概述 … 不超过1000字; 二、试点方案 不少于3000字), checked on a .docx by heading
 * (forms/rules/narrative.ts). Exactly one of max (不超过) and min (不少于).
 */
export const NarrativeLimitSchema = z
  .object({
    form: z.enum(FORM_IDS as [FormId, ...FormId[]]),
    /** The heading's name without its numbering (（一）, 二、, 附：): 案例概述. A heading matches when its name starts with it. */
    heading: nonEmpty,
    /** Further headings counted with it (以下内容不少于3000字 over 二、三、四); also guidance when left unnumbered. */
    also: z.array(nonEmpty).default([]),
    /** Each part under the heading separately (附：网络安全保险服务方案: 单个服务方案 不超过5000字). */
    each: z.boolean().default(false),
    max: z.number().int().positive().optional(),
    min: z.number().int().positive().optional(),
    /** The form's own guidance text under the heading, not counted when the clerk left it in. */
    guidance: z.array(nonEmpty).default([]),
  })
  .strict()
  .refine((l) => (l.max === undefined) !== (l.min === undefined), "max（不超过）和 min（不少于）须且只须给出一个");

export const ProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "id 只能用小写字母、数字和连字符"),
    name: nonEmpty,
    /** 文号, e.g. 工信厅网安函〔2023〕356号. */
    notice: nonEmpty,
    noticeTitle: nonEmpty,
    issuer: nonEmpty,
    /** Which wording of the national forms the notice uses. */
    edition: z.enum(["2023", "2025"]),
    relays: z.string().optional(),
    region: z
      .object({
        provinceCode: z.string().regex(/^\d{2}$/, "省级代码应为 2 位数字"),
        provinceName: nonEmpty,
        /** true: a credit code from outside the region is an error (Shanghai); false: a warning. */
        required: z.boolean(),
      })
      .optional(),
    cities: z.array(CitySchema).default([]),
    /** 推荐单位 printed on the provincial 推荐汇总表. */
    recommender: z.string().optional(),
    forms: z.array(FormEditionSchema).min(1),
    options: z.object({
      unitNature: optionList,
      /** Kinds of service institution (单位类别 / 机构类型). */
      unitCategory: optionList,
      /** 典型案例申报书 单位类别 (adds 行业企业). */
      caseUnitCategory: optionList.optional(),
      /** 推荐汇总表 单位类别. */
      summaryUnitCategory: optionList.optional(),
      /** 方案类型; absent where the notice's forms have no 服务方案 table. */
      planType: optionList.optional(),
      /** Suggested, not closed. */
      industry: optionList,
      /** 2025: 行业领域或主体 (suggested). */
      industryOrSubject: optionList.optional(),
      /** 申报类别 prefixes of a case, each needing what follows the colon. */
      caseCategory: optionList.optional(),
      /** 服务方案 申报方向 prefixes (企业类 / 产品服务类). */
      schemeDirection: optionList.optional(),
      insurerKinds: optionList,
    }),
    limits: z.object({
      /** Most joint units besides the lead; absent where the notice sets none. */
      jointMax: z.number().int().positive().optional(),
      /** Most plans or projects one unit may lead. */
      leadMax: z.number().int().positive().optional(),
      /** 原则上 (in principle) is a warning; 不得超过 is an error. */
      leadSeverity: z.enum(["error", "warning"]).default("warning"),
      /** 字数 limits by field key (intro, overview, insuredIntro, description). */
      words: z.record(z.string(), z.number().int().positive()),
    }),
    /** 字数 limits of the Word forms' narrative sections (checked on a .docx by heading). */
    narrative: z.array(NarrativeLimitSchema).default([]),
    /** insurer.missing: error where the notice requires an insurer (miit-2023). */
    insurerSeverity: z.enum(["error", "warning"]),
    columns: z.object({
      /** 联合申报单位 has a 单位类别 column. */
      jointCategory: z.boolean(),
      /** The lead unit's 单位类别 row, per form. */
      unitCategoryForms: z.array(z.enum(FORM_IDS as [FormId, ...FormId[]])).default([]),
      /** 服务方案基本情况: 行业领域 (2023) or 行业领域或主体 (2025). */
      planIndustryLabel: z.enum(["行业领域", "行业领域或主体"]),
    }),
  })
  .strict();

/** Check one profile's data; `source` (its file name) goes into every message. */
export function parseProfile(data: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const field = i.path.length ? i.path.join(".") : "(根)";
      return `字段 ${field}：${i.message}`;
    });
    throw new ProfileError(source, problems);
  }
  const profile = result.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  profile.forms.forEach((f, i) => {
    if (seen.has(f.id)) problems.push(`字段 forms.${i}.id：表单 ${f.id} 重复`);
    seen.add(f.id);
  });
  profile.narrative.forEach((l, i) => {
    if (!seen.has(l.form)) problems.push(`字段 narrative.${i}.form：配置没有表单 ${l.form}`);
  });
  for (const c of profile.cities) {
    if (profile.region && !c.code.startsWith(profile.region.provinceCode))
      problems.push(
        `字段 cities：${c.name} 的代码 ${c.code} 不在 ${profile.region.provinceName}（${profile.region.provinceCode}）`,
      );
  }
  if (profile.id !== source.replace(/^.*[\\/]/, "").replace(/\.json$/, "") && source.endsWith(".json"))
    problems.push(`字段 id：${profile.id} 与文件名不一致`);
  if (problems.length) throw new ProfileError(source, problems);
  return profile;
}

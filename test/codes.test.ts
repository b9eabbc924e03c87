// Every rule code declared in forms/rules/codes.ts is produced by some real input. The
// catalogue below has one entry per code: the smallest input that makes the pipeline emit it —
// a grid through validateGrid (cell, record, table and sheet rules), submissions through the
// cross-file rules, or files in a folder through `pilot-forms merge` (the CLI's main(), in this
// process) for what only reading files can find. Each entry asserts its code and the severity
// it has under the entry's profile (a profile may override the default: miit-2023 makes
// insurer.missing an error). The catalogue is typed Record<RuleCode, Entry>, and checked again
// at run time; every code any entry's pipeline emits must be declared; and README.md's rule
// table must list exactly the declared codes with their declared severities.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../aggregator/cli.js";
import type { CellValue, FormId, Issue, Severity, SheetGrid } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { findProfile } from "../forms/profiles/index.js";
import { makeUscc } from "../forms/parse/uscc.js";
import { RULES, SEVERITY_LABEL, type RuleCode } from "../forms/rules/codes.js";
import { runCrossRules, type Submission } from "../forms/rules/cross.js";
import { validateGrid } from "../forms/validate.js";
import { editXlsx } from "./read/helpers.js";
import { creditCode, SJZ, TARGET_HEADER, targetRow, unitSheet, type TargetOver } from "./fixtures/grids.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TODAY = "2025-11-25";
const DECLARED = Object.keys(RULES) as RuleCode[];

type ProfileId = "hebei-2025" | "miit-2023" | "shanghai-health-2024";
const profile = (id: ProfileId): Profile => findProfile(id)!;

interface Entry {
  /** The profile the input is checked under (its effective severities are asserted). */
  profile: ProfileId;
  /** What the input is, in a few words (the test's name). */
  input: string;
  produce: (p: Profile) => Issue[] | Promise<Issue[]>;
}

/** The severity a code has under a profile: the declared one, unless the profile overrides it. */
function effectiveSeverity(code: RuleCode, p: Profile): Severity {
  if (code === "insurer.missing") return p.insurerSeverity;
  if (code === "cross.lead_limit") return p.limits.leadSeverity;
  if (code === "uscc.region" && p.region?.required) return "error";
  return RULES[code].severity;
}

// ---------------------------------------------------------------------------------------
// Grids

const uscc = creditCode;

/** 表1 服务对象 of a hebei-2025 试点工作方案（服务机构）, one row unless more are given. */
const targets = (...rows: CellValue[][]): SheetGrid => ({
  name: "服务对象",
  values: [TARGET_HEADER, ...(rows.length ? rows : [targetRow(1)])],
});
const target = (over: TargetOver) => targets(targetRow(1, over));

const unit = unitSheet;

/** 典型案例基本信息 (key–value) of a 典型案例申报书, clean unless overridden. */
function caseInfo(over: Record<string, CellValue> = {}): SheetGrid {
  const base: Record<string, CellValue> = {
    案例名称: "案例",
    申报类别: "重点行业领域：金融",
    投保企业名称: "河北某某银行股份有限公司",
    投保企业所属行业领域: "金融",
    被保企业名称: "河北某某银行股份有限公司",
    被保企业所属行业领域: "金融",
    保险公司名称: "中国人民财产保险股份有限公司河北省分公司",
    网络安全服务商名称: "河北某某网络安全技术有限公司",
    "保费（万元）": 10,
    "保额（万元）": 500,
    是否出险: "否",
    案例推广应用总量: 3,
    被保企业简介: "简介。",
  };
  return { name: "典型案例基本信息", values: Object.entries({ ...base, ...over }).map(([k, v]) => [k, v]) };
}

const JOINT_HEADER = ["序号", "单位名称", "单位性质", "组织机构代码/三证合一码"];

/** validateGrid under a profile, for a known form or (form undefined) detecting it. */
const grid =
  (sheets: SheetGrid[], form?: FormId) =>
  (p: Profile): Issue[] =>
    validateGrid({ sheets }, { profile: p, form, today: TODAY }).issues;

// ---------------------------------------------------------------------------------------
// Cross-file submissions

function submission(p: Profile, file: string, city: string, sheets: SheetGrid[], form: FormId): Submission {
  return { file, city, form, tables: validateGrid({ sheets }, { profile: p, form, today: TODAY }).tables };
}

const SUMMARY_HEADER = ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"];
const caseApplication = (title: string): SheetGrid => ({
  name: "申报书",
  values: [
    ["单位名称", "某某保险股份有限公司"],
    ["案例名称", title],
    ["申报类别", "重点主体：中小企业"],
    ["保费（万元）", 1],
  ],
});
const summarySheet = (title: string): SheetGrid => ({
  name: "汇总",
  values: [SUMMARY_HEADER, [1, title, "某公司", "行业企业", null, "描述", "张三", "13800000000"]],
});

// ---------------------------------------------------------------------------------------
// Files, through `pilot-forms merge`

/** A clean hebei-2025 服务对象 workbook, as Excel would save it. */
async function targetsXlsx(cells: (ws: ExcelJS.Worksheet) => void = () => {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("服务对象");
  ws.addRow(TARGET_HEADER);
  ws.addRow(targetRow(1));
  cells(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The example 申报书 of 石家庄市, edited, saved with the given modified date (docProps/core.xml). */
async function caseVersion(modified: Date, edit: (wb: ExcelJS.Workbook) => void = () => {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    readFileSync(path.join(ROOT, "examples/hebei-2025/石家庄市/典型案例申报书-1.xlsx")) as unknown as ExcelJS.Buffer,
  );
  edit(wb);
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = modified;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same workbook with a macro sheet (Excel 4.0 macros, xl/macrosheets/) beside 服务对象. */
async function withMacroSheet(): Promise<Buffer> {
  return editXlsx(await targetsXlsx(), (parts) => {
    parts.set(
      "xl/macrosheets/sheet2.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v>TRUE</v></c></row></sheetData></xm:macrosheet>`,
    );
    const wbXml = parts.get("xl/workbook.xml")!;
    parts.set("xl/workbook.xml", wbXml.replace("</sheets>", `<sheet name="宏1" sheetId="99" r:id="rIdMacro1"/></sheets>`));
    const rels = parts.get("xl/_rels/workbook.xml.rels")!;
    parts.set(
      "xl/_rels/workbook.xml.rels",
      rels.replace(
        "</Relationships>",
        `<Relationship Id="rIdMacro1" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet2.xml"/></Relationships>`,
      ),
    );
    const types = parts.get("[Content_Types].xml")!;
    parts.set(
      "[Content_Types].xml",
      types.replace(
        "</Types>",
        `<Override PartName="/xl/macrosheets/sheet2.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>`,
      ),
    );
  });
}

/** 联系人 (D2) is a formula saved without its result: <f> and no <v>, as some generators write. */
async function formulaWithoutResult(): Promise<Buffer> {
  const bytes = await targetsXlsx((ws) => {
    ws.getCell("D2").value = { formula: 'CONCATENATE("张","三")' } as ExcelJS.CellFormulaValue;
  });
  return editXlsx(bytes, (parts) => {
    for (const [name, xml] of parts)
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name))
        parts.set(name, xml.replace(/(<c r="D2"[^>]*>)(<f>[^<]*<\/f>)(<v>[^<]*<\/v>|<v\/>)?/, "$1$2"));
  });
}

/** An Office lock file: 162 bytes, the user's name at the front. */
const lockFile = () => {
  const b = Buffer.alloc(162);
  b.write("\x05张三", 0, "utf16le");
  return b;
};

const PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

const stderr: string[] = [];
const silent: Io = { out: () => {}, err: (s) => stderr.push(s), isTTY: false };

/** `pilot-forms merge <folder> --profile … --json …`: the JSON report's issues. */
async function merge(p: Profile, files: Record<string, () => Promise<Buffer | string>>): Promise<Issue[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-codes-"));
  const input = path.join(dir, "材料");
  for (const [rel, make] of Object.entries(files)) {
    const file = path.join(input, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await make());
  }
  const json = path.join(dir, "report.json");
  const argv = [
    "node",
    "pilot-forms",
    "merge",
    input,
    "--profile",
    p.id,
    "-o",
    path.join(dir, "汇总.xlsx"),
    "--json",
    json,
    "--today",
    TODAY,
  ];
  stderr.length = 0;
  const exit = await main(argv, silent);
  expect(exit, stderr.join("\n")).toBe(0);
  return (JSON.parse(readFileSync(json, "utf8")) as { issues: Issue[] }).issues;
}

// ---------------------------------------------------------------------------------------
// The catalogue: one entry per declared code

const CATALOGUE: Record<RuleCode, Entry> = {
  required: {
    profile: "hebei-2025",
    input: "服务对象 row without 联系人",
    produce: grid([target({ contact: null })], "pilot-institution"),
  },
  "uscc.format": {
    profile: "hebei-2025",
    input: "a 16-character credit code",
    produce: grid([unit({ "组织机构代码/三证合一码": "91130104MA0CX1Y2" })], "pilot-institution"),
  },
  "uscc.checksum": {
    profile: "hebei-2025",
    input: "a credit code with the wrong 18th character",
    produce: grid([unit({ "组织机构代码/三证合一码": SJZ.slice(0, 17) + (SJZ[17] === "1" ? "2" : "1") })], "pilot-institution"),
  },
  "uscc.region": {
    profile: "hebei-2025",
    input: "a lead registered in Beijing under a Hebei notice",
    produce: grid([unit({ "组织机构代码/三证合一码": uscc("110108", 5) })], "pilot-institution"),
  },
  "phone.invalid": {
    profile: "hebei-2025",
    input: "联系电话 68206187 (no area code)",
    produce: grid([unit({ 联系电话: "68206187" })], "pilot-institution"),
  },
  "contact.mobile_missing": {
    profile: "hebei-2025",
    input: "联系方式 with an e-mail only",
    produce: grid([target({ info: "zhang@example.com" })], "pilot-institution"),
  },
  "contact.email_missing": {
    profile: "hebei-2025",
    input: "联系方式 with a mobile only",
    produce: grid([target({ info: "13800000000" })], "pilot-institution"),
  },
  "email.invalid": {
    profile: "hebei-2025",
    input: "邮箱 wang@163",
    produce: grid([unit({ 邮箱: "wang@163" })], "pilot-institution"),
  },
  "enum.invalid": {
    profile: "hebei-2025",
    input: "单位性质 民营 (not a closed option)",
    produce: grid([unit({ 单位性质: "民营" })], "pilot-institution"),
  },
  "enum.unlisted": {
    profile: "hebei-2025",
    input: "所在行业领域 钢铁 (not a suggested option)",
    produce: grid([target({ industry: "钢铁" })], "pilot-institution"),
  },
  "enum.other_unspecified": {
    profile: "hebei-2025",
    input: "所在行业领域 其他 without saying what",
    produce: grid([target({ industry: "其他" })], "pilot-institution"),
  },
  "text.too_long": {
    profile: "hebei-2025",
    input: "申报单位简介 of 401 characters (limit 400)",
    produce: grid([unit({ 申报单位简介: "字".repeat(401) })], "pilot-institution"),
  },
  "text.too_short": {
    profile: "shanghai-health-2024",
    input: "a Word 工作方案 whose 二、信息化建设情况 has 100 字 (以下内容不少于3000字)",
    produce: (p) =>
      validateGrid(
        { sheets: [] },
        {
          profile: p,
          form: "pilot-enterprise",
          today: TODAY,
          sections: [{ heading: "二、信息化建设情况", paragraphs: ["字".repeat(100)] }],
        },
      ).issues,
  },
  "number.invalid": {
    profile: "hebei-2025",
    input: "注册资本 待定",
    produce: grid([unit({ "注册资本（万元）": "待定" })], "pilot-institution"),
  },
  "number.converted": {
    profile: "hebei-2025",
    input: "注册资本 5000000元",
    produce: grid([unit({ "注册资本（万元）": "5000000元" })], "pilot-institution"),
  },
  "premium.above_cover": {
    profile: "hebei-2025",
    input: "保费 600 above 保额 500",
    produce: grid([caseInfo({ "保费（万元）": 600 })], "case-application"),
  },
  "date.invalid": {
    profile: "hebei-2025",
    input: "成立时间 2025-02-30",
    produce: grid([unit({ 成立时间: "2025-02-30" })], "pilot-institution"),
  },
  "date.late": {
    profile: "hebei-2025",
    input: "申报日期 after the notice's deadline",
    produce: grid([unit({ 申报日期: "2025-12-23" })], "pilot-institution"),
  },
  "seq.broken": {
    profile: "hebei-2025",
    input: "序号 1, 2, 4",
    produce: grid([targets(targetRow(1), targetRow(2), [4, ...targetRow(3).slice(1)])], "pilot-institution"),
  },
  "row.duplicate": {
    profile: "hebei-2025",
    input: "the same 企业名称 twice in 服务对象",
    produce: grid(
      [targets(targetRow(1, { name: "河北某某制造有限公司" }), targetRow(2, { name: "河北某某制造有限公司" }))],
      "pilot-institution",
    ),
  },
  "name.not_full": {
    profile: "hebei-2025",
    input: "企业名称 河北某某",
    produce: grid([target({ name: "河北某某" })], "pilot-institution"),
  },
  "text.whitespace": {
    profile: "hebei-2025",
    input: "企业名称 with a leading space",
    produce: grid([target({ name: " 河北某某制造有限公司" })], "pilot-institution"),
  },
  "joint.too_many": {
    profile: "miit-2023",
    input: "11 联合申报单位 (miit-2023 allows 10)",
    produce: grid(
      [
        {
          name: "联合申报单位",
          values: [
            JOINT_HEADER,
            ...Array.from({ length: 11 }, (_, i) => [
              i + 1,
              `北京某某${"甲乙丙丁戊己庚辛壬癸子"[i]}科技有限公司`,
              "民营企业",
              uscc("110108", 10 + i),
            ]),
          ],
        },
      ],
      "pilot-enterprise",
    ),
  },
  "insurer.missing": {
    profile: "miit-2023",
    input: "a 服务方案 led by a security firm, no insurer (miit-2023: error)",
    produce: grid(
      [
        unit({
          牵头单位: "北京某某网络安全技术有限公司",
          所在地区: "北京市",
          "组织机构代码/三证合一码": uscc("110108", 3),
          单位类别: "网络安全企业",
        }),
      ],
      "service-plan",
    ),
  },
  "cross.duplicate_target": {
    profile: "hebei-2025",
    input: "one 服务对象 in two cities' files",
    produce: (p) =>
      runCrossRules(
        [
          submission(p, "a.xlsx", "石家庄市", [target({ name: "河北某某钢铁有限公司" })], "pilot-institution"),
          submission(p, "b.xlsx", "唐山市", [target({ name: "河北某某钢铁有限公司" })], "pilot-institution"),
        ],
        p,
      ),
  },
  "cross.duplicate_case": {
    profile: "hebei-2025",
    input: "one case in two 申报书",
    produce: (p) =>
      runCrossRules(
        [
          submission(p, "1.xlsx", "石家庄市", [caseApplication("案例乙")], "case-application"),
          submission(p, "2.xlsx", "石家庄市", [caseApplication("案例乙")], "case-application"),
        ],
        p,
      ),
  },
  "cross.lead_limit": {
    profile: "shanghai-health-2024",
    input: "one applicant leading 3 projects (Shanghai allows 2: error)",
    produce: (p) => {
      const lead: SheetGrid = {
        name: "申报单位基本信息",
        values: [
          ["牵头单位", "上海某某医院"],
          ["组织机构代码/三证合一码", makeUscc("12", "310104", "42510001")],
          ["单位性质", "事业单位"],
        ],
      };
      return runCrossRules(
        [1, 2, 3].map((n) => submission(p, `p${n}.xlsx`, "上海市", [lead], "pilot-enterprise")),
        p,
      );
    },
  },
  "cross.summary_mismatch": {
    profile: "hebei-2025",
    input: "a city's 推荐汇总表 listing a case without its 申报书",
    produce: (p) =>
      runCrossRules(
        [
          submission(p, "汇总.xlsx", "石家庄市", [summarySheet("案例甲")], "case-summary"),
          submission(p, "1.xlsx", "石家庄市", [caseApplication("案例乙")], "case-application"),
        ],
        p,
      ),
  },
  "file.duplicate": {
    profile: "hebei-2025",
    input: "the same workbook submitted twice",
    produce: (p) => {
      const bytes = targetsXlsx();
      return merge(p, { "石家庄市/服务对象.xlsx": () => bytes, "石家庄市/服务对象（再次提交）.xlsx": () => bytes });
    },
  },
  "file.superseded": {
    profile: "hebei-2025",
    input: "a 申报书 sent again with a changed 保费 and a later modified date",
    produce: (p) =>
      merge(p, {
        "石家庄市/典型案例申报书.xlsx": () => caseVersion(new Date(Date.UTC(2025, 10, 1))),
        "石家庄市/典型案例申报书（更正）.xlsx": () =>
          caseVersion(new Date(Date.UTC(2025, 10, 20)), (wb) => {
            // 保费 (B8: 保费 | 保额 on one row, as the Word form prints them).
            const ws = wb.getWorksheet("典型案例基本信息")!;
            expect(ws.getCell("A8").value).toBe("保费（万元）");
            ws.getCell("B8").value = 25;
          }),
      }),
  },
  "file.unreadable": {
    profile: "hebei-2025",
    input: "an .xlsx cut in half (interrupted download)",
    produce: (p) =>
      merge(p, {
        "石家庄市/服务对象.xlsx": async () => {
          const b = await targetsXlsx();
          return b.subarray(0, Math.floor(b.length / 2));
        },
      }),
  },
  "file.unknown_form": {
    profile: "hebei-2025",
    input: "a workbook with no table of the notice",
    produce: (p) =>
      merge(p, {
        "石家庄市/说明.xlsx": async () => {
          const wb = new ExcelJS.Workbook();
          wb.addWorksheet("Sheet1").addRow(["随便", "写写"]);
          return Buffer.from(await wb.xlsx.writeBuffer());
        },
      }),
  },
  "file.several_forms": {
    profile: "hebei-2025",
    input: "two 申报书s in one workbook: 典型案例基本信息 twice",
    produce: grid(
      [unit(), caseInfo({ 案例名称: "甲案例" }), { ...caseInfo({ 案例名称: "乙案例" }), name: "典型案例基本信息（2）" }],
      "case-application",
    ),
  },
  "file.city_unknown": {
    profile: "hebei-2025",
    input: "a workbook in a folder and under a name that name no city",
    produce: (p) => merge(p, { "材料汇总/服务对象.xlsx": () => targetsXlsx() }),
  },
  "sheet.unrecognized": {
    profile: "hebei-2025",
    input: "a sheet of notes beside a table",
    produce: grid([target({}), { name: "备注", values: [["这是一张说明"], ["没有表格"]] }], "pilot-institution"),
  },
  "file.not_spreadsheet": {
    profile: "hebei-2025",
    input: "a .pdf in a city's folder",
    produce: (p) => merge(p, { "石家庄市/服务对象.xlsx": () => targetsXlsx(), "石家庄市/申报书（盖章）.pdf": async () => PDF }),
  },
  "file.skipped": {
    profile: "hebei-2025",
    input: "an Office lock file (~$…) beside the workbook",
    produce: (p) =>
      merge(p, { "石家庄市/服务对象.xlsx": () => targetsXlsx(), "石家庄市/~$服务对象.xlsx": async () => lockFile() }),
  },
  "sheet.unreadable": {
    profile: "hebei-2025",
    input: "an .xlsx with a macro sheet",
    produce: (p) => merge(p, { "石家庄市/服务对象.xlsx": () => withMacroSheet() }),
  },
  "rows.unread": {
    profile: "hebei-2025",
    input: "a stray note row far below the table",
    produce: (p) => {
      const sheet = target({});
      const values: CellValue[][] = [
        ...sheet.values,
        ["填表人：张三"],
        ...Array.from({ length: 30 }, () => []),
        [null, "另有三家企业待补充材料"],
      ];
      return grid([{ ...sheet, values }], "pilot-institution")(p);
    },
  },
  "cell.no_result": {
    profile: "hebei-2025",
    input: "an .xlsx whose formula cell has no <v>",
    produce: (p) => merge(p, { "石家庄市/服务对象.xlsx": () => formulaWithoutResult() }),
  },
};

/**
 * Entries whose code the pipeline does not produce yet (rules other work is adding): they
 * run as it.fails, so the suite says when one starts to pass — then remove it from here.
 */
const NOT_YET: RuleCode[] = [];

// ---------------------------------------------------------------------------------------

const produced = new Map<RuleCode, { issues?: Issue[]; error?: unknown }>();

beforeAll(async () => {
  for (const code of DECLARED) {
    const entry = CATALOGUE[code];
    try {
      produced.set(code, { issues: await entry.produce(profile(entry.profile)) });
    } catch (error) {
      produced.set(code, { error });
    }
  }
}, 120_000);

describe("every declared rule code is produced by a real input", () => {
  it("the catalogue has exactly one entry per declared code", () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual([...DECLARED].sort());
    for (const code of NOT_YET) expect(DECLARED).toContain(code);
  });

  for (const code of DECLARED) {
    const entry = CATALOGUE[code];
    const test = NOT_YET.includes(code) ? it.fails : it;
    const want = effectiveSeverity(code, profile(entry.profile));
    test(`${code} (${want} under ${entry.profile}): ${entry.input}`, () => {
      const r = produced.get(code)!;
      if (r.error) throw r.error;
      const hits = r.issues!.filter((i) => i.code === code);
      expect(hits.length, `${code} not emitted; emitted: ${r.issues!.map((i) => i.code).join(", ")}`).toBeGreaterThan(0);
      for (const i of hits) expect(i.severity, i.message).toBe(want);
      for (const i of hits) expect(i.message.length).toBeGreaterThan(0);
    });
  }

  it("the pipeline emits no code that is not declared", () => {
    const emitted = new Set([...produced.values()].flatMap((r) => (r.issues ?? []).map((i) => i.code as string)));
    expect([...emitted].filter((c) => !(c in RULES))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// README.md's rule table (## 校验规则): | 代码 | 级别 | 含义 |. A row may group codes
// (`number.invalid` / `number.converted`) with one severity for all or one per code
// (错误 / 警告); a severity may be followed by a profile's override in brackets
// (警告（上海的通知要求本市注册：错误）): the leading word is the declared severity.

function readmeRuleTable(): { code: string; severity: string }[] {
  const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = text.slice(text.indexOf("## 校验规则"));
  const lines = section.split("\n");
  const head = lines.findIndex((l) => /^\|\s*代码\s*\|\s*级别\s*\|/.test(l));
  expect(head, "README.md: no | 代码 | 级别 | … table under ## 校验规则").toBeGreaterThan(-1);
  const rows: { code: string; severity: string }[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith("|")) break;
    const [codeCell, severityCell] = line.split("|").slice(1, 3);
    const codes = [...codeCell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const severities = severityCell.split("/").map((s) => s.trim().replace(/（.*$/, "").trim());
    codes.forEach((code, k) => rows.push({ code, severity: severities.length === 1 ? severities[0] : severities[k] }));
  }
  return rows;
}

describe("README.md's rule table", () => {
  it("lists exactly the declared codes, once each, with their declared severities", () => {
    const rows = readmeRuleTable();
    expect(rows.map((r) => r.code).sort()).toEqual([...DECLARED].sort());
    for (const r of rows) expect(r.severity, r.code).toBe(SEVERITY_LABEL[RULES[r.code as RuleCode].severity]);
  });
});

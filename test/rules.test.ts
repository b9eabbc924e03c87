// Every rule code of SPEC §6 that the forms core emits, on grids as the readers give them,
// with real-world variants: each case says which codes a value must (and must not) raise.
import { describe, expect, it } from "vitest";
import type { CellValue, FormId, Issue, SheetGrid } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid } from "../forms/validate.js";
import { runCrossRules, type Submission } from "../forms/rules/cross.js";
import { RULES } from "../forms/rules/codes.js";
import { makeUscc } from "../forms/parse/uscc.js";
import { tablesForForm } from "../forms/tables.js";
import { creditCode, SJZ, TARGET_HEADER, targetRow, unitSheet } from "./fixtures/grids.js";

const hebei = findProfile("hebei-2025")!;
const miit2023 = findProfile("miit-2023")!;
const shanghai = findProfile("shanghai-health-2024")!;
const TODAY = "2025-11-25";
const code = creditCode;

/** A list sheet: header row 1, data from row 2. */
function listSheet(name: string, header: string[], rows: CellValue[][]): SheetGrid {
  return { name, values: [header, ...rows] };
}

function validate(sheets: SheetGrid[], form: FormId, profile = hebei): Issue[] {
  return validateGrid({ sheets }, { profile, form, today: TODAY }).issues;
}

/** Codes (with cell) of one targets table whose row 2 is the case under test. */
function targetCodes(over: Parameters<typeof targetRow>[1]): string[] {
  const issues = validate([listSheet("服务对象", TARGET_HEADER, [targetRow(1, over)])], "pilot-institution");
  return issues.filter((i) => i.table === "targets").map((i) => `${i.cell} ${i.code}`);
}

describe("cell rules on the targets table", () => {
  it("a clean row has no issue", () => expect(targetCodes({})).toEqual([]));
  it.each([
    ["13800000000/zhang@example.com", []],
    ["zhang@example.com；13800000000", []],
    ["13800000000\nzhang@example.com", []],
    ["１３８００００００００／zhang@example.com", ["E2 text.whitespace"]],
    ["+86 138 0000 0000 zhang@example.com", []],
    ["13800000000", ["E2 contact.email_missing"]],
    ["zhang@example.com", ["E2 contact.mobile_missing"]],
    ["0311-86699155/zhang@example.com", ["E2 contact.mobile_missing"]],
    ["1380000000/zhang@example.com", ["E2 phone.invalid"]],
    ["13800000000/zhang@example", ["E2 email.invalid"]],
  ])("联系方式 %s", (info, want) => expect(targetCodes({ info })).toEqual(want));
  it.each([
    ["河北某某制造有限公司", []],
    ["河北某某", ["B2 name.not_full"]],
    ["某某公司等", ["B2 name.not_full"]],
    ["河北某某制造有限公司（原某某厂）", []],
    [" 河北某某制造有限公司", ["B2 text.whitespace"]],
  ])("企业名称 %s", (name, want) => expect(targetCodes({ name })).toEqual(want));
  it.each([
    ["工业互联网", []],
    ["钢铁", ["C2 enum.unlisted"]],
    ["其他", ["C2 enum.other_unspecified"]],
    ["其他（钢铁）", []],
  ])("所在行业领域 %s", (industry, want) => expect(targetCodes({ industry })).toEqual(want));
  it("required: an empty required cell in a row with content", () => {
    expect(targetCodes({ contact: null })).toEqual(["D2 required"]);
  });
});

describe("table rules", () => {
  it("seq.broken with the expected number as its fix; a pre-numbered empty row is not data", () => {
    const issues = validate(
      [
        listSheet("服务对象", TARGET_HEADER, [
          targetRow(1),
          targetRow(2),
          [3, null, null, null, null],
          targetRow(5),
          targetRow(6),
        ]),
      ],
      "pilot-institution",
    );
    const seq = issues.filter((i) => i.code === "seq.broken");
    expect(seq.map((i) => [i.cell, i.fix])).toEqual([["A5", 3]]);
  });

  it("row.duplicate by credit code, by name, and a joint unit that is the lead", () => {
    const header = ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"];
    const unit: SheetGrid = {
      name: "申报单位基本信息",
      values: [
        ["牵头单位", "中国人民财产保险股份有限公司石家庄市分公司"],
        ["组织机构代码/三证合一码", SJZ],
        ["单位性质", "国有企业"],
      ],
    };
    const joint = listSheet("联合申报单位", header, [
      [1, "北京某某科技有限公司", "民营企业", "网络安全企业", code("110108", 2)],
      [2, "北京某某科技股份有限公司", "民营企业", "网络安全企业", code("110108", 2)],
      [3, "北京某某 科技有限公司", "民营企业", "网络安全企业", null],
      [4, "中国人民财产保险股份有限公司石家庄市分公司", "国有企业", "保险公司", SJZ],
    ]);
    const dup = validate([unit, joint], "pilot-institution").filter((i) => i.code === "row.duplicate");
    expect(dup.map((i) => i.cell)).toEqual(["B3", "B4", "B5"]);
    expect(dup[2].message).toContain("牵头单位");
  });

  it("joint.too_many past the profile's limit (miit-2023: 10)", () => {
    const header = ["序号", "单位名称", "单位性质", "组织机构代码/三证合一码"];
    const rows = Array.from({ length: 11 }, (_, i) => [
      i + 1,
      `北京某某${"甲乙丙丁戊己庚辛壬癸子"[i]}科技有限公司`,
      "民营企业",
      code("110108", 10 + i),
    ]);
    const issues = validate([listSheet("联合申报单位", header, rows)], "pilot-enterprise", miit2023);
    expect(issues.filter((i) => i.code === "joint.too_many").map((i) => i.cell)).toEqual(["B12"]);
    expect(
      validate([listSheet("联合申报单位", header, rows.slice(0, 10))], "pilot-enterprise", miit2023).map((i) => i.code),
    ).not.toContain("joint.too_many");
  });
});

describe("key–value rules", () => {
  const codes = (over: Record<string, CellValue>, profile = hebei, form: FormId = "pilot-institution") =>
    validate([unitSheet(over)], form, profile).map((i) => i.code);

  it("a clean unit has no issue", () => expect(codes({})).toEqual([]));
  it.each([
    [{ "组织机构代码/三证合一码": SJZ.toLowerCase() }, ["text.whitespace"]],
    [{ "组织机构代码/三证合一码": SJZ.slice(0, 17) + (SJZ[17] === "1" ? "2" : "1") }, ["uscc.checksum"]],
    [{ "组织机构代码/三证合一码": "91130104MA0CX1Y2" }, ["uscc.format"]],
    [{ "组织机构代码/三证合一码": "D2143569-X" }, []],
    [{ "组织机构代码/三证合一码": "D2143569-1" }, ["uscc.checksum"]],
    [{ "组织机构代码/三证合一码": code("110108", 5) }, ["uscc.region"]],
    [{ 所在地区: "河北省唐山市" }, ["uscc.region"]],
    [{ 联系电话: "021-64743030-2709" }, []],
    [{ 联系电话: "68206187" }, ["phone.invalid"]],
    [{ 邮箱: "wang@163" }, ["email.invalid"]],
    [{ "注册资本（万元）": "50万元" }, []],
    [{ "注册资本（万元）": "5000000元" }, ["number.converted"]],
    [{ "注册资本（万元）": "待定" }, ["number.invalid"]],
    [{ 成立时间: "2020年11月28日" }, []],
    [{ 成立时间: "2025年11月28日" }, ["date.invalid"]], // after "today" (2025-11-25)
    [{ 成立时间: "2030-01-01" }, ["date.invalid"]],
    [{ 成立时间: "2025-02-30" }, ["date.invalid"]],
    [{ 单位性质: "民营" }, ["enum.invalid"]],
    [{ 单位性质: "其他（请注明）" }, ["enum.other_unspecified"]],
    [{ 单位性质: "其他（社会团体）" }, []],
    [{ 单位类别: "律师事务所" }, ["insurer.missing", "enum.invalid"]], // a stated non-insurer lead
    [{ 申报单位简介: "字".repeat(401) }, ["text.too_long"]],
    [{ 申报单位简介: "字".repeat(400) }, []],
    [{ 申报日期: "2025-12-23" }, ["date.late"]],
    [{ 申报日期: "2025-12-22" }, []],
    [{ 邮箱: null }, ["required"]],
  ])("%o → %o", (over, want) => expect(codes(over)).toEqual(want));

  it("a missing label is required at the table", () => {
    const sheet = unitSheet({});
    sheet.values = sheet.values.filter((r) => r[0] !== "邮箱");
    const issues = validate([sheet], "pilot-institution");
    expect(issues.map((i) => [i.code, i.column])).toEqual([["required", "邮箱"]]);
  });

  it("uscc.region is an error where the notice requires local registration (Shanghai)", () => {
    const issues = validate(
      [unitSheet({ "组织机构代码/三证合一码": SJZ, 所在地区: "上海市", 单位类别: null })],
      "pilot-enterprise",
      shanghai,
    );
    const region = issues.find((i) => i.code === "uscc.region")!;
    expect(region.severity).toBe("error");
    expect(region.message).toContain("上海市");
  });

  it("定州 and 雄安 codes match their own 所在地区", () => {
    expect(codes({ "组织机构代码/三证合一码": code("130682", 7), 所在地区: "河北省定州市" })).toEqual([]);
    expect(codes({ "组织机构代码/三证合一码": code("133100", 8), 所在地区: "河北雄安新区" })).toEqual([]);
    expect(codes({ "组织机构代码/三证合一码": code("130629", 9), 所在地区: "雄安新区容城县" })).toEqual([]);
  });

  it("insurer.missing: error under miit-2023, warning elsewhere; found by category or by name", () => {
    const noInsurer = {
      牵头单位: "北京某某网络安全技术有限公司",
      所在地区: "北京市",
      "组织机构代码/三证合一码": code("110108", 3),
      单位类别: "网络安全企业",
    };
    const m = validate([unitSheet(noInsurer)], "service-plan", miit2023).find((i) => i.code === "insurer.missing");
    expect(m?.severity).toBe("error");
    const h = validate([unitSheet(noInsurer)], "pilot-institution").find((i) => i.code === "insurer.missing");
    expect(h?.severity).toBe("warning");
    const withJoint = validate(
      [
        unitSheet(noInsurer),
        listSheet(
          "联合申报单位",
          ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"],
          [[1, "中国太平洋财产保险股份有限公司北京分公司", "国有企业", null, code("110108", 4)]],
        ),
      ],
      "pilot-institution",
    );
    expect(withJoint.map((i) => i.code)).not.toContain("insurer.missing");
  });
});

describe("case rules", () => {
  const caseSheet = (over: Record<string, CellValue>): SheetGrid => {
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
  };
  const codes = (over: Record<string, CellValue>) => validate([caseSheet(over)], "case-application").map((i) => i.code);
  it.each([
    [{}, []],
    [{ "保费（万元）": 600 }, ["premium.above_cover"]],
    [{ "保额（万元）": "1.2亿" }, ["number.converted"]],
    [{ 申报类别: "重点主体" }, ["enum.other_unspecified"]],
    [{ 申报类别: "重点主体（中小企业）" }, []],
    [{ 申报类别: "工业" }, ["enum.invalid"]],
    [{ 是否出险: "☑是 □否" }, ["text.whitespace"]],
    [{ 是否出险: "不确定" }, ["enum.invalid"]],
    [{ 案例推广应用总量: "12份保单" }, ["number.converted"]],
    [{ 案例推广应用总量: -1 }, ["number.invalid"]],
  ])("%o → %o", (over, want) => expect(codes(over)).toEqual(want));
});

describe("files and sheets", () => {
  it("sheet.unrecognized for a sheet with content but no table; file.unknown_form when nothing is found", () => {
    const issues = validateGrid(
      { sheets: [{ name: "备注", values: [["这是一张说明"], ["没有表格"]] }] },
      { profile: hebei, today: TODAY },
    ).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(["file.unknown_form", "sheet.unrecognized"]);
    expect(issues.every((i) => i.severity === RULES[i.code as keyof typeof RULES].severity)).toBe(true);
  });

  it("a table found by its headings on any sheet, after title rows, with the header in row 25", () => {
    const values: CellValue[][] = Array.from({ length: 24 }, (_, i) => (i === 0 ? ["表1 服务对象基本情况"] : []));
    values.push(TARGET_HEADER, targetRow(1), targetRow(2));
    const v = validateGrid({ sheets: [{ name: "Sheet3", values }] }, { profile: hebei, today: TODAY });
    expect(v.form).toBe("pilot-institution");
    expect(v.rows.targets).toBe(2);
  });

  it("every definition's headings are found again from a header row made of its labels", () => {
    for (const p of [hebei, miit2023, shanghai]) {
      for (const f of p.forms) {
        for (const def of tablesForForm(p, f.id)) {
          if (def.layout !== "list") continue;
          const row = def.fields.map((x) => x.label);
          const v = validateGrid({ sheets: [{ name: "x", values: [row] }] }, { profile: p, form: f.id, today: TODAY });
          expect(
            v.tables.map((t) => t.table),
            `${p.id} ${f.id} ${def.id}`,
          ).toContain(def.id);
        }
      }
    }
  });
});

describe("cross-file rules", () => {
  const sub = (file: string, city: string, sheets: SheetGrid[], form: FormId): Submission => ({
    file,
    city,
    form,
    tables: validateGrid({ sheets }, { profile: hebei, form, today: TODAY }).tables,
  });
  it("cross.duplicate_target names every file", () => {
    const a = sub(
      "a.xlsx",
      "石家庄市",
      [listSheet("服务对象", TARGET_HEADER, [targetRow(1, { name: "河北某某钢铁有限公司" })])],
      "pilot-institution",
    );
    const b = sub(
      "b.xlsx",
      "唐山市",
      [listSheet("服务对象", TARGET_HEADER, [targetRow(1, { name: "河北某某钢铁有限公司" }), targetRow(2)])],
      "pilot-institution",
    );
    const issues = runCrossRules([a, b], hebei).filter((i) => i.code === "cross.duplicate_target");
    expect(issues.length).toBe(2);
    expect(issues[0].files).toEqual(["a.xlsx", "b.xlsx"]);
    // Places as a clerk counts them: the sheet row and its 序号.
    expect(issues[0].message).toContain("石家庄市 a.xlsx「服务对象」第2行（序号1）");
    expect(issues[0].message).toContain("唐山市 b.xlsx「服务对象」第2行（序号1）");
  });

  it("cross.duplicate_target in 600 files: an issue on each, every message lists 20 places and the count", () => {
    const subs = Array.from({ length: 600 }, (_, i) =>
      sub(
        `${i}.xlsx`,
        "唐山市",
        [listSheet("服务对象", TARGET_HEADER, [targetRow(1, { name: "河北某某钢铁有限公司" })])],
        "pilot-institution",
      ),
    );
    const issues = runCrossRules(subs, hebei).filter((i) => i.code === "cross.duplicate_target");
    expect(issues.map((i) => i.file)).toEqual(subs.map((s) => s.file));
    for (const i of issues) {
      expect(i.message).toContain("在600份材料中重复出现");
      expect(i.message).toContain("……等共600处");
      expect(i.message.split("「服务对象」").length - 1).toBe(20);
      // A roll-up cell holds at most 32,767 characters.
      expect(i.message.length).toBeLessThan(32_767);
      expect(i.files).toHaveLength(600);
    }
  });

  it("cross.lead_limit: Shanghai allows 2 projects per applicant (error)", () => {
    const unit = (n: number): SheetGrid => ({
      name: "申报单位基本信息",
      values: [
        ["牵头单位", "上海某某医院"],
        ["组织机构代码/三证合一码", makeUscc("12", "310104", `4251${String(n).padStart(4, "0")}`)],
        ["单位性质", "事业单位"],
      ],
    });
    const subs = [1, 1, 1].map((n, i) => ({
      file: `p${i}.xlsx`,
      form: "pilot-enterprise" as FormId,
      tables: validateGrid({ sheets: [unit(n)] }, { profile: shanghai, form: "pilot-enterprise", today: TODAY }).tables,
    }));
    const issues = runCrossRules(subs, shanghai).filter((i) => i.code === "cross.lead_limit");
    expect(issues.length).toBe(3);
    expect(issues[0].severity).toBe("error");
    expect(runCrossRules(subs.slice(0, 2), shanghai).filter((i) => i.code === "cross.lead_limit")).toEqual([]);
  });

  it("cross.summary_mismatch both ways; cross.duplicate_case", () => {
    const summary = sub(
      "汇总.xlsx",
      "石家庄市",
      [
        listSheet(
          "汇总",
          ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"],
          [[1, "案例甲", "某公司", "行业企业", null, "描述", "张三", "13800000000"]],
        ),
      ],
      "case-summary",
    );
    const app = (file: string, title: string) =>
      sub(
        file,
        "石家庄市",
        [
          {
            name: "申报书",
            values: [
              ["单位名称", "某某保险股份有限公司"],
              ["案例名称", title],
              ["申报类别", "重点主体：中小企业"],
              ["保费（万元）", 1],
            ],
          },
        ],
        "case-application",
      );
    const issues = runCrossRules([summary, app("1.xlsx", "案例乙"), app("2.xlsx", "案例乙")], hebei);
    const mismatch = issues.filter((i) => i.code === "cross.summary_mismatch");
    expect(mismatch.map((i) => i.file).sort()).toEqual(["1.xlsx", "2.xlsx", "汇总.xlsx"]);
    expect(issues.filter((i) => i.code === "cross.duplicate_case").map((i) => i.file)).toEqual(["1.xlsx", "2.xlsx"]);
    const files = Object.fromEntries(mismatch.map((i) => [i.file, i.files]));
    expect(files).toEqual({ "汇总.xlsx": ["汇总.xlsx"], "1.xlsx": ["1.xlsx", "汇总.xlsx"], "2.xlsx": ["2.xlsx", "汇总.xlsx"] });

    // A city with 60 summaries (each listing its own case) and 60 applications of other
    // cases: each issue names its own file and at most 20 summaries, not all 60 (issue 13:
    // a report growing with the square of the city's files).
    const many = [
      ...Array.from({ length: 60 }, (_, k) => ({ ...summary, file: `汇总${k}.xlsx` })),
      ...Array.from({ length: 60 }, (_, k) => app(`申报${k}.xlsx`, `案例${k}号`)),
    ];
    const manyIssues = runCrossRules(many, hebei).filter((i) => i.code === "cross.summary_mismatch");
    const ofApplications = manyIssues.filter((i) => i.file?.startsWith("申报"));
    expect(ofApplications).toHaveLength(60);
    for (const i of ofApplications) expect(i.files).toEqual([i.file, ...Array.from({ length: 20 }, (_, k) => `汇总${k}.xlsx`)]);
    const ofSummaries = manyIssues.filter((i) => i.file?.startsWith("汇总"));
    for (const i of ofSummaries) expect(i.files).toEqual([i.file]);
  });
});

describe("insurer.missing without the lead unit's 基本信息", () => {
  const JOINT_2023 = ["序号", "单位名称", "单位性质", "组织机构代码/三证合一码"];
  const JOINT_HEBEI = ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"];
  /** Only the 联合申报单位 list survived (the 基本信息 sheet was left out of the file), under its heading. */
  const jointOnly = (header: string[], rows: CellValue[][]): SheetGrid => ({
    name: "联合申报单位",
    values: [["（二）联合申报单位"], header, ...rows.map((r, i) => [i + 1, ...r])],
  });
  const securityFirms = [
    ["奇安信科技集团股份有限公司", "民营企业", code("110108", 21)],
    ["北京天融信网络安全技术有限公司", "民营企业", code("110108", 22)],
  ];
  const insurerIssues = (sheets: SheetGrid[], form: FormId, profile = hebei) =>
    validate(sheets, form, profile).filter((i) => i.code === "insurer.missing");

  it("a miit-2023 服务方案 with only a joint list of security firms: error, saying the lead unit is unknown", () => {
    const issues = insurerIssues([jointOnly(JOINT_2023, securityFirms)], "service-plan", miit2023);
    expect(issues.length).toBe(1);
    expect(issues[0]).toMatchObject({
      severity: "error",
      sheet: "联合申报单位",
      cell: "B3",
      table: "joint",
      column: "单位名称",
      value: "奇安信科技集团股份有限公司",
    });
    expect(issues[0].message).toMatch(/^未找到牵头单位的基本信息，联合申报单位中也没有保险/);
    expect(issues[0].message).toContain(miit2023.notice);
  });

  it("an insurer among the joint units (by name, or by 单位类别) is enough", () => {
    const withPicc = [...securityFirms, ["中国人民财产保险股份有限公司北京市分公司", "国有企业", code("110108", 23)]];
    expect(insurerIssues([jointOnly(JOINT_2023, withPicc)], "service-plan", miit2023)).toEqual([]);
    const broker = [
      ["河北某某网络安全技术有限公司", "民营企业", "网络安全企业", SJZ],
      ["河北众联风险管理服务有限公司", "民营企业", "保险中介机构", code("130104", 24)],
    ];
    expect(insurerIssues([jointOnly(JOINT_HEBEI, broker)], "pilot-institution")).toEqual([]);
  });

  it("保险科技 by name, or a stated non-insurance 单位类别, is no insurer: a warning under hebei-2025", () => {
    const rows = [
      ["河北某某保险科技有限公司", "民营企业", "保险科技公司", SJZ],
      ["河北某某保险经纪有限公司", "民营企业", "网络安全企业", code("130104", 25)],
    ];
    const issues = insurerIssues([jointOnly(JOINT_HEBEI, rows)], "pilot-institution");
    expect(issues.map((i) => [i.severity, i.cell])).toEqual([["warning", "B3"]]);
    expect(issues[0].message).toContain("未找到牵头单位的基本信息");
  });

  it("not for forms without the rule, nor for an empty joint list, nor when the lead is known", () => {
    expect(insurerIssues([jointOnly(JOINT_HEBEI, [])], "pilot-institution")).toEqual([]);
    expect(
      insurerIssues(
        [
          jointOnly(
            JOINT_HEBEI,
            securityFirms.map(([n, k, c]) => [n, k, "网络安全企业", c]),
          ),
        ],
        "pilot-enterprise",
      ),
    ).toEqual([]);
    // With a 基本信息 table the message is the usual one, on the lead unit.
    const lead: SheetGrid = {
      name: "申报单位基本信息",
      values: [
        ["牵头单位", "北京某某网络安全技术有限公司"],
        ["所在地区", "北京市"],
        ["组织机构代码/三证合一码", code("110108", 3)],
        ["单位性质", "民营企业"],
        ["单位类别", "网络安全企业"],
      ],
    };
    const issues = insurerIssues([lead, jointOnly(JOINT_2023, securityFirms)], "service-plan", miit2023);
    expect(issues.map((i) => [i.table, i.message.startsWith("牵头及联合申报单位中没有")])).toEqual([["unit", true]]);
  });
});

describe("rows named as a clerk counts them: 第N行（序号M）", () => {
  const targets = (rows: CellValue[][], header = TARGET_HEADER) =>
    validate([listSheet("服务对象", header, rows)], "pilot-institution").filter((i) => i.table === "targets");

  it("seq.broken: the sheet row with its 序号, the number it should have", () => {
    const [seq] = targets([targetRow(1), targetRow(2), targetRow(5)]).filter((i) => i.code === "seq.broken");
    expect(seq.message).toBe("序号不连续：第4行（序号5）应为3。序号应按1、2、3……连续编号（可自动修正）。");
  });

  it("seq.broken: an empty 序号 gets no （序号）; a long text is quoted instead", () => {
    const empty = targets([targetRow(1), [null, ...targetRow(2).slice(1)]]).find((i) => i.code === "seq.broken")!;
    expect(empty.message).toBe("序号未填写：第3行应为2。序号应按1、2、3……连续编号。");
    const long = targets([targetRow(1), ["第二家（补报，见附件）", ...targetRow(2).slice(1)]]).find(
      (i) => i.code === "seq.broken",
    )!;
    expect(long.message).toContain("第3行应为2，实际为“第二家（补报，见附件）”。");
  });

  it("row.duplicate: the first row named with its 序号", () => {
    const dup = targets([targetRow(1), targetRow(2), targetRow(3, { name: "河北某某制造1有限公司" })]).find(
      (i) => i.code === "row.duplicate",
    )!;
    expect(dup.cell).toBe("B4");
    expect(dup.message).toBe("“河北某某制造1有限公司”与第2行（序号1）是同一单位（名称相同），请删除重复行或核对。");
  });

  it("required in a list row: the row and its 序号; without a 序号 column: the row alone", () => {
    const [req] = targets([targetRow(1), targetRow(2, { contact: null })]).filter((i) => i.code === "required");
    expect(req.message).toBe("第3行（序号2）“联系人”未填写，请补充。");
    const noSeq = targets([targetRow(1, { contact: null }).slice(1)], TARGET_HEADER.slice(1)).find((i) => i.code === "required")!;
    expect(noSeq.message).toBe("第2行“联系人”未填写，请补充。");
  });

  it("required in a key–value table names no row", () => {
    const unit: SheetGrid = {
      name: "申报单位基本信息",
      values: [
        ["牵头单位", "中国人民财产保险股份有限公司石家庄市分公司"],
        ["组织机构代码/三证合一码", SJZ],
        ["单位性质", null],
      ],
    };
    const req = validate([unit], "pilot-institution").filter((i) => i.code === "required");
    expect(req.length).toBeGreaterThan(0);
    for (const i of req) expect(i.message).not.toMatch(/第\d+行/);
  });
});

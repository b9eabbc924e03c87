// Locating tables in hand-made workbooks (SPEC §7), through real exceljs round trips.
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { gridFromExcelJs } from "../aggregator/read/workbook.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid } from "../forms/validate.js";
import type { Issue, WorkbookGrid } from "../forms/model.js";
import { cellText } from "../forms/parse/text.js";
import { handmadeSummary, pastedCaseApplication, pastedInstitutionPlan, CODES } from "./fixtures/handmade.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

async function roundTrip(wb: ExcelJS.Workbook): Promise<WorkbookGrid> {
  const buf = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as ArrayBuffer);
  return gridFromExcelJs(back);
}

const codesAt = (issues: Issue[]) => issues.map((i) => `${i.cell} ${i.code}`);

describe("a 试点工作方案 pasted from Word into one sheet", () => {
  it("finds the unit, joint, targets and plans tables and detects the form", async () => {
    const grid = await roundTrip(pastedInstitutionPlan());
    const v = validateGrid(grid, { profile: hebei, today: TODAY });
    expect(v.form).toBe("pilot-institution");
    expect(v.tables.map((t) => t.table).sort()).toEqual(["joint", "plans", "targets", "unit"]);
    // 17 numbered target rows, one of them empty (pre-numbered), "......" not data
    expect(v.rows.targets).toBe(16);
    expect(v.rows.joint).toBe(2);
    expect(v.rows.plans).toBe(1);
    const unit = v.tables.find((t) => t.table === "unit")!.records[0];
    expect(cellText(unit.fields.name!.value)).toBe("中国人民财产保险股份有限公司石家庄市分公司");
    expect(cellText(unit.fields.uscc!.value)).toBe(CODES.lead.toLowerCase());
    expect(unit.fields.founded!.value).toBeInstanceOf(Date);
    expect(unit.fields.phone!.cell).toBe("D12");
    expect(unit.fields.email!.cell).toBe("D13");
    expect(cellText(unit.fields.title!.value)).toBe("工业企业网络安全综合保险试点");
    expect(cellText(unit.fields.intro!.value)).toContain("网络安全保险业务");
  });

  it("reports exactly the planted problems", async () => {
    const grid = await roundTrip(pastedInstitutionPlan());
    const v = validateGrid(grid, { profile: hebei, today: TODAY });
    const got = codesAt(v.issues.filter((i) => i.severity !== "info"));
    // 目标 row 6 lacks an e-mail; 注册资本 "5000万元" is fine; joint 2 "其他" is unspecified;
    // 序号 skips 4 (a blank numbered row is not data, so the next rows are numbered wrong).
    expect(got).toContain("E31 contact.email_missing");
    expect(got).toContain("C18 enum.other_unspecified");
    expect(got).toContain("A30 seq.broken");
    // The lower-case credit code is right, only its spelling is fixable.
    const fix = v.issues.find((i) => i.code === "text.whitespace" && i.column === "组织机构代码/三证合一码");
    expect(fix?.fix).toBe(CODES.lead);
    expect(v.issues.filter((i) => i.code.startsWith("uscc."))).toEqual([]);
  });

  it("a wrong check character is uscc.checksum at its cell", async () => {
    const grid = await roundTrip(pastedInstitutionPlan({ badCode: true }));
    const v = validateGrid(grid, { profile: hebei, today: TODAY });
    expect(codesAt(v.issues)).toContain("B10 uscc.checksum");
  });
});

describe("a hand-made 推荐汇总表", () => {
  it("reads the inline 推荐单位 and 日期 line and the inline footer", async () => {
    const grid = await roundTrip(handmadeSummary());
    const v = validateGrid(grid, { profile: hebei, today: TODAY });
    expect(v.form).toBe("case-summary");
    const t = v.tables[0];
    expect(t.records.length).toBe(3);
    expect(cellText(t.meta!.fields.recommender!.value)).toContain("石家庄市工业和信息化局");
    expect(cellText(t.meta!.fields.date!.value)).toBe("2025年11月20日");
    expect(cellText(t.meta!.fields.contact!.value)).toBe("张三");
    expect(cellText(t.meta!.fields.phone!.value)).toBe("13932100000");
    expect(v.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });

  it("a date after the deadline is date.late", async () => {
    const grid = await roundTrip(handmadeSummary({ date: "2025年12月1日" }));
    const v = validateGrid(grid, { profile: hebei, today: "2025-12-02" });
    expect(codesAt(v.issues)).toContain("A2 date.late");
  });
});

describe("a 典型案例申报书 pasted from Word", () => {
  it("tells the two 所属行业领域 apart and finds the planted problems", async () => {
    const grid = await roundTrip(pastedCaseApplication());
    const v = validateGrid(grid, { profile: hebei, today: TODAY });
    expect(v.form).toBe("case-application");
    const c = v.tables.find((t) => t.table === "case")!.records[0];
    expect(cellText(c.fields.buyerIndustry!.value)).toBe("原材料工业");
    expect(c.fields.buyerIndustry!.cell).toBe("D18");
    expect(cellText(c.fields.insuredIndustry!.value)).toBe("工业");
    expect(c.fields.insuredIndustry!.cell).toBe("D19");
    const got = codesAt(v.issues);
    expect(got).toContain("B21 premium.above_cover");
    expect(got).toContain("B23 number.converted");
    expect(v.issues.filter((i) => i.code === "required")).toEqual([]);
  });
});

describe("more hand-made layouts", () => {
  it("unit details typed like a list: labels across one row, values in the row below", () => {
    const labels = [
      "牵头单位",
      "所在地区",
      "统一社会信用代码",
      "成立时间",
      "通讯地址",
      "注册资本(万元)",
      "联系人",
      "联系电话",
      "电子邮件",
      "单位性质",
      "单位类别",
      "申报单位简介",
      "方案名称",
      "申报方向",
    ];
    const values = [
      "中国人民财产保险股份有限公司石家庄市分公司",
      "河北省石家庄市",
      CODES.lead,
      "2003-07-01",
      "石家庄市中山东路1号",
      5000,
      "王晓凯",
      "0311-86699155",
      "wang@example.com",
      "国有企业",
      "保险公司",
      "简介。",
      "试点方案",
      "工业互联网",
    ];
    const v = validateGrid(
      { sheets: [{ name: "基本信息", values: [labels, values] }] },
      { profile: hebei, form: "pilot-enterprise", today: TODAY },
    );
    const unit = v.tables.find((t) => t.table === "unit")!.records[0];
    expect(cellText(unit.fields.uscc!.value)).toBe(CODES.lead);
    expect(unit.fields.uscc!.cell).toBe("C2");
    expect(cellText(unit.fields.email!.value)).toBe("wang@example.com");
    expect(v.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("a 行业领域 merged down several data rows gives each row its value; '*' marks on headings are ignored", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("服务对象");
    ws.addRow(["序号", "*企业名称", "*所在行业领域", "联系人", "联系方式（手机与邮箱）※"]);
    for (let i = 1; i <= 4; i++)
      ws.addRow([
        i,
        `河北某某制造${i}有限公司`,
        i <= 3 ? (i === 1 ? "装备工业" : null) : "能源",
        `联系人${i}`,
        `1380000000${i}/u${i}@example.com`,
      ]);
    ws.mergeCells("C2:C4");
    const grid = await roundTrip(wb);
    const v = validateGrid(grid, { profile: hebei, form: "pilot-institution", today: TODAY });
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.records.map((r) => cellText(r.fields.industry!.value))).toEqual(["装备工业", "装备工业", "装备工业", "能源"]);
    expect(v.issues.filter((i) => i.code === "required")).toEqual([]);
  });

  it("a credit code typed with the letter O for zero gets a suggestion", async () => {
    const wb = pastedInstitutionPlan();
    wb.getWorksheet("Sheet1")!.getCell("B10").value = CODES.lead.replace(/0/g, "O");
    const v = validateGrid(await roundTrip(wb), { profile: hebei, today: TODAY });
    const issue = v.issues.find((i) => i.cell === "B10" && i.code.startsWith("uscc."))!;
    expect(issue.code).toBe("uscc.format");
    expect(issue.message).toContain(CODES.lead);
  });
});

describe("two list tables on one sheet without a heading line between them", () => {
  it("the second header (with remarks in brackets) ends the first table", () => {
    const values = [
      ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
      [1, "河北某某制造1有限公司", "装备工业", "张三", "13800000001/a@example.com"],
      [
        "序号",
        "方案名称",
        "方案类型 (企业类、产品服务类)",
        "行业领域 (如电信和互联网、工业互联网、车联网等)",
        "*联系人",
        "联系方式 (手机与邮箱)",
      ],
      [1, "方案一", "企业类", "工业互联网", "李四", "13800000002/b@example.com"],
    ];
    const miit = findProfile("miit-2023")!;
    const v = validateGrid({ sheets: [{ name: "Sheet1", values }] }, { profile: miit, form: "pilot-institution", today: TODAY });
    expect(v.rows).toMatchObject({ targets: 1, plans: 1 });
    expect(v.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });
});

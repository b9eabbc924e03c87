// Issue 8: table finding that accounts for every row — two-row headers and split 联系方式,
// footer-like data cells, "……" and placeholder rows, and rows.unread for what no table read.
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { gridFromExcelJs } from "../aggregator/read/workbook.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid, type WorkbookValidation } from "../forms/validate.js";
import type { CellValue, Issue, WorkbookGrid } from "../forms/model.js";
import { cellText } from "../forms/parse/text.js";
import {
  handmadeSummary,
  pastedCaseApplication,
  pastedInstitutionPlan,
  threeRowHeaderTargets,
  twoRowHeaderTargets,
} from "./fixtures/handmade.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

async function roundTrip(wb: ExcelJS.Workbook): Promise<WorkbookGrid> {
  const buf = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as ArrayBuffer);
  return gridFromExcelJs(back);
}

const notInfo = (issues: Issue[]) => issues.filter((i) => i.severity !== "info").map((i) => `${i.cell} ${i.code}`);
const grid = (values: CellValue[][], merges?: string[], name = "Sheet1"): WorkbookGrid => ({
  sheets: [{ name, values, merges }],
});

describe("two-row headers", () => {
  it("联系方式（手机与邮箱） merged over 手机 | 邮箱: one field in two cells, each checked in its own cell", async () => {
    const v = validateGrid(await roundTrip(twoRowHeaderTargets("merged")), { profile: hebei, today: TODAY });
    expect(v.form).toBe("pilot-institution");
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.headerRow).toBe(2);
    expect(t.headerRows).toBe(2);
    expect(t.parts).toEqual({ contactInfo: [4, 5] });
    expect(t.records.map((r) => r.row)).toEqual([4, 5, 6]);
    const c = t.records[0].fields.contactInfo!;
    expect(c.value).toBe("13800000001/a1@example.com");
    expect(c.cell).toBe("E4");
    expect(c.parts!.map((p) => [p.cell, p.heading, p.value])).toEqual([
      ["E4", "手机", "13800000001"],
      ["F4", "邮箱", "a1@example.com"],
    ]);
    expect(notInfo(v.issues)).toEqual(["F5 contact.email_missing", "E6 phone.invalid"]);
    expect(v.issues.find((i) => i.code === "contact.email_missing")!.message).toContain("“邮箱”一栏");
  });

  it("联系方式 over 手机 | 邮箱 with nothing merged", async () => {
    const v = validateGrid(await roundTrip(twoRowHeaderTargets("group")), { profile: hebei, today: TODAY });
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.headerRows).toBe(2);
    expect(t.records.length).toBe(3);
    expect(t.records[2].fields.contactInfo!.value).toBe("1380000003/c3@example.com");
    expect(notInfo(v.issues)).toEqual(["F5 contact.email_missing", "E6 phone.invalid"]);
  });

  it("联系人信息 merged over 联系人 | 联系方式（手机与邮箱）: the sub-headings are the fields", async () => {
    const v = validateGrid(await roundTrip(twoRowHeaderTargets("person")), { profile: hebei, today: TODAY });
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.headerRows).toBe(2);
    expect(t.columns).toMatchObject({ contact: 3, contactInfo: 4 });
    expect(t.parts).toBeUndefined();
    expect(t.records.map((r) => cellText(r.fields.contact!.value))).toEqual(["张三", "李四", "王五"]);
    expect(notInfo(v.issues)).toEqual(["E5 contact.email_missing", "E6 phone.invalid"]);
  });

  it("one header row, 联系方式（手机与邮箱） merged across the two columns the values are typed in", async () => {
    const v = validateGrid(await roundTrip(twoRowHeaderTargets("oneRow")), { profile: hebei, today: TODAY });
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.headerRows).toBeUndefined();
    expect(t.records.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(t.records[0].fields.contactInfo!.value).toBe("13800000001/a1@example.com");
    expect(notInfo(v.issues)).toEqual(["F4 contact.email_missing", "E5 phone.invalid"]);
  });

  it("联系人及联系方式 merged over 联系人 | 联系电话 (服务机构): one field, the name and the phone", () => {
    const v = validateGrid(
      grid(
        [
          ["序号", "机构名称", "机构类型", "联系人及联系方式", null, "责任分工（是否牵头及分工）"],
          [null, null, null, "联系人", "联系电话", null],
          [1, "中国人民财产保险股份有限公司石家庄市分公司", "保险公司", "王晓凯", "13800000001", "牵头，负责承保"],
          [2, "北京某某网络安全技术有限公司", "网络安全企业", "李四", "12345", "风险评估"],
        ],
        ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"],
      ),
      { profile: findProfile("miit-2023")!, form: "pilot-authority", today: TODAY },
    );
    const t = v.tables.find((x) => x.table === "institutions")!;
    expect(t.headerRows).toBe(2);
    expect(t.records.map((r) => r.fields.contact!.value)).toEqual(["王晓凯/13800000001", "李四/12345"]);
    expect(t.records[0].fields.contact!.parts!.map((p) => p.cell)).toEqual(["D3", "E3"]);
    expect(
      v.issues.filter((i) => i.table === "institutions" && i.severity === "error").map((i) => `${i.cell} ${i.code}`),
    ).toEqual(["D4 phone.invalid"]);
  });

  it("stray spaces in the 手机 part are fixed in the 手机 cell", () => {
    const v = validateGrid(
      grid(
        [
          ["序号", "企业名称", "所在行业领域", "联系人", "联系方式", null],
          [null, null, null, null, "手机", "邮箱"],
          [1, "河北某某制造1有限公司", "装备工业", "张三", " 13800000001", "a1@example.com"],
        ],
        ["A1:A2", "B1:B2", "C1:C2", "D1:D2"],
      ),
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    const fix = v.issues.filter((i) => i.code === "text.whitespace");
    expect(fix.map((i) => [i.cell, i.fix])).toEqual([["E3", "13800000001"]]);
    expect(notInfo(v.issues)).toEqual([]);
  });

  it("a 推荐单位：/日期： line or a title over a one-row header is not a two-row header", () => {
    const v = validateGrid(
      grid(
        [
          ["网络安全保险服务典型案例推荐汇总表"],
          [null, "推荐单位：", "唐山市工业和信息化局", null, null, "日期：", "2025年11月20日"],
          ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"],
          [
            1,
            "案例一",
            "中国人民财产保险股份有限公司唐山市分公司",
            "网络安全保险服务机构",
            "",
            "简要描述。",
            "王晓凯",
            "0311-86699155",
          ],
          [null, "联系人：", "张三", "手机/座机：", "13932100000"],
        ],
        ["A1:H1", "C2:E2", "G2:H2"],
      ),
      { profile: hebei, today: TODAY },
    );
    const t = v.tables[0];
    expect(t.headerRow).toBe(3);
    expect(t.records.length).toBe(1);
    expect(cellText(t.meta!.fields.recommender!.value)).toBe("唐山市工业和信息化局");
    expect(notInfo(v.issues)).toEqual([]);
  });

  it("推荐单位（盖章）：… in one cell is the 推荐单位 line (a SheetJS-written hand-made summary)", () => {
    const v = validateGrid(
      grid(
        [
          ["附件3"],
          ["网络安全保险服务典型案例推荐汇总表"],
          ["推荐单位（盖章）：唐山市工业和信息化局", null, null, null, null, "日期：2025年11月20日"],
          [
            "序号",
            "案例名称",
            "申报单位\n（全称）",
            "单位类别",
            "联合申报单位",
            "案例简要描述\n（200字以内）",
            "联系人",
            "联系电话",
          ],
          [
            1,
            "钢铁企业工控网络安全保险案例",
            "唐山钢铁集团有限责任公司",
            "行业企业",
            "",
            "风险评估、保险和应急响应。",
            "刘洋",
            "0315-2701234",
          ],
          ["合计", "1个案例"],
          ["联系人：王芳", null, null, "手机/座机：0315-2809876"],
        ],
        ["A1:H1", "A2:H2", "A3:E3", "F3:H3"],
      ),
      { profile: hebei, today: TODAY },
    );
    const t = v.tables[0];
    expect(t.records.length).toBe(1);
    expect(cellText(t.meta!.fields.recommender!.value)).toBe("唐山市工业和信息化局");
    expect(t.meta!.fields.recommender!.cell).toBe("A3");
    expect(notInfo(v.issues)).toEqual([]);
  });

  it("labels spaced out as on paper (推 荐 单 位：… 日 期：…) in one cell, and values keep their own spaces", () => {
    const v = validateGrid(
      grid([
        ["网络安全保险服务典型案例推荐汇总表"],
        ["推 荐 单 位：唐山市 工业和信息化局　　日 期：2025年11月20日"],
        ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"],
        [
          1,
          "钢铁企业工控网络安全保险案例",
          "唐山钢铁集团有限责任公司",
          "行业企业",
          "",
          "风险评估和应急响应。",
          "刘洋",
          "0315-2701234",
        ],
      ]),
      { profile: hebei, today: TODAY },
    );
    const meta = v.tables[0].meta!;
    // Spaces between Chinese characters go (the labels match, and so does the 推荐单位 typed with one).
    expect(cellText(meta.fields.recommender!.value)).toBe("唐山市工业和信息化局");
    expect(cellText(meta.fields.date!.value)).toBe("2025年11月20日");
  });
});

describe("three-row headers", () => {
  for (const variant of ["merged", "unmerged"] as const) {
    it(`联系人信息 over 联系人 | 联系方式 over 手机 | 邮箱 (${variant}): data starts under the third row`, async () => {
      const v = validateGrid(await roundTrip(threeRowHeaderTargets(variant)), { profile: hebei, today: TODAY });
      expect(v.form).toBe("pilot-institution");
      const t = v.tables.find((x) => x.table === "targets")!;
      expect(t.headerRow).toBe(4);
      expect(t.headerRows).toBe(3);
      expect(t.columns).toMatchObject({ seq: 0, name: 1, industry: 2, contact: 3, contactInfo: 4 });
      expect(t.parts).toEqual({ contactInfo: [4, 5] });
      expect(t.records.map((r) => r.row)).toEqual([7, 8, 9]);
      expect(t.records[0].fields.contactInfo!.parts!.map((p) => [p.cell, p.heading, p.value])).toEqual([
        ["E7", "手机", "13931200001"],
        ["F7", "邮箱", "wangwei@example.com"],
      ]);
      expect(notInfo(v.issues)).toEqual(["F8 contact.email_missing", "E9 contact.mobile_missing"]);
      const acc = v.sheets.find((s) => s.name === "服务对象")!.account!;
      expect(acc.unread).toEqual([]);
      // The table reads on over blank rows and the note to the footer (填表人：…) that ends it.
      expect(acc.tables).toEqual([{ table: "targets", from: 4, to: 12, columns: [0, 1, 2, 3, 4, 5] }]);
      expect(t.end).toMatchObject({ row: 13, kind: "footer" });
      expect(acc.lines.map((l) => `${l.row} ${l.kind}`)).toEqual(["1 section", "2 title", "3 title", "12 note", "13 footer"]);
    });
  }

  it("a data row of short texts under a two-row header is data, not a third header row", () => {
    const v = validateGrid(
      grid(
        [
          ["序号", "企业名称", "所在行业领域", "联系人", "联系方式", null],
          [null, null, null, null, "手机", "邮箱"],
          [null, "河北某某制造有限公司", "能源", "张三", "手机", "邮箱"],
          [2, "河北某某电子有限公司", "能源", "李四", "13800000002", "b@example.com"],
        ],
        ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"],
      ),
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    const t = v.tables[0];
    expect(t.headerRows).toBe(2);
    expect(t.records.map((r) => r.row)).toEqual([3, 4]);
  });
});

describe("submission context above a list header", () => {
  const header = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];
  const data = [1, "河北某某制造有限公司", "能源", "张三", "13800000001/a@example.com"];
  const run = (lines: CellValue[][]) =>
    validateGrid(grid([["服务对象清单"], ...lines, header, data]), {
      profile: hebei,
      form: "pilot-institution",
      today: TODAY,
    });
  const unread = (v: WorkbookValidation) => v.issues.filter((i) => i.code === "rows.unread").map((i) => i.cell);

  it("填报单位：… 填报日期：… in one cell, or label and value in separate cells, is a title-area line", () => {
    const v = run([
      ["填报单位：保定市某某保险公司      填报日期：2025年11月20日"],
      ["报送单位（盖章）：", "保定市某某保险公司", null, "报送日期：", "2025年11月20日"],
      ["填报单位：保定市某某保险公司", null, "联系人：王伟", null, "联系电话：0312-1234567"],
      ["单位（盖章）：", null, null, "日期：2025-11-20"],
    ]);
    expect(unread(v)).toEqual([]);
    expect(v.sheets[0].account!.lines.filter((l) => l.row >= 2 && l.row <= 5).map((l) => l.row)).toEqual([2, 3, 4, 5]);
    expect(v.tables[0].records.map((r) => r.row)).toEqual([7]);
  });

  it("data-looking content above the header, or a context label followed by data, stays unread", () => {
    const v = run([
      ["保定市某某保险公司      13931200001"],
      ["企业名称：保定市某某有限公司"],
      ["填报单位：保定市某某保险公司", null, "河北某某制造有限公司 13800000009"],
    ]);
    expect(unread(v)).toEqual(["A2"]);
    expect(v.issues.find((i) => i.code === "rows.unread")!.message).toContain("第 2–4 行");
  });

  it("a context line far from any header (under a table's footer) is not a title-area line", () => {
    const v = validateGrid(
      grid([header, data, ["填表人：王晓凯"], [], [], [], [], [], [], [], ["填报单位：保定市某某保险公司"]]),
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    expect(unread(v)).toEqual(["A11"]);
  });
});

describe("footer-like text inside a table's columns", () => {
  const header = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];
  const values: CellValue[][] = [
    header,
    [1, "河北某某制造1有限公司", "装备工业", "联系人：王伟", "13800000001/a1@example.com"],
    [2, "河北某某制造2有限公司", "能源", "李四", "手机：13800000002 邮箱：b2@example.com"],
    [3, "填表人信息技术有限公司", "能源", "王五", "13800000003/c3@example.com"],
    [null, null, null, "联系人：赵六", "13800000004/d4@example.com"],
    [],
    ["填表人：王晓凯", null, null, "审核人：李浩伟"],
    [5, "河北某某制造5有限公司", "能源", "周八", "13800000005/e5@example.com"],
    [6, "河北某某制造6有限公司", "能源", "吴九", "13800000006/f6@example.com"],
  ];

  it("do not end the table; a footer row does, and the rows under it are reported with the reason", () => {
    const v = validateGrid(grid(values), { profile: hebei, form: "pilot-institution", today: TODAY });
    const t = v.tables.find((x) => x.table === "targets")!;
    expect(t.records.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(t.end).toEqual({ row: 7, kind: "footer", text: "填表人：王晓凯" });
    // Row 5 has no 序号 (seq.broken) and no name or industry (required): it is data, typed incompletely.
    expect(notInfo(v.issues)).toEqual(["A5 seq.broken", "B5 required", "C5 required", "A8 rows.unread"]);
    const unread = v.issues.find((i) => i.code === "rows.unread")!;
    expect(unread.severity).toBe("warning");
    expect(unread.sheet).toBe("Sheet1");
    expect(unread.message).toContain("第 8–9 行有内容，但不属于任何表格，未汇总：“5”");
    expect(unread.message).toContain("表格“服务对象”在第 7 行因表尾“填表人：王晓凯”结束");
  });

  it("the 联系人 and 手机/座机 footer of a 推荐汇总表 typed in its columns still ends it", () => {
    const v = validateGrid(
      grid([
        ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"],
        [
          1,
          "案例一",
          "中国人民财产保险股份有限公司唐山市分公司",
          "网络安全保险服务机构",
          "",
          "简要描述。",
          "王晓凯",
          "0311-86699155",
        ],
        [null, null, null, null, null, null, "联系人：张三", "手机/座机：13932100000"],
      ]),
      { profile: hebei, form: "case-summary", today: TODAY },
    );
    expect(v.tables[0].records.length).toBe(1);
    expect(v.tables[0].end?.kind).toBe("footer");
    expect(cellText(v.tables[0].meta!.fields.contact!.value)).toBe("张三");
    expect(v.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
  });
});

describe("…… and placeholder rows", () => {
  it("are recognised rows, not data, and get no issues", () => {
    const v = validateGrid(
      grid([
        ["表1  服务对象基本情况"],
        ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
        [1, "河北某某制造1有限公司", "装备工业", "张三", "13800000001/a1@example.com"],
        [2, "（全称）", null, null, "（手机/邮箱）"],
        ["……", "……", "……", "……", "……"],
        ["⋯⋯"],
        [null, "......"],
        ["…"],
        [],
        ["表2  服务方案基本情况"],
        ["序号", "方案名称", "方案类型", "行业领域或主体", "联系人", "联系方式（手机与邮箱）"],
        [1, "工业控制系统网络安全保险方案", "重点行业领域", "工业", "王晓凯", "18032069673/wang@example.com"],
        [2, null, "（重点行业领域、重点主体）", "(如电信和互联网、工业、金融、重点企业、中小企业、产业园区、网络安全产品服务等)"],
        ["……"],
        [],
        ["联合申报单位"],
        ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"],
        [1, "（根据联合申报单位数量自行添加行）"],
        ["......"],
      ]),
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    expect(v.rows).toMatchObject({ targets: 1, plans: 1, joint: 0 });
    expect(v.issues.filter((i) => i.severity !== "info" && i.code !== "insurer.missing")).toEqual([]);
    const lines = v.sheets[0].account!.lines.map((l) => `${l.row} ${l.kind}`);
    expect(lines).toEqual(["1 section", "10 section", "16 title"]);
  });
});

describe("rows.unread: every non-empty cell is read, recognised or reported", () => {
  const header = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];
  const row = (i: number): CellValue[] => [
    i,
    `河北某某制造${i}有限公司`,
    "装备工业",
    `联系人${i}`,
    `1380000000${i}/u${i}@example.com`,
  ];

  it("a column beside the table (备注) is one run for its rows, said to be outside the table's columns", () => {
    const v = validateGrid(grid([[...header, "备注"], [...row(1), "已投保"], [...row(2), "续保"], row(3), [...row(4), "新增"]]), {
      profile: hebei,
      form: "pilot-institution",
      today: TODAY,
    });
    const unread = v.issues.filter((i) => i.code === "rows.unread");
    expect(unread.map((i) => [i.cell, i.row])).toEqual([
      ["F2", 2],
      ["F5", 5],
    ]);
    expect(unread[0].message).toContain("第 2–3 行有内容");
    expect(unread[0].message).toContain("“已投保”等 2 个单元格");
    expect(unread[0].message).toContain("栏目之外");
    expect(unread[1].message).toContain("第 5 行有内容");
  });

  it("stray text between tables is reported; titles, notes, footers, signature lines are not", () => {
    const v = validateGrid(
      grid([
        ["网络安全保险服务试点工作方案"],
        ["表1  服务对象基本情况"],
        header,
        row(1),
        ["注：行业领域按通知填写。"],
        ["补充材料另附"],
        [null, null, null, null, null, "见附件"],
        ["（另附清单）"],
        ["1. 本表由牵头单位填写。"],
        ["填表人：王晓凯", null, "审核人：李浩伟"],
        [null, null, null, "单位（盖章）"],
        [null, null, null, "年   月   日"],
        [null, null, null, "日期：2025年11月20日"],
      ]),
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    expect(v.rows.targets).toBe(1);
    const unread = v.issues.filter((i) => i.code === "rows.unread");
    expect(unread.map((i) => i.cell)).toEqual(["A6"]);
    expect(unread[0].message).toMatch(/^第 6–7 行有内容，但不属于任何表格，未汇总：“补充材料另附”等 2 个单元格。/);
    expect(unread[0].message).toContain("只有“序号”一栏有文字");
    expect(v.sheets[0].account!.lines.map((l) => `${l.row} ${l.kind}`)).toEqual([
      "1 title",
      "2 section",
      "5 note",
      "8 note",
      "9 note",
      "10 footer",
      "11 footer",
      "12 footer",
      "13 footer",
    ]);
  });

  it("a sheet with no table keeps sheet.unrecognized and no rows.unread", () => {
    const v = validateGrid(
      {
        sheets: [
          { name: "服务对象", values: [header, row(1)] },
          { name: "附表", values: [["说明"], ["河北某某"], ["其他内容"]] },
          { name: "pilot-forms-meta", values: [["x"]], state: "veryHidden" },
        ],
      },
      { profile: hebei, form: "pilot-institution", today: TODAY },
    );
    expect(v.issues.map((i) => i.code)).toEqual(["sheet.unrecognized"]);
    expect(v.sheets.find((s) => s.name === "附表")!.account).toBeUndefined();
  });
});

describe("the hand-made fixtures: every row recognised", () => {
  it("试点工作方案 pasted from Word: titles, headings, the note, the footer; the joint sub-table ends at 申报单位简介", async () => {
    const v = validateGrid(await roundTrip(pastedInstitutionPlan()), { profile: hebei, today: TODAY });
    expect(v.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
    expect(v.sheets[0].account!.lines.map((l) => `${l.row} ${l.kind}`)).toEqual([
      "1 title",
      "6 section",
      "7 section",
      "22 section",
      "23 note",
      "24 section",
      "45 section",
      "51 section",
      "52 footer",
    ]);
    const joint = v.tables.find((t) => t.table === "joint")!;
    expect(joint.end).toEqual({ row: 20, kind: "label", text: "申报单位\n简介" });
    expect(v.tables.find((t) => t.table === "targets")!.end).toMatchObject({ row: 45, kind: "section" });
  });

  it("推荐汇总表 and 申报书: the summary's lines are read, 推荐单位意见 | （推荐意见） is a blank label", async () => {
    const s = validateGrid(await roundTrip(handmadeSummary()), { profile: hebei, today: TODAY });
    expect(s.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
    const c = validateGrid(await roundTrip(pastedCaseApplication()), { profile: hebei, today: TODAY });
    expect(c.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
    expect(c.sheets[0].account!.lines.find((l) => l.row === 14)).toEqual({ row: 14, kind: "label", text: "推荐单位意见" });
  });

  it("an unknown label with a value in a key–value sheet is reported; a unit or unticked boxes beside a value are not", () => {
    const v = validateGrid(
      grid([
        ["牵头单位", "中国人民财产保险股份有限公司石家庄市分公司"],
        ["所在地区", "河北省石家庄市"],
        ["开户银行", "中国工商银行石家庄分行"],
        ["组织机构代码/三证合一码", "91130100MA0CX1Y23B"],
        ["注册资本（万元）", 5000, "万元"],
        ["单位性质", "☑民营企业", "□国有企业", "□其他（请注明）"],
      ]),
      { profile: hebei, form: "pilot-enterprise", today: TODAY },
    );
    expect(v.issues.filter((i) => i.code === "rows.unread").map((i) => `${i.cell} ${i.row}`)).toEqual(["A3 3"]);
  });
});

describe("our own templates and examples", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".xlsx") ? [p] : [];
    });
  const all = [...files("templates"), ...files("examples")];

  it.each(all)("%s: no rows.unread", async (file) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const g = gridFromExcelJs(wb);
    const profileId = file.split(path.sep)[1];
    const v = validateGrid(g, { profile: findProfile(profileId)!, today: TODAY });
    expect(v.tables.length).toBeGreaterThan(0);
    expect(v.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
  });
});

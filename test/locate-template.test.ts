// The locator and what the templates print beside the values (issue 9, item 7), on plain
// grids: the hint column (← 必填：…), the □/☑ option lines under a dropdown, the 真实性承诺 and
// 推荐单位意见 blocks under a long text, and the helper sheets (填报说明 with the cover page).
import { describe, expect, it } from "vitest";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid } from "../forms/validate.js";
import { isPlaceholder, Locator } from "../forms/locate.js";
import { tablesForForm } from "../forms/tables.js";
import type { CellValue, WorkbookGrid } from "../forms/model.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";
const defs = tablesForForm(hebei, "case-application");

/** 申报单位基本信息 as the template lays it out: label | value | label | value | hint. */
function unitSheet(
  values: { name?: string; nature?: string; intro?: string; uscc?: string },
  after: CellValue[][] = [],
): CellValue[][] {
  const hint = (missing: string[]) => (missing.length ? `← 必填：${missing.join("、")}` : " ");
  return [
    ["（一）申报单位基本信息"],
    ["申报日期", null, null, null, null],
    ["单位名称", values.name ?? null, null, null, hint(values.name ? [] : ["单位名称"])],
    ["组织机构代码/三证合一码", values.uscc ?? null, "成立时间", null, hint(["成立时间"])],
    ["单位性质", values.nature ?? null, null, null, hint(values.nature ? [] : ["单位性质"])],
    [null, `${values.nature === "国有企业" ? "□事业单位  ☑国有企业" : "□事业单位  □国有企业"}  □民营企业  □其他（请注明）`],
    ["申报单位简介", values.intro ?? null, null, null, hint(values.intro ? [] : ["申报单位简介"])],
    ...after,
  ];
}

const PLEDGE: CellValue[][] = [
  ["推荐单位意见", "（推荐意见）"],
  [null, "推荐单位盖章"],
  [null, "年    月    日"],
  ["真实性承诺", "我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"],
  [null, "法定代表人签章："],
  [null, "牵头申报单位公章："],
  [null, "年    月    日"],
  [null, "（根据联合申报单位数量自行调整，每家单位均需盖章，申报主体责任声明见附件）"],
];

const book = (...sheets: { name: string; values: CellValue[][] }[]): WorkbookGrid => ({ sheets });

describe("the templates' hint column", () => {
  it("is a placeholder, never a value: an empty value cell stays empty and is the cell named", () => {
    expect(isPlaceholder("← 必填：单位名称")).toBe(true);
    expect(isPlaceholder(" ")).toBe(true);
    const t = new Locator(defs).locateSheet({ name: "申报单位基本信息", values: unitSheet({ uscc: "91130100MA0000001X" }) })[0];
    expect(t.table).toBe("unit");
    expect(t.records[0].fields.name).toEqual({ value: null, cell: "B3" });
    expect(t.records[0].fields.founded).toMatchObject({ value: null, cell: "D4" });
    expect(t.records[0].fields.uscc).toMatchObject({ value: "91130100MA0000001X", cell: "B4" });
  });

  it("the required issue points at the value cell, and the hint cells are recognised lines", () => {
    const v = validateGrid(book({ name: "申报单位基本信息", values: unitSheet({ uscc: "91130100MA0000001X" }) }), {
      profile: hebei,
      form: "case-application",
      today: TODAY,
    });
    const required = v.issues.filter((i) => i.code === "required").map((i) => i.cell);
    expect(required).toEqual(expect.arrayContaining(["B3", "D4", "B5", "B7"]));
    expect(required.some((c) => c?.startsWith("E"))).toBe(false);
    expect(v.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
  });
});

describe("printed option lines", () => {
  it("a line of □/☑ and known options is a recognised line; the value is the dropdown's", () => {
    const v = validateGrid(
      book({ name: "申报单位基本信息", values: unitSheet({ name: "河北某某有限公司", nature: "国有企业" }) }),
      {
        profile: hebei,
        form: "case-application",
        today: TODAY,
      },
    );
    const account = v.sheets[0].account!;
    expect(account.unread).toEqual([]);
    expect(account.lines.filter((l) => l.kind === "options").map((l) => l.row)).toEqual([6]);
    expect(v.tables[0].records[0].fields.nature).toMatchObject({ value: "国有企业", cell: "B5" });
  });

  it("boxes before words that are no option are not an option line (they stay unread)", () => {
    const values = unitSheet({ name: "河北某某有限公司", nature: "国有企业" });
    values[5] = [null, "□同意  ☑不同意"];
    const v = validateGrid(book({ name: "申报单位基本信息", values }), {
      profile: hebei,
      form: "case-application",
      today: TODAY,
    });
    expect(v.sheets[0].account!.unread.map((u) => u.cell)).toEqual(["B6"]);
  });
});

describe("blocks under the last field", () => {
  it("an empty 申报单位简介 does not take 推荐单位意见 or 真实性承诺 for its value; the blocks are recognised", () => {
    const v = validateGrid(book({ name: "申报单位基本信息", values: unitSheet({ name: "河北某某有限公司" }, PLEDGE) }), {
      profile: hebei,
      form: "case-application",
      today: TODAY,
    });
    expect(v.tables[0].records[0].fields.intro).toEqual({ value: null, cell: "B7" });
    const account = v.sheets[0].account!;
    expect(account.unread).toEqual([]);
    expect(account.lines.map((l) => `${l.row} ${l.kind}`)).toEqual(
      expect.arrayContaining(["8 label", "9 footer", "10 footer", "11 section", "12 label", "13 label", "14 footer", "15 note"]),
    );
  });
});

describe("helper sheets", () => {
  it("填报说明 (and Excel's copy 填报说明 (2)) holds no table, whatever its cover lines say", () => {
    const cover: CellValue[][] = [
      ["网络安全保险服务典型案例申报书"],
      [],
      ["案 例 名 称：某某案例"],
      ["申 报 单 位：河北某某有限公司（加盖单位公章）"],
      ["申 报 日 期：2025年11月20日"],
      ["单位名称", "河北某某有限公司"],
      ["所在地区", "河北省石家庄市"],
    ];
    for (const name of ["填报说明", "填报说明 (2)"]) {
      const r = new Locator(defs).locate(book({ name, values: cover }));
      expect(r.tables).toEqual([]);
      expect(r.sheets[0].status).toBe("ignored");
    }
    // The same lines on a sheet of another name are read.
    const other = new Locator(defs).locate(book({ name: "封面", values: cover }));
    expect(other.tables.map((t) => t.table)).toEqual(["unit"]);
  });
});

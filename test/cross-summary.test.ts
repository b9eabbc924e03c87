// cross.duplicate_case between cities' 推荐汇总表 (caseSummary) rows, and together with the
// 申报书s: one finding per case, each place (file, sheet, row) named once, issues only on the
// duplicated kind. Grids as the readers give them: a title, the 推荐单位/日期 line, the header,
// the rows, the 联系人 footer.
import { describe, expect, it } from "vitest";
import type { CellValue, FormId, Issue, SheetGrid } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid } from "../forms/validate.js";
import { caseTitleKey, runCrossRules, type Submission } from "../forms/rules/cross.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

const HEADER = [
  "序号",
  "案例名称",
  "申报单位\n（全称）",
  "单位类别",
  "联合申报单位",
  "案例简要描述\n（200字以内）",
  "联系人",
  "联系电话",
];

type Row = [title: string, applicant: string];

/** A city's 推荐汇总表 as a city office fills it in: data from row 4. */
function summary(city: string, rows: Row[]): SheetGrid {
  return {
    name: "典型案例推荐汇总表",
    values: [
      ["网络安全保险服务典型案例推荐汇总表"],
      [`推荐单位（盖章）：${city}工业和信息化局`, null, null, null, null, "日期：2025年11月20日"],
      HEADER,
      ...rows.map(([title, applicant], i): CellValue[] => [
        i + 1,
        title,
        applicant,
        "网络安全保险服务机构",
        "",
        "风险评估、保险和应急响应。",
        "王晓凯",
        "0311-86699155",
      ]),
      ["联系人：张三      手机/座机：13932100000"],
    ],
  };
}

/** A 申报书: the applicant's 基本信息 sheet and the case's sheet. */
function application(title: string, applicant: string): SheetGrid[] {
  return [
    {
      name: "申报单位基本信息",
      values: [
        ["单位名称", applicant],
        ["所在地区", "河北省唐山市"],
        ["单位性质", "国有企业"],
        ["联系人", "王晓凯"],
        ["联系电话", "0315-2826666"],
      ],
    },
    {
      name: "典型案例基本信息",
      values: [
        ["案例名称", title],
        ["申报类别", "重点行业领域：工业"],
        ["保费（万元）", 10],
        ["保额（万元）", 500],
      ],
    },
  ];
}

function sub(file: string, city: string, sheets: SheetGrid[], form: FormId): Submission {
  return { file, city, form, tables: validateGrid({ sheets }, { profile: hebei, form, today: TODAY }).tables };
}

const dup = (subs: Submission[]): Issue[] => runCrossRules(subs, hebei).filter((i) => i.code === "cross.duplicate_case");
const at = (i: Issue) => `${i.file}!${i.cell} ${i.table}`;

const PICC = "中国人民财产保险股份有限公司唐山市分公司";
const STEEL_TS = "钢铁企业工控网络安全保险服务案例（一期）";
// 保定's typist: a space after 钢铁企业, half-width brackets, 《》 around the name, full-width 括号 in the applicant kept.
const STEEL_BD = "《钢铁企业 工控网络安全保险服务案例(一期)》";

const tangshan = () =>
  sub(
    "唐山市/典型案例推荐汇总表.xlsx",
    "唐山市",
    [
      summary("唐山市", [
        ["唐山港口数据安全保险案例", PICC],
        [STEEL_TS, PICC],
      ]),
    ],
    "case-summary",
  );
const baoding = () =>
  sub(
    "保定市/典型案例推荐汇总表.xlsx",
    "保定市",
    [
      summary("保定市", [
        [STEEL_BD, "中国人民财产保险股份有限公司 唐山市分公司"],
        ["保定医院网络安全保险案例", "保定某某医院"],
      ]),
    ],
    "case-summary",
  );

describe("cross.duplicate_case between 推荐汇总表 rows", () => {
  it("the readers' grids hold the rows this test means", () => {
    const t = tangshan().tables.find((x) => x.table === "caseSummary")!;
    expect(t.records.map((r) => [r.row, r.fields.title?.cell])).toEqual([
      [4, "B4"],
      [5, "B5"],
    ]);
  });

  it("titles differing in spacing, brackets and 《》 give one key", () => {
    expect(caseTitleKey(STEEL_BD)).toBe(caseTitleKey(STEEL_TS));
    expect(caseTitleKey("“钢铁企业”工控案例【一期】")).toBe(caseTitleKey("钢铁企业工控案例（一期）"));
    expect(caseTitleKey("钢铁企业工控案例二期")).not.toBe(caseTitleKey("钢铁企业工控案例一期"));
  });

  it("唐山 and 保定 recommend the same case: one issue on each summary row, each naming both places once", () => {
    const issues = dup([tangshan(), baoding()]);
    expect(issues.map(at)).toEqual([
      "唐山市/典型案例推荐汇总表.xlsx!B5 caseSummary",
      "保定市/典型案例推荐汇总表.xlsx!B4 caseSummary",
    ]);
    expect(new Set(issues.map((i) => i.message)).size).toBe(1);
    const m = issues[0].message;
    expect(m).toContain("被推荐了2次");
    expect(m).toContain("唐山市 唐山市/典型案例推荐汇总表.xlsx「典型案例推荐汇总表」第5行");
    expect(m).toContain("保定市 保定市/典型案例推荐汇总表.xlsx「典型案例推荐汇总表」第4行");
    expect(m.split("第5行").length - 1).toBe(1);
    expect(issues[0].files).toEqual(["唐山市/典型案例推荐汇总表.xlsx", "保定市/典型案例推荐汇总表.xlsx"]);
    expect(issues.every((i) => i.severity === "warning" && i.column === "案例名称")).toBe(true);
    expect(issues.map((i) => i.value)).toEqual([STEEL_TS, STEEL_BD]);
  });

  it("the same name from another applicant is another case", () => {
    const other = sub(
      "保定市/汇总.xlsx",
      "保定市",
      [summary("保定市", [[STEEL_TS, "保定某某保险代理有限公司"]])],
      "case-summary",
    );
    expect(dup([tangshan(), other])).toEqual([]);
  });

  it("a case in its own city's summary and 申报书 only is the normal pair, not a duplicate", () => {
    const app = sub("唐山市/典型案例申报书-1.xlsx", "唐山市", application(STEEL_TS, PICC), "case-application");
    expect(dup([tangshan(), app])).toEqual([]);
  });

  it("twice in one summary (row.duplicate checks units, not cases): both rows flagged", () => {
    const twice = sub(
      "唐山市/汇总.xlsx",
      "唐山市",
      [
        summary("唐山市", [
          [STEEL_TS, PICC],
          ["其他案例", PICC],
          [STEEL_TS + " ", PICC],
        ]),
      ],
      "case-summary",
    );
    expect(twice.tables.length).toBe(1);
    const issues = dup([twice, baoding()]);
    // One finding for the case: the two 唐山 rows and the 保定 row.
    expect(issues.map(at)).toEqual([
      "唐山市/汇总.xlsx!B4 caseSummary",
      "唐山市/汇总.xlsx!B6 caseSummary",
      "保定市/典型案例推荐汇总表.xlsx!B4 caseSummary",
    ]);
    expect(issues[0].message).toContain("被推荐了3次");
    // row.duplicate does not fire on a summary (the same applicant recommending two cases is normal).
    const own = validateGrid(
      {
        sheets: [
          summary("唐山市", [
            [STEEL_TS, PICC],
            [STEEL_TS, PICC],
          ]),
        ],
      },
      { profile: hebei, form: "case-summary", today: TODAY },
    );
    expect(own.issues.map((i) => i.code)).not.toContain("row.duplicate");
    expect(
      dup([
        sub(
          "唐山市/汇总.xlsx",
          "唐山市",
          [
            summary("唐山市", [
              [STEEL_TS, PICC],
              [STEEL_TS, PICC],
            ]),
          ],
          "case-summary",
        ),
      ]).length,
    ).toBe(2);
  });

  it("recommended by two summaries AND submitted as two 申报书s: one finding of four issues, not two findings", () => {
    const subs = [
      tangshan(),
      baoding(),
      sub("唐山市/典型案例申报书-1.xlsx", "唐山市", application(STEEL_TS, PICC), "case-application"),
      sub("保定市/典型案例申报书-2.xlsx", "保定市", application(STEEL_BD, PICC), "case-application"),
    ];
    const issues = dup(subs);
    expect(issues.map(at)).toEqual([
      "唐山市/典型案例推荐汇总表.xlsx!B5 caseSummary",
      "保定市/典型案例推荐汇总表.xlsx!B4 caseSummary",
      "唐山市/典型案例申报书-1.xlsx!B1 case",
      "保定市/典型案例申报书-2.xlsx!B1 case",
    ]);
    expect(new Set(issues.map((i) => i.message)).size).toBe(1);
    const m = issues[0].message;
    expect(m).toContain("被推荐了2次");
    expect(m).toContain("在2份申报书中重复出现");
    for (const f of [
      "唐山市/典型案例推荐汇总表.xlsx",
      "保定市/典型案例推荐汇总表.xlsx",
      "唐山市/典型案例申报书-1.xlsx",
      "保定市/典型案例申报书-2.xlsx",
    ])
      expect(m.split(f).length - 1, f).toBe(1);
    expect(issues[0].files).toHaveLength(4);
  });

  it("two summaries, one 申报书: the summary rows are flagged, the 申报书 is named", () => {
    const issues = dup([
      tangshan(),
      baoding(),
      sub("唐山市/申报书.xlsx", "唐山市", application(STEEL_TS, PICC), "case-application"),
    ]);
    expect(issues.map((i) => i.table)).toEqual(["caseSummary", "caseSummary"]);
    expect(issues[0].message).toContain("其申报书见唐山市 唐山市/申报书.xlsx「典型案例基本信息」第1行");
    expect(issues[0].files).toContain("唐山市/申报书.xlsx");
  });

  it("two 申报书s beside one summary row: today's finding on the 申报书s, the summary row named", () => {
    const issues = dup([
      tangshan(),
      sub("唐山市/1.xlsx", "唐山市", application(STEEL_TS, PICC), "case-application"),
      sub("唐山市/2.xlsx", "唐山市", application(STEEL_TS, PICC), "case-application"),
    ]);
    expect(issues.map(at)).toEqual(["唐山市/1.xlsx!B1 case", "唐山市/2.xlsx!B1 case"]);
    expect(issues[0].message).toContain("推荐汇总表中见唐山市 唐山市/典型案例推荐汇总表.xlsx「典型案例推荐汇总表」第5行");
  });

  it("400 cities' summaries of 50 rows each, every case twice: one issue per place (speed is for npm run bench)", () => {
    const subs: Submission[] = [];
    for (let c = 0; c < 400; c++) {
      const rows = Array.from({ length: 50 }, (_, i) => [`案例${(c >> 1) * 50 + i}`, `单位${i}`] as Row);
      subs.push(sub(`${c}.xlsx`, `城市${c}`, [summary(`城市${c}`, rows)], "case-summary"));
    }
    const issues = dup(subs);
    expect(issues.length).toBe(20_000);
  });

  it("a case in many places: every place flagged, the message lists 20 and the count", () => {
    const subs = Array.from({ length: 30 }, (_, c) =>
      sub(`${c}.xlsx`, "唐山市", [summary("唐山市", [[STEEL_TS, PICC]])], "case-summary"),
    );
    const issues = dup(subs);
    expect(issues.length).toBe(30);
    expect(issues[0].message).toContain("等共30处");
    expect(issues[0].message.split("第4行").length - 1).toBe(20);
  });
});

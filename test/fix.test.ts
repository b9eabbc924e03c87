// The 自动修正 plan (forms/fix.ts): which cells it changes and to what, one fix per cell,
// 序号 renumbering, and the property that matters: after the fixes are written, validation
// has nothing fixable left and a second plan is empty.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ExcelJS from "exceljs";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { CellValue, FormId, SheetGrid, WorkbookGrid } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { readMeta, validateGrid, type WorkbookValidation } from "../forms/validate.js";
import { applyFixes, planFixes, type CellFix } from "../forms/fix.js";
import { makeUscc } from "../forms/parse/uscc.js";
import { whitespaceFix } from "../forms/parse/text.js";
import { gridFromExcelJs, readWorkbook } from "../aggregator/read/workbook.js";
import { handmadeSummary, pastedInstitutionPlan, CODES } from "./fixtures/handmade.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";
const code = (division: string, n: number) => makeUscc("91", division, `MA${String(n).padStart(6, "0")}`);

const TARGET_HEADER = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];
const JOINT_HEADER = ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"];
const SUMMARY_HEADER = ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"];

const targetRow = (i: number): CellValue[] => [
  i,
  `河北某某制造${i}有限公司`,
  "工业互联网",
  "张三",
  `1380000${String(i).padStart(4, "0")}/user${i}@example.com`,
];
const jointCodes = [code("110108", 2), code("130104", 3), code("130203", 4), code("110105", 5)];
// The first joint unit is an insurer (by its 单位类别): a plan without one is insurer.missing.
const jointRow = (i: number): CellValue[] => [
  i,
  i === 1 ? "北京某某甲财产保险股份有限公司" : `北京某某${"甲乙丙丁"[i - 1]}科技有限公司`,
  "民营企业",
  i === 1 ? "保险公司" : "网络安全企业",
  jointCodes[i - 1],
];

function validate(grid: WorkbookGrid, form: FormId = "pilot-institution"): WorkbookValidation {
  return validateGrid(grid, { profile: hebei, form, today: TODAY });
}

function plan(grid: WorkbookGrid, form: FormId = "pilot-institution"): CellFix[] {
  return planFixes(grid, validate(grid, form));
}

const brief = (fixes: CellFix[]) => fixes.map((f) => [`${f.sheet}!${f.cell}`, f.from, f.to, f.reason, f.message]);

/** Validation issues that still carry something to fix. */
const fixable = (v: WorkbookValidation) => v.issues.filter((i) => i.code === "seq.broken" || i.code === "text.whitespace");

async function roundTrip(wb: ExcelJS.Workbook): Promise<WorkbookGrid> {
  const buf = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as ArrayBuffer);
  return gridFromExcelJs(back);
}

describe("planFixes on a targets (服务对象) list", () => {
  it("spaces, full-width digits and a broken 序号, in sheet, row, column order", () => {
    const grid: WorkbookGrid = {
      sheets: [
        {
          name: "服务对象",
          values: [
            TARGET_HEADER,
            [1, " 河北某某制造1有限公司", "工业互联网", "张三", "13800000001/user1@example.com"],
            [2, "河北某某制造2有限公司", "工业互联网", "张三  ", "１３８００００００02/user2@example.com"],
            [4, "河北某某制造3有限公司", "工业互联网  ", "张三", "13800000003/user3@example.com"],
            [null, "河北某某制造4有限公司", "工业互联网", "张三", "13800000004/user4@example.com"],
            ["5", "河北某某制造5有限公司", "工业互联网", "张三", "13800000005/user5@example.com"],
          ],
        },
      ],
    };
    expect(brief(plan(grid))).toEqual([
      ["服务对象!B2", " 河北某某制造1有限公司", "河北某某制造1有限公司", "whitespace", "去掉多余空格"],
      ["服务对象!D3", "张三  ", "张三", "whitespace", "去掉多余空格"],
      ["服务对象!E3", "１３８００００００02/user2@example.com", "13800000002/user2@example.com", "fullwidth", "全角数字改为半角"],
      ["服务对象!A4", 4, 3, "sequence", "序号重新编号为 3"],
      ["服务对象!C4", "工业互联网  ", "工业互联网", "whitespace", "去掉多余空格"],
      ["服务对象!A5", null, 4, "sequence", "补填序号 4"],
    ]);
    const fixes = plan(grid);
    expect(fixes[0]).toMatchObject({ row: 1, col: 1, cell: "B2" });
    expect(fixes[3]).toMatchObject({ row: 3, col: 0, cell: "A4" });
  });

  it("renumbers every record after a gap, but leaves a 序号 already right (also the text “5”)", () => {
    const rows = [1, 2, 3, 4, 5, 6].map(targetRow);
    rows[1][0] = 3; // 1 3 4 5 6 "6": a row was deleted
    rows[2][0] = 4;
    rows[3][0] = 5;
    rows[4][0] = "5"; // right already, as text
    rows[5][0] = "６";
    const fixes = plan({ sheets: [{ name: "服务对象", values: [TARGET_HEADER, ...rows] }] });
    expect(brief(fixes)).toEqual([
      ["服务对象!A3", 3, 2, "sequence", "序号重新编号为 2"],
      ["服务对象!A4", 4, 3, "sequence", "序号重新编号为 3"],
      ["服务对象!A5", 5, 4, "sequence", "序号重新编号为 4"],
      ["服务对象!A7", "６", 6, "sequence", "序号改为数字 6"],
    ]);
  });

  it("full-width or dotted numbers that are in order become numbers; a right sequence is left alone", () => {
    const rows = [1, 2, 3].map(targetRow);
    rows[0][0] = "1.";
    rows[1][0] = "２";
    rows[2][0] = " 3 ";
    expect(brief(plan({ sheets: [{ name: "服务对象", values: [TARGET_HEADER, ...rows] }] }))).toEqual([
      ["服务对象!A2", "1.", 1, "sequence", "序号改为数字 1"],
      ["服务对象!A3", "２", 2, "sequence", "序号改为数字 2"],
    ]);
    const ok = [1, 2, 3].map(targetRow);
    ok[1][0] = "2";
    expect(plan({ sheets: [{ name: "服务对象", values: [TARGET_HEADER, ...ok] }] })).toEqual([]);
  });

  it("pre-numbered empty rows are not records: nothing to renumber in an empty table", () => {
    const grid: WorkbookGrid = {
      sheets: [{ name: "服务对象", values: [TARGET_HEADER, [1, null, null, null, null], [7, null, null, null, null]] }],
    };
    const v = validate(grid);
    expect(v.tables.find((t) => t.table === "targets")?.records).toEqual([]);
    expect(planFixes(grid, v)).toEqual([]);
    // A pre-numbered empty row inside the table: the records after it move up one number.
    const rows = [1, 2, 3, 4].map(targetRow);
    rows.splice(1, 0, [2, null, null, null, null]);
    rows[2][0] = 3;
    rows[3][0] = 4;
    rows[4][0] = 5;
    expect(brief(plan({ sheets: [{ name: "服务对象", values: [TARGET_HEADER, ...rows] }] })).map((f) => [f[0], f[2]])).toEqual([
      ["服务对象!A4", 2],
      ["服务对象!A5", 3],
      ["服务对象!A6", 4],
    ]);
  });

  it("uses absolute rows and columns of a grid that does not start at A1 (an Office.js used range)", () => {
    const sheet: SheetGrid = {
      name: "服务对象",
      top: 2,
      left: 1,
      values: [TARGET_HEADER, targetRow(1), [3, "河北某某制造2有限公司 ", "工业互联网", "张三", "13800000002/u@example.com"]],
    };
    const fixes = plan({ sheets: [sheet] });
    expect(fixes.map((f) => [f.cell, f.row, f.col, f.from, f.to])).toEqual([
      ["B5", 4, 1, 3, 2],
      ["C5", 4, 2, "河北某某制造2有限公司 ", "河北某某制造2有限公司"],
    ]);
    const fixed = applyFixes({ sheets: [sheet] }, fixes);
    expect(fixed.sheets[0].values[2].slice(0, 2)).toEqual([2, "河北某某制造2有限公司"]);
    expect(plan(fixed)).toEqual([]);
  });
});

describe("planFixes: credit codes, check boxes, one fix per cell", () => {
  const jointGrid = (over: (rows: CellValue[][]) => void): WorkbookGrid => {
    const rows = [1, 2, 3].map(jointRow);
    over(rows);
    return { sheets: [{ name: "联合申报单位", values: [JOINT_HEADER, ...rows] }] };
  };

  it("a lower-case credit code is upper-cased; spaces and full-width letters in it too", () => {
    const grid = jointGrid((rows) => {
      rows[0][4] = jointCodes[0].toLowerCase();
      rows[1][4] = ` ${jointCodes[1].slice(0, 9)} ${jointCodes[1].slice(9)}`;
      rows[2][4] = jointCodes[2].replace("MA", "ＭＡ");
    });
    expect(brief(plan(grid))).toEqual([
      ["联合申报单位!E2", jointCodes[0].toLowerCase(), jointCodes[0], "case", "信用代码改为大写"],
      [
        "联合申报单位!E3",
        ` ${jointCodes[1].slice(0, 9)} ${jointCodes[1].slice(9)}`,
        jointCodes[1],
        "whitespace",
        "信用代码去掉空格和分隔符",
      ],
      ["联合申报单位!E4", jointCodes[2].replace("MA", "ＭＡ"), jointCodes[2], "fullwidth", "全角字母改为半角"],
    ]);
  });

  it("a ticked Word check box becomes its option", () => {
    const grid = jointGrid((rows) => (rows[1][2] = "□国有企业 ☑民营企业 □合资企业"));
    expect(brief(plan(grid))).toEqual([
      ["联合申报单位!C3", "□国有企业 ☑民营企业 □合资企业", "民营企业", "option", "勾选框文字改为“民营企业”"],
    ]);
  });

  it("two fixes for one cell: the rule's own fix wins over a plain whitespace clean-up, whatever the order", () => {
    const raw = ` ${jointCodes[0].toLowerCase()}`;
    const grid = jointGrid((rows) => (rows[0][4] = raw));
    const v = validate(grid);
    const own = v.issues.find((i) => i.cell === "E2" && i.fix !== undefined)!;
    expect(own.fix).toBe(jointCodes[0]);
    const generic = { ...own, fix: whitespaceFix(raw)!.fixed, message: "首尾有空格" };
    for (const issues of [
      [generic, own],
      [own, generic],
    ]) {
      const fixes = planFixes(grid, { ...v, issues });
      expect(fixes.map((f) => [f.cell, f.to, f.reason])).toEqual([["E2", jointCodes[0], "case"]]);
    }
    // The same fix reported twice (a cell read by two records, a merged cell) is one fix.
    expect(planFixes(grid, { ...v, issues: [own, own] })).toHaveLength(1);
  });

  it("number.converted is not applied: the clerk has to confirm the unit", () => {
    const sheet: SheetGrid = {
      name: "典型案例基本信息",
      values: [
        ["案例名称", "某市制造业企业网络安全保险案例"],
        ["保费（万元）", "5000元"],
        ["保额（万元）", 100],
      ],
    };
    const v = validate({ sheets: [sheet] }, "case-application");
    expect(v.issues.some((i) => i.code === "number.converted" && i.fix !== undefined)).toBe(true);
    expect(planFixes({ sheets: [sheet] }, v).filter((f) => f.cell === "B2")).toEqual([]);
  });

  it("does not change its inputs", () => {
    const grid = jointGrid((rows) => {
      rows[0][4] = jointCodes[0].toLowerCase();
      rows[1][0] = null;
    });
    const v = validate(grid);
    const before = structuredClone({ grid, v });
    const fixes = planFixes(grid, v);
    expect(fixes.length).toBe(2);
    expect({ grid, v }).toEqual(before);
    const fixed = applyFixes(grid, fixes);
    expect({ grid, v }).toEqual(before);
    expect(fixed.sheets[0].values[1][4]).toBe(jointCodes[0]);
    expect(fixed.sheets[0].values[2][0]).toBe(2);
  });
});

describe("a 推荐汇总表 (caseSummary)", () => {
  const summaryRow = (i: number): CellValue[] => [
    i,
    `某市制造业企业网络安全保险案例${i}`,
    "中国人民财产保险股份有限公司石家庄市分公司",
    "网络安全保险服务机构",
    "北京某某网络安全技术有限公司",
    "为制造企业提供保前评估、保中监测和保后应急的一体化服务。",
    "王晓凯",
    "0311-86699155",
  ];

  it("renumbers the list; a value read from part of an inline “推荐单位：… 日期：…” cell is not written back", () => {
    const rows = [1, 2, 3].map(summaryRow);
    rows[0][0] = 2;
    rows[1][0] = 2;
    rows[2][6] = "王晓凯 ";
    const grid: WorkbookGrid = {
      sheets: [
        {
          name: "典型案例推荐汇总表",
          values: [
            ["网络安全保险服务典型案例推荐汇总表"],
            ["推荐单位：ＳＪＺ市工业和信息化局      日期：2025年11月20日"],
            SUMMARY_HEADER,
            ...rows,
            ["联系人：张三      手机/座机：１３９３２１０００００"],
          ],
        },
      ],
    };
    const v = validate(grid, "case-summary");
    // The rules see the full-width characters in the 推荐单位 and 手机/座机 parts …
    expect(v.issues.filter((i) => i.code === "text.whitespace" && i.fix !== undefined).map((i) => i.cell)).toEqual([
      "A2",
      "G6",
      "A7",
    ]);
    // … but a fix for the part would overwrite the whole line.
    expect(brief(planFixes(grid, v))).toEqual([
      ["典型案例推荐汇总表!A4", 2, 1, "sequence", "序号重新编号为 1"],
      ["典型案例推荐汇总表!G6", "王晓凯 ", "王晓凯", "whitespace", "去掉多余空格"],
    ]);
  });

  it("a hand-made summary with a blank row between records", async () => {
    const grid = await roundTrip(handmadeSummary({ rows: 3 }));
    expect(plan(grid, "case-summary")).toEqual([]);
  });
});

describe("a workbook pasted from Word (exceljs round trip)", () => {
  it("fixes the check box, the lower-case code and the 序号 after a pre-numbered empty row; leaves （全称）", async () => {
    const grid = await roundTrip(pastedInstitutionPlan());
    const v = validate(grid);
    const fixes = planFixes(grid, v);
    const at = (cell: string) => fixes.find((f) => f.cell === cell);
    expect(at("B10")).toMatchObject({ to: CODES.lead, reason: "case" });
    expect(fixes.find((f) => f.reason === "option")).toMatchObject({ to: "国有企业" });
    // Targets: 17 numbered rows, row 4 pre-numbered and empty, so 5…17 become 4…16.
    const seq = fixes.filter((f) => f.reason === "sequence");
    expect(seq.map((f) => f.to)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(seq.map((f) => f.from)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(fixes.some((f) => String(f.from).includes("（全称）"))).toBe(false);

    const fixed = applyFixes(grid, fixes);
    const again = validate(fixed);
    expect(fixable(again)).toEqual([]);
    expect(planFixes(fixed, again)).toEqual([]);
    // Nothing else changed: the other issues are the same.
    const others = (x: WorkbookValidation) => x.issues.filter((i) => !fixable(x).includes(i)).map((i) => `${i.cell} ${i.code}`);
    expect(others(again)).toEqual(others(v));
  });
});

describe("applyFixes", () => {
  it("returns a new grid, pads short rows, shares untouched sheets and rejects an unknown sheet", () => {
    const a: SheetGrid = { name: "甲", values: [["x"], ["y", "z"]] };
    const b: SheetGrid = { name: "乙", values: [[1]] };
    const grid = { sheets: [a, b] };
    const fix: CellFix = {
      sheet: "甲",
      cell: "C1",
      row: 0,
      col: 2,
      from: null,
      to: 1,
      reason: "sequence",
      message: "补填序号 1",
    };
    const out = applyFixes(grid, [fix, { ...fix, cell: "A4", row: 3, col: 0, to: "w" }]);
    expect(out.sheets[0].values).toEqual([["x", null, 1], ["y", "z"], [], ["w"]]);
    expect(a.values).toEqual([["x"], ["y", "z"]]);
    expect(out.sheets[1]).toBe(b);
    expect(() => applyFixes(grid, [{ ...fix, sheet: "丙" }])).toThrow(RangeError);
  });
});

describe("property: planFixes → applyFixes leaves nothing to fix, and is idempotent", () => {
  type SeqCell = { kind: "right" | "text" | "full" | "dot" | "blank" | "other"; n: number };
  const seqCell = fc.record({
    kind: fc.constantFrom("right", "right", "text", "full", "dot", "blank", "other"),
    n: fc.integer({ min: 0, max: 30 }),
  }) as fc.Arbitrary<SeqCell>;
  const FULL = "０１２３４５６７８９";
  const fullWidth = (s: string) => s.replace(/\d/g, (d) => FULL[Number(d)]);
  const textNoise = fc.constantFrom("none", "none", "lead", "trail", "double", "full", "nbsp");
  const perturbText = (s: string, how: string): string => {
    switch (how) {
      case "lead":
        return " " + s;
      case "trail":
        return s + "  ";
      case "double":
        return s.slice(0, 2) + "  " + s.slice(2);
      case "full":
        return fullWidth(s);
      case "nbsp":
        return s + "\u3000";
    }
    return s;
  };
  const seqValue = (c: SeqCell, i: number): CellValue => {
    switch (c.kind) {
      case "right":
        return i;
      case "text":
        return String(i);
      case "full":
        return fullWidth(String(i));
      case "dot":
        return `${i}.`;
      case "blank":
        return null;
    }
    return c.n;
  };
  const rowNoise = fc.record({
    seq: seqCell,
    name: textNoise,
    person: textNoise,
    info: textNoise,
    code: fc.constantFrom("none", "lower", "space", "lowerSpace"),
  });

  it("holds for random perturbations of a valid targets list and joint list", () => {
    const pristine: WorkbookGrid = {
      sheets: [
        { name: "联合申报单位", values: [JOINT_HEADER, ...[1, 2, 3, 4].map(jointRow)] },
        { name: "服务对象", values: [TARGET_HEADER, ...[1, 2, 3, 4, 5, 6].map(targetRow)] },
      ],
    };
    expect(validate(pristine).issues).toEqual([]);
    fc.assert(
      fc.property(
        fc.array(rowNoise, { minLength: 1, maxLength: 4 }),
        fc.array(rowNoise, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (jointNoise, targetNoise, shuffle) => {
          const joint = jointNoise.map((p, k) => {
            const r = jointRow(k + 1);
            r[0] = seqValue(p.seq, k + 1);
            r[1] = perturbText(r[1] as string, p.name === "full" ? "none" : p.name);
            const c = r[4] as string;
            r[4] =
              p.code === "lower"
                ? c.toLowerCase()
                : p.code === "space"
                  ? ` ${c}`
                  : p.code === "lowerSpace"
                    ? ` ${c.toLowerCase()} `
                    : c;
            return r;
          });
          const targets = targetNoise.map((p, k) => {
            const r = targetRow(k + 1);
            r[0] = seqValue(p.seq, k + 1);
            r[1] = perturbText(r[1] as string, p.name);
            r[3] = perturbText(r[3] as string, p.person === "full" ? "none" : p.person);
            r[4] = perturbText(r[4] as string, p.info === "double" ? "trail" : p.info);
            return r;
          });
          if (shuffle) targets.reverse().forEach((r, k) => (r[0] = targets.length - k));
          const grid: WorkbookGrid = {
            sheets: [
              { name: "联合申报单位", values: [JOINT_HEADER, ...joint] },
              { name: "服务对象", values: [TARGET_HEADER, ...targets] },
            ],
          };
          const snapshot = structuredClone(grid);
          const v = validate(grid);
          const fixes = planFixes(grid, v);
          expect(grid).toEqual(snapshot);
          // One per cell, sorted, each changing its cell from what the grid holds.
          const keys = fixes.map((f) => `${f.sheet}!${f.cell}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const f of fixes) {
            const sheet = grid.sheets.find((s) => s.name === f.sheet)!;
            expect(sheet.values[f.row]?.[f.col] ?? null).toEqual(f.from);
            expect(f.to).not.toEqual(f.from);
          }
          const fixed = applyFixes(grid, fixes);
          const again = validate(fixed);
          // The perturbations were all fixable: the fixed grid is clean.
          expect(again.issues).toEqual([]);
          expect(planFixes(fixed, again)).toEqual([]);
          expect(fixed.sheets.map((s) => s.values.length)).toEqual(grid.sheets.map((s) => s.values.length));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("examples/hebei-2025", () => {
  function listFiles(dir: string): string[] {
    return readdirSync(dir)
      .flatMap((e) => {
        const p = path.join(dir, e);
        return statSync(p).isDirectory() ? listFiles(p) : [p];
      })
      .sort();
  }
  const planted: { file: string; sheet: string; cell: string; code: string }[] = JSON.parse(
    readFileSync("examples/planted.json", "utf8"),
  );

  it("finds the planted fixable problems, and after fixing every file has nothing fixable left", async () => {
    const seen: string[] = [];
    for (const file of listFiles("examples/hebei-2025")) {
      if (!file.endsWith(".xlsx")) continue;
      const read = await readWorkbook({ path: file });
      expect(read.ok, file).toBe(true);
      if (!read.ok) continue;
      const form = readMeta(read.grid)?.form;
      const v = validateGrid(read.grid, { profile: hebei, form, today: TODAY });
      const fixes = planFixes(read.grid, v);
      const rel = path.relative("examples", file).split(path.sep).join("/");
      for (const p of planted.filter((x) => x.file === rel)) {
        const fix = fixes.find((f) => f.sheet === p.sheet && f.cell === p.cell);
        if (p.code === "seq.broken") {
          expect(fix, `${rel} ${p.sheet}!${p.cell}`).toMatchObject({ reason: "sequence" });
          seen.push(p.code);
        } else if (p.code === "number.converted") {
          expect(fix, `${rel} ${p.sheet}!${p.cell}: needs confirming`).toBeUndefined();
          seen.push(p.code);
        } else {
          expect(fix, `${rel} ${p.sheet}!${p.cell} ${p.code} is not fixable`).toBeUndefined();
        }
      }
      const fixed = applyFixes(read.grid, fixes);
      const again = validateGrid(fixed, { profile: hebei, form, today: TODAY });
      expect(fixable(again), rel).toEqual([]);
      expect(planFixes(fixed, again), rel).toEqual([]);
    }
    expect(seen.sort()).toEqual(["number.converted", "seq.broken"]);
  });

  it("the planted 序号 gap in 雄安新区 服务对象 is renumbered at A12 only", async () => {
    const read = await readWorkbook({ path: "examples/hebei-2025/雄安新区/试点工作方案（服务机构）.xlsx" });
    if (!read.ok) throw new Error(read.message);
    const v = validateGrid(read.grid, { profile: hebei, form: readMeta(read.grid)?.form, today: TODAY });
    const seq = planFixes(read.grid, v).filter((f) => f.sheet === "服务对象" && f.reason === "sequence");
    const table = v.tables.find((t) => t.sheet === "服务对象" && t.table === "targets")!;
    // 1 … 9, 11, 11, 12 …: the tenth was typed as 11; only that cell changes.
    expect(table.records.length).toBeGreaterThan(10);
    expect(seq.map((f) => [f.cell, f.from, f.to, f.message])).toEqual([["A12", 11, 10, "序号重新编号为 10"]]);
  });
});

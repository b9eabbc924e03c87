// The templates printed as the Word forms print (issue 9, item 7): 基本信息 two label/value
// pairs a row where the Word form pairs them, the options of a closed list printed under its
// dropdown with the chosen one ticked (a formula with its cached result), the cover page's
// lines, 推荐单位意见 and 真实性承诺 as blocks, required-cell hints in a column that does not
// print, length checks that warn at the limit, validations below the printed rows — and the
// real reader reads blank and filled templates to their records with no new warnings.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import ExcelJS from "exceljs";
import { builtInProfiles, findProfile } from "../forms/profiles/index.js";
import { tablesForForm, type TableDef } from "../forms/tables.js";
import { columnLetter } from "../forms/address.js";
import type { CellValue, FormId } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { validateGrid } from "../forms/validate.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import {
  HINT_PREFIX,
  INSTRUCTIONS_SHEET,
  KV_HINT_COL,
  LIST_HEADER_ROW,
  NO_HINT,
  PLEDGE_NOTE,
  PLEDGE_TEXT,
  SUMMARY_HEADER_ROW,
  VALIDATION_LAST_ROW,
  buildTemplate,
  coverFormula,
  coverLines,
  keyValueCell,
  keyValueLayout,
  optionFormula,
  optionResult,
  pledgeLines,
  templateBuffer,
  templateRows,
  type TemplateData,
} from "../aggregator/template/write.js";
import { buildExamples } from "../scripts/example-data.js";
import { convertWith, haveTools, soffice } from "./fixtures/libreoffice.js";

const JOBS = builtInProfiles().flatMap((profile) => profile.forms.map((f) => ({ profile, form: f.id })));
const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

type DV = { type?: string; operator?: string; formulae?: unknown[]; prompt?: string };
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { model: Record<string, DV | undefined> } }).dataValidations.model;

/** A cell's text as a reader sees it: merged-away cells empty, formulas as their cached results. */
function text(ws: ExcelJS.Worksheet, address: string): string {
  const cell = ws.getCell(address);
  if (cell.isMerged && cell.master !== cell) return "";
  const v = cell.value;
  if (v && typeof v === "object" && "result" in v) return String(v.result ?? "");
  return v === null || v === undefined ? "" : String(v);
}

/** The template as written and loaded again (exceljs keeps validations by cell once loaded). */
async function loaded(profile: Profile, form: FormId, data?: TemplateData): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const bytes = await templateBuffer(profile, form, data);
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

function formulaOf(ws: ExcelJS.Worksheet, address: string): { formula: string; result: unknown } {
  const v = ws.getCell(address).value as ExcelJS.CellFormulaValue;
  expect(v && typeof v === "object" && "formula" in v, `${ws.name}!${address} holds a formula`).toBe(true);
  return { formula: v.formula, result: v.result };
}

async function reload(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Read with the CLI's reader and validate: the issues that mean something was not read or not computed. */
async function unaccounted(bytes: Uint8Array, profile: Profile, form: FormId) {
  const r = await readWorkbook({ bytes, name: "x.xlsx" });
  if (!r.ok) throw new Error(r.message);
  const v = validateGrid(r.grid, { profile, form, today: TODAY });
  const notes = r.notes.filter((n) => n.code !== "file.unknown_form");
  return { v, notes, warnings: v.issues.filter((i) => i.severity === "warning") };
}

describe("基本信息 as the Word forms lay it out", () => {
  it("pairs the fields the Word form prints side by side, in every profile", () => {
    const expected: Record<string, [string, string][]> = {
      unit: [
        ["组织机构代码/三证合一码", "成立时间"],
        ["通讯地址", "注册资本（万元）"],
        ["联系人", "联系电话"],
        ["传真", "邮箱"],
      ],
      case: [
        ["投保企业名称", "投保企业所属行业领域"],
        ["被保企业名称", "被保企业所属行业领域"],
        ["保险公司名称", "网络安全服务商名称"],
        ["保费（万元）", "保额（万元）"],
      ],
      scheme: [["负责人", "职务/职称"]],
      authority: [["负责人（处级）姓名", "负责人职务"]],
    };
    const seen = new Set<string>();
    for (const { profile, form } of JOBS) {
      const wb = buildTemplate(profile, form);
      for (const def of tablesForForm(profile, form).filter((d) => d.layout === "keyValue")) {
        const ws = wb.getWorksheet(def.sheet)!;
        const pairs: [string, string][] = [];
        const singles: string[] = [];
        for (let r = 2; r <= keyValueLayout(def).last; r++) {
          const [a, c] = [text(ws, `A${r}`), text(ws, `C${r}`)];
          if (a && c) pairs.push([a, c]);
          else if (a) singles.push(a);
        }
        expect(pairs, `${profile.id} ${form} ${def.sheet}`).toEqual(expected[def.id]);
        // Every other field on a row of its own, its value across B:D.
        const paired = new Set(pairs.flat());
        expect(singles).toEqual(def.fields.map((f) => f.label).filter((l) => !paired.has(l)));
        for (const slot of keyValueLayout(def).slots.filter((s) => s.label === 1 && s.valueTo === 4))
          expect((ws.model as unknown as { merges: string[] }).merges).toContain(`B${slot.row}:D${slot.row}`);
        seen.add(def.id);
      }
    }
    expect([...seen].sort()).toEqual(["authority", "case", "scheme", "unit"]);
  });

  it("the 申报书's unit sheet cell by cell (hebei-2025)", () => {
    const def = tablesForForm(hebei, "case-application").find((d) => d.id === "unit")!;
    const cells = Object.fromEntries(def.fields.map((f) => [f.key, keyValueCell(def, f.key)]));
    expect(cells).toEqual({
      date: "B2",
      name: "B3",
      region: "B4",
      uscc: "B5",
      founded: "D5",
      address: "B6",
      capital: "D6",
      contact: "B7",
      phone: "D7",
      fax: "B8",
      email: "D8",
      nature: "B9",
      category: "B11",
      intro: "B13",
    });
    expect(keyValueLayout(def).options.map((o) => [o.field.key, o.row, o.valueCell])).toEqual([
      ["nature", 10, "B9"],
      ["category", 12, "B11"],
    ]);
  });
});

describe("the options printed under a dropdown", () => {
  const def = tablesForForm(hebei, "case-application").find((d) => d.id === "unit")!;
  const nature = def.fields.find((f) => f.key === "nature")!;

  it("a formula ticking the chosen option, with every option of 单位性质", () => {
    expect(optionFormula(nature, "B9")).toBe(
      'IF(TRIM(B9)="事业单位","☑","□")&"事业单位  "&IF(TRIM(B9)="国有企业","☑","□")&"国有企业  "&' +
        'IF(TRIM(B9)="民营企业","☑","□")&"民营企业  "&IF(TRIM(B9)="合资企业","☑","□")&"合资企业  "&' +
        'IF(TRIM(B9)="国有控股企业","☑","□")&"国有控股企业  "&IF(TRIM(B9)="国有参股企业","☑","□")&"国有参股企业  "&' +
        'IF(LEFT(TRIM(B9),2)="其他","☑","□")&"其他（请注明）"',
    );
    const ws = buildTemplate(hebei, "case-application").getWorksheet(def.sheet)!;
    expect(formulaOf(ws, "B10")).toEqual({
      formula: optionFormula(nature, "B9"),
      result: "□事业单位  □国有企业  □民营企业  □合资企业  □国有控股企业  □国有参股企业  □其他（请注明）",
    });
  });

  it("cached results for a chosen option, an 其他（…） and a 申报类别 with what follows its colon", () => {
    expect(optionResult(nature, "国有企业")).toBe(
      "□事业单位  ☑国有企业  □民营企业  □合资企业  □国有控股企业  □国有参股企业  □其他（请注明）",
    );
    expect(optionResult(nature, "其他（社会团体）")).toMatch(/□国有参股企业 {2}☑其他（请注明）$/);
    const kase = tablesForForm(hebei, "case-application").find((d) => d.id === "case")!;
    const category = kase.fields.find((f) => f.key === "category")!;
    const claimed = kase.fields.find((f) => f.key === "claimed")!;
    expect(optionResult(category, "重点主体：中小企业")).toBe("□重点行业领域  ☑重点主体");
    expect(optionResult(claimed, "否")).toBe("□是  ☑否");
    const wb = buildTemplate(hebei, "case-application", {
      kv: { unit: { nature: "国有控股企业" }, case: { claimed: "是", category: "重点行业领域：工业" } },
    });
    expect(text(wb.getWorksheet(def.sheet)!, "B10")).toContain("☑国有控股企业");
    const caseSheet = wb.getWorksheet(kase.sheet)!;
    const layout = keyValueLayout(kase);
    const at = (key: string) => layout.options.find((o) => o.field.key === key)!.row;
    expect(text(caseSheet, `B${at("claimed")}`)).toBe("☑是  □否");
    expect(text(caseSheet, `B${at("category")}`)).toBe("☑重点行业领域  □重点主体");
  });

  it("the reader takes the option lines for recognised lines, not values", async () => {
    const bytes = await reload(buildTemplate(hebei, "case-application", { kv: { unit: { nature: "民营企业" } } }));
    const { v } = await unaccounted(bytes, hebei, "case-application");
    const unit = v.sheets.find((s) => s.name === def.sheet)!.account!;
    expect(unit.unread).toEqual([]);
    expect(unit.lines.filter((l) => l.kind === "options").map((l) => l.row)).toEqual([10, 12]);
    const record = v.tables.find((t) => t.table === "unit")!.records[0];
    expect(record.fields.nature).toMatchObject({ value: "民营企业", cell: "B9" });
  });
});

describe("cover page, 推荐单位意见 and 真实性承诺", () => {
  it("the cover page's lines on 填报说明, drawn from the tables' cells", () => {
    const defs = tablesForForm(hebei, "case-application");
    expect(coverLines("case-application", defs).map((c) => `${c.label}=${c.table}.${c.key}`)).toEqual([
      "案 例 名 称=case.title",
      "申 报 单 位=unit.name",
      "申 报 日 期=unit.date",
    ]);
    expect(coverLines("pilot-institution", tablesForForm(hebei, "pilot-institution")).map((c) => c.label)).toEqual([
      "方 案 名 称",
      "申 报 方 向",
      "牵头申报单位",
      "申 报 日 期",
    ]);
    // Shanghai's cover has no 申报方向; the 推荐汇总表 has no cover.
    const sh = findProfile("shanghai-industry-2026")!;
    expect(coverLines("pilot-enterprise", tablesForForm(sh, "pilot-enterprise")).map((c) => c.label)).toEqual([
      "方 案 名 称",
      "牵头申报单位",
      "申 报 日 期",
    ]);
    expect(coverLines("case-summary", tablesForForm(hebei, "case-summary"))).toEqual([]);

    const data: TemplateData = {
      kv: {
        unit: { name: "河北某某科技有限公司", date: new Date(Date.UTC(2025, 10, 20)) },
        case: { title: "工业企业综合保险案例" },
      },
    };
    const blank = buildTemplate(hebei, "case-application").getWorksheet(INSTRUCTIONS_SHEET)!;
    const filled = buildTemplate(hebei, "case-application", data).getWorksheet(INSTRUCTIONS_SHEET)!;
    const unit = defs.find((d) => d.id === "unit")!;
    expect(formulaOf(blank, "A3").formula).toBe(`"案 例 名 称："&TRIM('典型案例基本信息'!B2)`);
    expect(formulaOf(blank, "A4").formula).toBe(`"申 报 单 位："&TRIM('申报单位基本信息'!B3)&"（加盖单位公章）"`);
    expect(formulaOf(blank, "A5").formula).toBe(coverFormula(coverLines("case-application", defs)[2], unit));
    expect(["A3", "A4", "A5"].map((a) => text(blank, a))).toEqual([
      "案 例 名 称：",
      "申 报 单 位：（加盖单位公章）",
      "申 报 日 期：    年    月    日",
    ]);
    expect(["A3", "A4", "A5"].map((a) => text(filled, a))).toEqual([
      "案 例 名 称：工业企业综合保险案例",
      "申 报 单 位：河北某某科技有限公司（加盖单位公章）",
      "申 报 日 期：2025年11月20日",
    ]);
  });

  it("推荐单位意见 under the unit's table where the form has it, 真实性承诺 under the last table", () => {
    for (const { profile, form } of JOBS) {
      const wb = buildTemplate(profile, form);
      const kv = tablesForForm(profile, form).filter((d) => d.layout === "keyValue");
      const all = (def: TableDef) => {
        const ws = wb.getWorksheet(def.sheet)!;
        const out: string[] = [];
        ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === "string" && c.master === c && out.push(c.value))));
        return out;
      };
      const texts = kv.flatMap(all);
      const pledge = form !== "pilot-authority" && form !== "case-summary";
      expect(texts.includes("真实性承诺"), `${profile.id} ${form}`).toBe(pledge);
      if (pledge) {
        const last = all(kv[kv.length - 1]);
        const at = last.indexOf("真实性承诺");
        expect(last.slice(at, at + 3 + pledgeLines().length)).toEqual(["真实性承诺", PLEDGE_TEXT, ...pledgeLines(), PLEDGE_NOTE]);
        expect(pledgeLines().filter((l) => /公章/.test(l))).toEqual([
          "牵头申报单位公章：",
          "联合申报单位公章：",
          "联合申报单位公章：",
        ]);
      }
      const opinion = form === "case-application" || form === "service-plan";
      const unitTexts = kv.find((d) => d.id === "unit") ? all(kv.find((d) => d.id === "unit")!) : [];
      const label = profile.edition === "2025" ? "推荐单位意见" : "如有推荐单位，请推荐单位填写推荐意见";
      expect(unitTexts.includes(label), `${profile.id} ${form} 推荐单位意见`).toBe(opinion);
      if (opinion && profile.edition === "2025")
        expect(unitTexts.slice(unitTexts.indexOf(label), unitTexts.indexOf(label) + 4)).toEqual([
          "推荐单位意见",
          "（推荐意见）",
          "推荐单位盖章",
          "年    月    日",
        ]);
    }
  });
});

describe("hints that do not print", () => {
  it("key–value sheets: print area A:D, a hint per row in column E naming its empty required fields", () => {
    for (const { profile, form } of JOBS) {
      const wb = buildTemplate(profile, form);
      for (const def of tablesForForm(profile, form)) {
        const ws = wb.getWorksheet(def.sheet)!;
        const cf = (ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings;
        expect(cf ?? [], `${def.sheet}: no conditional fill`).toEqual([]);
        if (def.layout !== "keyValue") continue;
        expect(ws.pageSetup.printArea).toMatch(/^A\$1:D\$\d+$/);
        const hint = columnLetter(KV_HINT_COL - 1);
        for (const { row, field } of keyValueLayout(def).slots.filter((s) => s.label === 1)) {
          const labels = keyValueLayout(def)
            .slots.filter((s) => s.row === row && s.field.required)
            .map((s) => s.field.label);
          const v = ws.getCell(`${hint}${row}`).value as ExcelJS.CellFormulaValue | null;
          if (!labels.length) expect(v, `${def.sheet} ${field.label}`).toBeNull();
          else expect(v?.result).toBe(`${HINT_PREFIX}${labels.join("、")}`);
        }
      }
    }
    const def = tablesForForm(hebei, "case-application").find((d) => d.id === "unit")!;
    const ws = buildTemplate(hebei, "case-application", { kv: { unit: { uscc: "91130100MA0000001X" } } }).getWorksheet(
      def.sheet,
    )!;
    expect(formulaOf(ws, "E5")).toEqual({
      formula: `IF(OR(LEN(TRIM(B5))=0,LEN(TRIM(D5))=0),"${HINT_PREFIX}"&MID(IF(LEN(TRIM(B5))=0,"、组织机构代码/三证合一码","")&IF(LEN(TRIM(D5))=0,"、成立时间",""),2,500),"${NO_HINT}")`,
      result: `${HINT_PREFIX}成立时间`,
    });
  });

  it("list sheets: print area the table's columns, a hint column beside them on every row down to the last validated one", () => {
    for (const { profile, form } of JOBS)
      for (const def of tablesForForm(profile, form).filter((d) => d.layout === "list")) {
        const ws = buildTemplate(profile, form).getWorksheet(def.sheet)!;
        const n = def.fields.length;
        expect(ws.pageSetup.printArea).toBe(`A:${columnLetter(n - 1)}`);
        const hint = columnLetter(n);
        const first = (def.id === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW) + 1;
        for (const r of [first, first + templateRows(def), VALIDATION_LAST_ROW]) {
          const f = formulaOf(ws, `${hint}${r}`);
          expect(f.result, `${def.sheet} ${r}`).toBe(NO_HINT); // an empty row: nothing to say
          expect(f.formula).toMatch(new RegExp(`^IF\\(COUNTA\\(\\$B${r}:\\$${columnLetter(n - 1)}${r}\\)=0,`));
        }
        expect(ws.getCell(`${hint}${VALIDATION_LAST_ROW + 1}`).value).toBeNull();
      }
    // A filled row with an empty required cell says which.
    const def = tablesForForm(hebei, "pilot-institution").find((d) => d.id === "targets")!;
    const ws = buildTemplate(hebei, "pilot-institution", {
      lists: { targets: [{ seq: 1, name: "河北某某有限公司" }] },
    }).getWorksheet(def.sheet)!;
    expect(text(ws, "F3")).toBe(`${HINT_PREFIX}所在行业领域、联系人、联系方式（手机与邮箱）`);
  });

  it("the 填报说明 conventions say so, and no more about a yellow fill", () => {
    const ws = buildTemplate(hebei, "pilot-institution").getWorksheet(INSTRUCTIONS_SHEET)!;
    const lines: string[] = [];
    ws.eachRow((row) => lines.push(text(ws, `A${row.number}`)));
    const all = lines.join("\n");
    expect(all).toContain("提示列以红字“← 必填”列出该行未填的项目");
    expect(all).toContain("提示列和单元格的输入提示都不打印");
    expect(all).not.toContain("浅黄色");
  });
});

describe("length checks and validations on every row a clerk adds", () => {
  it("long texts warn from exactly maxWords characters on, and the prompt says so", async () => {
    for (const { profile, form } of JOBS)
      for (const def of tablesForForm(profile, form))
        for (const f of def.fields.filter((x) => x.maxWords)) {
          const ws = (await loaded(profile, form)).getWorksheet(def.sheet)!;
          const cell =
            def.layout === "keyValue"
              ? keyValueCell(def, f.key)
              : `${columnLetter(def.fields.indexOf(f))}${(def.id === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW) + 1}`;
          const v = validations(ws)[cell]!;
          expect(v).toMatchObject({ type: "textLength", operator: "lessThan", formulae: [f.maxWords] });
          // Excel's rule: a text is valid while its length < maxWords.
          const valid = (s: string) => s.length < Number(v.formulae![0]);
          expect(valid("字".repeat(f.maxWords! - 1))).toBe(true);
          expect(valid("字".repeat(f.maxWords!))).toBe(false);
          expect(v.prompt).toContain(`达到${f.maxWords}个字符时提示`);
        }
  });

  it("every list's validations reach VALIDATION_LAST_ROW; the 推荐汇总表's go round its footer line", async () => {
    for (const { profile, form } of JOBS)
      for (const def of tablesForForm(profile, form).filter((d) => d.layout === "list")) {
        const ws = (await loaded(profile, form)).getWorksheet(def.sheet)!;
        const dv = validations(ws);
        const summary = def.id === "caseSummary";
        const last = (summary ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW) + templateRows(def);
        def.fields.forEach((f, i) => {
          const col = columnLetter(i);
          const v = dv[`${col}${last}`];
          if (!v) return;
          for (const r of [last + 1, last + 3, 100, VALIDATION_LAST_ROW])
            expect(dv[`${col}${r}`], `${def.sheet}!${col}${r}`).toEqual(v);
          if (summary) expect(dv[`${col}${last + 2}`]).not.toEqual(v);
        });
      }
    // The 推荐汇总表's 单位类别 dropdown below its printed rows D4:D9.
    const def = tablesForForm(hebei, "case-summary")[0];
    const dv = validations((await loaded(hebei, "case-summary")).getWorksheet(def.sheet)!);
    expect(dv.D10?.type).toBe("list");
    expect(dv.D12?.type).toBe("list");
    expect(dv.D11?.type).toBeUndefined(); // 手机/座机： label of the footer line
    expect(dv.E11?.type).toBeUndefined(); // the footer's 手机/座机 value: its own check, no list of the column's
  });
});

describe("the real reader: blank and filled templates, no warnings", () => {
  it("every blank template: every table found, no data, no warning and no note", async () => {
    for (const { profile, form } of JOBS) {
      const { v, notes, warnings } = await unaccounted(await templateBuffer(profile, form), profile, form);
      expect(
        v.tables.map((t) => t.table),
        `${profile.id} ${form}`,
      ).toEqual(tablesForForm(profile, form).map((d) => d.id));
      expect(v.tables.every((t) => t.records.length === 0)).toBe(true);
      expect(notes, `${profile.id} ${form}`).toEqual([]);
      expect(
        warnings.map((i) => `${i.code} ${i.sheet}!${i.cell}`),
        `${profile.id} ${form}`,
      ).toEqual([]);
      for (const s of v.sheets) expect(s.account?.unread ?? [], `${profile.id} ${form} ${s.name}`).toEqual([]);
    }
  });

  it("every filled example: no rows.unread, no sheet.unrecognized, no formula without its result", async () => {
    const { files } = buildExamples();
    let n = 0;
    for (const f of files) {
      const { v, notes } = await unaccounted(await templateBuffer(hebei, f.form, f.data), hebei, f.form);
      expect(notes, f.path).toEqual([]);
      expect(
        v.issues.filter((i) => ["rows.unread", "sheet.unrecognized", "cell.no_result"].includes(i.code)),
        f.path,
      ).toEqual([]);
      for (const s of v.sheets) expect(s.account?.unread ?? [], `${f.path} ${s.name}`).toEqual([]);
      n++;
    }
    expect(n).toBeGreaterThan(15);
  });

  it("the round trip keeps what a clerk typed into every value cell, hints and option lines aside", async () => {
    for (const { profile, form } of JOBS) {
      const defs = tablesForForm(profile, form).filter((d) => d.layout === "keyValue");
      if (!defs.length) continue;
      const kv: TemplateData["kv"] = {};
      for (const def of defs) {
        const values: Record<string, CellValue> = {};
        for (const f of def.fields)
          values[f.key] = f.options?.length ? (f.kind === "category" ? `${f.options[0]}：某某` : f.options[0]) : `值${f.key}`;
        kv[def.id] = values;
      }
      const { v } = await unaccounted(await templateBuffer(profile, form, { kv }), profile, form);
      for (const def of defs) {
        const rec = v.tables.find((t) => t.table === def.id)!.records[0];
        for (const f of def.fields)
          expect(rec.fields[f.key], `${profile.id} ${form} ${def.id}.${f.key}`).toMatchObject({
            value: kv[def.id]![f.key],
            cell: keyValueCell(def, f.key),
          });
      }
    }
  });
});

// --- LibreOffice prints the option lines and the blocks, and not the hints ------------------

const LO = !!soffice() && haveTools("pdftotext");
const tmp = mkdtempSync(join(tmpdir(), "pilot-forms-layout-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!LO)("LibreOffice prints the Word form's layout", () => {
  it("option lines with the chosen option ticked, the cover, 推荐单位意见 and 真实性承诺 — no hint column", () => {
    const data: TemplateData = {
      kv: { unit: { name: "河北某某科技有限公司", nature: "民营企业" }, case: { title: "某某综合保险案例", claimed: "否" } },
    };
    const input = join(tmp, "case.xlsx");
    return templateBuffer(hebei, "case-application", data).then((bytes) => {
      writeFileSync(input, bytes);
      convertWith("pdf", [input], tmp, join(tmp, "lo-profile"));
      const txt = spawnSync("pdftotext", ["-enc", "UTF-8", join(tmp, "case.pdf"), "-"], { encoding: "utf8" }).stdout.replace(
        /\s+/g,
        "",
      );
      for (const wanted of [
        "□事业单位□国有企业☑民营企业□合资企业□国有控股企业□国有参股企业□其他（请注明）",
        "□是☑否",
        "□重点行业领域□重点主体",
        "案例名称：某某综合保险案例",
        "申报单位：河北某某科技有限公司（加盖单位公章）",
        "推荐单位意见",
        "推荐单位盖章",
        "真实性承诺",
        PLEDGE_TEXT,
        "牵头申报单位公章：",
      ])
        expect(txt, wanted).toContain(wanted.replace(/\s+/g, ""));
      // The hint column (← 必填：单位性质 …) is not printed; 填报说明 only names it.
      expect(txt).not.toContain(HINT_PREFIX.replace(/\s+/g, ""));
      expect(txt).not.toContain("必填：");
      expect(readFileSync(join(tmp, "case.pdf")).length).toBeGreaterThan(1000);
    });
  }, 240_000);
});

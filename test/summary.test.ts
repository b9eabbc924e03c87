// `pilot-forms summary` (issue 9, item 2): a city's 典型案例推荐汇总表 drafted from its 申报书s.
// The example 申报书s of 唐山市 (copied into a folder 唐山市, with a 工作方案 that is skipped) →
// summary → read back with readWorkbook + validateGrid: one row per 申报书 with its values, the
// metadata sheet with form case-summary and the city, 推荐单位 唐山市工业和信息化局; validating the
// folder with the draft gives no cross.summary_mismatch. A Word 申报书 (.docx, built with the docx
// library) gives its 案例概述 as 案例简要描述. Without a city in folder or file names, --city is required.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { Packer } from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./fixtures/cli.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import { narrativeSections } from "../aggregator/read/docx.js";
import { caseOverview, fitWords, summaryCategory } from "../aggregator/summary/draft.js";
import type { CellValue, TableRecord, WorkbookGrid } from "../forms/model.js";
import { countWords } from "../forms/parse/words.js";
import { findProfile } from "../forms/profiles/index.js";
import { readMeta, validateGrid } from "../forms/validate.js";
import { wordForm } from "./fixtures/word.js";

const TODAY = "2025-11-25";
const hebei = findProfile("hebei-2025")!;
const EXAMPLES = join(__dirname, "../examples/hebei-2025");
const OVERVIEW =
  "本案例由保险公司联合网络安全企业，为被保企业提供保前风险评估、保中安全监测和保后应急处置服务。2025年共承保12家企业，累计保额1.2亿元。";

const text = (v: CellValue | undefined): string => (v === null || v === undefined ? "" : String(v).trim());

async function grid(file: string): Promise<WorkbookGrid> {
  const r = await readWorkbook({ path: file });
  if (!r.ok) throw new Error(r.message);
  return r.grid;
}

/** What the summary row of a 申报书 must hold, from the 申报书 as the validator reads it. */
async function expectedRow(file: string): Promise<Record<string, string>> {
  const v = validateGrid(await grid(file), { profile: hebei, today: TODAY });
  expect(v.form).toBe("case-application");
  const unit = v.tables.find((t) => t.table === "unit")!.records[0];
  const kase = v.tables.find((t) => t.table === "case")!.records[0];
  const joint = v.tables.find((t) => t.table === "joint")?.records ?? [];
  return {
    title: text(kase.fields.title?.value),
    applicant: text(unit.fields.name?.value),
    category: summaryCategory(hebei, text(unit.fields.category?.value)) ?? "",
    joint: joint.map((r) => text(r.fields.name?.value)).join("、"),
    contact: text(unit.fields.contact?.value),
    phone: text(unit.fields.phone?.value),
  };
}

function rowValues(r: TableRecord): Record<string, string> {
  return Object.fromEntries(
    ["title", "applicant", "category", "joint", "contact", "phone", "description"].map((k) => [k, text(r.fields[k]?.value)]),
  );
}

/** A Word 典型案例申报书 (two tables and the narrative), from the .xlsx twin's grid. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pilot-summary-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cityFolder(name: string, files: string[], rename?: (f: string) => string): Promise<string> {
  const target = join(dir, name);
  await mkdir(target, { recursive: true });
  for (const f of files) await copyFile(join(EXAMPLES, "唐山市", f), join(target, rename ? rename(f) : f));
  return target;
}

describe("pilot-forms summary: a city's 推荐汇总表 from its 申报书s", () => {
  const APPLICATIONS = ["典型案例申报书-1.xlsx", "典型案例申报书-2.xlsx"];

  it("one row per 申报书 in input order with its values; template, metadata and city as `template` writes them", async () => {
    const folder = await cityFolder("唐山市", [...APPLICATIONS, "试点工作方案（服务机构）.xlsx"]);
    const out = join(folder, "典型案例推荐汇总表.xlsx");
    const r = await run("summary", folder, "-o", out);
    expect(r.code).toBe(0);
    expect(r.err).toContain("跳过");
    expect(r.err).toMatch(/试点工作方案（服务机构）\.xlsx：不是典型案例申报书/);
    expect(r.err).toContain("唐山市，2 个案例");

    const g = await grid(out);
    expect(readMeta(g)).toMatchObject({ form: "case-summary", profile: "hebei-2025", city: "唐山市" });
    // As the templates: the package names pilot-forms, so LibreOffice recalculates the formulas (hints, option lines).
    const app = await (await JSZip.loadAsync(await readFile(out))).file("docProps/app.xml")!.async("string");
    expect(app).toContain("<Application>pilot-forms</Application>");
    const v = validateGrid(g, { profile: hebei, today: TODAY });
    expect(v.form).toBe("case-summary");
    const summary = v.tables.find((t) => t.table === "caseSummary")!;
    expect(summary.records).toHaveLength(2);
    for (const [i, f] of APPLICATIONS.entries()) {
      const want = await expectedRow(join(EXAMPLES, "唐山市", f));
      expect(want.category).toBe("网络安全保险服务机构"); // 保险公司
      expect(rowValues(summary.records[i])).toEqual({ ...want, description: "" });
      expect(summary.records[i].fields.seq?.value).toBe(i + 1);
    }
    expect(text(summary.meta?.fields.recommender?.value)).toBe("唐山市工业和信息化局");
    expect(text(summary.meta?.fields.date?.value)).toBe("");
    // What is left for the clerk: the date, the description (no such field in a .xlsx 申报书), the footer.
    const required = v.issues.filter((i) => i.code === "required").map((i) => i.column);
    expect(required.sort()).toEqual(["手机/座机", "日期", "案例简要描述", "案例简要描述", "联系人"].sort());
    // Only required: the note line is a note, no row is unread, the values pass the rules.
    expect(v.issues.filter((i) => i.code !== "required")).toEqual([]);

    // The description cells carry a fill, and the note line under the table says what to do.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(out)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    const col = summary.columns!.description + 1;
    for (const rec of summary.records) {
      const fill = ws.getCell(rec.row, col).fill as ExcelJS.FillPattern;
      expect(fill?.pattern).toBe("solid");
    }
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === "string" && texts.push(c.value))));
    expect(texts.some((t) => t.includes("案例简要描述请按申报书填写（不超过200字）"))).toBe(true);
    // The dropdown of 单位类别, as in the template.
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } })
      .dataValidations.model;
    expect(Object.values(dv).some((d) => d.type === "list" && d.formulae[0] === "opt_caseSummary_category")).toBe(true);
  });

  it("validating the folder with the draft: no cross.summary_mismatch", async () => {
    const folder = join(dir, "唐山市");
    const report = join(dir, "report.json");
    const r = await run("validate", folder, "--today", TODAY, "--json", report);
    expect(r.code).toBe(1); // the 申报书's planted uscc.checksum and the clerk's empty cells
    const json = JSON.parse(await readFile(report, "utf8")) as { issues: { code: string }[]; files: { path: string }[] };
    expect(json.files.some((f) => f.path.endsWith("典型案例推荐汇总表.xlsx"))).toBe(true);
    expect(json.issues.filter((i) => i.code === "cross.summary_mismatch")).toEqual([]);
    // Rerun into the same folder: the earlier draft is an output, not an input.
    const again = await run("summary", folder, "-o", join(folder, "典型案例推荐汇总表.xlsx"));
    expect(again.code).toBe(0);
    expect(again.err).toContain("2 个案例");
  });

  it("no city in folder, file names or metadata: --city is required (exit 2, in Chinese); with it, the city's summary", async () => {
    const folder = await cityFolder("材料", APPLICATIONS, (f) => f.replace("典型案例申报书", "案例"));
    const out = join(dir, "草稿.xlsx");
    const r = await run("summary", folder, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("无法从输入确定城市");
    expect(r.err).toContain("--city");
    const bad = await run("summary", folder, "-o", out, "--city", "北京市");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("不是河北省");
    const ok = await run("summary", folder, "-o", out, "--city", "唐山");
    expect(ok.code).toBe(0);
    const g = await grid(out);
    expect(readMeta(g)?.city).toBe("唐山市");
    const summary = validateGrid(g, { profile: hebei, today: TODAY }).tables.find((t) => t.table === "caseSummary")!;
    expect(text(summary.meta?.fields.recommender?.value)).toBe("唐山市工业和信息化局");
    expect(summary.records).toHaveLength(2);
  });

  it("inputs without any 申报书, and an output that is no .xlsx: usage errors", async () => {
    const folder = await cityFolder("唐山市-方案", ["试点工作方案（服务机构）.xlsx"]);
    const r = await run("summary", folder, "-o", join(dir, "x.xlsx"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("输入中没有典型案例申报书");
    const notXlsx = await run("summary", folder, "-o", join(dir, "x.xls"));
    expect(notXlsx.code).toBe(2);
    expect(notXlsx.err).toContain("应保存为 .xlsx 文件");
  });

  it("a Word 申报书 (.docx): its values, and its 案例概述 as 案例简要描述", async () => {
    const folder = join(dir, "docx", "唐山市");
    await mkdir(folder, { recursive: true });
    const g1 = await grid(join(EXAMPLES, "唐山市", APPLICATIONS[1]));
    await writeFile(
      join(folder, "典型案例申报书-2.docx"),
      await Packer.toBuffer(
        wordForm(g1, 0, undefined, undefined, [
          "（简要介绍案例背景、服务模式和成效，不超过1000字）",
          OVERVIEW,
          "（二）保险服务情况",
          "承保情况从略。",
        ]),
      ),
    );
    await copyFile(join(EXAMPLES, "唐山市", APPLICATIONS[0]), join(folder, APPLICATIONS[0]));
    const out = join(folder, "典型案例推荐汇总表.xlsx");
    // No --profile: the .docx has no template mark, the .xlsx 申报书's gives hebei-2025.
    const r = await run("summary", folder, "-o", out);
    expect(r.code).toBe(0);
    const v = validateGrid(await grid(out), { profile: hebei, today: TODAY });
    const records = v.tables.find((t) => t.table === "caseSummary")!.records;
    expect(records).toHaveLength(2);
    // Input order: the folder's files by name (.docx of 申报书-2 after the .xlsx of 申报书-1).
    const want = await expectedRow(join(EXAMPLES, "唐山市", APPLICATIONS[1]));
    expect(rowValues(records[1])).toEqual({ ...want, description: OVERVIEW });
    expect(rowValues(records[0]).description).toBe("");
    // Only the .xlsx row's description is left for the clerk.
    expect(v.issues.filter((i) => i.column === "案例简要描述").map((i) => i.cell)).toEqual([
      records[0].fields.description?.cell ?? `F${records[0].row}`,
    ]);

    const report = join(dir, "docx-report.json");
    // validate takes the profile of a file without a template mark from --profile only.
    const validated = await run("validate", folder, "--profile", "hebei-2025", "--today", TODAY, "--json", report);
    expect(validated.code).toBe(1);
    const json = JSON.parse(await readFile(report, "utf8")) as { issues: { code: string }[] };
    expect(json.issues.filter((i) => i.code === "cross.summary_mismatch")).toEqual([]);
  });
});

describe("the draft's mappings", () => {
  it("单位类别: service-institution kinds → 网络安全保险服务机构, 行业企业 stays, Word check boxes by the ticked option", () => {
    // Every service-institution kind the notice lists (单位类别 of the 2025 forms: eight).
    expect(hebei.options.unitCategory).toHaveLength(8);
    for (const k of hebei.options.unitCategory) expect(summaryCategory(hebei, k)).toBe("网络安全保险服务机构");
    expect(summaryCategory(hebei, "司法鉴定机构")).toBe("网络安全保险服务机构");
    expect(summaryCategory(hebei, "行业企业")).toBe("行业企业");
    expect(summaryCategory(hebei, "网络安全保险服务机构")).toBe("网络安全保险服务机构");
    expect(summaryCategory(hebei, "□网络安全保险服务机构（□保险公司 ☑网络安全企业）  □行业企业")).toBe("网络安全保险服务机构");
    expect(summaryCategory(hebei, "□网络安全保险服务机构（□保险公司 □网络安全企业）  ☑行业企业")).toBe("行业企业");
    expect(summaryCategory(hebei, "")).toBeUndefined();
    expect(summaryCategory(hebei, "银行")).toBeUndefined();
  });

  it("案例概述: the paragraphs under its heading, the form's bracketed guidance left out; cut to 200 字 at a sentence", () => {
    const paragraphs = [
      "二、典型案例具体情况",
      "（一）案例概述",
      "（不超过1000字）",
      "第一段。",
      "第二段。",
      "（二）保险服务情况",
      "从略。",
    ];
    expect(caseOverview(narrativeSections(paragraphs.map((t) => ({ text: t }))))).toBe("第一段。\n第二段。");
    expect(caseOverview(narrativeSections([{ text: "一、其他" }, { text: "内容" }]))).toBeUndefined();
    const long = "这是一句二十个字左右的案例概述用于测试截断。".repeat(20);
    const fit = fitWords(long, 200);
    expect(fit.cut).toBe(true);
    expect(countWords(fit.text)).toBeLessThanOrEqual(200);
    expect(fit.text.endsWith("。")).toBe(true);
    expect(fitWords("短。", 200)).toEqual({ text: "短。", cut: false });
  });
});

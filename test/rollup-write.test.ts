// The roll-up writer (aggregator/merge/rollup-write.ts) on hand-made Rollup data: sheets and
// layout, every row once, totals, links, formula injection, Excel's limits, same bytes, and
// LibreOffice printing the official summary on A4 landscape pages with its header repeated.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { CellValue, Issue, TableId } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { tableDef } from "../forms/tables.js";
import type {
  CityStats,
  CategoryCount,
  Rollup,
  RollupRow,
  RollupTable,
  SourceFile,
  SubmissionContext,
} from "../aggregator/merge/model.js";
import { MAX_CELL_CHARS, TRUNCATED_MARK, buildRollup, issueLinkFormula, rollupBytes } from "../aggregator/merge/rollup-write.js";
import { FIXED_DATE } from "../aggregator/xlsx/deterministic.js";
import { writeFileAtomic } from "../aggregator/write-file.js";
import { convertWith, haveTools } from "./fixtures/libreoffice.js";

/** The roll-up's bytes as a Buffer (exceljs and JSZip load it; .equals compares). */
async function rollupBuffer(r: Parameters<typeof rollupBytes>[0]): Promise<Buffer> {
  return Buffer.from(await rollupBytes(r));
}

const hebei = findProfile("hebei-2025")!;
const tmp = mkdtempSync(path.join(tmpdir(), "pilot-forms-rollup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// ---- a hand-made roll-up ---------------------------------------------------------------

const SJZ = "石家庄市";
const TS = "唐山市";
const F_CASE = "材料/石家庄市/案例 申报书-1.xlsx";
const F_SUM_SJZ = "材料/石家庄市/推荐汇总表.xlsx";
const F_PLAN = "材料/唐山市/服务机构 方案.xlsx";
const F_SUM_TS = "材料/唐山市/推荐 汇总表.xlsx";
const F_UNKNOWN = "材料/其他/某单位 材料.xlsx";
const F_DUP = "材料/石家庄市/案例 申报书-1 副本.xlsx";
const F_BAD = "材料/唐山市/旧版.xls";

const fieldsOf = (id: TableId) => tableDef(hebei, id).fields.filter((f) => f.kind !== "seq");

function row(
  city: string,
  file: string,
  sheet: string,
  r: number,
  values: Record<string, CellValue>,
  problems = "",
  severity?: RollupRow["severity"],
): RollupRow {
  return { city, file, sheet, row: r, values, problems, severity };
}

const DESCRIPTION =
  "为被保企业提供保前网络安全风险评估、保中7×24小时安全监测与威胁预警、保后应急响应和损失核定服务，形成“评估—监测—处置—理赔”闭环，案例已推广至省内多家制造业企业。";

interface MakeOptions {
  /** caseSummary rows (spread over 石家庄, 唐山 and unknown). */
  summaryRows?: number;
  /** Replace the targets rows' values. */
  targets?: RollupRow[];
  outputDir?: string;
}

function makeRollup(opts: MakeOptions = {}): Rollup {
  const n = opts.summaryRows ?? 4;
  const summary: RollupRow[] = Array.from({ length: n }, (_, i) => {
    const city = i % 5 === 4 ? "" : i % 2 === 0 ? SJZ : TS;
    const file = city === SJZ ? F_SUM_SJZ : city === TS ? F_SUM_TS : F_UNKNOWN;
    return row(
      city,
      file,
      "典型案例推荐汇总表",
      4 + i,
      {
        title: `推荐案例样本${String(i + 1).padStart(3, "0")}：制造业企业网络安全保险综合服务`,
        applicant: "中国人民财产保险股份有限公司河北省分公司",
        category: "网络安全保险服务机构",
        joint: "河北某某网络安全技术有限公司、北京某某信息技术有限公司",
        description: DESCRIPTION,
        contact: "张三",
        phone: i % 3 === 0 ? "0311-86699155" : "13800000000",
      },
      i === 1 ? "警告 H5 联系电话看起来不对" : i === 2 ? "错误 C6 申报单位为空\n警告 F6 联合申报单位不像全称" : "",
      i === 1 ? "warning" : i === 2 ? "error" : undefined,
    );
  });
  const targets: RollupRow[] = opts.targets ?? [
    row(SJZ, F_CASE, "服务对象", 3, {
      name: "石家庄某某制药有限公司",
      industry: "医疗卫生",
      contact: "李四",
      contactInfo: "13900000000/li@example.com",
    }),
    row(
      TS,
      F_PLAN,
      "O'Brien's 表",
      3,
      { name: "唐山某某钢铁集团有限公司", industry: "原材料工业", contact: "王五", contactInfo: "13700000000" },
      "错误 E3 缺少电子邮箱",
      "error",
    ),
    row(TS, F_PLAN, "O'Brien's 表", 4, {
      name: "唐山某某港口有限公司",
      industry: "工业互联网",
      contact: "赵六",
      contactInfo: "13600000000/zhao@example.com",
    }),
    row(
      "",
      F_UNKNOWN,
      "服务对象",
      3,
      { name: "某某科技有限公司", industry: "医疗卫生", contact: "钱七", contactInfo: "13500000000/qian@example.com" },
      "警告 B3 单位名称不完整",
      "warning",
    ),
  ];
  const tables: RollupTable[] = [
    { id: "targets", sheet: "服务对象汇总", fields: fieldsOf("targets"), rows: targets },
    {
      id: "plans",
      sheet: "服务方案汇总",
      fields: fieldsOf("plans"),
      rows: [
        row(TS, F_PLAN, "服务方案", 3, {
          name: "钢铁行业网络安全保险方案",
          type: "重点行业领域",
          industry: "工业",
          contact: "王五",
          contactInfo: "13700000000/w@example.com",
        }),
        row(TS, F_PLAN, "服务方案", 4, {
          name: "中小企业普惠方案",
          type: "重点主体",
          industry: "中小企业",
          contact: "王五",
          contactInfo: "13700000000/w@example.com",
        }),
      ],
    },
    {
      id: "unit",
      sheet: "申报单位汇总",
      fields: fieldsOf("unit"),
      rows: [
        row(
          SJZ,
          F_CASE,
          "申报单位基本信息",
          2,
          {
            name: "中国人民财产保险股份有限公司河北省分公司",
            uscc: "91130000MA0000000X",
            founded: new Date(Date.UTC(2001, 4, 17)),
            capital: 5000,
          },
          "错误 B5 统一社会信用代码校验位不对",
          "error",
        ),
        row(TS, F_PLAN, "申报单位基本信息", 2, {
          name: "唐山某某网络安全技术有限公司",
          founded: new Date(Date.UTC(2015, 0, 2)),
          capital: 1000.5,
        }),
      ],
    },
    {
      id: "joint",
      sheet: "联合申报单位汇总",
      fields: fieldsOf("joint"),
      rows: [
        row(SJZ, F_CASE, "联合申报单位", 3, { name: "河北某某网络安全技术有限公司", nature: "民营企业" }),
        row(SJZ, F_CASE, "联合申报单位", 4, { name: "北京某某信息技术有限公司", nature: "民营企业" }),
        row(TS, F_PLAN, "联合申报单位", 3, { name: "中国平安财产保险股份有限公司唐山中心支公司", nature: "国有控股企业" }),
      ],
    },
    {
      id: "case",
      sheet: "典型案例汇总",
      fields: fieldsOf("case"),
      rows: [
        row(
          SJZ,
          F_CASE,
          "典型案例基本信息",
          2,
          { title: "制药企业网络安全保险", premium: 950, cover: 900 },
          "警告 B10 保费高于保额",
          "warning",
        ),
      ],
    },
  ];
  const rowsOf = (city: string): Partial<Record<TableId, number>> => {
    const out: Partial<Record<TableId, number>> = {};
    for (const t of tables) out[t.id] = t.rows.filter((x) => x.city === city).length;
    out.caseSummary = summary.filter((x) => x.city === city).length;
    return out;
  };
  const stats: CityStats[] = [
    { city: SJZ, files: 2, rows: rowsOf(SJZ), premium: 950, cover: 900, errors: 2, warnings: 1, infos: 1 },
    { city: TS, files: 3, rows: rowsOf(TS), premium: 12.25, cover: 300.5, errors: 2, warnings: 1, infos: 0 },
    { city: "", files: 1, rows: rowsOf(""), premium: 0, cover: 0, errors: 0, warnings: 2, infos: 0 },
  ];
  const total: CityStats = {
    city: "合计",
    files: 6,
    rows: Object.fromEntries(
      (["unit", "joint", "targets", "plans", "case", "caseSummary"] as TableId[]).map((id) => [
        id,
        stats.reduce((s, c) => s + (c.rows[id] ?? 0), 0),
      ]),
    ),
    premium: 962.25,
    cover: 1200.5,
    errors: 4,
    warnings: 4,
    infos: 1,
  };
  const industries: CategoryCount[] = [
    { label: "医疗卫生", byCity: { [SJZ]: 1, [TS]: 0, "": 1 }, total: 2 },
    { label: "原材料工业", byCity: { [SJZ]: 0, [TS]: 1, "": 0 }, total: 1 },
    { label: "工业互联网", byCity: { [SJZ]: 0, [TS]: 1, "": 0 }, total: 1 },
  ];
  const planTypes: CategoryCount[] = [
    { label: "重点行业领域", byCity: { [SJZ]: 0, [TS]: 1, "": 0 }, total: 1 },
    { label: "重点主体", byCity: { [SJZ]: 0, [TS]: 1, "": 0 }, total: 1 },
  ];
  const issues: Issue[] = [
    {
      code: "uscc.checksum",
      severity: "error",
      file: F_CASE,
      sheet: "申报单位基本信息",
      cell: "B5",
      table: "unit",
      value: "91130000MA0000000X",
      message: "统一社会信用代码校验位不对。",
    },
    {
      code: "premium.above_cover",
      severity: "warning",
      file: F_CASE,
      sheet: "典型案例基本信息",
      cell: "B10",
      table: "case",
      value: "950",
      message: "保费950万元高于保额900万元。",
    },
    {
      code: "contact.email_missing",
      severity: "error",
      file: F_PLAN,
      sheet: "O'Brien's 表",
      cell: "E3",
      table: "targets",
      value: "13700000000",
      message: "缺少电子邮箱。",
    },
    {
      code: "cross.duplicate_target",
      severity: "warning",
      file: F_PLAN,
      sheet: "O'Brien's 表",
      cell: "B4",
      files: [F_PLAN, F_UNKNOWN],
      message: `同一服务对象也出现在 ${F_UNKNOWN}。`,
    },
    { code: "file.unreadable", severity: "error", file: F_BAD, message: "这是旧版 .xls 文件，请另存为 .xlsx 后重新报送。" },
    {
      code: "file.duplicate",
      severity: "info",
      file: F_DUP,
      files: [F_CASE, F_DUP],
      message: `与 ${F_CASE} 内容完全相同（重复提交），只汇总一次。`,
    },
    { code: "file.city_unknown", severity: "warning", file: F_UNKNOWN, message: "无法确定城市。" },
    {
      code: "name.not_full",
      severity: "warning",
      file: F_UNKNOWN,
      sheet: "服务对象",
      cell: "B3",
      value: "=1+1",
      message: "单位名称不完整。",
    },
  ];
  const file = (
    p: string,
    city: string,
    citySource: string,
    form: string,
    rows: SourceFile["rows"],
    status: SourceFile["status"],
    note = "",
  ): SourceFile => ({
    path: p,
    city,
    citySource,
    form,
    profile: "hebei-2025",
    sha256: (p.length.toString(16) + "ab").repeat(32).slice(0, 64),
    bytes: 10_000 + p.length,
    rows,
    status,
    note,
  });
  const files: SourceFile[] = [
    file(F_CASE, SJZ, "folder", "网络安全保险服务典型案例申报书", { unit: 1, joint: 2, case: 1, targets: 1 }, "errors"),
    file(
      F_SUM_SJZ,
      SJZ,
      "recommender",
      "网络安全保险服务典型案例推荐汇总表",
      { caseSummary: summary.filter((s) => s.file === F_SUM_SJZ).length },
      "warnings",
    ),
    file(
      F_PLAN,
      TS,
      "metadata",
      "网络安全保险服务试点工作方案（网络安全保险服务机构）",
      { unit: 1, joint: 1, targets: 2, plans: 2 },
      "errors",
    ),
    file(
      F_SUM_TS,
      TS,
      "file",
      "网络安全保险服务典型案例推荐汇总表",
      { caseSummary: summary.filter((s) => s.file === F_SUM_TS).length },
      "ok",
    ),
    file(
      F_UNKNOWN,
      "",
      "",
      "网络安全保险服务典型案例推荐汇总表",
      { targets: 1, caseSummary: summary.filter((s) => s.file === F_UNKNOWN).length },
      "warnings",
    ),
    file(
      F_DUP,
      SJZ,
      "folder",
      "网络安全保险服务典型案例申报书",
      {},
      "duplicate",
      `与 ${F_CASE} 内容完全相同（重复提交），只汇总一次。`,
    ),
    file(F_BAD, TS, "folder", "", {}, "unreadable", "这是旧版 .xls 文件，请另存为 .xlsx 后重新报送。"),
  ];
  // Every row carries its file's submission (SPEC §14); rows of other files have none.
  const none = { title: "", direction: "", lead: "", leadCode: "", leadCategory: "" };
  const contexts: Record<string, SubmissionContext> = {
    [F_CASE]: {
      title: "制药企业网络安全保险",
      direction: "",
      lead: "中国人民财产保险股份有限公司河北省分公司",
      leadCode: "91130000MA0000000X",
      leadCategory: "保险公司",
      status: "errors",
    },
    [F_PLAN]: {
      title: "唐山市工业企业网络安全保险服务试点",
      direction: "工业互联网",
      lead: "唐山某某网络安全技术有限公司",
      leadCode: "91130203MA7934830N",
      leadCategory: "网络安全企业",
      status: "errors",
    },
    [F_SUM_SJZ]: { ...none, status: "warnings" },
    [F_SUM_TS]: { ...none, status: "ok" },
    [F_UNKNOWN]: { ...none, status: "warnings" },
  };
  for (const x of [...summary, ...tables.flatMap((t) => t.rows)])
    if (!x.context && contexts[x.file]) x.context = contexts[x.file];
  const directions: CategoryCount[] = [{ label: "工业互联网", byCity: { [SJZ]: 0, [TS]: 1, "": 0 }, total: 1 }];
  return {
    profile: hebei,
    cities: [SJZ, TS, ""],
    summary,
    tables,
    stats,
    total,
    industries,
    planTypes,
    directions,
    issues,
    files,
    skipped: [
      { path: "材料/石家庄市/~$案例 申报书-1.xlsx", reason: "Excel 的临时锁定文件" },
      { path: "材料/唐山市/说明.docx", reason: "不是表格文件" },
    ],
    outputDir: opts.outputDir ?? path.join(process.cwd(), "out", "全省 汇总"),
  };
}

// ---- reading helpers -------------------------------------------------------------------

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  return wb;
}

/** Sheet name → its part path, and each sheet's table parts. */
async function parts(buf: Buffer): Promise<{ zip: JSZip; sheets: Map<string, string>; tables: Map<string, string[]> }> {
  const zip = await JSZip.loadAsync(buf);
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target = new Map([...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const sheets = new Map<string, string>();
  const tables = new Map<string, string[]>();
  for (const m of wbXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const name = m[1].replace(/&apos;/g, "'").replace(/&amp;/g, "&");
    const part = "xl/" + target.get(m[2])!.replace(/^\/?xl\//, "");
    sheets.set(name, part);
    const relFile = zip.file(part.replace(/worksheets\//, "worksheets/_rels/") + ".rels");
    const relXml = relFile ? await relFile.async("string") : "";
    tables.set(
      name,
      [...relXml.matchAll(/Target="([^"]*tables\/[^"]+)"/g)].map((t) => "xl/tables/" + t[1].replace(/^.*tables\//, "")),
    );
  }
  return { zip, sheets, tables };
}

/** The header row's labels (first row whose cells include `must`). */
function headerOf(ws: ExcelJS.Worksheet, must: string): { row: number; cols: Map<string, number> } {
  for (let r = 1; r <= Math.min(ws.rowCount, 40); r++) {
    const cols = new Map<string, number>();
    ws.getRow(r).eachCell((c, col) => {
      if (typeof c.value === "string") cols.set(c.value, col);
    });
    if (cols.has(must)) return { row: r, cols };
  }
  throw new Error(`${ws.name}: no header with ${must}`);
}

const SPECIAL = new Set(["说明", "分市统计", "问题清单", "来源文件"]);

// ---- structure -------------------------------------------------------------------------

describe("roll-up workbook structure", () => {
  it("has the sheets in SPEC §8 order", async () => {
    const wb = await load(await rollupBuffer(makeRollup()));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "说明",
      "典型案例推荐汇总表",
      "服务对象汇总",
      "服务方案汇总",
      "申报单位汇总",
      "联合申报单位汇总",
      "典型案例汇总",
      "分市统计",
      "问题清单",
      "来源文件",
    ]);
  });

  it("lists every input row exactly once across the summary and the 汇总 sheets", async () => {
    const r = makeRollup();
    const wb = await load(await rollupBuffer(r));
    const expected = [
      ...r.summary.map((x) => `典型案例推荐汇总表|${x.file}|${x.sheet}|${x.row}`),
      ...r.tables.flatMap((t) => t.rows.map((x) => `${t.sheet}|${x.file}|${x.sheet}|${x.row}`)),
    ].sort();
    const got: string[] = [];
    for (const ws of wb.worksheets) {
      if (SPECIAL.has(ws.name)) continue;
      const { row, cols } = headerOf(ws, "来源文件");
      for (let k = row + 1; k <= ws.rowCount; k++) {
        const cells = ws.getRow(k);
        const file = cells.getCell(cols.get("来源文件")!).value;
        if (!file) continue;
        got.push(
          `${ws.name}|${String(file)}|${String(cells.getCell(cols.get("来源工作表")!).value)}|${String(cells.getCell(cols.get("来源行")!).value)}`,
        );
      }
    }
    expect(got.sort()).toEqual(expected);
    expect(new Set(got).size).toBe(got.length);
  });

  it("prints the official summary layout, with 推荐城市 after 序号 and trace columns outside the print area", async () => {
    const r = makeRollup();
    const buf = await rollupBuffer(r);
    const wb = await load(buf);
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    // Row 1: the stamping line (one row has errors), then the title and the 推荐单位/日期 line.
    expect(ws.getCell("A1").value).toBe("本表有 1 行存在错误，请更正后再盖章");
    expect(ws.getCell("A2").value).toBe("网络安全保险服务典型案例推荐汇总表");
    expect(ws.getCell("A2").font.bold).toBe(true);
    expect(ws.getCell("A2").font.size).toBeGreaterThanOrEqual(16);
    expect(ws.getCell("I2").master.address).toBe("A2");
    expect(ws.getCell("J2").isMerged).toBe(false);
    expect(ws.getCell("A3").value).toBe("推荐单位：");
    expect(ws.getCell("C3").value).toBe("河北省工业和信息化厅、河北省通信管理局");
    expect(ws.getCell("G3").value).toBe("日期：");
    expect(ws.getCell("H3").value).toBeNull();
    const header = (ws.getRow(4).values as CellValue[]).slice(1);
    expect(header).toEqual([
      "序号",
      "推荐城市",
      "案例名称",
      "申报单位",
      "单位类别",
      "联合申报单位",
      "案例简要描述",
      "联系人",
      "联系电话",
      "文件状态",
      "来源",
      "问题",
      "来源文件",
      "来源工作表",
      "来源行",
    ]);
    const n = r.summary.length;
    for (let i = 0; i < n; i++) {
      expect(ws.getCell(5 + i, 1).value).toBe(i + 1);
      expect(ws.getCell(5 + i, 2).value).toBe(r.summary[i].city || "（未确定）");
    }
    expect(ws.getCell(5 + 2, 12).fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    expect(ws.getCell(5 + 1, 12).fill).toMatchObject({ fgColor: { argb: "FFFFEB9C" } });
    // 来源, outside the print area: every row here came from a city's 推荐汇总表.
    for (let i = 0; i < n; i++) expect(ws.getCell(5 + i, 11).value).toBe("推荐汇总表");
    // 文件状态, outside the print area: the 推荐汇总表 file's, coloured as such.
    expect([5, 6].map((k) => ws.getCell(k, 10).value)).toEqual(["有警告", "无问题"]);
    expect(ws.getCell(5, 10).fill).toMatchObject({ fgColor: { argb: "FFFFEB9C" } });
    expect((ws.getCell(6, 10).fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    const footer = 4 + n + 2;
    expect(ws.getCell(footer, 1).value).toBe("联系人：");
    expect(ws.getCell(footer, 4).value).toBe("手机/座机：");
    expect(ws.getCell(footer, 3).value).toBeNull();
    expect(ws.getCell(footer, 5).value).toBeNull();
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.pageSetup.printTitlesRow).toBe("4:4");
    expect(ws.headerFooter.oddFooter).toContain("第 &P 页，共 &N 页");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
    const wbXml = await (await JSZip.loadAsync(buf)).file("xl/workbook.xml")!.async("string");
    expect(wbXml).toContain(`>&apos;典型案例推荐汇总表&apos;!$A$1:$I$${footer}</definedName>`);
    // Rows are sized for their wrapped text (programs do not grow them when opening a file).
    expect(ws.getRow(5).height).toBeGreaterThan(40);
  });

  it("writes an empty 问题清单 (one empty table row) when there is no issue", async () => {
    const r = makeRollup();
    r.issues = [];
    const ws = (await load(await rollupBuffer(r))).getWorksheet("问题清单")!;
    expect(ws.getCell("A1").value).toBe("级别");
    expect(ws.getCell("A2").value).toBeNull();
    expect(ws.rowCount).toBe(2);
  });

  it("gives the summary one empty table row, not a header-only table, when no case was recommended", async () => {
    const r = { ...makeRollup(), summary: [] };
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(ws.getCell("A5").value).toBeNull();
    expect(ws.getCell("A7").value).toBe("联系人：");
    expect(ws.getCell("A1").value).toBe("本表没有推荐案例（本行不打印）");
  });

  it("makes every list an Excel table with filter buttons, a frozen header, A4 landscape and repeated headers", async () => {
    const buf = await rollupBuffer(makeRollup());
    const wb = await load(buf);
    const { zip, tables } = await parts(buf);
    const names = new Set<string>();
    for (const ws of wb.worksheets) {
      if (ws.name === "说明") continue;
      const files = tables.get(ws.name)!;
      expect(files.length, ws.name).toBeGreaterThan(0);
      for (const f of files) {
        const xml = await zip.file(f)!.async("string");
        expect(xml, `${ws.name} ${f}`).toMatch(/<autoFilter ref="/);
        expect(xml).not.toContain('hiddenButton="1"');
        const name = /<table [^>]*name="([^"]+)"/.exec(xml)![1];
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(names.has(name)).toBe(false);
        names.add(name);
      }
      expect(ws.views[0]?.state, ws.name).toBe("frozen");
      // How many pages wide: test/rollup-print.test.ts.
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, orientation: "landscape", fitToHeight: 0 });
      if (ws.name !== "分市统计") expect(ws.pageSetup.printTitlesRow, ws.name).toMatch(/^\d+:\d+$/);
      expect(ws.headerFooter.oddFooter, ws.name).toContain("&P");
    }
    expect(names).toContain("T_targets_all");
    const targets = wb.getWorksheet("服务对象汇总")!;
    expect((targets.getRow(1).values as CellValue[]).slice(1)).toEqual([
      "序号",
      "城市",
      "方案/案例名称",
      "申报方向",
      "牵头单位",
      "牵头单位信用代码",
      "牵头单位类别",
      "文件状态",
      "企业名称",
      "所在行业领域",
      "联系人",
      "联系方式（手机与邮箱）",
      "问题",
      "来源文件",
      "来源工作表",
      "来源行",
    ]);
    expect(targets.getCell("B5").value).toBe("（未确定）");
    expect(targets.getCell("M3").fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    expect(targets.getCell("M5").fill).toMatchObject({ fgColor: { argb: "FFFFEB9C" } });
    // The context columns: the row's submission, the file's status (coloured), empty where the file has no value.
    expect((targets.getRow(3).values as CellValue[]).slice(3, 9)).toEqual([
      "唐山市工业企业网络安全保险服务试点",
      "工业互联网",
      "唐山某某网络安全技术有限公司",
      "91130203MA7934830N",
      "网络安全企业",
      "有错误",
    ]);
    expect(targets.getCell("H3").fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    expect(targets.getCell("H2").value).toBe("有错误");
    expect(targets.getCell("D2").value).toBeNull();
    expect(targets.getCell("H5").value).toBe("有警告");
    expect(targets.getCell("C5").value).toBeNull();
    expect(targets.getColumn(6).width).toBe(21);
    expect(targets.getColumn(8).width).toBe(10);
    // Dates stay dates, with a date format; numbers stay numbers.
    const unit = wb.getWorksheet("申报单位汇总")!;
    const { cols } = headerOf(unit, "成立时间");
    const founded = unit.getCell(2, cols.get("成立时间")!);
    expect(founded.value).toEqual(new Date(Date.UTC(2001, 4, 17)));
    expect(founded.numFmt).toBe("yyyy-mm-dd");
    expect(unit.getCell(3, cols.get("注册资本（万元）")!).value).toBe(1000.5);
  });

  it("totals 分市统计 with plain, bold values equal to the sum of the city rows", async () => {
    const r = makeRollup();
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("分市统计")!;
    const { row, cols } = headerOf(ws, "文件数");
    expect([...cols.keys()]).toEqual([
      "城市",
      "报送情况",
      "文件数",
      "申报单位",
      "联合申报单位",
      "服务机构",
      "服务对象",
      "服务方案",
      "典型案例",
      "推荐案例",
      "保费合计（万元）",
      "保额合计（万元）",
      "错误",
      "警告",
      "提示",
    ]);
    const cityRows = r.cities.map((_, i) => ws.getRow(row + 1 + i));
    expect(cityRows.map((x) => x.getCell(1).value)).toEqual(["石家庄市", "唐山市", "（未确定）"]);
    expect(cityRows.map((x) => x.getCell(2).value)).toEqual(["已报送", "已报送", ""]);
    const totalRow = ws.getRow(row + 1 + r.cities.length);
    expect(totalRow.getCell(1).value).toBe("合计");
    expect(totalRow.getCell(2).value).toBe("2/2 已报送");
    for (const [label, col] of cols) {
      if (label === "城市" || label === "报送情况") continue;
      const cell = totalRow.getCell(col);
      expect(cell.type, label).toBe(ExcelJS.ValueType.Number);
      expect(cell.font.bold).toBe(true);
      const sum = cityRows.reduce((s, x) => s + Number(x.getCell(col).value ?? 0), 0);
      expect(Number(cell.value), label).toBeCloseTo(sum, 6);
    }
    expect(totalRow.getCell(cols.get("推荐案例")!).value).toBe(r.summary.length);
    // 按行业领域 and 按方案类型 below, each with cities and 合计 as columns.
    const ind = headerOf(ws, "行业领域");
    expect([...ind.cols.keys()]).toEqual(["行业领域", "石家庄市", "唐山市", "（未确定）", "合计"]);
    expect(ws.getCell(ind.row - 1, 1).value).toMatch(/按行业领域/);
    expect(ind.row).toBeGreaterThanOrEqual(totalRow.number + 3);
    expect(ws.getCell(ind.row + 1, 1).value).toBe("医疗卫生");
    expect(ws.getCell(ind.row + 1, 5).value).toBe(2);
    const plan = headerOf(ws, "方案类型");
    expect(ws.getCell(plan.row + 3, 1).value).toBe("合计");
    expect(ws.getCell(plan.row + 3, 3).value).toBe(2);
    // 按申报方向 (工作方案 files) last.
    const dir = headerOf(ws, "申报方向");
    expect(dir.row).toBeGreaterThan(plan.row);
    expect(ws.getCell(dir.row - 1, 1).value).toMatch(/按申报方向/);
    expect([...dir.cols.keys()]).toEqual(["申报方向", "石家庄市", "唐山市", "（未确定）", "合计"]);
    expect((ws.getRow(dir.row + 1).values as CellValue[]).slice(1)).toEqual(["工业互联网", 0, 1, 0, 1]);
  });

  it("分市统计 lists a city that sent nothing as 未报送 with zeros, 来源文件 a superseded file as 已被替代", async () => {
    const base = makeRollup();
    const QHD = "秦皇岛市";
    const r: Rollup = {
      ...base,
      cities: [SJZ, TS, QHD, ""],
      stats: [
        ...base.stats.slice(0, 2),
        { city: QHD, status: "missing", files: 0, rows: {}, premium: 0, cover: 0, errors: 0, warnings: 0, infos: 0 },
        ...base.stats.slice(2),
      ],
      files: [
        ...base.files,
        {
          ...base.files[0],
          path: "石家庄市/旧版申报书.xlsx",
          sha256: "f".repeat(64),
          status: "superseded",
          note: `已被新版本 ${base.files[0].path} 替代：本文件只列出，数据和问题不计入汇总。`,
        },
      ],
    };
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("分市统计")!;
    const { row, cols } = headerOf(ws, "报送情况");
    const cityRows = r.cities.map((_, i) => ws.getRow(row + 1 + i));
    expect(cityRows.map((x) => [x.getCell(1).value, x.getCell(cols.get("报送情况")!).value])).toEqual([
      [SJZ, "已报送"],
      [TS, "已报送"],
      [QHD, "未报送"],
      ["（未确定）", ""],
    ]);
    const qhd = cityRows[2];
    for (const [label, col] of cols) if (label !== "城市" && label !== "报送情况") expect(qhd.getCell(col).value, label).toBe(0);
    expect(ws.getRow(row + 1 + r.cities.length).getCell(cols.get("报送情况")!).value).toBe("2/3 已报送");
    // The category blocks have columns only for cities that sent something.
    expect([...headerOf(ws, "行业领域").cols.keys()]).toEqual(["行业领域", SJZ, TS, "（未确定）", "合计"]);
    // 说明 names the cities that sent nothing and counts the superseded file.
    const info = wb.getWorksheet("说明")!;
    const pairs = new Map<string, string>();
    info.eachRow((x) => pairs.set(String(x.getCell(1).value ?? ""), String(x.getCell(2).value ?? "")));
    expect(pairs.get("未报送")).toBe(`1 个：${QHD}`);
    expect(pairs.get("已被替代")).toMatch(/^1 个/);
    const files = wb.getWorksheet("来源文件")!;
    const f = headerOf(files, "状态");
    let found = false;
    files.eachRow((x) => {
      if (x.getCell(1).value !== "石家庄市/旧版申报书.xlsx") return;
      found = true;
      expect(x.getCell(f.cols.get("状态")!).value).toBe("已被替代");
      expect(String(x.getCell(f.cols.get("说明")!).value)).toContain("已被新版本");
    });
    expect(found).toBe(true);
  });

  it("lists every issue with a HYPERLINK to its source cell, relative to the roll-up's folder", async () => {
    const r = makeRollup();
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("问题清单")!;
    expect((ws.getRow(1).values as CellValue[]).slice(1)).toEqual([
      "级别",
      "规则",
      "问题",
      "说明",
      "城市",
      "文件",
      "工作表",
      "单元格",
      "值",
      "链接",
    ]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const links = r.issues.map((_, i) => ws.getCell(2 + i, 10).value as { formula: string; result: string });
    // outputDir is <cwd>/out/全省 汇总, the files are under <cwd>/材料.
    expect(links[0]).toEqual({
      formula: `HYPERLINK("../../材料/石家庄市/案例 申报书-1.xlsx#'申报单位基本信息'!B5","打开")`,
      result: "打开",
    });
    expect(links[2].formula).toBe(`HYPERLINK("../../材料/唐山市/服务机构 方案.xlsx#'O''Brien''s 表'!E3","打开")`);
    expect(links[3].formula).toBe(`HYPERLINK("../../材料/唐山市/服务机构 方案.xlsx#'O''Brien''s 表'!B4","打开")`);
    expect(links[4].formula).toBe(`HYPERLINK("../../材料/唐山市/旧版.xls","打开")`);
    expect(links[6].formula).toBe(`HYPERLINK("../../材料/其他/某单位 材料.xlsx","打开")`);
    expect(ws.getCell(2, 1).value).toBe("错误");
    expect(ws.getCell(2, 1).fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    expect(ws.getCell(3, 1).value).toBe("警告");
    expect(ws.getCell(3, 1).fill).toMatchObject({ fgColor: { argb: "FFFFEB9C" } });
    expect(ws.getCell(7, 1).value).toBe("提示");
    expect(ws.getCell(2, 3).value).toBe("信用代码校验位错误");
    expect(ws.getCell(2, 5).value).toBe("石家庄市");
    expect(ws.getCell(4, 5).value).toBe("唐山市");
    expect(ws.getCell(8, 5).value).toBe("（未确定）");
    expect(ws.getCell(4, 7).value).toBe("O'Brien's 表");
    expect(ws.getCell(9, 9).value).toBe("=1+1");
    // Beside the files: links without "../".
    const near = makeRollup({ outputDir: path.join(process.cwd(), "材料") });
    expect(issueLinkFormula(near.issues[0], near.outputDir)).toBe(
      `HYPERLINK("石家庄市/案例 申报书-1.xlsx#'申报单位基本信息'!B5","打开")`,
    );
    // A quote in a path is doubled inside the string literal.
    expect(
      issueLinkFormula(
        { code: "required", severity: "error", message: "", file: 'a"b.xlsx', sheet: "S", cell: "A1" },
        process.cwd(),
      ),
    ).toBe(`HYPERLINK("a""b.xlsx#'S'!A1","打开")`);
    // Excel caps a link at 255 characters: the file alone, else no link; "#" would cut the path.
    const issue = (file: string): Issue => ({
      code: "required",
      severity: "error",
      message: "",
      file,
      sheet: "工作表",
      cell: "B2",
    });
    const long = "长".repeat(246) + ".xlsx";
    expect(issueLinkFormula(issue(long), process.cwd())).toBe(`HYPERLINK("${long}","打开")`);
    expect(issueLinkFormula(issue("长".repeat(260) + ".xlsx"), process.cwd())).toBeUndefined();
    expect(issueLinkFormula(issue("案例#1.xlsx"), process.cwd())).toBeUndefined();
  });

  it("leaves 推荐单位 empty where the profile names none", async () => {
    const r = { ...makeRollup(), profile: findProfile("miit-2025")! };
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(ws.getCell("A3").value).toBe("推荐单位：");
    expect(ws.getCell("C3").value).toBeNull();
    expect(ws.getCell("G3").value).toBe("日期：");
  });

  it("lists every source file with its status, rows per table and the skipped files", async () => {
    const r = makeRollup();
    const wb = await load(await rollupBuffer(r));
    const ws = wb.getWorksheet("来源文件")!;
    const { cols } = headerOf(ws, "SHA-256");
    expect([...cols.keys()]).toEqual([
      "文件",
      "城市",
      "城市依据",
      "表单",
      "配置",
      "SHA-256",
      "大小（字节）",
      "申报单位基本信息",
      "联合申报单位",
      "服务对象",
      "服务方案",
      "典型案例基本信息",
      "典型案例推荐汇总表",
      "状态",
      "说明",
    ]);
    const col = (label: string) => cols.get(label)!;
    const values = r.files.map((_, i) => ws.getRow(2 + i));
    expect(values.map((x) => x.getCell(col("状态")).value)).toEqual([
      "有错误",
      "有警告",
      "有错误",
      "正常",
      "有警告",
      "重复文件",
      "无法读取",
    ]);
    expect(values.map((x) => x.getCell(col("城市依据")).value)).toEqual([
      "文件夹",
      "推荐单位",
      "元数据",
      "文件名",
      "未确定",
      "文件夹",
      "文件夹",
    ]);
    expect(values[4].getCell(col("城市")).value).toBe("（未确定）");
    expect(values[2].getCell(col("服务对象")).value).toBe(2);
    expect(values[6].getCell(col("说明")).value).toMatch(/另存为 \.xlsx/);
    const skipped = headerOf(ws, "原因");
    expect(ws.getCell(skipped.row - 1, 1).value).toBe("已跳过的文件");
    expect(ws.getCell(skipped.row + 1, 1).value).toBe("材料/石家庄市/~$案例 申报书-1.xlsx");
    expect(ws.getCell(skipped.row + 2, 2).value).toBe("不是表格文件");
  });

  it("writes 说明 with the notice, counts, legend and version, and no date", async () => {
    const buf = await rollupBuffer(makeRollup());
    const wb = await load(buf);
    const ws = wb.getWorksheet("说明")!;
    const text: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    const all = text.join("\n");
    expect(ws.getCell("A1").value).toBe(`全省汇总（${hebei.name}）`);
    expect(all).toContain("冀工信软件函〔2025〕530号");
    expect(all).toMatch(/由 pilot-forms \d+\.\d+\.\d+\S* 汇总生成/);
    expect(all).toContain("7 个");
    expect(all).toMatch(/服务对象\n4 行/);
    expect(all).not.toMatch(/20\d\d[-年]\d/);
    let legend = 0;
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const argb = (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
        if (argb === "FFFFC7CE" || argb === "FFFFEB9C") legend++;
      }),
    );
    expect(legend).toBeGreaterThanOrEqual(4);
  });
});

// ---- stamp-ready only when it is right ------------------------------------------------------

/** The texts of a sheet's cells, one per line. */
function sheetText(ws: ExcelJS.Worksheet): string {
  const text: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
  return text.join("\n");
}

async function printArea(buf: Buffer, sheet: string): Promise<string | undefined> {
  const wbXml = await (await JSZip.loadAsync(buf)).file("xl/workbook.xml")!.async("string");
  return new RegExp(`_xlnm.Print_Area"[^>]*>&apos;${sheet}&apos;!([^<]+)</definedName>`).exec(wbXml)?.[1];
}

describe("典型案例推荐汇总表: stamp-ready only when it is right", () => {
  const ERROR_FILL = { fgColor: { argb: "FFFFC7CE" } };

  it("marks the rows with errors of their own inside the print area (※ and fill) and counts them above the table", async () => {
    const r = makeRollup({ summaryRows: 6 });
    // Errors: rows 3 (from makeRollup) and 5. Not counted: row 2 (a warning) and row 1, whose
    // own cells are right but whose file has an error elsewhere.
    r.summary[4].severity = "error";
    r.summary[4].problems = "错误 C8 案例名称为空";
    r.summary[0].context = { ...r.summary[0].context!, status: "errors" };
    const buf = await rollupBuffer(r);
    const wb = await load(buf);
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(ws.getCell("A1").value).toBe("本表有 2 行存在错误，请更正后再盖章");
    expect(ws.getCell("A1").font.bold).toBe(true);
    expect(ws.getCell("I1").master.address).toBe("A1");
    const wrong = new Set([2, 4]);
    for (let k = 0; k < 6; k++) {
      const seq = ws.getCell(5 + k, 1);
      expect(seq.value, `row ${k + 1}`).toBe(k + 1);
      if (wrong.has(k)) {
        // "※3" on screen and on paper; the value stays the number.
        expect(seq.numFmt).toBe('"※"0');
        for (let c = 1; c <= 9; c++) expect(ws.getCell(5 + k, c).fill, `row ${k + 1} col ${c}`).toMatchObject(ERROR_FILL);
      } else {
        expect(seq.numFmt ?? "General").not.toContain("※");
        for (let c = 1; c <= 9; c++)
          expect(
            (ws.getCell(5 + k, c).fill as ExcelJS.FillPattern | undefined)?.fgColor,
            `row ${k + 1} col ${c}`,
          ).toBeUndefined();
      }
    }
    // The note right below the table, then 联系人; all inside the print area, which starts at the line above.
    const note = String(ws.getCell(4 + 6 + 1, 1).value);
    expect(note).toContain("※");
    expect(note).toContain("2 行存在错误");
    expect(ws.getCell(4 + 6 + 2, 1).value).toBe("联系人：");
    expect(await printArea(buf, "典型案例推荐汇总表")).toBe(`$A$1:$I$${4 + 6 + 2}`);
    // 说明 says the same, and not that the summary can be stamped as is.
    const info = sheetText(wb.getWorksheet("说明")!);
    expect(info).toContain("本表有 2 行存在错误，请更正后再盖章");
    expect(info).not.toContain("可直接打印");
    expect(info).not.toContain("可以盖章");
  });

  it("says it is ready to stamp when no row has errors, and prints as the official form", async () => {
    const r = makeRollup();
    r.summary[2].severity = "warning";
    r.summary[2].problems = "警告 F6 联合申报单位不像全称";
    const buf = await rollupBuffer(r);
    const wb = await load(buf);
    const ws = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(ws.getCell("A1").value).toBe("本表各行均无错误，可以盖章（本行不打印）");
    expect(ws.getCell("A2").value).toBe("网络安全保险服务典型案例推荐汇总表");
    for (let k = 0; k < r.summary.length; k++) expect(ws.getCell(5 + k, 1).numFmt ?? "General").not.toContain("※");
    expect(ws.getCell(4 + r.summary.length + 1, 1).value).toBeNull();
    // The line is outside the print area: the printout is the official form alone.
    expect(await printArea(buf, "典型案例推荐汇总表")).toBe(`$A$2:$I$${4 + r.summary.length + 2}`);
    const info = sheetText(wb.getWorksheet("说明")!);
    expect(info).toContain("本表各行均无错误，可以盖章");
    expect(info).toContain("可直接打印");
    expect(info).not.toContain("存在错误，请更正后再盖章");
    // Errors elsewhere are said, but do not hold up the summary.
    expect(info).toContain(`其他材料中还有 ${r.total.errors} 个错误`);
  });
});

// ---- safety and limits -------------------------------------------------------------------

const INJECTIONS = ["=1+1", "+86 138", "-5", "@SUM(A1)", '=HYPERLINK("http://x")'];

describe("formula injection and Excel's limits", () => {
  it("writes text that starts with = + - @ as text, never as a formula", async () => {
    const r = makeRollup({
      targets: [
        row(
          SJZ,
          INJECTIONS[4],
          "服务对象",
          3,
          { name: INJECTIONS[0], industry: INJECTIONS[1], contact: INJECTIONS[2], contactInfo: INJECTIONS[3] },
          INJECTIONS[0],
        ),
      ],
    });
    r.summary[0].values.description = INJECTIONS[4];
    r.summary[0].values.title = INJECTIONS[3];
    // The context cells are input values too.
    r.tables[0].rows[0].context = {
      title: INJECTIONS[0],
      direction: INJECTIONS[1],
      lead: INJECTIONS[2],
      leadCode: INJECTIONS[3],
      leadCategory: INJECTIONS[4],
      status: "ok",
    };
    r.issues.push({
      code: "required",
      severity: "error",
      file: F_CASE,
      sheet: "服务对象",
      cell: "B3",
      value: INJECTIONS[0],
      message: INJECTIONS[1],
    });
    const buf = await rollupBuffer(r);
    const { zip, sheets } = await parts(buf);
    const shared = await zip.file("xl/sharedStrings.xml")!.async("string");
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    for (const s of INJECTIONS)
      expect(shared, s).toMatch(new RegExp(`<t[^>]*>${esc(s).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</t>`));

    const targetsXml = await zip.file(sheets.get("服务对象汇总")!)!.async("string");
    expect(targetsXml).not.toContain("<f>");
    expect(targetsXml).not.toContain("<f ");
    for (const ref of ["C2", "D2", "E2", "F2", "G2", "I2", "J2", "K2", "L2", "M2", "N2"])
      expect(targetsXml, ref).toMatch(new RegExp(`<c r="${ref}"[^>]*t="s"`));
    const summaryXml = await zip.file(sheets.get("典型案例推荐汇总表")!)!.async("string");
    expect(summaryXml).not.toMatch(/<f[ >]/);
    // Only our own links are formulas.
    for (const [name, part] of sheets) {
      const xml = await zip.file(part)!.async("string");
      const formulas = [...xml.matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1]);
      if (name !== "问题清单") expect(formulas, name).toEqual([]);
      else {
        expect(formulas.length).toBe(r.issues.filter((i) => i.file).length);
        for (const f of formulas) expect(f).toMatch(/^HYPERLINK\(&quot;[^]*&quot;,&quot;打开&quot;\)$/);
      }
    }

    const wb = await load(buf);
    const t = wb.getWorksheet("服务对象汇总")!;
    expect([3, 4, 5, 6, 7].map((c) => t.getCell(2, c).value)).toEqual(INJECTIONS);
    expect([9, 10, 11, 12].map((c) => t.getCell(2, c).value)).toEqual(INJECTIONS.slice(0, 4));
    expect(t.getCell("M2").value).toBe(INJECTIONS[0]);
    expect(t.getCell("N2").value).toBe(INJECTIONS[4]);
    for (const c of [3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14]) expect(t.getCell(2, c).type).toBe(ExcelJS.ValueType.String);
    const s = wb.getWorksheet("典型案例推荐汇总表")!;
    expect(s.getCell("C5").value).toBe(INJECTIONS[3]);
    expect(s.getCell("G5").value).toBe(INJECTIONS[4]);
    const issues = wb.getWorksheet("问题清单")!;
    const last = 1 + r.issues.length;
    expect(issues.getCell(last, 4).value).toBe(INJECTIONS[1]);
    expect(issues.getCell(last, 9).value).toBe(INJECTIONS[0]);
  });

  it("cuts text past 32,767 characters and says so in 问题; keeps sheet names valid", async () => {
    const long = "长".repeat(40_000);
    const r = makeRollup({
      targets: [row(SJZ, F_CASE, "服务对象", 3, { name: long, industry: "医疗卫生" }, "警告 B3 名称过长", "warning")],
    });
    r.tables[0].sheet = "服务/对象:汇总[1]*?这是一个非常非常非常长的工作表名称，超过了三十一个字符的限制";
    r.tables[1].sheet = "说明";
    const wb = await load(await rollupBuffer(r));
    const names = wb.worksheets.map((w) => w.name);
    for (const n of names) {
      expect(n.length, n).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    const ws = wb.worksheets[2];
    expect(ws.name.startsWith("服务_对象_汇总_1")).toBe(true);
    const cell = String(ws.getCell("I2").value);
    expect(cell.length).toBe(MAX_CELL_CHARS);
    expect(cell.endsWith(TRUNCATED_MARK)).toBe(true);
    expect(String(ws.getCell("M2").value)).toMatch(/名称过长\n“企业名称”超过 Excel 单元格上限 32767 个字符，已截断/);
    expect(wb.worksheets[3].name).toBe("说明(2)");
    // A cut row without other problems is marked as a warning.
    const r2 = makeRollup({ targets: [row(SJZ, F_CASE, "服务对象", 3, { name: long })] });
    const ws2 = (await load(await rollupBuffer(r2))).getWorksheet("服务对象汇总")!;
    expect(String(ws2.getCell("M2").value)).toMatch(/^“企业名称”超过/);
    expect(ws2.getCell("M2").fill).toMatchObject({ fgColor: { argb: "FFFFEB9C" } });
  });
});

// ---- determinism -------------------------------------------------------------------------

describe("determinism", () => {
  it("gives the same bytes for the same Rollup, with fixed dates", async () => {
    const a = await rollupBuffer(makeRollup());
    await new Promise((res) => setTimeout(res, 1100));
    const b = await rollupBuffer(makeRollup());
    expect(a.equals(b)).toBe(true);
    const core = await (await JSZip.loadAsync(a)).file("docProps/core.xml")!.async("string");
    expect(core).toContain(FIXED_DATE.toISOString().replace(/\.000Z$/, "Z"));
    const target = path.join(tmp, "out", "汇总.xlsx");
    await writeFileAtomic(target, await rollupBytes(makeRollup()));
    expect(readFileSync(target).equals(a)).toBe(true);
    expect(buildRollup(makeRollup()).wb.worksheets.length).toBe(10);
  });
});

// ---- LibreOffice prints the official summary -----------------------------------------------

const PRINT_TOOLS = haveTools("soffice", "pdfinfo", "pdftotext");
if (!PRINT_TOOLS)
  console.warn("rollup-write.test: LibreOffice or poppler-utils missing: the PDF test is skipped (CI installs both).");

describe.skipIf(!PRINT_TOOLS)("LibreOffice prints the roll-up", () => {
  it("prints the summary on several A4 landscape pages, header repeated, trace columns left out", async () => {
    const xlsx = path.join(tmp, "rollup.xlsx");
    writeFileSync(xlsx, await rollupBuffer(makeRollup({ summaryRows: 60 })));
    convertWith("pdf", [xlsx], tmp, path.join(tmp, "lo-rollup"), 50_000);
    const pdf = path.join(tmp, "rollup.pdf");
    expect(existsSync(pdf)).toBe(true);
    const info = spawnSync("pdfinfo", ["-f", "1", "-l", "9999", pdf], { encoding: "utf8" }).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(sizes.length).toBe(pages);
    // The summary's pages, found by the case names only it prints.
    const summaryPages: number[] = [];
    const texts: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const text = spawnSync("pdftotext", ["-enc", "UTF-8", "-f", String(p), "-l", String(p), pdf, "-"], {
        encoding: "utf8",
      }).stdout.replace(/\s+/g, "");
      texts.push(text);
      if (text.includes("推荐案例样本")) summaryPages.push(p);
    }
    expect(summaryPages.length).toBeGreaterThanOrEqual(2);
    for (const p of summaryPages) {
      const [w, h] = sizes[p - 1];
      expect(Math.abs(w - 842), `page ${p} width`).toBeLessThan(2);
      expect(Math.abs(h - 595), `page ${p} height`).toBeLessThan(2);
      const text = texts[p - 1];
      expect(text, `page ${p}`).toContain("推荐城市");
      expect(text, `page ${p}`).toContain("案例简要描述");
      expect(text, `page ${p}`).not.toContain("来源文件");
      expect(text, `page ${p}`).toContain("第");
    }
    expect(texts[summaryPages[0] - 1]).toContain("河北省工业和信息化厅、河北省通信管理局");
    const lastPage = texts[summaryPages[summaryPages.length - 1] - 1];
    expect(lastPage).toContain("推荐案例样本060");
    expect(lastPage).toContain("手机/座机");
    // Every sheet prints on A4 landscape: the roll-up prints as one stack.
    for (const [w, h] of sizes) expect([Math.round(w), Math.round(h)]).toEqual([842, 595]);
  }, 58_000);
});

describe("cellText: text fit for a cell", () => {
  it("keeps surrogate pairs, replaces lone surrogates, and cuts at Excel's limit with a mark", async () => {
    const { cellText, MAX_CELL_CHARS, TRUNCATED_MARK } = await import("../aggregator/merge/rollup-write.js");
    expect(cellText("企业😀名称").text).toBe("企业😀名称");
    expect(cellText("a\uD83Db").text).toBe("a\uFFFDb"); // a high surrogate alone
    expect(cellText("a\uDE00b").text).toBe("a\uFFFDb"); // a low surrogate alone
    expect(cellText("\uD83D\uD83D\uDE00\uDE00").text).toBe("\uFFFD😀\uFFFD"); // high, pair, low
    const long = cellText("字".repeat(MAX_CELL_CHARS + 10));
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBe(MAX_CELL_CHARS);
    expect(long.text.endsWith(TRUNCATED_MARK)).toBe(true);
  });
});

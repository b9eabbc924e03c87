// The pane's Office.js adapter (addin/excel/host.ts) run on the simulated Excel host
// (addin/sim/excel-sim.ts), the way the pane uses it (SPEC §12): a whole workbook read in
// two syncs whatever its size and validated like the CLI's reading of the same bytes; marks
// put on and taken off without losing any original fill; what each ExcelApi set allows;
// fixes written as text; live mode; 插入模板; the original fills kept in the settings.
import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { installSimulatedExcel, type SimHost } from "../../addin/sim/excel-sim.js";
import {
  capabilities,
  excelText,
  insertSheets,
  markCells,
  markKey,
  readRows,
  readSheet,
  readWorkbook,
  restoreFills,
  saveOriginals,
  savedOriginals,
  saveProfile,
  savedProfile,
  selectCell,
  watchChanges,
  workbookBytes,
  workbookName,
  writeCells,
  type ChangedRange,
  type Mark,
  type OriginalFills,
} from "../../addin/excel/host.js";
import { choose, marksFor, replaceSheet, validate } from "../../addin/taskpane/session.js";
import { readWorkbook as readFile } from "../../aggregator/read/workbook.js";
import { templateBuffer } from "../../aggregator/template/write.js";
import { buildExamples } from "../../scripts/example-data.js";
import { findProfile } from "../../forms/profiles/index.js";
import { parseRange } from "../../forms/address.js";
import { MARK_COLOR } from "../../forms/rules/codes.js";
import type { CellValue, Issue, SheetGrid, WorkbookGrid } from "../../forms/model.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TODAY = "2025-11-25";
const SJZ_PLAN = path.join(ROOT, "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx");
const XA_PLAN = path.join(ROOT, "examples/hebei-2025/雄安新区/试点工作方案（服务机构）.xlsx");
const TEMPLATES = path.join(ROOT, "templates/hebei-2025");
const INFO = "申报单位基本信息";
const TARGETS = "服务对象";
const PLANS = "服务方案";
const LIGHT_BLUE = "#DDEBF7";

let sim: SimHost | undefined;
afterEach(() => {
  sim?.uninstall();
  sim = undefined;
});

function install(workbook: ExcelJS.Workbook, apiVersion: string): SimHost {
  sim?.uninstall();
  sim = installSimulatedExcel({ workbook, apiVersion });
  return sim;
}

async function load(source: string | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (typeof source === "string") await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  return wb;
}

/** The Office.js error code of a rejected promise (undefined when it resolves). */
async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
}

/** The syncs `f` makes on the host. */
async function syncsOf<T>(h: SimHost, f: () => Promise<T>): Promise<{ result: T; syncs: number }> {
  await h.idle();
  const before = h.syncCount;
  const result = await f();
  await h.idle();
  return { result, syncs: h.syncCount - before };
}

const issueKey = (i: Issue) => `${i.code}|${i.sheet ?? ""}|${i.cell ?? ""}`;
const issueKeys = (issues: Issue[]) => issues.map(issueKey).sort();

/** A cell's value in a grid by absolute 0-based position; dates as 1900-system serials, empty as null. */
function valueAt(sheet: SheetGrid, row: number, col: number): CellValue {
  const v = sheet.values[row - (sheet.top ?? 0)]?.[col - (sheet.left ?? 0)];
  if (v === undefined || v === null || v === "") return null;
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25569;
  return v;
}

function bottomRight(sheet: SheetGrid): { rows: number; cols: number } {
  return {
    rows: (sheet.top ?? 0) + sheet.values.length,
    cols: (sheet.left ?? 0) + Math.max(0, ...sheet.values.map((r) => r.length)),
  };
}

/** Every A1 address of a sheet's grid. */
function cellsOf(sheet: SheetGrid): string[] {
  const { rows, cols } = bottomRight(sheet);
  const out: string[] = [];
  for (let r = sheet.top ?? 0; r < rows; r++) for (let c = sheet.left ?? 0; c < cols; c++) out.push(`${columnName(c)}${r + 1}`);
  return out;
}

function columnName(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B3:C4" → ["B3", "C3", "B4", "C4"]. */
function expand(address: string): string[] {
  const { top, left, bottom, right } = parseRange(address);
  const out: string[] = [];
  for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) out.push(`${columnName(c)}${r + 1}`);
  return out;
}

/** Every fill of every cell in the used ranges of the workbook, by "sheet!cell". */
function allFills(h: SimHost, grid: WorkbookGrid): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const sheet of grid.sheets)
    for (const cell of cellsOf(sheet)) out.set(markKey(sheet.name, cell), h.fillOf(sheet.name, cell));
  return out;
}

function setFill(wb: ExcelJS.Workbook, sheet: string, cell: string, argb: string): void {
  const c = wb.getWorksheet(sheet)!.getCell(cell);
  // exceljs may share one style object between cells: replace it, never mutate it.
  c.style = { ...c.style, fill: { type: "pattern", pattern: "solid", fgColor: { argb } } };
}

// ---------------------------------------------------------------------------------------
// A pilot-institution workbook with many 服务对象 rows, from the template writer

/** The 石家庄 plan's data with `n` targets: its own rows repeated, renamed, some with stray spaces. */
async function bigPlan(n: number): Promise<Buffer> {
  const example = buildExamples().files.find((f) => f.path === "hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx")!;
  const base = example.data.lists!.targets!;
  const targets = Array.from({ length: n }, (_, i) => {
    const t = base[i % base.length];
    const name = String(t.name).replace(/有限公司$/, `${i + 1}号有限公司`);
    return { ...t, seq: i + 1, name: i % 97 === 5 ? `  ${name} ` : name };
  });
  const profile = findProfile("hebei-2025")!;
  return templateBuffer(profile, "pilot-institution", { ...example.data, lists: { ...example.data.lists, targets } });
}

describe("readWorkbook: a whole workbook in at most two syncs", () => {
  it.each([1_000, 10_000])("%i 服务对象 rows: ≤ 2 syncs, the CLI reader's values and issues, every row counted", async (n) => {
    const bytes = await bigPlan(n);
    const h = install(await load(bytes), "1.9");
    const { result: grid, syncs } = await syncsOf(h, () => readWorkbook());
    expect(syncs).toBeLessThanOrEqual(2);

    const file = await readFile({ bytes, name: "试点工作方案（服务机构）.xlsx" });
    if (!file.ok) throw new Error(file.message);
    const cli = file.grid;
    expect(grid.sheets.map((s) => [s.name, s.state])).toEqual(cli.sheets.map((s) => [s.name, s.state ?? "visible"]));

    // Values cell by cell (dates: serials with a date format here, Date objects there).
    for (const sheet of grid.sheets) {
      const other = cli.sheets.find((s) => s.name === sheet.name)!;
      const a = bottomRight(sheet);
      const b = bottomRight(other);
      const mismatches: string[] = [];
      for (let r = 0; r < Math.max(a.rows, b.rows); r++)
        for (let c = 0; c < Math.max(a.cols, b.cols); c++) {
          const x = valueAt(sheet, r, c);
          const y = valueAt(other, r, c);
          if (x !== y) mismatches.push(`${sheet.name}!${columnName(c)}${r + 1}: ${String(x)} ≠ ${String(y)}`);
        }
      expect(mismatches.slice(0, 5)).toEqual([]);
    }
    const targets = grid.sheets.find((s) => s.name === TARGETS)!;
    expect(valueAt(targets, n + 1, 0)).toBe(n);
    const dated = grid.sheets.find((s) => s.name === INFO)!;
    expect(dated.formats?.[4][1]).toBe('yyyy"年"m"月"d"日"'); // 申报日期, B5

    // The same validation, with a fixed today.
    const choice = choose(grid);
    expect(choice?.profile.id).toBe("hebei-2025");
    expect(choice?.form).toBe("pilot-institution");
    const mine = validate(grid, choice, TODAY);
    const theirs = validate(cli, choose(cli), TODAY);
    expect(mine.issues.length).toBeGreaterThan(n / 50);
    expect(issueKeys(mine.issues)).toEqual(issueKeys(theirs.issues));
    expect(mine.issues.some((i) => i.code === "text.whitespace" && i.sheet === TARGETS)).toBe(true);
    expect(mine.validation!.rows.targets).toBe(n);
    expect(mine.rows).toBe(theirs.rows);
    expect(mine.fixes.map((f) => `${f.sheet}!${f.cell}=${f.to}`)).toEqual(
      theirs.fixes.map((f) => `${f.sheet}!${f.cell}=${f.to}`),
    );
  });

  it("the same two syncs on a 1.1 host", async () => {
    const h = install(await load(SJZ_PLAN), "1.1");
    const { result: grid, syncs } = await syncsOf(h, () => readWorkbook());
    expect(syncs).toBe(2);
    expect(grid.sheets.map((s) => s.name)).toContain(TARGETS);
    expect(validate(grid, choose(grid), TODAY).issues.map((i) => `${i.sheet}!${i.cell}:${i.code}`)).toEqual(
      expect.arrayContaining(["服务对象!E20:contact.email_missing", "服务对象!B22:row.duplicate"]),
    );
  });
});

describe("readSheet", () => {
  it("reads one sheet in one sync, as readWorkbook reads it; replaceSheet + validate reflects an edit", async () => {
    const h = install(await load(SJZ_PLAN), "1.9");
    const grid = await readWorkbook();
    const { result: sheet, syncs } = await syncsOf(h, () => readSheet(TARGETS));
    expect(syncs).toBe(1);
    expect(sheet).toEqual(grid.sheets.find((s) => s.name === TARGETS));
    const hidden = await readSheet("pilot-forms-meta");
    expect(hidden.state).toBe("veryHidden");
    // A few rows of it (0-based rows and columns), one sync.
    const rows = await syncsOf(h, () => readRows(TARGETS, 18, 21, 0, 5)); // A:F, the hint column F included
    expect(rows.syncs).toBe(1);
    expect(rows.result.values).toEqual(sheet.values.slice(18 - (sheet.top ?? 0), 22 - (sheet.top ?? 0)));
    expect(rows.result.formats).toEqual(sheet.formats!.slice(18, 22));

    const choice = choose(grid);
    const before = validate(grid, choice, TODAY);
    expect(issueKeys(before.issues)).toContain("contact.email_missing|服务对象|E20");
    await h.edit(TARGETS, "E20", `${String(h.valueOf(TARGETS, "E20"))}/test@example.com`);
    const after = validate(replaceSheet(grid, await readSheet(TARGETS)), choice, TODAY);
    expect(issueKeys(after.issues)).toEqual(issueKeys(before.issues).filter((k) => k !== "contact.email_missing|服务对象|E20"));
  });
});

// ---------------------------------------------------------------------------------------
// Marks

/**
 * The 石家庄 plan with some fills of its own: B22 (a problem cell) and C10, D15 light blue;
 * E20 (the other problem cell) without fill. Marks: the issues' cells, a label cell (grey),
 * a header cell (blue) and cells without fill.
 */
async function markedBook() {
  const wb = await load(SJZ_PLAN);
  for (const cell of ["B22", "C10", "D15"]) setFill(wb, TARGETS, cell, `FF${LIGHT_BLUE.slice(1)}`);
  return wb;
}

function marksOf(grid: WorkbookGrid): { first: Mark[]; second: Mark[] } {
  const issues = marksFor(validate(grid, choose(grid), TODAY).issues);
  expect(issues).toEqual([
    { sheet: TARGETS, cell: "E20", color: MARK_COLOR.error },
    { sheet: TARGETS, cell: "B22", color: MARK_COLOR.warning },
  ]);
  const first: Mark[] = [
    ...issues,
    { sheet: TARGETS, cell: "C10", color: MARK_COLOR.error },
    { sheet: TARGETS, cell: "A2", color: MARK_COLOR.warning },
    { sheet: INFO, cell: "A2", color: MARK_COLOR.error },
    { sheet: INFO, cell: "B3", color: MARK_COLOR.warning },
  ];
  // After a re-validation: E20 now a warning, INFO!B3 gone, two new cells (one with a fill).
  const second: Mark[] = [
    { sheet: TARGETS, cell: "E20", color: MARK_COLOR.warning },
    { sheet: TARGETS, cell: "B22", color: MARK_COLOR.warning },
    { sheet: TARGETS, cell: "C10", color: MARK_COLOR.error },
    { sheet: TARGETS, cell: "A2", color: MARK_COLOR.warning },
    { sheet: INFO, cell: "A2", color: MARK_COLOR.error },
    { sheet: TARGETS, cell: "D15", color: MARK_COLOR.error },
    { sheet: PLANS, cell: "B3", color: MARK_COLOR.warning },
  ];
  return { first, second };
}

describe.each([
  { api: "1.1", scattered: false },
  { api: "1.9", scattered: false },
  { api: "1.9", scattered: true },
])("markCells / restoreFills on $api (scattered: $scattered)", ({ api, scattered }) => {
  it("marking twice then restoring puts back every original fill; untouched cells are never written", async () => {
    const h = install(await markedBook(), api);
    const grid = await readWorkbook();
    const original = allFills(h, grid);
    const { first, second } = marksOf(grid);
    expect(original.get(`${TARGETS}!E20`)).toBeNull();
    expect(original.get(`${TARGETS}!B22`)).toBe(LIGHT_BLUE);
    expect(original.get(`${TARGETS}!A2`)).toBe("#D9E1F2");
    expect(original.get(`${INFO}!A2`)).toBe("#E7E6E6");
    expect(original.get(`${INFO}!B3`)).toBeNull();
    h.resetCounters();

    const m1 = await syncsOf(h, () => markCells(first, scattered));
    expect(m1.syncs).toBe(1);
    expect(m1.result).toEqual(
      Object.fromEntries(first.map((m) => [markKey(m.sheet, m.cell), original.get(markKey(m.sheet, m.cell))])),
    );
    for (const m of first) expect(h.fillOf(m.sheet, m.cell)).toBe(m.color);

    // The pane keeps the first original of a cell marked again: { ...second, ...first }.
    const m2 = await syncsOf(h, () => markCells(second, scattered));
    expect(m2.syncs).toBe(1);
    expect(m2.result[`${TARGETS}!E20`]).toBe(MARK_COLOR.error);
    expect(m2.result[`${TARGETS}!D15`]).toBe(LIGHT_BLUE);
    expect(m2.result[`${PLANS}!B3`]).toBeNull();
    for (const m of second) expect(h.fillOf(m.sheet, m.cell)).toBe(m.color);
    const merged: OriginalFills = { ...m2.result, ...m1.result };
    expect(Object.keys(merged).sort()).toEqual([...new Set([...first, ...second].map((m) => markKey(m.sheet, m.cell)))].sort());

    const restored = await syncsOf(h, () => restoreFills(merged));
    expect(restored.syncs).toBe(1);
    const after = allFills(h, grid);
    const changed = [...original].filter(([k, v]) => after.get(k) !== v).map(([k, v]) => `${k}: ${v} → ${after.get(k)}`);
    expect(changed).toEqual([]);
    expect(after.size).toBe(original.size);

    // Only the marked cells ever got a fill write.
    const written = new Set(h.fillWrites.flatMap((w) => expand(w.address).map((c) => markKey(w.sheet, c))));
    expect([...written].filter((k) => !(k in merged))).toEqual([]);
    expect(written.size).toBe(Object.keys(merged).length);
    // No fill → clear(); a fill → that colour.
    const last = new Map(h.fillWrites.slice(-Object.keys(merged).length).map((w) => [markKey(w.sheet, w.address), w.color]));
    expect(Object.fromEntries(last)).toEqual(merged);

    // Nothing to mark or restore: no Excel.run at all.
    const none = await syncsOf(h, async () => [await markCells([], scattered), await restoreFills({})]);
    expect(none).toMatchObject({ result: [{}, []], syncs: 0 });
  });
});

describe("requirement sets", () => {
  it("capabilities() by ExcelApi version", async () => {
    const wb = await load(SJZ_PLAN);
    const caps = (api: string) => {
      install(wb, api);
      return capabilities();
    };
    expect(caps("1.1")).toEqual({
      apiVersion: "1.1",
      live: false,
      scatteredMarks: false,
      insertTemplate: false,
      language: "zh-CN",
      markInPlace: true,
      workbookCopy: true,
    });
    expect(caps("1.7")).toMatchObject({ apiVersion: "1.7", live: true, scatteredMarks: false, insertTemplate: false });
    expect(caps("1.9")).toMatchObject({ apiVersion: "1.9", live: true, scatteredMarks: true, insertTemplate: false });
    expect(caps("1.12")).toMatchObject({ apiVersion: "1.12", live: true, scatteredMarks: true, insertTemplate: false });
    expect(caps("1.13")).toMatchObject({ apiVersion: "1.13", live: true, scatteredMarks: true, insertTemplate: true });
    // Above the sets the pane knows: the highest of those.
    expect(caps("1.18")).toMatchObject({ apiVersion: "1.14", live: true, scatteredMarks: true, insertTemplate: true });
    sim!.uninstall();
    sim = installSimulatedExcel({ workbook: wb, apiVersion: "1.9", displayLanguage: "en-US" });
    expect(capabilities().language).toBe("en-US");
  });

  it("ExcelApi 1.1: read, select, mark one range per cell and restore work; scattered marks (getRanges, 1.9) fail", async () => {
    const h = install(await load(SJZ_PLAN), "1.1");
    const caps = capabilities();
    const grid = await readWorkbook();
    expect(grid.sheets).toHaveLength(7);

    h.resetCounters();
    await selectCell(TARGETS, "E20");
    await selectCell(INFO, "B4");
    expect(h.selections).toEqual([
      { sheet: TARGETS, address: "E20" },
      { sheet: INFO, address: "B4" },
    ]);
    expect(h.activeSheet).toBe(INFO);
    expect(h.syncCount).toBe(2);

    const marks = marksFor(validate(grid, choose(grid), TODAY).issues);
    // The pane passes caps.scatteredMarks, which is false here.
    expect(caps.scatteredMarks).toBe(false);
    h.resetCounters();
    expect(await codeOf(markCells(marks, true))).toBe("ApiNotFound");
    expect(h.fillWrites).toEqual([]);
    expect(h.syncCount).toBe(0);
    expect(marks.map((m) => h.fillOf(m.sheet, m.cell))).toEqual([null, null]);

    const originals = await markCells(marks, caps.scatteredMarks);
    expect(originals).toEqual({ [`${TARGETS}!E20`]: null, [`${TARGETS}!B22`]: null });
    expect(marks.map((m) => h.fillOf(m.sheet, m.cell))).toEqual([MARK_COLOR.error, MARK_COLOR.warning]);
    expect(h.calls).not.toContain("worksheet.getRanges");
    await restoreFills(originals);
    expect(marks.map((m) => h.fillOf(m.sheet, m.cell))).toEqual([null, null]);
    expect(h.syncCount).toBe(2);
  });

  it("ExcelApi 1.9: scattered marks go through getRanges (one call per sheet and colour), with the same fills", async () => {
    const bytes = await bigPlan(1_000);
    const a = install(await load(bytes), "1.9");
    const grid = await readWorkbook();
    const issues = validate(grid, choose(grid), TODAY).issues;
    // Enough cells that the address list is cut into several getRanges calls.
    const marks: Mark[] = [
      ...marksFor(issues),
      ...Array.from({ length: 600 }, (_, i) => ({ sheet: TARGETS, cell: `C${i + 3}`, color: MARK_COLOR.warning })),
      { sheet: INFO, cell: "B2", color: MARK_COLOR.error },
    ];
    expect(marks.length).toBeGreaterThan(620);

    a.resetCounters();
    const scattered = await markCells(marks, true);
    expect(a.syncCount).toBe(1);
    const getRanges = a.calls.filter((c) => c === "worksheet.getRanges").length;
    const fillSets = a.calls.filter((c) => c === "fill.color=").length;
    expect(getRanges).toBeGreaterThanOrEqual(3);
    expect(getRanges).toBeLessThan(10);
    expect(fillSets).toBe(getRanges);
    const fillsA = marks.map((m) => a.fillOf(m.sheet, m.cell));
    const scatteredAfter = allFills(a, grid);

    const b = install(await load(bytes), "1.9");
    b.resetCounters();
    const perCell = await markCells(marks, false);
    expect(b.syncCount).toBe(1);
    expect(b.calls).not.toContain("worksheet.getRanges");
    expect(b.calls.filter((c) => c === "fill.color=").length).toBe(marks.length);
    expect(perCell).toEqual(scattered);
    expect(marks.map((m) => b.fillOf(m.sheet, m.cell))).toEqual(fillsA);
    expect(fillsA).toEqual(marks.map((m) => m.color));
    expect(allFills(b, grid)).toEqual(scatteredAfter);
  });
});

// ---------------------------------------------------------------------------------------
// Writing fixes

describe("writeCells", () => {
  it("keeps text as text and numbers as numbers, in one sync", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "表头";
    const h = install(wb, "1.1");
    const texts = [
      "0123",
      "13800138000",
      "=1+1",
      "2025-01-01",
      "2025/1/1",
      "2025年1月1日",
      "TRUE",
      "false",
      "1,234",
      "50%",
      "-5",
      "+86 138",
      "@某某",
      "3.14",
      "1e5",
      " 42 ",
      "'引号开头",
      "#N/A",
      " #div/0! ",
      " TRUE ",
      "普通文本",
      "0312-6888256",
      "91130104MA00079193",
    ];
    const writes = [
      ...texts.map((value, i) => ({ sheet: "Sheet1", cell: `B${i + 1}`, value })),
      { sheet: "Sheet1", cell: "C1", value: 42 },
      { sheet: "Sheet1", cell: "C2", value: 0.5 },
      { sheet: "Sheet1", cell: "C3", value: 10 },
    ];
    h.resetCounters();
    await writeCells(writes);
    expect(h.syncCount).toBe(1);
    expect(texts.map((_, i) => h.valueOf("Sheet1", `B${i + 1}`))).toEqual(texts);
    // Text cells, not formulas, dates, booleans or errors.
    const ws = h.workbook.getWorksheet("Sheet1")!;
    expect(texts.map((_, i) => typeof ws.getCell(`B${i + 1}`).value)).toEqual(texts.map(() => "string"));
    expect([h.valueOf("Sheet1", "C1"), h.valueOf("Sheet1", "C2"), h.valueOf("Sheet1", "C3")]).toEqual([42, 0.5, 10]);

    const grid = await readWorkbook();
    const sheet = grid.sheets[0];
    expect(texts.map((_, i) => valueAt(sheet, i, 1))).toEqual(texts);
    expect([valueAt(sheet, 0, 2), valueAt(sheet, 1, 2)]).toEqual([42, 0.5]);

    expect(excelText("河北雄安")).toBe("河北雄安");
    expect(excelText("0123")).toBe("'0123");
    expect(excelText("'引号开头")).toBe("''引号开头");
    await writeCells([]);
    expect(h.syncCount).toBe(3);
  });

  it("planFixes → writeCells → readWorkbook → validate leaves no fixable issue on the 雄安新区 plan", async () => {
    const h = install(await load(XA_PLAN), "1.9");
    // More to fix than the planted 序号 (A12): a lower-case credit code, full-width digits in a
    // General cell (fixed to the text "0123"), stray spaces, a full-width phone and e-mail.
    const uscc = String(h.valueOf(INFO, "B8"));
    await h.edit(INFO, "B8", uscc.toLowerCase());
    await h.edit(TARGETS, "D5", "０１２３");
    await h.edit(TARGETS, "B3", `  ${String(h.valueOf(TARGETS, "B3"))}  `);
    await h.edit(TARGETS, "E4", "１３９３１１０００１８/ａ@example.com");
    expect(h.valueOf(TARGETS, "A12")).toBe(11);

    const grid = await readWorkbook();
    const choice = choose(grid);
    const before = validate(grid, choice, TODAY);
    expect(before.fixes.map((f) => `${f.sheet}!${f.cell}=${JSON.stringify(f.to)}`)).toEqual([
      `${INFO}!B8=${JSON.stringify(uscc)}`,
      `${TARGETS}!B3=${JSON.stringify(String(h.valueOf(TARGETS, "B3")).trim())}`,
      `${TARGETS}!E4="13931100018/a@example.com"`,
      `${TARGETS}!D5="0123"`,
      `${TARGETS}!A12=10`,
    ]);
    expect(issueKeys(before.issues)).toContain("seq.broken|服务对象|A12");

    const { syncs } = await syncsOf(h, () =>
      writeCells(before.fixes.map((f) => ({ sheet: f.sheet, cell: f.cell, value: f.to }))),
    );
    expect(syncs).toBe(1);
    expect(h.valueOf(TARGETS, "A12")).toBe(10);
    expect(h.valueOf(TARGETS, "D5")).toBe("0123");
    expect(h.valueOf(INFO, "B8")).toBe(uscc);

    const again = await readWorkbook();
    const after = validate(again, choose(again), TODAY);
    expect(after.fixes).toEqual([]);
    expect(after.issues.filter((i) => i.fix !== undefined && i.code !== "number.converted")).toEqual([]);
    expect(issueKeys(after.issues)).toEqual(["enum.invalid|服务方案|C3"]);
  });
});

// ---------------------------------------------------------------------------------------
// Live mode

describe("watchChanges", () => {
  it("ExcelApi 1.7: the user's edits reach the callback with sheet and address; removing stops them", async () => {
    const h = install(await load(SJZ_PLAN), "1.7");
    const grid = await readWorkbook();
    const changes: ChangedRange[] = [];
    const { result: remove, syncs } = await syncsOf(h, () => watchChanges((c) => changes.push(c)));
    expect(syncs).toBeLessThanOrEqual(2);
    expect(h.handlerCount()).toBe(grid.sheets.length);

    await h.edit(TARGETS, "E20", "13931100018/test@example.com");
    await h.edit(INFO, "B3:B4", "");
    await h.idle();
    expect(changes).toEqual([
      { sheet: TARGETS, address: "E20", top: 19, bottom: 19, left: 4, right: 4 },
      { sheet: INFO, address: "B3:B4", top: 2, bottom: 3, left: 1, right: 1 },
    ]);

    // What the pane does with a change: re-read that sheet, validate again.
    const choice = choose(grid);
    const live = validate(replaceSheet(grid, await readSheet(changes[0].sheet)), choice, TODAY);
    expect(issueKeys(live.issues)).not.toContain("contact.email_missing|服务对象|E20");

    // The add-in's own writes come back as changes too (Excel fires onChanged for them).
    await writeCells([{ sheet: TARGETS, cell: "D3", value: "王伟" }]);
    await h.idle();
    expect(changes.at(-1)).toEqual({ sheet: TARGETS, address: "D3", top: 2, bottom: 2, left: 3, right: 3 });

    const removed = await syncsOf(h, () => remove());
    expect(removed.syncs).toBe(1);
    expect(h.handlerCount()).toBe(0);
    const n = changes.length;
    await h.edit(TARGETS, "E21", "再改一次");
    await h.idle();
    expect(changes).toHaveLength(n);
    expect(h.handlerErrors).toEqual([]);
  });

  it("ExcelApi 1.1: watchChanges rejects with ApiNotFound (the pane turns live mode off)", async () => {
    const h = install(await load(SJZ_PLAN), "1.1");
    expect(capabilities().live).toBe(false);
    const changes: ChangedRange[] = [];
    expect(await codeOf(watchChanges((c) => changes.push(c)))).toBe("ApiNotFound");
    expect(h.handlerCount()).toBe(0);
    await h.edit(TARGETS, "E20", "x");
    await h.idle();
    expect(changes).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// 插入模板

describe("insertSheets", () => {
  const files = readdirSync(TEMPLATES).filter((f) => f.endsWith(".xlsx"));

  it("finds the hebei-2025 templates", () => {
    expect(files).toHaveLength(4);
  });

  it.each(files)("ExcelApi 1.13: %s is inserted at the end, one sync, and detected", async (file) => {
    const bytes = readFileSync(path.join(TEMPLATES, file));
    const template = await load(bytes);
    const visible = template.worksheets.filter((ws) => ws.state === "visible").map((ws) => ws.name);
    expect(visible.length).toBeGreaterThan(1);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "原有内容";
    const h = install(wb, "1.13");
    const { syncs } = await syncsOf(h, () => insertSheets(bytes.toString("base64")));
    expect(syncs).toBe(1);
    const list = h.sheetList();
    expect(list[0]).toEqual({ name: "Sheet1", visibility: "Visible" });
    expect(list.filter((s) => s.visibility === "Visible").map((s) => s.name)).toEqual(["Sheet1", ...visible]);
    expect(h.valueOf("Sheet1", "A1")).toBe("原有内容");

    const grid = await readWorkbook();
    const choice = choose(grid);
    expect(choice?.profile.id).toBe("hebei-2025");
    expect(choice?.form).toBeDefined();
    expect(choice?.form).toBe(choose(await cliGrid(bytes, file))?.form);
  });

  it("ExcelApi 1.12: rejects with ApiNotFound and adds nothing", async () => {
    const bytes = readFileSync(path.join(TEMPLATES, files[0]));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1");
    const h = install(wb, "1.12");
    expect(capabilities().insertTemplate).toBe(false);
    expect(await codeOf(insertSheets(bytes.toString("base64")))).toBe("ApiNotFound");
    expect(h.sheetList()).toEqual([{ name: "Sheet1", visibility: "Visible" }]);
  });
});

async function cliGrid(bytes: Uint8Array, name: string): Promise<WorkbookGrid> {
  const r = await readFile({ bytes, name });
  if (!r.ok) throw new Error(r.message);
  return r.grid;
}

// ---------------------------------------------------------------------------------------
// Settings

describe("savedOriginals / saveOriginals", () => {
  it("round-trip through the document settings; an empty record removes the setting", async () => {
    const h = install(await load(SJZ_PLAN), "1.1");
    expect(savedOriginals()).toEqual({});
    const originals: OriginalFills = { [`${TARGETS}!E20`]: null, [`${TARGETS}!B22`]: LIGHT_BLUE, "O'Brien!A1": "#E7E6E6" };
    await saveOriginals(originals);
    expect(h.settings.get("pilot-forms.originalFills")).toEqual(originals);
    expect(savedOriginals()).toEqual(originals);

    // Marks, then the pane closes; a new pane restores from the settings.
    const grid = await readWorkbook();
    const before = allFills(h, grid);
    const marks = marksFor(validate(grid, choose(grid), TODAY).issues);
    await saveOriginals(await markCells(marks, false));
    expect(h.fillOf(TARGETS, "E20")).toBe(MARK_COLOR.error);
    await restoreFills(savedOriginals());
    await saveOriginals({});
    expect(allFills(h, grid)).toEqual(before);
    expect(h.settings.has("pilot-forms.originalFills")).toBe(false);
    expect(savedOriginals()).toEqual({});

    // Without Office (the settings unavailable): nothing saved, nothing thrown.
    h.uninstall();
    expect(savedOriginals()).toEqual({});
    await expect(saveOriginals(originals)).resolves.toBeUndefined();
  });
});

describe("savedProfile / saveProfile", () => {
  it("keep the user's choice in the document settings; without settings, for the session", async () => {
    const h = install(await load(SJZ_PLAN), "1.1");
    expect(savedProfile()).toBeUndefined();
    await saveProfile({ profile: "miit-2025", form: "pilot-institution" });
    expect(h.settings.get("pilot-forms.profile")).toEqual({ profile: "miit-2025", form: "pilot-institution" });
    expect(savedProfile()).toEqual({ profile: "miit-2025", form: "pilot-institution" });
    await saveProfile({ profile: "hebei-2025" });
    expect(h.settings.get("pilot-forms.profile")).toEqual({ profile: "hebei-2025" });
    // something else stored under the name is not a choice
    h.settings.set("pilot-forms.profile", "hebei-2025");
    expect(savedProfile()).toBeUndefined();
    await saveProfile(undefined);
    expect(h.settings.has("pilot-forms.profile")).toBe(false);
    expect(savedProfile()).toBeUndefined();

    // Without Office: kept in memory, nothing thrown.
    h.uninstall();
    await expect(saveProfile({ profile: "miit-2023" })).resolves.toBeUndefined();
    expect(savedProfile()).toEqual({ profile: "miit-2023" });
    await saveProfile(undefined);
    expect(savedProfile()).toBeUndefined();
  });
});

describe("restoreFills after a marked sheet was renamed", () => {
  it("restores the cells of the sheets still there and returns the others", async () => {
    const h = install(await load(SJZ_PLAN), "1.18");
    const marks = [
      { sheet: TARGETS, cell: "E20", color: MARK_COLOR.error },
      { sheet: PLANS, cell: "B3", color: MARK_COLOR.warning },
    ];
    const before = marks.map((m) => h.fillOf(m.sheet, m.cell));
    const originals = await markCells(marks, false);
    h.workbook.getWorksheet(PLANS)!.name = "服务方案（改名）";
    const missing = await restoreFills(originals);
    expect(missing).toEqual([markKey(PLANS, "B3")]);
    expect(h.fillOf(TARGETS, "E20")).toBe(before[0]);
  });
});

describe("workbookBytes and workbookName (下载标注副本)", () => {
  /** Every cell's value of every sheet, by "sheet!address". */
  const cells = (wb: ExcelJS.Workbook) => {
    const out: Record<string, unknown> = {};
    wb.eachSheet((ws) =>
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (c) => {
          out[`${ws.name}!${c.address}`] = c.value;
        }),
      ),
    );
    return out;
  };

  it("gets the open workbook through getFileAsync(Compressed) slice by slice, edits included, and closes the file", async () => {
    const sim = install(await load(SJZ_PLAN), "1.18");
    await writeCells([{ sheet: TARGETS, cell: "E20", value: "13800138000 zhang@example.com" }]);
    sim.resetCounters();
    const bytes = await workbookBytes(4096);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const got = await load(bytes);
    expect(got.worksheets.map((ws) => ws.name)).toEqual(sim.workbook.worksheets.map((ws) => ws.name));
    expect(cells(got)).toEqual(cells(sim.workbook));
    expect(got.getWorksheet(TARGETS)!.getCell("E20").value).toBe("13800138000 zhang@example.com");
    const slices = sim.calls.filter((c) => c === "file.getSliceAsync").length;
    expect(slices).toBe(Math.ceil(bytes.length / 4096));
    expect(slices).toBeGreaterThan(1);
    expect(sim.calls.filter((c) => c === "document.getFileAsync")).toHaveLength(1);
    expect(sim.calls.at(-1)).toBe("file.closeAsync");
    expect(sim.openFiles).toBe(0);
    expect(sim.syncCount).toBe(0); // the Common API: no Excel.run
    // The default: 4 MB slices, one for a workbook this size; and again (the file was closed).
    // The same workbook, not the same bytes: each write dates its zip entries (2-second steps).
    const again = await workbookBytes();
    expect(again.length).toBe(bytes.length);
    expect(cells(await load(again))).toEqual(cells(got));
    expect(sim.openFiles).toBe(0);
  });

  it("rejects with Office's error when getFileAsync fails (a slice above 4 MB)", async () => {
    const sim = install(await load(SJZ_PLAN), "1.18");
    await expect(workbookBytes(8 * 1024 * 1024)).rejects.toThrow(/^getFileAsync: .*4194304.*\(5001\)$/);
    expect(sim.openFiles).toBe(0);
  });

  it("names the workbook by the last part of document.url: a local path, a URL (decoded, without its query), none", async () => {
    const sim = install(await load(SJZ_PLAN), "1.18");
    expect(workbookName()).toBeUndefined();
    sim.url = "C:\\Users\\clerk\\Documents\\#2 申报.xlsx";
    expect(workbookName()).toBe("#2 申报.xlsx");
    sim.url = "https://office.example/sites/a/Shared%20Documents/%E7%94%B3%E6%8A%A5.xlsx?web=1";
    expect(workbookName()).toBe("申报.xlsx");
    sim.url = "/Users/clerk/申报.xlsm";
    expect(workbookName()).toBe("申报.xlsm");
  });

  it("a read-only workbook: capabilities() says marking in place is off, and markCells fails; a protected sheet fails marking", async () => {
    const wb = await load(SJZ_PLAN);
    sim = installSimulatedExcel({ workbook: wb, apiVersion: "1.18", readOnly: true });
    expect(capabilities()).toMatchObject({ markInPlace: false, workbookCopy: true });
    const marks: Mark[] = [{ sheet: TARGETS, cell: "E20", color: MARK_COLOR.error }];
    expect(await codeOf(markCells(marks, true))).toBe("AccessDenied");
    sim.uninstall();
    const s = install(await load(SJZ_PLAN), "1.18");
    expect(capabilities().markInPlace).toBe(true);
    s.protect(TARGETS);
    expect(await codeOf(markCells(marks, true))).toBe("AccessDenied");
    expect(await codeOf(markCells(marks, false))).toBe("AccessDenied");
    expect(s.fillOf(TARGETS, "E20")).not.toBe(MARK_COLOR.error);
    // Another sheet can still be marked; unprotected, this one too.
    expect(await codeOf(markCells([{ sheet: PLANS, cell: "B3", color: MARK_COLOR.error }], true))).toBeUndefined();
    s.protect(TARGETS, false);
    expect(await codeOf(markCells(marks, true))).toBeUndefined();
    expect(s.fillOf(TARGETS, "E20")).toBe(MARK_COLOR.error);
    // The bytes are there all the same (the annotated copy is made from them).
    expect((await workbookBytes()).length).toBeGreaterThan(1000);
  });
});

// One host contract, run against both PaneHost implementations over their simulators: the
// Excel host (addin/excel/host.ts over addin/sim/excel-sim.ts) and the WPS host
// (addin/wps/host.ts over addin/sim/et-sim.ts). For the same workbooks they must give the same
// grids, the same issues under session.ts, the same marks, and clearing must put every fill
// back. Then what is particular to WPS: Value2 and NumberFormat's shapes, BGR colours, −4142
// for no fill, the original fills surviving a reopen in a document property or a very hidden
// sheet, 插入模板 refused.
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { installSimulatedExcel, type SimHost } from "../../addin/sim/excel-sim.js";
import { markKey, type ChangedRange, type OriginalFills } from "../../addin/excel/host.js";
import { createEtSim, type EtSim } from "../../addin/sim/et-sim.js";
import {
  bgrToHex,
  createWpsHost,
  FILLS_PROPERTY,
  FILLS_SHEET,
  hexToBgr,
  NOT_IN_WPS,
  PROPERTY_LIMIT,
} from "../../addin/wps/host.js";
import type { DeclaredObjectsSatisfySubsets, EtRange } from "../../addin/wps/et.js";
import type { PaneHost } from "../../addin/taskpane/pane-host.js";
import { officeHost } from "../../addin/taskpane/office-host.js";
import { choose, marksFor, validate } from "../../addin/taskpane/session.js";
import { readWorkbook as readFile } from "../../aggregator/read/workbook.js";
import { MARK_COLOR } from "../../forms/rules/codes.js";
import type { Issue, SheetGrid, WorkbookGrid } from "../../forms/model.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TODAY = "2025-11-25";
const SJZ = path.join(ROOT, "examples/hebei-2025/石家庄市");
const WORKBOOKS = [
  // 7 sheets, one hidden and one very hidden, 27 merges on 申报单位基本信息
  path.join(SJZ, "试点工作方案（服务机构）.xlsx"),
  // merges on three sheets (22 on 典型案例基本信息), hidden and very hidden sheets
  path.join(SJZ, "典型案例申报书-1.xlsx"),
  path.join(SJZ, "典型案例推荐汇总表.xlsx"),
  path.join(ROOT, "examples/hebei-2025/雄安新区/试点工作方案（服务机构）.xlsx"),
];
const TARGETS = "服务对象";
const INFO = "申报单位基本信息";

// ---------------------------------------------------------------------------------------
// The two rigs

interface Rig {
  kind: "excel" | "wps";
  host: PaneHost;
  fillOf(sheet: string, cell: string): string | null;
  valueOf(sheet: string, cell: string): unknown;
  edit(sheet: string, cell: string, value: unknown): Promise<void>;
  idle(): Promise<void>;
}

let excelSim: SimHost | undefined;
afterEach(() => {
  excelSim?.uninstall();
  excelSim = undefined;
});

const excelHost: PaneHost = { ...officeHost, fetchTemplate: () => Promise.reject(new Error("no templates here")) };

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function excelRig(file: string): Promise<Rig> {
  excelSim?.uninstall();
  const h = installSimulatedExcel({ workbook: await load(file), apiVersion: "1.14" });
  excelSim = h;
  return {
    kind: "excel",
    host: excelHost,
    fillOf: (s, c) => h.fillOf(s, c),
    valueOf: (s, c) => h.valueOf(s, c),
    edit: (s, c, v) => h.edit(s, c, v),
    idle: () => h.idle(),
  };
}

function wpsRigOf(sim: EtSim): Rig & { sim: EtSim } {
  return {
    kind: "wps",
    sim,
    host: createWpsHost(sim.Application),
    fillOf: (s, c) => sim.fillOf(s, c),
    // Office.js gives "" for an empty cell, Value2 undefined: the same for the contract.
    valueOf: (s, c) => sim.valueOf(s, c) ?? "",
    edit: async (s, c, v) => sim.edit(s, c, v),
    idle: async () => {},
  };
}

const wpsRig = async (file: string) => wpsRigOf(createEtSim({ workbook: await load(file) }));

const RIGS = [
  ["Excel (excel-sim)", excelRig],
  ["WPS (et-sim)", wpsRig],
] as const;

// ---------------------------------------------------------------------------------------
// Helpers

const issueKeys = (issues: Issue[]) => issues.map((i) => `${i.code}|${i.sheet ?? ""}|${i.cell ?? ""}`).sort();
const short = (file: string) => path.relative(path.join(ROOT, "examples"), file);

function columnName(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cellsOf(sheet: SheetGrid): string[] {
  const out: string[] = [];
  const cols = Math.max(0, ...sheet.values.map((r) => r.length));
  for (let r = 0; r < sheet.values.length; r++)
    for (let c = 0; c < cols; c++) out.push(`${columnName((sheet.left ?? 0) + c)}${(sheet.top ?? 0) + r + 1}`);
  return out;
}

function allFills(rig: Rig, grid: WorkbookGrid): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const sheet of grid.sheets)
    for (const cell of cellsOf(sheet)) out[markKey(sheet.name, cell)] = rig.fillOf(sheet.name, cell);
  return out;
}

/** What both hosts report of a grid: the WPS host adds merges, compared with the CLI reader's below. */
const common = (grid: WorkbookGrid) =>
  grid.sheets.map((s) => ({ name: s.name, values: s.values, formats: s.formats, top: s.top, left: s.left, state: s.state }));

/** Everything a rig shows for a workbook, the way the pane uses the host. */
async function run(rig: Rig) {
  const grid = await rig.host.readWorkbook();
  const result = validate(grid, choose(grid), TODAY);
  // The issues' marks, and every seventh cell of every sheet besides: filled cells among them
  // (theme, indexed and RGB colours), so the originals are not all "no fill".
  const marks = marksFor(result.issues);
  const taken = new Set(marks.map((m) => markKey(m.sheet, m.cell)));
  for (const sheet of grid.sheets)
    for (const [i, cell] of cellsOf(sheet).entries())
      if (i % 7 === 0 && !taken.has(markKey(sheet.name, cell)))
        marks.push({ sheet: sheet.name, cell, color: MARK_COLOR.warning });
  const before = allFills(rig, grid);
  const originals = await rig.host.markCells(marks, rig.host.capabilities().scatteredMarks);
  const marked = allFills(rig, grid);
  const missing = await rig.host.restoreFills(originals);
  const cleared = allFills(rig, grid);
  return { grid, issues: issueKeys(result.issues), marks, before, originals, marked, missing, cleared, fixes: result.fixes };
}

// ---------------------------------------------------------------------------------------
// The contract

describe.each(WORKBOOKS.map((f) => [short(f), f] as const))("host contract on %s", (_name, file) => {
  it("Excel and WPS give the same grids, issues, marks, and clearing restores every fill", async () => {
    const a = await run(await excelRig(file));
    const wps = await wpsRig(file);
    const b = await run(wps);

    expect(common(b.grid)).toEqual(common(a.grid));
    expect(b.grid.sheets.map((s) => [s.name, s.state])).toEqual(a.grid.sheets.map((s) => [s.name, s.state]));
    expect(b.issues).toEqual(a.issues);
    expect(b.marks).toEqual(a.marks);
    expect(b.originals).toEqual(a.originals);
    expect(Object.values(b.originals).filter((c) => c !== null).length).toBeGreaterThan(0);
    expect(b.before).toEqual(a.before);
    expect(b.marked).toEqual(a.marked);
    for (const m of b.marks) expect(b.marked[markKey(m.sheet, m.cell)]).toBe(m.color);
    expect(b.cleared).toEqual(b.before);
    expect(a.cleared).toEqual(a.before);
    expect([a.missing, b.missing]).toEqual([[], []]);

    // The merges the WPS host reads are the CLI reader's.
    const cli = await readFile({ bytes: readFileSync(file), name: path.basename(file) });
    if (!cli.ok) throw new Error(cli.message);
    expect(b.grid.sheets.map((s) => [s.name, [...(s.merges ?? [])].sort()])).toEqual(
      cli.grid.sheets.map((s) => [s.name, [...(s.merges ?? [])].sort()]),
    );
    expect(b.grid.sheets.some((s) => s.merges?.length)).toBe(true);
    expect(wps.sim.handlerErrors).toEqual([]);
  });

  it("Excel and WPS write the same fixes, and the workbooks validate the same afterwards", async () => {
    const results = [];
    for (const [, make] of RIGS) {
      const rig = await make(file);
      const grid = await rig.host.readWorkbook();
      const r = validate(grid, choose(grid), TODAY);
      await rig.host.writeCells(r.fixes.map((f) => ({ sheet: f.sheet, cell: f.cell, value: f.to })));
      const again = await rig.host.readWorkbook();
      results.push({
        written: r.fixes.map((f) => rig.valueOf(f.sheet, f.cell)),
        issues: issueKeys(validate(again, choose(again), TODAY).issues),
        grid: common(again),
      });
    }
    expect(results[1]).toEqual(results[0]);
  });
});

describe.each(RIGS)("host contract: %s", (_name, make) => {
  const plan = WORKBOOKS[0];

  it("writes text as text (excelText's apostrophe rule) and numbers as numbers", async () => {
    const rig = await make(plan);
    const texts = ["0123", "13800138000", "=1+1", "2025-01-01", "TRUE", "-5", "@某某", "'引号开头", "#N/A", "普通文本", "50%"];
    await rig.host.writeCells([
      ...texts.map((value, i) => ({ sheet: TARGETS, cell: `H${i + 3}`, value })),
      { sheet: TARGETS, cell: "I3", value: 42 },
    ]);
    expect(texts.map((_, i) => rig.valueOf(TARGETS, `H${i + 3}`))).toEqual(texts);
    expect(rig.valueOf(TARGETS, "I3")).toBe(42);
  });

  it("live mode: edits reach the callback with sheet, address and 0-based bounds; removing stops them", async () => {
    const rig = await make(plan);
    const changes: ChangedRange[] = [];
    const remove = await rig.host.watchChanges((c) => changes.push(c));
    await rig.edit(TARGETS, "E20", "13931100018/test@example.com");
    await rig.edit(INFO, "B3:B4", "");
    await rig.idle();
    expect(changes).toEqual([
      { sheet: TARGETS, address: "E20", top: 19, bottom: 19, left: 4, right: 4 },
      { sheet: INFO, address: "B3:B4", top: 2, bottom: 3, left: 1, right: 1 },
    ]);
    await rig.host.writeCells([{ sheet: TARGETS, cell: "D3", value: "王伟" }]);
    await rig.idle();
    expect(changes.at(-1)).toEqual({ sheet: TARGETS, address: "D3", top: 2, bottom: 2, left: 3, right: 3 });
    await remove();
    const n = changes.length;
    await rig.edit(TARGETS, "E21", "x");
    await rig.idle();
    expect(changes).toHaveLength(n);
  });

  it("readRows and readSheet give what readWorkbook gives", async () => {
    const rig = await make(plan);
    const grid = await rig.host.readWorkbook();
    const sheet = grid.sheets.find((s) => s.name === TARGETS)!;
    const again = await rig.host.readSheet(TARGETS);
    expect(common({ sheets: [again] })).toEqual(common({ sheets: [sheet] }));
    const rows = await rig.host.readRows!(TARGETS, 4, 6, sheet.left!, sheet.left! + sheet.values[0].length - 1);
    expect(rows.values).toEqual(sheet.values.slice(4 - sheet.top!, 7 - sheet.top!));
    expect(rows.formats).toEqual(sheet.formats!.slice(4 - sheet.top!, 7 - sheet.top!));
  });

  it("restoreFills returns the keys whose sheet is gone and restores the rest", async () => {
    const rig = await make(plan);
    const marks = [
      { sheet: TARGETS, cell: "E20", color: MARK_COLOR.error },
      { sheet: "服务方案", cell: "B3", color: MARK_COLOR.warning },
    ];
    const before = rig.fillOf(TARGETS, "E20");
    const originals = await rig.host.markCells(marks, true);
    if (rig.kind === "excel") excelSim!.workbook.getWorksheet("服务方案")!.name = "改名";
    else (rig as Rig & { sim: EtSim }).sim.workbook.getWorksheet("服务方案")!.name = "改名";
    expect(await rig.host.restoreFills(originals)).toEqual([markKey("服务方案", "B3")]);
    expect(rig.fillOf(TARGETS, "E20")).toBe(before);
  });

  it("the original fills and the profile choice round-trip through the document", async () => {
    const rig = await make(plan);
    expect(rig.host.savedOriginals()).toEqual({});
    const originals: OriginalFills = { [`${TARGETS}!E20`]: null, [`${TARGETS}!B22`]: "#DDEBF7" };
    await rig.host.saveOriginals(originals);
    expect(rig.host.savedOriginals()).toEqual(originals);
    await rig.host.saveOriginals({});
    expect(rig.host.savedOriginals()).toEqual({});
    await rig.host.saveProfile!({ profile: "hebei-2025", form: "pilot-institution" });
    expect(rig.host.savedProfile!()).toEqual({ profile: "hebei-2025", form: "pilot-institution" });
    await rig.host.saveProfile!(undefined);
    expect(rig.host.savedProfile!()).toBeUndefined();
  });

  it("selectCell activates the sheet and selects the cell", async () => {
    const rig = await make(plan);
    await rig.host.selectCell(TARGETS, "E20");
    await rig.host.selectCell(INFO, "B4");
    if (rig.kind === "excel") {
      expect(excelSim!.selections).toEqual([
        { sheet: TARGETS, address: "E20" },
        { sheet: INFO, address: "B4" },
      ]);
      expect(excelSim!.activeSheet).toBe(INFO);
    } else {
      const sim = (rig as Rig & { sim: EtSim }).sim;
      expect(sim.selections).toEqual([
        { sheet: TARGETS, address: "E20" },
        { sheet: INFO, address: "B4" },
      ]);
      expect(sim.activeSheet).toBe(INFO);
    }
  });
});

// ---------------------------------------------------------------------------------------
// WPS in particular

describe("WPS host and the ET simulator", () => {
  const plan = WORKBOOKS[0];

  it("the declared ET objects satisfy the subsets the host uses (compile time)", () => {
    expectTypeOf<DeclaredObjectsSatisfySubsets>().not.toBeNever();
  });

  it("Value2 is a scalar for one cell and a 2-D array for more; rows and columns count from 1", async () => {
    const sim = createEtSim({ workbook: await load(plan) });
    const ws = sim.Application.ActiveWorkbook!.Worksheets.Item(TARGETS) as { Range(a: string): EtRange };
    const one = ws.Range("A3");
    expect(one.Value2).toBe(1);
    expect([one.Row, one.Column, one.Rows.Count, one.Columns.Count]).toEqual([3, 1, 1, 1]);
    const two = ws.Range("A3:B4");
    expect(Array.isArray(two.Value2)).toBe(true);
    expect((two.Value2 as unknown as unknown[][]).map((r) => r.length)).toEqual([2, 2]);
    expect((two.Value2 as unknown as unknown[][])[0][0]).toBe(1);
    expect(ws.Range("Z99").Value2).toBeUndefined();
    expect(two.Item(2, 2).Address(false, false)).toBe("B4");
    expect(two.Address()).toBe("$A$3:$B$4");
    expect(sim.Application.ActiveWorkbook!.Worksheets.Item(1)).toBeDefined();
    expect(() => sim.Application.ActiveWorkbook!.Worksheets.Item(0)).toThrow(/下标越界/);
    expect(() => sim.Application.ActiveWorkbook!.Worksheets.Item("没有这张表")).toThrow(/下标越界/);
  });

  it("NumberFormat is null on a mixed range; the host then asks column by column, cell by cell only where a column is mixed", async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet("表");
    for (let r = 1; r <= 50; r++) {
      s.getCell(r, 1).value = r;
      s.getCell(r, 2).value = 45000 + r;
      s.getCell(r, 2).numFmt = "yyyy-mm-dd";
      s.getCell(r, 3).value = "x";
    }
    s.getCell(7, 3).numFmt = "@";
    const sim = createEtSim({ workbook: wb });
    const ws = sim.Application.ActiveWorkbook!.Worksheets.Item("表") as { Range(a: string): EtRange; UsedRange: EtRange };
    expect(ws.UsedRange.NumberFormat).toBeNull();
    expect(ws.Range("A1:A50").NumberFormat).toBe("General");
    expect(ws.Range("B1:B50").NumberFormat).toBe("yyyy-mm-dd");

    const host = createWpsHost(sim.Application);
    sim.calls = [];
    const grid = await host.readSheet("表");
    expect(grid.formats![0]).toEqual([undefined, "yyyy-mm-dd", undefined]);
    expect(grid.formats![6]).toEqual([undefined, "yyyy-mm-dd", "@"]);
    // one for the used range, three columns, fifty cells of column C
    expect(sim.calls.filter((c) => c === "Range.NumberFormat")).toHaveLength(1 + 3 + 50);
    expect(sim.calls.filter((c) => c === "Range.Value2")).toHaveLength(1);
    expect(grid.merges).toEqual([]);
    expect(sim.calls.filter((c) => c === "Range.MergeCells")).toHaveLength(1);
  });

  it("Interior.Color is BGR: #FF0000 red is 255, both ways", async () => {
    expect(hexToBgr("#FF0000")).toBe(255);
    expect(bgrToHex(255)).toBe("#FF0000");
    expect(hexToBgr("#0000FF")).toBe(0xff0000);
    expect(bgrToHex(hexToBgr(MARK_COLOR.error))).toBe(MARK_COLOR.error);
    const sim = createEtSim({ workbook: await load(plan) });
    const ws = sim.Application.ActiveWorkbook!.Worksheets.Item(TARGETS) as { Range(a: string): EtRange };
    ws.Range("E20").Interior.Color = 255;
    expect(sim.fillOf(TARGETS, "E20")).toBe("#FF0000");
    const host = createWpsHost(sim.Application);
    await host.markCells([{ sheet: TARGETS, cell: "E21", color: "#00FF00" }], false);
    expect(ws.Range("E21").Interior.Color).toBe(0x00ff00);
    await host.markCells([{ sheet: TARGETS, cell: "E22", color: "#0000FF" }], false);
    expect(ws.Range("E22").Interior.Color).toBe(0xff0000);
  });

  it("no fill is ColorIndex −4142 and is restored as no fill; a white fill stays a white fill", async () => {
    const wb = await load(plan);
    const c = wb.getWorksheet(TARGETS)!.getCell("B22");
    c.style = { ...c.style, fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFFFF" } } };
    const sim = createEtSim({ workbook: wb });
    const ws = sim.Application.ActiveWorkbook!.Worksheets.Item(TARGETS) as { Range(a: string): EtRange };
    expect(sim.fillOf(TARGETS, "E20")).toBeNull();
    expect(ws.Range("E20").Interior.ColorIndex).toBe(-4142);
    expect(ws.Range("E20").Interior.Color).toBe(0xffffff);
    expect(ws.Range("B22").Interior.ColorIndex).not.toBe(-4142);
    expect(ws.Range("E20:E21").Interior.Color).toBe(0xffffff);
    expect(ws.Range("E20:B22").Interior.Color).toBeNull();

    const host = createWpsHost(sim.Application);
    const marks = [
      { sheet: TARGETS, cell: "E20", color: MARK_COLOR.error },
      { sheet: TARGETS, cell: "B22", color: MARK_COLOR.warning },
    ];
    const originals = await host.markCells(marks, true);
    expect(originals).toEqual({ [`${TARGETS}!E20`]: null, [`${TARGETS}!B22`]: "#FFFFFF" });
    expect(ws.Range("E20").Interior.ColorIndex).not.toBe(-4142);
    await host.restoreFills(originals);
    expect(ws.Range("E20").Interior.ColorIndex).toBe(-4142);
    expect(sim.fillOf(TARGETS, "E20")).toBeNull();
    expect(sim.fillOf(TARGETS, "B22")).toBe("#FFFFFF");
  });

  it("original fills survive a reopen in a document property while they are short", async () => {
    const sim = createEtSim({ workbook: await load(plan) });
    const host = createWpsHost(sim.Application);
    const grid = await host.readWorkbook();
    const marks = marksFor(validate(grid, choose(grid), TODAY).issues);
    const before = marks.map((m) => sim.fillOf(m.sheet, m.cell));
    const originals = await host.markCells(marks, true);
    await host.saveOriginals(originals);
    expect(JSON.stringify(originals).length).toBeLessThanOrEqual(PROPERTY_LIMIT);
    expect(sim.properties.get(FILLS_PROPERTY)).toBe(JSON.stringify(originals));
    expect(sim.sheetList().map((s) => s.name)).not.toContain(FILLS_SHEET);

    const again = await sim.reopen();
    const next = createWpsHost(again.Application);
    expect(next.savedOriginals()).toEqual(originals);
    expect(marks.map((m) => again.fillOf(m.sheet, m.cell))).toEqual(marks.map((m) => m.color));
    await next.restoreFills(next.savedOriginals());
    await next.saveOriginals({});
    expect(marks.map((m) => again.fillOf(m.sheet, m.cell))).toEqual(before);
    expect(again.properties.has(FILLS_PROPERTY)).toBe(false);
    expect(next.savedOriginals()).toEqual({});
  });

  it("too long for a property, they go to a very hidden sheet that survives a reopen and is never read as a form", async () => {
    const sim = createEtSim({ workbook: await load(plan) });
    const host = createWpsHost(sim.Application);
    const grid = await host.readWorkbook();
    const sheet = grid.sheets.find((s) => s.name === TARGETS)!;
    const marks = cellsOf(sheet).map((cell) => ({ sheet: TARGETS, cell, color: MARK_COLOR.warning }));
    const before = allFills(wpsRigOf(sim), grid);
    await host.selectCell(INFO, "B3");
    const originals = await host.markCells(marks, true);
    expect(() =>
      sim.Application.ActiveWorkbook!.CustomDocumentProperties.Add("x", false, 4 as Kso.MsoDocProperties, "长".repeat(300)),
    ).toThrow(/太长/);
    await host.saveOriginals(originals);
    expect(JSON.stringify(originals).length).toBeGreaterThan(PROPERTY_LIMIT);
    expect(sim.sheetList().at(-1)).toEqual({ name: FILLS_SHEET, visible: 2 });
    expect(sim.activeSheet).toBe(INFO);
    expect(sim.properties.get(FILLS_PROPERTY)).toBe(`sheet:${FILLS_SHEET}`);
    expect((await host.readWorkbook()).sheets.map((s) => s.name)).toEqual(grid.sheets.map((s) => s.name));

    const again = await sim.reopen();
    expect(again.sheetList().at(-1)).toEqual({ name: FILLS_SHEET, visible: 2 });
    const next = createWpsHost(again.Application);
    expect(next.savedOriginals()).toEqual(originals);
    // Live mode does not report the host's own bookkeeping.
    const changes: ChangedRange[] = [];
    await next.watchChanges((c) => changes.push(c));
    await next.restoreFills(next.savedOriginals());
    await next.saveOriginals({});
    expect(changes.every((c) => c.sheet === TARGETS)).toBe(true);
    expect(again.sheetList().map((s) => s.name)).not.toContain(FILLS_SHEET);
    expect(again.properties.has(FILLS_PROPERTY)).toBe(false);
    expect(allFills(wpsRigOf(again), grid)).toEqual(before);
    expect(again.handlerErrors).toEqual([]);
  });

  it("reads sheet states from Visible (−1, 0, 2) and the merges of the used range", async () => {
    const sim = createEtSim({ workbook: await load(WORKBOOKS[1]) });
    const grid = await createWpsHost(sim.Application).readWorkbook();
    expect(grid.sheets.map((s) => [s.name, s.state])).toEqual(
      sim.sheetList().map((s) => [s.name, { [-1]: "visible", 0: "hidden", 2: "veryHidden" }[s.visible]]),
    );
    expect(grid.sheets.map((s) => s.state)).toEqual(expect.arrayContaining(["visible", "hidden", "veryHidden"]));
    expect(grid.sheets.find((s) => s.name === "典型案例基本信息")!.merges).toHaveLength(22);
  });

  it("capabilities say WPS; 插入模板 is refused with a Chinese message and adds nothing", async () => {
    const sim = createEtSim({ workbook: await load(plan) });
    const host = createWpsHost(sim.Application, { today: TODAY });
    expect(host.capabilities()).toEqual({
      apiVersion: "WPS",
      live: true,
      scatteredMarks: true,
      insertTemplate: false,
      language: "zh-CN",
    });
    expect(host.today).toBe(TODAY);
    const n = sim.sheetList().length;
    await expect(host.insertSheets("UEsDBA==")).rejects.toThrow(NOT_IN_WPS.insert);
    expect(sim.sheetList()).toHaveLength(n);
  });

  it("selecting a cell activates its sheet first (Range.Select fails on a sheet that is not active)", async () => {
    const sim = createEtSim({ workbook: await load(plan) });
    const ws = sim.Application.ActiveWorkbook!.Worksheets.Item(TARGETS) as { Range(a: string): EtRange };
    expect(() => ws.Range("E20").Select()).toThrow();
    await createWpsHost(sim.Application).selectCell(TARGETS, "E20");
    expect(sim.activeSheet).toBe(TARGETS);
    expect(sim.selections).toEqual([{ sheet: TARGETS, address: "E20" }]);
  });

  it("without an open workbook the host says so", async () => {
    const host = createWpsHost({ ActiveWorkbook: null, ApiEvent: { AddApiEventListener() {}, RemoveApiEventListener() {} } });
    await expect(host.readWorkbook()).rejects.toThrow(NOT_IN_WPS.noWorkbook);
    expect(host.savedOriginals()).toEqual({});
  });
});

// @vitest-environment happy-dom
// The task pane (addin/taskpane/App.tsx) rendered with React in happy-dom: (a) with a fake
// PaneHost returning hand-made grids, piece by piece — detection and the profile picker, the
// severity filter, groups and paging, selecting, marks, 自动修正, 插入模板, ExcelApi 1.1,
// errors, English, 下载标注副本 where marking fails; (b) with the real adapter (officeHost) on the simulated Excel host and an
// example workbook — validate, and live mode after an edit.
import * as React from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { MARK_COLOR } from "../../forms/rules/codes.js";
import type { Capabilities, ChangedRange, ProfileChoice } from "../../addin/excel/host.js";
import { App, type PaneHost } from "../../addin/taskpane/App.js";
import { officeHost } from "../../addin/taskpane/mount.js";
import { choose, marksFor, validate } from "../../addin/taskpane/session.js";
import { installSimulatedExcel, type SimHost } from "../../addin/sim/excel-sim.js";
import { annotate, FILL } from "../../aggregator/annotate.js";

// annotate as it is, watched: the pane imports it lazily (annotated-copy.ts), the mock applies all the same.
vi.mock("../../aggregator/annotate.js", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../aggregator/annotate.js")>();
  return { ...m, annotate: vi.fn(m.annotate) };
});

// Issues as some rule might report them, with absolute cells ("$E$4"), for the selection test.
const dollars = vi.hoisted(() => ({ on: false }));
vi.mock("../../addin/taskpane/session.js", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../addin/taskpane/session.js")>();
  return {
    ...m,
    validate: (...args: Parameters<typeof m.validate>) => {
      const r = m.validate(...args);
      if (!dollars.on) return r;
      return { ...r, issues: r.issues.map((i) => (i.cell ? { ...i, cell: i.cell.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2") } : i)) };
    },
  };
});

// happy-dom rejects Animation.finished on cancel() without marking the promise handled, as
// the Web Animations spec has browsers do; Fluent's motion components cancel their
// animations on unmount, so every closed dialog would report an unhandled rejection.
if (typeof Animation === "function") {
  const cancel = Animation.prototype.cancel;
  Animation.prototype.cancel = function (this: Animation) {
    this.finished.catch(() => {});
    cancel.call(this);
  };
}

// Every findBy*/waitFor waits up to 10 s for what it asserts (testing-library's default is 1 s):
// on a loaded machine (the suite runs beside LibreOffice and Chromium) React, Fluent's motion
// and Tabster's timers can take longer than that, and a test must not depend on how fast.
const WAIT_MS = 10_000;
configure({ asyncUtilTimeout: WAIT_MS });

const ROOT = path.resolve(import.meta.dirname, "../..");
const SJZ_PLAN = path.join(ROOT, "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx");
const TODAY = "2025-11-25";
const HEBEI = "河北省 第二批网络安全保险服务试点申报（2025）";
const INSTITUTION = "网络安全保险服务试点工作方案（网络安全保险服务机构）";

// ---------------------------------------------------------------------------------------
// Hand-made grids

const META: SheetGrid = {
  name: "pilot-forms-meta",
  state: "veryHidden",
  values: [
    ["tool", "pilot-forms"],
    ["form", "pilot-institution"],
    ["profile", "hebei-2025"],
  ],
};

const TARGETS_HEAD = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];

/** 表1 服务对象: B3 has a trailing space (info, fixable), E4 no e-mail (error), A5 should be 3 (warning, fixable). */
function targets(fixed = false): SheetGrid {
  return {
    name: "服务对象",
    values: [
      ["表1 服务对象基本情况"],
      TARGETS_HEAD,
      [
        1,
        fixed ? "石家庄泰和数据服务有限公司" : "石家庄泰和数据服务有限公司 ",
        "电信和互联网",
        "周伟",
        "15859457595/a@example.com",
      ],
      [2, "石家庄华安化工有限公司", "原材料工业", "武敏", "13948352231"],
      [fixed ? 3 : 4, "石家庄瑞丰智能装备有限公司", "装备工业", "吕伟", "13961177006/c@example.com"],
    ],
  };
}

/** 表2 服务方案: F3 no e-mail (error). */
const PLANS: SheetGrid = {
  name: "服务方案",
  values: [
    ["表2 服务方案基本情况"],
    ["序号", "方案名称", "方案类型", "行业领域或主体", "联系人", "联系方式（手机与邮箱）"],
    [1, "石家庄制造业网络安全保险服务方案", "重点行业领域", "工业", "冯超", "15522125531"],
    [2, "石家庄中小企业网络安全保险服务方案", "重点主体", "中小企业", "陈建华", "13268119188/contact28@example.com"],
  ],
};

/** A hebei-2025 试点工作方案（服务机构） with its metadata sheet: 4 issues, 2 fixes. */
const planGrid = (fixed = false): WorkbookGrid => ({ sheets: [PLANS, targets(fixed), META] });

/** The same tables without metadata (detected by headings, as some other profile). */
const bareGrid = (): WorkbookGrid => ({ sheets: [targets()] });

const unknownGrid = (): WorkbookGrid => ({ sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] });

/** n targets, each without an e-mail: n errors in one sheet. */
function manyGrid(n: number): WorkbookGrid {
  const rows = Array.from({ length: n }, (_, k) => [
    k + 1,
    `石家庄第${k + 1}数据服务有限公司`,
    "电信和互联网",
    "周伟",
    `138${String(k).padStart(8, "0")}`,
  ]);
  return { sheets: [{ name: "服务对象", values: [["表1 服务对象基本情况"], TARGETS_HEAD, ...rows] }, META] };
}

// ---------------------------------------------------------------------------------------
// A fake host

function fakeHost(
  opts: {
    grid?: WorkbookGrid;
    caps?: Partial<Capabilities>;
    saved?: Record<string, string | null>;
    profile?: ProfileChoice;
    defaultProfile?: string;
    /** The workbook's bytes for 下载标注副本 (host.workbookBytes), and its file name. */
    copy?: Uint8Array;
    name?: string;
  } = {},
) {
  const caps: Capabilities = {
    apiVersion: "1.18",
    live: true,
    scatteredMarks: true,
    insertTemplate: true,
    language: "zh-CN",
    ...opts.caps,
  };
  const grid = opts.grid ?? planGrid();
  let onChange: ((change: ChangedRange) => void) | undefined;
  const stop = vi.fn(async () => {
    onChange = undefined;
  });
  const host = {
    capabilities: vi.fn<PaneHost["capabilities"]>(() => caps),
    readWorkbook: vi.fn<PaneHost["readWorkbook"]>(async () => grid),
    readSheet: vi.fn<PaneHost["readSheet"]>(async (name) => grid.sheets.find((s) => s.name === name)!),
    selectCell: vi.fn<PaneHost["selectCell"]>(async () => {}),
    markCells: vi.fn<PaneHost["markCells"]>(async (marks) =>
      Object.fromEntries(marks.map((m) => [`${m.sheet}!${m.cell}`, null])),
    ),
    restoreFills: vi.fn<PaneHost["restoreFills"]>(async () => {}),
    writeCells: vi.fn<PaneHost["writeCells"]>(async () => {}),
    watchChanges: vi.fn<PaneHost["watchChanges"]>(async (f) => {
      onChange = f;
      return stop;
    }),
    insertSheets: vi.fn<PaneHost["insertSheets"]>(async () => {}),
    savedOriginals: vi.fn<PaneHost["savedOriginals"]>(() => ({ ...opts.saved })),
    savedProfile: vi.fn<NonNullable<PaneHost["savedProfile"]>>(() => opts.profile),
    saveProfile: vi.fn<NonNullable<PaneHost["saveProfile"]>>(async () => {}),
    saveOriginals: vi.fn<PaneHost["saveOriginals"]>(async () => {}),
    fetchTemplate: vi.fn<PaneHost["fetchTemplate"]>(async () => "UEsDBA=="),
    today: TODAY,
    ...(opts.defaultProfile !== undefined && { defaultProfile: opts.defaultProfile }),
    ...(opts.copy && {
      workbookBytes: vi.fn<NonNullable<PaneHost["workbookBytes"]>>(async () => opts.copy!),
      workbookName: vi.fn<NonNullable<PaneHost["workbookName"]>>(() => opts.name),
    }),
  } satisfies PaneHost;
  return { host, caps, stop, change: (c: ChangedRange) => onChange?.(c) };
}

function renderPane(host: PaneHost) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} />
    </FluentProvider>,
  );
}

const runs = () => Number(screen.getByTestId("results").getAttribute("data-runs"));

async function waitRuns(n: number): Promise<void> {
  await waitFor(() => expect(runs()).toBe(n));
}

/**
 * Open 自动修正's dialog: wait until it is there and has the focus. Its list and buttons are
 * then queried with { hidden: true }. happy-dom has no layout, so Tabster finds nothing in the
 * dialog it considers focusable, Fluent focuses the surface itself, and some 80 ms later
 * Tabster's modalizer marks that surface aria-hidden="true" for good. In Chromium (checked:
 * focus on a button, no aria-hidden) that does not happen. Role queries made right after the
 * dialog appeared passed only when they ran inside those 80 ms — the flake under CPU load.
 */
async function openFixDialog(): Promise<HTMLElement> {
  fireEvent.click(screen.getByTestId("fix"));
  const dialog = await screen.findByTestId("fix-dialog");
  await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
  return dialog;
}

async function clickValidate(n = runs() + 1): Promise<void> {
  fireEvent.click(screen.getByTestId("validate"));
  await waitRuns(n);
  await waitFor(() => expect(isDisabled(screen.getByTestId("validate"))).toBe(false));
}

const issueCells = () =>
  screen.queryAllByTestId("issue").map((b) => `${b.getAttribute("data-cell")}:${b.getAttribute("data-code")}`);
const messageText = () => screen.queryByTestId("message")?.textContent ?? "";

/** Fluent's buttons: the native attribute (and aria-disabled when focusable). */
const isDisabled = (el: HTMLElement) => el.hasAttribute("disabled") || el.getAttribute("aria-disabled") === "true";

/** An .xlsx of a grid's sheets (values only), as getFileAsync would give it. */
async function gridBytes(grid: WorkbookGrid): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of grid.sheets) {
    const ws = wb.addWorksheet(sheet.name, { state: sheet.state ?? "visible" });
    for (const row of sheet.values) ws.addRow(row.map((v) => v ?? null));
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** What the pane saves as downloads (saveFile: a Blob URL clicked in an <a download>). */
function captureDownloads(): { saved: { name: string; blob: Blob }[]; restore(): void } {
  const blobs = new Map<string, Blob>();
  const saved: { name: string; blob: Blob }[] = [];
  const create = vi.spyOn(URL, "createObjectURL").mockImplementation((b) => {
    const url = `blob:pane/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute("href") ?? "")! });
  });
  return {
    saved,
    restore: () => [create, revoke, click].forEach((spy) => spy.mockRestore()),
  };
}

async function loadBlob(blob: Blob): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await blob.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

const fillOf = (wb: ExcelJS.Workbook, sheet: string, cell: string) =>
  (wb.getWorksheet(sheet)?.getCell(cell).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

let downloads: ReturnType<typeof captureDownloads> | undefined;
let sim: SimHost | undefined;
afterEach(async () => {
  downloads?.restore();
  downloads = undefined;
  vi.mocked(annotate).mockClear();
  cleanup();
  dollars.on = false;
  if (sim) {
    await sim.idle();
    sim.uninstall();
    sim = undefined;
  }
});

// ---------------------------------------------------------------------------------------
// (a) A fake host

describe("the pane with a fake host", () => {
  it("starts unvalidated, then shows the detected profile and form and the summary", async () => {
    const { host } = fakeHost();
    renderPane(host);
    expect(screen.getByText("试点表格校验")).toBeTruthy();
    expect(screen.getByTestId("results").textContent).toContain("点击“校验”");
    expect(screen.getByTestId("detected").textContent).toBe("");
    expect(isDisabled(screen.getByTestId("fix"))).toBe(true);
    expect(isDisabled(screen.getByTestId("mark"))).toBe(true);

    await clickValidate(1);
    expect(host.readWorkbook).toHaveBeenCalledTimes(1);
    const detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain(HEBEI);
    expect(detected).toContain(INSTITUTION);
    expect(detected).toContain("由模板元数据识别");
    expect(screen.getByTestId("summary").textContent).toMatch(/^已校验 2 张表、5 行，用时 \d+ 毫秒。$/);
    expect((screen.getByTestId("profile") as HTMLSelectElement).value).toBe("hebei-2025");
    // Within the sheet errors first, then warnings, then hints (the hint on B3 last), each in cell order.
    expect(issueCells()).toEqual(["F3:contact.email_missing", "E4:contact.email_missing", "A5:seq.broken", "B3:text.whitespace"]);
    expect(screen.getByTestId("fix").textContent).toBe("自动修正（2）");
  });

  it("shows 未识别表单 for an unknown workbook; picking a profile re-validates under it", async () => {
    const { host } = fakeHost({ grid: unknownGrid() });
    renderPane(host);
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain("未识别表单");
    expect(screen.queryAllByTestId("issue")).toHaveLength(0);
    // a clear state instead of "已校验 0 张表、0 行" and 0/0/0 badges
    const state = screen.getByTestId("unrecognised");
    expect(state.textContent).toContain("没有找到可识别的表格");
    expect(screen.queryByTestId("summary")).toBeNull();
    expect(screen.queryByTestId("filter")).toBeNull();
    // what the pane looks for: every form's headings, each form once
    const looked = within(screen.getByTestId("looking-for"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(looked).toContain(`${INSTITUTION}：（一）基本信息、联合申报单位、表1 服务对象基本情况、表2 服务方案基本情况`);
    expect(new Set(looked).size).toBe(looked.length);
    // no profile yet: choose one to insert its template
    expect(state.textContent).toContain("先在上方选择通知对应的配置");
    expect(screen.queryByTestId("template")).toBeNull();

    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    await waitRuns(2);
    const detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).not.toContain("未识别表单");
    expect(detected).toContain(HEBEI);
    expect(detected).toContain("手动选择");
    // the grid read by 校验 is validated again; the workbook is not read again
    expect(host.readWorkbook).toHaveBeenCalledTimes(1);
  });

  it("an unrecognised workbook under a picked profile: its forms' headings, and 插入模板 in the state", async () => {
    const { host } = fakeHost({ grid: unknownGrid() });
    host.readWorkbook.mockResolvedValueOnce(unknownGrid()).mockResolvedValueOnce(planGrid());
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    await clickValidate(1);
    const state = screen.getByTestId("unrecognised");
    expect(state.textContent).toContain("没有找到可识别的表格");
    expect(within(screen.getByTestId("looking-for")).getAllByRole("listitem")).toHaveLength(4);
    expect(state.textContent).toContain("可以插入通知对应的模板");
    // the template picker is inside the state (once)
    expect(screen.getAllByTestId("template")).toHaveLength(1);
    expect(state.contains(screen.getByTestId("template"))).toBe(true);
    fireEvent.change(screen.getByTestId("template"), { target: { value: "pilot-institution" } });
    fireEvent.click(screen.getByTestId("insert"));
    await waitRuns(2);
    expect(host.insertSheets).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("unrecognised")).toBeNull();
    expect(screen.getByTestId("summary").textContent).toMatch(/^已校验 2 张表/);
  });

  it("where Excel cannot insert sheets, 下载模板 links the template beside the pane", async () => {
    const { host } = fakeHost({ grid: unknownGrid(), caps: { apiVersion: "1.9", insertTemplate: false } });
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    await clickValidate(1);
    expect(screen.queryByTestId("template")).toBeNull();
    expect(screen.queryByTestId("download")).toBeNull();
    fireEvent.change(screen.getByTestId("download-template"), { target: { value: "pilot-institution" } });
    const link = screen.getByTestId("download") as HTMLAnchorElement;
    expect(link.textContent).toBe("下载模板");
    expect(link.getAttribute("href")).toBe(`templates/hebei-2025/${encodeURIComponent(`${INSTITUTION}.xlsx`)}`);
    expect(link.getAttribute("download")).toBe(`${INSTITUTION}.xlsx`);
    expect(screen.getByTestId("features-off").textContent).toContain("可改用“下载模板”");
    expect(screen.getByTestId("features-off").textContent).not.toContain("pilot-forms");
  });

  it("re-validates under a picked profile, and 校验 keeps using it", async () => {
    const { host } = fakeHost({ grid: bareGrid() });
    renderPane(host);
    await clickValidate(1);
    // the headings fit several profiles: the pane asks (see below) instead of naming one
    const detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain("表头与多种通知的表格相符");
    expect(detected).not.toContain(HEBEI);

    const select = screen.getByTestId("profile") as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "hebei-2025" } });
    await waitRuns(2);
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
    expect(screen.getByTestId("detected").textContent).toContain("手动选择");
    expect(select.value).toBe("hebei-2025");
    expect(issueCells()).toContain("E4:contact.email_missing");

    await clickValidate(3);
    expect(screen.getByTestId("detected").textContent).toContain("手动选择");
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
  });

  it("asks between the profiles and forms the headings fit equally, instead of picking the first", async () => {
    const { host } = fakeHost({ grid: bareGrid() });
    renderPane(host);
    await clickValidate(1);
    const ask = screen.getByTestId("ask");
    expect(ask.textContent).toContain("是哪一种通知的表格？");
    const candidates = () =>
      screen.getAllByTestId("candidate").map((b) => `${b.getAttribute("data-profile")}/${b.getAttribute("data-form")}`);
    expect(candidates()).toEqual([
      "miit-2023/pilot-authority",
      "miit-2023/pilot-institution",
      "miit-2025/pilot-institution",
      "hebei-2025/pilot-institution",
    ]);
    expect(ask.textContent).toContain(HEBEI);
    // no results and nothing to do under a guess
    expect(screen.queryByTestId("summary")).toBeNull();
    expect(screen.queryAllByTestId("issue")).toHaveLength(0);
    for (const id of ["mark", "fix", "next"]) expect(isDisabled(screen.getByTestId(id))).toBe(true);
    // the picker names no profile yet, nor offers templates of a guessed one
    expect((screen.getByTestId("profile") as HTMLSelectElement).value).toBe("");
    expect(screen.queryByTestId("template")).toBeNull();

    fireEvent.click(screen.getAllByTestId("candidate")[3]);
    await waitRuns(2);
    expect(screen.queryByTestId("ask")).toBeNull();
    const detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain(HEBEI);
    expect(detected).toContain(INSTITUTION);
    expect(detected).toContain("手动选择");
    expect(issueCells()).toContain("E4:contact.email_missing");
    // remembered in the workbook, with the form
    expect(host.saveProfile).toHaveBeenLastCalledWith({ profile: "hebei-2025", form: "pilot-institution" });
    await clickValidate(3);
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
    expect(screen.queryByTestId("ask")).toBeNull();
  });

  it("a picked profile whose forms tie: asks between its forms only", async () => {
    const { host } = fakeHost({ grid: bareGrid() });
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "miit-2023" } });
    await clickValidate(1);
    expect(screen.getAllByTestId("candidate").map((b) => b.getAttribute("data-form"))).toEqual([
      "pilot-authority",
      "pilot-institution",
    ]);
    fireEvent.click(screen.getAllByTestId("candidate")[1]);
    await waitRuns(2);
    expect(screen.getByTestId("detected").textContent).toContain(INSTITUTION);
    expect(host.saveProfile).toHaveBeenLastCalledWith({ profile: "miit-2023", form: "pilot-institution" });
  });

  it("the office's default profile settles a tie it is in, and stands for an unrecognised workbook; metadata comes first", async () => {
    const tie = fakeHost({ grid: bareGrid(), defaultProfile: "hebei-2025" });
    renderPane(tie.host);
    await clickValidate(1);
    expect(screen.queryByTestId("ask")).toBeNull();
    let detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain(HEBEI);
    expect(detected).toContain("本单位默认配置");
    expect(issueCells()).toContain("E4:contact.email_missing");
    expect(tie.host.saveProfile).not.toHaveBeenCalled();
    cleanup();

    const unknown = fakeHost({ grid: unknownGrid(), defaultProfile: "hebei-2025" });
    renderPane(unknown.host);
    await clickValidate(1);
    expect(screen.getByTestId("unrecognised").textContent).toContain("没有找到可识别的表格");
    expect(screen.getByTestId("detected").textContent).toContain("本单位默认配置");
    // its templates offered at once
    expect(within(screen.getByTestId("unrecognised")).getByTestId("template")).toBeTruthy();
    cleanup();

    // a default not among the tied profiles does not settle it
    const other = fakeHost({ grid: bareGrid(), defaultProfile: "shanghai-health-2024" });
    renderPane(other.host);
    await clickValidate(1);
    expect(screen.getByTestId("ask")).toBeTruthy();
    cleanup();

    const meta = fakeHost({ defaultProfile: "miit-2025" });
    renderPane(meta.host);
    await clickValidate(1);
    detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain(HEBEI);
    expect(detected).toContain("由模板元数据识别");
  });

  it("reads the default from the build's __PILOT_FORMS_DEFAULT_PROFILE__ when the host names none", async () => {
    const g = globalThis as { __PILOT_FORMS_DEFAULT_PROFILE__?: string };
    g.__PILOT_FORMS_DEFAULT_PROFILE__ = "hebei-2025";
    try {
      const { host } = fakeHost({ grid: bareGrid() });
      renderPane(host);
      await clickValidate(1);
      expect(screen.getByTestId("detected").textContent).toContain("本单位默认配置");
    } finally {
      delete g.__PILOT_FORMS_DEFAULT_PROFILE__;
    }
  });

  it("remembers the profile chosen for the workbook: used before detection, changed and forgotten by the picker", async () => {
    const { host } = fakeHost({ grid: bareGrid(), profile: { profile: "hebei-2025" } });
    renderPane(host);
    await clickValidate(1);
    expect(screen.queryByTestId("ask")).toBeNull();
    const detected = screen.getByTestId("detected").textContent ?? "";
    expect(detected).toContain(HEBEI);
    expect(detected).toContain("本工作簿上次选择的配置");
    expect((screen.getByTestId("profile") as HTMLSelectElement).value).toBe("hebei-2025");

    fireEvent.change(screen.getByTestId("profile"), { target: { value: "miit-2025" } });
    await waitRuns(2);
    expect(host.saveProfile).toHaveBeenLastCalledWith({ profile: "miit-2025" });
    // 选择配置 (none): forgotten, and detection asks again
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "" } });
    await waitRuns(3);
    expect(host.saveProfile).toHaveBeenLastCalledWith(undefined);
    expect(screen.getByTestId("ask")).toBeTruthy();
  });

  it("a saved profile choice that fails to save does not stop the pane", async () => {
    const { host } = fakeHost({ grid: bareGrid() });
    host.saveProfile.mockRejectedValue(new Error("settings"));
    host.savedProfile.mockImplementation(() => {
      throw new Error("no settings");
    });
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
    expect(screen.queryByTestId("message")).toBeNull();
  });

  it("a profile picked before 校验 is used by it", async () => {
    const { host } = fakeHost({ grid: unknownGrid() });
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    expect(runs()).toBe(0);
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
    expect(screen.getByTestId("detected").textContent).toContain("手动选择");
  });

  it("counts by severity in the filter badges, groups per sheet with counts, and filters the list", async () => {
    const { host } = fakeHost();
    renderPane(host);
    await clickValidate(1);
    const badge = (s: string) => within(screen.getByTestId(`filter-${s}`)).getByText(/^\d+$/).textContent;
    expect(screen.getByTestId("filter-error").textContent).toContain("错误");
    expect([badge("error"), badge("warning"), badge("info")]).toEqual(["2", "1", "1"]);
    for (const s of ["error", "warning", "info"])
      expect(screen.getByTestId(`filter-${s}`).getAttribute("aria-pressed")).toBe("true");

    // workbook order: 服务方案 before 服务对象
    const groups = () => screen.getAllByTestId("group");
    expect(groups().map((g) => g.getAttribute("data-sheet"))).toEqual(["服务方案", "服务对象"]);
    const headBadges = (g: HTMLElement) =>
      within(g)
        .getAllByText(/^\d+$/)
        .map((b) => b.textContent);
    expect(headBadges(groups()[0])).toEqual(["1"]);
    expect(headBadges(groups()[1])).toEqual(["1", "1", "1"]);
    expect(within(groups()[1]).getAllByTestId("issue")).toHaveLength(3);

    // errors only
    fireEvent.click(screen.getByTestId("filter-warning"));
    fireEvent.click(screen.getByTestId("filter-info"));
    expect(screen.getByTestId("filter-warning").getAttribute("aria-pressed")).toBe("false");
    const severities = screen.getAllByTestId("issue").map((b) => b.getAttribute("data-severity"));
    expect(severities).toEqual(["error", "error"]);
    expect(headBadges(groups()[1])).toEqual(["1"]);
    // the filter badges still count every issue
    expect([badge("error"), badge("warning"), badge("info")]).toEqual(["2", "1", "1"]);

    // nothing shown: no groups
    fireEvent.click(screen.getByTestId("filter-error"));
    expect(screen.queryAllByTestId("group")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("filter-info"));
    expect(issueCells()).toEqual(["B3:text.whitespace"]);
  });

  it("shows 200 issues of a sheet, then 再显示 N 条", async () => {
    const { host } = fakeHost({ grid: manyGrid(450) });
    renderPane(host);
    await clickValidate(1);
    const group = screen.getByTestId("group");
    expect(within(group).getAllByTestId("issue")).toHaveLength(200);
    fireEvent.click(within(group).getByText("再显示 200 条"));
    expect(within(group).getAllByTestId("issue")).toHaveLength(400);
    fireEvent.click(within(group).getByText("再显示 50 条"));
    expect(within(group).getAllByTestId("issue")).toHaveLength(450);
    expect(within(group).queryByText(/^再显示/)).toBeNull();

    // validating again starts from the first page
    await clickValidate(2);
    expect(screen.getAllByTestId("issue")).toHaveLength(200);
  }, 30_000);

  it("selects the issue's cell in Excel, without the $ of absolute addresses", async () => {
    dollars.on = true;
    const { host } = fakeHost();
    renderPane(host);
    await clickValidate(1);
    const e4 = screen.getAllByTestId("issue").find((b) => b.getAttribute("data-cell") === "$E$4")!;
    expect(e4).toBeTruthy();
    fireEvent.click(e4);
    await waitFor(() => expect(host.selectCell).toHaveBeenCalledWith("服务对象", "E4"));
    expect(host.selectCell).toHaveBeenCalledTimes(1);
  });

  it("selects the cell of a plain issue", async () => {
    const { host } = fakeHost();
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getAllByTestId("issue").find((b) => b.getAttribute("data-cell") === "F3")!);
    await waitFor(() => expect(host.selectCell).toHaveBeenCalledWith("服务方案", "F3"));
  });

  it("标记问题 paints marksFor(issues), scattered when the host can, and saves the original fills", async () => {
    const { host } = fakeHost({ caps: { scatteredMarks: false } });
    renderPane(host);
    await clickValidate(1);
    const g = planGrid();
    const expected = marksFor(validate(g, choose(g), TODAY).issues);
    expect(expected).toEqual([
      { sheet: "服务方案", cell: "F3", color: MARK_COLOR.error },
      { sheet: "服务对象", cell: "E4", color: MARK_COLOR.error },
      { sheet: "服务对象", cell: "A5", color: MARK_COLOR.warning },
    ]);
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toBe("已标记 3 个单元格（红色为错误，黄色为警告）。"));
    expect(host.markCells).toHaveBeenCalledWith(expected, false);
    expect(host.saveOriginals).toHaveBeenCalledWith({ "服务方案!F3": null, "服务对象!E4": null, "服务对象!A5": null });
    expect(host.markCells.mock.invocationCallOrder[0]).toBeLessThan(host.saveOriginals.mock.invocationCallOrder[0]);
  });

  it("marking again keeps a cell's first original fill (also one saved by an earlier pane)", async () => {
    const { host } = fakeHost({ saved: { "服务对象!E4": "#00B050" } });
    host.markCells.mockResolvedValueOnce({ "服务方案!F3": "#FFFF00", "服务对象!E4": MARK_COLOR.error, "服务对象!A5": null });
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(host.saveOriginals).toHaveBeenCalledTimes(1));
    expect(host.markCells.mock.calls[0][1]).toBe(true);
    expect(host.saveOriginals).toHaveBeenLastCalledWith({
      "服务方案!F3": "#FFFF00",
      "服务对象!E4": "#00B050",
      "服务对象!A5": null,
    });

    fireEvent.click(screen.getByTestId("clear"));
    await waitFor(() => expect(messageText()).toBe("已恢复 3 个单元格原来的填充。"));
    expect(host.restoreFills).toHaveBeenCalledWith({ "服务方案!F3": "#FFFF00", "服务对象!E4": "#00B050", "服务对象!A5": null });
    expect(host.saveOriginals).toHaveBeenLastCalledWith({});

    // cleared: nothing left to clear, and 清除标记 says so by being disabled
    await waitFor(() => expect(isDisabled(screen.getByTestId("clear"))).toBe(true));
    fireEvent.click(screen.getByTestId("clear"));
    expect(host.restoreFills).toHaveBeenCalledTimes(1);
  });

  it("清除标记 with nothing marked is disabled and leaves Excel alone", async () => {
    const { host } = fakeHost();
    renderPane(host);
    expect(isDisabled(screen.getByTestId("clear"))).toBe(true);
    fireEvent.click(screen.getByTestId("clear"));
    await clickValidate(1);
    expect(isDisabled(screen.getByTestId("clear"))).toBe(true);
    expect(screen.queryByTestId("message")).toBeNull();
    expect(host.restoreFills).not.toHaveBeenCalled();
    expect(host.saveOriginals).not.toHaveBeenCalled();
  });

  it("清除标记 restores fills saved by an earlier pane", async () => {
    const { host } = fakeHost({ saved: { "服务对象!E4": null, "服务对象!A5": "#00B050" } });
    renderPane(host);
    fireEvent.click(screen.getByTestId("clear"));
    await waitFor(() => expect(messageText()).toBe("已恢复 2 个单元格原来的填充。"));
    expect(host.restoreFills).toHaveBeenCalledWith({ "服务对象!E4": null, "服务对象!A5": "#00B050" });
  });

  it("自动修正 lists the fixes, and 确认修正 writes them and validates again", async () => {
    const { host } = fakeHost();
    host.readWorkbook.mockResolvedValueOnce(planGrid()).mockResolvedValueOnce(planGrid(true));
    renderPane(host);
    await clickValidate(1);

    const dialog = await openFixDialog();
    const text = dialog.textContent ?? "";
    expect(text).toContain("将修改 2 个单元格");
    expect(text).toContain("服务对象!B3：“石家庄泰和数据服务有限公司 ” → “石家庄泰和数据服务有限公司”（去掉多余空格）");
    expect(text).toContain("服务对象!A5：“4” → “3”");
    expect(within(dialog).getAllByRole("listitem", { hidden: true })).toHaveLength(2);

    fireEvent.click(within(dialog).getByTestId("fix-apply"));
    await waitRuns(2);
    await waitFor(() => expect(messageText()).toBe("已修正 2 个单元格，并重新校验。"));
    expect(host.writeCells).toHaveBeenCalledTimes(1);
    expect(host.writeCells).toHaveBeenCalledWith([
      { sheet: "服务对象", cell: "B3", value: "石家庄泰和数据服务有限公司" },
      { sheet: "服务对象", cell: "A5", value: 3 },
    ]);
    expect(host.readWorkbook).toHaveBeenCalledTimes(2);
    expect(host.writeCells.mock.invocationCallOrder[0]).toBeLessThan(host.readWorkbook.mock.invocationCallOrder[1]);
    expect(issueCells()).toEqual(["F3:contact.email_missing", "E4:contact.email_missing"]);
    await waitFor(() => expect(screen.queryByTestId("fix-dialog")).toBeNull());
    expect(screen.getByTestId("fix").textContent).toBe("自动修正");
  });

  it("自动修正 is disabled with nothing to fix, and can be cancelled", async () => {
    const nothing = fakeHost({ grid: planGrid(true) });
    renderPane(nothing.host);
    await clickValidate(1);
    expect(isDisabled(screen.getByTestId("fix"))).toBe(true);
    expect(screen.getByTestId("fix").textContent).toBe("自动修正");
    cleanup();

    const { host } = fakeHost();
    renderPane(host);
    await clickValidate(1);
    const dialog = await openFixDialog();
    expect(dialog.textContent).toContain("将修改 2 个单元格");
    expect(screen.queryByTestId("fix-more")).toBeNull();
    fireEvent.click(within(dialog).getByRole("button", { name: "取消", hidden: true }));
    await waitFor(() => expect(screen.queryByTestId("fix-dialog")).toBeNull());
    expect(host.writeCells).not.toHaveBeenCalled();
  });

  it("disables each button with nothing to do", async () => {
    const state = () =>
      Object.fromEntries(["validate", "mark", "clear", "fix", "next"].map((id) => [id, !isDisabled(screen.getByTestId(id))]));
    const { host } = fakeHost();
    renderPane(host);
    expect(state()).toEqual({ validate: true, mark: false, clear: false, fix: false, next: false });
    await clickValidate(1);
    expect(state()).toEqual({ validate: true, mark: true, clear: false, fix: true, next: true });
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(state().clear).toBe(true));
    cleanup();

    // marks saved by an earlier pane can be cleared at once; an unrecognised workbook has nothing to mark, fix or go to
    const other = fakeHost({ grid: unknownGrid(), saved: { "服务对象!E4": null } });
    renderPane(other.host);
    await clickValidate(1);
    expect(state()).toEqual({ validate: true, mark: false, clear: true, fix: false, next: false });
  });

  it("下一个错误 selects the next error's cell in the list's order, wrapping round; F8 and Alt+N do the same", async () => {
    const { host } = fakeHost();
    renderPane(host);
    await clickValidate(1);
    expect(screen.getByTestId("next").getAttribute("title")).toBe("选择下一个错误所在的单元格（快捷键 F8 或 Alt+N）");
    const active = () =>
      screen
        .queryAllByTestId("issue")
        .filter((b) => b.getAttribute("data-active") === "true")
        .map((b) => b.getAttribute("data-cell"));
    fireEvent.click(screen.getByTestId("next"));
    await waitFor(() => expect(host.selectCell).toHaveBeenLastCalledWith("服务方案", "F3"));
    expect(active()).toEqual(["F3"]);
    fireEvent.keyDown(document, { key: "F8" });
    await waitFor(() => expect(host.selectCell).toHaveBeenLastCalledWith("服务对象", "E4"));
    expect(active()).toEqual(["E4"]);
    fireEvent.keyDown(document, { key: "n", altKey: true });
    await waitFor(() => expect(host.selectCell).toHaveBeenCalledTimes(3));
    expect(host.selectCell).toHaveBeenLastCalledWith("服务方案", "F3");
    // after a warning the user clicked (A5), the next error below it; none: round to the first
    fireEvent.click(screen.getAllByTestId("issue").find((b) => b.getAttribute("data-cell") === "A5")!);
    await waitFor(() => expect(host.selectCell).toHaveBeenLastCalledWith("服务对象", "A5"));
    fireEvent.click(screen.getByTestId("next"));
    await waitFor(() => expect(host.selectCell).toHaveBeenLastCalledWith("服务方案", "F3"));
    // with errors filtered out of the list, it shows them again
    fireEvent.click(screen.getByTestId("filter-error"));
    fireEvent.keyDown(document, { key: "F8" });
    await waitFor(() => expect(host.selectCell).toHaveBeenLastCalledWith("服务对象", "E4"));
    expect(screen.getByTestId("filter-error").getAttribute("aria-pressed")).toBe("true");
    expect(active()).toEqual(["E4"]);
    // other keys do nothing
    const calls = host.selectCell.mock.calls.length;
    fireEvent.keyDown(document, { key: "F8", ctrlKey: true });
    fireEvent.keyDown(document, { key: "n" });
    expect(host.selectCell).toHaveBeenCalledTimes(calls);
  });

  it("下一个错误 past the shown page lists more of the sheet", async () => {
    const { host } = fakeHost({ grid: manyGrid(250) });
    renderPane(host);
    await clickValidate(1);
    const group = screen.getByTestId("group");
    expect(within(group).getAllByTestId("issue")).toHaveLength(200);
    fireEvent.click(within(group).getAllByTestId("issue")[199]);
    await waitFor(() => expect(host.selectCell).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId("next"));
    await waitFor(() => expect(host.selectCell).toHaveBeenCalledTimes(2));
    const items = within(group).getAllByTestId("issue");
    expect(items).toHaveLength(250);
    expect(items[200].getAttribute("data-active")).toBe("true");
    expect(host.selectCell).toHaveBeenLastCalledWith("服务对象", items[200].getAttribute("data-cell"));
  }, 30_000);

  it("自动修正 with marks shown: the fixed cells lose their mark, the others keep theirs", async () => {
    const { host } = fakeHost();
    host.readWorkbook.mockResolvedValueOnce(planGrid()).mockResolvedValueOnce(planGrid(true));
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(host.saveOriginals).toHaveBeenCalledTimes(1));
    await openFixDialog();
    fireEvent.click(screen.getByTestId("fix-apply"));
    await waitRuns(2);
    // A5 (the warning fixed) gets its own fill back; F3 and E4 are still errors, painted already
    await waitFor(() => expect(host.restoreFills).toHaveBeenCalledWith({ "服务对象!A5": null }));
    expect(host.markCells).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(host.saveOriginals).toHaveBeenLastCalledWith({ "服务方案!F3": null, "服务对象!E4": null }));
    expect(isDisabled(screen.getByTestId("clear"))).toBe(false);
  });

  it("自动修正 without marks shown paints nothing", async () => {
    const { host } = fakeHost();
    host.readWorkbook.mockResolvedValueOnce(planGrid()).mockResolvedValueOnce(planGrid(true));
    renderPane(host);
    await clickValidate(1);
    await openFixDialog();
    fireEvent.click(screen.getByTestId("fix-apply"));
    await waitRuns(2);
    await waitFor(() => expect(messageText()).toBe("已修正 2 个单元格，并重新校验。"));
    expect(host.markCells).not.toHaveBeenCalled();
    expect(host.restoreFills).not.toHaveBeenCalled();
  });

  it("live mode with marks shown re-marks after the re-validation: a new error is painted, a fixed one restored", async () => {
    const { host, change } = fakeHost({ grid: planGrid() });
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(host.saveOriginals).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(host.watchChanges).toHaveBeenCalledTimes(1));
    // E4 gets its e-mail, E3 loses its own
    const edited = targets();
    edited.values[3] = [...edited.values[3]];
    edited.values[3][4] = "13948352231/b@example.com";
    edited.values[2] = [...edited.values[2]];
    edited.values[2][4] = "15859457595";
    host.readSheet.mockResolvedValue(edited);
    await act(async () => {
      change({ sheet: "服务对象", address: "E3:E4", top: 2, bottom: 3, left: 4, right: 4 });
    });
    await waitRuns(2);
    await waitFor(() => expect(host.markCells).toHaveBeenCalledTimes(2));
    expect(host.restoreFills).toHaveBeenCalledWith({ "服务对象!E4": null });
    expect(host.markCells.mock.calls[1][0]).toEqual([{ sheet: "服务对象", cell: "E3", color: MARK_COLOR.error }]);
    await waitFor(() =>
      expect(host.saveOriginals).toHaveBeenLastCalledWith({ "服务方案!F3": null, "服务对象!A5": null, "服务对象!E3": null }),
    );
  });

  it("the fix dialog lists the first 100 changes and says 还有 N 处", async () => {
    const n = 130;
    const rows = Array.from({ length: n }, (_, k) => [
      k + 1,
      `石家庄第${k + 1}数据服务有限公司 `,
      "电信和互联网",
      "周伟",
      `138${String(k).padStart(8, "0")}/a${k}@example.com`,
    ]);
    const { host } = fakeHost({
      grid: { sheets: [{ name: "服务对象", values: [["表1 服务对象基本情况"], TARGETS_HEAD, ...rows] }, META] },
    });
    renderPane(host);
    await clickValidate(1);
    expect(screen.getByTestId("fix").textContent).toBe(`自动修正（${n}）`);
    const dialog = await openFixDialog();
    expect(dialog.textContent).toContain(`将修改 ${n} 个单元格`);
    expect(within(dialog).getAllByRole("listitem", { hidden: true })).toHaveLength(100);
    expect(within(dialog).getByTestId("fix-more").textContent).toBe("还有 30 处未列出，确认后一并修正。");
    fireEvent.click(within(dialog).getByTestId("fix-apply"));
    await waitFor(() => expect(host.writeCells).toHaveBeenCalledTimes(1));
    expect(host.writeCells.mock.calls[0][0]).toHaveLength(n);
  }, 30_000);

  it("插入模板 fetches the profile's template and inserts its sheets", async () => {
    const { host } = fakeHost();
    host.fetchTemplate.mockResolvedValue("QUJD");
    renderPane(host);
    // no profile yet: nothing to insert
    expect(screen.queryByTestId("template")).toBeNull();
    await clickValidate(1);
    const select = screen.getByTestId("template") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual([
      "",
      "case-application",
      "case-summary",
      "pilot-institution",
      "pilot-enterprise",
    ]);
    expect(isDisabled(screen.getByTestId("insert"))).toBe(true);
    fireEvent.change(select, { target: { value: "pilot-enterprise" } });
    expect(isDisabled(screen.getByTestId("insert"))).toBe(false);
    fireEvent.click(screen.getByTestId("insert"));
    await waitRuns(2);
    await waitFor(() => expect(messageText()).toBe("已插入模板“网络安全保险服务试点工作方案（行业企业）”的工作表。"));
    expect(host.fetchTemplate).toHaveBeenCalledWith("hebei-2025/网络安全保险服务试点工作方案（行业企业）.xlsx");
    expect(host.insertSheets).toHaveBeenCalledWith("QUJD");
    expect(host.readWorkbook).toHaveBeenCalledTimes(2);
  });

  it("offers 插入模板 for a profile picked before 校验", async () => {
    const { host } = fakeHost();
    renderPane(host);
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "hebei-2025" } });
    fireEvent.change(screen.getByTestId("template"), { target: { value: "pilot-institution" } });
    fireEvent.click(screen.getByTestId("insert"));
    await waitFor(() => expect(host.insertSheets).toHaveBeenCalledTimes(1));
    expect(host.fetchTemplate).toHaveBeenCalledWith(`hebei-2025/${INSTITUTION}.xlsx`);
    await waitRuns(1);
  });

  it("on ExcelApi 1.1 says what is off, disables live mode and hides 插入模板", async () => {
    const { host } = fakeHost({ caps: { apiVersion: "1.1", live: false, scatteredMarks: false, insertTemplate: false } });
    renderPane(host);
    const off = screen.getByTestId("features-off");
    expect(off.textContent).toContain("Excel 支持 ExcelApi 1.1");
    const items = within(off)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^实时校验/);
    expect(items[1]).toMatch(/^插入模板/);
    expect(items[2]).toMatch(/^一次标记多处单元格/);
    expect(isDisabled(screen.getByTestId("live"))).toBe(true);
    await clickValidate(1);
    expect(screen.queryByTestId("template")).toBeNull();
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(host.markCells).toHaveBeenCalledTimes(1));
    expect(host.markCells.mock.calls[0][1]).toBe(false);
  });

  it("says nothing about features on a current host", () => {
    const { host } = fakeHost();
    renderPane(host);
    expect(screen.queryByTestId("features-off")).toBeNull();
    expect(isDisabled(screen.getByTestId("live"))).toBe(false);
  });

  it("shows the host's errors as 出错了：… and enables the buttons again", async () => {
    const { host } = fakeHost();
    host.readWorkbook.mockRejectedValueOnce(new Error("工作表被保护"));
    renderPane(host);
    fireEvent.click(screen.getByTestId("validate"));
    await waitFor(() => expect(messageText()).toBe("出错了：工作表被保护"));
    expect(isDisabled(screen.getByTestId("validate"))).toBe(false);
    expect(screen.getByTestId("validate").textContent).toBe("校验");
    expect(runs()).toBe(0);

    await clickValidate(1);
    expect(screen.queryByTestId("message")).toBeNull();
    host.markCells.mockRejectedValueOnce(new Error("GeneralException"));
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toBe("出错了：GeneralException"));
    expect(isDisabled(screen.getByTestId("mark"))).toBe(false);
    expect(host.saveOriginals).not.toHaveBeenCalled();

    host.selectCell.mockRejectedValueOnce("ItemNotFound");
    fireEvent.click(screen.getAllByTestId("issue")[0]);
    await waitFor(() => expect(messageText()).toBe("出错了：ItemNotFound"));

    host.writeCells.mockRejectedValueOnce(new Error("InvalidArgument"));
    await openFixDialog();
    fireEvent.click(screen.getByTestId("fix-apply"));
    await waitFor(() => expect(messageText()).toBe("出错了：InvalidArgument"));
    expect(isDisabled(screen.getByTestId("fix"))).toBe(false);
    expect(runs()).toBe(1);

    host.fetchTemplate.mockRejectedValueOnce(new Error("模板 x 无法下载（HTTP 404）"));
    fireEvent.change(screen.getByTestId("template"), { target: { value: "case-summary" } });
    fireEvent.click(screen.getByTestId("insert"));
    await waitFor(() => expect(messageText()).toBe("出错了：模板 x 无法下载（HTTP 404）"));
    expect(host.insertSheets).not.toHaveBeenCalled();
    expect(isDisabled(screen.getByTestId("insert"))).toBe(false);
  });

  it("a failed 标记问题 points to 下载标注副本, which makes the annotated copy from the workbook's bytes and saves it", async () => {
    const bytes = await gridBytes(planGrid());
    const { host } = fakeHost({ copy: bytes, name: "申报.xlsx" });
    host.markCells.mockRejectedValueOnce(new Error("The cell or chart you're trying to change is on a protected sheet."));
    downloads = captureDownloads();
    renderPane(host);
    expect(screen.queryByTestId("download-copy")).toBeNull(); // nothing to mark yet
    await clickValidate(1);
    // Offered after 校验 with problems, before any marking failed.
    expect(isDisabled(screen.getByTestId("download-copy"))).toBe(false);
    expect(screen.getByTestId("download-copy").getAttribute("title")).toContain("问题清单");

    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toContain("无法在本工作簿中标记问题"));
    expect(messageText()).toContain("protected sheet");
    expect(messageText()).toContain("下载标注副本");
    expect(host.saveOriginals).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("download-copy"));
    await waitFor(() => expect(messageText()).toContain("已下载“申报（已标注）.xlsx”"));
    expect(host.workbookBytes).toHaveBeenCalledTimes(1);
    const issues = validate(planGrid(), choose(planGrid(), undefined as never), TODAY).issues;
    expect(vi.mocked(annotate)).toHaveBeenCalledTimes(1);
    const [given, givenIssues, opts] = vi.mocked(annotate).mock.calls[0];
    expect(given).toBe(bytes);
    expect(givenIssues.map((i) => `${i.sheet}!${i.cell}:${i.code}`)).toEqual(issues.map((i) => `${i.sheet}!${i.cell}:${i.code}`));
    expect(opts).toEqual({ name: "申报.xlsx" });
    expect(downloads.saved.map((d) => d.name)).toEqual(["申报（已标注）.xlsx"]);
    const copy = await loadBlob(downloads.saved[0].blob);
    expect(copy.worksheets[0].name).toBe("问题清单");
    expect(fillOf(copy, "服务对象", "E4")).toBe(FILL.error);
    expect(fillOf(copy, "服务对象", "A5")).toBe(FILL.warning);
    expect(host.markCells).toHaveBeenCalledTimes(1); // the workbook itself untouched
    expect(isDisabled(screen.getByTestId("validate"))).toBe(false);
  });

  it("a read-only workbook: 标记问题 is off and says to use 下载标注副本; an unnamed workbook's copy is 工作簿（已标注）.xlsx", async () => {
    const { host } = fakeHost({ copy: await gridBytes(planGrid()), caps: { markInPlace: false, workbookCopy: true } });
    downloads = captureDownloads();
    renderPane(host);
    const off = within(screen.getByTestId("features-off"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(off).toEqual([expect.stringMatching(/^在工作簿中标记问题（本工作簿以只读方式打开）；可改用“下载标注副本”/)]);
    await clickValidate(1);
    expect(isDisabled(screen.getByTestId("mark"))).toBe(true);
    fireEvent.click(screen.getByTestId("download-copy"));
    await waitFor(() => expect(downloads!.saved).toHaveLength(1));
    expect(downloads.saved[0].name).toBe("工作簿（已标注）.xlsx");
    expect(vi.mocked(annotate).mock.calls[0][2]).toEqual({ name: "工作簿.xlsx" });
  });

  it("下载标注副本 says why when no copy can be made; a host without workbookBytes offers none", async () => {
    const { host } = fakeHost({ copy: new Uint8Array([1, 2, 3]) });
    host.workbookBytes!.mockRejectedValueOnce(new Error("getFileAsync: Internal Error (5001)"));
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("download-copy"));
    await waitFor(() => expect(messageText()).toBe("无法生成标注副本：getFileAsync: Internal Error (5001)"));
    expect(isDisabled(screen.getByTestId("download-copy"))).toBe(false);
    cleanup();

    const bare = fakeHost();
    bare.host.markCells.mockRejectedValueOnce(new Error("AccessDenied"));
    renderPane(bare.host);
    await clickValidate(1);
    expect(screen.queryByTestId("download-copy")).toBeNull();
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toBe("出错了：AccessDenied"));
  });

  it("speaks English when Office does", async () => {
    const { host } = fakeHost({
      caps: { language: "en-US", apiVersion: "1.1", live: false, insertTemplate: false, scatteredMarks: false },
    });
    renderPane(host);
    expect(screen.getByText("Pilot forms check")).toBeTruthy();
    expect(screen.getByTestId("validate").textContent).toBe("Validate");
    expect(screen.getByTestId("mark").textContent).toBe("Mark problems");
    expect(screen.getByTestId("clear").textContent).toBe("Clear marks");
    expect(screen.getByTestId("fix").textContent).toBe("Auto-fix");
    expect(screen.getByText("Live check")).toBeTruthy();
    expect(screen.getByTestId("features-off").textContent).toContain("Excel supports ExcelApi 1.1");
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain("from the template metadata");
    expect(screen.getByTestId("filter-error").textContent).toContain("Errors");
    expect(screen.getByTestId("filter-warning").textContent).toContain("Warnings");
    expect(screen.getByTestId("summary").textContent).toMatch(/^Checked 2 tables, 5 rows in \d+ ms\.$/);
    expect(screen.getByTestId("next").textContent).toBe("Next error");
    expect(screen.getByTestId("next").getAttribute("title")).toContain("F8");
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toMatch(/^Marked 3 cells/));
    fireEvent.click(screen.getByTestId("clear"));
    await waitFor(() => expect(messageText()).toBe("Restored the original fill of 3 cells."));
  });

  it("live mode re-reads the edited sheets once per burst of edits, and stops watching when turned off", async () => {
    const { host, stop, change } = fakeHost({ grid: planGrid() });
    renderPane(host);
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(host.watchChanges).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("实时校验已开启：编辑单元格后自动重新校验该工作表。")).toBeTruthy();

    const fixedTargets = targets(true);
    host.readSheet.mockResolvedValue(fixedTargets);
    await act(async () => {
      for (const [address, col] of [
        ["B3", 1],
        ["A5", 0],
        ["C3", 2],
      ] as const)
        change({ sheet: "服务对象", address, top: 2, bottom: 2, left: col, right: col });
      change({ sheet: "", address: "A1", top: 0, bottom: 0, left: 0, right: 0 }); // no sheet: ignored
    });
    await waitRuns(2);
    expect(host.readSheet).toHaveBeenCalledTimes(1);
    expect(host.readSheet).toHaveBeenCalledWith("服务对象");
    expect(host.readWorkbook).toHaveBeenCalledTimes(1);
    expect(issueCells()).toEqual(["F3:contact.email_missing", "E4:contact.email_missing"]);
    // the choice made by 校验 is kept
    expect(screen.getByTestId("detected").textContent).toContain("由模板元数据识别");

    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(stop).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByText(/实时校验已开启/)).toBeNull());
  });

  it("live mode reads only the edited rows when the host can, and the whole sheet for an unknown range", async () => {
    const { host, change } = fakeHost({ grid: planGrid() });
    const fixedRows = targets(true).values.slice(2, 5);
    const readRows = vi.fn<NonNullable<PaneHost["readRows"]>>(async () => ({ values: fixedRows }));
    renderPane({ ...host, readRows });
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(host.watchChanges).toHaveBeenCalledTimes(1));

    await act(async () => {
      change({ sheet: "服务对象", address: "B3", top: 2, bottom: 2, left: 1, right: 1 });
      change({ sheet: "服务对象", address: "A5", top: 4, bottom: 4, left: 0, right: 0 });
    });
    await waitRuns(2);
    // rows 3..5 (0-based 2..4) across the sheet's columns A..E
    expect(readRows).toHaveBeenCalledTimes(1);
    expect(readRows).toHaveBeenCalledWith("服务对象", 2, 4, 0, 4);
    expect(host.readSheet).not.toHaveBeenCalled();
    expect(issueCells()).toEqual(["F3:contact.email_missing", "E4:contact.email_missing"]);

    await act(async () => {
      change({ sheet: "服务方案", address: "A:A", top: -1, bottom: -1, left: -1, right: -1 });
    });
    await waitRuns(3);
    expect(host.readSheet).toHaveBeenCalledWith("服务方案");
    expect(readRows).toHaveBeenCalledTimes(1);
  });
});

// ---------------------------------------------------------------------------------------
// (b) The real adapter on the simulated Excel host

async function loadExample(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(SJZ_PLAN) as unknown as ArrayBuffer);
  return wb;
}

describe("the pane with officeHost on the simulated Excel host", () => {
  it("validates the example and lists E20 and B22; selecting and marking reach the workbook", async () => {
    sim = installSimulatedExcel({ workbook: await loadExample(), apiVersion: "1.18", displayLanguage: "zh-CN" });
    renderPane({ ...officeHost, today: TODAY });
    expect(screen.queryByTestId("features-off")).toBeNull();
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain(HEBEI);
    expect(issueCells()).toContain("E20:contact.email_missing");
    expect(issueCells()).toContain("B22:row.duplicate");

    const e20 = screen.getAllByTestId("issue").find((b) => b.getAttribute("data-cell") === "E20")!;
    fireEvent.click(e20);
    await waitFor(() =>
      expect(sim!.selections.at(-1)).toEqual({ sheet: "服务对象", address: expect.stringMatching(/^\$?E\$?20$/) }),
    );

    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toContain("已标记"));
    expect(sim.fillOf("服务对象", "E20")).toBe(MARK_COLOR.error);
    expect(sim.fillOf("服务对象", "B22")).toBe(MARK_COLOR.warning);
  });

  it("live mode validates again after an edit, and the E20 issue goes away", async () => {
    sim = installSimulatedExcel({ workbook: await loadExample(), apiVersion: "1.18", displayLanguage: "zh-CN" });
    const readRows = vi.fn(officeHost.readRows!);
    const readSheet = vi.fn(officeHost.readSheet);
    renderPane({ ...officeHost, readRows, readSheet, today: TODAY });
    await clickValidate(1);
    expect(issueCells()).toContain("E20:contact.email_missing");

    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(sim!.handlerCount()).toBeGreaterThan(0));
    await act(async () => {
      await sim!.edit("服务对象", "E20", "13800138000 a@example.com");
    });
    await waitRuns(2);
    expect(issueCells()).not.toContain("E20:contact.email_missing");
    expect(issueCells()).toContain("B22:row.duplicate");
    // only row 20 was read again, through the adapter
    expect(readRows).toHaveBeenCalledWith("服务对象", 19, 19, 0, 5);
    expect(readSheet).not.toHaveBeenCalled();
    expect(sim.valueOf("服务对象", "E20")).toBe("13800138000 a@example.com");

    fireEvent.click(screen.getByTestId("live"));
    await waitFor(() => expect(sim!.handlerCount()).toBe(0));
  });

  it("the profile picked is kept in the document's settings, and a new pane uses it", async () => {
    sim = installSimulatedExcel({ workbook: await loadExample(), apiVersion: "1.18", displayLanguage: "zh-CN" });
    renderPane({ ...officeHost, today: TODAY });
    fireEvent.change(screen.getByTestId("profile"), { target: { value: "miit-2025" } });
    await waitFor(() => expect(sim!.settings.get("pilot-forms.profile")).toEqual({ profile: "miit-2025" }));
    cleanup();
    renderPane({ ...officeHost, today: TODAY });
    await clickValidate(1);
    expect(screen.getByTestId("detected").textContent).toContain("本工作簿上次选择的配置");
    expect(screen.getByTestId("detected").textContent).not.toContain(HEBEI);
  });

  it("a protected sheet: 标记问题 fails, 下载标注副本 saves the copy of the workbook (getFileAsync) with E20 red", async () => {
    sim = installSimulatedExcel({
      workbook: await loadExample(),
      apiVersion: "1.18",
      url: "C:\\报送\\试点工作方案（服务机构）.xlsx",
      protectedSheets: ["服务对象"],
    });
    downloads = captureDownloads();
    renderPane({ ...officeHost, today: TODAY });
    await clickValidate(1);
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(messageText()).toContain("无法在本工作簿中标记问题"));
    expect(messageText()).toContain("protected sheet");
    fireEvent.click(screen.getByTestId("download-copy"));
    await waitFor(() => expect(downloads!.saved).toHaveLength(1));
    expect(downloads.saved[0].name).toBe("试点工作方案（服务机构）（已标注）.xlsx");
    expect(sim.openFiles).toBe(0);
    const copy = await loadBlob(downloads.saved[0].blob);
    expect(copy.getWorksheet("问题清单")).toBeDefined();
    expect(fillOf(copy, "服务对象", "E20")).toBe(FILL.error);
    expect(sim.fillOf("服务对象", "E20")).not.toBe(MARK_COLOR.error);
  });

  it("on ExcelApi 1.1 in English: the features that are off", async () => {
    sim = installSimulatedExcel({ workbook: await loadExample(), apiVersion: "1.1", displayLanguage: "en-US" });
    renderPane({ ...officeHost, today: TODAY });
    const off = screen.getByTestId("features-off").textContent ?? "";
    expect(off).toContain("ExcelApi 1.1");
    expect(off).toContain("Live check");
    expect(off).toContain("Insert template");
    expect(isDisabled(screen.getByTestId("live"))).toBe(true);
    await clickValidate(1);
    expect(issueCells()).toContain("E20:contact.email_missing");
  });
});

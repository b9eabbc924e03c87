// The harness page: the task pane (or, with ?pane=classic, the classic IE11 pane) against the simulated Excel host (addin/sim/excel-sim.ts),
// next to a plain HTML view of the active sheet. Bundled by webpack into
// dist-harness/harness.html (template ./harness.html), with examples/ copied beside it.
//
//   harness.html?workbook=<.xlsx url relative to the page>&api=<ExcelApi 1.x>
//   harness.html?host=wps&workbook=…   the React pane on WPS 表格's ET object model instead:
//       the ET simulator (addin/sim/et-sim.ts) over the workbook, the pane's host made by
//       createWpsHost(sim.Application) (addin/wps/host.ts). No Office/Excel globals then;
//       window.__etSim is the EtSim (selections, fillOf, edit() firing SheetChange…) and
//       window.__sim is not set. The sheet view is redrawn when the simulator's call trace,
//       selections or active sheet change (the ET sim has no update callback).
//
// For browser tests: window.__sim is the SimHost (syncCount, selections, fillWrites, edit()…),
// <body data-ready="true"> once the pane is mounted, every shown cell is
// `#sheet-view td[data-address="B3"]`, the sheet tabs are `#sheet-tabs button[data-sheet]`.
// Clicking a cell selects it, double-clicking edits it (Enter commits through host.edit(),
// which fires onChanged like typing in Excel), clicking a tab activates the sheet.
import ExcelJS from "exceljs";
import { createEtSim, type EtSim } from "../sim/et-sim.js";
import { columnLetters, installSimulatedExcel, type SimHost, type SimSnapshot } from "../sim/excel-sim.js";

const DEFAULT_WORKBOOK = "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx";
const DEFAULT_API = "1.18";
const MAX_ROWS = 200;
const MAX_COLUMNS = 30;

declare global {
  interface Window {
    __sim?: SimHost;
    /** host=wps: the ET simulator the pane's WPS host drives. */
    __etSim?: EtSim;
  }
}

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

const params = new URLSearchParams(location.search);
const apiVersion = params.get("api") || DEFAULT_API;
const workbookUrl = params.get("workbook") || DEFAULT_WORKBOOK;
/** pane=classic: the IE11 pane (addin/classic/, built to classic.js by webpack.classic.mjs) instead of the React one. */
const paneKind = params.get("pane") === "classic" ? "classic" : "modern";
/** host=wps: WPS 表格 (the ET simulator and createWpsHost) instead of Excel. */
const wps = params.get("host") === "wps";

/** Load classic.js once; it sets window.pilotFormsClassic (no office.js here: it does not mount itself). */
function classicPane(): Promise<NonNullable<Window["pilotFormsClassic"]>> {
  if (window.pilotFormsClassic) return Promise.resolve(window.pilotFormsClassic);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "classic.js";
    script.onload = () =>
      window.pilotFormsClassic ? resolve(window.pilotFormsClassic) : reject(new Error("classic.js did not start"));
    script.onerror = () => reject(new Error("classic.js is missing: build the harness (npm run build:harness)"));
    document.head.appendChild(script);
  });
}

let host: SimHost | null = null;
let unsubscribe: (() => void) | null = null;
let unmountPane: (() => void) | null = null;
let renderQueued = false;
let editing = false;
let lastScrollKey = "";

// ---------------------------------------------------------------------------------------
// Loading

async function loadWorkbook(bytes: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

function showMessage(text: string | null): void {
  const box = byId("sheet-message");
  box.hidden = !text;
  box.textContent = text ?? "";
}

/** A fresh #pane element, so a new React root never shares a node with an old one. */
function freshPane(): HTMLElement {
  const old = byId("pane");
  const pane = document.createElement("aside");
  pane.id = "pane";
  pane.setAttribute("aria-label", "任务窗格");
  old.replaceWith(pane);
  return pane;
}

async function start(workbook: ExcelJS.Workbook, label: string): Promise<void> {
  document.body.dataset.ready = "false";
  unsubscribe?.();
  unmountPane?.();
  unmountPane = null;
  host?.uninstall();
  lastScrollKey = "";
  const pane = freshPane();
  if (wps) return startWps(workbook, label, pane);

  host = installSimulatedExcel({ workbook, apiVersion });
  window.__sim = host;
  unsubscribe = host.onUpdate(scheduleRender);
  byId("harness-workbook").textContent = label;
  byId("harness-workbook").title = label;
  showMessage(null);
  render();

  try {
    if (paneKind === "classic") {
      // The classic pane's own ES5 build (classic.js beside this page), as Office 2016 loads it.
      const classic = await classicPane();
      unmountPane = classic.mount(pane);
    } else {
      const { mountPane } = await import("../taskpane/mount.js");
      // If mountPane returns an unmount function, use it when another file is opened.
      const result: unknown = mountPane(pane);
      unmountPane = typeof result === "function" ? (result as () => void) : null;
    }
  } catch (e) {
    pane.textContent = `任务窗格加载失败：${(e as Error).message}`;
    throw e;
  }
  document.body.dataset.ready = "true";
}

// ---------------------------------------------------------------------------------------
// host=wps: the ET simulator

let et: EtSim | null = null;
/** What the user clicked last (the ET sim records only the object model's Select()). */
let etClicked: { sheet: string; address: string; at: number } | null = null;
let etSeen = "";
let etTimer: number | undefined;

/** The ET sim's state that the sheet view shows: a change of it redraws the view. */
function etSignature(sim: EtSim): string {
  return `${sim.calls.length}|${sim.selections.length}|${sim.activeSheet}|${etClicked?.sheet}!${etClicked?.address}`;
}

async function startWps(workbook: ExcelJS.Workbook, label: string, pane: HTMLElement): Promise<void> {
  if (etTimer !== undefined) clearInterval(etTimer);
  const sim = createEtSim({ workbook });
  et = sim;
  etClicked = null;
  etSeen = "";
  window.__etSim = sim;
  delete window.__sim;
  byId("harness-workbook").textContent = label;
  byId("harness-workbook").title = label;
  showMessage(null);
  etTimer = window.setInterval(() => {
    // the trace is capped (50,000 entries): keep it short so that its length still moves
    if (sim.calls.length > 40_000) sim.calls = [];
    if (!editing && etSignature(sim) !== etSeen) render();
  }, 100);
  render();
  try {
    const [{ mountPane, officeHost }, { createWpsHost }] = await Promise.all([
      import("../taskpane/mount.js"),
      import("../wps/host.js"),
    ]);
    unmountPane = mountPane(pane, createWpsHost(sim.Application, { fetchTemplate: officeHost.fetchTemplate }));
  } catch (e) {
    pane.textContent = `任务窗格加载失败：${(e as Error).message}`;
    throw e;
  }
  document.body.dataset.ready = "true";
}

/** The ET sim's active sheet as the view shows it: cell text (exceljs's), fills, the selection. */
function etSnapshot(sim: EtSim, sheet: string): SimSnapshot {
  const ws = sim.workbook.getWorksheet(sheet);
  const last = [...sim.selections].reverse().find((s) => s.sheet === sheet);
  // the user's click until the pane selects something after it
  const clicked = etClicked?.sheet === sheet && etClicked.at === sim.selections.length ? etClicked.address : undefined;
  const selection = clicked ?? last?.address ?? "A1";
  const sel = parseArea(selection) ?? { r0: 1, c0: 1, r1: 1, c1: 1 };
  const rows = Math.max(ws?.rowCount ?? 1, sel.r1, 1);
  const cols = Math.max(ws?.columnCount ?? 1, sel.c1, 1);
  const shownRows = Math.min(rows, MAX_ROWS);
  const shownCols = Math.min(cols, MAX_COLUMNS);
  const cells: SimSnapshot["cells"] = [];
  for (let r = 1; r <= shownRows; r++) {
    const row: SimSnapshot["cells"][number] = [];
    for (let c = 1; c <= shownCols; c++) {
      const address = `${columnLetters(c)}${r}`;
      const cell = ws?.findCell(r, c);
      let text = "";
      try {
        text = cell && cell.type !== ExcelJS.ValueType.Merge ? cell.text : "";
      } catch {
        text = String(sim.valueOf(sheet, address) ?? "");
      }
      row.push({ text, fill: sim.fillOf(sheet, address) });
    }
    cells.push(row);
  }
  return {
    sheet,
    rowIndex: 0,
    columnIndex: 0,
    usedAddress: `A1:${columnLetters(cols)}${rows}`,
    selection,
    truncated: rows > shownRows || cols > shownCols,
    cells,
  };
}

function renderWps(sim: EtSim): void {
  etSeen = etSignature(sim);
  const sheet = sim.activeSheet;
  const tabs = byId("sheet-tabs");
  const frag = document.createDocumentFragment();
  for (const { name, visible } of sim.sheetList()) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.dataset.sheet = name;
    b.setAttribute("aria-selected", String(name === sheet));
    if (visible !== -1) {
      b.classList.add("hidden-sheet");
      b.textContent = `${name}（${visible === 0 ? "隐藏" : "深度隐藏"}）`;
      b.title = "WPS 表格不显示这个工作表的标签";
    } else b.textContent = name;
    frag.append(b);
  }
  tabs.replaceChildren(frag);
  if (!sheet) {
    byId("sheet-view").replaceChildren();
    return;
  }
  const snap = etSnapshot(sim, sheet);
  renderTable(snap);
  const parts = [
    `当前单元格 ${snap.sheet}!${snap.selection}`,
    "WPS 表格（ET 模拟器）",
    `选择 ${sim.selections.length} 次`,
    `SheetChange 监听 ${sim.listenerCount()} 个`,
  ];
  if (snap.truncated) parts.push(`（只显示前 ${MAX_ROWS} 行 × ${MAX_COLUMNS} 列）`);
  byId("sheet-status").replaceChildren(
    ...parts.map((p) => {
      const span = document.createElement("span");
      span.textContent = p;
      return span;
    }),
  );
  const key = `${snap.sheet}!${snap.selection}#${sim.selections.length}`;
  if (key !== lastScrollKey) {
    lastScrollKey = key;
    const sel = parseArea(snap.selection);
    if (sel)
      byId("sheet-view")
        .querySelector<HTMLElement>(`td[data-address="${columnLetters(sel.c0)}${sel.r0}"]`)
        ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}

async function openFromUrl(url: string): Promise<void> {
  const target = new URL(url, document.baseURI);
  const res = await fetch(target);
  if (!res.ok)
    throw new Error(
      `无法下载工作簿 ${decodeURIComponent(target.pathname)}（HTTP ${res.status}）。可以用“打开本地文件”选择一个 .xlsx 文件。`,
    );
  const wb = await loadWorkbook(await res.arrayBuffer());
  await start(wb, decodeURIComponent(url));
}

async function openFromFile(file: File): Promise<void> {
  const wb = await loadWorkbook(await file.arrayBuffer());
  await start(wb, `${file.name}（本地文件）`);
}

// ---------------------------------------------------------------------------------------
// Rendering the active sheet

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    if (!editing) render();
  });
}

interface Area {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "B3" or "B3:D5" → 1-based area (null for anything else). */
function parseArea(address: string): Area | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.split(",")[0]);
  if (!m) return null;
  const c0 = columnNumber(m[1]);
  const r0 = Number(m[2]);
  return { r0, c0, r1: m[4] ? Number(m[4]) : r0, c1: m[3] ? columnNumber(m[3]) : c0 };
}

function render(): void {
  if (wps) {
    if (et) renderWps(et);
    return;
  }
  if (!host) return;
  const sheet = host.activeSheet;
  renderTabs(host, sheet);
  if (!sheet) {
    byId("sheet-view").replaceChildren();
    renderStatus(host, null);
    return;
  }
  const snap = host.snapshot(sheet, { maxRows: MAX_ROWS, maxColumns: MAX_COLUMNS });
  renderTable(snap);
  renderStatus(host, snap);
  scrollToSelection(host, snap);
}

function renderTabs(h: SimHost, active: string): void {
  const tabs = byId("sheet-tabs");
  const frag = document.createDocumentFragment();
  for (const { name, visibility } of h.sheetList()) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.dataset.sheet = name;
    b.setAttribute("aria-selected", String(name === active));
    if (visibility !== "Visible") {
      b.classList.add("hidden-sheet");
      b.textContent = `${name}（${visibility === "Hidden" ? "隐藏" : "深度隐藏"}）`;
      b.title = "Excel 不显示这个工作表的标签";
    } else {
      b.textContent = name;
    }
    frag.append(b);
  }
  tabs.replaceChildren(frag);
}

function renderTable(snap: SimSnapshot): void {
  const table = byId<HTMLTableElement>("sheet-view");
  const sel = parseArea(snap.selection);
  const thead = document.createElement("thead");
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.className = "corner";
  head.append(corner);
  const columns = snap.cells[0]?.length ?? 0;
  for (let j = 0; j < columns; j++) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = columnLetters(snap.columnIndex + j + 1);
    head.append(th);
  }
  thead.append(head);
  const tbody = document.createElement("tbody");
  snap.cells.forEach((row, i) => {
    const r = snap.rowIndex + i + 1;
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = String(r);
    tr.append(th);
    row.forEach((cell, j) => {
      const c = snap.columnIndex + j + 1;
      const td = document.createElement("td");
      td.dataset.address = `${columnLetters(c)}${r}`;
      td.textContent = cell.text;
      if (cell.text) td.title = cell.text;
      if (cell.fill) {
        td.style.backgroundColor = cell.fill;
        td.dataset.fill = cell.fill;
      }
      if (sel && r >= sel.r0 && r <= sel.r1 && c >= sel.c0 && c <= sel.c1) td.classList.add("selected");
      tr.append(td);
    });
    tbody.append(tr);
  });
  table.dataset.sheet = snap.sheet;
  table.replaceChildren(thead, tbody);
}

function renderStatus(h: SimHost, snap: SimSnapshot | null): void {
  const parts = [
    `ExcelApi ${h.apiVersion}`,
    `同步 ${h.syncCount} 次`,
    `选择 ${h.selections.length} 次`,
    `填充写入 ${h.fillWrites.length} 次`,
    `变更事件处理程序 ${h.handlerCount()} 个`,
  ];
  if (snap) {
    parts.unshift(`当前单元格 ${snap.sheet}!${snap.selection}`, `已用区域 ${snap.usedAddress}`);
    if (snap.truncated) parts.push(`（只显示前 ${MAX_ROWS} 行 × ${MAX_COLUMNS} 列）`);
  }
  const status = byId("sheet-status");
  status.replaceChildren(
    ...parts.map((p) => {
      const span = document.createElement("span");
      span.textContent = p;
      return span;
    }),
  );
}

/** Scroll the selected cell into view when the selection changes (not on every re-render). */
function scrollToSelection(h: SimHost, snap: SimSnapshot): void {
  const key = `${snap.sheet}!${snap.selection}#${h.selections.length}`;
  if (key === lastScrollKey) return;
  lastScrollKey = key;
  const sel = parseArea(snap.selection);
  if (!sel) return;
  const td = byId("sheet-view").querySelector<HTMLElement>(`td[data-address="${columnLetters(sel.c0)}${sel.r0}"]`);
  td?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

// ---------------------------------------------------------------------------------------
// The user's actions: tabs, clicks, typing

/** The cell's sheet and how to write it: the Excel sim's edit() (onChanged) or the ET sim's (SheetChange). */
function editTarget(): { sheet: string; write: (sheet: string, address: string, value: string) => Promise<void> } | undefined {
  if (wps) {
    const sim = et;
    // The ET sim is synchronous; its edit() fires SheetChange before returning. The view redraws after.
    const write = async (sh: string, a: string, v: string) => {
      sim?.edit(sh, a, v);
      render();
    };
    return sim ? { sheet: sim.activeSheet, write } : undefined;
  }
  const h = host;
  return h ? { sheet: h.activeSheet, write: (sh, a, v) => h.edit(sh, a, v) } : undefined;
}

function startEdit(td: HTMLTableCellElement): void {
  const target = editTarget();
  if (!target || editing) return;
  const sheet = target.sheet;
  const address = td.dataset.address!;
  const original = td.textContent ?? "";
  editing = true;
  const input = document.createElement("input");
  input.value = original;
  input.setAttribute("aria-label", `编辑 ${address}`);
  td.replaceChildren(input);
  input.focus();
  input.select();
  let done = false;
  const finish = (commit: boolean) => {
    if (done) return;
    done = true;
    editing = false;
    if (commit && input.value !== original)
      void target.write(sheet, address, input.value).catch((e: unknown) => {
        showMessage(`无法写入 ${address}：${(e as Error).message}`);
        render();
      });
    else render();
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") finish(true);
    else if (e.key === "Escape") finish(false);
  });
  input.addEventListener("blur", () => finish(true));
}

function wireEvents(): void {
  if (wps) return wireWpsEvents();
  byId("sheet-tabs").addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-sheet]");
    if (b && host) host.userActivate(b.dataset.sheet!);
  });
  const table = byId("sheet-view");
  table.addEventListener("click", (e) => {
    const td = (e.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
    if (td && host && !editing) host.userSelect(host.activeSheet, td.dataset.address!);
  });
  table.addEventListener("dblclick", (e) => {
    const td = (e.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
    if (td) startEdit(td);
  });

  const api = byId<HTMLSelectElement>("harness-api");
  if (![...api.options].some((o) => o.value === apiVersion)) api.add(new Option(`ExcelApi ${apiVersion}`, apiVersion));
  api.value = apiVersion;
  api.addEventListener("change", () => {
    const next = new URLSearchParams(location.search);
    next.set("api", api.value);
    location.search = next.toString();
  });

  const file = byId<HTMLInputElement>("harness-file");
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (!f) return;
    openFromFile(f).catch((e: unknown) => showMessage(`无法打开 ${f.name}：${(e as Error).message}`));
  });
}

function wireWpsEvents(): void {
  document.title = "pilot-forms 加载项测试页（模拟 WPS 表格）";
  const heading = document.querySelector("#harness-bar h1");
  if (heading) heading.textContent = document.title;
  // no ExcelApi version to choose on WPS
  const api = byId("harness-api");
  (api.closest("label") ?? api).hidden = true;
  byId("sheet-tabs").addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-sheet]");
    if (!b || !et) return;
    try {
      (et.Application.ActiveWorkbook!.Worksheets.Item(b.dataset.sheet!) as { Activate(): void }).Activate();
    } catch (err) {
      showMessage((err as Error).message); // a hidden sheet cannot be activated
    }
    render();
  });
  const table = byId("sheet-view");
  table.addEventListener("click", (e) => {
    const td = (e.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
    if (!td || !et || editing) return;
    etClicked = { sheet: et.activeSheet, address: td.dataset.address!, at: et.selections.length };
    render();
  });
  table.addEventListener("dblclick", (e) => {
    const td = (e.target as HTMLElement).closest<HTMLTableCellElement>("td[data-address]");
    if (td) startEdit(td);
  });
  const file = byId<HTMLInputElement>("harness-file");
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (!f) return;
    openFromFile(f).catch((e: unknown) => showMessage(`无法打开 ${f.name}：${(e as Error).message}`));
  });
}

wireEvents();
openFromUrl(workbookUrl).catch((e: unknown) => {
  showMessage((e as Error).message);
  byId("harness-workbook").textContent = "未加载工作簿";
});

// The pane's host in WPS 表格 (issue 12): the only module that calls WPS's ET object model, the
// way addin/excel/host.ts is the only one that calls Office.js. WPS does not load Office.js; a
// WPS 加载项 drives the ET object model (COM/VBA style, synchronous) through its global
// `Application`, which createWpsHost() takes as an argument (tests pass the simulator's,
// addin/sim/et-sim.ts). The members used are declared in ./et.ts, subsets of et-jsapi-declare.
//
// Every call is synchronous: the PaneHost's promises resolve at once. Reading a sheet is one
// Value2 and one NumberFormat of its used range (a column's, then a cell's, only where the
// formats differ), one MergeCells (a row's, then a cell's, only where there are merges).
//
// What WPS keeps across sessions: the original fills of marked cells in a custom document
// property ("pilot-forms.originalFills", JSON) while the JSON is short enough
// (PROPERTY_LIMIT), else in a very hidden sheet "pilot-forms-fills" (JSON in column A, the
// property then says "sheet:pilot-forms-fills"); the profile chosen in "pilot-forms.profile".
//
// Nothing here was run in real WPS: it is written against the declarations and tested on the
// simulator.
import type { CellValue, SheetGrid } from "../../forms/model.js";
import { a1, parseRange } from "../../forms/address.js";
import {
  excelText,
  markKey,
  type Capabilities,
  type CellWrite,
  type ChangedRange,
  type Mark,
  type OriginalFills,
  type ProfileChoice,
} from "../excel/host.js";
import type { PaneHost } from "../taskpane/pane-host.js";
import {
  msoPropertyTypeString,
  xlNone,
  xlSheetHidden,
  xlSheetVeryHidden,
  xlSheetVisible,
  type EtApplication,
  type EtRange,
  type EtWorkbook,
  type EtWorksheet,
  type SheetChangeListener,
} from "./et.js";

/** The sheet the original fills go to when they do not fit a document property (never shown, never read as a form). */
export const FILLS_SHEET = "pilot-forms-fills";
export const FILLS_PROPERTY = "pilot-forms.originalFills";
export const PROFILE_PROPERTY = "pilot-forms.profile";
const SHEET_MARKER = `sheet:${FILLS_SHEET}`;
/**
 * Longest JSON kept in a document property. WPS documents no limit for a custom property's
 * text; Office's UI stops at 255 characters, so 255 is taken as the safe one.
 */
export const PROPERTY_LIMIT = 255;
/** A cell holds at most 32,767 characters: the JSON is cut into pieces below that. */
const CHUNK = 32_000;

export const NOT_IN_WPS = {
  insert: "WPS 表格中暂不能直接插入模板：请点“下载模板”，在 WPS 中打开下载的文件，再把工作表移动或复制到本工作簿。",
  noWorkbook: "WPS 表格中没有打开的工作簿。",
} as const;

// ---------------------------------------------------------------------------------------
// Colours: Interior.Color is a BGR long

/** "#RRGGBB" → BGR long (#FF0000 → 255). */
export function hexToBgr(hex: string): number {
  const m = /^#?([0-9A-Fa-f]{6})$/.exec(hex.trim());
  if (!m) throw new Error(`无效的颜色：${hex}`);
  const n = parseInt(m[1], 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}

/** BGR long → "#RRGGBB" (255 → #FF0000). */
export function bgrToHex(bgr: number): string {
  const hex = (x: number) => x.toString(16).padStart(2, "0");
  return `#${hex(bgr & 0xff)}${hex((bgr >> 8) & 0xff)}${hex((bgr >> 16) & 0xff)}`.toUpperCase();
}

// ---------------------------------------------------------------------------------------
// Reading

const STATES: Record<number, SheetGrid["state"]> = {
  [xlSheetVisible]: "visible",
  [xlSheetHidden]: "hidden",
  [xlSheetVeryHidden]: "veryHidden",
};

/** The formats the grids leave out: General (and its Chinese name, in case WPS gives NumberFormatLocal's). */
const noFormat = (f: unknown): f is null | undefined =>
  f === null || f === undefined || f === "" || f === "General" || f === "G/通用格式";

const asCell = (v: unknown): CellValue => (v === undefined || v === null || v === "" ? null : (v as CellValue));

/** Value2 as rows: a scalar for one cell, a 2-D array otherwise. */
function valueRows(range: EtRange, rows: number, cols: number): CellValue[][] {
  const v: unknown = range.Value2;
  if (rows === 1 && cols === 1 && !Array.isArray(v)) return [[asCell(v)]];
  return (v as unknown[][]).map((row) => row.map(asCell));
}

/** Number formats per cell: the range's when they agree, else each column's, else each cell's. */
function formatRows(range: EtRange, rows: number, cols: number): (string | undefined)[][] {
  const out: (string | undefined)[][] = Array.from({ length: rows }, () => new Array<string | undefined>(cols).fill(undefined));
  const put = (f: string) => (noFormat(f) ? undefined : String(f));
  const all: unknown = range.NumberFormat;
  if (all !== null) {
    const f = put(all as string);
    for (const row of out) row.fill(f);
    return out;
  }
  for (let c = 1; c <= cols; c++) {
    const column = range.Columns.Item(c);
    const cf: unknown = column.NumberFormat;
    if (cf !== null) {
      const f = put(cf as string);
      for (const row of out) row[c - 1] = f;
      continue;
    }
    for (let r = 1; r <= rows; r++) out[r - 1][c - 1] = put(range.Item(r, c).NumberFormat);
  }
  return out;
}

/** Merged areas ("B3:D3") touching the range: none when MergeCells is false, else row by row. */
function mergeList(range: EtRange, rows: number, cols: number): string[] {
  if ((range.MergeCells as unknown) === false) return [];
  const seen = new Set<string>();
  for (let r = 1; r <= rows; r++) {
    if ((range.Rows.Item(r).MergeCells as unknown) === false) continue;
    for (let c = 1; c <= cols; c++) {
      const cell = range.Item(r, c);
      if (!cell.MergeCells) continue;
      seen.add(cell.MergeArea.Address(false, false));
    }
  }
  return [...seen];
}

function sheetGrid(ws: EtWorksheet): SheetGrid {
  const used = ws.UsedRange;
  const rows = used.Rows.Count;
  const cols = used.Columns.Count;
  return {
    name: ws.Name,
    values: valueRows(used, rows, cols),
    formats: formatRows(used, rows, cols),
    top: used.Row - 1,
    left: used.Column - 1,
    merges: mergeList(used, rows, cols),
    state: STATES[ws.Visible as number] ?? "visible",
  };
}

// ---------------------------------------------------------------------------------------
// The host

export interface WpsHostOptions {
  /** A template's bytes as base64 (the add-in's own files, or its web server). */
  fetchTemplate?(relativePath: string): Promise<string>;
  defaultProfile?: string;
  today?: string;
}

/** The PaneHost over WPS's `Application` (window.Application in a WPS 加载项). */
export function createWpsHost(app: EtApplication, options: WpsHostOptions = {}): PaneHost {
  const book = (): EtWorkbook => {
    const wb = app.ActiveWorkbook;
    if (!wb) throw new Error(NOT_IN_WPS.noWorkbook);
    return wb;
  };
  /** The sheets in tab order, by name (one Item per sheet: a missing name is not an exception). */
  const sheets = (): Map<string, EtWorksheet> => {
    const list = book().Worksheets;
    const out = new Map<string, EtWorksheet>();
    for (let i = 1; i <= list.Count; i++) {
      const ws = list.Item(i) as EtWorksheet;
      out.set(ws.Name, ws);
    }
    return out;
  };
  const sheet = (name: string): EtWorksheet => {
    const ws = sheets().get(name);
    if (!ws) throw new Error(`没有名为“${name}”的工作表`);
    return ws;
  };

  // Document properties ------------------------------------------------------------------
  const props = () => book().CustomDocumentProperties;
  const getProperty = (name: string): string | undefined => {
    const p = props();
    for (let i = 1; i <= p.Count; i++) {
      const item = p.Item(i);
      if (item.Name === name) return String(item.Value);
    }
    return undefined;
  };
  const setProperty = (name: string, value: string | undefined): void => {
    const p = props();
    for (let i = 1; i <= p.Count; i++) {
      const item = p.Item(i);
      if (item.Name !== name) continue;
      if (value === undefined) item.Delete();
      else item.Value = value;
      return;
    }
    if (value !== undefined) p.Add(name, false, msoPropertyTypeString, value);
  };

  // The very hidden sheet ----------------------------------------------------------------
  const readFillsSheet = (): string | undefined => {
    const ws = sheets().get(FILLS_SHEET);
    if (!ws) return undefined;
    const used = ws.UsedRange;
    const v: unknown = used.Value2;
    const cells = Array.isArray(v) ? (v as unknown[][]).map((row) => row[0]) : [v];
    return cells.map((c) => (c === undefined || c === null ? "" : String(c))).join("");
  };
  const deleteFillsSheet = (): void => {
    const ws = sheets().get(FILLS_SHEET);
    if (!ws) return;
    const alerts = app.DisplayAlerts;
    try {
      ws.Visible = xlSheetVisible;
      app.DisplayAlerts = false;
      ws.Delete();
    } finally {
      if (alerts !== undefined) app.DisplayAlerts = alerts;
    }
  };
  const writeFillsSheet = (json: string): void => {
    const wb = book();
    let ws = sheets().get(FILLS_SHEET);
    if (ws) deleteFillsSheet();
    const active = wb.ActiveSheet;
    const list = wb.Worksheets;
    ws = list.Add(undefined, list.Item(list.Count) as EtWorksheet);
    ws.Name = FILLS_SHEET;
    for (let i = 0; i * CHUNK < json.length; i++) ws.Range(`A${i + 1}`).Value2 = `'${json.slice(i * CHUNK, (i + 1) * CHUNK)}`;
    ws.Visible = xlSheetVeryHidden;
    active.Activate(); // Worksheets.Add activates the new sheet
  };

  const caps: Capabilities = {
    apiVersion: "WPS",
    live: true,
    // Cells are marked one by one whatever the flag: every call is synchronous, there is no
    // round trip to save, so nothing is off.
    scatteredMarks: true,
    insertTemplate: false,
    language: "zh-CN",
  };
  let profileFallback: ProfileChoice | undefined;

  const host: PaneHost = {
    capabilities: () => ({ ...caps }),

    readWorkbook: async () => ({ sheets: [...sheets().values()].filter((ws) => ws.Name !== FILLS_SHEET).map(sheetGrid) }),

    readSheet: async (name) => sheetGrid(sheet(name)),

    readRows: async (name, top, bottom, left, right) => {
      const range = sheet(name).Range(`${a1(top, left)}:${a1(bottom, right)}`);
      const rows = bottom - top + 1;
      const cols = right - left + 1;
      return { values: valueRows(range, rows, cols), formats: formatRows(range, rows, cols) };
    },

    selectCell: async (name, cell) => {
      const ws = sheet(name);
      ws.Activate();
      ws.Range(cell).Select();
    },

    markCells: async (marks: Mark[]) => {
      const originals: OriginalFills = {};
      const byName = sheets();
      for (const m of marks) {
        const ws = byName.get(m.sheet);
        if (!ws) throw new Error(`没有名为“${m.sheet}”的工作表`);
        const interior = ws.Range(m.cell).Interior;
        const key = markKey(m.sheet, m.cell);
        if (!(key in originals)) originals[key] = interior.ColorIndex === xlNone ? null : bgrToHex(Number(interior.Color));
        interior.Color = hexToBgr(m.color);
      }
      return originals;
    },

    restoreFills: async (originals) => {
      const byName = sheets();
      const missing: string[] = [];
      for (const [key, color] of Object.entries(originals)) {
        const at = key.lastIndexOf("!");
        const ws = byName.get(key.slice(0, at));
        if (!ws) {
          missing.push(key);
          continue;
        }
        const interior = ws.Range(key.slice(at + 1)).Interior;
        if (color === null) interior.ColorIndex = xlNone;
        else interior.Color = hexToBgr(color);
      }
      return missing;
    },

    writeCells: async (writes: CellWrite[]) => {
      const byName = sheets();
      for (const w of writes) {
        const ws = byName.get(w.sheet);
        if (!ws) throw new Error(`没有名为“${w.sheet}”的工作表`);
        ws.Range(w.cell).Value2 = (typeof w.value === "string" ? excelText(w.value) : w.value) as string;
      }
    },

    watchChanges: async (onChange: (change: ChangedRange) => void) => {
      const listener: SheetChangeListener = (ws, target) => {
        try {
          const name = ws.Name;
          if (name === FILLS_SHEET) return;
          const address = target.Address(false, false);
          let bounds = { top: -1, bottom: -1, left: -1, right: -1 };
          try {
            bounds = parseRange(address);
          } catch {
            // a whole-column or unusual address: re-read the sheet all the same
          }
          onChange({ sheet: name, address, ...bounds });
        } catch {
          // an error thrown into WPS's event loop would be lost there
        }
      };
      app.ApiEvent.AddApiEventListener("SheetChange", listener);
      return async () => app.ApiEvent.RemoveApiEventListener("SheetChange", listener);
    },

    insertSheets: async () => {
      throw new Error(NOT_IN_WPS.insert);
    },

    savedOriginals: () => {
      try {
        const v = getProperty(FILLS_PROPERTY);
        const json = v === SHEET_MARKER ? readFillsSheet() : v;
        const parsed: unknown = json ? JSON.parse(json) : {};
        return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as OriginalFills) : {};
      } catch {
        return {};
      }
    },

    saveOriginals: async (originals) => {
      const json = Object.keys(originals).length ? JSON.stringify(originals) : undefined;
      if (json === undefined || json.length <= PROPERTY_LIMIT) {
        setProperty(FILLS_PROPERTY, json);
        deleteFillsSheet();
        return;
      }
      writeFillsSheet(json);
      setProperty(FILLS_PROPERTY, SHEET_MARKER);
    },

    savedProfile: () => {
      try {
        const v = getProperty(PROFILE_PROPERTY);
        if (v === undefined) return profileFallback;
        const c: unknown = JSON.parse(v);
        return c && typeof c === "object" && typeof (c as ProfileChoice).profile === "string"
          ? { profile: (c as ProfileChoice).profile, form: (c as ProfileChoice).form }
          : undefined;
      } catch {
        return profileFallback;
      }
    },

    saveProfile: async (choice) => {
      profileFallback = choice;
      try {
        setProperty(PROFILE_PROPERTY, choice ? JSON.stringify(choice.form ? choice : { profile: choice.profile }) : undefined);
      } catch {
        // properties unavailable: the choice is still kept for this session
      }
    },

    fetchTemplate: (relativePath) =>
      options.fetchTemplate ? options.fetchTemplate(relativePath) : Promise.reject(new Error(`模板 ${relativePath} 无法下载`)),
  };
  if (options.defaultProfile !== undefined) host.defaultProfile = options.defaultProfile;
  if (options.today !== undefined) host.today = options.today;
  return host;
}

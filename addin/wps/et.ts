// The part of WPS 表格's ET object model the WPS host uses (addin/wps/host.ts), written as subsets
// of the declarations in et-jsapi-declare 2.5.0 (lib.et.d.ts, the `Et` and `Kso` namespaces), so
// a member's type is the declared one. The simulator (addin/sim/et-sim.ts) implements these;
// the real `Application` of a WPS 加载项 satisfies them (checked below, at compile time, for the
// objects that lib.et.d.ts declares).
//
// Where the declarations are loose or odd, the subset says what the host relies on instead:
// - Sheets.Item is declared to return `Worksheet | Sheets` (an array index gives Sheets): kept.
// - Workbook.CustomDocumentProperties is declared `TypedIDispatch<any>`: typed here as
//   Kso.DocumentProperties (lib.kso.d.ts), which is what Office's COM model returns.
// - Range.Value2 is declared `string | Array<any>`, NumberFormat `string`, Interior.Color and
//   ColorIndex `any`: in practice (as in Excel's COM model) Value2 is a number, string, boolean
//   or undefined for one cell and a 2-D array otherwise, NumberFormat is null on a range whose
//   cells differ, Color is a BGR long and ColorIndex −4142 (xlNone) for no fill.
// - The SheetChange callback is declared `(WorkSheet: Et.Worksheet, Range: Et.Worksheet | object)`:
//   the second argument is the changed Range (Excel's Workbook.SheetChange(Sh, Target)).
// - ApiEvent is declared in index.d.ts / addon.et.d.ts (WPS.EtApiEvent), which also declare the
//   globals `Application`, `wps` and a `confirm` overload for the whole program: not referenced,
//   the two listener methods the host uses are written out below instead.
// The ambient enums (Et.XlSheetVisibility, Et.Constants.xlNone) do not exist at run time
// outside WPS: the host uses their numbers.
/// <reference path="../../node_modules/et-jsapi-declare/lib.et.d.ts" />

export type EtInterior = Pick<Et.Interior, "Color" | "ColorIndex" | "Pattern">;

export interface EtRange extends Pick<
  Et.Range,
  "Value2" | "Row" | "Column" | "NumberFormat" | "MergeCells" | "Count" | "Activate" | "Select" | "Address"
> {
  readonly Rows: EtRange;
  readonly Columns: EtRange;
  readonly Interior: EtInterior;
  readonly MergeArea: EtRange;
  readonly Worksheet: EtWorksheet;
  /** 1-based, relative to the range. */
  Item(RowIndex: number, ColumnIndex?: number): EtRange;
}

export interface EtWorksheet extends Pick<Et.Worksheet, "Name" | "Visible" | "Index" | "Activate" | "Select" | "Delete"> {
  readonly UsedRange: EtRange;
  readonly Cells: EtRange;
  Range(Cell1: string): EtRange;
}

export interface EtSheets extends Pick<Et.Sheets, "Count"> {
  /** 1-based index or name; declared to return `Worksheet | Sheets`. */
  Item(Index: string | number): EtWorksheet | Et.Sheets;
  /** The new sheet goes after `After` (or before `Before`); returns it. */
  Add(Before?: EtWorksheet, After?: EtWorksheet): EtWorksheet;
}

export type EtDocumentProperty = Pick<Kso.DocumentProperty, "Name" | "Value" | "Type" | "Delete">;

export interface EtDocumentProperties extends Pick<Kso.DocumentProperties, "Count"> {
  /** Throws when there is no property of that name (as Office's COM model does). */
  Item(Index: string | number): EtDocumentProperty;
  Add(Name: string, LinkToContent: boolean, Type?: Kso.MsoDocProperties, Value?: string | number | boolean): EtDocumentProperty;
}

export interface EtWorkbook {
  readonly Worksheets: EtSheets;
  readonly ActiveSheet: EtWorksheet;
  readonly CustomDocumentProperties: EtDocumentProperties;
}

/** Excel's Workbook.SheetChange(Sh, Target). */
export type SheetChangeListener = (sheet: EtWorksheet, target: EtRange) => void;

/** The two methods of WPS.EtApiEvent (addon.et.d.ts) the host uses, for SheetChange. */
export interface EtApiEvent {
  AddApiEventListener(EventName: "SheetChange", callback: SheetChangeListener): void;
  RemoveApiEventListener(EventName: "SheetChange", callback?: SheetChangeListener): void;
}

/** The global `Application` of a WPS 加载项 (index.d.ts: WPS.AddonRoot & WPS.EtAddonRoot & Et.Application). */
export interface EtApplication extends Partial<Pick<Et.Application, "Build" | "Version" | "DisplayAlerts">> {
  readonly ActiveWorkbook: EtWorkbook | null;
  readonly ApiEvent: EtApiEvent;
}

// ---------------------------------------------------------------------------------------
// Numbers of the ambient enums

/** Et.XlSheetVisibility. */
export const xlSheetVisible = -1 as Et.XlSheetVisibility;
export const xlSheetHidden = 0 as Et.XlSheetVisibility;
export const xlSheetVeryHidden = 2 as Et.XlSheetVisibility;
/** Et.Constants.xlNone: Interior.ColorIndex of a cell without fill. */
export const xlNone = -4142;
/** Et.Constants.xlSolid: Interior.Pattern of a solid fill. */
export const xlSolid = 1;
/** Kso.MsoDocProperties.msoPropertyTypeString. */
export const msoPropertyTypeString = 4 as Kso.MsoDocProperties;

// ---------------------------------------------------------------------------------------
// Compile-time: the declared objects satisfy the subsets (a failing check is a type error here).

type Satisfies<T, U extends T> = [T, U];
export type DeclaredObjectsSatisfySubsets = [
  Satisfies<EtInterior, Et.Interior>,
  Satisfies<EtRange, Et.Range>,
  Satisfies<EtWorksheet, Et.Worksheet>,
  Satisfies<EtSheets, Et.Sheets>,
  Satisfies<EtDocumentProperties, Kso.DocumentProperties>,
  Satisfies<Omit<EtWorkbook, "CustomDocumentProperties">, Et.Workbook>,
  Satisfies<Omit<EtApplication, "ApiEvent" | "ActiveWorkbook">, Et.Application>,
];

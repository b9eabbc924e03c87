// Files made the way people make them: every committed template and example workbook,
// converted by LibreOffice (headless) to .xls, .ods, GBK CSV (one file per sheet, as
// "CSV (逗号分隔)" from Chinese Excel) and re-saved as .xlsx (directly and through .ods),
// must read to the SAME records and issues as the .xlsx through the forms pipeline
// (validateGrid with the workbook's profile and form), except where the format forces a
// difference. Each allowed difference is written down where it is allowed:
//
//  - every format: the very hidden metadata sheet comes back merely hidden (.xls keeps
//    "hidden", .ods has no "very hidden"; sheet states are not used by the forms);
//  - .ods: number formats are LibreOffice's codes, not Excel's (yyyy"年"m"月"dd"日" …): the
//    records hold the same values, and formats are compared only as "a date format or not";
//  - CSV: one sheet per file, named after the file; no merges, no sheet states, no number
//    formats, no types: dates are the text LibreOffice shows (2025年11月21日, 2003-7-1 for
//    the short date format in a zh-CN LibreOffice), numbers are text converted back
//    (10500.00 → 10500), so values are compared as text with dates as ISO days; a workbook
//    is compared as the set of its sheets' CSV files put together (the metadata sheet is one
//    of them, so profile and form are found as in the .xlsx);
//  - GBK CSV: characters GBK cannot hold (☑ U+2611 in a check-box cell) are written as "?"
//    by LibreOffice, so the .xlsx side is compared with those characters replaced by "?"
//    (and its issues computed from that: a ☑ that became ? is no longer a chosen option).
//
// LibreOffice runs with a profile of its own whose locale is zh-CN (as in China), once per
// format with all the files.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue, WorkbookGrid } from "../../forms/model.js";
import { findProfile } from "../../forms/profiles/index.js";
import { readMeta, validateGrid } from "../../forms/validate.js";
import { readerStats, readWorkbook, type ReadResult } from "../../aggregator/read/workbook.js";
import { makeTempDir } from "./helpers.js";
import { convertWith, soffice } from "../fixtures/libreoffice.js";

function xlsxUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...xlsxUnder(p));
    else if (p.endsWith(".xlsx")) out.push(p);
  }
  return out;
}

const SOURCES = [...xlsxUnder("templates"), ...xlsxUnder("examples")];
const TODAY = "2025-11-25";

const tmp = makeTempDir("pilot-forms-convert-");
afterAll(() => tmp.cleanup());

const PROFILE = join(tmp.dir, "lo-profile");

/** LibreOffice, once per format for all the files, with a profile of its own (parallel runs do not collide). */
const convert = (to: string, files: string[], outDir: string) => convertWith(to, files, outDir, PROFILE);

function okOf(r: ReadResult, what: string): Extract<ReadResult, { ok: true }> {
  if (!r.ok) throw new Error(`${what}: ${r.kind}: ${r.message}`);
  return r;
}

const ISO_DAY = (d: Date) => d.toISOString().slice(0, 10);

/** A value as text, dates as ISO days (2025年11月21日, 2025-11-21 and a Date alike). */
function asText(v: CellValue | string | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return ISO_DAY(v);
  const s = String(v);
  const m = /^(\d{4})(?:年|-|\/)(\d{1,2})(?:月|-|\/)(\d{1,2})日?$/.exec(s);
  if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return s;
}

let gbk: Set<string> | undefined;

/** The text as a GBK file can hold it: other characters become "?" (as LibreOffice writes them). */
function gbkLossy(s: string): string {
  if (!gbk) {
    const pairs: number[] = [];
    for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) pairs.push(hi, lo);
    gbk = new Set([...new TextDecoder("gbk").decode(new Uint8Array(pairs))].filter((ch) => ch !== "\ufffd"));
  }
  let out = "";
  for (const ch of s) out += ch.charCodeAt(0) < 0x80 || gbk.has(ch) ? ch : "?";
  return out;
}

function gbkGrid(grid: WorkbookGrid): WorkbookGrid {
  return {
    sheets: grid.sheets.map((s) => ({
      ...s,
      values: s.values.map((row) => row.map((v) => (typeof v === "string" ? gbkLossy(v) : v))),
    })),
  };
}

interface Summary {
  form?: string;
  records: unknown[];
  issues: string[];
}

/** What the forms pipeline makes of a grid: records (values exact, or as text) and issues. */
function summarize(grid: WorkbookGrid, text: boolean): Summary {
  const meta = readMeta(grid);
  const profile = findProfile(meta?.profile ?? "hebei-2025")!;
  const v = validateGrid(grid, { profile, form: meta?.form, today: TODAY });
  const records = v.tables.flatMap((t) =>
    t.records.map((r) => ({
      table: t.table,
      sheet: r.sheet,
      row: r.row,
      fields: Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f && [f.cell, text ? asText(f.value) : f.value]])),
    })),
  );
  const issues = v.issues
    .map((i) => [i.code, i.severity, i.sheet ?? "", i.cell ?? "", text ? asText(i.value) : (i.value ?? "")].join(" | "))
    .sort();
  return { form: v.form, records, issues };
}

describe.skipIf(!soffice())("files converted by LibreOffice read like the .xlsx they came from", () => {
  const names = SOURCES.map((_, i) => `f${String(i).padStart(2, "0")}`);
  const dir = (k: string) => join(tmp.dir, k);
  const expected = new Map<string, { grid: WorkbookGrid; summary: Summary; text: Summary }>();

  beforeAll(async () => {
    // ASCII names: the examples repeat names across cities, and LibreOffice writes NAME.ext.
    mkdirSync(dir("in"), { recursive: true });
    const inputs = SOURCES.map((src, i) => {
      const p = join(dir("in"), `${names[i]}.xlsx`);
      copyFileSync(src, p);
      return p;
    });
    convert("xls", inputs, dir("xls"));
    convert("ods", inputs, dir("ods"));
    // Chinese Excel's "CSV (逗号分隔)": GBK (rtl_TextEncoding 67), every sheet (token 12 = -1)
    // as NAME-Sheet.csv, cells as shown (token 9).
    convert("csv:Text - txt - csv (StarCalc):44,34,67,1,,0,false,true,true,false,false,-1", inputs, dir("csv"));
    convert("xlsx:Calc MS Excel 2007 XML", inputs, dir("xlsx"));
    convert(
      "xlsx:Calc MS Excel 2007 XML",
      names.map((n) => join(dir("ods"), `${n}.ods`)),
      dir("ods-xlsx"),
    );
    for (let i = 0; i < SOURCES.length; i++) {
      const r = okOf(await readWorkbook({ path: SOURCES[i] }), SOURCES[i]);
      expected.set(names[i], { grid: r.grid, summary: summarize(r.grid, false), text: summarize(gbkGrid(r.grid), true) });
    }
  }, 600_000);

  it("converts every template and example", () => {
    expect(SOURCES.length).toBeGreaterThan(30);
    for (const n of names)
      for (const [k, ext] of [
        ["xls", "xls"],
        ["ods", "ods"],
        ["xlsx", "xlsx"],
        ["ods-xlsx", "xlsx"],
      ])
        expect(existsSync(join(dir(k), `${n}.${ext}`)), `${k}/${n}.${ext}`).toBe(true);
  });

  for (const [k, ext, format] of [
    ["xls", "xls", "xls"],
    ["ods", "ods", "ods"],
  ] as const) {
    it(`.${ext}: the same records and issues, values exact`, async () => {
      for (let i = 0; i < names.length; i++) {
        const r = okOf(await readWorkbook({ path: join(dir(k), `${names[i]}.${ext}`) }), `${SOURCES[i]} → .${ext}`);
        expect(r.format).toBe(format);
        const exp = expected.get(names[i])!;
        expect(summarize(r.grid, false), `${SOURCES[i]} → .${ext}`).toStrictEqual(exp.summary);
        // Sheets, merges and visible/hidden (very hidden → hidden: the format has no such state).
        expect(r.grid.sheets.map((s) => [s.name, s.merges, s.state === "visible"])).toStrictEqual(
          exp.grid.sheets.map((s) => [s.name, s.merges, s.state === "visible"]),
        );
        expect(r.notes).toEqual([]);
      }
    });
  }

  it(".csv (GBK, one file per sheet): the same records and issues, values as text", async () => {
    for (let i = 0; i < names.length; i++) {
      const exp = expected.get(names[i])!;
      const sheets = [];
      for (const s of exp.grid.sheets) {
        const path = join(dir("csv"), `${names[i]}-${s.name}.csv`);
        const r = okOf(await readWorkbook({ path }), `${SOURCES[i]} → ${basename(path)}`);
        expect(r.format).toBe("csv");
        expect(r.grid.sheets).toHaveLength(1);
        expect(r.grid.sheets[0].name).toBe(`${names[i]}-${s.name}`);
        sheets.push({ ...r.grid.sheets[0], name: s.name });
      }
      expect(summarize({ sheets }, true), `${SOURCES[i]} → .csv`).toStrictEqual(exp.text);
    }
  });

  it("a GBK CSV of one sheet on its own is a workbook of one sheet named after the file", async () => {
    const i = SOURCES.findIndex((s) => s.includes("典型案例推荐汇总表"));
    const r = okOf(await readWorkbook({ path: join(dir("csv"), `${names[i]}-典型案例推荐汇总表.csv`) }), "csv");
    expect(r.grid.sheets.map((s) => s.name)).toEqual([`${names[i]}-典型案例推荐汇总表`]);
    // No metadata sheet: the form is found by its headings, as for any hand-made file.
    const v = validateGrid(r.grid, { profile: findProfile("hebei-2025")!, today: TODAY });
    expect(v.form).toBe("case-summary");
    expect(v.rows.caseSummary).toBe(expected.get(names[i])!.summary.records.length);
  });

  for (const k of ["xlsx", "ods-xlsx"]) {
    it(`re-saved by LibreOffice as .xlsx (${k === "xlsx" ? "directly" : "through .ods"}): the fast reader reads it, to the same records and issues`, async () => {
      const before = readerStats.fallback;
      for (let i = 0; i < names.length; i++) {
        const r = okOf(await readWorkbook({ path: join(dir(k), `${names[i]}.xlsx`) }), `${SOURCES[i]} → ${k}`);
        const exp = expected.get(names[i])!;
        expect(summarize(r.grid, false), `${SOURCES[i]} → ${k}`).toStrictEqual(exp.summary);
        expect(r.notes).toEqual([]);
      }
      expect(readerStats.fallback).toBe(before);
    });
  }
});

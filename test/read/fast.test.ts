// The fast reader (aggregator/read/fast.ts) against exceljs: for every template, example,
// hand-made fixture, LibreOffice-saved file and randomly generated workbook, gridFromXlsx
// gives exactly the grid (and warnings) that the exceljs path gives. Then the hand-written
// XML shapes exceljs never writes (inline strings, t="str"/"e"/"b", phonetic runs, prefixed
// elements …), the deliberate differences, and the fallback to exceljs.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { META_SHEET, metaRows } from "../../forms/meta.js";
import type { WorkbookGrid } from "../../forms/model.js";
import { gridFromXlsx, isDateFmt, XmlTokenizer } from "../../aggregator/read/fast.js";
import { gridFromSheetJs } from "../../aggregator/read/sheetjs.js";
import { gridFromExcelJs, loadExcelJs, readerStats, readWorkbook, type ReadNote } from "../../aggregator/read/workbook.js";
import { handmadeSummary, pastedCaseApplication, pastedInstitutionPlan } from "../fixtures/handmade.js";
import { buildZip, deflated, editXlsx, makeTempDir, plainWorkbook, stored, xlsxBytes } from "./helpers.js";

const tmp = makeTempDir("pilot-forms-fast-");
afterAll(() => tmp.cleanup());

const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

/** What the exceljs path gives: the grid, and its warnings with the dropped-sheet ones (as readWorkbook adds them). */
async function viaExcelJs(bytes: Uint8Array): Promise<{ grid: WorkbookGrid; notes: ReadNote[] }> {
  const r = await readWorkbook({ bytes, name: "x.xlsx" }, { reader: "exceljs" });
  if (!r.ok) throw new Error(r.message);
  const notes = r.notes.filter((n) => n.code !== "file.unknown_form");
  const grid = gridFromExcelJs(await loadExcelJs(bytes));
  expect(r.grid).toStrictEqual(grid);
  return { grid, notes };
}

async function expectSame(bytes: Uint8Array): Promise<WorkbookGrid> {
  const expected = await viaExcelJs(bytes);
  const fast = gridFromXlsx(bytes, { verify: true });
  expect(fast.grid).toStrictEqual(expected.grid);
  expect(fast.notes).toStrictEqual(expected.notes);
  // And readWorkbook takes the fast path without falling back, to the same result.
  const before = readerStats.fallback;
  const r1 = await readWorkbook({ bytes, name: "x.xlsx" });
  const r2 = await readWorkbook({ bytes, name: "x.xlsx" }, { reader: "exceljs" });
  expect(readerStats.fallback).toBe(before);
  expect(r1).toStrictEqual(r2);
  return fast.grid;
}

function xlsxUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...xlsxUnder(p));
    else if (p.endsWith(".xlsx")) out.push(p);
  }
  return out;
}

describe("gridFromXlsx = gridFromExcelJs on the committed workbooks", () => {
  const files = [...xlsxUnder("templates"), ...xlsxUnder("examples")];
  it("finds them", () => expect(files.length).toBeGreaterThan(30));
  for (const f of files) it(f, async () => void (await expectSame(readFileSync(f))));
});

describe("gridFromXlsx = gridFromExcelJs on the fixtures", () => {
  it("hand-made plan, summary and case application (merges, title rows, two pairs a row, dates)", async () => {
    for (const wb of [
      pastedInstitutionPlan({ targets: 18 }),
      pastedInstitutionPlan({ badCode: true }),
      handmadeSummary(),
      pastedCaseApplication(),
    ])
      await expectSame(await xlsxBytes(wb));
  });

  it("a plain 2,000 × 8 workbook", async () => {
    const grid = await expectSame(await plainWorkbook(2000, 8));
    expect(grid.sheets[0].values).toHaveLength(2000);
  });

  it("every kind of value: rich text, merges, formulas, shared formulas, errors, hyperlinks, hidden and very hidden sheets", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("数据");
    ws.getCell("A1").value = "名称";
    ws.getCell("B1").value = { richText: [{ text: "网络" }, { text: "安全", font: { bold: true } }] };
    ws.getCell("C1").value = 42.5;
    ws.getCell("C1").numFmt = "0.00";
    ws.getCell("D1").value = true;
    ws.getCell("E1").value = false;
    ws.mergeCells("B2:D2");
    ws.getCell("B2").value = "合并标题";
    ws.getCell("A3").value = { formula: "C1*2", result: 85, shareType: "shared", ref: "A3:B3" } as ExcelJS.CellFormulaValue;
    ws.getCell("B3").value = { sharedFormula: "A3", result: 86 } as ExcelJS.CellSharedFormulaValue;
    ws.getCell("C3").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    ws.getCell("D3").value = d(2025, 11, 28);
    ws.getCell("D3").numFmt = "yyyy-mm-dd";
    ws.getCell("F3").value = { formula: "1+1" } as ExcelJS.CellFormulaValue; // no cached result
    ws.getCell("G3").value = { formula: 'A1&"x"', result: "名称x" } as ExcelJS.CellFormulaValue;
    ws.getCell("H3").value = { formula: "1>0", result: true } as ExcelJS.CellFormulaValue;
    ws.getCell("I3").value = { formula: "1/0", result: { error: "#DIV/0!" } } as ExcelJS.CellFormulaValue;
    ws.getCell("J3").value = { formula: "TODAY()", result: d(2025, 1, 2) } as ExcelJS.CellFormulaValue;
    ws.getCell("J3").numFmt = "yyyy/m/d";
    ws.getCell("E4").value = { text: "官网", hyperlink: "https://example.com/" };
    ws.getCell("F4").value = { text: "内部", hyperlink: "#'数据'!A1" };
    ws.mergeCells("A5:A7");
    ws.getCell("A5").value = "纵向合并";
    ws.getCell("B6").value = "";
    ws.getCell("C6").value = "  前后空格  ";
    ws.getCell("D6").value = "=1+1";
    ws.getCell("E6").value = "a<b & c>\"d\" 'e'";
    ws.getCell("F6").value = "第一行\n第二行\r\n第三行";
    ws.getCell("G6").value = "_x0041_ literal";
    ws.getCell("A9").value = "末行";
    ws.getCell("C12").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    ws.getCell("XFD14").value = "far right";
    ws.getCell("A15").value = 0;
    ws.getCell("B15").value = -1.5e-7;
    ws.getCell("C15").value = 123456789012345;
    ws.getCell("D15").value = 45989;
    ws.getCell("D15").numFmt = '[$-804]yyyy"年"m"月"d"日";@';
    ws.getCell("E15").value = 0.5;
    ws.getCell("E15").numFmt = "h:mm";
    ws.getCell("F15").value = 12;
    ws.getCell("F15").numFmt = '"第"0"号"';
    const hidden = wb.addWorksheet("隐藏");
    hidden.state = "hidden";
    hidden.getCell("A1").value = "h";
    const meta = wb.addWorksheet(META_SHEET);
    meta.state = "veryHidden";
    for (const row of metaRows({ form: "case-application", profile: "hebei-2025" })) meta.addRow(row);
    wb.addWorksheet("空表");
    const grid = await expectSame(await xlsxBytes(wb));
    expect(grid.sheets.map((s) => s.state)).toEqual(["visible", "hidden", "veryHidden", "visible"]);
    expect(grid.sheets[0].merges).toEqual(["B2:D2", "A5:A7"]);
  });

  it("the Chinese built-in date formats (numFmtId 31, 57, 58 without <numFmt>) are dates", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("日期");
    const codes = ["0.000", "0.0000", "0.00000", "0.000000", "0.0000000"];
    codes.forEach((code, i) => {
      const cell = ws.getCell(1, i + 1);
      cell.value = 45989;
      cell.numFmt = code;
    });
    const target: Record<string, number> = { "0.000": 31, "0.0000": 57, "0.00000": 58, "0.000000": 14, "0.0000000": 32 };
    const bytes = await editXlsx(await xlsxBytes(wb), (parts) => {
      let styles = parts.get("xl/styles.xml")!;
      const idOf = new Map<string, string>();
      for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) idOf.set(m[2], m[1]);
      const [head, rest] = styles.split("<cellXfs");
      let xfs = `<cellXfs${rest}`;
      for (const [code, id] of idOf) xfs = xfs.replaceAll(`numFmtId="${id}"`, `numFmtId="${target[code]}"`);
      styles = head.replace(/<numFmts[^>]*>[\s\S]*?<\/numFmts>/, "") + xfs;
      parts.set("xl/styles.xml", styles);
    });
    const grid = await expectSame(bytes);
    expect(grid.sheets[0].values[0]).toStrictEqual([
      d(2025, 11, 28),
      d(2025, 11, 28),
      d(2025, 11, 28),
      d(2025, 11, 28),
      d(2025, 11, 28),
    ]);
    expect(grid.sheets[0].formats![0]).toStrictEqual([
      'yyyy"年"m"月"d"日"',
      'yyyy"年"m"月"',
      'm"月"d"日"',
      "mm-dd-yy",
      'h"时"mm"分"',
    ]);
  });

  it("1904 date system", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("1904");
    ws.getCell("A1").value = d(2025, 11, 28);
    ws.getCell("A1").numFmt = "yyyy-mm-dd";
    ws.getCell("A2").value = 44527;
    ws.getCell("A2").numFmt = "yyyy-mm-dd";
    const grid = await expectSame(await xlsxBytes(wb));
    expect(grid.sheets[0].values[0][0]).toStrictEqual(d(2025, 11, 28));
  });

  it("many formulas without results: 20 warnings and a count", async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet("公式");
    for (let r = 1; r <= 15; r++) a.getCell(r, 2).value = { formula: `ROW()*${r}` } as ExcelJS.CellFormulaValue;
    const b = wb.addWorksheet("公式2");
    for (let r = 1; r <= 10; r++) b.getCell(r, 1).value = { formula: `ROW()*${r}` } as ExcelJS.CellFormulaValue;
    b.getCell("C1").value = { formula: "1+1" } as ExcelJS.CellFormulaValue;
    b.getCell("C1").value = { text: "链接", hyperlink: "https://example.com/" };
    const fast = gridFromXlsx(await xlsxBytes(wb));
    expect(fast.notes).toHaveLength(21);
    await expectSame(await xlsxBytes(wb));
  });
});

// ---------------------------------------------------------------------------------------
// Random workbooks

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "=1+1",
    "+86 138",
    "-",
    "@user",
    " 前后 ",
    "序号",
    "联系方式\n（手机与邮箱）",
    "a&b<c>",
    "_x000D_",
    "𠮷字",
    "\t",
  ),
  fc.string({ unit: fc.constantFrom(..."网络安全保险服务试点石家庄市唐山有限公司（）：，。、"), maxLength: 12 }),
);
const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 4, arbitrary: text },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.integer({ min: -1e6, max: 1e9 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date(Date.UTC(1901, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
      .map((x) => new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()))),
  },
  { weight: 2, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ text: text, bold: fc.boolean() }), { minLength: 1, maxLength: 3 })
      .map((runs) => ({ richText: runs.map((r) => ({ text: r.text, font: r.bold ? { bold: true } : undefined })) })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer().map((n) => ({ formula: "1+1", result: n }) as ExcelJS.CellFormulaValue),
      // Deliberate differences: an empty-string result is a value here ("no result" in
      // exceljs); _xHHHH_ in a t="str" result is decoded here (exceljs keeps it literal).
      text.filter((s) => s !== "" && !s.includes("_x")).map((s) => ({ formula: 'A1&""', result: s }) as ExcelJS.CellFormulaValue),
      fc.constant({ formula: "NA()", result: { error: "#N/A" } } as ExcelJS.CellFormulaValue),
      fc.constant({ formula: "ROW()" } as ExcelJS.CellFormulaValue),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("#N/A", "#REF!", "#VALUE!").map((e) => ({ error: e }) as ExcelJS.CellErrorValue) },
);
const numFmt = fc.option(fc.constantFrom("0.00", "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "@", "#,##0", "h:mm:ss", "m/d/yy", '"d"0'), {
  nil: undefined,
});
const sheetSpec = fc.record({
  name: fc.string({ unit: fc.constantFrom(..."表一二三ABC数据 _-()（）"), minLength: 1, maxLength: 10 }),
  state: fc.constantFrom("visible", "hidden", "veryHidden"),
  cells: fc.array(
    fc.record({ row: fc.integer({ min: 1, max: 12 }), col: fc.integer({ min: 1, max: 8 }), value: cellValue, numFmt }),
    { maxLength: 40 },
  ),
  merges: fc.array(
    fc.record({
      row: fc.integer({ min: 1, max: 12 }),
      col: fc.integer({ min: 1, max: 8 }),
      h: fc.integer({ min: 1, max: 3 }),
      w: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 4 },
  ),
});

type SheetSpec = typeof sheetSpec extends fc.Arbitrary<infer T> ? T : never;

/** A formula whose cached result is not a number: in a date-formatted cell exceljs loses it (see the deliberate differences). */
function nonNumericResult(v: ExcelJS.CellValue): boolean {
  if (!v || typeof v !== "object" || !("formula" in v)) return false;
  const result = (v as ExcelJS.CellFormulaValue).result;
  return result !== undefined && typeof result !== "number" && !(result instanceof Date);
}

async function randomWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const used = new Set<string>();
  sheets.forEach((spec, i) => {
    let name = spec.name.trim() || `S${i}`;
    if (/^'|'$/.test(name) || name === "History") name = `S${i}`;
    while (used.has(name.toLowerCase())) name = `${name}${i}`.slice(-31);
    used.add(name.toLowerCase());
    const ws = wb.addWorksheet(name);
    ws.state = spec.state as ExcelJS.WorksheetState;
    for (const c of spec.cells) {
      const cell = ws.getCell(c.row, c.col);
      cell.value = c.value;
      if (nonNumericResult(c.value)) cell.numFmt = "General";
      else if (c.numFmt) cell.numFmt = c.numFmt;
    }
    const taken: { t: number; l: number; b: number; r: number }[] = [];
    for (const m of spec.merges) {
      const box = { t: m.row, l: m.col, b: m.row + m.h - 1, r: m.col + m.w - 1 };
      if (box.t === box.b && box.l === box.r) continue;
      if (taken.some((o) => !(box.b < o.t || box.t > o.b || box.r < o.l || box.l > o.r))) continue;
      taken.push(box);
      ws.mergeCells(box.t, box.l, box.b, box.r);
    }
  });
  return xlsxBytes(wb);
}

describe("gridFromXlsx = gridFromExcelJs on random workbooks", () => {
  it("fast-check: values, formats, merges, states", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheetSpec, { minLength: 1, maxLength: 3 }), async (sheets) => {
        await expectSame(await randomWorkbook(sheets));
      }),
      { numRuns: Number(process.env.FAST_CHECK_RUNS ?? 60) },
    );
  });
});

// ---------------------------------------------------------------------------------------
// LibreOffice

function soffice(): string | undefined {
  for (const p of ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"]) if (existsSync(p)) return p;
  return undefined;
}

describe.skipIf(!soffice())("a workbook saved by LibreOffice", () => {
  let converted: Buffer[] = [];
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("服务对象");
    ws.mergeCells("A1:E1");
    ws.getCell("A1").value = "表3 服务对象基本情况";
    ws.addRow(["序号", "企业名称", "所在行业领域", "成立时间", "联系方式（手机与邮箱）"]);
    for (let i = 1; i <= 12; i++)
      ws.addRow([
        i,
        `河北某某${i}有限公司`,
        i % 2 ? "工业互联网" : { richText: [{ text: "车" }, { text: "联网", font: { italic: true } }] },
        d(2020, i, 1),
        `1380000000${i % 10}/a${i}@example.com`,
      ]);
    ws.getCell("D5").numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell("F3").value = { formula: "A3*2", result: 2 } as ExcelJS.CellFormulaValue;
    ws.getCell("F4").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    ws.getCell("G3").value = true;
    ws.getCell("H3").value = "  空格  ";
    const second = wb.addWorksheet("隐藏");
    second.state = "hidden";
    second.getCell("B2").value = 3.25;
    const profileDir = join(tmp.dir, "lo-profile");
    const inputs = [
      tmp.file("lo-in.xlsx", await xlsxBytes(wb)),
      tmp.file("lo-plan.xlsx", await xlsxBytes(pastedInstitutionPlan({ targets: 16 }))),
      tmp.file("lo-example.xlsx", readFileSync("examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx")),
    ];
    const out = join(tmp.dir, "lo-out");
    execFileSync(
      soffice()!,
      [
        `-env:UserInstallation=file://${profileDir}`,
        "--headless",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        out,
        ...inputs,
      ],
      { timeout: 120_000, stdio: "ignore" },
    );
    converted = inputs.map((p) => readFileSync(join(out, p.split("/").pop()!)));
  }, 150_000);

  it("reads the same as exceljs", async () => {
    expect(converted).toHaveLength(3);
    for (const bytes of converted) await expectSame(bytes);
    const grid = gridFromXlsx(converted[0]).grid;
    expect(grid.sheets[0].values[1]).toEqual(["序号", "企业名称", "所在行业领域", "成立时间", "联系方式（手机与邮箱）"]);
    expect(grid.sheets[0].values[2][3]).toStrictEqual(d(2020, 1, 1));
    expect(grid.sheets[1].state).toBe("hidden");
  });
});

// ---------------------------------------------------------------------------------------
// XML shapes exceljs does not write

const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface HandSheet {
  name: string;
  xml?: string;
  /** Part name under xl/ (default worksheets/sheetN.xml). */
  part?: string;
  type?: string;
  state?: string;
}

function handWorkbook(sheets: HandSheet[], extra: { sst?: string; styles?: string; workbookPr?: string } = {}): Buffer {
  // Content types as Excel writes them (SheetJS finds the shared strings and styles by them).
  const ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>`,
    ...sheets.map(
      (s, i) => `<Override PartName="/xl/${s.part ?? `worksheets/sheet${i + 1}.xml`}" ContentType="${ct}.worksheet+xml"/>`,
    ),
    extra.sst ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>` : "",
    extra.styles ? `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` : "",
  ].join("");
  const entries = [
    stored(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    ),
    stored(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflated(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${extra.workbookPr ?? ""}<sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`)
        .join("")}</sheets></workbook>`,
    ),
    deflated(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/${s.type ?? "worksheet"}" Target="${s.part ?? `worksheets/sheet${i + 1}.xml`}"/>`,
        )
        .join("")}</Relationships>`,
    ),
  ];
  sheets.forEach((s, i) => {
    if (s.xml !== undefined) entries.push(deflated(`xl/${s.part ?? `worksheets/sheet${i + 1}.xml`}`, s.xml));
  });
  if (extra.sst) entries.push(deflated("xl/sharedStrings.xml", extra.sst));
  if (extra.styles) entries.push(deflated("xl/styles.xml", extra.styles));
  return buildZip(entries);
}

const sheet = (data: string, after = "") =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${data}</sheetData>${after}</worksheet>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="[&gt;=100]0;&quot;小&quot;0"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/><xf numFmtId="0"/></cellXfs></styleSheet>`;

describe("XML shapes from other writers (LibreOffice, WPS, .NET, SheetJS)", () => {
  it("inline strings, t=str/b/e/n, formulas with string results, entities and _x escapes", async () => {
    const bytes = handWorkbook(
      [
        {
          name: "Sheet1",
          xml: sheet(
            `<row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c><c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本</t></r></is></c><c r="C1" t="str"><v>a &amp;amp; b</v></c><c r="D1" t="b"><v>0</v></c><c r="E1" t="e"><v>#REF!</v></c><c r="F1" t="n"><v>1.5E3</v></c></row>` +
              `<row r="2"><c r="A2" t="str"><f>A1&amp;"x"</f><v>内联x</v></c><c r="B2" t="b"><f>TRUE()</f><v>1</v></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2"><f>1+1</f><v>2</v></c><c r="E2" t="inlineStr"><is><t>_x0041_</t></is></c><c r="F2" t="s"><v>2</v></c><c r="G2" t="s"><v>1</v></c><c r="H2" t="s"><v>0</v></c></row>`,
          ),
        },
      ],
      {
        sst: `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="3" uniqueCount="3"><si><t>共享</t></si><si><r><t>漢</t></r><rPh sb="0" eb="1"><t>かん</t></rPh><phoneticPr fontId="1"/></si><si><t>_x0041__x000D_b</t></si></sst>`,
      },
    );
    // Two deliberate differences from exceljs here: t="str" text is decoded once, as XML
    // says (exceljs decodes entities twice: "a &amp;amp; b" → "a & b"), and _x0041_ in an
    // inline string is "A" (exceljs decodes escapes only in shared strings and rich runs).
    const { grid } = gridFromXlsx(bytes, { verify: true });
    expect(grid.sheets[0].values).toStrictEqual([
      ["内联", "富 文本", "a &amp; b", false, "#REF!", 1500],
      ["内联x", true, "#DIV/0!", 2, "A", "A\rb", "漢", "共享"],
    ]);
  });

  it("styles: custom formats with escapes and quotes, xf 0 never a date, CJK built-in id 31", async () => {
    const bytes = handWorkbook(
      [
        {
          name: "S",
          xml: sheet(
            `<row r="1"><c r="A1"><v>45989</v></c><c r="B1" s="1"><v>45989</v></c><c r="C1" s="2"><v>150</v></c><c r="D1" s="3"><v>45989</v></c><c r="E1" s="4"><v>7</v></c><c r="F1" s="9"><v>8</v></c></row>`,
          ),
        },
      ],
      { styles: STYLES },
    );
    const grid = await expectSame(bytes);
    expect(grid.sheets[0].values[0]).toStrictEqual([45989, d(2025, 11, 28), 150, d(2025, 11, 28), 7, 8]);
    expect(grid.sheets[0].formats![0]).toStrictEqual([
      undefined,
      "yyyy-mm-dd",
      '[>=100]0;"小"0',
      'yyyy"年"m"月"d"日"',
      undefined,
      undefined,
    ]);
  });

  it("merges keep only the master's value; styled empty cells, duplicates and rows out of order resolve as in exceljs", async () => {
    const bytes = handWorkbook(
      [
        {
          name: "S",
          xml: sheet(
            `<row r="3"><c r="A3" t="inlineStr"><is><t>三</t></is></c></row><row r="1"><c r="A1" t="inlineStr"><is><t>主</t></is></c><c r="B1" t="inlineStr"><is><t>被合并</t></is></c><c r="C1" s="4"/><c r="D1" t="inlineStr"><is><t>先</t></is></c><c r="D1" t="inlineStr"><is><t>后</t></is></c><c r="E1" t="inlineStr"><is><t>留</t></is></c><c r="E1"/></row><row r="2"><c r="B2"><v>5</v></c><c r="A2"><v>4</v></c></row>`,
            `<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="F5"/></mergeCells>`,
          ),
        },
      ],
      { styles: STYLES },
    );
    const grid = await expectSame(bytes);
    expect(grid.sheets[0].values).toStrictEqual([["主", null, null, "后", "留"], [], ["三"]]);
    expect(grid.sheets[0].merges).toStrictEqual(["A1:B2", "F5:F5"]);
  });

  it("comments, processing instructions, CRLF and character references", async () => {
    const bytes = handWorkbook([
      {
        name: "S",
        xml: sheet(
          `<!-- c --><row r="1"><?pi x?><c r="A1" t="inlineStr"><is><t>一&#x4E8C;&#19977;\r\n四</t></is></c><c r="B1" t="str"><v>x&lt;y</v></c></row>`,
        ),
      },
    ]);
    const grid = await expectSame(bytes);
    expect(grid.sheets[0].values[0]).toStrictEqual(["一二三\n四", "x<y"]);
  });

  it("chart sheets are skipped quietly; macro and dialog sheets with a warning; a missing part with a warning", async () => {
    const bytes = handWorkbook([
      { name: "数据", xml: sheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) },
      { name: "图表", type: "chartsheet", part: "chartsheets/sheet1.xml", xml: `<chartsheet ${NS}/>` },
      { name: "宏", type: "xlMacrosheet", part: "macrosheets/sheet1.xml", xml: sheet("") },
      { name: "对话", type: "dialogsheet", part: "dialogsheets/sheet1.xml", xml: `<dialogsheet ${NS}/>` },
      { name: "丢失", part: "worksheets/sheet9.xml" },
    ]);
    await expectSame(bytes);
    const unread = (what: string, sheet: string) => ({
      code: "sheet.unreadable",
      severity: "warning",
      sheet,
      message: `${what}“${sheet}”未能读取，其中的内容不在本次检查范围内。请在 Excel 中将其内容复制到普通工作表，另存为 .xlsx 后重新提交。`,
    });
    expect(gridFromXlsx(bytes).notes).toStrictEqual([
      unread("宏表", "宏"),
      unread("对话框工作表", "对话"),
      unread("工作表", "丢失"),
    ]);
  });
});

describe("deliberate differences from exceljs (where exceljs loses what the file holds)", () => {
  it("a worksheet stored under another part name is read (exceljs drops it and warns)", async () => {
    const bytes = handWorkbook([
      { name: "一", xml: sheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) },
      { name: "二", part: "worksheets/data2.xml", xml: sheet(`<row r="1"><c r="A1"><v>2</v></c></row>`) },
    ]);
    const fast = await readWorkbook({ bytes, name: "x.xlsx" });
    if (!fast.ok) throw new Error(fast.message);
    expect(fast.grid.sheets.map((s) => [s.name, s.values])).toEqual([
      ["一", [[1]]],
      ["二", [[2]]],
    ]);
    expect(fast.notes).toEqual([]);
    const old = await readWorkbook({ bytes, name: "x.xlsx" }, { reader: "exceljs" });
    if (!old.ok) throw new Error(old.message);
    expect(old.grid.sheets.map((s) => s.name)).toEqual(["一"]);
    expect(old.notes.map((n) => [n.code, n.sheet])).toContainEqual(["sheet.unreadable", "二"]);
  });

  it('prefixed elements (<x:c>), rows and cells without r=, t="d", date1904="true", CDATA', async () => {
    const x = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row><x:row><x:c t="d" s="1"><x:v>2025-11-28T00:00:00Z</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[<原样>]]></x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const bytes = handWorkbook([{ name: "S", xml: x }], { styles: STYLES, workbookPr: `<workbookPr date1904="true"/>` });
    const { grid } = gridFromXlsx(bytes);
    expect(grid.sheets[0].values).toStrictEqual([
      ["前缀", 2],
      [d(2025, 11, 28), d(1904, 1, 1), "<原样>"],
    ]);
  });

  it("a text result of a formula in a date-formatted cell stays text (exceljs: Invalid Date → empty)", () => {
    const bytes = handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1" s="1" t="str"><f>B1</f><v>待定</v></c></row>`) }], {
      styles: STYLES,
    });
    expect(gridFromXlsx(bytes).grid.sheets[0].values).toStrictEqual([["待定"]]);
  });
});

describe("reader fidelity: shapes other programs write (fast reader and SheetJS path agree)", () => {
  /**
   * The fast reader's grid and notes, checked against the SheetJS path (the fallback) on the
   * same bytes, except where SheetJS is known to differ (written down at each `differs`).
   */
  async function both(
    bytes: Buffer,
    differs: { notes?: boolean; cells?: string[] } = {},
  ): Promise<{ grid: WorkbookGrid; notes: ReadNote[] }> {
    const fast = gridFromXlsx(bytes, { verify: true });
    const sj = await gridFromSheetJs(bytes, "xlsx");
    const strip = (g: WorkbookGrid) =>
      g.sheets.map((s) =>
        s.values.map((row, r) =>
          row.map((v, c) => (differs.cells?.includes(`${String.fromCharCode(65 + c)}${r + 1}`) ? "≠" : v)),
        ),
      );
    expect(strip(sj.grid)).toStrictEqual(strip(fast.grid));
    if (!differs.notes) expect(sj.notes.map((n) => [n.code, n.cell])).toStrictEqual(fast.notes.map((n) => [n.code, n.cell]));
    return fast;
  }

  it("an empty-string formula result is a value (an empty cell), not 公式没有计算结果", async () => {
    const bytes = handWorkbook([
      {
        name: "S",
        xml: sheet(
          `<row r="1"><c r="A1" t="str"><f>B1&amp;""</f><v></v></c><c r="B1" t="str"><f>C1&amp;""</f><v/></c><c r="C1"><f>1+1</f><v></v></c><c r="D1" t="inlineStr"><is><t>x</t></is></c></row>`,
        ),
      },
    ]);
    // SheetJS: an empty <v> in a number formula cell gives no note (it keeps no cell).
    const { grid, notes } = await both(bytes, { notes: true });
    expect(grid.sheets[0].values).toStrictEqual([[null, null, null, "x"]]);
    expect(notes.map((n) => [n.code, n.cell])).toEqual([["cell.no_result", "C1"]]);
  });

  it("_xHHHH_ is decoded in every string: shared, inline, rich runs, formula results; _x005F_ escapes it", async () => {
    const bytes = handWorkbook(
      [
        {
          name: "S",
          xml: sheet(
            `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>行_x000a_二</t></is></c><c r="C1" t="str"><f>A1</f><v>_x0041__x005F_x0042_</v></c><c r="D1" t="inlineStr"><is><r><t>_x4E00_</t></r></is></c></row>`,
          ),
        },
      ],
      { sst: `<sst ${NS}><si><t>制表_x0009_符</t></si></sst>` },
    );
    // SheetJS decodes _x005F_x0042_ twice (to "B"): the literal text is _x0042_.
    const { grid } = await both(bytes, { cells: ["C1"] });
    expect(grid.sheets[0].values).toStrictEqual([["制表\t符", "行\n二", "A_x0042_", "一"]]);
  });

  it("an inline-string formula result is kept", async () => {
    const bytes = handWorkbook([
      { name: "S", xml: sheet(`<row r="1"><c r="A1" t="inlineStr"><f>"结"&amp;"果"</f><is><t>结果</t></is></c></row>`) },
    ]);
    expect(gridFromXlsx(bytes).grid.sheets[0].values).toStrictEqual([["结果"]]);
    expect(gridFromXlsx(bytes).notes).toEqual([]);
  });

  it("date formats are recognised case-insensitively, with locale prefixes, and by the CJK built-in ids", async () => {
    const codes = [
      "YYYY-MM-DD",
      'YYYY"年"MM"月"DD"日"',
      "yyyy年mm月dd日",
      '[$-804]yyyy"年"m"月"d"日"',
      "DD/MM/YYYY",
      "[DBNum1]yyyy\\年m\\月",
    ];
    const styles = `<?xml version="1.0"?><styleSheet ${NS}><numFmts count="${codes.length}">${codes
      .map((c, i) => `<numFmt numFmtId="${164 + i}" formatCode="${c.replace(/"/g, "&quot;")}"/>`)
      .join("")}</numFmts><cellXfs count="${codes.length + 4}"><xf numFmtId="0"/>${codes
      .map((_, i) => `<xf numFmtId="${164 + i}"/>`)
      .join("")}<xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="58"/></cellXfs></styleSheet>`;
    const cells = Array.from(
      { length: codes.length + 3 },
      (_, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${i + 1}"><v>45989</v></c>`,
    );
    const bytes = handWorkbook(
      [{ name: "S", xml: sheet(`<row r="1">${cells.join("")}<c r="Z1" s="0"><v>45989</v></c></row>`) }],
      {
        styles,
      },
    );
    // SheetJS reads the CJK built-in ids 31 and 58 (no <numFmt>) in its own implicit code
    // (m/d/yy): the same Dates, other format codes (formats are not compared here).
    const { grid } = await both(bytes);
    const row = grid.sheets[0].values[0];
    expect(row.slice(0, codes.length + 3)).toStrictEqual(Array.from({ length: codes.length + 3 }, () => d(2025, 11, 28)));
    expect(row[25]).toBe(45989); // General stays a number
  });

  it('1904-based workbooks are dated right (date1904="1" and "true")', async () => {
    for (const v of ["1", "true"]) {
      const bytes = handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1" s="1"><v>44527</v></c></row>`) }], {
        styles: STYLES,
        workbookPr: `<workbookPr date1904="${v}"/>`,
      });
      const { grid } = await both(bytes);
      expect(grid.sheets[0].values[0][0]).toStrictEqual(d(2025, 11, 28));
    }
  });

  it("the workbook part is found through _rels/.rels, its sheets, strings and styles through its own rels", async () => {
    const T = "http://schemas.openxmlformats.org/package/2006/relationships";
    const bytes = buildZip([
      stored("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
      stored(
        "_rels/.rels",
        `<Relationships xmlns="${T}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="/book/main.xml"/></Relationships>`,
      ),
      deflated(
        "book/main.xml",
        `<workbook ${NS}><sheets><sheet name="表一" sheetId="1" r:id="a"/><sheet name="表二" sheetId="2" r:id="b"/></sheets></workbook>`,
      ),
      deflated(
        "book/_rels/main.xml.rels",
        `<Relationships xmlns="${T}"><Relationship Id="a" Type="${REL}/worksheet" Target="sheets/first.xml"/><Relationship Id="b" Type="${REL}/worksheet" Target="../other/second.xml"/><Relationship Id="s" Type="${REL}/sharedStrings" Target="text.xml"/><Relationship Id="t" Type="${REL}/styles" Target="look.xml"/></Relationships>`,
      ),
      deflated("book/sheets/first.xml", sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45989</v></c></row>`)),
      deflated("other/second.xml", sheet(`<row r="1"><c r="A1"><v>2</v></c></row>`)),
      deflated("book/text.xml", `<sst ${NS}><si><t>共享</t></si></sst>`),
      deflated("book/look.xml", STYLES),
    ]);
    const fast = gridFromXlsx(bytes, { verify: true });
    expect(fast.grid.sheets.map((s) => [s.name, s.values])).toStrictEqual([
      ["表一", [["共享", d(2025, 11, 28)]]],
      ["表二", [[2]]],
    ]);
    const r = await readWorkbook({ bytes, name: "x.xlsx" });
    expect(r.ok && r.format).toBe("xlsx");
    expect(r.ok && r.grid).toStrictEqual(fast.grid);
  });
});

describe("falling back to SheetJS", () => {
  it("overlapping merges: the fast reader throws, and so does the SheetJS path (corrupt, with the reason)", async () => {
    const bytes = handWorkbook([
      {
        name: "S",
        xml: sheet(
          `<row r="1"><c r="A1"><v>1</v></c></row>`,
          `<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>`,
        ),
      },
    ]);
    expect(() => gridFromXlsx(bytes)).toThrow(/merged/);
    const before = readerStats.fallback;
    const r = await readWorkbook({ bytes, name: "x.xlsx" });
    expect(readerStats.fallback).toBe(before + 1);
    expect(readerStats.lastFallback).toMatch(/merged/);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("合并单元格区域相互重叠");
  });

  it("a DOCTYPE, an undefined entity, a bad shared-string index, broken XML: thrown, and read by SheetJS", async () => {
    const cases = [
      handWorkbook([{ name: "S", xml: `<?xml version="1.0"?><!DOCTYPE worksheet><worksheet ${NS}><sheetData/></worksheet>` }]),
      handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`) }]),
      handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1" t="s"><v>7</v></c></row>`) }], {
        sst: `<sst ${NS}><si><t>a</t></si></sst>`,
      }),
      handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1"><v>1</v></row>`) }]),
    ];
    const results: unknown[] = [];
    for (const bytes of cases) {
      expect(() => gridFromXlsx(bytes)).toThrow();
      const before = readerStats.fallback;
      const fast = await readWorkbook({ bytes, name: "x.xlsx" });
      expect(readerStats.fallback).toBe(before + 1);
      results.push(fast.ok ? [fast.grid.sheets.map((s) => s.values), fast.notes.map((n) => n.code)] : fast.kind);
    }
    // SheetJS is lenient: it reads what it can, leaves an unknown entity as its text, and a
    // sheet it cannot parse is dropped, which becomes a sheet.unreadable note.
    expect(results).toStrictEqual([
      [[[]], []],
      [[[["&nbsp;"]]], []],
      [[], ["sheet.unreadable", "file.unknown_form"]],
      [[[[1]]], []],
    ]);
  });

  it("a corrupt entry gets guardZip's message, not a fallback", async () => {
    const good = handWorkbook([{ name: "S", xml: sheet(`<row r="1"><c r="A1"><v>1</v></c></row>`) }]);
    const bad = Buffer.from(good);
    const at = bad.indexOf(Buffer.from("xl/worksheets/sheet1.xml")) + "xl/worksheets/sheet1.xml".length + 4;
    bad[at] ^= 0xff; // a byte of the deflated sheet
    const before = readerStats.fallback;
    const r = await readWorkbook({ bytes: bad, name: "x.xlsx" });
    expect(readerStats.fallback).toBe(before);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(["truncated", "corrupt"]).toContain(r.kind);
  });
});

describe("pieces", () => {
  it("isDateFmt is exceljs's rule", () => {
    expect(isDateFmt("yyyy-mm-dd")).toBe(true);
    expect(isDateFmt('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFmt('"d"0')).toBe(false);
    expect(isDateFmt("[Red]0.00")).toBe(false);
    expect(isDateFmt("0.00E+00")).toBe(false);
    expect(isDateFmt(undefined)).toBe(false);
  });

  it("the tokenizer rejects what saxes rejects", () => {
    const bad = [
      "<a><b></a>",
      "<a>",
      "<a/><b/>",
      "text<a/>",
      '<a x="1"y="2"/>',
      "<a x=1/>",
      "<a>&bogus;</a>",
      "<a>&</a>",
      '<a x="<"/>',
    ];
    for (const xml of bad) {
      const run = () => {
        const x = new XmlTokenizer(xml);
        for (let t = x.next(); t !== 0; t = x.next())
          if (t === 1) for (let ok = x.firstAttr(); ok; ok = x.nextAttr()) x.value();
          else if (t === 3) x.readText();
      };
      expect(run, xml).toThrow();
    }
  });
});

// Every format readWorkbook reads besides .xlsx (SheetJS: .xls BIFF8/BIFF5, WPS .et, .ods,
// .fods, .xlsb, SpreadsheetML 2003; csv.ts: CSV and tab-separated text in GBK, UTF-8 with
// and without BOM, UTF-16LE) into the same grid; password-protected files; the zip kinds.
// Fixtures are written with SheetJS itself (test/read/convert.test.ts converts the committed
// workbooks with LibreOffice, the way people make such files).
import * as XLSX from "@e965/xlsx";
import { beforeAll, describe, expect, it } from "vitest";
import { csvValue, decodeText, parseCsv } from "../../aggregator/read/csv.js";
import { gridFromSheetJs, importSheetJs, odsHiddenSheets, odsLayout } from "../../aggregator/read/sheetjs.js";
import { sniffZipKind } from "../../aggregator/read/sniff.js";
import { readerStats, readWorkbook, type ReadResult } from "../../aggregator/read/workbook.js";
import { buildOle, buildZip, deflated, stored } from "./helpers.js";

const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

function okOf(r: ReadResult): Extract<ReadResult, { ok: true }> {
  if (!r.ok) throw new Error(`${r.kind}: ${r.message}`);
  return r;
}
function failOf(r: ReadResult): Extract<ReadResult, { ok: false }> {
  if (r.ok) throw new Error("expected a failure");
  return r;
}

beforeAll(async () => {
  // The reader's own SheetJS (with its code pages): the fixtures are written with the same build.
  await importSheetJs();
});

/** A workbook with every kind of value, a merge, a hidden and a very hidden sheet, written by SheetJS. */
function sheetJsBook(opts: { date1904?: boolean; ascii?: boolean } = {}): XLSX.WorkBook {
  const t = (zh: string, en: string) => (opts.ascii ? en : zh);
  const ws: XLSX.WorkSheet = XLSX.utils.aoa_to_sheet([
    [t("表1 服务对象", "Table 1"), null, null],
    [t("序号", "No"), t("企业名称", "Name"), t("成立时间", "Founded"), t("保费", "Premium"), t("是否", "Flag")],
    [1, t("河北某某有限公司", "Hebei Co"), null, 12.5, true],
    [2, "  ", null, 0, false],
  ]);
  // 2025-11-28 as a serial in either date system, with a date format.
  const serial = opts.date1904 ? 45989 - 1462 : 45989;
  ws.C3 = { t: "n", v: serial, z: "yyyy-mm-dd" };
  ws.C4 = { t: "n", v: serial, z: 'yyyy"年"m"月"d"日"' };
  ws.D3.z = "0.00";
  ws.F3 = { t: "e", v: 0x2a };
  ws["!ref"] = "A1:F4";
  ws["!merges"] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }];
  const hidden = XLSX.utils.aoa_to_sheet([["h"]]);
  const meta = XLSX.utils.aoa_to_sheet([
    ["tool", "pilot-forms"],
    ["form", "case-application"],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, t("数据", "Data"));
  XLSX.utils.book_append_sheet(wb, hidden, t("隐藏", "Hidden"));
  XLSX.utils.book_append_sheet(wb, meta, "pilot-forms-meta");
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 2 }], WBProps: { date1904: !!opts.date1904 } };
  return wb;
}

function write(wb: XLSX.WorkBook, bookType: XLSX.BookType): Buffer {
  return Buffer.from(XLSX.write(wb, { type: "buffer", bookType }) as Buffer);
}

describe("SheetJS formats read into the same grid", () => {
  const expected = [
    ["表1 服务对象"],
    ["序号", "企业名称", "成立时间", "保费", "是否"],
    [1, "河北某某有限公司", d(2025, 11, 28), 12.5, true, "#N/A"],
    [2, "  ", d(2025, 11, 28), 0, false],
  ];

  const cases: [string, XLSX.BookType, string, ("hidden" | "veryHidden")[]][] = [
    ["旧版.xls", "biff8", "xls", ["hidden", "veryHidden"]],
    ["表格.et", "biff8", "et", ["hidden", "veryHidden"]],
    ["二进制.xlsb", "xlsb", "xlsb", ["hidden", "veryHidden"]],
    // SheetJS's ODS writer writes every table visible (LibreOffice writes table:display="false":
    // odsHiddenSheets below, and the LibreOffice conversions in convert.test.ts).
    ["开放.ods", "ods", "ods", []],
    ["扁平.fods", "fods", "fods", []],
    ["XML表格.xml", "xlml", "xlml", ["hidden", "veryHidden"]],
  ];
  for (const [name, bookType, format, states] of cases) {
    it(`${name} (${bookType})`, async () => {
      const bytes = write(sheetJsBook(), bookType);
      const before = readerStats.sheetjs;
      const r = okOf(await readWorkbook({ bytes, name }));
      expect(readerStats.sheetjs).toBe(before + 1);
      expect(r.format).toBe(format);
      const [data, hidden, meta] = r.grid.sheets;
      expect(r.grid.sheets.map((s) => s.name)).toEqual(["数据", "隐藏", "pilot-forms-meta"]);
      // SheetJS's own ODS writer leaves error cells out (LibreOffice's .ods keep them: convert.test.ts).
      expect(data.values).toStrictEqual(
        format === "ods" || format === "fods" ? expected.map((row) => row.filter((v) => v !== "#N/A")) : expected,
      );
      expect(data.merges).toEqual(["A1:C1"]);
      expect(data.state).toBe("visible");
      if (states.length) expect([hidden.state, meta.state]).toEqual(states);
      expect(data.formats![2][3]).toBe("0.00");
      expect(data.formats![2][2]).toMatch(/yy/);
      expect(meta.values).toStrictEqual([
        ["tool", "pilot-forms"],
        ["form", "case-application"],
      ]);
      expect(r.notes).toEqual([]);
    });
  }

  it("a cut .xls is truncated, with the message that says so", async () => {
    const bytes = write(sheetJsBook(), "biff8");
    for (const n of [bytes.length >> 1, 700]) {
      const r = failOf(await readWorkbook({ bytes: bytes.subarray(0, n), name: "半截.xls" }));
      expect(r.kind).toBe("truncated");
      expect(r.message).toBe("文件（.xls）不完整（可能下载或拷贝中断），无法读取。请重新下载或从原件重新拷贝后再提交。");
    }
  });

  it("1904-based workbooks are dated right (.xls, .xlsb)", async () => {
    for (const bookType of ["biff8", "xlsb"] as const) {
      const r = okOf(await readWorkbook({ bytes: write(sheetJsBook({ date1904: true }), bookType), name: `x.${bookType}` }));
      expect(r.grid.sheets[0].values[2][2]).toStrictEqual(d(2025, 11, 28));
    }
  });

  it("BIFF5 (Excel 5.0/95)", async () => {
    const r = okOf(await readWorkbook({ bytes: write(sheetJsBook({ ascii: true }), "biff5"), name: "old.xls" }));
    expect(r.format).toBe("xls");
    expect(r.grid.sheets[0].values[2]).toStrictEqual([1, "Hebei Co", d(2025, 11, 28), 12.5, true, "#N/A"]);
  });

  it("the SheetJS fallback reads an .xlsx the fast reader refuses", async () => {
    const bytes = write(sheetJsBook(), "xlsx");
    // A DOCTYPE in the first sheet: the fast reader throws; SheetJS reads the file.
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(bytes);
    const part = "xl/worksheets/sheet1.xml";
    const xml = await zip.file(part)!.async("string");
    zip.file(
      part,
      xml.replace(/^(<\?xml[^>]*\?>)?/, (m) => `${m}<!DOCTYPE worksheet>`),
    );
    const edited = await zip.generateAsync({ type: "nodebuffer" });
    const before = readerStats.fallback;
    const r = okOf(await readWorkbook({ bytes: edited, name: "x.xlsx" }));
    expect(readerStats.fallback).toBe(before + 1);
    expect(r.grid.sheets[0].values).toStrictEqual(expected);
    expect(r.grid.sheets.map((s) => s.state)).toEqual(["visible", "hidden", "veryHidden"]);
  });

  it("a formula without a cached result is a cell.no_result note; an empty-string result is a value", async () => {
    const ws = XLSX.utils.aoa_to_sheet([["a"]]);
    ws.B1 = { t: "n", f: "1+1" } as XLSX.CellObject; // no v
    ws.C1 = { t: "s", v: "", f: 'A1&""' } as XLSX.CellObject;
    ws["!ref"] = "A1:C1";
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "公式");
    const bytes = write(wb, "xlsx");
    // The fast reader and the SheetJS path (the fallback) agree.
    const r = okOf(await readWorkbook({ bytes, name: "f.xlsx" }));
    const sj = await gridFromSheetJs(bytes, "xlsx");
    for (const got of [r, sj]) {
      expect(got.grid.sheets[0].values).toStrictEqual([["a"]]);
      expect(got.notes.map((n) => [n.code, n.sheet, n.cell])).toEqual([["cell.no_result", "公式", "B1"]]);
    }
  });
});

describe("odsHiddenSheets", () => {
  it("reads table:display=false from the automatic table styles, as LibreOffice writes them", () => {
    const xml = `<office:document-content><office:automatic-styles><style:style style:name="ta1" style:family="table" style:master-page-name="PageStyle_5f_填报说明"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style><style:style style:name="ta5" style:family="table"><style:table-properties table:display="false"/></style:style><style:style style:name="co1" style:family="table-column"><style:table-column-properties fo:break-before="auto"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="填报说明" table:style-name="ta1"></table:table><table:table table:name="选项 &amp; 元数据" table:style-name="ta5"></table:table></office:spreadsheet></office:body></office:document-content>`;
    expect([...odsHiddenSheets(xml)]).toEqual(["选项 & 元数据"]);
  });

  it("odsLayout: merges of empty cells too, through repeated rows and columns (SheetJS keeps only those with text)", () => {
    const xml = `<office:document-content><office:body><office:spreadsheet><table:table table:name="汇总"><table:table-column table:number-columns-repeated="8"/><table:table-row><table:table-cell table:number-columns-spanned="8" table:number-rows-spanned="1" office:value-type="string"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="7"/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row><table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2"/><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell><table:table table:name="子表"/></table:table-cell><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
    expect(odsLayout(xml).merges.get("汇总")).toEqual([
      { top: 0, left: 0, bottom: 0, right: 7 },
      { top: 3, left: 1, bottom: 4, right: 3 },
      { top: 3, left: 5, bottom: 3, right: 6 },
    ]);
  });
});

describe("password-protected files", () => {
  it("an .xls with a FILEPASS record", async () => {
    const xls = write(sheetJsBook(), "biff8");
    type CfbEntry = { content: Uint8Array; size: number };
    const CFB = (
      XLSX as unknown as {
        CFB: {
          read(b: Buffer, o: object): unknown;
          write(c: unknown, o: object): Uint8Array;
          find(c: unknown, p: string): CfbEntry;
        };
      }
    ).CFB;
    const cfb = CFB.read(xls, { type: "buffer" });
    const entry = CFB.find(cfb, "Workbook");
    const stream = Buffer.from(entry.content as Uint8Array);
    const bofLen = stream.readUInt16LE(2);
    // FILEPASS (0x002F), XOR obfuscation: wEncryptionType 0, key, verifier.
    const filepass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56]);
    entry.content = Buffer.concat([stream.subarray(0, 4 + bofLen), filepass, stream.subarray(4 + bofLen)]);
    entry.size = entry.content.length;
    const bytes = Buffer.from(CFB.write(cfb, { type: "buffer", fileType: "cfb" }));
    const r = failOf(await readWorkbook({ bytes, name: "加密.xls" }));
    expect(r.kind).toBe("encrypted");
    expect(r.message).toMatch(/^文件设置了打开密码（\.xls），无法读取。.*取消密码/);
  });

  it("an encrypted .xlsx (EncryptionInfo in a compound file)", async () => {
    const bytes = buildOle([
      { name: "EncryptionInfo", data: Buffer.alloc(5000, 1) },
      { name: "EncryptedPackage", data: Buffer.alloc(5000, 2) },
    ]);
    const r = failOf(await readWorkbook({ bytes, name: "申报.xlsx" }));
    expect(r.kind).toBe("encrypted");
    expect(r.message).toContain("取消密码");
  });

  it("an encrypted .ods (manifest encryption data)", async () => {
    const bytes = buildZip([
      stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
      deflated(
        "META-INF/manifest.xml",
        `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>`,
      ),
      stored("content.xml", Buffer.alloc(200, 7)),
    ]);
    const r = failOf(await readWorkbook({ bytes, name: "申报.ods" }));
    expect(r.kind).toBe("encrypted");
    expect(r.message).toMatch(/（\.ods）.*取消密码/);
  });
});

describe("sniffZipKind", () => {
  it("tells workbooks, documents and plain zips apart", () => {
    const rels = (target: string) =>
      stored(
        "_rels/.rels",
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`,
      );
    expect(sniffZipKind(write(sheetJsBook(), "xlsx"))).toMatchObject({ kind: "xlsx", workbookPart: "xl/workbook.xml" });
    expect(sniffZipKind(write(sheetJsBook(), "xlsb"))).toMatchObject({ kind: "xlsb", workbookPart: "xl/workbook.bin" });
    expect(sniffZipKind(write(sheetJsBook(), "ods"))).toMatchObject({ kind: "ods", encrypted: false });
    expect(sniffZipKind(buildZip([rels("book/main.xml"), stored("book/main.xml", "<workbook/>")]))).toMatchObject({
      kind: "xlsx",
      workbookPart: "book/main.xml",
    });
    expect(sniffZipKind(buildZip([rels("word/document.xml"), stored("word/document.xml", "<w/>")]))?.kind).toBe("docx");
    expect(sniffZipKind(buildZip([stored("ppt/presentation.xml", "<p/>")]))?.kind).toBe("pptx");
    expect(sniffZipKind(buildZip([stored("mimetype", "application/vnd.oasis.opendocument.text")]))).toMatchObject({
      kind: "opendocument",
      detail: "text",
    });
    expect(sniffZipKind(buildZip([stored("石家庄/申报书.xlsx", "x"), stored("说明.pdf", "y")]))?.kind).toBe("container");
    expect(sniffZipKind(Buffer.from("PK\x03\x04 truncated"))).toBeUndefined();
  });
});

/** Text in GBK, through the decoder's table (Node's TextEncoder writes UTF-8 only). */
function gbk(s: string): Buffer {
  // Node's TextEncoder writes UTF-8 only; encode GBK through the decoder's inverse table.
  const out: number[] = [];
  const dec = new TextDecoder("gbk");
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let found = false;
    for (let hi = 0x81; hi <= 0xfe && !found; hi++)
      for (let lo = 0x40; lo <= 0xfe && !found; lo++)
        if (lo !== 0x7f && dec.decode(new Uint8Array([hi, lo])) === ch) {
          out.push(hi, lo);
          found = true;
        }
    if (!found) throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------
// CSV

const ROWS =
  "序号,单位名称,统一社会信用代码,联系电话,成立时间,保费\r\n1,石家庄某某有限公司,91130100MA0XXXXX1X,0311-86699155,2025-11-28,12.5\r\n";
const EXPECTED_ROWS = [
  ["序号", "单位名称", "统一社会信用代码", "联系电话", "成立时间", "保费"],
  [1, "石家庄某某有限公司", "91130100MA0XXXXX1X", "0311-86699155", "2025-11-28", 12.5],
];

describe("CSV", () => {
  const encodings: [string, () => Buffer, string][] = [
    ["GBK (Excel/WPS 'CSV (逗号分隔)')", () => gbk(ROWS), "gbk"],
    ["UTF-8 with BOM ('CSV UTF-8')", () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROWS)]), "utf-8"],
    ["plain UTF-8", () => Buffer.from(ROWS), "utf-8"],
  ];
  for (const [what, make, encoding] of encodings) {
    it(what, async () => {
      const bytes = make();
      expect(decodeText(bytes).encoding).toBe(encoding);
      const r = okOf(await readWorkbook({ bytes, name: "石家庄市汇总.csv" }));
      expect(r.format).toBe("csv");
      expect(r.grid.sheets).toHaveLength(1);
      expect(r.grid.sheets[0]).toMatchObject({ name: "石家庄市汇总", state: "visible", merges: [] });
      expect(r.grid.sheets[0].values).toStrictEqual(EXPECTED_ROWS);
      expect(r.notes).toEqual([]);
    });
  }

  it("UTF-16LE tab-separated text (Excel 'Unicode 文本', a .txt)", async () => {
    const text = ROWS.replace(/,/g, "\t");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const r = okOf(await readWorkbook({ bytes, name: "导出.txt" }));
    expect(r.grid.sheets[0].values).toStrictEqual(EXPECTED_ROWS);
  });

  it("a file that is UTF-8 for 64 KB and GBK further down is GBK", () => {
    const bytes = Buffer.concat([Buffer.from("a,b\r\n".repeat(20_000)), gbk("序号,单位\r\n")]);
    expect(decodeText(bytes, "ascii")).toMatchObject({ encoding: "gbk" });
    expect(decodeText(bytes, "ascii").text.endsWith("序号,单位\r\n")).toBe(true);
  });

  it("quotes, line breaks inside quotes, sep=, semicolons, a last line without a newline", () => {
    expect(parseCsv('a,"b ""c""",d\n"多\r\n行",,x')).toEqual([
      ["a", 'b "c"', "d"],
      ["多\r\n行", "", "x"],
    ]);
    expect(parseCsv("sep=;\na;b,c;d\n")).toEqual([["a", "b,c", "d"]]);
    expect(parseCsv("a;b;c\n1;2;3")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(parseCsv("one\ntwo\n")).toEqual([["one"], ["two"]]);
  });

  it("values: only what cannot be lost becomes a number", () => {
    expect(["12", "12.50", "-3", "0", "0.5", ".5", "1,234.5", "1e3", "TRUE", "FALSE", ""].map(csvValue)).toStrictEqual([
      12,
      12.5,
      -3,
      0,
      0.5,
      0.5,
      1234.5,
      1000,
      true,
      false,
      null,
    ]);
    // Leading zeros, long digit strings (credit codes, ID numbers), phones, dates, formulas, spaces: text.
    for (const s of [
      "0311",
      "00123",
      "130104199001011234",
      "913001007000000000",
      "+8613800000000",
      "2025-11-28",
      "=1+1",
      " 12 ",
      "12%",
      "1,23",
    ])
      expect(csvValue(s)).toBe(s);
  });

  it("a .txt of prose is not a spreadsheet; a one-column .csv is", async () => {
    const prose = failOf(
      await readWorkbook({ bytes: Buffer.from("申报说明：请于11月28日前提交, 谢谢。\n联系人：王五\n"), name: "说明.txt" }),
    );
    expect(prose.kind).toBe("not-spreadsheet");
    const one = okOf(await readWorkbook({ bytes: Buffer.from("名称\n甲\n乙\n"), name: "名单.csv" }));
    expect(one.grid.sheets[0].values).toStrictEqual([["名称"], ["甲"], ["乙"]]);
  });

  it("CSV text under a spreadsheet extension is read as CSV", async () => {
    const r = okOf(await readWorkbook({ bytes: Buffer.from(ROWS), name: "改名.xlsx" }));
    expect(r.format).toBe("csv");
    expect(r.grid.sheets[0].name).toBe("改名");
  });
});

describe("HTML tables saved as .xls (business systems' exports)", () => {
  it("a GBK page: each table a sheet, colspan a merge, cells as text converted as in CSV", async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table border=1><tr><td colspan=3>表1 服务对象</td></tr><tr><td>序号</td><td>企业名称</td><td>成立时间</td></tr><tr><td>1</td><td>某某公司</td><td>2025-11-28</td></tr><tr><td>2</td><td>00123</td><td>13800000000</td></tr></table><p>说明</p><table><tr><td>二</td></tr></table></body></html>`;
    const r = okOf(await readWorkbook({ bytes: gbk(html), name: "系统导出.xls" }));
    expect(r.format).toBe("html");
    expect(r.grid.sheets.map((s) => s.name)).toEqual(["Sheet1", "Sheet2"]);
    expect(r.grid.sheets[0].values).toStrictEqual([
      ["表1 服务对象"],
      ["序号", "企业名称", "成立时间"],
      [1, "某某公司", "2025-11-28"],
      [2, "00123", 13800000000],
    ]);
    expect(r.grid.sheets[0].merges).toEqual(["A1:C1"]);
    expect(r.grid.sheets[1].values).toStrictEqual([["二"]]);
    // A text file that holds a <table> is not a spreadsheet export.
    const md = failOf(await readWorkbook({ bytes: Buffer.from(html), name: "说明.md" }));
    expect(md.kind).toBe("not-spreadsheet");
  });
});

import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { META_SHEET, metaRows } from "../../forms/meta.js";
import {
  CJK_BUILTIN_NUMFMTS,
  gridFromExcelJs,
  loadExcelJs,
  readWorkbook,
  type ReadResult,
} from "../../aggregator/read/workbook.js";
import { NoteCollector } from "../../aggregator/read/notes.js";
import {
  biffWorkbookStream,
  bombEntry,
  buildOle,
  buildZip,
  deflated,
  editXlsx,
  makeTempDir,
  repeatedRows,
  SHEET_HEAD,
  SHEET_TAIL,
  sheetRows,
  stored,
  workbookParts,
  xlsxBytes,
} from "./helpers.js";

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const HAN = /[\u4e00-\u9fff]/;
const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

/** The "good" workbook: every kind of value, merges, hidden and very-hidden sheets. */
async function goodWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2025, 0, 1));
  const ws = wb.addWorksheet("数据");
  ws.getCell("A1").value = "名称";
  ws.getCell("B1").value = { richText: [{ text: "网络" }, { text: "安全", font: { bold: true } }] };
  ws.getCell("C1").value = 42.5;
  ws.getCell("C1").numFmt = "0.00";
  ws.getCell("D1").value = true;
  ws.mergeCells("B2:D2");
  ws.getCell("B2").value = "合并标题";
  ws.getCell("A3").value = { formula: "C1*2", result: 85, shareType: "shared", ref: "A3:B3" } as ExcelJS.CellFormulaValue;
  ws.getCell("B3").value = { sharedFormula: "A3", result: 86 } as ExcelJS.CellSharedFormulaValue;
  ws.getCell("C3").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  ws.getCell("D3").value = d(2025, 11, 28);
  ws.getCell("D3").numFmt = "yyyy-mm-dd";
  ws.getCell("F3").value = { formula: "1+1" } as ExcelJS.CellFormulaValue; // no cached result
  ws.getCell("E4").value = { text: "官网", hyperlink: "https://example.com/" };
  ws.mergeCells("A5:A7");
  ws.getCell("A5").value = "纵向合并";
  ws.getCell("B6").value = ""; // an empty string is empty
  ws.getCell("A9").value = "末行";
  ws.getCell("C12").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } }; // style only
  ws.getCell("D12").value = { formula: 'A1&""', result: "名称" } as ExcelJS.CellFormulaValue;
  ws.getCell("D12").value = null; // cleared again: row 12 has only styles

  const hidden = wb.addWorksheet("隐藏");
  hidden.state = "hidden";
  hidden.getCell("A1").value = "h";

  const meta = wb.addWorksheet(META_SHEET);
  meta.state = "veryHidden";
  for (const row of metaRows({ form: "case-application", profile: "hebei-2025" })) meta.addRow(row);

  wb.addWorksheet("空表");
  return xlsxBytes(wb);
}

let goodPath: string;
let goodBytes: Buffer;

beforeAll(async () => {
  goodBytes = await goodWorkbook();
  goodPath = tmp.file("good.xlsx", goodBytes);
});

function failed(r: ReadResult): Extract<ReadResult, { ok: false }> {
  if (r.ok) throw new Error("expected a failure, got ok");
  return r;
}

describe("readWorkbook: a good workbook", () => {
  it("gives the grid exactly", async () => {
    const r = await readWorkbook({ path: goodPath });
    if (!r.ok) throw new Error(r.message);
    expect(r.bytes).toBe(goodBytes.length);
    expect(r.grid.sheets.map((s) => [s.name, s.state])).toEqual([
      ["数据", "visible"],
      ["隐藏", "hidden"],
      [META_SHEET, "veryHidden"],
      ["空表", "visible"],
    ]);
    const s = r.grid.sheets[0];
    expect(s.top).toBe(0);
    expect(s.left).toBe(0);
    expect(s.values).toStrictEqual([
      ["名称", "网络安全", 42.5, true],
      [null, "合并标题"],
      [85, 86, "#N/A", d(2025, 11, 28)],
      [null, null, null, null, "官网"],
      ["纵向合并"],
      [],
      [],
      [],
      ["末行"],
    ]);
    expect(s.formats).toStrictEqual([
      [undefined, undefined, "0.00", undefined],
      [undefined, undefined],
      [undefined, undefined, undefined, "yyyy-mm-dd"],
      [undefined, undefined, undefined, undefined, undefined],
      [undefined],
      [],
      [],
      [],
      [undefined],
    ]);
    expect(s.merges).toEqual(["B2:D2", "A5:A7"]);

    expect(r.grid.sheets[1].values).toStrictEqual([["h"]]);
    expect(r.grid.sheets[2].values).toStrictEqual([
      ["tool", "pilot-forms"],
      ["form", "case-application"],
      ["profile", "hebei-2025"],
      ["templateVersion", "1"],
    ]);
    expect(r.grid.sheets[3]).toMatchObject({ name: "空表", values: [], formats: [], merges: [] });

    expect(r.format).toBe("xlsx");
    expect(r.notes).toEqual([
      {
        code: "cell.no_result",
        severity: "info",
        sheet: "数据",
        cell: "F3",
        message: "工作表“数据”单元格 F3 的公式没有计算结果，请在 Excel 中打开并保存后再提交。",
      },
    ]);
  });

  it("reads bytes the same as the path, and gridFromExcelJs works on a loaded workbook", async () => {
    const fromPath = await readWorkbook({ path: goodPath });
    const fromBytes = await readWorkbook({ bytes: new Uint8Array(goodBytes), name: "good.xlsx" });
    expect(fromBytes).toEqual(fromPath);
    const wb = await loadExcelJs(goodBytes);
    const notes = new NoteCollector();
    expect(gridFromExcelJs(wb, notes)).toEqual(fromPath.ok && fromPath.grid);
    expect(notes.finish()).toHaveLength(1);
  });

  it("never modifies the input and hashes it with sha256", async () => {
    const before = statSync(goodPath);
    const bytesBefore = readFileSync(goodPath);
    const r = await readWorkbook({ path: goodPath });
    const after = statSync(goodPath);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.size).toBe(before.size);
    expect(readFileSync(goodPath).equals(bytesBefore)).toBe(true);
    expect(r.ok && r.sha256).toBe(createHash("sha256").update(bytesBefore).digest("hex"));

    const input = new Uint8Array(goodBytes);
    const copy = Buffer.from(input);
    await readWorkbook({ bytes: input, name: "x.xlsx" });
    expect(Buffer.from(input).equals(copy)).toBe(true);
  });
});

describe("gridFromExcelJs: shapes and limits", () => {
  it("keeps rows jagged: a stray far-right cell costs one long row, not a rectangle", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("稀疏");
    ws.getCell("A1").value = "a";
    ws.getCell("XFD3").value = "far";
    ws.getCell("B5").value = 0;
    const r = await readWorkbook({ bytes: await xlsxBytes(wb), name: "稀疏.xlsx" });
    if (!r.ok) throw new Error(r.message);
    const s = r.grid.sheets[0];
    expect(s.values.map((row) => row.length)).toEqual([1, 0, 16384, 0, 2]);
    expect(s.values[2][16383]).toBe("far");
    expect(s.values[4]).toStrictEqual([null, 0]);
    expect(s.formats!.map((row) => row.length)).toEqual([1, 0, 16384, 0, 2]);
  });

  it("caps the warnings for formulas without a result and counts the rest", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("公式");
    for (let r = 1; r <= 25; r++) ws.getCell(r, 1).value = { formula: `ROW()*${r}` } as ExcelJS.CellFormulaValue;
    const r = await readWorkbook({ bytes: await xlsxBytes(wb), name: "公式.xlsx" });
    if (!r.ok) throw new Error(r.message);
    expect(r.grid.sheets[0].values).toEqual([]);
    expect(r.notes).toHaveLength(21);
    expect(r.notes.every((n) => n.code === "cell.no_result" && n.severity === "info")).toBe(true);
    expect(r.notes[0]).toMatchObject({ sheet: "公式", cell: "A1" });
    expect(r.notes[0].message).toBe("工作表“公式”单元格 A1 的公式没有计算结果，请在 Excel 中打开并保存后再提交。");
    expect(r.notes[20]).toEqual({
      code: "cell.no_result",
      severity: "info",
      message: "另有 5 个单元格的公式没有计算结果，请在 Excel 中打开并保存后再提交。",
    });
  });
});

describe("readWorkbook: the Chinese built-in date formats", () => {
  /** A1..D1 = 45989 (2025-11-28) with numFmtId 31, 57, 58 and 14, no custom <numFmt>. */
  async function cjkDateWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("日期");
    const codes = ["0.000", "0.0000", "0.00000", "0.000000"];
    codes.forEach((code, i) => {
      const cell = ws.getCell(1, i + 1);
      cell.value = 45989;
      cell.numFmt = code;
    });
    ws.getCell("A2").value = "成立时间";
    const target: Record<string, number> = { "0.000": 31, "0.0000": 57, "0.00000": 58, "0.000000": 14 };
    return editXlsx(await xlsxBytes(wb), (parts) => {
      let styles = parts.get("xl/styles.xml")!;
      const idOf = new Map<string, string>();
      for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) idOf.set(m[2], m[1]);
      const [head, rest] = styles.split("<cellXfs");
      let xfs = `<cellXfs${rest}`;
      for (const [code, id] of idOf) xfs = xfs.replaceAll(`numFmtId="${id}"`, `numFmtId="${target[code]}"`);
      styles = head.replace(/<numFmts[^>]*>[\s\S]*?<\/numFmts>/, "") + xfs;
      expect(styles).toContain('numFmtId="31"');
      expect(styles).not.toContain("<numFmt ");
      parts.set("xl/styles.xml", styles);
    });
  }

  it("reads numFmtId 31, 57, 58 as dates with a date format", async () => {
    const r = await readWorkbook({ bytes: await cjkDateWorkbook(), name: "日期.xlsx" });
    if (!r.ok) throw new Error(r.message);
    const s = r.grid.sheets[0];
    expect(s.values[0]).toStrictEqual([d(2025, 11, 28), d(2025, 11, 28), d(2025, 11, 28), d(2025, 11, 28)]);
    expect(s.formats![0]).toStrictEqual(['yyyy"年"m"月"d"日"', 'yyyy"年"m"月"', 'm"月"d"日"', "mm-dd-yy"]);
    expect(CJK_BUILTIN_NUMFMTS[31]).toBe('yyyy"年"m"月"d"日"');
  });

  it("documents what exceljs 4.4.0 gives without the fix: the serial number and no format", async () => {
    const bytes = await cjkDateWorkbook();
    const table = createRequire(import.meta.url)("exceljs/lib/xlsx/defaultnumformats.js") as Record<number, { f?: string }>;
    const saved = table[31].f;
    delete table[31].f;
    try {
      const wb = await loadExcelJs(bytes);
      const { values, formats } = gridFromExcelJs(wb).sheets[0];
      expect(values[0][0]).toBe(45989); // cell.value: a number, not a Date
      expect(formats![0][0]).toBeUndefined(); // cell.numFmt: undefined
      expect(values[0][1]).toEqual(d(2025, 11, 28)); // id 57 still patched
    } finally {
      table[31].f = saved;
    }
  });
});

describe("readWorkbook: bad files give a kind and a Chinese message, never a throw", () => {
  const gbkCsv = Buffer.from([
    0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xb5, 0xa5, 0xce, 0xbb, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0x31, 0x2c, 0xc4, 0xb3,
  ]);

  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string, RegExp][] = [
    // A Workbook stream with only a BOF record (no sheet): read by SheetJS, and damaged.
    ["旧表.xls", () => buildOle([{ name: "Workbook", data: biffWorkbookStream() }]), "corrupt", /\.xls）已损坏.*另存为 \.xlsx/],
    ["改名.xlsx", () => buildOle([{ name: "Workbook", data: biffWorkbookStream() }]), "corrupt", /\.xls/],
    [
      "表.et",
      () =>
        buildOle([
          { name: "Workbook", data: biffWorkbookStream() },
          { name: "ETExtData", data: Buffer.alloc(64) },
        ]),
      "corrupt",
      /（\.et）已损坏/,
    ],
    [
      "wps.xls",
      () => buildOle([{ name: "WpsCustomData", data: Buffer.alloc(100) }]),
      "et",
      /WPS 表格（\.et）等其他格式.*无法读取/,
    ],
    [
      "加密.xlsx",
      () =>
        buildOle([
          { name: "\u0006DataSpaces", type: 1 },
          { name: "EncryptionInfo", data: Buffer.alloc(248, 1) },
          { name: "EncryptedPackage", data: randomBytes(5000) },
        ]),
      "encrypted",
      /打开密码.*取消密码/,
    ],
    ["半截.xlsx", async () => (await goodWorkbook()).subarray(0, 3000), "truncated", /文件不完整（可能下载或拷贝中断）/],
    ["乱码.xlsx", () => randomBytes(5000), "not-zip", /不是 Excel 工作簿/],
    [
      "说明.txt",
      () => Buffer.from("这是一份说明，没有表格。\n第二行，也没有。\n"),
      "not-spreadsheet",
      /纯文本文件（\.txt）.*计入本市材料/,
    ],
    ["报告.pdf", () => Buffer.from("%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), "not-spreadsheet", /PDF 文件/],
    ["附件.rar", () => Buffer.from("Rar!\x1a\x07\x01\x00xxxxxxxx", "latin1"), "not-spreadsheet", /RAR 压缩包.*\.zip/],
    ["附件.7z", () => Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 1, 2, 3, 4]), "not-spreadsheet", /7z 压缩包/],
    [
      "盖章页.png",
      () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      "not-spreadsheet",
      /图片（\.png）/,
    ],
    ["盖章页.jpg", () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), "not-spreadsheet", /图片（\.jpg）/],
    ["扫描.gif", () => Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), "not-spreadsheet", /图片（\.gif）/],
    ["扫描.tif", () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), "not-spreadsheet", /图片（\.tif）/],
    [
      "扫描.bmp",
      () => Buffer.concat([Buffer.from("BM", "latin1"), Buffer.alloc(12), Buffer.from([40, 0, 0, 0]), Buffer.alloc(20)]),
      "not-spreadsheet",
      /图片（\.bmp）/,
    ],
    [
      "申报书.doc",
      () => buildOle([{ name: "WordDocument", data: Buffer.alloc(600) }]),
      "not-spreadsheet",
      /Word 97-2003 文档（\.doc）/,
    ],
    ["汇报.ppt", () => buildOle([{ name: "PowerPoint Document", data: Buffer.alloc(600) }]), "not-spreadsheet", /PowerPoint/],
    ["申报书.rtf", () => Buffer.from("{\\rtf1\\ansi 申报书}"), "not-spreadsheet", /RTF/],
    [
      "申报书.docx",
      () => buildZip([stored("[Content_Types].xml", "<Types/>"), stored("word/document.xml", "<w:document/>")]),
      "not-spreadsheet",
      /^这是 Word 文档（\.docx），其中没有表格，不是申报表格。Word 申报书请在通知附件的表单中填写（表单中的表格会被读取），或申报书的表格部分请用 Excel 或 WPS 表格模板填写后提交 \.xlsx。此文件已列出、计入本市材料。$/,
    ],
    ["汇报.pptx", () => buildZip([stored("ppt/presentation.xml", "<p/>")]), "not-spreadsheet", /PowerPoint 演示文稿（\.pptx）/],
    [
      "说明.odt",
      () => buildZip([stored("mimetype", "application/vnd.oasis.opendocument.text"), stored("content.xml", "<x/>")]),
      "not-spreadsheet",
      /OpenDocument 文字文档（\.odt）/,
    ],
    // An HTML page with tables is read (formats.test.ts); one without a table, or a web archive, is not.
    ["导出.xls", () => Buffer.from("<html><body><p>没有数据</p></body></html>"), "html", /网页（HTML）/],
    [
      "归档.xls",
      () =>
        Buffer.from(
          'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n\r\n--x\r\n<table><tr><td>1</td></tr></table>',
        ),
      "html",
      /网页（HTML）/,
    ],
    ["空.xlsx", () => new Uint8Array(0), "empty", /空的（0 字节）/],
    ["空压缩包.xlsx", () => buildZip([]), "not-workbook", /空的压缩包/],
    [
      "压缩包.xlsx",
      () => buildZip([stored("readme.txt", "hello")]),
      "not-spreadsheet",
      /压缩包（zip）（扩展名为 \.xlsx），其中没有可读取的电子表格/,
    ],
    [
      "文档.xlsx",
      () => buildZip([stored("[Content_Types].xml", "<Types/>"), stored("word/document.xml", "<w:document/>")]),
      "not-spreadsheet",
      /这是 Word 文档（\.docx）（扩展名为 \.xlsx）/,
    ],
    [
      "炸弹.xlsx",
      () => buildZip([...workbookParts(), bombEntry("xl/worksheets/sheet1.xml", Buffer.from(repeatedRows(20_000)), 260)]),
      "too-large",
      /超过单项上限 100 MB/,
    ],
    [
      "坏XML.xlsx",
      () =>
        buildZip([
          ...workbookParts().filter((e) => e.name !== "xl/workbook.xml"),
          stored("xl/workbook.xml", `<?xml version="1.0"?><workbook><sheets><sheet name="a"</workbook>`),
          deflated("xl/worksheets/sheet1.xml", SHEET_HEAD + sheetRows(3) + SHEET_TAIL),
        ]),
      "corrupt",
      /文件已损坏或格式不标准，无法读取（.+）/,
    ],
  ];

  for (const [name, make, kind, message] of cases) {
    it(`${name} → ${kind}`, async () => {
      const bytes = await make();
      const path = tmp.file(name, bytes);
      const r = failed(await readWorkbook({ path }));
      if (process.env.SHOW_MESSAGES) console.log(`${name}\t${r.kind}\t${r.message}`);
      expect(r.kind).toBe(kind);
      expect(r.message).toMatch(HAN);
      expect(r.message).toMatch(message);
      expect(r.bytes).toBe(bytes.length);
      expect(r.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      // Same answer from memory.
      expect(failed(await readWorkbook({ bytes, name })).kind).toBe(kind);
    });
  }

  it("a GBK CSV saved as .xlsx is read as CSV, not refused", async () => {
    const r = await readWorkbook({ bytes: gbkCsv, name: "gbk.xlsx" });
    if (!r.ok) throw new Error(r.message);
    expect(r.format).toBe("csv");
    expect(r.grid.sheets[0].values).toStrictEqual([
      ["序号", "单位名称"],
      [1, "某"],
    ]);
  });

  it("a missing path", async () => {
    const r = failed(await readWorkbook({ path: join(tmp.dir, "没有这个文件.xlsx") }));
    expect(r.kind).toBe("missing");
    expect(r.message).toContain("找不到文件");
    expect(r.sha256).toBeUndefined();
  });

  it("a folder instead of a file", async () => {
    const r = failed(await readWorkbook({ path: tmp.dir }));
    expect(r.kind).toBe("missing");
    expect(r.message).toMatch(HAN);
  });

  it("a file over the size limit is refused before it is read", async () => {
    const r = failed(await readWorkbook({ path: goodPath }, { maxBytes: 1000 }));
    expect(r.kind).toBe("too-large");
    expect(r.bytes).toBe(goodBytes.length);
    expect(r.sha256).toBeUndefined();
    expect(r.message).toMatch(/文件大小为 .+ KB，超过上限 1000 字节/);
  });

  it("an uncompressed-size limit can be lowered", async () => {
    const r = failed(await readWorkbook({ path: goodPath }, { maxUncompressed: 2048 }));
    expect(r.kind).toBe("too-large");
    expect(r.message).toContain("超过上限 2 KB");
  });

  it("overlapping merges (exceljs throws) are a corrupt file with the reason", async () => {
    const bytes = await editXlsx(goodBytes, (parts) => {
      const p = "xl/worksheets/sheet1.xml";
      parts.set(
        p,
        parts
          .get(p)!
          .replace(/<mergeCell ref="B2:D2"\/>/, '<mergeCell ref="B2:D2"/><mergeCell ref="C2:E3"/>')
          .replace(/count="2"/, 'count="3"'),
      );
    });
    const r = failed(await readWorkbook({ bytes, name: "重叠.xlsx" }));
    expect(r.kind).toBe("corrupt");
    expect(r.message).toContain("合并单元格区域相互重叠");
  });
});

describe("readWorkbook: sheets exceljs would drop silently", () => {
  it("warns about a worksheet stored under a name exceljs does not read", async () => {
    const bytes = await editXlsx(goodBytes, (parts) => {
      const text = parts.get("xl/worksheets/sheet2.xml")!;
      parts.delete("xl/worksheets/sheet2.xml");
      parts.set("xl/worksheets/data2.xml", text);
      parts.set(
        "xl/_rels/workbook.xml.rels",
        parts.get("xl/_rels/workbook.xml.rels")!.replace("worksheets/sheet2.xml", "worksheets/data2.xml"),
      );
      parts.set(
        "[Content_Types].xml",
        parts.get("[Content_Types].xml")!.replace("/xl/worksheets/sheet2.xml", "/xl/worksheets/data2.xml"),
      );
    });
    // The exceljs path drops such a sheet and says so; the fast reader (the default) follows
    // workbook.xml.rels and reads it.
    const r = await readWorkbook({ bytes, name: "x.xlsx" }, { reader: "exceljs" });
    if (!r.ok) throw new Error(r.message);
    expect(r.grid.sheets.map((s) => s.name)).toEqual(["数据", META_SHEET, "空表"]);
    const fast = await readWorkbook({ bytes, name: "x.xlsx" });
    if (!fast.ok) throw new Error(fast.message);
    expect(fast.grid.sheets.map((s) => s.name)).toContain("隐藏");
    expect(fast.notes.filter((n) => n.sheet === "隐藏")).toEqual([]);
    expect(r.notes).toContainEqual({
      code: "sheet.unreadable",
      severity: "warning",
      sheet: "隐藏",
      message:
        "工作表“隐藏”未能读取，其中的内容不在本次检查范围内。请在 Excel 中将其内容复制到普通工作表，另存为 .xlsx 后重新提交。",
    });
  });
});

// Word 申报书s read like workbooks (issue 9, item 1): a .docx laid out as the official
// 典型案例申报书 (two label/value pairs per row, check boxes, 联合申报单位 rows under a label
// merged down the left, merged cells) is built here with the `docx` library from the data of
// each city's 典型案例申报书-1.xlsx; read back, each Word table is a grid 表格N, and
// validateGrid finds the same records and issues as in the .xlsx twin. The same for the
// 试点工作方案 pasted from its Word form (唐山市/手工录入-试点工作方案.xlsx) made back into Word:
// 基本信息, 联合申报单位, 表1 服务对象 and 表2 服务方案 as three Word tables. The cover page's
// fields are paragraphs ("方 案 名 称：…", "申 报 日 期：…"), not in a table: the reader puts
// them below the rows of the unit's table (表格1), so the 申报书's 申报日期 and the 工作方案's
// 方案名称 and 申报方向 are read and validated as in the .xlsx, and named 封面“申报方向”一行.
//
// Allowed differences between a Word twin and its .xlsx (what the Word form does not have):
//  - sheet, cell, row and message differ (表格N and its own rows and columns; 封面“…”一行);
//  - values are text: a date or number cell of the .xlsx is its text in Word; a check-box cell
//    (单位性质, 单位类别, 是否出险) holds the whole option list with its marks, and the record's
//    value is compared by the option ticked;
//  - 联合申报单位 has no 序号 column in Word (its records have no seq);
//  - check-box cells get text.whitespace (info): the fix that replaces the option list by the
//    option ticked.
import { join } from "node:path";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { beforeAll, describe, expect, it } from "vitest";
import { gridFromDocx, narrativeSections, parseDocument, type WordTableGrid } from "../../aggregator/read/docx.js";
import { readWorkbook } from "../../aggregator/read/workbook.js";
import { parseRange } from "../../forms/address.js";
import type { CellValue, Issue, WorkbookGrid } from "../../forms/model.js";
import { tickedItem } from "../../forms/parse/options.js";
import { placeText, wordTablePlace } from "../../forms/place.js";
import { findProfile } from "../../forms/profiles/index.js";
import { validateGrid } from "../../forms/validate.js";
import { recordText, text, wordForm } from "../fixtures/word.js";

const TODAY = "2025-11-25";
const hebei = findProfile("hebei-2025")!;
const EXAMPLES = join(__dirname, "../../examples/hebei-2025");
const CITIES = ["石家庄市", "唐山市", "保定市", "定州市", "雄安新区"];

/** What an issue says, without where (sheet, cell, row and message name the place). */
function issueKey(i: Issue): string {
  return [i.code, i.severity, i.table ?? "", i.column ?? ""].join("|");
}

/**
 * text.whitespace (info) on a check-box cell: "勾选框文字可自动修正为“国有控股企业”" — the rule
 * offers to replace the ticked option list by the option, as for a list pasted into a workbook.
 */
const WORD_LAYOUT_ISSUE = (i: Issue): boolean =>
  i.code === "text.whitespace" && /[☑□■√✓]/.test(i.value ?? "") && ["单位性质", "单位类别", "是否出险"].includes(i.column ?? "");

/** Fields the Word form does not have: 序号 of 联合申报单位 (no such column). */
const WORD_LACKS: Partial<Record<string, string[]>> = { joint: ["seq"] };

describe("Word 典型案例申报书 (.docx) read as grids", () => {
  const twins: { city: string; xlsx: WorkbookGrid; docx: Uint8Array }[] = [];
  beforeAll(async () => {
    let k = 0;
    for (const city of CITIES) {
      const r = await readWorkbook({ path: join(EXAMPLES, city, "典型案例申报书-1.xlsx") });
      if (!r.ok) throw new Error(r.message);
      twins.push({ city, xlsx: r.grid, docx: new Uint8Array(await Packer.toBuffer(wordForm(r.grid, k++))) });
    }
  });

  it("reads each Word table as a grid 表格N with merges; paragraphs outside tables kept", async () => {
    const r = await readWorkbook({ bytes: twins[0].docx, name: "典型案例申报书.docx" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe("docx");
    expect(r.grid.sheets.map((s) => [s.name, s.kind, s.index])).toEqual([
      ["表格1", "wordTable", 1],
      ["表格2", "wordTable", 2],
    ]);
    const t1 = r.grid.sheets[0];
    // two pairs per row: 组织机构代码 | value (2 columns) | 成立时间 | value
    expect(t1.values[3][0]).toBe("组织机构代码/三证合一码");
    expect(t1.values[3][3]).toBe("成立时间");
    expect(t1.values[4][3]).toBe("注册资本\n（万元）");
    expect(t1.merges).toContain("B4:C4");
    expect(t1.merges).toContain("A1:E1");
    // 联合申报单位 merged down the left over its header and rows
    const jointRows = t1.values.findIndex((row) => row[0] === "联合申报单位");
    expect(t1.merges!.some((m) => m.startsWith(`A${jointRows + 1}:A`) && m !== `A${jointRows + 1}:A${jointRows + 1}`)).toBe(true);
    expect(t1.values[jointRows + 1][0]).toBeNull();
    // 单位性质 ticked as text
    expect(String(t1.values[7][1])).toContain("☑国有控股企业");
    expect(r.paragraphs?.map((p) => p.text)).toEqual(
      expect.arrayContaining(["一、基本信息", "二、典型案例具体情况", "（一）案例概述"]),
    );
  });

  it("maps Wingdings check-box symbols and w14:checkbox content controls to ☑/□", () => {
    const sym = twins[1]; // variant 1: 单位性质 as Wingdings symbols
    const g = gridFromDocx(sym.docx).grid;
    const nature = String(g.sheets[0].values[7][1]);
    expect(nature).toMatch(/☑/);
    expect(nature).toMatch(/□事业单位/);
    expect((nature.match(/☑/g) ?? []).length).toBe(1);
    const claimed = String(g.sheets[1].values.find((row) => row[0] === "是否出险")![1]);
    expect(claimed.split("\n")[0]).toMatch(/^[☑□]是\s+[☑□]否$/);
    expect((claimed.match(/☑/g) ?? []).length).toBe(1);
    const cc = twins[2]; // variant 2: 单位性质 as content controls
    const n2 = String(gridFromDocx(cc.docx).grid.sheets[0].values[7][1]);
    expect((n2.match(/☑/g) ?? []).length).toBe(1);
    expect(n2).not.toMatch(/[☐☒]/);
  });

  it.each(CITIES)("%s: the records and issues of the Word twin equal the .xlsx's", async (city) => {
    const twin = twins.find((t) => t.city === city)!;
    const r = await readWorkbook({ bytes: twin.docx, name: `${city}-典型案例申报书.docx` });
    if (!r.ok) throw new Error(r.message);
    const fromXlsx = validateGrid(twin.xlsx, { profile: hebei, today: TODAY });
    const fromDocx = validateGrid(r.grid, { profile: hebei, today: TODAY });
    expect(fromDocx.form).toBe("case-application");
    expect(fromDocx.rows).toEqual(fromXlsx.rows);
    for (const t of fromXlsx.tables) {
      const d = fromDocx.tables.find((x) => x.table === t.table);
      expect(d, t.table).toBeDefined();
      const want = t.records.map(recordText);
      for (const w of want) for (const key of WORD_LACKS[t.table] ?? []) delete w[key];
      expect(d!.records.map(recordText), `${city} ${t.table}`).toEqual(want);
    }
    const keep = (i: Issue) => !WORD_LAYOUT_ISSUE(i);
    expect(fromDocx.issues.filter(keep).map(issueKey).sort(), city).toEqual(fromXlsx.issues.filter(keep).map(issueKey).sort());
    // every issue with a cell is in a Word table (or a cover line) and can be named there
    for (const i of fromDocx.issues.filter((x) => x.cell && x.sheet)) {
      const sheet = r.grid.sheets.find((s) => s.name === i.sheet)!;
      expect(placeText(sheet, i.cell)).toMatch(/^(第[12]个表格第\d+行第\d+列|封面“申报日期”一行)$/);
    }
    // the cover line 申报日期 is read, not left unread
    expect(fromDocx.issues.filter((i) => i.code === "rows.unread")).toEqual(
      fromXlsx.issues.filter((i) => i.code === "rows.unread"),
    );
  });

  it("an issue's place names the Word table, row and column", async () => {
    const twin = twins.find((t) => t.city === "唐山市")!;
    const r = await readWorkbook({ bytes: twin.docx, name: "唐山市-典型案例申报书.docx" });
    if (!r.ok) throw new Error(r.message);
    const v = validateGrid(r.grid, { profile: hebei, today: TODAY });
    const uscc = v.issues.find((i) => i.code === "uscc.checksum")!;
    expect([uscc.sheet, uscc.cell]).toEqual(["表格1", "B4"]);
    expect(placeText(r.grid.sheets[0], uscc.cell)).toBe("第1个表格第4行第2列");
    const premium = v.issues.find((i) => i.code === "premium.above_cover")!;
    expect(premium.sheet).toBe("表格2");
    expect(placeText(r.grid.sheets[1], premium.cell)).toMatch(/^第2个表格第8行第[24]列$/);
    // validateGrid names the place on the issue itself, for the terminal, the JSON and the roll-up.
    expect(uscc.place).toBe("第1个表格第4行第2列");
    expect(premium.place).toBe(placeText(r.grid.sheets[1], premium.cell));
    // Worksheet issues have no place: their cell is what a clerk looks for.
    expect(validateGrid(twin.xlsx, { profile: hebei, today: TODAY }).issues.every((i) => i.place === undefined)).toBe(true);
  });

  it("cuts the paragraphs outside tables at their headings and counts each part's 字数", async () => {
    const r = await readWorkbook({ bytes: twins[0].docx, name: "典型案例申报书.docx" });
    if (!r.ok) throw new Error(r.message);
    const sections = narrativeSections(r.paragraphs ?? []);
    expect(sections.map((s) => [s.heading, s.parent, s.words])).toEqual([
      ["一、基本信息", undefined, 0],
      ["二、典型案例具体情况", undefined, 0],
      ["（一）案例概述", "二、典型案例具体情况", 26],
    ]);
    expect(sections[2].paragraphs).toEqual(["本案例为被保企业提供网络安全保险及保前风险评估服务。"]);
  });

  it("names a place in a Word table 第N个表格第R行第C列", () => {
    expect(wordTablePlace({ name: "表格2", kind: "wordTable", index: 2 }, "B3")).toBe("第2个表格第3行第2列");
    expect(wordTablePlace({ name: "Sheet1" }, "B3")).toBeUndefined();
    expect(placeText({ name: "联合申报单位" }, "B3")).toBe("工作表“联合申报单位”的 B3");
  });

  it("gridSpan, vMerge, gridBefore, w:tab/w:br, nested tables and alternate content", () => {
    const W =
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
    const p = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${s}</w:t></w:r></w:p>`;
    const xml = `<w:document ${W}><w:body>${p("标题")}<w:tbl>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>${p("甲")}</w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${p("乙")}${p("丙")}</w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p></w:tc>
        <w:tc><w:tbl><w:tr><w:tc>${p("x")}</w:tc><w:tc>${p("y")}</w:tc></w:tr><w:tr><w:tc>${p("z")}</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>选</w:t></w:r></mc:Fallback></mc:AlternateContent><w:r><w:delText>删</w:delText><w:instrText>FORM</w:instrText></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:sym w:font="Wingdings 2" w:char="F052"/><w:t>是</w:t><w:sym w:font="Wingdings 2" w:char="F0A3"/><w:t>否</w:t></w:r></w:p></w:tc></w:tr>
    </w:tbl>${p("正文")}</w:body></w:document>`;
    const d = parseDocument(xml);
    expect(d.paragraphs.map((x) => x.text)).toEqual(["标题", "正文"]);
    const g = d.grid.sheets[0];
    expect(g.values).toEqual([
      ["甲", "乙\n丙"],
      [null, "a\tb\nc", "x\ty\nz"],
      [null, "选", "☑是□否"],
    ]);
    expect(g.merges).toEqual(["A1:A2", "B1:C1"]);
  });

  it("boxes typed in a symbol font (WPS: “R”/“£” in Wingdings 2, “þ”/“¨” in Wingdings, √ in Symbol) and placeholder content controls", () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const run = (text: string, font?: string, eastAsia?: string) =>
      `<w:r>${font ? `<w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}"${eastAsia ? ` w:eastAsia="${eastAsia}"` : ""}/></w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;
    const cell = (...runs: string[]) => `<w:tc><w:p>${runs.join("")}</w:p></w:tc>`;
    const placeholder = (text: string) =>
      `<w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc>`;
    const filled = `<w:tc><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>王伟</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc>`;
    const xml = `<w:document ${W}><w:body><w:tbl>
      <w:tr>${cell(run("单位性质"))}${cell(run("£", "Wingdings 2"), run("事业单位  "), run("R", "Wingdings 2"), run("国有企业  "), run("£", "Wingdings 2"), run("民营企业"))}</w:tr>
      <w:tr>${cell(run("是否出险"))}${cell(run("\u00fe", "Wingdings"), run("是 "), run("\u00a8", "Wingdings"), run("否"))}</w:tr>
      <w:tr>${cell(run("单位类别"))}${cell(run("R行业企业 £保险公司", "Wingdings 2", "宋体"))}</w:tr>
      <w:tr>${cell(run("核对"))}${cell(run("\uf0d6", "Symbol"), run("已核对"))}</w:tr>
      <w:tr>${cell(run("联系人"))}${placeholder("单击或点击此处输入文字。")}</w:tr>
      <w:tr>${cell(run("填表人"))}${filled}</w:tr>
    </w:tbl></w:body></w:document>`;
    const g = parseDocument(xml).grid.sheets[0];
    expect(g.values).toEqual([
      ["单位性质", "□事业单位  ☑国有企业  □民营企业"],
      ["是否出险", "☑是 □否"],
      // Chinese in the same run is drawn by its w:eastAsia font: kept.
      ["单位类别", "☑行业企业 □保险公司"],
      ["核对", "☑已核对"],
      // A control still showing its placeholder was never filled in (an empty cell: the row ends before it).
      ["联系人"],
      ["填表人", "王伟"],
    ]);
    expect(tickedItem(String(g.values[0][1]))).toEqual({ ok: true, text: "国有企业" });
  });

  it("a Word 申报书 whose boxes are “R”/“£” runs in Wingdings 2 (docx library) reads to the same option", async () => {
    const r = await readWorkbook({ path: join(EXAMPLES, "石家庄市", "典型案例申报书-1.xlsx") });
    if (!r.ok) throw new Error(r.message);
    const doc = new Document({
      sections: [
        {
          children: [
            new Table({
              rows: [
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph("单位名称")] }),
                    new TableCell({ children: [new Paragraph("中国人民财产保险股份有限公司石家庄市分公司")] }),
                  ],
                }),
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph("单位性质")] }),
                    new TableCell({
                      children: [
                        new Paragraph({
                          children: [
                            new TextRun({ text: "£", font: "Wingdings 2" }),
                            new TextRun("事业单位  "),
                            new TextRun({ text: "R", font: "Wingdings 2" }),
                            new TextRun("国有控股企业  "),
                            new TextRun({ text: "£", font: "Wingdings 2" }),
                            new TextRun("民营企业"),
                          ],
                        }),
                      ],
                    }),
                  ],
                }),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const g = gridFromDocx(bytes).grid.sheets[0];
    expect(g.values[1][1]).toBe("□事业单位  ☑国有控股企业  □民营企业");
  });

  it("a .doc, a .docx without a table and a .docx named .xlsx stay not-spreadsheet", async () => {
    const empty = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("只有文字")] }] })));
    const r = await readWorkbook({ bytes: empty, name: "推荐函.docx" });
    expect(r).toMatchObject({ ok: false, kind: "not-spreadsheet" });
    if (!r.ok) expect(r.message).toMatch(/^这是 Word 文档（\.docx），其中没有表格/);
    const misnamed = await readWorkbook({ bytes: twins[0].docx, name: "申报书.xlsx" });
    expect(misnamed).toMatchObject({ ok: false, kind: "not-spreadsheet" });
    if (!misnamed.ok) expect(misnamed.message).toMatch(/^这是 Word 文档（\.docx）（扩展名为 \.xlsx）/);
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const doc = await readWorkbook({ bytes: ole, name: "申报书.doc" });
    expect(doc.ok).toBe(false);
  });
});

/**
 * A sheet laid out as the Word form (a workbook pasted from it) turned back into Word: the rows
 * of each range one Word table (merges as columnSpan / rowSpan), the other rows paragraphs.
 */
function sheetAsWord(grid: WorkbookGrid, ranges: [number, number][]): Document {
  const sheet = grid.sheets[0];
  const merges = (sheet.merges ?? []).map((m) => parseRange(m));
  const children: (Paragraph | Table)[] = [];
  let r = 0;
  const rowText = (row: CellValue[] = []) =>
    row
      .filter((v) => v !== null && v !== undefined)
      .map(text)
      .join("  ");
  while (r < sheet.values.length) {
    const range = ranges.find(([a]) => a - 1 === r);
    if (!range) {
      children.push(new Paragraph(rowText(sheet.values[r])));
      r++;
      continue;
    }
    const [a, b] = range;
    const width = Math.max(
      ...sheet.values.slice(a - 1, b).map((row) => row.length),
      ...merges.filter((m) => m.top >= a - 1 && m.bottom <= b - 1).map((m) => m.right + 1),
    );
    const rows: TableRow[] = [];
    for (let i = a - 1; i < b; i++) {
      const cells: TableCell[] = [];
      for (let j = 0; j < width; j++) {
        const m = merges.find((x) => x.top <= i && i <= x.bottom && x.left <= j && j <= x.right);
        // a cell merged away: docx writes the vMerge continue cells of a rowSpan itself
        if (m && (m.top !== i || m.left !== j)) continue;
        const v = sheet.values[i]?.[j] ?? null;
        cells.push(
          new TableCell({
            columnSpan: m ? m.right - m.left + 1 : undefined,
            rowSpan: m && m.bottom > m.top ? m.bottom - m.top + 1 : undefined,
            children: text(v)
              .split("\n")
              .map((line) => new Paragraph(line)),
          }),
        );
      }
      rows.push(new TableRow({ children: cells }));
    }
    children.push(new Table({ rows }));
    r = b;
  }
  return new Document({ sections: [{ children }] });
}

describe("Word 试点工作方案 (.docx): 基本信息, 联合申报单位, 表1 and 表2 as Word tables", () => {
  /** The hand-made 工作方案 and its Word twin; `edit` changes the .xlsx's grid first (both get it). */
  async function twin(edit?: (g: WorkbookGrid) => void) {
    const x = await readWorkbook({ path: join(EXAMPLES, "唐山市", "手工录入-试点工作方案.xlsx") });
    if (!x.ok) throw new Error(x.message);
    edit?.(x.grid);
    const bytes = new Uint8Array(
      await Packer.toBuffer(
        sheetAsWord(x.grid, [
          [8, 20],
          [25, 44],
          [47, 50],
        ]),
      ),
    );
    const r = await readWorkbook({ bytes, name: "唐山市-试点工作方案.docx" });
    if (!r.ok) throw new Error(r.message);
    return {
      x,
      r,
      fromXlsx: validateGrid(x.grid, { profile: hebei, today: TODAY }),
      fromDocx: validateGrid(r.grid, { profile: hebei, today: TODAY }),
    };
  }

  it("reads the records and issues of the hand-made 工作方案 pasted from the Word form, cover fields included", async () => {
    const { r, fromXlsx, fromDocx } = await twin();
    expect(r.grid.sheets.map((s) => s.name)).toEqual(["表格1", "表格2", "表格3"]);
    expect(r.grid.sheets[0].merges).toEqual(expect.arrayContaining(["B1:E1", "A9:A12"]));
    // the cover lines below 表格1's 13 rows, one a row, the whole line in column A
    expect(r.grid.sheets[0].values.slice(13)).toEqual([
      ["方 案 名 称：  工业企业网络安全综合保险试点"],
      ["申 报 方 向：  工业互联网"],
    ]);
    expect(fromDocx.form).toBe(fromXlsx.form);
    expect(fromDocx.rows).toEqual(fromXlsx.rows);
    for (const t of fromXlsx.tables) {
      const d = fromDocx.tables.find((y) => y.table === t.table);
      expect(d!.records.map(recordText), t.table).toEqual(t.records.map(recordText));
    }
    const unit = fromDocx.tables.find((t) => t.table === "unit")!.records[0];
    expect(unit.fields.title?.value).toBe("工业企业网络安全综合保险试点");
    expect(unit.fields.direction?.value).toBe("工业互联网");
    expect(fromDocx.issues.map(issueKey).sort()).toEqual(fromXlsx.issues.map(issueKey).sort());
    expect(fromDocx.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
    // the places: 联合申报单位's second row, 表1's row with no e-mail
    const other = fromDocx.issues.find((i) => i.code === "enum.other_unspecified")!;
    expect(placeText(r.grid.sheets[0], other.cell)).toBe("第1个表格第11行第3列");
    const email = fromDocx.issues.find((i) => i.code === "contact.email_missing")!;
    expect(placeText(r.grid.sheets[1], email.cell)).toBe("第2个表格第7行第5列");
  });

  it("an empty cover line 申 报 方 向： gives required, placed at the cover line", async () => {
    const { r, fromXlsx, fromDocx } = await twin((g) => {
      g.sheets[0].values[3] = ["申 报 方 向："];
    });
    const required = (i: Issue) => i.code === "required" && i.column === "申报方向";
    expect(fromXlsx.issues.filter(required)).toHaveLength(1);
    const issue = fromDocx.issues.find(required)!;
    expect(issue).toBeDefined();
    expect(issue.sheet).toBe("表格1");
    expect(
      placeText(
        r.grid.sheets.find((s) => s.name === issue.sheet)!,
        issue.cell,
      ),
    ).toBe("封面“申报方向”一行");
    expect(fromDocx.issues.map(issueKey).sort()).toEqual(fromXlsx.issues.map(issueKey).sort());
    expect(fromDocx.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
  });
});

describe("Word cover lines", () => {
  it("a 申报书 dated 申报日期：2025年12月30日 on its cover gets date.late at the cover line", async () => {
    const x = await readWorkbook({ path: join(EXAMPLES, "石家庄市", "典型案例申报书-1.xlsx") });
    if (!x.ok) throw new Error(x.message);
    const bytes = new Uint8Array(await Packer.toBuffer(wordForm(x.grid, 0, "申报日期：2025年12月30日")));
    const r = await readWorkbook({ bytes, name: "典型案例申报书.docx" });
    if (!r.ok) throw new Error(r.message);
    const v = validateGrid(r.grid, { profile: hebei, today: TODAY });
    expect(v.form).toBe("case-application");
    expect(v.tables.find((t) => t.table === "unit")!.records[0].fields.date?.value).toBe("2025年12月30日");
    const late = v.issues.find((i) => i.code === "date.late")!;
    expect(late).toMatchObject({ table: "unit", column: "申报日期", sheet: "表格1" });
    expect(placeText(r.grid.sheets[0], late.cell)).toBe("封面“申报日期”一行");
    expect(v.issues.filter((i) => i.code === "rows.unread")).toEqual([]);
  });

  it("puts cover fields below the unit's table, leaves other lines and labels a table asks itself as paragraphs", () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const p = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${s}</w:t></w:r></w:p>`;
    const row = (...cells: string[]) => `<w:tr>${cells.map((x) => `<w:tc>${p(x)}</w:tc>`).join("")}</w:tr>`;
    const doc = (body: string) => parseDocument(`<w:document ${W}><w:body>${body}</w:body></w:document>`);
    const d = doc(
      p("方\u3000案\u3000名\u3000称：某某方案") +
        p("申 报 方 向：") +
        p("牵头申报单位：        （ 加盖单位公章 ）") +
        p("申 报 日 期：            年          月          日") +
        p("方 案 名 称：重复的一行") +
        `<w:tbl>${row("牵头单位", "某某公司")}${row("所在地区", "河北省")}</w:tbl>` +
        p("申 报 日 期：2025年11月20日"), // after the first table: not the cover
    );
    const t1 = d.grid.sheets[0] as WordTableGrid;
    expect(t1.values).toEqual([
      ["牵头单位", "某某公司"],
      ["所在地区", "河北省"],
      ["方\u3000案\u3000名\u3000称：某某方案"],
      ["申 报 方 向："],
      ["申 报 日 期："],
    ]);
    expect(t1.coverRows).toEqual({ fromRow: 3, lines: ["方案名称", "申报方向", "申报日期"] });
    expect(placeText(t1, "A4")).toBe("封面“申报方向”一行");
    expect(placeText(t1, "B2")).toBe("第1个表格第2行第2列");
    expect(placeText(t1, "A6")).toBe("第1个表格第6行第1列");
    expect(d.paragraphs.map((x) => x.text)).toContain("牵头申报单位：        （ 加盖单位公章 ）");
    // a 服务方案 asks 方案名称 and 申报方向 in its own table: the cover's are left as paragraphs
    const plan = doc(
      p("方 案 名 称：某某方案") +
        p("申 报 日 期：2025年11月20日") +
        `<w:tbl>${row("牵头申报单位", "某某公司")}</w:tbl>` +
        `<w:tbl>${row("方案名称", "某某方案")}${row("申报方向", "企业类")}</w:tbl>`,
    );
    expect(plan.grid.sheets[0].values).toEqual([["牵头申报单位", "某某公司"], ["申 报 日 期：2025年11月20日"]]);
    expect(plan.grid.sheets[1].values).toEqual([
      ["方案名称", "某某方案"],
      ["申报方向", "企业类"],
    ]);
    // no table of the unit's details: nothing added
    const list = doc(p("申报日期：2025年11月20日") + `<w:tbl>${row("序号", "企业名称")}</w:tbl>`);
    expect(list.grid.sheets[0].values).toEqual([["序号", "企业名称"]]);
    expect((list.grid.sheets[0] as WordTableGrid).coverRows).toBeUndefined();
  });
});

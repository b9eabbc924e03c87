import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ZIP_LIMITS, formatSize, guardZip, MB } from "../../aggregator/read/zip-guard.js";
import {
  bombEntry,
  buildZip,
  deflated,
  editXlsx,
  repeatedRows,
  SHEET_HEAD,
  SHEET_TAIL,
  sheetRows,
  stored,
  workbookParts,
  xlsxBytes,
} from "./helpers.js";

let good: Buffer;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("表").addRow(["序号", "单位名称"]);
  good = await xlsxBytes(wb);
});

describe("guardZip", () => {
  it("lists the entries of a good workbook with their sizes", async () => {
    const r = await guardZip(good, { capture: ["xl/workbook.xml"] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const names = r.entries.map((e) => e.name);
    expect(names).toContain("xl/workbook.xml");
    expect(names).toContain("xl/worksheets/sheet1.xml");
    for (const e of r.entries) expect(e.uncompressedSize).toBeGreaterThanOrEqual(0);
    expect(r.totalUncompressed).toBe(r.entries.reduce((s, e) => s + e.uncompressedSize, 0));
    expect(r.parts["xl/workbook.xml"]).toContain("<sheet ");
  });

  it("formats sizes for messages", () => {
    expect(formatSize(200 * MB)).toBe("200 MB");
    expect(formatSize(250.5 * MB)).toBe("250.5 MB");
    expect(formatSize(1536)).toBe("1.5 KB");
  });

  it("calls a zip cut in half truncated", async () => {
    const r = await guardZip(good.subarray(0, Math.floor(good.length / 2)));
    expect(r).toMatchObject({ ok: false, kind: "truncated" });
    if (!r.ok) expect(r.message).toContain("文件不完整（可能下载或拷贝中断）");
  });

  it("finds a CRC error in data whose directory survived", async () => {
    const storedXlsx = await editXlsx(good, () => undefined, { store: true });
    const at = storedXlsx.indexOf("<sheetData");
    expect(at).toBeGreaterThan(0);
    const bad = Buffer.from(storedXlsx);
    bad[at + 1] = "S".charCodeAt(0); // <SheetData: same length, different CRC
    expect((await guardZip(storedXlsx)).ok).toBe(true);
    expect(await guardZip(bad)).toMatchObject({ ok: false, kind: "truncated" });
    // Trusting the directory alone would not see it.
    expect((await guardZip(bad, { verify: false })).ok).toBe(true);
  });

  it("refuses a zip that is not a workbook, and says what it is", async () => {
    const docx = buildZip([
      stored("[Content_Types].xml", "<Types/>"),
      stored("word/document.xml", "<w:document/>"),
      stored("word/_rels/document.xml.rels", "<Relationships/>"),
    ]);
    const r1 = await guardZip(docx);
    expect(r1).toMatchObject({ ok: false, kind: "not-workbook" });
    if (!r1.ok) expect(r1.message).toContain("这是 Word 文档");

    const pptx = buildZip([stored("ppt/presentation.xml", "<p/>")]);
    const r2 = await guardZip(pptx);
    expect(r2).toMatchObject({ ok: false, kind: "not-workbook" });
    if (!r2.ok) expect(r2.message).toContain("PowerPoint");

    const plain = buildZip([stored("readme.txt", "hello")]);
    const r3 = await guardZip(plain);
    expect(r3).toMatchObject({ ok: false, kind: "not-workbook" });
    if (!r3.ok) expect(r3.message).toContain("xl/workbook.xml");
  });

  it("refuses too many entries before reading them", async () => {
    const entries = Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, i) => stored(`f/${i}.txt`, ""));
    const r = await guardZip(buildZip(entries));
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
    if (!r.ok) expect(r.message).toContain("10001");
  });

  it("trusts the directory: a 250 MB entry is refused without inflating (fake size)", async () => {
    const sheet = deflated("xl/worksheets/sheet1.xml", SHEET_HEAD + sheetRows(10) + SHEET_TAIL);
    sheet.uncompressedSize = 250 * MB; // the directory lies upwards: nothing is inflated
    const zip = buildZip([...workbookParts(), sheet]);
    expect(zip.length).toBeLessThan(10_000);
    const t = performance.now();
    const r = await guardZip(zip);
    expect(performance.now() - t).toBeLessThan(500);
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
    if (!r.ok) expect(r.message).toMatch(/250 MB.*100 MB/);
  });

  it("refuses a real bomb (~250 MB of sheet XML in a few hundred KB) by the default limits, fast", async () => {
    const chunk = Buffer.from(repeatedRows(20_000)); // ~1 MB of rows
    const repeat = Math.ceil((250 * MB) / chunk.length);
    const sheet = bombEntry("xl/worksheets/sheet1.xml", chunk, repeat);
    expect(sheet.uncompressedSize).toBeGreaterThan(250 * MB);
    const zip = buildZip([...workbookParts(), sheet]);
    expect(zip.length).toBeLessThan(2 * MB);
    const heapBefore = process.memoryUsage().heapUsed;
    const t = performance.now();
    const r = await guardZip(zip);
    expect(performance.now() - t).toBeLessThan(500);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * MB);
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
  });

  it("refuses a high compression ratio on a large entry", async () => {
    const chunk = Buffer.from(repeatedRows(20_000));
    const sheet = bombEntry("xl/worksheets/sheet1.xml", chunk, 20); // ~20 MB, ratio ≫ 200
    const r = await guardZip(buildZip([...workbookParts(), sheet]));
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
    if (!r.ok) expect(r.message).toContain("压缩比异常");
    // The bomb is real: with the ratio check off, it inflates to its stated size and CRC.
    const loose = await guardZip(buildZip([...workbookParts(), sheet]), { maxRatio: 1e9 });
    expect(loose.ok).toBe(true);
    if (loose.ok) expect(loose.totalUncompressed).toBeGreaterThan(19 * 1000 * 1000);
  });

  it("refuses the total over a configurable limit", async () => {
    const r = await guardZip(good, { maxUncompressed: 1000 });
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
    if (!r.ok) expect(r.message).toContain("1000 字节");
  });

  it("catches a directory that lies downwards while inflating, before the output grows", async () => {
    const chunk = Buffer.from(repeatedRows(20_000));
    const sheet = bombEntry("xl/worksheets/sheet1.xml", chunk, 250);
    sheet.uncompressedSize = 1000; // says 1000 bytes, inflates to 250 MB
    const zip = buildZip([...workbookParts(), sheet]);
    const t = performance.now();
    const r = await guardZip(zip);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, kind: "corrupt" });
    if (!r.ok) expect(r.message).toContain("实际大小与压缩包目录记录不符");
  });
});

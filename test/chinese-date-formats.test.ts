// Chinese built-in date formats written into styles.xml before exceljs copies a workbook
// (aggregator/xlsx/chinese-date-formats.ts), so that Node's patched exceljs and the browser's
// prebuilt one load the same workbook.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { defineChineseDateFormats, withChineseDateFormats } from "../aggregator/xlsx/chinese-date-formats.js";

const SHEET = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const XFS = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31" applyNumberFormat="1"/></cellXfs></styleSheet>';
const CODE_31 = 'formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"';

describe("defineChineseDateFormats", () => {
  it("adds <numFmts> first in the styleSheet when there is none", () => {
    expect(defineChineseDateFormats(SHEET + XFS)).toBe(
      `${SHEET}<numFmts count="1"><numFmt numFmtId="31" ${CODE_31}/></numFmts>${XFS}`,
    );
  });
  it("adds to an existing <numFmts>, its count updated", () => {
    const styles = `${SHEET}<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>${XFS.replace("31", "57")}`;
    const out = defineChineseDateFormats(styles)!;
    expect(out).toContain('<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="57" ');
    expect(out.match(/<numFmts/g)).toHaveLength(1);
  });
  it("fills a self-closing <numFmts/>", () => {
    expect(defineChineseDateFormats(`${SHEET}<numFmts count="0"/>${XFS}`)).toContain(
      `<numFmts count="1"><numFmt numFmtId="31" ${CODE_31}/></numFmts><cellXfs`,
    );
  });
  it("changes nothing when the ids are defined, not Chinese dates, or the names are prefixed", () => {
    expect(
      defineChineseDateFormats(`${SHEET}<numFmts count="1"><numFmt numFmtId="31" formatCode="yyyy"/></numFmts>${XFS}`),
    ).toBeUndefined();
    expect(defineChineseDateFormats(SHEET + XFS.replace("31", "14"))).toBeUndefined();
    expect(
      defineChineseDateFormats(`<x:styleSheet xmlns:x="…"><x:cellXfs><x:xf numFmtId="31"/></x:cellXfs></x:styleSheet>`),
    ).toBeUndefined();
  });
});

describe("withChineseDateFormats", () => {
  it("gives exceljs's prebuilt build the date format the patched one resolves", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("日期");
    ws.getCell("A1").value = 45989;
    ws.getCell("A1").numFmt = "0.000";
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const id = /<numFmt numFmtId="(\d+)" formatCode="0.000"\/>/.exec(styles)![1];
    zip.file(
      "xl/styles.xml",
      styles.replace(/<numFmts[^>]*>[\s\S]*?<\/numFmts>/, "").replaceAll(`numFmtId="${id}"`, 'numFmtId="31"'),
    );
    const bytes = new Uint8Array(await zip.generateAsync({ type: "uint8array" }));
    const out = withChineseDateFormats(bytes);
    expect(out).not.toBe(bytes);
    const again = await JSZip.loadAsync(out);
    expect(Object.keys(again.files)).toEqual(Object.keys(zip.files));
    expect(await again.file("xl/styles.xml")!.async("string")).toContain(`<numFmt numFmtId="31" ${CODE_31}/>`);
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
    expect(loaded.getWorksheet("日期")!.getCell("A1").numFmt).toBe('yyyy"年"m"月"d"日"');
    // Nothing missing: the same bytes, not a rewritten package.
    expect(withChineseDateFormats(out)).toBe(out);
    expect(withChineseDateFormats(new Uint8Array([1, 2, 3]))).toEqual(new Uint8Array([1, 2, 3]));
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { extensionOf, readOleDirectory, sniffBytes } from "../../aggregator/read/sniff.js";
import { biffWorkbookStream, buildOle, buildZip, stored } from "./helpers.js";

const GBK_CSV = Buffer.from([
  // 序号,单位名称\r\n1,某某公司\r\n  (GBK)
  0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xb5, 0xa5, 0xce, 0xbb, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0x31, 0x2c, 0xc4, 0xb3, 0xc4, 0xb3,
  0xb9, 0xab, 0xcb, 0xbe, 0x0d, 0x0a,
]);

describe("sniffBytes", () => {
  it("reads the extension as a hint only", () => {
    expect(extensionOf("a/b/申报表.XLSX")).toBe("xlsx");
    expect(extensionOf("noext")).toBe("");
    expect(extensionOf(".hidden")).toBe("");
  });

  it("knows an empty file", () => {
    expect(sniffBytes(new Uint8Array(0), "a.xlsx").kind).toBe("empty");
  });

  it("knows a zip and an empty zip by their first bytes", () => {
    expect(sniffBytes(buildZip([stored("a.txt", "x")]), "a.xlsx").kind).toBe("zip");
    expect(sniffBytes(buildZip([]), "a.xlsx").kind).toBe("empty-zip");
  });

  it("walks the OLE directory: xls, encrypted xlsx, et, doc", () => {
    const xls = buildOle([
      { name: "Workbook", data: biffWorkbookStream() },
      { name: "\u0005SummaryInformation", data: Buffer.alloc(200) },
    ]);
    const s = sniffBytes(xls, "表.xls");
    expect(s.kind).toBe("xls");
    expect(s.oleDirectoryComplete).toBe(true);
    expect(s.oleNames).toEqual(["Workbook", "\u0005SummaryInformation"]);

    // BIFF5 names its stream "Book"; a renamed .xls is still an .xls.
    expect(sniffBytes(buildOle([{ name: "Book", data: biffWorkbookStream() }]), "表.xlsx").kind).toBe("xls");

    const enc = buildOle([
      { name: "\u0006DataSpaces", type: 1 },
      { name: "EncryptionInfo", data: Buffer.alloc(300, 4) },
      { name: "EncryptedPackage", data: randomBytes(3000) },
    ]);
    expect(sniffBytes(enc, "表.xlsx").kind).toBe("encrypted");

    expect(sniffBytes(buildOle([{ name: "Workbook", data: biffWorkbookStream() }]), "表.et").kind).toBe("et");
    expect(sniffBytes(buildOle([{ name: "WpsCustomData", data: Buffer.alloc(100) }]), "表.xls").kind).toBe("et");
    expect(sniffBytes(buildOle([{ name: "WordDocument", data: Buffer.alloc(600) }]), "表.xlsx").kind).toBe("doc");
    expect(sniffBytes(buildOle([{ name: "PowerPoint Document", data: Buffer.alloc(600) }]), "表.xlsx").kind).toBe("ppt");
  });

  it("finds the directory wherever it lies when given the whole file", () => {
    const enc = buildOle(
      [
        { name: "EncryptionInfo", data: Buffer.alloc(300, 4) },
        { name: "EncryptedPackage", data: randomBytes(20_000) },
      ],
      { dirAtEnd: true },
    );
    expect(enc.length).toBeGreaterThan(20_000);
    const dir = readOleDirectory(enc);
    expect(dir.complete).toBe(true);
    expect(dir.names).toEqual(["EncryptionInfo", "EncryptedPackage"]);
    expect(sniffBytes(enc, "x.xlsx").kind).toBe("encrypted");
  });

  it("with only a head, scans it for directory entries, else falls back on the extension", () => {
    // FAT pointer broken: the walk fails, the 128-byte-aligned scan still finds the names.
    const broken = buildOle([{ name: "Workbook", data: biffWorkbookStream() }], { badFatPointer: true });
    const s = sniffBytes(broken, "a.xls");
    expect(s).toMatchObject({ kind: "xls", oleDirectoryComplete: false });

    // Directory after the head we were given: nothing to see, so the extension decides.
    const enc = buildOle(
      [
        { name: "EncryptionInfo", data: Buffer.alloc(300, 4) },
        { name: "EncryptedPackage", data: randomBytes(20_000) },
      ],
      { dirAtEnd: true },
    );
    const head = enc.subarray(0, 4096);
    expect(sniffBytes(head, "申报表.xlsx").kind).toBe("encrypted");
    expect(sniffBytes(head, "申报表.xls").kind).toBe("xls");
    expect(sniffBytes(head, "申报表.et").kind).toBe("et");
  });

  it("knows CSV in UTF-8, GBK and UTF-16 (Excel's Unicode text)", () => {
    expect(sniffBytes(Buffer.from("序号,单位名称\n1,某某公司\n"), "a.xlsx")).toMatchObject({ kind: "csv", encoding: "utf-8" });
    expect(sniffBytes(Buffer.from("\ufeff序号,单位名称\n"), "a.xlsx")).toMatchObject({ kind: "csv", encoding: "utf-8" });
    expect(new TextDecoder("gbk").decode(GBK_CSV)).toBe("序号,单位名称\r\n1,某某公司\r\n");
    expect(sniffBytes(GBK_CSV, "a.xlsx")).toMatchObject({ kind: "csv", encoding: "gbk" });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("序号\t单位名称\r\n1\t某某公司\r\n", "utf16le")]);
    expect(sniffBytes(utf16, "a.xls")).toMatchObject({ kind: "csv", encoding: "utf-16le" });
    expect(sniffBytes(Buffer.from("just some words\nand more"), "a.xlsx").kind).toBe("text");
  });

  it("knows HTML and SpreadsheetML 2003 saved as .xls", () => {
    const html = `<html xmlns:o="urn:schemas-microsoft-com:office:office">\r\n<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head><body><table><tr><td>序号</td></tr></table></body></html>`;
    expect(sniffBytes(Buffer.from(html), "导出.xls").kind).toBe("html");
    expect(sniffBytes(Buffer.from("\r\n  <TABLE border=1><TR><TD>1</TD></TR></TABLE>"), "导出.xls").kind).toBe("html");
    const xml = `<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>`;
    expect(sniffBytes(Buffer.from(xml), "导出.xls").kind).toBe("xml-spreadsheet");
  });

  it("calls random bytes unknown", () => {
    expect(sniffBytes(randomBytes(4096), "a.xlsx").kind).toBe("unknown");
    expect(sniffBytes(Buffer.from([0x00, 0x01, 0x02, 0x03]), "a.xlsx").kind).toBe("unknown");
  });
});

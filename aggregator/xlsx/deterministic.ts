// Byte-identical .xlsx output. exceljs stamps the workbook with the current time
// (docProps/core.xml) and JSZip stamps every zip entry with it; the writers set fixed
// workbook dates, and this function re-zips the package with a fixed date on every entry,
// in a stable order, so that the same workbook always gives the same bytes (committed
// templates can then be compared byte for byte with freshly generated ones).
import JSZip from "jszip";
import type ExcelJS from "exceljs";

/** The date written on every zip entry and into the workbook properties of generated files. */
export const FIXED_DATE = new Date("2025-01-01T00:00:00Z");

/** OPC readers do not need it, but [Content_Types].xml first is what Excel writes and what sniffers look for. */
const FIRST = ["[Content_Types].xml", "_rels/.rels"];

function entryOrder(a: string, b: string): number {
  const ia = FIRST.indexOf(a);
  const ib = FIRST.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? FIRST.length : ia) - (ib < 0 ? FIRST.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Re-zip an .xlsx (or any zip) deterministically: same entries, same contents, a fixed
 * date on every entry (JSZip writes it as UTC, so the time zone does not matter), entries
 * sorted, no directory entries, DEFLATE at a fixed level.
 */
export async function deterministicXlsx(buffer: Uint8Array | Buffer, date: Date = FIXED_DATE, level = 6): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name].dir)
    .sort(entryOrder);
  const out = new JSZip();
  for (const name of names) {
    const data = await source.files[name].async("uint8array");
    out.file(name, data, { date, createFolders: false, binary: true });
  }
  return out.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level },
    platform: "DOS",
  });
}

/**
 * A workbook's deterministic bytes. exceljs is told to store its entries uncompressed, so
 * that the package is deflated once, here, instead of deflated, inflated and deflated again.
 * `level` 1 deflates several times faster than the default 6 for a slightly larger file.
 */
export async function workbookBytes(wb: ExcelJS.Workbook, opts: { date?: Date; level?: number } = {}): Promise<Buffer> {
  const raw = await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as Partial<ExcelJS.XlsxWriteOptions>);
  return deterministicXlsx(new Uint8Array(raw as ArrayBuffer), opts.date, opts.level);
}

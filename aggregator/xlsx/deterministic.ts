// Byte-identical .xlsx output. exceljs stamps the workbook with the current time
// (docProps/core.xml) and its zip library stamps every entry with it; the writers set fixed
// workbook dates, and this module re-zips the package with a fixed date on every entry, in
// a stable order, so that the same workbook always gives the same bytes (committed
// templates can then be compared byte for byte with freshly generated ones).
//
// The zip is written here, not by a zip library: it is a plain list of entries, and the
// deflate is pako's (pure JavaScript, so the same bytes on every machine and Node version —
// Node's own zlib output differs between zlib builds). The CRC is only a checksum, so
// zlib.crc32 is used for it where there is one.
import pako from "pako";
import type ExcelJS from "exceljs";
import { ZipReader } from "../read/fast.js";
import { crc32 } from "../read/zip-guard.js";
import type { PackageParts } from "./bulk-rows.js";

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

/** MS-DOS date and time of `d` read as UTC (so the time zone does not matter). */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const encoder = new TextEncoder();

/** A zip of `parts` in the given order: DEFLATE at `level`, every entry dated `date`, UTF-8 names. */
export function writeZip(parts: [string, Uint8Array][], date: Date, level: number): Buffer {
  const { time, date: day } = dosDateTime(date);
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const deflated = pako.deflateRaw(data, { level: level as pako.DeflateOptions["level"] });
    const crc = crc32(data) >>> 0;
    if (offset > 0xfffffff0 || data.length > 0xfffffff0 || parts.length > 0xfff0)
      throw new Error("zip too large (zip64 not written)");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(time, 12);
    dir.writeUInt16LE(day, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(deflated.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, deflated);
    central.push(dir, nameBytes);
    offset += local.length + nameBytes.length + deflated.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * Re-zip an .xlsx (or any zip) deterministically: same entries, same contents, a fixed
 * date on every entry, entries sorted, no directory entries, DEFLATE at a fixed level.
 * `transform` may change, add or remove parts on the way (bulk-rows.ts).
 */
export async function deterministicXlsx(
  buffer: Uint8Array | Buffer,
  date: Date = FIXED_DATE,
  level = 6,
  transform?: (parts: PackageParts) => void,
): Promise<Buffer> {
  const source = new ZipReader(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), Number.MAX_SAFE_INTEGER);
  const parts: PackageParts = new Map();
  for (const name of source.names()) if (!name.endsWith("/")) parts.set(name, source.bytes(name));
  transform?.(parts);
  const entries = [...parts.keys()].sort(entryOrder).map((name): [string, Uint8Array] => {
    const data = parts.get(name)!;
    return [name, typeof data === "string" ? encoder.encode(data) : data];
  });
  return writeZip(entries, date, level);
}

/**
 * A workbook's deterministic bytes. exceljs is told to store its entries uncompressed, so
 * that the package is deflated once, here, instead of deflated, inflated and deflated again.
 * `level` 1 deflates several times faster than the default 6 for a slightly larger file.
 */
export async function workbookBytes(
  wb: ExcelJS.Workbook,
  opts: { date?: Date; level?: number; transform?: (parts: PackageParts) => void } = {},
): Promise<Buffer> {
  const raw = await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as Partial<ExcelJS.XlsxWriteOptions>);
  return deterministicXlsx(new Uint8Array(raw as ArrayBuffer), opts.date, opts.level, opts.transform);
}

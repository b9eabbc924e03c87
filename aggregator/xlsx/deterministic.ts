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
import { RawDeflater } from "./stream-deflate.js";
import type ExcelJS from "exceljs";
import { ZipReader } from "../read/fast.js";
import { crc32 } from "../read/zip-guard.js";
import type { PackageParts, PartData, StreamedPart } from "./bulk-rows.js";

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

/** A Node Buffer over the same memory (no copy), for Node callers that want one. */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function header(size: number): { bytes: Uint8Array; u16: (v: number, at: number) => void; u32: (v: number, at: number) => void } {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  return { bytes, u16: (v, at) => view.setUint16(at, v, true), u32: (v, at) => view.setUint32(at, v >>> 0, true) };
}

/** Text of a streamed part is encoded and deflated in pieces of about this many characters. */
const STREAM_PIECE = 1 << 16;

/**
 * Deflate a streamed part piece by piece: its text never exists as one string or one
 * buffer (a national roll-up's list sheets are tens of megabytes of XML each). zlib's output
 * does not depend on how its input is split when nothing is flushed, so this gives the bytes
 * deflateRaw gives for the whole text (stream-deflate.ts).
 */
function deflateStreamed(part: StreamedPart, level: number): { deflated: Uint8Array; crc: number; size: number } {
  const deflater = new RawDeflater(level);
  let crc = 0;
  let size = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    const bytes = encoder.encode(pending.join(""));
    pending = [];
    pendingLength = 0;
    crc = crc32(bytes, crc);
    size += bytes.length;
    deflater.push(bytes);
  };
  for (const piece of part.text()) {
    pending.push(piece);
    pendingLength += piece.length;
    if (pendingLength >= STREAM_PIECE) flush();
  }
  flush();
  return { deflated: deflater.finish(), crc: crc >>> 0, size };
}

function deflatePart(data: Uint8Array | StreamedPart, level: number): { deflated: Uint8Array; crc: number; size: number } {
  if (!(data instanceof Uint8Array)) return deflateStreamed(data, level);
  return {
    deflated: pako.deflateRaw(data, { level: level as pako.DeflateOptions["level"] }),
    crc: crc32(data) >>> 0,
    size: data.length,
  };
}

/**
 * A zip of `parts` in the given order: DEFLATE at `level`, every entry dated `date`, UTF-8
 * names. No Buffer: the browser writes the same bytes (issue 10). A streamed part is
 * generated while it is deflated.
 */
export function writeZipBytes(parts: [string, Uint8Array | StreamedPart][], date: Date, level: number): Uint8Array {
  const { time, date: day } = dosDateTime(date);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = encoder.encode(name);
    const { deflated, crc, size } = deflatePart(data, level);
    if (offset > 0xfffffff0 || size > 0xfffffff0 || parts.length > 0xfff0) throw new Error("zip too large (zip64 not written)");
    const local = header(30);
    local.u32(0x04034b50, 0);
    local.u16(20, 4); // version needed: 2.0 (deflate)
    local.u16(0x0800, 6); // names in UTF-8
    local.u16(8, 8); // deflate
    local.u16(time, 10);
    local.u16(day, 12);
    local.u32(crc, 14);
    local.u32(deflated.length, 18);
    local.u32(size, 22);
    local.u16(nameBytes.length, 26);
    local.u16(0, 28);
    const dir = header(46);
    dir.u32(0x02014b50, 0);
    dir.u16(20, 4); // made by: MS-DOS, 2.0
    dir.u16(20, 6);
    dir.u16(0x0800, 8);
    dir.u16(8, 10);
    dir.u16(time, 12);
    dir.u16(day, 14);
    dir.u32(crc, 16);
    dir.u32(deflated.length, 20);
    dir.u32(size, 24);
    dir.u16(nameBytes.length, 28);
    dir.u32(offset, 42);
    chunks.push(local.bytes, nameBytes, deflated);
    central.push(dir.bytes, nameBytes);
    offset += local.bytes.length + nameBytes.length + deflated.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = header(22);
  end.u32(0x06054b50, 0);
  end.u16(parts.length, 8);
  end.u16(parts.length, 10);
  end.u32(cdSize, 12);
  end.u32(offset, 16);
  const all = [...chunks, ...central, end.bytes];
  const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of all) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** writeZipBytes as a Node Buffer. */
export function writeZip(parts: [string, Uint8Array][], date: Date, level: number): Buffer {
  return asBuffer(writeZipBytes(parts, date, level));
}

/**
 * Re-zip an .xlsx (or any zip) deterministically: same entries, same contents, a fixed
 * date on every entry, entries sorted, no directory entries, DEFLATE at a fixed level.
 * `transform` may change, add or remove parts on the way (bulk-rows.ts).
 */
export async function deterministicXlsxBytes(
  buffer: Uint8Array,
  date: Date = FIXED_DATE,
  level = 6,
  transform?: (parts: PackageParts) => void,
): Promise<Uint8Array> {
  const source = new ZipReader(buffer, Number.MAX_SAFE_INTEGER);
  const parts: PackageParts = new Map();
  for (const name of source.names()) if (!name.endsWith("/")) parts.set(name, source.bytes(name));
  transform?.(parts);
  const entries = [...parts.keys()].sort(entryOrder).map((name): [string, Uint8Array | StreamedPart] => {
    const data: PartData = parts.get(name)!;
    return [name, typeof data === "string" ? encoder.encode(data) : data];
  });
  return writeZipBytes(entries, date, level);
}

/** deterministicXlsxBytes as a Node Buffer. */
export async function deterministicXlsx(
  buffer: Uint8Array | Buffer,
  date: Date = FIXED_DATE,
  level = 6,
  transform?: (parts: PackageParts) => void,
): Promise<Buffer> {
  return asBuffer(await deterministicXlsxBytes(buffer, date, level, transform));
}

/**
 * A workbook's deterministic bytes. exceljs is told to store its entries uncompressed, so
 * that the package is deflated once, here, instead of deflated, inflated and deflated again.
 * `level` 1 deflates several times faster than the default 6 for a slightly larger file.
 */
export async function workbookU8(
  wb: ExcelJS.Workbook,
  opts: { date?: Date; level?: number; transform?: (parts: PackageParts) => void } = {},
): Promise<Uint8Array> {
  const raw = await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as Partial<ExcelJS.XlsxWriteOptions>);
  return deterministicXlsxBytes(new Uint8Array(raw as ArrayBuffer), opts.date, opts.level, opts.transform);
}

/** workbookU8 as a Node Buffer. */
export async function workbookBytes(
  wb: ExcelJS.Workbook,
  opts: { date?: Date; level?: number; transform?: (parts: PackageParts) => void } = {},
): Promise<Buffer> {
  return asBuffer(await workbookU8(wb, opts));
}

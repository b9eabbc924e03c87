// Builders for the reader's test inputs: OLE containers, hand-made zips, zip bombs, and
// workbooks written with exceljs and then edited at the XML level with JSZip.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import JSZip from "jszip";

export function makeTempDir(prefix = "pilot-forms-read-"): {
  dir: string;
  file: (name: string, bytes: Uint8Array | string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, bytes) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------
// OLE / Compound File Binary, version 3 (512-byte sectors), one FAT sector.

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export interface OleStream {
  name: string;
  /** 2 stream (default), 1 storage. */
  type?: 1 | 2;
  data?: Uint8Array;
}

/**
 * A small but structurally valid compound file: header, FAT in sector 0, stream data in
 * regular sectors, the directory either right after the FAT or at the end of the file.
 * Streams under 4096 bytes would live in the mini stream in a real file; the sniffer only
 * reads the directory, so they are kept in regular sectors here.
 */
export function buildOle(streams: OleStream[], opts: { dirAtEnd?: boolean; badFatPointer?: boolean } = {}): Buffer {
  const S = 512;
  const sectors: Buffer[] = [];
  const fat: number[] = [FATSECT];
  sectors.push(Buffer.alloc(S)); // FAT, filled below

  const placeChain = (data: Buffer): number => {
    const n = Math.max(1, Math.ceil(data.length / S));
    const first = sectors.length;
    for (let i = 0; i < n; i++) {
      const sec = Buffer.alloc(S);
      data.copy(sec, 0, i * S, Math.min(data.length, (i + 1) * S));
      sectors.push(sec);
      fat.push(i === n - 1 ? ENDOFCHAIN : first + i + 1);
    }
    return first;
  };

  const dirEntries = 1 + streams.length;
  const dirBytes = Buffer.alloc(Math.ceil(dirEntries / 4) * S);
  let dirStart = -1;
  if (!opts.dirAtEnd) dirStart = placeChain(dirBytes); // reserve; contents written later

  const starts = streams.map((s) => (s.type === 1 || !s.data?.length ? ENDOFCHAIN : placeChain(Buffer.from(s.data))));
  if (opts.dirAtEnd) dirStart = placeChain(dirBytes);

  const writeEntry = (i: number, name: string, type: number, child: number, right: number, start: number, size: number) => {
    const o = i * 128;
    const buf = Buffer.alloc(128);
    const nameBuf = Buffer.from(`${name}\0`, "utf16le");
    nameBuf.copy(buf, 0, 0, Math.min(64, nameBuf.length));
    buf.writeUInt16LE(Math.min(64, nameBuf.length), 0x40);
    buf[0x42] = type;
    buf[0x43] = 1; // black
    buf.writeUInt32LE(NOSTREAM, 0x44);
    buf.writeUInt32LE(right, 0x48);
    buf.writeUInt32LE(child, 0x4c);
    buf.writeUInt32LE(start, 0x74);
    buf.writeUInt32LE(size, 0x78);
    buf.copy(dirBytes, o);
  };
  writeEntry(0, "Root Entry", 5, streams.length ? 1 : NOSTREAM, NOSTREAM, ENDOFCHAIN, 0);
  streams.forEach((s, k) => {
    const i = k + 1;
    writeEntry(i, s.name, s.type ?? 2, NOSTREAM, i < streams.length ? i + 1 : NOSTREAM, starts[k], s.data?.length ?? 0);
  });
  // Unused directory slots: type 0, no name, siblings NOSTREAM.
  for (let i = dirEntries; i < dirBytes.length / 128; i++) {
    dirBytes.writeUInt32LE(NOSTREAM, i * 128 + 0x44);
    dirBytes.writeUInt32LE(NOSTREAM, i * 128 + 0x48);
    dirBytes.writeUInt32LE(NOSTREAM, i * 128 + 0x4c);
  }
  for (let i = 0; i < dirBytes.length / S; i++) dirBytes.copy(sectors[dirStart + i], 0, i * S, (i + 1) * S);

  if (fat.length > S / 4) throw new Error("test OLE too large for one FAT sector");
  for (let i = 0; i < S / 4; i++) sectors[0].writeUInt32LE(i < fat.length ? fat[i] : FREESECT, i * 4);

  const header = Buffer.alloc(S);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18);
  header.writeUInt16LE(0x0003, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(0, 0x28);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(dirStart, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(FREESECT, 0x4c + i * 4);
  header.writeUInt32LE(opts.badFatPointer ? 9999 : 0, 0x4c);
  return Buffer.concat([header, ...sectors]);
}

/** A BIFF8 BOF record followed by padding: what a "Workbook" stream starts with. */
export function biffWorkbookStream(): Buffer {
  const b = Buffer.alloc(4096);
  Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0xbb, 0x0d, 0xcc, 0x07]).copy(b, 0);
  return b;
}

// ---------------------------------------------------------------------------------------
// Zips by hand, so that the directory can say what we want.

export interface RawZipEntry {
  name: string;
  /** The bytes stored in the zip (already deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  uncompressedSize: number;
  /** Defaults to data.length. */
  compressedSize?: number;
}

export function stored(name: string, content: string | Uint8Array): RawZipEntry {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  return { name, data, method: 0, crc: zlib.crc32(data), uncompressedSize: data.length };
}

export function deflated(name: string, content: string | Uint8Array): RawZipEntry {
  const raw = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  return { name, data: zlib.deflateRawSync(raw), method: 8, crc: zlib.crc32(raw), uncompressedSize: raw.length };
}

export function buildZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const csize = e.compressedSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x5b7c, 12); // 2025-11-28
    lh.writeUInt32LE(e.crc >>> 0, 14);
    lh.writeUInt32LE(csize, 18);
    lh.writeUInt32LE(e.uncompressedSize >>> 0, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    locals.push(lh, name, Buffer.from(e.data));

    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x5b7c, 14);
    ch.writeUInt32LE(e.crc >>> 0, 16);
    ch.writeUInt32LE(csize, 20);
    ch.writeUInt32LE(e.uncompressedSize >>> 0, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/**
 * A deflated entry that really expands to `repeat` × `chunk` bytes, built without ever
 * holding the expanded data: `chunk` is deflated once with a full flush (no final block,
 * no back-references into earlier data), the compressed block is repeated, and an empty
 * final block ends the stream. The CRC is computed over the expansion chunk by chunk.
 */
export function bombEntry(name: string, chunk: Buffer, repeat: number): RawZipEntry {
  const block = zlib.deflateRawSync(chunk, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const end = zlib.deflateRawSync(Buffer.alloc(0));
  const data = Buffer.concat([...Array.from({ length: repeat }, () => block), end]);
  let crc = 0;
  for (let i = 0; i < repeat; i++) crc = zlib.crc32(chunk, crc);
  return { name, data, method: 8, crc, uncompressedSize: chunk.length * repeat };
}

/** Sheet XML rows, for bomb chunks. */
export function sheetRows(n: number, from = 1): string {
  let s = "";
  for (let r = from; r < from + n; r++) s += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`;
  return s;
}

/** Identical rows without r= attributes (optional in OOXML): compresses about 1000:1. */
export function repeatedRows(n: number): string {
  return `<row><c t="inlineStr"><is><t>x</t></is></c></row>`.repeat(n);
}

/** The minimal parts around one worksheet, for hand-made xlsx zips. */
export function workbookParts(sheetXmlName = "xl/worksheets/sheet1.xml"): RawZipEntry[] {
  return [
    stored(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/${sheetXmlName}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    stored(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    stored(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    stored(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${sheetXmlName.replace(/^xl\//, "")}"/></Relationships>`,
    ),
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
export const SHEET_TAIL = `</sheetData></worksheet>`;

/**
 * A 服务对象 list of `rows` rows (序号, 企业名称, 所在行业领域 装备工业, 联系人 张三, 联系方式) as
 * raw sheet XML in a minimal .xlsx: a list far longer than any template is written quickly.
 */
export function targetsListXlsx(rows: number, row: (i: number) => { name: string; contact: string }): Buffer {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"];
  const parts = [`<row r="1">${header.map((h, i) => cell(`${"ABCDE"[i]}1`, h)).join("")}</row>`];
  for (let i = 1; i <= rows; i++) {
    const r = i + 1;
    const { name, contact } = row(i);
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${i}</v></c>${cell(`B${r}`, name)}${cell(`C${r}`, "装备工业")}${cell(`D${r}`, "张三")}${cell(`E${r}`, contact)}</row>`,
    );
  }
  return buildZip([...workbookParts(), deflated("xl/worksheets/sheet1.xml", SHEET_HEAD + parts.join("") + SHEET_TAIL)]);
}

// ---------------------------------------------------------------------------------------
// Workbooks

export async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Edit an xlsx's parts as text with JSZip. */
export async function editXlsx(
  bytes: Uint8Array,
  edit: (parts: Map<string, string>) => void,
  opts: { store?: boolean } = {},
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const f of Object.values(zip.files)) if (!f.dir) parts.set(f.name, await f.async("string"));
  const before = new Map(parts);
  edit(parts);
  for (const [name] of before) if (!parts.has(name)) zip.remove(name);
  for (const [name, text] of parts) if (before.get(name) !== text) zip.file(name, text);
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", compression: opts.store ? "STORE" : "DEFLATE" }));
}

/** A workbook of `rows` × `cols` plain values (a header row, then text and numbers). */
export async function plainWorkbook(rows: number, cols: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("服务对象");
  ws.addRow(Array.from({ length: cols }, (_, c) => `列${c + 1}`));
  for (let r = 1; r < rows; r++)
    ws.addRow(Array.from({ length: cols }, (_, c) => (c % 2 ? r * 10 + c : `某某科技有限公司${r}-${c}`)));
  return xlsxBytes(wb);
}

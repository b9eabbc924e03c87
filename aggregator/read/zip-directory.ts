// A zip's central directory, read from bytes in memory, with the checks yauzl 3 (which
// guardZip used before) makes with { decodeStrings: false, validateEntrySizes: true }: the
// last End Of Central Directory record in the final 64 KB, its comment length, the ZIP64
// locator and record, single-disk archives only, each entry's signature, no strong
// encryption, well-formed extra fields, the ZIP64 extended information, stored entries whose
// two sizes agree. The errors carry yauzl's messages (guardZip tells "multi-disk" apart).
// And a member's bytes (extractZipEntry), as zip-inputs.ts extracts them through yauzl.
// Pure: for Node and the browser alike (no Buffer, no streams; inflating through the runtime).
import { runtime } from "../runtime/index.js";

export interface ZipDirectory {
  /** As the (ZIP64) end record states it. */
  entryCount: number;
  /** Where the central directory starts. */
  centralDirectoryOffset: number;
}

export interface RawZipEntry {
  /** The name's bytes as stored (decoded by the caller). */
  fileNameRaw: Uint8Array;
  generalPurposeBitFlag: number;
  compressionMethod: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  relativeOffsetOfLocalHeader: number;
}

const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number): number => u32(b, i + 4) * 0x100000000 + u32(b, i);

/** `length` bytes at `position`, or yauzl's "unexpected EOF". */
function slice(bytes: Uint8Array, position: number, length: number): Uint8Array {
  if (length === 0) return bytes.subarray(0, 0);
  if (position + length > bytes.length) throw new Error("unexpected EOF");
  return bytes.subarray(position, position + length);
}

/** Find and check the end records. Throws (yauzl's messages) when the bytes are not a readable zip. */
export function openZipDirectory(bytes: Uint8Array): ZipDirectory {
  const total = bytes.length;
  const bufferSize = Math.min(20 + 22 + 0xffff, total);
  const start = total - bufferSize;
  const buffer = bytes.subarray(start);
  for (let i = bufferSize - 22; i >= 0; i -= 1) {
    if (u32(buffer, i) !== 0x06054b50) continue;
    let diskNumber = u16(buffer, i + 4);
    let entryCount = u16(buffer, i + 10);
    let centralDirectoryOffset = u32(buffer, i + 16);
    const commentLength = u16(buffer, i + 20);
    const expectedCommentLength = bufferSize - i - 22;
    if (commentLength !== expectedCommentLength)
      throw new Error(
        `Invalid comment length. Expected: ${expectedCommentLength}. Found: ${commentLength}. Are there extra bytes at the end of the file? Or is the end of central dir signature \`PK☺☻\` in the comment?`,
      );
    if (i - 20 >= 0 && u32(buffer, i - 20) === 0x07064b50) {
      const zip64EocdrOffset = u64(buffer, i - 20 + 8);
      const record = slice(bytes, zip64EocdrOffset, 56);
      if (u32(record, 0) !== 0x06064b50) throw new Error("invalid zip64 end of central directory record signature");
      diskNumber = u32(record, 16);
      if (diskNumber !== 0) throw new Error(`multi-disk zip files are not supported: found disk number: ${diskNumber}`);
      entryCount = u64(record, 32);
      centralDirectoryOffset = u64(record, 48);
      return { entryCount, centralDirectoryOffset };
    }
    if (diskNumber !== 0) throw new Error(`multi-disk zip files are not supported: found disk number: ${diskNumber}`);
    return { entryCount, centralDirectoryOffset };
  }
  throw new Error("End of central directory record signature not found. Either not a zip file, or file is truncated.");
}

/** The entries of the central directory, in order. Throws (yauzl's messages) at the first bad one. */
export function readZipEntries(bytes: Uint8Array, dir: ZipDirectory): RawZipEntry[] {
  const out: RawZipEntry[] = [];
  let cursor = dir.centralDirectoryOffset;
  for (let n = 0; n < dir.entryCount; n++) {
    const h = slice(bytes, cursor, 46);
    const signature = u32(h, 0);
    if (signature !== 0x02014b50) throw new Error(`invalid central directory file header signature: 0x${signature.toString(16)}`);
    const flags = u16(h, 8);
    const entry: RawZipEntry = {
      fileNameRaw: h.subarray(0, 0),
      generalPurposeBitFlag: flags,
      compressionMethod: u16(h, 10),
      crc32: u32(h, 16),
      compressedSize: u32(h, 20),
      uncompressedSize: u32(h, 24),
      relativeOffsetOfLocalHeader: u32(h, 42),
    };
    const nameLength = u16(h, 28);
    const extraLength = u16(h, 30);
    const commentLength = u16(h, 32);
    if (flags & 0x40) throw new Error("strong encryption is not supported");
    cursor += 46;
    const rest = slice(bytes, cursor, nameLength + extraLength + commentLength);
    entry.fileNameRaw = rest.subarray(0, nameLength);
    const extra = rest.subarray(nameLength, nameLength + extraLength);
    cursor += rest.length;

    // Extra fields (parsed whole, as yauzl does); the ZIP64 extended information, if any.
    let zip64: Uint8Array | undefined;
    for (let i = 0; i < extra.length - 3;) {
      const id = u16(extra, i);
      const size = u16(extra, i + 2);
      const dataEnd = i + 4 + size;
      if (dataEnd > extra.length) throw new Error("extra field length exceeds extra field buffer size");
      if (id === 0x0001 && zip64 === undefined) zip64 = extra.subarray(i + 4, dataEnd);
      i = dataEnd;
    }
    if (zip64) {
      let index = 0;
      if (entry.uncompressedSize === 0xffffffff) {
        if (index + 8 > zip64.length)
          throw new Error("zip64 extended information extra field does not include uncompressed size");
        entry.uncompressedSize = u64(zip64, index);
        index += 8;
      }
      if (entry.compressedSize === 0xffffffff) {
        if (index + 8 > zip64.length) throw new Error("zip64 extended information extra field does not include compressed size");
        entry.compressedSize = u64(zip64, index);
        index += 8;
      }
      if (entry.relativeOffsetOfLocalHeader === 0xffffffff) {
        if (index + 8 > zip64.length)
          throw new Error("zip64 extended information extra field does not include relative header offset");
        entry.relativeOffsetOfLocalHeader = u64(zip64, index);
        index += 8;
      }
    }
    if (entry.compressionMethod === 0) {
      const expected = entry.uncompressedSize + (flags & 1 ? 12 : 0);
      if (entry.compressedSize !== expected)
        throw new Error(
          `compressed/uncompressed size mismatch for stored file: ${entry.compressedSize} != ${entry.uncompressedSize}`,
        );
    }
    out.push(entry);
  }
  return out;
}

/** The entries of a zip held in memory (openZipDirectory + readZipEntries). Throws as they do. */
export function listZipEntries(bytes: Uint8Array): RawZipEntry[] {
  return readZipEntries(bytes, openZipDirectory(bytes));
}

/** A member's bytes, or why not: larger than allowed (its stated size), or damaged (the reason, for debugging). */
export type ZipMemberBytes = { bytes: Uint8Array } | { tooLarge: number } | { broken: string };

/**
 * One entry's bytes from a zip held in memory, as the CLI extracts a member of a .zip input
 * (zip-inputs.ts through yauzl): refused unbroken when its stated size exceeds `max`; else
 * its local header checked, its data inside the file, stored or deflated (the runtime's
 * bounded inflate, never past the stated size), exactly the stated size, and its CRC-32.
 * Pure: the browser reads the members of a dropped .zip with it.
 */
export function extractZipEntry(bytes: Uint8Array, entry: RawZipEntry, max: number): ZipMemberBytes {
  if (entry.uncompressedSize > max) return { tooLarge: entry.uncompressedSize };
  if (entry.generalPurposeBitFlag & 1) return { broken: "encrypted" };
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > bytes.length) return { broken: "unexpected EOF" };
  if (u32(bytes, at) !== 0x04034b50) return { broken: "invalid local file header signature" };
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return { broken: "file data overflows file bounds" };
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.compressionMethod === 0) out = data;
  else if (entry.compressionMethod === 8) {
    try {
      out = runtime.inflateRaw(data, entry.uncompressedSize);
    } catch (e) {
      return { broken: e instanceof Error ? e.message : String(e) };
    }
  } else return { broken: `unsupported compression method: ${entry.compressionMethod}` };
  if (out.length !== entry.uncompressedSize) return { broken: "size" };
  if (runtime.crc32(out) >>> 0 !== entry.crc32 >>> 0) return { broken: "crc" };
  return { bytes: out };
}

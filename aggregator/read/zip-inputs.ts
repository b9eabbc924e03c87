// The bytes of an input: a file on disk, or a member of a .zip input (inputs.ts), loaded
// one at a time when it is read. The archive is read through its file descriptor (only the
// central directory and the member's own data), never whole; a zip inside a zip is held in
// memory while its members are read (one at a time, at most 100 MB). Each member is
// inflated no further than its directory size (yauzl validates it) and never past the
// reader's size limit, and its CRC-32 is checked. Nothing here throws for a bad file.
import { createHash } from "node:crypto";
import { closeSync, constants as FS, fstatSync, openSync } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import yauzl from "yauzl";
import type { InputFile, ArchiveMember } from "../inputs.js";
import { DEFAULT_MAX_BYTES, readWorkbook, type ReadOptions, type ReadResult } from "./workbook.js";
import { crc32, MB } from "./zip-guard.js";
import { memberFailure } from "./zip-expand.js";

export { decodeName, isZipMagic, MAX_ARCHIVE_BYTES } from "./zip-expand.js";

const ZIP_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
  strictFileNames: false,
};

function allEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on("entry", (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", reject);
    zip.readEntry();
  });
}

// ---------------------------------------------------------------------------------------
// The open archive (one per thread) and the open inner zip.

interface Open {
  key: string;
  zip: yauzl.ZipFile;
  entries: yauzl.Entry[];
}

let outer: Open | undefined;
let innerZip: Open | undefined;

async function closeOpen(o: Open | undefined): Promise<void> {
  if (!o) return;
  try {
    o.zip.close();
  } catch {
    // closed already
  }
}

/** Close the archives kept open between members (at the end of a run; also safe to skip). */
export async function closeArchives(): Promise<void> {
  const a = outer;
  const b = innerZip;
  outer = innerZip = undefined;
  await closeOpen(b);
  await closeOpen(a);
}

async function openOuter(archive: string): Promise<Open> {
  if (outer?.key === archive) return outer;
  await closeArchives();
  // Opened without blocking and checked to be a regular file: never a FIFO. The zip object
  // owns the descriptor from here on (zip.close() closes it).
  const fd = openSync(archive, FS.O_RDONLY | FS.O_NONBLOCK);
  let zip: yauzl.ZipFile | undefined;
  try {
    if (!fstatSync(fd).isFile()) throw new Error("not a regular file");
    zip = await yauzl.fromFdPromise(fd, ZIP_OPTIONS);
    const entries = await allEntries(zip);
    outer = { key: archive, zip, entries };
    return outer;
  } catch (e) {
    if (zip) zip.close();
    else closeSync(fd);
    throw e;
  }
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (entry.uncompressedSize > max) return reject(new SizeError(entry.uncompressedSize, max));
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error("no stream"));
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on("data", (c: Buffer) => {
        n += c.length;
        if (n > max) {
          stream.destroy(new SizeError(n, max));
          return;
        }
        chunks.push(c);
      });
      stream.on("error", reject);
      stream.on("end", () => {
        const out = Buffer.concat(chunks);
        if (crc32(out) >>> 0 !== entry.crc32 >>> 0) reject(new Error("crc"));
        else resolve(out);
      });
    });
  });
}

class SizeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super("too large");
  }
}

let lock: Promise<unknown> = Promise.resolve();

/** A member's bytes, at most `max`; a Chinese message when they cannot be had. One at a time (the open archive is shared). */
export function extractMember(m: ArchiveMember, max: number): Promise<{ bytes: Buffer } | { message: string }> {
  const run = lock.then(() => extractUnlocked(m, max));
  lock = run.catch(() => undefined);
  return run;
}

async function extractUnlocked(m: ArchiveMember, max: number): Promise<{ bytes: Buffer } | { message: string }> {
  try {
    let zip: Open = await openOuter(m.archive);
    if (m.inner !== undefined) {
      const key = `${m.archive}\u0000${m.innerIndex}`;
      if (innerZip?.key !== key) {
        await closeOpen(innerZip);
        innerZip = undefined;
        const entry = zip.entries[m.innerIndex ?? -1];
        if (!entry) throw new Error("no entry");
        const bytes = await readEntry(zip.zip, entry, 100 * MB);
        const z = await yauzl.fromBufferPromise(bytes, ZIP_OPTIONS);
        innerZip = { key, zip: z, entries: await allEntries(z) };
      }
      zip = innerZip;
    }
    const entry = zip.entries[m.index];
    if (!entry) throw new Error("no entry");
    return { bytes: await readEntry(zip.zip, entry, max) };
  } catch (e) {
    return { message: memberFailure(e instanceof SizeError ? { size: e.size, limit: e.limit } : undefined) };
  }
}

// ---------------------------------------------------------------------------------------

/** The reader's result for an input: a file on disk, a zip member, or what expanding already found. */
export async function readInput(input: InputFile, opts: ReadOptions = {}): Promise<ReadResult> {
  if (input.failed) return { ok: false, kind: "corrupt", message: input.failed.message };
  if (input.member) {
    const max = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : DEFAULT_MAX_BYTES;
    const got = await extractMember(input.member, max);
    if ("message" in got) return { ok: false, kind: "corrupt", message: got.message };
    return readWorkbook({ bytes: got.bytes, name: path.posix.basename(input.member.entry.replace(/\\/g, "/")) }, opts);
  }
  // Never open what is not a regular file (a FIFO put there after the inputs were listed would block).
  try {
    const st = await stat(input.abs);
    if (!st.isFile()) return { ok: false, kind: "missing", message: `“${path.basename(input.abs)}”不是普通文件，未打开。` };
  } catch {
    // readWorkbook says what is wrong
  }
  return readWorkbook({ path: input.abs }, opts);
}

/** An input's bytes (at most `max`), for the sha256 and annotated copies; undefined when they cannot be had. */
export async function inputBytes(input: InputFile, max = DEFAULT_MAX_BYTES): Promise<Buffer | undefined> {
  if (input.failed) return undefined;
  if (input.member) {
    const got = await extractMember(input.member, max);
    return "bytes" in got ? got.bytes : undefined;
  }
  let fh: FileHandle | undefined;
  try {
    fh = await open(input.abs, FS.O_RDONLY | FS.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile() || st.size > max) return undefined;
    return await fh.readFile();
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** sha256 of an input's bytes (undefined when they cannot be read). */
export async function inputSha256(input: InputFile): Promise<string | undefined> {
  const bytes = await inputBytes(input);
  return bytes ? createHash("sha256").update(bytes).digest("hex") : undefined;
}

// The two runtimes of the check pipeline (aggregator/runtime/) agree: the browser's pako,
// CRC table, SHA-256 and TextDecoder give what Node's zlib, crypto and Buffer give, errors
// included; the zip directory reader that replaced yauzl in guardZip accepts and refuses the
// same bytes with the same messages; the fast reader's built-in number formats are exceljs's.
// (test/browser/pipeline.test.ts runs the whole pipeline in Chromium.)
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import zlib from "node:zlib";
import fc from "fast-check";
import yauzl from "yauzl";
import { describe, expect, it } from "vitest";
import { EXCELJS_BUILTIN_NUMFMTS } from "../../aggregator/read/builtin-formats.js";
import { extractZipEntry, listZipEntries, openZipDirectory, readZipEntries } from "../../aggregator/read/zip-directory.js";
import { closeArchives, extractMember } from "../../aggregator/read/zip-inputs.js";
import { runtime as browser } from "../../aggregator/runtime/browser.js";
import { crc32 as jsCrc32 } from "../../aggregator/runtime/crc32.js";
import { runtime as node } from "../../aggregator/runtime/node.js";
import { sha256Hex } from "../../aggregator/runtime/sha256.js";
import { InflateError, type Runtime } from "../../aggregator/runtime/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function zipsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...zipsUnder(p));
    else if (/\.(xlsx|docx|zip)$/.test(e)) out.push(p);
  }
  return out;
}
const ZIPS = zipsUnder(path.join(ROOT, "examples"));

/** What inflating gives: the bytes (hex), or the problem. */
function inflated(rt: Runtime, data: Uint8Array, max: number): string {
  try {
    return Buffer.from(rt.inflateRaw(data, max)).toString("hex");
  } catch (e) {
    if (e instanceof InflateError) return `error:${e.problem}`;
    throw e;
  }
}

describe("the browser runtime gives what the Node runtime gives", () => {
  const text = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s.repeat(3))),
  );

  it("inflates alike: whole streams, output bounds, cut streams, garbage", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 9 }), fc.nat({ max: 4000 }), (data, level, cut) => {
        const deflated = zlib.deflateRawSync(data, { level });
        const size = data.length;
        // the stated size, one less (more output than allowed), generous
        for (const max of [size, Math.max(0, size - 1), size + 100])
          expect(inflated(browser, deflated, max)).toBe(inflated(node, deflated, max));
        const short = deflated.subarray(0, Math.min(cut, Math.max(0, deflated.length - 1)));
        expect(inflated(browser, short, size + 1)).toBe(inflated(node, short, size + 1));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 5000 }), (garbage, max) => {
        expect(inflated(browser, garbage, max)).toBe(inflated(node, garbage, max));
      }),
      { numRuns: 2000 },
    );
    // Around Node's 16 KB output chunks, where the bound is checked.
    fc.assert(
      fc.property(fc.integer({ min: 16_000, max: 50_000 }), fc.integer({ min: -2, max: 2 }), (n, delta) => {
        const data = Uint8Array.from({ length: n }, (_, i) => (i % 97) * (i % 13));
        const deflated = zlib.deflateRawSync(data);
        for (const max of [16_384 + delta, 32_768 + delta, n + delta])
          expect(inflated(browser, deflated, max)).toBe(inflated(node, deflated, max));
        const short = deflated.subarray(0, Math.floor(deflated.length * 0.8));
        for (const max of [16_384 + delta, n]) expect(inflated(browser, short, max)).toBe(inflated(node, short, max));
      }),
      { numRuns: 60 },
    );
    // A stream followed by other bytes: both stop at its end.
    const d = zlib.deflateRawSync(Buffer.from("一二三四五六七八九十".repeat(50)));
    const tail = Buffer.concat([d, Buffer.from("trailing")]);
    expect(inflated(browser, tail, 10_000)).toBe(inflated(node, tail, 10_000));
    expect(inflated(browser, new Uint8Array(0), 10)).toBe(inflated(node, new Uint8Array(0), 10));
  });

  it("bounds the output of a bomb without inflating it", () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
    expect(inflated(browser, bomb, 1024 * 1024)).toBe("error:size");
    expect(inflated(node, bomb, 1024 * 1024)).toBe("error:size");
  });

  it("computes CRC-32, SHA-256 and UTF-8 text alike", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), fc.nat(), async (data, seed) => {
        expect(browser.crc32(data)).toBe(node.crc32(data));
        expect(jsCrc32(data, seed >>> 0)).toBe(zlib.crc32 ? zlib.crc32(data, seed >>> 0) : jsCrc32(data, seed >>> 0));
        const want = createHash("sha256").update(data).digest("hex");
        expect(sha256Hex(data)).toBe(want);
        expect(await browser.sha256Hex(data)).toBe(want);
        expect(await node.sha256Hex(data)).toBe(want);
        // invalid sequences, a BOM in front
        const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
        expect(browser.utf8(data)).toBe(node.utf8(data));
        expect(browser.utf8(withBom)).toBe(node.utf8(withBom));
      }),
      { numRuns: 300 },
    );
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 128, 100_000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 17) & 0xff);
      expect(sha256Hex(data), `${n} bytes`).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("loads the same SheetJS, and gives it bytes it reads the same", async () => {
    const [a, b] = await Promise.all([browser.loadSheetJs(), node.loadSheetJs()]);
    expect(a.version).toBe(b.version);
    const bytes = new Uint8Array(readFileSync(path.join(ROOT, "examples/hebei-2025/唐山市/典型案例申报书-1.xlsx")));
    const read = (x: typeof a, rt: Runtime) => {
      const input = rt.sheetJsInput(bytes);
      const wb = x.read(input.data, { type: input.type, dense: true, cellNF: true });
      return wb.SheetNames.map((n) => x.utils.sheet_to_json(wb.Sheets[n], { header: 1, raw: true }));
    };
    expect(read(a, browser)).toEqual(read(b, node));
  });
});

/** yauzl's directory (as guardZip read it before): entries or the error's message. */
function viaYauzl(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) return resolve(`error:${err?.message}`);
        const entries: unknown[] = [];
        zip.on("entry", (e: yauzl.Entry) => {
          entries.push([
            Buffer.from(e.fileName as unknown as Buffer).toString("hex"),
            e.generalPurposeBitFlag,
            e.compressionMethod,
            e.crc32,
            e.compressedSize,
            e.uncompressedSize,
            e.relativeOffsetOfLocalHeader,
          ]);
          zip.readEntry();
        });
        zip.on("end", () => resolve(JSON.stringify({ count: zip.entryCount, entries })));
        zip.on("error", (e: Error) => resolve(`error:${e.message}`));
        zip.readEntry();
      },
    );
  });
}

function viaDirectory(bytes: Buffer): string {
  try {
    const dir = openZipDirectory(bytes);
    const entries = readZipEntries(bytes, dir).map((e) => [
      Buffer.from(e.fileNameRaw).toString("hex"),
      e.generalPurposeBitFlag,
      e.compressionMethod,
      e.crc32,
      e.compressedSize,
      e.uncompressedSize,
      e.relativeOffsetOfLocalHeader,
    ]);
    return JSON.stringify({ count: dir.entryCount, entries });
  } catch (e) {
    return `error:${(e as Error).message}`;
  }
}

describe("the zip directory reader (guardZip) reads as yauzl did", () => {
  it("every example zip, and the same bytes cut and with bytes changed in their directory", async () => {
    expect(ZIPS.length).toBeGreaterThan(20);
    for (const file of ZIPS) {
      const bytes = readFileSync(file);
      expect(viaDirectory(bytes), file).toBe(await viaYauzl(bytes));
    }
    const samples = ZIPS.slice(0, 6).map((f) => readFileSync(f));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: 1500 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (which, flips, cut) => {
          const x = Buffer.from(samples[which]);
          // the central directory and end record lie in the last bytes
          for (const [back, xor] of flips) if (back < x.length) x[x.length - 1 - back] ^= xor;
          const bytes = cut === undefined ? x : x.subarray(0, cut % (x.length + 1));
          expect(viaDirectory(bytes)).toBe(await viaYauzl(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("ZIP64 end records, multi-disk archives, comments", async () => {
    const one = readFileSync(ZIPS[0]);
    const eocd = one.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dir = openZipDirectory(one);
    const cdSize = one.readUInt32LE(eocd + 12);
    // A ZIP64 record and locator between the directory and the end record.
    const z64 = Buffer.alloc(56);
    z64.writeUInt32LE(0x06064b50, 0);
    z64.writeBigUInt64LE(44n, 4);
    z64.writeBigUInt64LE(BigInt(dir.entryCount), 24);
    z64.writeBigUInt64LE(BigInt(dir.entryCount), 32);
    z64.writeBigUInt64LE(BigInt(cdSize), 40);
    z64.writeBigUInt64LE(BigInt(dir.centralDirectoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(eocd), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.from(one.subarray(eocd));
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt32LE(0xffffffff, 16);
    const zip64 = Buffer.concat([one.subarray(0, eocd), z64, locator, end]);
    const multi = Buffer.concat([one.subarray(0, eocd), z64, locator, end]);
    multi.writeUInt32LE(2, eocd + 16);
    const comment = Buffer.concat([one.subarray(0, eocd + 20), Buffer.from([3, 0]), Buffer.from("abc")]);
    const badComment = Buffer.concat([comment, Buffer.from("x")]);
    for (const bytes of [zip64, multi, comment, badComment]) expect(viaDirectory(bytes)).toBe(await viaYauzl(bytes));
    expect(viaDirectory(zip64)).toBe(viaDirectory(one));
    expect(viaDirectory(multi)).toMatch(/multi-disk/);
  });
});

describe("a zip member's bytes (extractZipEntry) are what the CLI extracts (zip-inputs.ts, yauzl)", () => {
  it("every member of every example zip, and members damaged in their data, size or CRC", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "zip-member-"));
    const archives: string[] = [];
    for (const file of ZIPS) {
      archives.push(file);
      // The same archive with one member's data, stated size or CRC damaged.
      const bytes = readFileSync(file);
      const entries = listZipEntries(bytes);
      const i = entries.findIndex((e) => e.compressionMethod === 8 && e.compressedSize > 64);
      if (i < 0 || archives.length > 48) continue;
      const e = entries[i];
      const local = e.relativeOffsetOfLocalHeader;
      const data = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const dir = openZipDirectory(bytes);
      let at = dir.centralDirectoryOffset;
      for (let k = 0; k < i; k++)
        at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      const variants: [string, (x: Buffer) => void][] = [
        ["data", (x) => x.fill(0x41, data + 8, data + e.compressedSize - 2)],
        ["smaller", (x) => x.writeUInt32LE(e.uncompressedSize - 1, at + 24)],
        ["larger", (x) => x.writeUInt32LE(e.uncompressedSize + 1, at + 24)],
        ["crc", (x) => x.writeUInt32LE((e.crc32 ^ 0x10) >>> 0, at + 16)],
        ["header", (x) => x.writeUInt32LE(0, local)],
      ];
      for (const [what, edit] of variants) {
        const x = Buffer.from(bytes);
        edit(x);
        const p = path.join(tmp, `${archives.length}-${what}.zip`);
        writeFileSync(p, x);
        archives.push(p);
      }
    }
    const seen = { ok: 0, broken: 0 };
    try {
      for (const archive of archives) {
        const bytes = readFileSync(archive);
        const entries = listZipEntries(bytes);
        for (const [index, e] of entries.entries()) {
          if (e.uncompressedSize === 0 && e.fileNameRaw[e.fileNameRaw.length - 1] === 0x2f) continue; // a folder
          for (const max of [50 * 1024 * 1024, Math.max(0, e.uncompressedSize - 1)]) {
            const cli = await extractMember({ archive, entry: String(index), index, size: e.uncompressedSize }, max);
            const got = extractZipEntry(bytes, e, max);
            const label = `${path.basename(archive)} #${index} max ${max}`;
            if ("bytes" in cli) {
              expect("bytes" in got && Buffer.from(got.bytes).equals(cli.bytes), label).toBe(true);
              seen.ok++;
            } else if (/超过上限/.test(cli.message)) expect(got, label).toEqual({ tooLarge: e.uncompressedSize });
            else {
              expect(got, label).toHaveProperty("broken");
              seen.broken++;
            }
          }
        }
      }
    } finally {
      await closeArchives();
    }
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.broken).toBeGreaterThanOrEqual(30);
  });
});

describe("the fast reader's built-in number formats", () => {
  it("are exceljs's (its `f`, else the zh-CN code)", () => {
    const table = createRequire(import.meta.url)("exceljs/lib/xlsx/defaultnumformats.js") as Record<
      string,
      Record<string, string> | undefined
    >;
    const want = new Map<number, string>();
    for (const [key, entry] of Object.entries(table)) {
      const code = entry?.f ?? entry?.["zh-cn"];
      if (code) want.set(Number(key), code);
    }
    expect([...EXCELJS_BUILTIN_NUMFMTS]).toEqual([...want]);
  });
});

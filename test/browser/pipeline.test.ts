// The CLI's check pipeline in real Chromium (issue 10, stage 1): a webpack build of the
// read → validate path on the browser runtime (pako, SubtleCrypto, TextDecoder; no node:*,
// no Buffer) is given the bytes of every file under examples/ — the members of 辛集市材料.zip
// once as the CLI extracts them and once as the page extracts them from the zip's bytes (which
// members there are still comes from the CLI's listing: inputs.ts stays Node-only) — and of the same
// workbooks converted to the other formats and damaged in the ways that reach the adapters
// (cut, a flipped byte, directories that lie about sizes and CRCs). Each file's result (grid,
// tables, issues, city, sha256 …, as JSON) must equal the CLI's exactly, and no request may
// leave the page.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBytes, type FileCheck, type FilePlace } from "../../aggregator/check-bytes.js";
import { checkFile, placeOf } from "../../aggregator/check.js";
import { expandInputs } from "../../aggregator/inputs.js";
import { importSheetJs } from "../../aggregator/read/sheetjs.js";
import { openZipDirectory, readZipEntries } from "../../aggregator/read/zip-directory.js";
import { closeArchives, inputBytes } from "../../aggregator/read/zip-inputs.js";
import { findProfile } from "../../forms/profiles/index.js";
import { CHROMIUM, ROOT } from "./harness.js";
import { openPipelinePage, type OfflinePage } from "./pipeline-page.js";
import type { PipelineFile, PipelineMember } from "./pipeline-entry.js";
import { checkView } from "./pipeline-view.js";

const PROFILE = "hebei-2025";
const TODAY = "2025-12-01";
const OPTS = { profile: findProfile(PROFILE)!, today: TODAY, keepGrid: true };
const TANGSHAN_CASE = "examples/hebei-2025/唐山市/典型案例申报书-1.xlsx";

let offline: OfflinePage;
let browser: Browser;
let page: Page;

type PipelineWindow = {
  pipeline: {
    runtime: string;
    hasNodeGlobals: boolean;
    check(files: PipelineFile[], profile: string, today: string): Promise<string[]>;
    checkZip(base64: string, members: PipelineMember[], profile: string, today: string): Promise<string[]>;
    sha256(base64: string): Promise<{ runtime: string; js: string }>;
  };
};

async function inBrowser(files: (FilePlace & { bytes: Uint8Array })[]): Promise<string[]> {
  const wire = files.map(({ bytes, ...place }) => ({ ...place, base64: Buffer.from(bytes).toString("base64") }));
  return page.evaluate(([f, profile, today]) => (window as unknown as PipelineWindow).pipeline.check(f, profile, today), [
    wire,
    PROFILE,
    TODAY,
  ] as const);
}

/** Each file's view in Node (checkBytes on the Node runtime) and in the page, pairwise equal. */
async function expectSame(files: (FilePlace & { bytes: Uint8Array })[]): Promise<string[]> {
  const browserViews = await inBrowser(files);
  const views: string[] = [];
  for (const [i, f] of files.entries()) {
    const node = checkView(await checkBytes(f.bytes, f, OPTS));
    expect(JSON.parse(browserViews[i]), f.display).toEqual(JSON.parse(node));
    expect(browserViews[i], f.display).toBe(node);
    views.push(node);
  }
  return views;
}

/** The central-directory record offset of each entry (for damaging a directory). */
function directoryRecords(
  bytes: Uint8Array,
): { name: string; at: number; method: number; compressedSize: number; local: number }[] {
  const dir = openZipDirectory(bytes);
  const out = [];
  let at = dir.centralDirectoryOffset;
  for (const e of readZipEntries(bytes, dir)) {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    out.push({
      name: Buffer.from(e.fileNameRaw).toString("utf8"),
      at,
      method: e.compressionMethod,
      compressedSize: e.compressedSize,
      local: e.relativeOffsetOfLocalHeader,
    });
    at += 46 + b.readUInt16LE(at + 28) + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return out;
}

describe.skipIf(!existsSync(CHROMIUM))("the check pipeline in Chromium", () => {
  beforeAll(async () => {
    offline = await openPipelinePage();
    ({ browser, page } = offline);
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await closeArchives();
  });

  it("runs on the browser runtime, without Node's globals", async () => {
    const info = await page.evaluate(() => {
      const p = (window as unknown as PipelineWindow).pipeline;
      return { runtime: p.runtime, hasNodeGlobals: p.hasNodeGlobals };
    });
    expect(info).toEqual({ runtime: "browser", hasNodeGlobals: false });
  });

  it("reads and validates every file under examples/ exactly as the CLI does", async () => {
    const inputs = await expandInputs([path.join(ROOT, "examples")], ROOT);
    expect(inputs.skipped).toEqual([]);
    const files: (FilePlace & { bytes: Uint8Array })[] = [];
    const cli: string[] = [];
    for (const input of inputs.files) {
      const bytes = await inputBytes(input);
      expect(bytes, input.display).toBeDefined();
      files.push({ ...placeOf(input), bytes: bytes! });
      const result: Partial<Awaited<ReturnType<typeof checkFile>>> = await checkFile(input, OPTS);
      delete result.input;
      cli.push(checkView(result as FileCheck));
    }
    // Every format of the examples is there: .xlsx, the .xls (one of them cut), the Word
    // 申报书, the PDF, and the zip's members.
    const names = files.map((f) => f.display);
    for (const ext of [".xlsx", ".xls", ".docx", ".pdf"])
      expect(
        names.some((n) => n.endsWith(ext)),
        ext,
      ).toBe(true);
    expect(names.some((n) => n.includes("辛集市材料.zip/"))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(29);

    const views = await expectSame(files);
    // The bytes-based check in Node is the CLI's check (checkFile on the file or the zip member).
    expect(views).toEqual(cli);
    // The zip's members, extracted from its bytes in the page, check as the CLI's.
    const byArchive = new Map<string, { members: PipelineMember[]; cli: string[] }>();
    for (const [i, input] of inputs.files.entries()) {
      if (!input.member || input.member.inner !== undefined) continue;
      const group = byArchive.get(input.member.archive) ?? { members: [], cli: [] };
      group.members.push({ ...placeOf(input), index: input.member.index });
      group.cli.push(cli[i]);
      byArchive.set(input.member.archive, group);
    }
    expect(byArchive.size).toBeGreaterThan(0);
    for (const [archive, { members, cli: want }] of byArchive) {
      const base64 = readFileSync(archive).toString("base64");
      const got = await page.evaluate(
        ([b, m, profile, today]) => (window as unknown as PipelineWindow).pipeline.checkZip(b, m, profile, today),
        [base64, members, PROFILE, TODAY] as const,
      );
      expect(got, archive).toEqual(want);
    }

    const parsed = views.map((v) => JSON.parse(v) as { status: string; issues: { code: string }[] });
    expect(parsed.some((p) => p.issues.some((i) => i.code === "file.not_spreadsheet"))).toBe(true);
    expect(parsed.some((p) => p.status === "unreadable" && p.issues.some((i) => i.code === "file.unreadable"))).toBe(true);
    expect(parsed.filter((p) => p.status !== "unreadable").length).toBeGreaterThanOrEqual(25);
  });

  it("reads the other formats (SheetJS: .ods, .xlsb, .xls, .fods, SpreadsheetML, HTML) and GBK CSV the same", async () => {
    const X = await importSheetJs();
    const source = readFileSync(path.join(ROOT, TANGSHAN_CASE));
    const wb = X.read(source, { type: "buffer", cellDates: true });
    const asBytes = (bookType: string) => {
      // SheetJS says on the console which print areas it leaves out of the copy.
      const quiet = console.error;
      console.error = () => undefined;
      try {
        const out = X.write(wb, { bookType: bookType as "ods", type: "buffer" }) as Buffer | string;
        return typeof out === "string" ? Buffer.from(out, "utf8") : new Uint8Array(out);
      } finally {
        console.error = quiet;
      }
    };
    const cp = (await import("@e965/xlsx/dist/cpexcel" as string)) as { utils: { encode(cp: number, s: string): number[] } };
    const sheet = wb.Sheets[wb.SheetNames.find((n) => n.includes("申报单位")) ?? wb.SheetNames[0]];
    // As Excel saves "CSV (逗号分隔)": in GBK, a character it cannot hold (☑) as "?".
    const gbkDecoder = new TextDecoder("gbk");
    const csv = [...X.utils.sheet_to_csv(sheet)]
      .map((ch) => (gbkDecoder.decode(Uint8Array.from(cp.utils.encode(936, ch))) === ch ? ch : "?"))
      .join("");
    const gbk = Uint8Array.from(cp.utils.encode(936, csv));
    expect(new TextDecoder("utf-8", { fatal: false }).decode(gbk)).not.toBe(csv); // really GBK
    const place = (fileName: string): FilePlace => ({ display: `converted/唐山市/${fileName}`, fileName, folders: ["唐山市"] });
    const files = [
      { ...place("典型案例申报书-1.ods"), bytes: asBytes("ods") },
      { ...place("典型案例申报书-1.xlsb"), bytes: asBytes("xlsb") },
      { ...place("典型案例申报书-1.xls"), bytes: asBytes("xls") },
      { ...place("典型案例申报书-1.fods"), bytes: asBytes("fods") },
      { ...place("典型案例申报书-1（xml）.xls"), bytes: asBytes("xlml") },
      { ...place("典型案例申报书-1（网页）.xls"), bytes: Buffer.from(X.utils.sheet_to_html(sheet), "utf8") },
      { ...place("申报单位基本信息.csv"), bytes: gbk },
      { ...place("申报单位基本信息（UTF-8）.csv"), bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]) },
    ];
    const views = (await expectSame(files)).map((v) => JSON.parse(v) as { status: string; format?: string });
    for (const [i, v] of views.entries()) expect(v.status, files[i].display).not.toBe("unreadable");
  });

  it("damaged zips fail the same way (cut, flipped bits, directories lying about sizes and CRCs)", async () => {
    const good = new Uint8Array(readFileSync(path.join(ROOT, TANGSHAN_CASE)));
    const records = directoryRecords(good);
    const sheet = records.find((r) => r.method === 8 && /worksheets\/sheet\d+\.xml$/.test(r.name))!;
    expect(sheet).toBeDefined();
    const b = Buffer.from(good);
    const dataStart = sheet.local + 30 + b.readUInt16LE(sheet.local + 26) + b.readUInt16LE(sheet.local + 28);
    const damaged = (what: string, edit: (x: Buffer) => void): FilePlace & { bytes: Uint8Array } => {
      const x = Buffer.from(good);
      edit(x);
      return { display: `damaged/唐山市/${what}.xlsx`, fileName: `${what}.xlsx`, folders: ["唐山市"], bytes: x };
    };
    const files = [
      damaged("cut", () => undefined),
      damaged("flipped", (x) => {
        for (let i = 0; i < 8; i++) x[dataStart + Math.floor(sheet.compressedSize / 2) + i] ^= 0x5a;
      }),
      damaged("smaller", (x) => x.writeUInt32LE(x.readUInt32LE(sheet.at + 24) - 1, sheet.at + 24)),
      damaged("larger", (x) => x.writeUInt32LE(x.readUInt32LE(sheet.at + 24) + 1, sheet.at + 24)),
      damaged("crc", (x) => x.writeUInt32LE((x.readUInt32LE(sheet.at + 16) ^ 1) >>> 0, sheet.at + 16)),
      damaged("deflate-cut", (x) => {
        // The compressed data ends early; the directory still says where it ends.
        x.fill(0, dataStart + Math.floor(sheet.compressedSize / 3), dataStart + sheet.compressedSize);
      }),
      damaged("multi-disk", (x) => x.writeUInt16LE(1, x.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 4)),
      damaged("signature", (x) => x.writeUInt32LE(0x12345678, records[1].at)),
    ];
    files[0].bytes = good.subarray(0, Math.floor(good.length * 0.7));
    files.push(
      { display: "damaged/空.xlsx", fileName: "空.xlsx", folders: [], bytes: new Uint8Array(0) },
      {
        display: "damaged/图片.xlsx",
        fileName: "图片.xlsx",
        folders: [],
        bytes: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
      },
    );
    const views = (await expectSame(files)).map((v) => JSON.parse(v) as { status: string; issues: { message: string }[] });
    for (const [i, v] of views.entries()) expect(v.status, files[i].display).toBe("unreadable");
  });

  it("hashes as Node does: SubtleCrypto and the JavaScript SHA-256", async () => {
    const samples = [
      new Uint8Array(0),
      Buffer.from("abc"),
      new Uint8Array(readFileSync(path.join(ROOT, TANGSHAN_CASE))),
      ...[55, 56, 63, 64, 65, 119, 120, 1000].map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff)),
    ];
    for (const s of samples) {
      const got = await page.evaluate(
        (b64) => (window as unknown as PipelineWindow).pipeline.sha256(b64),
        Buffer.from(s).toString("base64"),
      );
      const want = createHash("sha256").update(s).digest("hex");
      expect(got, `${s.length} bytes`).toEqual({ runtime: want, js: want });
    }
  });

  it("sends no request outside the page", () => {
    // Only the page and its script, both from its folder on disk.
    expect(offline.blocked).toEqual([]);
    expect(offline.requests.length).toBeGreaterThan(0);
    for (const url of offline.requests) expect(url.startsWith(`file://${offline.dir}/`), url).toBe(true);
  });
});

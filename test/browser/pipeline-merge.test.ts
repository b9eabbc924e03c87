// The CLI's merge in real Chromium (issue 10, stage 2): the webpack build of the merge from
// bytes (aggregator/merge/merge-bytes.ts → run.ts, the code `pilot-forms merge` runs, on the
// browser runtime: pako, SubtleCrypto, TextDecoder; no node:*, no Buffer) is given the bytes of
// every file under examples/hebei-2025 as the page would have them — display path, bytes,
// modified time; 辛集市材料.zip as one file, its members expanded in the page — in the order
// the CLI walks the folder. The roll-up must be byte-identical to `pilot-forms merge
// examples/hebei-2025 --profile hebei-2025 -o <repo root>/… --json …` run here, the JSON
// report and the terminal summary identical; likewise for the zip given alone. No request
// may leave the page.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeCommand } from "../../aggregator/merge/command.js";
import { mergeInputs, sortLikeFolderWalk, type MergeInput } from "../../aggregator/merge/merge-bytes.js";
import { FIXED_DATE, writeZip } from "../../aggregator/xlsx/deterministic.js";
import { findProfile } from "../../forms/profiles/index.js";
import { CHROMIUM, ROOT } from "./harness.js";
import { openPipelinePage, type OfflinePage } from "./pipeline-page.js";
import type { PipelineMerged, PipelineMergeFile } from "./pipeline-entry.js";

const PROFILE = "hebei-2025";
const TODAY = "2025-12-01";
const FOLDER = "examples/hebei-2025";
const ZIP = `${FOLDER}/辛集市材料.zip`;

let offline: OfflinePage;
let browser: Browser;
let page: Page;
const tmp = mkdtempSync(path.join(os.tmpdir(), "pipeline-merge-"));

type MergeWindow = {
  pipeline: {
    runtime: string;
    hasNodeGlobals: boolean;
    merge(files: PipelineMergeFile[], profile: string | undefined, today: string): Promise<PipelineMerged>;
  };
};

/** Every file under `folder` (relative to the repo root), as the page gets them from a chosen folder, in the CLI's walk order. */
function filesUnder(folder: string, root = folder): MergeInput[] {
  const out: MergeInput[] = [];
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    if (statSync(abs).isDirectory()) {
      for (const e of readdirSync(abs).sort((a, b) => a.localeCompare(b, "zh-Hans-CN"))) walk(`${rel}/${e}`);
      return;
    }
    out.push({ path: rel, bytes: new Uint8Array(readFileSync(abs)), lastModified: statSync(abs).mtimeMs, root });
  };
  walk(folder);
  return out;
}

/** `pilot-forms merge <input> --profile … -o <repo root>/… --json …`, in this process (the working folder is the repo root). */
async function cli(input: string): Promise<{ rollup: Buffer; report: string; summary: string }> {
  expect(process.cwd()).toBe(ROOT);
  // The roll-up in the repo root: its links are then the display paths, as the page writes them.
  const out = path.join(ROOT, `pipeline-merge-${process.pid}.xlsx`);
  const json = path.join(tmp, "report.json");
  const lines: string[] = [];
  try {
    const code = await mergeCommand(
      [input],
      { out, json, profile: PROFILE, today: TODAY },
      { out: (s) => lines.push(s), err: () => undefined, isTTY: false },
    );
    expect(code).toBe(0);
    return { rollup: readFileSync(out), report: readFileSync(json, "utf8"), summary: lines.join("\n") };
  } finally {
    rmSync(out, { force: true });
  }
}

async function inBrowser(files: MergeInput[]): Promise<PipelineMerged & { bytes: Buffer }> {
  const wire = files.map(({ bytes, ...rest }) => ({ ...rest, base64: Buffer.from(bytes).toString("base64") }));
  const got = await page.evaluate(([f, profile, today]) => (window as unknown as MergeWindow).pipeline.merge(f, profile, today), [
    wire,
    PROFILE,
    TODAY,
  ] as const);
  return { ...got, bytes: Buffer.from(got.rollup, "base64") };
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe.skipIf(!existsSync(CHROMIUM))("the merge in Chromium", () => {
  beforeAll(async () => {
    offline = await openPipelinePage();
    ({ browser, page } = offline);
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("runs on the browser runtime, without Node's globals", async () => {
    const info = await page.evaluate(() => {
      const p = (window as unknown as MergeWindow).pipeline;
      return { runtime: p.runtime, hasNodeGlobals: p.hasNodeGlobals };
    });
    expect(info).toEqual({ runtime: "browser", hasNodeGlobals: false });
  });

  it("merges examples/hebei-2025 to the CLI's roll-up, byte for byte, and its JSON report", async () => {
    const files = filesUnder(FOLDER);
    expect(files.some((f) => f.path === ZIP)).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(25);
    // The CLI's walk order, whatever order the browser lists a chosen folder in.
    expect(sortLikeFolderWalk([...files].reverse()).map((f) => f.path)).toEqual(files.map((f) => f.path));
    const want = await cli(FOLDER);
    const report = JSON.parse(want.report) as { files: { path: string }[]; issues: unknown[] };
    expect(report.files.some((f) => f.path.startsWith(`${ZIP}/`))).toBe(true);
    expect(report.issues.length).toBeGreaterThan(0);
    expect(want.rollup.length).toBeGreaterThan(20_000);

    // The same core in Node, from the same bytes.
    const node = await mergeInputs(files, { profile: findProfile(PROFILE), today: TODAY });
    expect(node.report).toBe(want.report);
    expect(sha(node.rollup)).toBe(sha(want.rollup));

    const got = await inBrowser(files);
    expect(got.report).toBe(want.report);
    expect(got.summary + (got.drafted ? `\n${got.drafted}` : "")).toBe(want.summary);
    expect(sha(got.bytes)).toBe(sha(want.rollup));
    expect(got.bytes.equals(want.rollup)).toBe(true);
  }, 300_000);

  it("expands a .zip given alone in the page as the CLI does", async () => {
    const files = filesUnder(ZIP);
    expect(files).toHaveLength(1);
    const want = await cli(ZIP);
    const report = JSON.parse(want.report) as { files: { path: string }[] };
    expect(report.files.filter((f) => f.path.startsWith(`${ZIP}/`)).length).toBeGreaterThan(1);
    const got = await inBrowser(files);
    expect(got.report).toBe(want.report);
    expect(got.bytes.equals(want.rollup)).toBe(true);
  }, 300_000);

  it("expands a zip in a zip, and skips junk and unsafe names, as the same core does in Node", async () => {
    // The same core in Node is the CLI's (test/merge-bytes.test.ts compares them on disk).
    const ex = (rel: string) => new Uint8Array(readFileSync(path.join(ROOT, FOLDER, rel)));
    const inner = writeZip([["案例.xlsx", ex("保定市/典型案例申报书-1.xlsx")]], FIXED_DATE, 6);
    const outer = writeZip(
      [
        ["汇总/典型案例推荐汇总表.xlsx", ex("保定市/典型案例推荐汇总表.xlsx")],
        ["__MACOSX/汇总/._典型案例推荐汇总表.xlsx", new Uint8Array([1, 2, 3])],
        ["../逃出去.xlsx", new Uint8Array([1])],
        ["内层.zip", inner],
      ],
      FIXED_DATE,
      6,
    );
    const files: MergeInput[] = [
      { path: "河北/保定市材料.zip", bytes: outer, lastModified: 1 },
      { path: "河北/唐山市/典型案例申报书-1.xlsx", bytes: ex("唐山市/典型案例申报书-1.xlsx"), lastModified: 2 },
      { path: "河北/唐山市/~$典型案例申报书-1.xlsx", bytes: new Uint8Array([1]), lastModified: 3 },
    ];
    const node = await mergeInputs(files, { profile: findProfile(PROFILE), today: TODAY });
    const report = JSON.parse(node.report) as { files: { path: string; status: string }[] };
    expect(report.files.map((f) => f.path)).toContain("河北/保定市材料.zip/内层.zip/案例.xlsx");
    expect(report.files.filter((f) => f.status === "skipped").length).toBe(3);
    const got = await inBrowser(files);
    expect(got.report).toBe(node.report);
    expect(got.bytes.equals(Buffer.from(node.rollup))).toBe(true);
  }, 300_000);

  it("sends no request outside the page", () => {
    expect(offline.blocked).toEqual([]);
    expect(offline.requests.length).toBeGreaterThan(0);
    for (const url of offline.requests) expect(url.startsWith(`file://${offline.dir}/`), url).toBe(true);
  });
});

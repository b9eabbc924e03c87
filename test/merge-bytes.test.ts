// The merge from bytes (aggregator/merge/merge-bytes.ts, what the page runs) against the
// CLI's own inputs (inputs.ts on disk, zip-inputs.ts) on one awkward layout: lock files, OS
// junk, hidden and __MACOSX folders, a zip with junk, unsafe and repeated names, a zip in the
// zip and one deeper, a .zip that is none, a byte-identical copy and a resubmission decided
// by the files' modified times. The files listed, the ones skipped and the whole merge (the
// roll-up's bytes, the JSON report) must be the same.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandInputs } from "../aggregator/inputs.js";
import { nodeSource } from "../aggregator/merge/command.js";
import { expandBytes, mergeInputs, type MergeInput } from "../aggregator/merge/merge-bytes.js";
import { runMerge } from "../aggregator/merge/run.js";
import { closeArchives } from "../aggregator/read/zip-inputs.js";
import { deterministicXlsx, FIXED_DATE, writeZip } from "../aggregator/xlsx/deterministic.js";
import { findProfile } from "../forms/profiles/index.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const EX = path.join(ROOT, "examples/hebei-2025");
const PROFILE = findProfile("hebei-2025")!;
const TODAY = "2025-12-01";
const base = mkdtempSync(path.join(os.tmpdir(), "merge-bytes-"));
const top = path.join(base, "河北");

afterAll(async () => {
  await closeArchives();
  rmSync(base, { recursive: true, force: true });
});

const ex = (rel: string) => new Uint8Array(readFileSync(path.join(EX, rel)));

async function layout(): Promise<void> {
  const put = (rel: string, bytes: Uint8Array | string, mtime?: number) => {
    const p = path.join(top, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    if (mtime) utimesSync(p, mtime / 1000, mtime / 1000);
  };
  put("石家庄市/典型案例申报书-1.xlsx", ex("石家庄市/典型案例申报书-1.xlsx"));
  put("石家庄市/典型案例申报书-1 副本.xlsx", ex("石家庄市/典型案例申报书-1.xlsx"));
  put("石家庄市/~$典型案例申报书-1.xlsx", "lock");
  put("石家庄市/Thumbs.db", "junk");
  put("石家庄市/.hidden/典型案例申报书-2.xlsx", ex("石家庄市/典型案例申报书-2.xlsx"));
  put("__MACOSX/._x.xlsx", "mac");
  // A resubmission: the same 申报书 twice in other bytes (re-zipped), with the same
  // dcterms:modified: the files' times tell which is newer.
  const a = ex("唐山市/典型案例申报书-2.xlsx");
  const b = new Uint8Array(await deterministicXlsx(a, FIXED_DATE, 1));
  put("唐山市/典型案例申报书-2.xlsx", a, Date.UTC(2025, 10, 1));
  put("唐山市/典型案例申报书-2（修改）.xlsx", b, Date.UTC(2025, 10, 3));
  put("唐山市/不是压缩包.zip", "PK? no");
  const inner = writeZip(
    [
      ["案例.xlsx", ex("保定市/典型案例申报书-1.xlsx")],
      ["更深.zip", writeZip([["x.xlsx", ex("保定市/典型案例申报书-2.xlsx")]], FIXED_DATE, 6)],
    ],
    FIXED_DATE,
    6,
  );
  put(
    "保定市材料.zip",
    writeZip(
      [
        ["汇总/典型案例推荐汇总表.xlsx", ex("保定市/典型案例推荐汇总表.xlsx")],
        ["__MACOSX/汇总/._典型案例推荐汇总表.xlsx", new Uint8Array([1, 2, 3])],
        [".git/config", new Uint8Array([1])],
        ["desktop.ini", new Uint8Array([1])],
        ["../逃出去.xlsx", new Uint8Array([1])],
        ["内层.zip", inner],
        ["方案.xls", ex("保定市/服务对象补充表（旧版Excel）.xls")],
      ],
      FIXED_DATE,
      6,
    ),
  );
}
await layout();

/** The files under `top` as the page gets them from the chosen folder 河北/ (paths relative to `base`). */
function pageFiles(): MergeInput[] {
  const out: MergeInput[] = [];
  const walk = (rel: string) => {
    const abs = path.join(base, rel);
    if (statSync(abs).isDirectory()) {
      for (const e of readdirSync(abs).sort((x, y) => x.localeCompare(y, "zh-Hans-CN"))) walk(`${rel}/${e}`);
      return;
    }
    out.push({ path: rel, bytes: new Uint8Array(readFileSync(abs)), lastModified: statSync(abs).mtimeMs });
  };
  walk("河北");
  return out;
}

describe("the merge from bytes takes inputs as the CLI does", () => {
  it("lists the same files (zip members, failures) and skips the same ones", async () => {
    const cli = await expandInputs([top], base);
    const page = await expandBytes(pageFiles());
    const view = (f: { display: string; failed?: unknown; member?: { entry: string; index: number; inner?: string } }) => ({
      display: f.display,
      failed: f.failed,
      member: f.member && { entry: f.member.entry, index: f.member.index, inner: f.member.inner },
    });
    expect(page.files.map(view)).toEqual(cli.files.map(view));
    expect(page.skipped).toEqual(cli.skipped);
    // The layout reaches the rules it was made for.
    const reasons = cli.skipped.map((s) => s.reason).join("\n");
    for (const r of ["~$", "Thumbs.db", "隐藏文件夹", "__MACOSX", "不安全", "嵌套超过一层"]) expect(reasons).toContain(r);
    expect(cli.files.some((f) => f.member?.inner === "内层.zip")).toBe(true);
    expect(cli.files.some((f) => f.failed)).toBe(true);
  });

  it("merges to the CLI's roll-up bytes and JSON report (duplicates, resubmissions by modified time)", async () => {
    const expanded = await expandInputs([top], base);
    // As `pilot-forms merge 河北 -o 全省汇总.xlsx` run in the folder that holds 河北/ (links relative to it).
    const cli = await runMerge(expanded, nodeSource, { profile: PROFILE, today: TODAY, outputDir: process.cwd(), json: true });
    const page = await mergeInputs(pageFiles(), { profile: PROFILE, today: TODAY });
    const statuses = cli.results.map((r) => (r.supersededBy ? "superseded" : r.status));
    expect(statuses).toContain("duplicate");
    expect(statuses).toContain("superseded");
    expect(page.report).toBe(cli.report);
    expect(page.summary).toBe(cli.summary);
    expect(Buffer.from(page.rollup).equals(Buffer.from(cli.rollupBytes))).toBe(true);
  });
});

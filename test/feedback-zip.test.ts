// The page's feedback .zip (aggregator/merge/feedback-files.ts, from mergeInputs' result: bytes
// in memory) against the CLI's `merge … --feedback DIR` on the bundled Hebei examples (.xlsx,
// .xls, a Word 申报书, a .zip of a city's files): the same files, each entry <city>/<file>
// holding exactly the bytes the CLI writes into DIR/<city>/<file>, in the order the CLI
// writes them; the zip opens (two readers) with UTF-8 names, and the same files zip to the
// same bytes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandInputs } from "../aggregator/inputs.js";
import { nodeSource } from "../aggregator/merge/command.js";
import { writeFeedback } from "../aggregator/merge/feedback.js";
import { feedbackFiles, feedbackZip, type FeedbackFile } from "../aggregator/merge/feedback-files.js";
import { mergeInputs, sortLikeFolderWalk, type MergeBytesResult, type MergeInput } from "../aggregator/merge/merge-bytes.js";
import { runMerge } from "../aggregator/merge/run.js";
import { extractZipEntry, listZipEntries } from "../aggregator/read/zip-directory.js";
import { closeArchives } from "../aggregator/read/zip-inputs.js";
import { findProfile } from "../forms/profiles/index.js";
import { run } from "./fixtures/cli.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXAMPLES = "examples/hebei-2025";
const TODAY = "2025-12-01";
const tmp = mkdtempSync(path.join(os.tmpdir(), "feedback-zip-"));

/** Every file under `dir`: "relative/path" → bytes, in the order of the walk. */
function filesUnder(dir: string, rel = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${e}` : e;
    if (statSync(path.join(dir, r)).isDirectory()) for (const [k, v] of filesUnder(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(path.join(dir, r)));
  }
  return out;
}

/** The examples as the page gets them when the folder examples/hebei-2025 is chosen. */
function pageInputs(): MergeInput[] {
  const out: MergeInput[] = [];
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    if (statSync(abs).isDirectory()) for (const e of readdirSync(abs)) walk(`${rel}/${e}`);
    else out.push({ path: rel, bytes: new Uint8Array(readFileSync(abs)), lastModified: statSync(abs).mtimeMs, root: EXAMPLES });
  };
  walk(EXAMPLES);
  return sortLikeFolderWalk(out);
}

let cli: Map<string, Buffer>;
let merged: MergeBytesResult;
let files: FeedbackFile[];

beforeAll(async () => {
  const r = await run(
    "merge",
    EXAMPLES,
    "-o",
    path.join(tmp, "全省汇总.xlsx"),
    "--profile",
    "hebei-2025",
    "--today",
    TODAY,
    "--feedback",
    path.join(tmp, "反馈"),
  );
  expect(r.err).toContain("问题反馈：");
  cli = filesUnder(path.join(tmp, "反馈"));
  merged = await mergeInputs(pageInputs(), { profile: findProfile("hebei-2025")!, today: TODAY });
  const { run: m } = merged;
  files = await feedbackFiles(m.rollup.cities, m.results, m.rollup.issues, (res) => merged.bytesOf(res.input));
}, 120_000);

afterAll(async () => {
  await closeArchives();
  rmSync(tmp, { recursive: true, force: true });
});

const key = (f: FeedbackFile) => `${f.folder}/${f.name}`;

describe("the feedback from bytes equals the CLI's --feedback folder", () => {
  it("covers copies of .xlsx, converted .xls and Word files and a zip's members, and a feedback workbook per city", () => {
    const names = [...cli.keys()];
    expect(names.length).toBeGreaterThan(20);
    expect(names.some((n) => /\.xls（已标注）\.xlsx$/.test(n))).toBe(true);
    expect(names.some((n) => /\.docx（已标注）\.xlsx$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith("辛集市/"))).toBe(true);
    expect(names.filter((n) => n.endsWith("问题反馈.xlsx")).length).toBeGreaterThanOrEqual(5);
  });

  it("the same files, byte for byte", () => {
    expect(files.map(key).sort()).toEqual([...cli.keys()].sort());
    for (const f of files) expect(Buffer.from(f.bytes).equals(cli.get(key(f))!), key(f)).toBe(true);
  });

  it("in the order the CLI writes them (writeFeedback's list of paths)", async () => {
    const expanded = await expandInputs([path.join(ROOT, EXAMPLES)], ROOT);
    const m = await runMerge(expanded, nodeSource, { profile: findProfile("hebei-2025")!, today: TODAY, outputDir: ROOT });
    const dir = path.join(tmp, "再写一次");
    const written = await writeFeedback(dir, m.rollup.cities, m.results, m.rollup.issues);
    expect(written.map((p) => path.relative(dir, p).split(path.sep).join("/"))).toEqual(files.map(key));
  });

  it("as one zip: entries <city>/<file> in order, UTF-8 names, the files' bytes, deterministic", async () => {
    const zip = feedbackZip(files);
    expect(Buffer.from(feedbackZip(files)).equals(Buffer.from(zip))).toBe(true);
    const entries = listZipEntries(zip);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    expect(entries.map((e) => decoder.decode(e.fileNameRaw))).toEqual(files.map(key));
    entries.forEach((e, i) => {
      expect(e.generalPurposeBitFlag & 0x800).toBe(0x800);
      const got = extractZipEntry(zip, e, 100 * 1024 * 1024);
      expect("bytes" in got && Buffer.from(got.bytes).equals(cli.get(key(files[i]))!), key(files[i])).toBe(true);
    });
    // An independent reader opens it alike.
    const jz = await JSZip.loadAsync(zip);
    const names = Object.keys(jz.files).filter((n) => !jz.files[n].dir);
    expect(names).toEqual(files.map(key));
    for (const n of names) expect(Buffer.from(await jz.files[n].async("uint8array")).equals(cli.get(n)!), n).toBe(true);
    // Every entry dated 2025-01-01 (FIXED_DATE).
    expect(jz.files[names[0]].date.getUTCFullYear()).toBe(2025);
  });
});

// The real case (issue 13): `pilot-forms merge` over many small city submissions — the
// templates filled with 3 to 40 rows per list table, titles and footer lines, several forms
// per city (scripts/bench-files.ts's cityPlan) — at several sizes, against the floor.
//
//   npx tsx scripts/bench-scale.ts [--sizes 500,5000] [--runs 2] [--startup-runs 7] [--issue-rows 100000] [--regenerate]
//   npx tsx scripts/bench-scale.ts --sizes 500,5000,15000      (15,000: ~15 minutes on 2 cores)
//
// For each size: the files are generated once into $TMPDIR/pilot-forms-bench-scale-v<version>-<files>/
// (one generating process per core) and reused. Then --runs interleaved runs (the order
// rotated from run to run) of, each a whole process from spawn to exit:
//   (a) the floor: a `node` process that lists the folder, reads every file, unzips and
//       SAX-parses its sheets and shared strings, building nothing (bench-files.ts's floor);
//   (b) `node bin/pilot-forms.js merge <folder> -o <tmp>.xlsx --json <tmp>.json --profile hebei-2025`
//       (lib/: `npm run build:cli` first, as `npm run bench` does).
// Peak RSS of each: /usr/bin/time's maximum resident set size when it is installed, else
// VmHWM from /proc/<pid>/status sampled every 20 ms.
//
// Then the time per phase, from one more merge in a fresh process (lib/'s modules, called in
// run.ts's order: readInputs → assignCities → markResubmissions → cityIssues/crossFileIssues →
// buildRollupData → rollupBytes → jsonReport, then the files written as command.ts writes
// them). readInputs is given its own check function, which does per file what the CLI's does
// (checkFileSafely → readInput → checkRead) in timed pieces: the file's bytes, reading
// (readWorkbookBytes: sha256, unzip, parse into the grid), and checkRead (locate + rules +
// city). Locating is timed apart by locating the same grid once more with a Locator of the
// form's tables (forms/locate.ts, what validateGrid uses); rules ≈ checkRead − that locate.
// The extra locate is not counted in the phases' total.
//
// Then start-up (--startup-runs, default 7; 0 skips it): interleaved whole processes of
// `node -e 0`, `pilot-forms --help`, the floor on one example workbook and `pilot-forms
// validate` of it. Targets: --help under 2× `node -e 0` plus 0.1 s; validate ≤ 3× the floor.
//
// Then the issue-heavy case (--issue-rows, default 100,000; 0 skips it): two city workbooks
// of 服务对象 rows whose phone has too few digits and no e-mail, two errors a row (200,000
// issues for 100,000 rows), merged against the floor on the same two files, as above. Target:
// 100,000 issues under 1 GB peak RSS.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { FileResult } from "../aggregator/check.js";
import type { CheckFilesFn } from "../aggregator/merge/merge.js";
import type { TableDef } from "../forms/tables.js";
import { targetsListXlsx } from "../test/read/helpers.js";
import {
  cityBenchPaths,
  cityInputsAreFresh,
  cityPlan,
  FLOOR_SOURCE,
  resetCityInputs,
  stampCityInputs,
  writeCityFiles,
  CITY_GENERATOR_VERSION,
} from "./bench-files.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin/pilot-forms.js");
const TODAY = "2025-11-25";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "500,5000" },
    runs: { type: "string", default: "2" },
    regenerate: { type: "boolean", default: false },
    // the start-up case: runs of each process (0: skip)
    "startup-runs": { type: "string", default: "7" },
    // the issue-heavy case: two city workbooks with this many rows in all, two issues a row (0: skip)
    "issue-rows": { type: "string", default: "100000" },
    // internal: one generating process (files:lane:lanes), the phases' process (files)
    gen: { type: "string" },
    phases: { type: "string" },
  },
});
const SIZES = args.sizes
  .split(",")
  .map((s) => Number(s.replace(/[_\s]/g, "")))
  .filter((n) => Number.isFinite(n) && n > 0); // --sizes 0: only the issue-heavy case
const RUNS = Math.max(1, Number(args.runs));

const fmtMs = (ms: number) => Math.round(ms).toLocaleString("en-US");
const fmtMb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const fmtKb = (b: number) => `${(b / 1024).toLocaleString("en-US", { maximumFractionDigits: 0 })} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const lib = <T>(rel: string): Promise<T> => import(pathToFileURL(path.join(ROOT, "lib", `${rel}.js`)).href) as Promise<T>;

// ---------------------------------------------------------------------------------------
// Generation: one process per core, each writing every lanes-th file of the same plan

async function genChild(spec: string): Promise<void> {
  const [files, lane, lanes] = spec.split(":").map(Number);
  const { findProfile } = await lib<typeof import("../forms/profiles/index.js")>("forms/profiles/index");
  const { templateBuffer } = await lib<typeof import("../aggregator/template/write.js")>("aggregator/template/write");
  const profile = findProfile("hebei-2025")!;
  await writeCityFiles(profile, cityPlan(profile, files), templateBuffer, lane, lanes);
}

function runNode(argv: string[], inherit = false): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "pipe", inherit ? "inherit" : "pipe"] });
    let out = "";
    let err = "";
    p.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => resolve({ code, out, err }));
  });
}

async function ensureInputs(files: number): Promise<string | undefined> {
  if (cityInputsAreFresh(files) && !args.regenerate) return undefined;
  const lanes = Math.max(1, os.availableParallelism());
  process.stderr.write(`generating ${files} city submissions into ${cityBenchPaths(files).benchDir} (${lanes} processes) …\n`);
  const t0 = performance.now();
  resetCityInputs(files);
  const self = [...process.execArgv, fileURLToPath(import.meta.url)];
  const done = await Promise.all(
    Array.from({ length: lanes }, (_, lane) => runNode([...self, "--gen", `${files}:${lane}:${lanes}`], true)),
  );
  const bad = done.find((d) => d.code !== 0);
  if (bad) throw new Error(`generation failed (exit ${bad.code})`);
  stampCityInputs(files);
  return `generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
}

// ---------------------------------------------------------------------------------------
// Whole processes: wall time and peak RSS

const TIME_BIN = "/usr/bin/time";
const hasTime = existsSync(TIME_BIN);

interface ProcRun {
  ms: number;
  /** Peak RSS, bytes. */
  rss: number;
  code: number | null;
}

function vmHwmOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function measured(argv: string[], tmp: string): Promise<ProcRun> {
  const rssFile = path.join(tmp, "rss.txt");
  rmSync(rssFile, { force: true });
  const [cmd, full] = hasTime ? [TIME_BIN, ["-f", "%M", "-o", rssFile, process.execPath, ...argv]] : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, full, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let err = "";
    let hwm = 0;
    const timer = hasTime ? undefined : setInterval(() => (hwm = Math.max(hwm, vmHwmOf(p.pid!))), 20);
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => {
      const ms = performance.now() - t0;
      if (timer) clearInterval(timer);
      if (hasTime) hwm = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) * 1024;
      if (code !== 0 && code !== 1) reject(new Error(`${argv.join(" ")} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ ms, rss: hwm, code });
    });
  });
}

const floorMain = (floorPath: string, inputDir: string) => `
import { readdirSync } from "node:fs";
import path from "node:path";
const { floorFiles } = await import(${JSON.stringify(pathToFileURL(floorPath).href)});
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
console.log(await floorFiles(walk(${JSON.stringify(inputDir)})));
`;

// ---------------------------------------------------------------------------------------
// The phases: one merge in this (fresh) process, timed piece by piece

interface PhaseReport {
  ms: Record<string, number>;
  files: number;
  rows: number;
  issues: number;
  rollupBytes: number;
  reportBytes: number;
  hwm: number;
  /** Peak RSS once every file is read and checked, before the cross-file steps and the writing. */
  hwmRead: number;
}

/** This process's peak resident set size so far, in bytes. */
function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

async function phasesChild(files: number): Promise<void> {
  const ms: Record<string, number> = {};
  const timeSync = <R>(name: string, f: () => R): R => {
    const t0 = performance.now();
    const r = f();
    ms[name] = (ms[name] ?? 0) + performance.now() - t0;
    return r;
  };
  const time = async <R>(name: string, f: () => Promise<R>): Promise<R> => {
    const t0 = performance.now();
    const r = await f();
    ms[name] = (ms[name] ?? 0) + performance.now() - t0;
    return r;
  };
  const { inputDir } = cityBenchPaths(files);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-scale-phases-"));
  const out = path.join(tmp, "全省汇总.xlsx");
  const jsonOut = path.join(tmp, "report.json");

  const t0 = performance.now();
  const { expandInputs } = await lib<typeof import("../aggregator/inputs.js")>("aggregator/inputs");
  const { findProfile } = await lib<typeof import("../forms/profiles/index.js")>("forms/profiles/index");
  const merge = await lib<typeof import("../aggregator/merge/merge.js")>("aggregator/merge/merge");
  const { rollupBytes } = await lib<typeof import("../aggregator/merge/rollup-write.js")>("aggregator/merge/rollup-write");
  const { jsonReport } = await lib<typeof import("../aggregator/report.js")>("aggregator/report");
  const { nodeSource, outputDirOf } = await lib<typeof import("../aggregator/merge/command.js")>("aggregator/merge/command");
  const { mergeSummary } = await lib<typeof import("../aggregator/merge/run.js")>("aggregator/merge/run");
  const { readWorkbookBytes } = await lib<typeof import("../aggregator/read/read-bytes.js")>("aggregator/read/read-bytes");
  const { checkRead, placeOf } = await lib<typeof import("../aggregator/check.js")>("aggregator/check");
  const { readMeta } = await lib<typeof import("../forms/validate.js")>("forms/validate");
  const { Locator } = await lib<typeof import("../forms/locate.js")>("forms/locate");
  const { tablesForForm } = await lib<typeof import("../forms/tables.js")>("forms/tables");
  const { writeFileAtomic } = await lib<typeof import("../aggregator/write-file.js")>("aggregator/write-file");
  ms["load the code"] = performance.now() - t0;
  const profile = findProfile("hebei-2025")!;

  const inputs = await time("list the folder (expandInputs)", () => expandInputs([inputDir], ROOT, { outputs: [out, jsonOut] }));

  // The CLI's check (checkFileSafely → checkFile → readInput → checkRead), in timed pieces.
  const locators = new Map<string, InstanceType<typeof Locator>>();
  let checkMs = 0;
  const check: CheckFilesFn = async (list, opts) => {
    const c0 = performance.now();
    const results: FileResult[] = [];
    let extraLocate = 0;
    for (const f of list) {
      const bytes = timeSync("read: file bytes (readFileSync)", () => readFileSync(f.abs));
      const read = await time("read: sha256 + unzip + parse (readWorkbookBytes)", () =>
        readWorkbookBytes(bytes, path.basename(f.abs)),
      );
      // Locating apart: before checkRead for one file, after it for the next, so that neither
      // always meets the code cold.
      const locateApart = () => {
        if (!read.ok) return;
        const form = readMeta(read.grid)?.form;
        if (!form) return;
        let locator = locators.get(form);
        if (!locator) {
          const defs: TableDef[] = tablesForForm(profile, form);
          locators.set(form, (locator = new Locator(defs)));
        }
        const l0 = performance.now();
        locator.locate(read.grid);
        extraLocate += performance.now() - l0;
      };
      const before = results.length % 2 === 0;
      if (before) locateApart();
      const r = timeSync("validate: locate + rules + city (checkRead)", () => checkRead(read, placeOf(f), opts));
      if (!before) locateApart();
      results.push({ input: f, ...r });
    }
    ms["  (apart) locate again (Locator.locate)"] = (ms["  (apart) locate again (Locator.locate)"] ?? 0) + extraLocate;
    checkMs += performance.now() - c0 - extraLocate;
    return results;
  };
  const results = await time("readInputs", () =>
    merge.readInputs(inputs.files, { source: nodeSource, profile, today: TODAY, check }),
  );
  const hwmRead = peakRss();
  ms["read: sha256 of every input (readInputs' duplicates)"] =
    ms.readInputs - checkMs - ms["  (apart) locate again (Locator.locate)"];
  delete ms.readInputs;

  timeSync("cross: assignCities", () => merge.assignCities(results, profile, (f) => nodeSource.place(f)));
  await time("cross: markResubmissions", () => merge.markResubmissions(results, merge.modifiedTimes(nodeSource)));
  const extra = timeSync("cross: cityIssues + crossFileIssues", () => [
    ...merge.cityIssues(results, profile),
    ...merge.crossFileIssues(results, profile),
  ]);
  const rollup = timeSync("write: buildRollupData", () =>
    merge.buildRollupData(
      profile,
      results,
      extra,
      inputs.skipped.map((s) => ({ path: s.display, reason: s.reason })),
      outputDirOf(out),
    ),
  );
  const bytes = await time("write: rollupBytes (the workbook)", () => rollupBytes(rollup));
  const report = timeSync(
    "write: jsonReport (the --json text)",
    () => JSON.stringify(jsonReport(results, extra, profile.id, inputs.skipped, merge.cityReports(rollup)), null, 2) + "\n",
  );
  timeSync("write: mergeSummary (the terminal table)", () => mergeSummary(results, rollup.issues, rollup.cities));
  await time("write: the two files (writeFileAtomic)", async () => {
    await writeFileAtomic(out, bytes);
    await writeFileAtomic(jsonOut, report);
  });
  const rows = results.reduce((n, r) => n + Object.values(r.validation?.rows ?? {}).reduce((a, b) => a + (b ?? 0), 0), 0);
  const rep: PhaseReport = {
    ms,
    files: results.length,
    rows,
    issues: rollup.issues.length,
    rollupBytes: bytes.byteLength,
    reportBytes: Buffer.byteLength(report),
    hwm: peakRss(),
    hwmRead,
  };
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(rep)}\n`);
}

// ---------------------------------------------------------------------------------------

interface SizeResult {
  files: number;
  floor: ProcRun[];
  merge: ProcRun[];
  rollupBytes: number;
  reportBytes: number;
  phases: PhaseReport;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function newest(dir: string, suffix: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, suffix));
    else if (e.name.endsWith(suffix)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Phase groups of the summary table: read, locate, rules, cross, write. */
function groups(p: PhaseReport): { read: number; locate: number; rules: number; cross: number; write: number; total: number } {
  let read = 0;
  let cross = 0;
  let write = 0;
  for (const [k, v] of Object.entries(p.ms)) {
    if (k.startsWith("read:")) read += v;
    else if (k.startsWith("cross:")) cross += v;
    else if (k.startsWith("write:")) write += v;
  }
  const locate = p.ms["  (apart) locate again (Locator.locate)"] ?? 0;
  const rules = (p.ms["validate: locate + rules + city (checkRead)"] ?? 0) - locate;
  const total = Object.entries(p.ms)
    .filter(([k]) => !k.startsWith("  (apart)"))
    .reduce((a, [, v]) => a + v, 0);
  return { read, locate, rules, cross, write, total };
}

/**
 * RUNS interleaved runs (order rotated) of the floor and `pilot-forms merge` on one folder,
 * each a whole process; `merged` is called with the outputs after each merge.
 */
async function floorAndMerge(
  label: string,
  floorPath: string,
  inputDir: string,
  merged: (out: string, json: string) => void,
): Promise<{ floor: ProcRun[]; merge: ProcRun[] }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-scale-"));
  const floor: ProcRun[] = [];
  const merge: ProcRun[] = [];
  try {
    const out = path.join(tmp, "全省汇总.xlsx");
    const json = path.join(tmp, "report.json");
    const jobs: [string, () => Promise<void>][] = [
      ["floor", async () => void floor.push(await measured(["--input-type=module", "-e", floorMain(floorPath, inputDir)], tmp))],
      [
        "merge",
        async () => {
          merge.push(await measured([BIN, "merge", inputDir, "-o", out, "--json", json, "--profile", "hebei-2025"], tmp));
          merged(out, json);
        },
      ],
    ];
    for (let r = 0; r < RUNS; r++)
      for (let k = 0; k < jobs.length; k++) {
        const [name, job] = jobs[(k + r) % jobs.length];
        process.stderr.write(`  ${label}: run ${r + 1}/${RUNS}: ${name} …\n`);
        await job();
      }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { floor, merge };
}

async function measureSize(files: number): Promise<SizeResult> {
  const { benchDir, inputDir, floorPath } = cityBenchPaths(files);
  const gen = await ensureInputs(files);
  writeFileSync(floorPath, FLOOR_SOURCE);
  const paths = filesUnder(inputDir);
  let bytes = 0;
  for (const p of paths) bytes += readFileSync(p).length; // also brings them into the OS's cache
  const forms = new Map<string, number>();
  for (const p of paths) {
    const kind = path
      .basename(p)
      .replace(/^\d+-/, "")
      .replace(/-[\d-]+\.xlsx$/, "");
    forms.set(kind, (forms.get(kind) ?? 0) + 1);
  }
  const cities = readdirSync(inputDir).length;
  console.log(
    `\n== ${files.toLocaleString("en-US")} files: ${fmtMb(bytes)} on disk, ${cities} city folders, ${[...forms].map(([k, n]) => `${k} ${n}`).join(", ")}${gen ? `; ${gen}` : ""}`,
  );
  console.log(`   ${benchDir} (generator v${CITY_GENERATOR_VERSION})`);

  let rollupBytes = 0;
  let reportBytes = 0;
  const { floor, merge } = await floorAndMerge(String(files), floorPath, inputDir, (out, json) => {
    rollupBytes = statSync(out).size;
    reportBytes = statSync(json).size;
  });
  process.stderr.write(`  ${files}: phases …\n`);
  const ph = await runNode([...process.execArgv, fileURLToPath(import.meta.url), "--phases", String(files)]);
  if (ph.code !== 0) throw new Error(`the phases' process exited ${ph.code}: ${ph.err.slice(-2000)}`);
  const phases = JSON.parse(ph.out.trim().split("\n").pop() ?? "") as PhaseReport;

  const row = (label: string, xs: ProcRun[], ref: ProcRun[]) =>
    console.log(
      `   ${label.padEnd(44)} ${xs.map((x) => fmtMs(x.ms).padStart(8)).join(" ")} ${fmtMs(median(xs.map((x) => x.ms))).padStart(8)} ${(median(xs.map((x) => x.ms)) / median(ref.map((x) => x.ms))).toFixed(2).padStart(7)}×  ${fmtMb(Math.max(...xs.map((x) => x.rss))).padStart(8)}`,
    );
  console.log(
    `   ${"whole process, wall ms".padEnd(44)} ${Array.from({ length: RUNS }, (_, i) => `run ${i + 1}`.padStart(8)).join(" ")} ${"median".padStart(8)} ${"× floor".padStart(8)}  ${"peak RSS".padStart(8)}`,
  );
  row("(a) floor: node, read + unzip + saxes", floor, floor);
  row(`(b) pilot-forms merge (exit ${merge[0].code})`, merge, floor);
  console.log(
    `   outputs: roll-up ${fmtKb(rollupBytes)} (${(rollupBytes / files / 1024).toFixed(2)} KB per input), --json report ${fmtKb(reportBytes)} (${(reportBytes / files / 1024).toFixed(2)} KB per input); ${phases.rows.toLocaleString("en-US")} data rows, ${phases.issues.toLocaleString("en-US")} issues`,
  );
  const g = groups(phases);
  console.log(
    `   phases (one more merge in a fresh process, lib/, cold; total ${fmtMs(g.total)} ms, peak RSS ${fmtMb(phases.hwm)}, ${fmtMb(phases.hwmRead)} when every file is read):`,
  );
  for (const [k, v] of Object.entries(phases.ms)) {
    const apart = k.startsWith("  (apart)");
    console.log(
      `     ${k.padEnd(56)} ${fmtMs(v).padStart(8)} ms ${apart ? "       " : `${((100 * v) / g.total).toFixed(1).padStart(5)} %`} ${((1000 * v) / files).toFixed(0).padStart(6)} µs/file`,
    );
  }
  return { files, floor, merge, rollupBytes, reportBytes, phases };
}

// ---------------------------------------------------------------------------------------
// Start-up: one workbook, and --help

const STARTUP_FILE = path.join(ROOT, "examples/hebei-2025/保定市/试点工作方案（服务机构）.xlsx");

async function measureStartup(runs: number): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-startup-"));
  try {
    const one = path.join(tmp, "one");
    mkdirSync(one);
    writeFileSync(path.join(one, path.basename(STARTUP_FILE)), readFileSync(STARTUP_FILE));
    const floorPath = path.join(tmp, "floor.mjs");
    writeFileSync(floorPath, FLOOR_SOURCE);
    const kinds: [string, string[]][] = [
      ["node -e 0", ["-e", "0"]],
      ["pilot-forms --help", [BIN, "--help"]],
      ["floor: one workbook", ["--input-type=module", "-e", floorMain(floorPath, one)]],
      ["pilot-forms validate <that workbook>", [BIN, "validate", path.join(one, path.basename(STARTUP_FILE))]],
    ];
    const ms: number[][] = kinds.map(() => []);
    for (let r = 0; r < runs; r++)
      for (let k = 0; k < kinds.length; k++) {
        const i = (k + r) % kinds.length;
        ms[i].push((await measured(kinds[i][1], tmp)).ms);
      }
    const [node, help, floor, validate] = ms.map(median);
    console.log(`\n== start-up: ${runs} interleaved runs of each whole process (medians), ${path.relative(ROOT, STARTUP_FILE)}`);
    kinds.forEach(([label], i) => console.log(`   ${label.padEnd(44)} ${fmtMs(median(ms[i])).padStart(8)} ms`));
    const helpLimit = 2 * node + 100;
    console.log(
      `   --help ${fmtMs(help)} ms — target < 2 × node -e 0 + 100 ms = ${fmtMs(helpLimit)} ms: ${help < helpLimit ? "met" : "NOT met"}`,
    );
    console.log(
      `   validate ${(validate / floor).toFixed(2)}× the floor on that workbook — target ≤ 3×: ${validate <= 3 * floor ? "met" : "NOT met"}`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// The issue-heavy case

const ISSUE_GENERATOR_VERSION = 1;

/** Two 服务对象 workbooks (廊坊市, 保定市) of rows/2 rows each, every row with two errors; cached in $TMPDIR. */
function issueInputs(rows: number): { dir: string; inputDir: string } {
  const dir = path.join(os.tmpdir(), `pilot-forms-bench-issues-v${ISSUE_GENERATOR_VERSION}-${rows}`);
  const inputDir = path.join(dir, "in");
  const done = path.join(dir, "complete.json");
  if (existsSync(done) && !args.regenerate) return { dir, inputDir };
  rmSync(dir, { recursive: true, force: true });
  ["廊坊市", "保定市"].forEach((city, k) => {
    const cityDir = path.join(inputDir, city);
    mkdirSync(cityDir, { recursive: true });
    // a phone with too few digits and no e-mail: two errors a row
    const xlsx = targetsListXlsx(rows / 2, (i) => ({
      name: `${city}某某制造${i}有限公司`,
      contact: `138${String(i).padStart(5, "0")}`,
    }));
    writeFileSync(path.join(cityDir, `服务对象-${k + 1}.xlsx`), xlsx);
  });
  writeFileSync(done, JSON.stringify({ rows, version: ISSUE_GENERATOR_VERSION }));
  return { dir, inputDir };
}

interface IssueResult {
  rows: number;
  issues: number;
  floor: ProcRun[];
  merge: ProcRun[];
}

async function measureIssues(rows: number): Promise<IssueResult> {
  const { dir, inputDir } = issueInputs(rows);
  const floorPath = path.join(dir, "floor.mjs");
  writeFileSync(floorPath, FLOOR_SOURCE);
  console.log(`\n== issue-heavy: ${rows.toLocaleString("en-US")} 服务对象 rows in two city workbooks, two errors a row (${dir})`);
  let issues = 0;
  const { floor, merge } = await floorAndMerge("issue-heavy", floorPath, inputDir, (_, json) => {
    const { totals } = JSON.parse(readFileSync(json, "utf8")) as { totals: { errors: number; warnings: number; infos: number } };
    issues = totals.errors + totals.warnings + totals.infos;
  });
  const fm = median(floor.map((x) => x.ms));
  const mm = median(merge.map((x) => x.ms));
  const rss = Math.max(...merge.map((x) => x.rss));
  console.log(
    `   floor ${fmtMs(fm)} ms (${fmtMb(Math.max(...floor.map((x) => x.rss)))}), merge ${fmtMs(mm)} ms: ${(mm / fm).toFixed(2)}× the floor, ${issues.toLocaleString("en-US")} issues, peak RSS ${fmtMb(rss)} — target 100,000 issues < 1 GB: ${issues >= 100_000 ? (rss < 1024 ** 3 ? "met" : "NOT met") : "- (fewer issues)"}`,
  );
  return { rows, issues, floor, merge };
}

async function main(): Promise<void> {
  const issueRows = Math.max(0, Number(args["issue-rows"]) || 0);
  const startupRuns = Math.max(0, Number(args["startup-runs"]) || 0);
  const flags = `${args.sizes !== "500,5000" ? ` --sizes ${args.sizes}` : ""}${RUNS !== 2 ? ` --runs ${RUNS}` : ""}${issueRows !== 100_000 ? ` --issue-rows ${issueRows}` : ""}${startupRuns !== 7 ? ` --startup-runs ${startupRuns}` : ""}`;
  console.log(`pilot-forms merge of small city submissions (issue 13) — command: npx tsx scripts/bench-scale.ts${flags}`);
  console.log(
    `machine: ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg()[0].toFixed(2)} at start`,
  );
  if (!existsSync(path.join(ROOT, "lib/aggregator/cli.js"))) throw new Error("lib/ is missing: run `npm run build:cli` first");
  const stale =
    newest(path.join(ROOT, "lib"), ".js") <
    Math.max(newest(path.join(ROOT, "aggregator"), ".ts"), newest(path.join(ROOT, "forms"), ".ts"));
  console.log(
    `code: lib/ (compiled, as the CLI runs it)${stale ? " — NOTE: older than the sources; run `npm run build:cli`" : ""}; peak RSS: ${hasTime ? "/usr/bin/time's maximum resident set size" : "VmHWM sampled every 20 ms"}; ${RUNS} interleaved runs per size, order rotated`,
  );
  const all: SizeResult[] = [];
  for (const files of SIZES) all.push(await measureSize(files));
  if (startupRuns) await measureStartup(startupRuns);
  if (issueRows) await measureIssues(issueRows);
  if (!all.length) return;

  console.log(`\nSummary (medians; load average ${os.loadavg()[0].toFixed(2)} at the end)`);
  const cols = [
    "files",
    "floor ms",
    "merge ms",
    "× floor",
    "floor RSS",
    "merge RSS",
    "roll-up",
    "report",
    "read",
    "locate",
    "rules",
    "cross",
    "write",
  ];
  const w = [7, 9, 9, 8, 10, 10, 10, 10, 8, 8, 8, 8, 8];
  console.log(`   ${cols.map((c, i) => c.padStart(w[i])).join(" ")}`);
  for (const r of all) {
    const fm = median(r.floor.map((x) => x.ms));
    const mm = median(r.merge.map((x) => x.ms));
    const g = groups(r.phases);
    const cells = [
      r.files.toLocaleString("en-US"),
      fmtMs(fm),
      fmtMs(mm),
      `${(mm / fm).toFixed(2)}×`,
      fmtMb(Math.max(...r.floor.map((x) => x.rss))),
      fmtMb(Math.max(...r.merge.map((x) => x.rss))),
      fmtKb(r.rollupBytes),
      fmtKb(r.reportBytes),
      fmtMs(g.read),
      fmtMs(g.locate),
      fmtMs(g.rules),
      fmtMs(g.cross),
      fmtMs(g.write),
    ];
    console.log(`   ${cells.map((c, i) => c.padStart(w[i])).join(" ")}`);
  }
  console.log(
    "   (read, locate, rules, cross, write: ms in the phases' process; rules = checkRead − locate (rules, city, issue sorting); targets: 500 files ≤ 3× the floor; 15,000 files ≤ 3× and < 1 GB peak RSS)",
  );
  for (const r of all) {
    const ratio = median(r.merge.map((x) => x.ms)) / median(r.floor.map((x) => x.ms));
    const rss = Math.max(...r.merge.map((x) => x.rss));
    const target = r.files <= 500 ? "≤ 3×" : r.files >= 15_000 ? "≤ 3× and < 1 GB" : "(no target)";
    const ok = ratio <= 3 && (r.files < 15_000 || rss < 1024 ** 3);
    console.log(
      `   ${r.files.toLocaleString("en-US").padStart(7)} files: ${ratio.toFixed(2)}× the floor, peak RSS ${fmtMb(rss)} — target ${target}: ${target === "(no target)" ? "-" : ok ? "met" : "NOT met"}`,
    );
  }
}

if (args.gen) await genChild(args.gen);
else if (args.phases) await phasesChild(Number(args.phases));
else await main();

// The offline page's merge against the CLI's (issue 10): bench-merge.ts's generated city
// workbooks (500 by default) merged (a) by `pilot-forms merge` as a whole process, and (b) in
// the page (dist/web/index.html, opened from file:// in Debian's Chromium: the folder chosen,
// 汇总 clicked, until the result is shown), each against (c) the floor: a `node` process that
// only reads every file's bytes, unzips and SAX-parses its sheets (bench-merge.ts's floor, one
// thread), building nothing.
//
//   npx tsx scripts/bench-page.ts [--files 500] [--runs 3]
//
// Whole process against whole process, interleaved: each run measures the three in turn (the
// order rotated from run to run). The CLI is lib/ (`npm run build:cli`, which `npm run bench`
// runs first), started as `node bin/pilot-forms.js merge <folder> -o <tmp>/x.xlsx --profile
// hebei-2025`. The page gets a fresh Chromium per run (launched, a new context, the page
// opened); it is timed from the click on 汇总 to the result, and whole, from the launch of the
// browser to the result. The page is built once (production, as `npm run build`), not timed.
//
// Also checked: the page's roll-up download equals, byte for byte, what the CLI writes run
// beside the folder (cwd its parent, `merge hebei-2025 -o 全省汇总.xlsx`); both use today's date.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { templateBuffer } from "../aggregator/template/write.js";
import { findProfile } from "../forms/profiles/index.js";
import { launchChromium, ROOT } from "../test/browser/harness.js";
import { buildPage } from "../test/browser/page-build.js";
import { benchPaths, FLOOR_SOURCE, generateInputs, inputsAreFresh } from "./bench-files.js";

const { values: args } = parseArgs({
  options: {
    files: { type: "string", default: "500" },
    runs: { type: "string", default: "3" },
  },
});
const FILES = Math.max(1, Number(args.files));
const RUNS = Math.max(1, Number(args.runs));
const { benchDir, inputDir, floorPath } = benchPaths(FILES);
const BIN = path.join(ROOT, "bin/pilot-forms.js");

/** Every file under `dir` (all are workbooks: the Word-named copies hold a workbook too, and the CLI reads them). */
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

/** Run a process to its end; its wall time from spawn to exit, ms. */
function timed(argv: string[], cwd = ROOT): Promise<{ ms: number; code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, argv, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => resolve({ ms: performance.now() - t0, code, out, err }));
  });
}

// (c) The floor as its own process: bench-merge.ts's floor.mjs over every file, one thread.
const FLOOR_MAIN = `
import { readdirSync } from "node:fs";
import path from "node:path";
const { floorFiles } = await import(${JSON.stringify(pathToFileURL(floorPath).href)});
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
console.log(await floorFiles(walk(${JSON.stringify(inputDir)})));
`;

async function floorRun(): Promise<number> {
  const r = await timed(["--input-type=module", "-e", FLOOR_MAIN]);
  if (r.code !== 0) throw new Error(`the floor exited ${r.code}: ${r.err}`);
  return r.ms;
}

let cliCode: number | null = null;
async function cliRun(tmp: string): Promise<number> {
  const r = await timed([BIN, "merge", inputDir, "-o", path.join(tmp, "x.xlsx"), "--profile", "hebei-2025"]);
  // 0, or 1 when the roll-up has errors to report (the generated inputs keep a few problems).
  if (r.code !== 0 && r.code !== 1) throw new Error(`pilot-forms merge exited ${r.code}: ${r.err}`);
  cliCode = r.code;
  return r.ms;
}

interface PageTimes {
  /** Browser launch → page ready. */
  openMs: number;
  /** setInputFiles with the folder. */
  chooseMs: number;
  /** Click on 汇总 → merge-result shown. */
  clickMs: number;
  /** Browser launch → merge-result shown. */
  totalMs: number;
}

let browserVersion = "";
let rollupFromPage: Buffer | undefined;
async function pageRun(url: string, download: boolean): Promise<PageTimes> {
  const t0 = performance.now();
  const browser = await launchChromium();
  try {
    browserVersion = browser.version();
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
    const tOpen = performance.now();
    await page.setInputFiles("[data-testid=folder]", inputDir);
    const tChosen = performance.now();
    await page.click("[data-testid=merge]");
    await page.waitForSelector("[data-testid=merge-result], [data-testid=message]:not([hidden])", { timeout: 900_000 });
    const tDone = performance.now();
    if ((await page.locator("[data-testid=merge-result]").count()) !== 1)
      throw new Error(
        `the page showed no result: ${await page.locator("[data-testid=message]").textContent()} ${errors.join("; ")}`,
      );
    if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
    if (download) {
      const [d] = await Promise.all([
        page.waitForEvent("download", { timeout: 120_000 }),
        page.click("[data-testid=download-rollup]"),
      ]);
      rollupFromPage = readFileSync(await d.path());
    }
    return { openMs: tOpen - t0, chooseMs: tChosen - tOpen, clickMs: tDone - tChosen, totalMs: tDone - t0 };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const best = (xs: number[]) => Math.min(...xs);
const fmtMs = (ms: number) => Math.round(ms).toLocaleString("en-US");
const localDate = () => new Date().toLocaleDateString("sv-SE");

async function main(): Promise<void> {
  const flags = `${FILES !== 500 ? ` --files ${FILES}` : ""}${RUNS !== 3 ? ` --runs ${RUNS}` : ""}`;
  console.log(`pilot-forms page merge benchmark — command: npx tsx scripts/bench-page.ts${flags}`);
  console.log(
    `machine: ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg()[0].toFixed(2)} at start`,
  );
  if (!existsSync(path.join(ROOT, "lib/aggregator/cli.js"))) throw new Error("lib/ is missing: run `npm run build:cli` first");
  const libAge = newest(path.join(ROOT, "lib"), ".js");
  const srcAge = Math.max(newest(path.join(ROOT, "aggregator"), ".ts"), newest(path.join(ROOT, "forms"), ".ts"));
  console.log(`CLI: lib/ (compiled)${libAge < srcAge ? " — NOTE: older than the sources; run `npm run build:cli`" : ""}`);

  const profile = findProfile("hebei-2025")!;
  if (!inputsAreFresh(FILES)) {
    const t0 = performance.now();
    process.stderr.write(`generating ${FILES} workbooks into ${benchDir} …\n`);
    await generateInputs(profile, FILES, templateBuffer);
    console.log(`inputs: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  writeFileSync(floorPath, FLOOR_SOURCE);
  const paths = filesUnder(inputDir);
  const named = paths.filter((p) => !p.endsWith(".xlsx")).length;
  let bytes = 0;
  for (const p of paths) bytes += readFileSync(p).length; // also brings them into the OS's cache
  console.log(
    `inputs: ${paths.length} workbooks (${named} of them named .docx, as the example filled in Word, holding a workbook), ${(bytes / 1024 / 1024).toFixed(0)} MB, in ${inputDir} (scripts/bench-files.ts, as bench-merge.ts)`,
  );

  process.stderr.write("building the page (webpack --mode production --env web) …\n");
  const t0 = performance.now();
  const web = buildPage();
  const html = path.join(web, "index.html");
  console.log(
    `page: built in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed), ${(statSync(html).size / 1024).toFixed(0)} KB, opened from file://`,
  );
  const url = pathToFileURL(html).href;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-page-"));

  const floor: number[] = [];
  const cli: number[] = [];
  const pages: PageTimes[] = [];
  const dateBefore = localDate();
  try {
    const jobs: [string, () => Promise<void>][] = [
      ["floor", async () => void floor.push(await floorRun())],
      ["CLI", async () => void cli.push(await cliRun(tmp))],
      ["page", async () => void pages.push(await pageRun(url, pages.length === 0))],
    ];
    for (let r = 0; r < RUNS; r++) {
      for (let k = 0; k < jobs.length; k++) {
        const [name, job] = jobs[(k + r) % jobs.length];
        process.stderr.write(`  run ${r + 1}/${RUNS}: ${name} …\n`);
        await job();
      }
    }

    // The CLI beside the folder, as an officer runs it, for the roll-up's bytes.
    const rollupPath = path.join(benchDir, "全省汇总.xlsx");
    rmSync(rollupPath, { force: true });
    const beside = spawnSync(process.execPath, [BIN, "merge", path.basename(inputDir), "-o", "全省汇总.xlsx"], {
      cwd: benchDir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (beside.status !== 0 && beside.status !== 1)
      throw new Error(`pilot-forms merge (beside) exited ${beside.status}: ${beside.stderr}`);
    const want = readFileSync(rollupPath);
    rmSync(rollupPath, { force: true });
    const dateAfter = localDate();

    const floorMed = median(floor);
    const floorBest = best(floor);
    const rows: [string, number[]][] = [
      ["(c) floor: node, read + unzip + saxes, 1 thread", floor],
      [`(a) CLI: pilot-forms merge (exit ${cliCode}), whole process`, cli],
      ["(b) page: click merge → result", pages.map((p) => p.clickMs)],
      ["(b) page: browser launch → result", pages.map((p) => p.totalMs)],
      ["    (info) page: launch + new context + open", pages.map((p) => p.openMs)],
      ["    (info) page: choose the folder (setInputFiles)", pages.map((p) => p.chooseMs)],
    ];
    console.log(`load average at the end: ${os.loadavg()[0].toFixed(2)}`);
    console.log(`browser: Chromium ${browserVersion} (/usr/bin/chromium, headless), a fresh browser and context per run`);
    console.log(`\nResults: ${paths.length} files, ${RUNS} interleaved runs (order rotated per run); wall time, ms`);
    console.log(
      `   ${"".padEnd(52)} ${"median".padStart(8)} ${"best".padStart(8)} ${"× floor".padStart(8)} ${"(best)".padStart(8)}`,
    );
    for (const [label, xs] of rows) {
      const m = median(xs);
      const b = best(xs);
      console.log(
        `   ${label.padEnd(52)} ${fmtMs(m).padStart(8)} ${fmtMs(b).padStart(8)} ${(m / floorMed).toFixed(2).padStart(7)}× ${(b / floorBest).toFixed(2).padStart(7)}×`,
      );
    }
    const cliMed = median(cli);
    const cliBest = best(cli);
    const ratio = (xs: number[]) => `${(median(xs) / cliMed).toFixed(2)}× (median), ${(best(xs) / cliBest).toFixed(2)}× (best)`;
    console.log(`\npage ÷ CLI: click → result ${ratio(pages.map((p) => p.clickMs))}`);
    console.log(`            browser launch → result ${ratio(pages.map((p) => p.totalMs))}`);
    console.log(
      `(the CLI reads with a pool of ${os.availableParallelism()} worker threads; the page merges in one Web Worker; the floor is one thread)`,
    );
    const same = rollupFromPage !== undefined && rollupFromPage.equals(want);
    console.log(
      `\nroll-up identical: ${same ? "yes" : "no"} (the page's 全省汇总.xlsx download, ${rollupFromPage?.length ?? 0} bytes, against \`pilot-forms merge hebei-2025 -o 全省汇总.xlsx\` run in ${benchDir}, ${want.length} bytes${dateAfter !== dateBefore ? "; NOTE: the date changed during the run" : ""})`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(web, { recursive: true, force: true });
  }
}

await main();

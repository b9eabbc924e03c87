// The merge benchmarks' inputs, shared by scripts/bench-merge.ts and scripts/bench-page.ts:
// `files` generated city workbooks (the templates filled with scripts/example-data.ts's
// submissions, varied per copy and spread over the profile's cities) in
// $TMPDIR/pilot-forms-bench-merge-v<version>-<files>/hebei-2025/, generated once and reused,
// and the floor's plain-JavaScript module written beside them (floor.mjs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Profile } from "../forms/profile.js";
import { buildExamples, prng, type ExampleFile } from "./example-data.js";

export const GENERATOR_VERSION = 1;

export interface BenchPaths {
  /** $TMPDIR/pilot-forms-bench-merge-v<version>-<files>/ */
  benchDir: string;
  /** The folder merged: benchDir/hebei-2025, one subfolder per city. */
  inputDir: string;
  /** Written when the generation is complete: { version, files }. */
  stamp: string;
  /** The floor's module (FLOOR_SOURCE). */
  floorPath: string;
}

export function benchPaths(files: number): BenchPaths {
  const benchDir = path.join(os.tmpdir(), `pilot-forms-bench-merge-v${GENERATOR_VERSION}-${files}`);
  return {
    benchDir,
    inputDir: path.join(benchDir, "hebei-2025"),
    stamp: path.join(benchDir, "complete.json"),
    floorPath: path.join(benchDir, "floor.mjs"),
  };
}

/** Whether the `files` workbooks were generated completely, by this generator version. */
export function inputsAreFresh(files: number): boolean {
  try {
    const s = JSON.parse(readFileSync(benchPaths(files).stamp, "utf8")) as { version: number; files: number };
    return s.version === GENERATOR_VERSION && s.files === files;
  } catch {
    return false;
  }
}

function shortName(city: string): string {
  return city.replace(/(市|新区)$/, "");
}

/** Copy k of an example submission, moved to `city` and varied (names, sizes) so that no two files are alike. */
function variant(file: ExampleFile, k: number, city: string): ExampleFile["data"] {
  const rnd = prng(9000 + k);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const swap = <T>(v: T): T =>
    (typeof v === "string" ? v.replaceAll(file.city, city).replaceAll(shortName(file.city), shortName(city)) : v) as T;
  const data = structuredClone(file.data);
  for (const table of Object.values(data.kv ?? {})) {
    if (!table) continue;
    for (const key of Object.keys(table)) table[key] = swap(table[key]);
    if (typeof table.address === "string") table.address = `${city}某某路${100 + k}号`;
  }
  for (const [id, rows] of Object.entries(data.lists ?? {})) {
    if (!rows) continue;
    for (const row of rows) for (const key of Object.keys(row)) row[key] = swap(row[key]);
    if (id === "targets" && rows.length) {
      // 8 to 80 service targets: rows dropped or repeated (repeats renamed), renumbered.
      const n = int(8, 80);
      const out = [];
      for (let i = 0; i < n; i++) {
        const r = { ...rows[i % rows.length] };
        if (i >= rows.length && typeof r.name === "string") r.name = r.name.replace(/有限公司$/, `${i}号分厂有限公司`);
        r.seq = i + 1;
        out.push(r);
      }
      data.lists!.targets = out;
    }
  }
  if (data.lines) for (const key of Object.keys(data.lines)) data.lines[key] = swap(data.lines[key]);
  return data;
}

export type TemplateBuffer = typeof import("../aggregator/template/write.js").templateBuffer;

/** (Re)generate the `files` workbooks with `templateBuffer` (aggregator/template/write's, from lib/ or the sources). */
export async function generateInputs(profile: Profile, files: number, templateBuffer: TemplateBuffer): Promise<void> {
  const { benchDir, inputDir, stamp } = benchPaths(files);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });
  const examples = buildExamples().files;
  const cities = profile.cities.map((c) => c.name);
  const t0 = performance.now();
  for (let k = 0; k < files; k++) {
    const base = examples[k % examples.length];
    const city = cities[k % cities.length];
    const dir = path.join(inputDir, city);
    await mkdir(dir, { recursive: true });
    const name = `${String(k).padStart(3, "0")}-${path.basename(base.path)}`;
    await writeFile(path.join(dir, name), await templateBuffer(profile, base.form, variant(base, k, city)));
    if ((k + 1) % 100 === 0)
      process.stderr.write(`  generated ${k + 1}/${files} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  writeFileSync(stamp, JSON.stringify({ version: GENERATOR_VERSION, files }));
}

// ---------------------------------------------------------------------------------------
// The floor: read each file, unzip (central directory + inflateRawSync, the fastest way
// measured) and SAX-parse (saxes, the parser exceljs uses) every worksheet part and
// xl/sharedStrings.xml, building nothing. Plain JavaScript, written beside the inputs, so
// that the main thread and the worker threads run exactly the same code.

const saxesUrl = pathToFileURL(createRequire(import.meta.url).resolve("saxes")).href;
export const FLOOR_SOURCE = `// Written by scripts/bench-merge.ts.
import { readFile } from "node:fs/promises";
import zlib from "node:zlib";
import { parentPort, workerData } from "node:worker_threads";
import saxes from ${JSON.stringify(saxesUrl)};
const { SaxesParser } = saxes;

export function parts(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const n = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nl = buf.readUInt16LE(at + 28), xl = buf.readUInt16LE(at + 30), cl = buf.readUInt16LE(at + 32);
    const lho = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nl);
    if (/^xl\\/worksheets\\/[^/]+\\.xml$/.test(name) || name === "xl/sharedStrings.xml") {
      const s = lho + 30 + buf.readUInt16LE(lho + 26) + buf.readUInt16LE(lho + 28);
      const data = buf.subarray(s, s + csize);
      out.push((method === 0 ? data : zlib.inflateRawSync(data)).toString("utf8"));
    }
    at += 46 + nl + xl + cl;
  }
  return out;
}

const noop = () => {};
export function saxFloor(buf) {
  let n = 0;
  for (const xml of parts(buf)) {
    const p = new SaxesParser();
    p.on("opentag", noop);
    p.on("text", noop);
    p.on("closetag", noop);
    p.write(xml).close();
    n += xml.length;
  }
  return n;
}

export async function floorFiles(files, each = saxFloor) {
  let chars = 0;
  for (const f of files) chars += each(await readFile(f));
  return chars;
}

if (parentPort && workerData && workerData.floorFiles) {
  floorFiles(workerData.floorFiles).then((chars) => parentPort.postMessage(chars));
}
`;

export interface FloorModule {
  parts(buf: Buffer): string[];
  floorFiles(files: string[], each?: (buf: Buffer) => number): Promise<number>;
}

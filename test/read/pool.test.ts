// The worker pool (aggregator/read/pool.ts): the same results as checkFile one file after
// another, in input order; a worker that dies on a file costs only that file; workers start
// from the TypeScript sources here (tsx) and from lib/ (the compiled CLI).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProfile } from "../../forms/profiles/index.js";
import { parseProfile } from "../../forms/profile-schema.js";
import { checkFile, type FileResult } from "../../aggregator/check.js";
import { expandInputs, type InputFile } from "../../aggregator/inputs.js";
import { checkFiles, poolStats } from "../../aggregator/read/pool.js";
import { makeTempDir } from "./helpers.js";

const profile = findProfile("hebei-2025")!;
const today = "2025-11-25";
const tmp = makeTempDir("pilot-forms-pool-");
afterAll(() => tmp.cleanup());

let inputs: InputFile[];
let sequential: FileResult[];

beforeAll(async () => {
  inputs = (await expandInputs(["examples"])).files;
  sequential = [];
  for (const f of inputs) sequential.push(await checkFile(f, { profile, today }));
}, 120_000);

describe("checkFiles", () => {
  it("gives checkFile's results, in input order, from worker threads (tsx here)", async () => {
    const progress: number[] = [];
    const results = await checkFiles(inputs, {
      profile,
      today,
      workers: 2,
      onProgress: (done, total) => progress.push(done, total),
    });
    expect(poolStats.mode).toBe("tsx");
    expect(poolStats.startError).toBeUndefined();
    expect(results.map((r) => r.input)).toEqual(inputs);
    expect(results).toEqual(sequential);
    for (let i = 0; i < results.length; i++) expect(results[i].profile).toBe(sequential[i].profile);
    expect(progress.filter((_, i) => i % 2 === 0)).toEqual(inputs.map((_, i) => i + 1));
    expect(results.some((r) => r.status === "unreadable")).toBe(true); // the .xls
  }, 120_000);

  it("checks in this thread with workers: 0, and for no files returns nothing", async () => {
    expect(await checkFiles(inputs.slice(0, 3), { profile, today, workers: 0 })).toEqual(sequential.slice(0, 3));
    expect(await checkFiles([], { profile, today })).toEqual([]);
  });

  it("passes a profile that is not built in by its data, and gives the same object back", async () => {
    const custom = parseProfile({ ...JSON.parse(JSON.stringify(profile)), id: "hebei-2025-test" }, "hebei-2025-test");
    const hand = inputs.filter((f) => f.abs.includes("手工录入"));
    expect(hand).toHaveLength(1);
    const [r] = await checkFiles(hand, { profile: custom, today, workers: 1 });
    expect(r.profile).toBe(custom);
    expect(r.validation?.rows.targets).toBe(sequential[inputs.indexOf(hand[0])].validation?.rows.targets);
  }, 60_000);

  it("a file that kills its worker is unreadable; the others are checked", async () => {
    // No real file reliably kills a worker any more (the readers bound their memory; the
    // merge-over-the-whole-sheet bomb that once exhausted exceljs is now read): the worker's
    // test hook ends the thread on this file, as an out-of-memory death would.
    const bomb = tmp.file("合并炸弹.xlsx", readFileSync(inputs[0].abs));
    process.env.PILOT_FORMS_TEST_WORKER_CRASH_ON = "合并炸弹.xlsx";
    const files: InputFile[] = [inputs[0], { display: "合并炸弹.xlsx", abs: bomb, root: tmp.dir }, inputs[1], inputs[2]];
    const crashedBefore = poolStats.crashed;
    const results = await checkFiles(files, { profile, today, workers: 1, workerHeapMb: 64, timeoutMs: 60_000 }).finally(
      () => delete process.env.PILOT_FORMS_TEST_WORKER_CRASH_ON,
    );
    expect(poolStats.crashed).toBe(crashedBefore + 1);
    expect(results[1].status).toBe("unreadable");
    expect(results[1].issues[0]).toMatchObject({ code: "file.unreadable", severity: "error", file: "合并炸弹.xlsx" });
    expect(results[1].issues[0].message).toMatch(/^读取时出错：/);
    if (process.env.SHOW_MESSAGES) console.log(results[1].issues[0].message);
    expect([results[0], results[2], results[3]]).toEqual([sequential[0], sequential[1], sequential[2]]);
  }, 120_000);
});

describe("checkFiles: members of a .zip input", () => {
  it("are read on worker threads as in this thread (bytes loaded from the archive)", async () => {
    const zip = new JSZip();
    for (const f of inputs.slice(0, 3)) zip.file(`材料/${path.basename(f.abs)}`, readFileSync(f.abs));
    const dir = path.join(tmp.dir, "zip");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "唐山市.zip"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const members = (await expandInputs([dir])).files;
    expect(members.map((m) => m.member?.entry)).toHaveLength(3);
    const inThread = await checkFiles(members, { profile, today, workers: 0 });
    const onWorkers = await checkFiles(members, { profile, today, workers: 1 });
    expect(onWorkers).toEqual(inThread);
    for (const r of onWorkers) {
      expect(r.input.display).toMatch(/唐山市\.zip\/材料\//);
      expect(r.city).toBeTruthy(); // from the metadata sheet, which wins over the zip's name
      expect(r.status).not.toBe("unreadable");
    }
  }, 120_000);
});

describe.skipIf(!existsSync("lib/aggregator/read/pool.js"))("from the compiled CLI (lib/)", () => {
  it("starts lib/aggregator/read/check-worker.js", () => {
    const script = `
      import { checkFiles, poolStats } from "./lib/aggregator/read/pool.js";
      import { expandInputs } from "./lib/aggregator/inputs.js";
      import { findProfile } from "./lib/forms/profiles/index.js";
      const files = (await expandInputs(["examples/hebei-2025/石家庄市"])).files;
      const results = await checkFiles(files, { profile: findProfile("hebei-2025"), today: "2025-11-25", workers: 2 });
      console.log(JSON.stringify({ mode: poolStats.mode, started: poolStats.started, inProcess: poolStats.inProcess, statuses: results.map((r) => r.status), profiles: results.map((r) => r.profile?.id) }));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    const report = JSON.parse(out.trim().split("\n").pop()!) as {
      mode: string;
      started: number;
      inProcess: number;
      statuses: string[];
      profiles: string[];
    };
    expect(report.mode).toBe("dist");
    expect(report.started).toBeGreaterThanOrEqual(1);
    expect(report.inProcess).toBe(0);
    // Four workbooks and the stamped PDF (no spreadsheet: no profile is applied to it).
    expect(report.statuses).toHaveLength(5);
    expect(report.profiles.filter((p) => p === "hebei-2025")).toHaveLength(4);
  }, 60_000);
});

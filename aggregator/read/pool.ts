// Reading and validating many files on all cores: a pool of worker threads, each running
// checkFile (read → validate) on one file at a time and posting back a FileResult without
// the grid. Results come back in input order.
//
// Workers are ESM. From the compiled CLI (lib/…/pool.js) the worker is check-worker.js
// beside this file; from TypeScript sources (tsx, vitest: import.meta.url ends in .ts) it is
// check-worker.ts, started with tsx's loader (--import tsx). If no worker can start, the
// files are checked in this thread. A worker that dies on a file (an exception, out of
// memory, a hang past timeoutMs) costs that file a file.unreadable result ("读取时出错：…")
// and is replaced; the other files are not affected.
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { findProfile } from "../../forms/profiles/index.js";
import type { Profile } from "../../forms/profile.js";
import { parseProfile } from "../../forms/profile-schema.js";
import type { CheckOptions, FileResult } from "../check.js";
import { failedResult } from "../check-bytes.js";
import { checkFileSafely } from "../check-safely.js";
import type { InputFile } from "../inputs.js";

export interface CheckFilesOptions extends CheckOptions {
  /**
   * Worker threads. Default: os.availableParallelism() when there are at least
   * POOL_MIN_FILES files, else 0 (starting workers costs ~0.3–0.5 s, more than checking a few
   * files in this thread). 0 checks in this thread; an explicit number is used as given.
   */
  workers?: number;
  /** Called after each file, in completion order. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** A file whose check takes longer ends its worker and is reported unreadable. Default 5 minutes; 0: no limit. */
  timeoutMs?: number;
  /** Heap limit of each worker (MB), so that one pathological file cannot take the machine. Default: Node's. */
  workerHeapMb?: number;
  /** Whether this thread checks files too: "no", until the first worker is ready ("startup"), or "always". */
  mainThread?: "no" | "startup" | "always";
}

/** How long a worker may take to load its code before it counts as unable to start. */
const STARTUP_TIMEOUT_MS = 120_000;

/** Below this many files checkFiles checks in this thread unless told otherwise (see workers). */
export const POOL_MIN_FILES = 64;

/** What the last checkFiles call did, for tests and the benchmark. */
export const poolStats = {
  /** Workers started successfully (including replacements). */
  started: 0,
  /** Workers that died or timed out while checking a file. */
  crashed: 0,
  /** Files checked in this thread because no worker could start. */
  inProcess: 0,
  /** How workers were started: "dist" (.js), "tsx" (.ts with tsx's loader) or "none". */
  mode: "none" as "dist" | "tsx" | "none",
  /** Why workers could not start, if they could not. */
  startError: undefined as string | undefined,
};

// ---------------------------------------------------------------------------------------
// Shared with check-worker.ts

/** Marks workerData as ours, so that check-worker.ts does nothing when imported elsewhere. */
export const WORKER_MARK = "pilotFormsCheckWorker";

/** How the --profile profile crosses to a worker: a built-in by id, or its data (parsed again there). */
export type ProfileRef = { builtIn: string } | { data: unknown; source: string };

export interface WorkerInit {
  profile?: ProfileRef;
  /** The other CheckOptions (plain data), passed through as they are. */
  check: Omit<CheckOptions, "profile">;
}

export interface WorkerTask {
  id: number;
  input: InputFile;
}

/** A FileResult as posted back: the profile replaced by a reference ("opts": the --profile one). */
export type WireResult = Omit<FileResult, "profile"> & { profileRef?: "opts" | { builtIn: string } };

export type WorkerReply =
  { type: "ready" } | { type: "result"; id: number; result: WireResult } | { type: "error"; id: number; message: string };

export function profileRefOf(profile: Profile | undefined): ProfileRef | undefined {
  if (!profile) return undefined;
  if (findProfile(profile.id) === profile) return { builtIn: profile.id };
  return { data: JSON.parse(JSON.stringify(profile)) as unknown, source: profile.id };
}

export function resolveProfileRef(ref: ProfileRef | undefined): Profile | undefined {
  if (!ref) return undefined;
  if ("builtIn" in ref) return findProfile(ref.builtIn);
  return parseProfile(ref.data, ref.source);
}

export function toWire(result: FileResult, optsProfile: Profile | undefined, keepGrid: boolean): WireResult {
  const { profile, grid, ...rest } = result;
  const wire: WireResult = rest;
  if (keepGrid && grid) wire.grid = grid;
  if (profile) wire.profileRef = profile === optsProfile ? "opts" : { builtIn: profile.id };
  return wire;
}

function fromWire(wire: WireResult, input: InputFile, optsProfile: Profile | undefined): FileResult {
  const { profileRef, ...rest } = wire;
  const result: FileResult = { ...rest, input };
  if (profileRef) result.profile = profileRef === "opts" ? optsProfile : findProfile(profileRef.builtIn);
  return result;
}

/** The result of a file whose check failed outright (a bug, a crash, a timeout). */
export { failedResult };

const POOL_OPTIONS = ["workers", "onProgress", "timeoutMs", "workerHeapMb", "mainThread"];

function withoutKeys(o: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------
// Starting workers

const UNSAFE_EXEC_ARGV =
  /^(-e|--eval|-p|--print|--input-type|--inspect|--inspect-brk|--debug|--test|--watch|-r|--require|--import|--loader|--experimental-loader)(=|$)/;

/** The parent's execArgv minus options a worker cannot take or must not repeat. */
function inheritedExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (UNSAFE_EXEC_ARGV.test(a)) {
      if (
        !a.includes("=") &&
        /^(-e|--eval|-p|--print|--input-type|-r|--require|--import|--loader|--experimental-loader)$/.test(a)
      )
        i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

interface WorkerSpec {
  /** A file URL, or code to eval (the tsx bootstrap). */
  target: URL | string;
  eval: boolean;
  execArgv: string[];
  mode: "dist" | "tsx";
}

/** tsx's ESM API (register()), as a file URL. */
function tsxEsmApi(): string {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  try {
    const url = meta.resolve?.("tsx/esm/api");
    if (url && url.endsWith(".mjs")) return url;
  } catch {
    // fall through
  }
  const pkg = createRequire(import.meta.url).resolve("tsx/package.json");
  return pathToFileURL(join(dirname(pkg), "dist/esm/api/index.mjs")).href;
}

function workerSpec(): WorkerSpec {
  if (import.meta.url.endsWith(".ts")) {
    // Under tsx or vitest. Node 20 ignores --import in a worker's execArgv, so the worker
    // starts from a small script that registers tsx's loader and then imports the .ts entry.
    const entry = new URL("./check-worker.ts", import.meta.url).href;
    const code = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return { target: code, eval: true, execArgv: inheritedExecArgv(), mode: "tsx" };
  }
  return { target: new URL("./check-worker.js", import.meta.url), eval: false, execArgv: inheritedExecArgv(), mode: "dist" };
}

// ---------------------------------------------------------------------------------------

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Task ids in flight, oldest first (the worker handles them in this order). */
  inFlight: number[];
  timer?: NodeJS.Timeout;
  dead: boolean;
}

/** Read and validate every file, on worker threads; results in input order. Never throws for a bad file. */
export async function checkFiles(inputs: InputFile[], opts: CheckFilesOptions): Promise<FileResult[]> {
  const total = inputs.length;
  const results: (FileResult | undefined)[] = new Array(total);
  let done = 0;
  const finish = (i: number, r: FileResult) => {
    if (results[i]) return;
    results[i] = r;
    done++;
    opts.onProgress?.(done, total, inputs[i].display);
  };
  // CheckOptions without the pool's own options; they go to checkFile as they are.
  const checkOpts = withoutKeys(opts, POOL_OPTIONS) as CheckOptions;
  const plainCheckOpts = withoutKeys(checkOpts, ["profile"]) as Omit<CheckOptions, "profile">;
  poolStats.mode = "none";
  poolStats.startError = undefined;

  const wanted = Math.min(total, Math.max(0, Math.floor(opts.workers ?? (total >= POOL_MIN_FILES ? availableParallelism() : 0))));
  if (wanted === 0) {
    for (let i = 0; i < total; i++) finish(i, await checkFileSafely(inputs[i], checkOpts));
    poolStats.inProcess += total;
    return results as FileResult[];
  }

  let spec: WorkerSpec;
  try {
    spec = workerSpec();
  } catch (e) {
    poolStats.startError = e instanceof Error ? e.message : String(e);
    for (let i = 0; i < total; i++) finish(i, await checkFileSafely(inputs[i], checkOpts));
    poolStats.inProcess += total;
    return results as FileResult[];
  }
  poolStats.mode = spec.mode;

  const init: WorkerInit & { [WORKER_MARK]: true } = {
    [WORKER_MARK]: true,
    profile: profileRefOf(opts.profile),
    check: plainCheckOpts,
  };
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const mainHelps = opts.mainThread ?? "no";
  const DEPTH = 2; // tasks queued per worker, so that it never waits for the next one
  const queue: number[] = inputs.map((_, i) => i);
  let everReady = false;
  let startFailures = 0;
  const maxStartFailures = wanted * 2;
  let respawns = 0;
  const maxRespawns = total + wanted;
  const slots = new Set<Slot>();

  return new Promise<FileResult[]>((resolve) => {
    let settled = false;
    let draining = false;

    const settle = () => {
      if (settled) return;
      settled = true;
      for (const s of slots) {
        s.dead = true;
        if (s.timer) clearTimeout(s.timer);
        void s.worker.terminate();
      }
      slots.clear();
      resolve(results as FileResult[]);
    };

    const checkDone = () => {
      if (done === total) settle();
    };

    // This thread takes files from the same queue: until the first worker is ready
    // ("startup"), or all along ("always").
    const helpInMain = async () => {
      while (!settled && queue.length && (mainHelps === "always" || !everReady)) {
        const i = queue.shift()!;
        if (results[i]) continue;
        poolStats.inProcess++;
        finish(i, await checkFileSafely(inputs[i], checkOpts));
        checkDone();
      }
    };

    // No worker could start: the rest in this thread, one after another.
    const drainInProcess = async () => {
      if (draining) return;
      draining = true;
      while (queue.length) {
        const i = queue.shift()!;
        if (results[i]) continue;
        poolStats.inProcess++;
        finish(i, await checkFileSafely(inputs[i], checkOpts));
      }
      checkDone();
    };

    const armTimer = (slot: Slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      if (!timeoutMs || slot.inFlight.length === 0) return;
      slot.timer = setTimeout(() => {
        const i = slot.inFlight[0];
        lose(slot, `处理时间超过 ${Math.round(timeoutMs / 1000)} 秒`, i);
      }, timeoutMs);
      slot.timer.unref?.();
    };

    const feed = (slot: Slot) => {
      while (!slot.dead && slot.inFlight.length < DEPTH && queue.length) {
        const i = queue.shift()!;
        if (results[i]) continue;
        slot.inFlight.push(i);
        slot.worker.postMessage({ id: i, input: inputs[i] } satisfies WorkerTask);
        if (slot.inFlight.length === 1) armTimer(slot);
      }
    };

    /** A worker is gone: blame `culprit` (if any), requeue the rest, start another. */
    const lose = (slot: Slot, reason: string, culprit?: number) => {
      if (slot.dead) return;
      slot.dead = true;
      slots.delete(slot);
      if (slot.timer) clearTimeout(slot.timer);
      void slot.worker.terminate();
      const rest = slot.inFlight.filter((i) => i !== culprit && !results[i]);
      queue.unshift(...rest);
      if (culprit !== undefined && !results[culprit]) {
        poolStats.crashed++;
        finish(culprit, failedResult(inputs[culprit], reason));
      }
      if (!slot.ready) {
        startFailures++;
        poolStats.startError = reason;
      }
      checkDone();
      if (settled) return;
      if (queue.length === 0) {
        if (slots.size === 0 && done < total) void drainInProcess();
        return;
      }
      // A worker that never started is replaced only if others did start (else nothing will).
      const canRetry = slot.ready ? respawns++ < maxRespawns : everReady && startFailures < maxStartFailures;
      if (canRetry) spawn();
      else if (slots.size === 0) void drainInProcess();
    };

    const spawn = () => {
      let worker: Worker;
      try {
        worker = new Worker(spec.target, {
          eval: spec.eval,
          workerData: init,
          execArgv: spec.execArgv,
          resourceLimits: opts.workerHeapMb ? { maxOldGenerationSizeMb: opts.workerHeapMb } : undefined,
          stdout: false,
          stderr: false,
        });
      } catch (e) {
        startFailures++;
        poolStats.startError = e instanceof Error ? e.message : String(e);
        if (slots.size === 0) void drainInProcess();
        return;
      }
      const slot: Slot = { worker, ready: false, inFlight: [], dead: false };
      slots.add(slot);
      // A worker that never says it is ready (a loader that hangs) must not hang the pool.
      slot.timer = setTimeout(() => lose(slot, "工作线程启动超时"), STARTUP_TIMEOUT_MS);
      slot.timer.unref?.();
      worker.on("message", (msg: WorkerReply) => {
        if (slot.dead) return;
        if (msg.type === "ready") {
          slot.ready = true;
          everReady = true;
          poolStats.started++;
          armTimer(slot);
          feed(slot);
          return;
        }
        const k = slot.inFlight.indexOf(msg.id);
        if (k >= 0) slot.inFlight.splice(k, 1);
        if (msg.type === "result") finish(msg.id, fromWire(msg.result, inputs[msg.id], opts.profile));
        else finish(msg.id, failedResult(inputs[msg.id], msg.message));
        armTimer(slot);
        feed(slot);
        checkDone();
      });
      worker.on("error", (err) => {
        // An uncaught exception or running out of memory: the oldest task in flight did it.
        const code = (err as NodeJS.ErrnoException)?.code;
        const reason =
          code === "ERR_WORKER_OUT_OF_MEMORY"
            ? "内存不足（文件过大或结构异常）"
            : err instanceof Error
              ? err.message
              : String(err);
        lose(slot, reason, slot.ready ? slot.inFlight[0] : undefined);
      });
      worker.on("exit", (code) => {
        if (!slot.dead) lose(slot, `工作线程意外退出（代码 ${code}）`, slot.ready ? slot.inFlight[0] : undefined);
      });
    };

    if (total === 0) {
      settle();
      return;
    }
    for (let k = 0; k < wanted; k++) spawn();
    if (mainHelps !== "no") void helpInMain();
  });
}

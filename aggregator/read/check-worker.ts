// A worker thread of the check pool (pool.ts): reads and validates one file per message
// with checkFile and posts back a structured-clone-able result, without the grid (unless
// keepGrid) and with the profile as a reference. Started by pool.ts: as .js from lib/, as
// .ts under tsx / vitest (with tsx's loader). A bad file never ends the worker: an
// exception becomes an error reply for that file.
import { parentPort, workerData } from "node:worker_threads";
import { checkFile, type CheckOptions } from "../check.js";
import { resolveProfileRef, toWire, WORKER_MARK, type WorkerInit, type WorkerReply, type WorkerTask } from "./pool.js";

const init = workerData as (WorkerInit & { [WORKER_MARK]?: true }) | undefined;
const port = parentPort;
const crashOn = process.env.PILOT_FORMS_TEST_WORKER_CRASH_ON;

if (port && init?.[WORKER_MARK]) {
  let opts: CheckOptions | undefined;
  let initError: string | undefined;
  try {
    opts = { ...init.check, profile: resolveProfileRef(init.profile) };
  } catch (e) {
    initError = e instanceof Error ? e.message : String(e);
  }
  // One task at a time, in arrival order: when a worker dies, the pool blames the oldest
  // task it had in flight.
  let chain: Promise<void> = Promise.resolve();
  port.on("message", (task: WorkerTask) => {
    chain = chain.then(async () => {
      let reply: WorkerReply;
      try {
        if (!opts) throw new Error(initError ?? "worker not initialised");
        // Test hook: a worker that dies on a given file, for the pool's recovery tests (no
        // real file reliably kills a worker since the readers bound their memory).
        if (crashOn && task.input.display === crashOn) process.exit(70);
        const result = await checkFile(task.input, opts);
        reply = { type: "result", id: task.id, result: toWire(result, opts.profile, !!opts.keepGrid) };
      } catch (e) {
        reply = { type: "error", id: task.id, message: e instanceof Error ? e.message : String(e) };
      }
      try {
        port.postMessage(reply);
      } catch (e) {
        // A result that cannot be cloned (a bug): still an answer for this file.
        port.postMessage({
          type: "error",
          id: task.id,
          message: e instanceof Error ? e.message : String(e),
        } satisfies WorkerReply);
      }
    });
  });
  port.postMessage({ type: "ready" } satisfies WorkerReply);
}

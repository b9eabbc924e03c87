// The page's side of the worker: the worker is this same bundle, started from a blob: URL
// made of the inline script's own text (file:// pages may not load workers by URL). One job
// at a time; 取消 ends the worker, and the next job starts a fresh one.
import type { Job, WorkerMessage } from "./protocol.js";

export type Progress = Extract<WorkerMessage, { kind: "progress" }>;
type Answer = Exclude<WorkerMessage, { kind: "progress" } | { kind: "failed" }>;

/** Thrown by run() when the job was cancelled. */
export class Cancelled extends Error {
  constructor() {
    super("已取消");
  }
}

export class WorkerClient {
  private worker: Worker | undefined;
  private url: string | undefined;
  private pending: { reject: (e: Error) => void } | undefined;

  /** `source`: the bundle's text (document.currentScript.textContent, read at start-up). */
  constructor(private readonly source: string) {}

  private start(): Worker {
    if (!this.worker) {
      this.url ??= URL.createObjectURL(new Blob([this.source], { type: "text/javascript" }));
      this.worker = new Worker(this.url);
    }
    return this.worker;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Run a job; progress as it comes; resolves with the answer, rejects with the worker's Chinese message. */
  run<K extends Answer["kind"]>(job: Job, expect: K, onProgress: (p: Progress) => void): Promise<Extract<Answer, { kind: K }>> {
    if (this.pending) return Promise.reject(new Error("上一项工作还没有完成，请稍候或先取消。"));
    const worker = this.start();
    return new Promise((resolve, reject) => {
      const done = () => {
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        this.pending = undefined;
      };
      const onMessage = (e: MessageEvent<WorkerMessage>) => {
        const m = e.data;
        if (m.kind === "progress") return onProgress(m);
        done();
        if (m.kind === "failed") reject(new Error(m.message));
        else if (m.kind === expect) resolve(m as Extract<Answer, { kind: K }>);
        else reject(new Error(`内部错误：预期 ${expect}，收到 ${m.kind}`));
      };
      const onError = (e: ErrorEvent) => {
        e.preventDefault();
        done();
        // A crash (out of memory, a bug): the worker is gone with the job's files.
        this.stop();
        reject(
          new Error(`处理时出错：${e.message || "浏览器中止了后台任务"}。请刷新页面后重试；如仍出错，请少选一些文件分批处理。`),
        );
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      this.pending = { reject };
      worker.postMessage(job);
    });
  }

  /** End the running job (and the worker with it). */
  cancel(): void {
    const p = this.pending;
    this.pending = undefined;
    this.stop();
    p?.reject(new Cancelled());
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}

// The test page's script (webpack --env pipeline-test): the CLI's check pipeline from bytes
// (aggregator/check-bytes.ts) and its merge (aggregator/merge/merge-bytes.ts) on the browser
// runtime, exposed as window.pipeline for test/browser/pipeline.test.ts and pipeline-merge.test.ts.
// No UI: the page itself is a later stage of issue 10.
import { checkBytes, type FilePlace } from "../../aggregator/check-bytes.js";
import { mergeInputs, type MergeInput } from "../../aggregator/merge/merge-bytes.js";
import { extractZipEntry, listZipEntries } from "../../aggregator/read/zip-directory.js";
import { runtime } from "../../aggregator/runtime/index.js";
import { sha256Hex } from "../../aggregator/runtime/sha256.js";
import { findProfile } from "../../forms/profiles/index.js";
import { checkView } from "./pipeline-view.js";

/** A file for the merge: MergeInput with its bytes in base64. */
export interface PipelineMergeFile extends Omit<MergeInput, "bytes"> {
  base64: string;
}

/** The merge's outputs: the roll-up in base64, the JSON report and the terminal summary. */
export interface PipelineMerged {
  rollup: string;
  report: string;
  summary: string;
  drafted: string;
  ms: number;
}

export interface PipelineFile extends FilePlace {
  base64: string;
}

/** A member of a .zip given to the page: its position in the zip's directory, and where it lies. */
export interface PipelineMember extends FilePlace {
  index: number;
}

const MAX_BYTES = 50 * 1024 * 1024;

function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const pipeline = {
  runtime: runtime.name,
  hasNodeGlobals: typeof (globalThis as { Buffer?: unknown; process?: unknown }).Buffer !== "undefined",
  /** Each file's check (checkView JSON), in order. */
  async check(files: PipelineFile[], profileId: string, today: string): Promise<string[]> {
    const profile = findProfile(profileId);
    if (!profile) throw new Error(`no profile ${profileId}`);
    const out: string[] = [];
    for (const f of files) {
      const r = await checkBytes(bytesOf(f.base64), f, { profile, today, keepGrid: true });
      out.push(checkView(r));
    }
    return out;
  },
  /** Each member's check, the members read from the zip's bytes here (an unreadable one: file.unreadable). */
  async checkZip(base64: string, members: PipelineMember[], profileId: string, today: string): Promise<string[]> {
    const profile = findProfile(profileId);
    if (!profile) throw new Error(`no profile ${profileId}`);
    const zip = bytesOf(base64);
    const entries = listZipEntries(zip);
    const out: string[] = [];
    for (const m of members) {
      const got = extractZipEntry(zip, entries[m.index], MAX_BYTES);
      if (!("bytes" in got)) throw new Error(`${m.display}: ${JSON.stringify(got)}`);
      out.push(checkView(await checkBytes(got.bytes, m, { profile, today, keepGrid: true })));
    }
    return out;
  },
  /** The CLI's merge of these files (merge-bytes.ts), in this order. */
  async merge(files: PipelineMergeFile[], profileId: string | undefined, today: string): Promise<PipelineMerged> {
    const profile = profileId ? findProfile(profileId) : undefined;
    if (profileId && !profile) throw new Error(`no profile ${profileId}`);
    const inputs = files.map(({ base64, ...rest }) => ({ ...rest, bytes: bytesOf(base64) }));
    const t0 = performance.now();
    const r = await mergeInputs(inputs, { profile, today });
    const ms = performance.now() - t0;
    let bin = "";
    for (let i = 0; i < r.rollup.length; i += 0x8000) bin += String.fromCharCode(...r.rollup.subarray(i, i + 0x8000));
    return { rollup: btoa(bin), report: r.report, summary: r.summary, drafted: r.drafted, ms };
  },
  /** SHA-256 by the runtime (SubtleCrypto here) and by the pure-JavaScript fallback. */
  async sha256(base64: string): Promise<{ runtime: string; js: string }> {
    const bytes = bytesOf(base64);
    return { runtime: await runtime.sha256Hex(bytes), js: sha256Hex(bytes) };
  },
};

(window as unknown as { pipeline: typeof pipeline }).pipeline = pipeline;
document.body.dataset.ready = "true";

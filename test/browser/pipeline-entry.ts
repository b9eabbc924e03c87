// The test page's script (webpack --env pipeline-test): the CLI's check pipeline from bytes
// (aggregator/check-bytes.ts) on the browser runtime, exposed as window.pipeline for
// test/browser/pipeline.test.ts. No UI: the page itself is a later stage of issue 10.
import { checkBytes, type FilePlace } from "../../aggregator/check-bytes.js";
import { extractZipEntry, listZipEntries } from "../../aggregator/read/zip-directory.js";
import { runtime } from "../../aggregator/runtime/index.js";
import { sha256Hex } from "../../aggregator/runtime/sha256.js";
import { findProfile } from "../../forms/profiles/index.js";
import { checkView } from "./pipeline-view.js";

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
  /** SHA-256 by the runtime (SubtleCrypto here) and by the pure-JavaScript fallback. */
  async sha256(base64: string): Promise<{ runtime: string; js: string }> {
    const bytes = bytesOf(base64);
    return { runtime: await runtime.sha256Hex(bytes), js: sha256Hex(bytes) };
  },
};

(window as unknown as { pipeline: typeof pipeline }).pipeline = pipeline;
document.body.dataset.ready = "true";

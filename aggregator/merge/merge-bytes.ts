// The merge from bytes in memory (issue 10): what the page has for each file — its display
// path, its bytes, its modified time — merged on the CLI's own code path (run.ts) into the
// roll-up's bytes and the JSON report. No node:* module and no Buffer.
//
// The inputs are taken as the CLI takes the same layout on disk (inputs.ts): a path's first
// folder is the folder chosen (the CLI's input folder: its name counts for the city), or
// `root` says which; files in hidden or __MACOSX folders, lock files and OS junk are listed
// as skipped (a file with no folder is a file given directly: only ~$ lock files are
// skipped); a .zip (by content) is expanded to its members with the CLI's rules
// (read/zip-expand.ts: "a.zip/member", a zip in the zip one level deep, unsafe and repeated
// names skipped). Files are taken in the order given; sortLikeFolderWalk puts them in the
// order the CLI walks a folder.
//
// Links in the roll-up (问题清单 → the source cell) are relative to the root of the display
// paths (outputDir ""): the roll-up is meant to be saved in the folder holding the chosen
// folder, as `pilot-forms merge 河北 -o 全省汇总.xlsx` run beside 河北/ writes them.
import { checkRead, failedResult, type FilePlace } from "../check-bytes.js";
import type { FileResult } from "../check.js";
import type { ArchiveMember, InputFile, SkippedInput } from "../inputs.js";
import { DEFAULT_MAX_BYTES, readWorkbookBytes, type ReadResult } from "../read/read-bytes.js";
import { extractZipEntry, listZipEntries, type RawZipEntry } from "../read/zip-directory.js";
import {
  expandZip,
  isZipMagic,
  junkFolderReason,
  junkReason,
  memberFailure,
  MSG_NOT_ZIP,
  skippedInput,
  type ZipExpandContext,
} from "../read/zip-expand.js";
import { MB } from "../read/zip-guard.js";
import { runtime } from "../runtime/index.js";
import type { MergeSource } from "./merge.js";
import { runMerge, type MergeRun, type RunMergeOptions } from "./run.js";

/** A file given to the page. */
export interface MergeInput {
  /** Its path as shown (forward slashes): webkitRelativePath, or the CLI's display path. */
  path: string;
  bytes: Uint8Array;
  /** When the file was last changed (ms since 1970: File.lastModified; the CLI's mtime), if known. */
  lastModified?: number;
  /**
   * The input it was found under, as a display path: the folder chosen ("examples/hebei-2025"),
   * or the path itself for a file given on its own. Default: its first folder, else itself.
   */
  root?: string;
}

export interface MergeBytesOptions extends Omit<RunMergeOptions, "outputDir" | "json" | "check"> {
  /** Where the roll-up's links point from, as a display path; default "" (the root of the paths). */
  outputDir?: string;
}

export interface MergeBytesResult {
  /** 全省汇总.xlsx */
  rollup: Uint8Array;
  /** The JSON report (the CLI's --json file, byte for byte). */
  report: string;
  /** The CLI's terminal summary, and its line on drafted rows ("" when none). */
  summary: string;
  drafted: string;
  run: MergeRun;
  /**
   * An input's bytes (a zip member's extracted), undefined when they cannot be had; for the
   * feedback: feedbackFiles(run.rollup.cities, run.results, run.rollup.issues, (r) => bytesOf(r.input)).
   */
  bytesOf: (file: InputFile) => Promise<Uint8Array | undefined>;
}

// ---- display paths (posix, under one root) ---------------------------------------------

function segments(p: string): string[] {
  return p.split("/").filter((s) => s && s !== ".");
}

function basename(p: string): string {
  const s = segments(p);
  return s[s.length - 1] ?? "";
}

function dirname(p: string): string {
  const s = segments(p);
  return s.slice(0, -1).join("/");
}

function relative(from: string, to: string): string {
  const a = segments(from);
  const b = segments(to);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/** A display path as an InputFile's abs: the paths' root is "/". */
function absOf(display: string): string {
  return "/" + segments(display).join("/");
}

/** Where a file lies, as check.ts's placeOf says for the same layout on disk. */
function placeOf(input: InputFile): FilePlace {
  const base = input.root === input.abs ? dirname(input.display) : relative(dirname(input.root), dirname(input.abs));
  return {
    display: input.display,
    fileName: basename(input.abs),
    folders: base
      .split(/[\\/]/)
      .filter((f) => f && f !== "." && f !== "..")
      .reverse(),
  };
}

/** The order in which the CLI walks a folder: each level's names by localeCompare("zh-Hans-CN"). */
export function sortLikeFolderWalk<T extends { path: string }>(inputs: T[]): T[] {
  return [...inputs].sort((x, y) => {
    const a = segments(x.path);
    const b = segments(y.path);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = a[i].localeCompare(b[i], "zh-Hans-CN");
      if (c) return c;
    }
    return a.length - b.length;
  });
}

// ---- the bytes ---------------------------------------------------------------------------

class MemoryFiles {
  /** abs → the file's bytes and modified time. */
  readonly top = new Map<string, { bytes: Uint8Array; lastModified?: number }>();
  private readonly listings = new Map<Uint8Array, RawZipEntry[]>();
  private inner: { key: string; bytes: Uint8Array } | undefined;

  private entries(zip: Uint8Array): RawZipEntry[] {
    let e = this.listings.get(zip);
    if (!e) this.listings.set(zip, (e = listZipEntries(zip)));
    return e;
  }

  /** A member's bytes, at most `max`, as zip-inputs.ts extracts it (the same messages). */
  member(m: ArchiveMember, max: number): { bytes: Uint8Array } | { message: string } {
    try {
      let zip = this.top.get(m.archive)?.bytes;
      if (!zip) return { message: memberFailure() };
      if (m.inner !== undefined) {
        const key = `${m.archive}\u0000${m.innerIndex}`;
        if (this.inner?.key !== key) {
          const entry = this.entries(zip)[m.innerIndex ?? -1];
          if (!entry) return { message: memberFailure() };
          const got = extractZipEntry(zip, entry, 100 * MB);
          if ("tooLarge" in got) return { message: memberFailure({ size: got.tooLarge, limit: 100 * MB }) };
          if ("broken" in got) return { message: memberFailure() };
          this.inner = { key, bytes: got.bytes };
        }
        zip = this.inner.bytes;
      }
      const entry = this.entries(zip)[m.index];
      if (!entry) return { message: memberFailure() };
      const got = extractZipEntry(zip, entry, max);
      if ("tooLarge" in got) return { message: memberFailure({ size: got.tooLarge, limit: max }) };
      if ("broken" in got) return { message: memberFailure() };
      return got;
    } catch {
      return { message: memberFailure() };
    }
  }

  bytes(f: InputFile, max = DEFAULT_MAX_BYTES): Uint8Array | undefined {
    if (f.failed) return undefined;
    if (f.member) {
      const got = this.member(f.member, max);
      return "bytes" in got ? got.bytes : undefined;
    }
    const b = this.top.get(f.abs)?.bytes;
    return b && b.length <= max ? b : undefined;
  }

  /** What zip-inputs.ts's readInput gives for the same input. */
  async read(f: InputFile): Promise<ReadResult> {
    if (f.failed) return { ok: false, kind: "corrupt", message: f.failed.message };
    if (f.member) {
      const got = this.member(f.member, DEFAULT_MAX_BYTES);
      if ("message" in got) return { ok: false, kind: "corrupt", message: got.message };
      return readWorkbookBytes(got.bytes, basename(f.member.entry.replace(/\\/g, "/")));
    }
    return readWorkbookBytes(this.top.get(f.abs)!.bytes, basename(f.abs));
  }
}

/**
 * The files to read and the ones skipped, as the CLI's expandInputs lists the same layout,
 * and the source the merge reads them from.
 */
export async function expandBytes(
  inputs: MergeInput[],
): Promise<{ files: InputFile[]; skipped: SkippedInput[]; source: MergeSource }> {
  const mem = new MemoryFiles();
  const files: InputFile[] = [];
  const skipped: SkippedInput[] = [];
  const skip = (display: string, reason: string) => skipped.push(skippedInput(display, reason));
  const foldersSkipped = new Set<string>();
  const candidates: InputFile[] = [];
  // The walk: folders and names first (as the CLI lists them while walking), zips after.
  for (const input of inputs) {
    const parts = segments(input.path);
    const display = parts.join("/");
    const rootParts = segments(input.root ?? (parts.length > 1 ? parts[0] : display));
    const explicit = rootParts.length === parts.length;
    const abs = absOf(display);
    if (mem.top.has(abs)) {
      skip(display, `与“${display}”是同一个文件（链接或重复给出），只读取一次`);
      continue;
    }
    // A hidden or __MACOSX folder under the chosen one is not walked (listed once).
    let hidden = false;
    for (let i = rootParts.length; i < parts.length - 1; i++) {
      const reason = junkFolderReason(parts[i]);
      if (!reason) continue;
      const folder = parts.slice(0, i + 1).join("/");
      if (!foldersSkipped.has(folder)) {
        foldersSkipped.add(folder);
        skip(folder, reason);
      }
      hidden = true;
      break;
    }
    if (hidden) continue;
    const name = parts[parts.length - 1] ?? "";
    const junk = junkReason(name);
    if (junk && (!explicit || name.startsWith("~$"))) {
      skip(display, junk);
      continue;
    }
    mem.top.set(abs, { bytes: input.bytes, lastModified: input.lastModified });
    candidates.push({ display, abs, root: absOf(rootParts.join("/")) });
  }
  const ctx: ZipExpandContext = {
    push: (f) => files.push(f),
    skip,
    load: async (f) => mem.top.get(f.abs)?.bytes,
    memberAbs: (zip, parts) => absOf([...segments(zip.abs), ...parts].join("/")),
    extract: async (m, max) => mem.member(m, max),
  };
  for (const file of candidates) {
    const bytes = mem.top.get(file.abs)!.bytes;
    if (!isZipMagic(bytes.subarray(0, 4))) {
      // A .zip that is not a zip at all (cut to nothing, or another file renamed).
      files.push(/\.zip$/i.test(file.abs) ? { ...file, failed: { message: MSG_NOT_ZIP } } : file);
      continue;
    }
    await expandZip(file, bytes.length, 0, ctx);
  }
  const source: MergeSource = {
    async check(list, opts, onProgress) {
      const out: FileResult[] = [];
      for (const f of list) {
        onProgress?.(out.length, f.display);
        try {
          out.push({ input: f, ...checkRead(await mem.read(f), placeOf(f), opts) });
        } catch (e) {
          out.push(failedResult(f, e instanceof Error ? e.message : String(e)));
        }
      }
      return out;
    },
    async sha256(f) {
      const b = mem.bytes(f);
      return b ? runtime.sha256Hex(b) : undefined;
    },
    async bytes(f) {
      return mem.bytes(f);
    },
    async fileModified(f) {
      return f.member ? undefined : mem.top.get(f.abs)?.lastModified;
    },
    place: placeOf,
  };
  return { files, skipped, source };
}

/** Merge the files given (in this order) as `pilot-forms merge … --json` does: the roll-up's bytes and the report. */
export async function mergeInputs(inputs: MergeInput[], opts: MergeBytesOptions = {}): Promise<MergeBytesResult> {
  const { files, skipped, source } = await expandBytes(inputs);
  const run = await runMerge({ files, skipped }, source, { ...opts, outputDir: opts.outputDir ?? "", json: true });
  return {
    rollup: run.rollupBytes,
    report: run.report!,
    summary: run.summary,
    drafted: run.drafted,
    run,
    bytesOf: (f) => source.bytes(f),
  };
}

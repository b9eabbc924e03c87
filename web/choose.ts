// Files as the page is given them — chosen one by one, a folder chosen (webkitRelativePath),
// or dropped (files and folders, walked) — as ChosenFile: the path shown and the input it
// came under, as the CLI sees a folder or file given to it.
import type { ChosenFile } from "./protocol.js";

/** A path's first folder is the folder chosen; a file with no folder was chosen on its own. */
export function chosen(file: Blob & { name: string; lastModified?: number }, relativePath?: string): ChosenFile {
  const path = (relativePath || file.name).replace(/\\/g, "/").replace(/^\/+/, "");
  const slash = path.indexOf("/");
  return { path, root: slash > 0 ? path.slice(0, slash) : path, file, lastModified: file.lastModified };
}

/** From an <input type=file> (multiple or webkitdirectory). */
export function fromFileList(list: FileList | null): ChosenFile[] {
  return list ? Array.from(list, (f) => chosen(f, f.webkitRelativePath)) : [];
}

function sameFile(a: ChosenFile, b: ChosenFile): boolean {
  return a.file.size === b.file.size && a.lastModified === b.lastModified;
}

/**
 * Add files to a list. The same file chosen again is there already; another file under a
 * path already listed (典型案例申报书.xlsx from a second folder, chosen on its own) is
 * refused and named, never dropped in silence: its folder must be chosen instead, which
 * also tells the city.
 */
export function addFiles(list: ChosenFile[], more: ChosenFile[]): { files: ChosenFile[]; refused: string[] } {
  const byPath = new Map(list.map((f) => [f.path, f]));
  const refused: string[] = [];
  for (const f of more) {
    const there = byPath.get(f.path);
    if (!there) byPath.set(f.path, f);
    else if (!sameFile(there, f)) refused.push(f.path);
  }
  return { files: [...byPath.values()], refused };
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: ChosenFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push(chosen(file, entry.fullPath));
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries gives at most 100 entries a call: read until it gives none.
    for (;;) {
      const batch = await readEntries(reader);
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** What was dropped: folders walked to their files (where the browser lets the page see entries). */
export async function fromDrop(data: DataTransfer): Promise<ChosenFile[]> {
  const entries = Array.from(data.items ?? [])
    .map((i) => (i.kind === "file" && typeof i.webkitGetAsEntry === "function" ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (!entries.length) return fromFileList(data.files);
  const out: ChosenFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

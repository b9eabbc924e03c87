// A merge keeps each file's records, issues and caches while it reads thousands of files: the
// values the reader hands out must not keep the file's XML alive (V8 keeps a long slice as a
// view into the string it was cut from). Measured in a child process with --expose-gc: read
// one workbook 150 times, keep one cell's text from each, collect, and look at the heap.
// Checked loosely (a retained sharedStrings.xml is ~1 MB a file here; the bound is 40 MB).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-own-strings-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const KEPT = "石家庄市网络安全技术服务有限公司第一分公司";

async function bigWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("服务对象清单");
  ws.getCell("A1").value = KEPT;
  ws.getCell("B1").value = { formula: 'CONCATENATE(A1,"（公式结果）")', result: `${KEPT}（公式结果）` };
  // 2,000 different shared strings of 250 characters: about 1 MB of text in sharedStrings.xml.
  for (let r = 2; r <= 2001; r++) ws.getCell(r, 1).value = `第${r}行`.padEnd(250, "网络安全保险服务试点");
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe("the values the reader hands out own their text", () => {
  it("keeping one cell of each of 150 reads does not keep 150 files' XML", async () => {
    const file = path.join(tmp, "big.xlsx");
    await bigWorkbook(file);
    const reader = pathToFileURL(path.join(ROOT, "lib/aggregator/read/read-bytes.js")).href;
    const script = `
      import { readFileSync } from "node:fs";
      import { readWorkbookBytes } from ${JSON.stringify(reader)};
      const bytes = new Uint8Array(readFileSync(${JSON.stringify(file)}));
      const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
      const kept = [];
      let first = await readWorkbookBytes(bytes, "big.xlsx");
      if (!first.ok) throw new Error(first.message);
      first = undefined;
      const before = heap();
      for (let i = 0; i < 150; i++) {
        const r = await readWorkbookBytes(bytes, "big.xlsx");
        if (!r.ok) throw new Error(r.message);
        kept.push(r.grid.sheets[0].values[0][0], r.grid.sheets[0].values[0][1], r.grid.sheets[0].name);
      }
      console.log(JSON.stringify({ grown: heap() - before, sample: kept.slice(0, 3) }));
    `;
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { grown: number; sample: string[] };
    expect(out.sample).toEqual([KEPT, `${KEPT}（公式结果）`, "服务对象清单"]);
    expect(out.grown / 2 ** 20).toBeLessThan(40);
  }, 120_000);
});

// The roll-up's lists are written while they are deflated (bulk-rows.ts, stream-deflate.ts):
// a national roll-up's sheets are tens of megabytes of XML, and holding each as one string
// and then as UTF-8 bytes took 1.2 GB at 15,000 files (issue 13). Measured in a child
// process: 200,000 rows of 8 cells (about 70 MB of sheet XML) written through exceljs and
// patchBulkRows; the peak resident memory the writing adds must stay below twice the XML's
// size, loosely: measured 116 MB for 83 MB of XML (most of it the index of the 400,000
// distinct shared strings), where the writer that held each sheet as a string added 843 MB.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const lib = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, "lib", p)).href);

describe("writing a large roll-up list", () => {
  it("does not hold the sheet's XML: the peak it adds is below twice the XML's size", () => {
    const script = `
      import { readFileSync } from "node:fs";
      import ExcelJS from "exceljs";
      import { patchBulkRows, StylePalette, writePalette } from ${lib("aggregator/xlsx/bulk-rows.js")};
      import { workbookU8 } from ${lib("aggregator/xlsx/deterministic.js")};
      import { ZipReader } from ${lib("aggregator/read/fast.js")};
      const hwm = () => Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
      const ROWS = 200000, COLS = 8;
      const rows = Array.from({ length: ROWS }, (_, k) => [k + 1, "石家庄市某某科技有限公司" + (k % 5000), "91130100MA0" + k, "工业互联网", k * 1.5, "网络安全保险服务试点第" + k + "行", "有警告", "汇总" + (k % 300) + ".xlsx"]);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("服务对象汇总");
      ws.addTable({ name: "T_targets", ref: "A1", headerRow: true, columns: Array.from({ length: COLS }, (_, i) => ({ name: "列" + i })), rows: [Array(COLS).fill(null)] });
      const palette = new StylePalette();
      const styles = [{ font: { name: "宋体", size: 11 } }, { font: { name: "宋体", size: 11 }, numFmt: "#,##0.00" }];
      const styleIndex = new Uint16Array(ROWS * COLS);
      for (let k = 0; k < ROWS; k++) for (let i = 0; i < COLS; i++) styleIndex[k * COLS + i] = palette.indexOf(styles[i === 4 ? 1 : 0]);
      const list = { sheet: "服务对象汇总", table: "T_targets", first: 2, columns: COLS, rows, styleIndex, heights: rows.map(() => undefined), palette: palette.styles };
      writePalette(ws, list);
      gc(); gc();
      const before = hwm();
      const bytes = await workbookU8(wb, { level: 1, transform: (parts) => patchBulkRows(parts, [list]) });
      const peak = hwm() - before;
      const zip = new ZipReader(bytes, Number.MAX_SAFE_INTEGER);
      const xml = zip.bytes("xl/worksheets/sheet1.xml").length + zip.bytes("xl/sharedStrings.xml").length;
      console.log(JSON.stringify({ peak, xml, bytes: bytes.length, rows: rows.length }));
    `;
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
      encoding: "utf8",
      cwd: ROOT,
      timeout: 300_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { peak: number; xml: number; bytes: number };
    expect(out.xml / 2 ** 20).toBeGreaterThan(50);
    expect(
      out.peak,
      `peak added ${(out.peak / 2 ** 20).toFixed(0)} MB for ${(out.xml / 2 ** 20).toFixed(0)} MB of XML`,
    ).toBeLessThan(out.xml * 2);
  }, 300_000);
});

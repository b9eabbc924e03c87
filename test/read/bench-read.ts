// Time readWorkbook on a 20-row × 8-column and a 10,000-row × 8-column workbook.
//   npx tsx test/read/bench-read.ts
// (Not a test: timings belong to `npm run bench`, not to assertions.)
import { performance } from "node:perf_hooks";
import { guardZip } from "../../aggregator/read/zip-guard.js";
import { loadExcelJs, readWorkbook } from "../../aggregator/read/workbook.js";
import { makeTempDir, plainWorkbook } from "./helpers.js";

async function time<T>(f: () => Promise<T>, runs: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  const first = times[0];
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first, median: rest.length ? rest[Math.floor(rest.length / 2)] : first };
}

const tmp = makeTempDir("pilot-forms-bench-");
try {
  for (const [rows, runs] of [
    [20, 21],
    [10_000, 5],
  ] as const) {
    const bytes = await plainWorkbook(rows, 8);
    const path = tmp.file(`w${rows}.xlsx`, bytes);
    const full = await time(() => readWorkbook({ path }), runs);
    const noVerify = await time(() => readWorkbook({ path }, { verifyZip: false }), runs);
    const guard = await time(() => guardZip(bytes), runs);
    const exceljs = await time(() => loadExcelJs(bytes), runs);
    const r = await readWorkbook({ path });
    const cells = r.ok ? r.grid.sheets[0].values.reduce((n, row) => n + row.length, 0) : 0;
    console.log(
      `${rows} rows × 8 cols (${(bytes.length / 1024).toFixed(0)} KB, ${cells} cells): ` +
        `readWorkbook first ${full.first.toFixed(0)} ms, median ${full.median.toFixed(1)} ms; ` +
        `without zip verify ${noVerify.median.toFixed(1)} ms; guardZip ${guard.median.toFixed(1)} ms; ` +
        `exceljs load alone ${exceljs.median.toFixed(1)} ms`,
    );
  }
} finally {
  tmp.cleanup();
}

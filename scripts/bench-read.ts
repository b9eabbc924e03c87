// npm run bench (part): reading speed by format, printed with the command that made it.
//   npx tsx scripts/bench-read.ts
//  1. .xlsx on the fast reader: every committed template and example (35 files), each read
//     from disk 20 times (median per file, and the sum for one pass); a 10,000-row × 8 workbook;
//  2. the other formats (SheetJS, csv.ts): the examples converted by LibreOffice to .xls, .ods
//     and GBK CSV (one file per sheet), or, without LibreOffice, written by SheetJS — per file,
//     median of 10 reads after the first (the first also loads SheetJS, ~1 MB of JavaScript).
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";
import { readWorkbook } from "../aggregator/read/workbook.js";

function xlsxUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...xlsxUnder(p));
    else if (p.endsWith(".xlsx")) out.push(p);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeFile(p: string, runs: number): Promise<{ first: number; median: number; ok: boolean }> {
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await readWorkbook({ path: p });
    times.push(performance.now() - t);
    ok &&= r.ok;
  }
  return { first: times[0], median: median(times.slice(1).length ? times.slice(1) : times), ok };
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-read-"));

try {
  console.log(`\nReading (npx tsx scripts/bench-read.ts)`);
  const sources = [...xlsxUnder("templates"), ...xlsxUnder("examples")];

  // Warm-up: module loading, JIT.
  for (const f of sources) await readWorkbook({ path: f });

  // 1. .xlsx
  const RUNS = 20;
  const per: number[] = [];
  for (const f of sources) per.push((await timeFile(f, RUNS + 1)).median);
  const sum = per.reduce((a, b) => a + b, 0);
  console.log(
    `   .xlsx, ${sources.length} templates and examples: ${fmt(sum, 1)} ms per pass, median file ${fmt(median(per))} ms, slowest ${fmt(Math.max(...per))} ms (median of ${RUNS} reads each)`,
  );
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("服务对象");
  ws.addRow(Array.from({ length: 8 }, (_, c) => `列${c + 1}`));
  for (let r = 1; r < 10_000; r++)
    ws.addRow(Array.from({ length: 8 }, (_, c) => (c % 2 ? r * 10 + c : `某某科技有限公司${r}-${c}`)));
  const big = path.join(tmp, "big.xlsx");
  writeFileSync(big, Buffer.from(await wb.xlsx.writeBuffer()));
  const bigT = await timeFile(big, 6);
  console.log(`   .xlsx, 10,000 rows × 8 columns (${fmt(statSync(big).size / 1024, 0)} KB): median ${fmt(bigT.median, 1)} ms`);

  // 2. Other formats
  const examples = xlsxUnder("examples");
  const inDir = path.join(tmp, "in");
  mkdirSync(inDir);
  const inputs = examples.map((f, i) => {
    const p = path.join(inDir, `e${String(i).padStart(2, "0")}.xlsx`);
    copyFileSync(f, p);
    return p;
  });
  const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
  const sets: [string, string[]][] = [];
  if (soffice) {
    const profile = path.join(tmp, "lo-profile");
    const convert = (to: string, out: string) =>
      execFileSync(
        soffice,
        [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", to, "--outdir", path.join(tmp, out), ...inputs],
        { stdio: "ignore", timeout: 300_000 },
      );
    convert("xls", "xls");
    convert("ods", "ods");
    convert("csv:Text - txt - csv (StarCalc):44,34,67,1,,0,false,true,true,false,false,-1", "csv");
    for (const [k, ext] of [
      ["xls", ".xls"],
      ["ods", ".ods"],
      ["csv", ".csv"],
    ])
      sets.push([
        `${ext} (LibreOffice${k === "csv" ? ", GBK, one file per sheet" : ""})`,
        readdirSync(path.join(tmp, k))
          .filter((n) => n.endsWith(ext))
          .sort()
          .map((n) => path.join(tmp, k, n)),
      ]);
  } else {
    const XLSX = await import("@e965/xlsx");
    for (const [bookType, ext] of [
      ["biff8", ".xls"],
      ["ods", ".ods"],
      ["xlsb", ".xlsb"],
    ] as const) {
      const files = examples.map((f, i) => {
        const p = path.join(tmp, `e${i}${ext}`);
        writeFileSync(p, XLSX.write(XLSX.read(readFileSync(f)), { type: "buffer", bookType }) as Buffer);
        return p;
      });
      sets.push([`${ext} (written by SheetJS)`, files]);
    }
  }
  for (const [label, files] of sets) {
    const firsts: number[] = [];
    const meds: number[] = [];
    let ok = 0;
    for (const f of files) {
      const t = await timeFile(f, 11);
      firsts.push(t.first);
      meds.push(t.median);
      if (t.ok) ok++;
    }
    console.log(
      `   ${label}: ${files.length} files (${ok} read), median file ${fmt(median(meds))} ms, slowest ${fmt(Math.max(...meds))} ms; first read of the first file ${fmt(firsts[0], 0)} ms`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

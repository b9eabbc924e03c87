// npm run bench — speed figures (SPEC §11), printed with the command that made them.
//  1. the rule engine on 100,000 generated rows (target: under 1 s);
//  2. locating the tables in a 100,000-row grid;
//  3. reading and validating 100 example workbooks from disk (exceljs read included).
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { FieldValue, LocatedTable, SheetGrid, TableRecord } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { ruleContext, runRules, validateGrid } from "../forms/validate.js";
import { makeUscc } from "../forms/parse/uscc.js";
import { tablesForForm } from "../forms/tables.js";
import { Locator } from "../forms/locate.js";
import { a1 } from "../forms/address.js";
import { expandInputs } from "../aggregator/inputs.js";
import { checkFile } from "../aggregator/check.js";
import { prng } from "./example-data.js";

const profile = findProfile("hebei-2025")!;
const rnd = prng(7);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

function fv(value: FieldValue["value"], row: number, col: number): FieldValue {
  return { value, cell: a1(row, col) };
}

/** Rows of a realistic mix: mostly clean, a few percent with problems. */
function targetsTable(n: number): LocatedTable {
  const records: TableRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    const bad = i % 37 === 0;
    records.push({
      table: "targets",
      sheet: "服务对象",
      row: r + 1,
      fields: {
        seq: fv(i + 1, r, 0),
        name: fv(`河北某某制造${i}有限公司`, r, 1),
        industry: fv(bad ? "钢铁" : "工业互联网", r, 2),
        contact: fv(`联系人${i % 1000}`, r, 3),
        contactInfo: fv(
          bad ? `1380${String(i).padStart(7, "0")}` : `13${int(3, 9)}${String(i).padStart(8, "0")}/user${i}@example.com`,
          r,
          4,
        ),
      },
    });
  }
  return {
    table: "targets",
    sheet: "服务对象",
    anchor: "A2",
    headerRow: 2,
    columns: { seq: 0, name: 1, industry: 2, contact: 3, contactInfo: 4 },
    records,
  };
}

function jointTable(n: number): LocatedTable {
  const records: TableRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    let code = makeUscc("91", "130104", `MA${String(i).padStart(6, "0")}`);
    if (i % 41 === 0) code = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
    records.push({
      table: "joint",
      sheet: "联合申报单位",
      row: r + 1,
      fields: {
        seq: fv(i + 1, r, 0),
        name: fv(`北京某某${i}科技有限公司`, r, 1),
        nature: fv(i % 29 === 0 ? "其他" : "民营企业", r, 2),
        category: fv("网络安全企业", r, 3),
        uscc: fv(code, r, 4),
      },
    });
  }
  return {
    table: "joint",
    sheet: "联合申报单位",
    anchor: "A2",
    headerRow: 2,
    columns: { seq: 0, name: 1, nature: 2, category: 3, uscc: 4 },
    records,
  };
}

function summaryTable(n: number): LocatedTable {
  const records: TableRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = i + 3;
    records.push({
      table: "caseSummary",
      sheet: "典型案例推荐汇总表",
      row: r + 1,
      fields: {
        seq: fv(i + 1, r, 0),
        title: fv(`案例${i}`, r, 1),
        applicant: fv(`中国某某财产保险股份有限公司${i}分公司`, r, 2),
        category: fv("网络安全保险服务机构", r, 3),
        joint: fv("北京某某科技有限公司", r, 4),
        description: fv(
          "为被保企业提供保前风险评估、保中安全监测和保后应急处置服务，覆盖勒索软件与数据泄露等风险场景。".repeat(
            i % 5 === 0 ? 4 : 1,
          ),
          r,
          5,
        ),
        contact: fv("王五", r, 6),
        phone: fv(i % 3 ? "0311-86699155" : `139${String(i).padStart(8, "0")}`, r, 7),
      },
    });
  }
  return {
    table: "caseSummary",
    sheet: "典型案例推荐汇总表",
    anchor: "A3",
    headerRow: 3,
    columns: { seq: 0, title: 1, applicant: 2, category: 3, joint: 4, description: 5, contact: 6, phone: 7 },
    records,
  };
}

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let b: { ms: number; value: T } | undefined;
  for (let i = 0; i < runs; i++) {
    const r = time(f);
    if (!b || r.ms < b.ms) b = r;
  }
  return b!;
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

function benchRules(): void {
  const N = 100_000;
  const mixes: [string, LocatedTable][] = [
    ["服务对象 targets (联系方式 parsing)", targetsTable(N)],
    ["联合申报单位 joint (credit codes)", jointTable(N)],
    ["推荐汇总表 caseSummary (phones, 字数)", summaryTable(N)],
  ];
  console.log(`\n1. Rule engine, ${fmt(N)} rows per table (best of 3, after one warm-up)`);
  for (const [name, table] of mixes) {
    const ctx = ruleContext(profile, table.table === "caseSummary" ? "case-summary" : "pilot-institution", "2025-11-25");
    runRules([table], ctx); // warm-up (JIT, caches)
    const r = best(3, () => runRules([table], ctx));
    console.log(
      `   ${name.padEnd(38)} ${fmt(r.ms).padStart(6)} ms  ${fmt((N / r.ms) * 1000).padStart(9)} rows/s  ${fmt(r.value.length)} issues  ${r.ms < 1000 ? "OK (< 1 s)" : "SLOW (target < 1 s)"}`,
    );
  }
}

function benchLocate(): void {
  const N = 100_000;
  const values: SheetGrid["values"] = [
    ["表1 服务对象基本情况"],
    ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
  ];
  for (let i = 0; i < N; i++)
    values.push([
      i + 1,
      `河北某某制造${i}有限公司`,
      "工业互联网",
      `联系人${i % 1000}`,
      `138${String(i).padStart(8, "0")}/u${i}@example.com`,
    ]);
  const grid = { sheets: [{ name: "服务对象", values }] };
  const locator = new Locator(tablesForForm(profile, "pilot-institution"));
  const r = best(3, () => locator.locate(grid));
  console.log(`\n2. Locating tables in a ${fmt(N)}-row sheet: ${fmt(r.ms)} ms (${fmt((N / r.ms) * 1000)} rows/s)`);
  const v = best(1, () => validateGrid(grid, { profile, form: "pilot-institution", today: "2025-11-25" }));
  console.log(`   locate + rules (validateGrid): ${fmt(v.ms)} ms, ${fmt(v.value.rows.targets ?? 0)} rows`);
}

async function benchFiles(): Promise<void> {
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".xlsx")) sources.push(p);
    }
  };
  walk("examples");
  const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-bench-"));
  for (let i = 0; i < 100; i++)
    copyFileSync(
      sources[i % sources.length],
      path.join(dir, `${String(i).padStart(3, "0")}-${path.basename(sources[i % sources.length])}`),
    );
  const inputs = await expandInputs([dir]);
  const t0 = performance.now();
  let rows = 0;
  let issues = 0;
  for (const f of inputs.files) {
    const r = await checkFile(f, { profile, today: "2025-11-25" });
    rows += Object.values(r.validation?.rows ?? {}).reduce((a, b) => a + (b ?? 0), 0);
    issues += r.issues.length;
  }
  const ms = performance.now() - t0;
  console.log(
    `\n3. Read and validate ${inputs.files.length} example workbooks (copies of examples/*.xlsx): ${fmt(ms)} ms total, ${fmt(ms / inputs.files.length)} ms per file, ${fmt(rows)} rows, ${fmt(issues)} issues`,
  );
}

console.log(`pilot-forms benchmarks — command: npm run bench (npx tsx scripts/bench.ts)`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString()}`,
);
benchRules();
benchLocate();
await benchFiles();

// The merge benchmarks' inputs, shared by scripts/bench-merge.ts and scripts/bench-page.ts:
// `files` generated city workbooks (the templates filled with scripts/example-data.ts's
// submissions, varied per copy and spread over the profile's cities) in
// $TMPDIR/pilot-forms-bench-merge-v<version>-<files>/hebei-2025/, generated once and reused,
// and the floor's plain-JavaScript module written beside them (floor.mjs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { FormId } from "../forms/model.js";
import { makeUscc } from "../forms/parse/uscc.js";
import type { Profile } from "../forms/profile.js";
import { buildExamples, prng, type ExampleFile } from "./example-data.js";

export const GENERATOR_VERSION = 1;

export interface BenchPaths {
  /** $TMPDIR/pilot-forms-bench-merge-v<version>-<files>/ */
  benchDir: string;
  /** The folder merged: benchDir/hebei-2025, one subfolder per city. */
  inputDir: string;
  /** Written when the generation is complete: { version, files }. */
  stamp: string;
  /** The floor's module (FLOOR_SOURCE). */
  floorPath: string;
}

export function benchPaths(files: number): BenchPaths {
  const benchDir = path.join(os.tmpdir(), `pilot-forms-bench-merge-v${GENERATOR_VERSION}-${files}`);
  return {
    benchDir,
    inputDir: path.join(benchDir, "hebei-2025"),
    stamp: path.join(benchDir, "complete.json"),
    floorPath: path.join(benchDir, "floor.mjs"),
  };
}

/** Whether the `files` workbooks were generated completely, by this generator version. */
export function inputsAreFresh(files: number): boolean {
  try {
    const s = JSON.parse(readFileSync(benchPaths(files).stamp, "utf8")) as { version: number; files: number };
    return s.version === GENERATOR_VERSION && s.files === files;
  } catch {
    return false;
  }
}

function shortName(city: string): string {
  return city.replace(/(市|新区)$/, "");
}

/** Copy k of an example submission, moved to `city` and varied (names, sizes) so that no two files are alike. */
function variant(file: ExampleFile, k: number, city: string): ExampleFile["data"] {
  const rnd = prng(9000 + k);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const swap = <T>(v: T): T =>
    (typeof v === "string" ? v.replaceAll(file.city, city).replaceAll(shortName(file.city), shortName(city)) : v) as T;
  const data = structuredClone(file.data);
  for (const table of Object.values(data.kv ?? {})) {
    if (!table) continue;
    for (const key of Object.keys(table)) table[key] = swap(table[key]);
    if (typeof table.address === "string") table.address = `${city}某某路${100 + k}号`;
  }
  for (const [id, rows] of Object.entries(data.lists ?? {})) {
    if (!rows) continue;
    for (const row of rows) for (const key of Object.keys(row)) row[key] = swap(row[key]);
    if (id === "targets" && rows.length) {
      // 8 to 80 service targets: rows dropped or repeated (repeats renamed), renumbered.
      const n = int(8, 80);
      const out = [];
      for (let i = 0; i < n; i++) {
        const r = { ...rows[i % rows.length] };
        if (i >= rows.length && typeof r.name === "string") r.name = r.name.replace(/有限公司$/, `${i}号分厂有限公司`);
        r.seq = i + 1;
        out.push(r);
      }
      data.lists!.targets = out;
    }
  }
  if (data.lines) for (const key of Object.keys(data.lines)) data.lines[key] = swap(data.lines[key]);
  return data;
}

export type TemplateBuffer = typeof import("../aggregator/template/write.js").templateBuffer;

/** (Re)generate the `files` workbooks with `templateBuffer` (aggregator/template/write's, from lib/ or the sources). */
export async function generateInputs(profile: Profile, files: number, templateBuffer: TemplateBuffer): Promise<void> {
  const { benchDir, inputDir, stamp } = benchPaths(files);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });
  const examples = buildExamples().files;
  const cities = profile.cities.map((c) => c.name);
  const t0 = performance.now();
  for (let k = 0; k < files; k++) {
    const base = examples[k % examples.length];
    const city = cities[k % cities.length];
    const dir = path.join(inputDir, city);
    await mkdir(dir, { recursive: true });
    const name = `${String(k).padStart(3, "0")}-${path.basename(base.path)}`;
    await writeFile(path.join(dir, name), await templateBuffer(profile, base.form, variant(base, k, city)));
    if ((k + 1) % 100 === 0)
      process.stderr.write(`  generated ${k + 1}/${files} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  writeFileSync(stamp, JSON.stringify({ version: GENERATOR_VERSION, files }));
}

// ---------------------------------------------------------------------------------------
// The floor: read each file, unzip (central directory + inflateRawSync, the fastest way
// measured) and SAX-parse (saxes, the parser exceljs uses) every worksheet part and
// xl/sharedStrings.xml, building nothing. Plain JavaScript, written beside the inputs, so
// that the main thread and the worker threads run exactly the same code.

const saxesUrl = pathToFileURL(createRequire(import.meta.url).resolve("saxes")).href;
export const FLOOR_SOURCE = `// Written by scripts/bench-merge.ts.
import { readFile } from "node:fs/promises";
import zlib from "node:zlib";
import { parentPort, workerData } from "node:worker_threads";
import saxes from ${JSON.stringify(saxesUrl)};
const { SaxesParser } = saxes;

export function parts(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const n = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nl = buf.readUInt16LE(at + 28), xl = buf.readUInt16LE(at + 30), cl = buf.readUInt16LE(at + 32);
    const lho = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nl);
    if (/^xl\\/worksheets\\/[^/]+\\.xml$/.test(name) || name === "xl/sharedStrings.xml") {
      const s = lho + 30 + buf.readUInt16LE(lho + 26) + buf.readUInt16LE(lho + 28);
      const data = buf.subarray(s, s + csize);
      out.push((method === 0 ? data : zlib.inflateRawSync(data)).toString("utf8"));
    }
    at += 46 + nl + xl + cl;
  }
  return out;
}

const noop = () => {};
export function saxFloor(buf) {
  let n = 0;
  for (const xml of parts(buf)) {
    const p = new SaxesParser();
    p.on("opentag", noop);
    p.on("text", noop);
    p.on("closetag", noop);
    p.write(xml).close();
    n += xml.length;
  }
  return n;
}

export async function floorFiles(files, each = saxFloor) {
  let chars = 0;
  for (const f of files) chars += each(await readFile(f));
  return chars;
}

if (parentPort && workerData && workerData.floorFiles) {
  floorFiles(workerData.floorFiles).then((chars) => parentPort.postMessage(chars));
}
`;

export interface FloorModule {
  parts(buf: Buffer): string[];
  floorFiles(files: string[], each?: (buf: Buffer) => number): Promise<number>;
}

// ---------------------------------------------------------------------------------------
// Realistic small city submissions (scripts/bench-scale.ts, issue 13): what cities send —
// the templates filled in with 3 to 40 rows per list table (each sheet opening with its title
// row; the 推荐汇总表 with its 推荐单位/日期 line and its 联系人/手机 footer line; the 申报书 and
// 试点工作方案 with their 签章 lines on 填报说明), several forms per city. The files come in
// bundles, one city per bundle, the profile's cities in turn: 3–12 典型案例申报书 (1–3 联合申报单位),
// the city's 推荐汇总表 listing those cases, a 试点工作方案（服务机构） (3–40 服务对象, 1–6 服务方案,
// 1–3 联合申报单位) and, every other bundle, a 试点工作方案（行业企业）. Every value is drawn from
// a seeded PRNG per bundle, so that no two files are alike and every run gets the same files;
// a few problems come with them (a landline without its area code in one 申报书 in ten, a
// 服务对象 with a mobile number and no e-mail in one row in 25), as real submissions have.
// All are .xlsx (no Word-named copies). Kept apart from generateInputs above, whose files
// bench-merge.ts and bench-page.ts measure.

export const CITY_GENERATOR_VERSION = 1;

export function cityBenchPaths(files: number): BenchPaths {
  const benchDir = path.join(os.tmpdir(), `pilot-forms-bench-scale-v${CITY_GENERATOR_VERSION}-${files}`);
  return {
    benchDir,
    inputDir: path.join(benchDir, "hebei-2025"),
    stamp: path.join(benchDir, "complete.json"),
    floorPath: path.join(benchDir, "floor.mjs"),
  };
}

/** Whether the `files` city submissions were generated completely, by this generator version. */
export function cityInputsAreFresh(files: number): boolean {
  try {
    const s = JSON.parse(readFileSync(cityBenchPaths(files).stamp, "utf8")) as { version: number; files: number };
    return s.version === CITY_GENERATOR_VERSION && s.files === files;
  } catch {
    return false;
  }
}

/** One file to generate: its path under inputDir (city folder / name), form and data. */
export interface CityFile {
  rel: string;
  city: string;
  form: FormId;
  data: ExampleFile["data"];
}

const SYLLABLES = "安邦宝诚达鼎丰福广国海恒宏华嘉建金锦景巨凯康坤力联隆茂明鹏启瑞润盛泰天通伟鑫兴旭亚阳怡永远正中卓";
const TRADES = [
  ["智能装备", "装备工业"],
  ["精密机械", "装备工业"],
  ["钢铁", "原材料工业"],
  ["化工", "原材料工业"],
  ["食品", "消费品工业"],
  ["纺织", "消费品工业"],
  ["电子科技", "电子信息制造业"],
  ["数据服务", "电信和互联网"],
  ["工业互联网", "工业互联网"],
  ["汽车零部件", "车联网"],
  ["医疗器械", "医疗卫生"],
  ["热力", "能源"],
] as const;
const PEOPLE = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔";
const GIVEN = "伟 芳 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 建华 海燕 志强".split(" ");
const INSURER_NAMES = ["中国人民财产保险股份有限公司", "中国太平洋财产保险股份有限公司", "中国平安财产保险股份有限公司"];

/** The files of the city benchmark, in order (cheap: data only, no workbook is built). */
export function cityPlan(profile: Profile, files: number): CityFile[] {
  const out: CityFile[] = [];
  const cities = profile.cities;
  let serial = 0;
  for (let b = 0; out.length < files; b++) {
    const city = cities[b % cities.length];
    const short = shortName(city.name);
    const rnd = prng(70_000 + b);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;
    const company = () => {
      const [trade, industry] = pick(TRADES);
      return { name: `${short}${pick<string>(SYLLABLES)}${pick<string>(SYLLABLES)}${trade}有限公司`, industry };
    };
    const uscc = () => makeUscc("91", city.code, `MA${String((serial++ * 7919) % 1_000_000).padStart(6, "0")}`);
    const person = () => pick<string>(PEOPLE) + pick(GIVEN);
    const mobile = () => `1${pick(["38", "39", "58", "80", "86", "89", "32", "55"])}${String(int(0, 99999999)).padStart(8, "0")}`;
    const mail = () => `c${b}x${int(0, 9999)}@example.com`;
    const date = (day: number) => new Date(Date.UTC(2025, 10, day));
    const insurer = `${pick(INSURER_NAMES)}${short}${city.name.endsWith("市") ? "市" : ""}分公司`;
    const insurerCode = uscc();
    const joints = () =>
      Array.from({ length: int(1, 3) }, (_, i) => ({
        seq: i + 1,
        name: company().name.replace(/有限公司$/, "网络安全技术有限公司"),
        nature: "民营企业",
        category: "网络安全企业",
        uscc: uscc(),
      }));
    const unit = (name: string, code: string) => ({
      date: date(int(10, 27)),
      name,
      region: `河北省${city.name}`,
      uscc: code,
      founded: new Date(Date.UTC(int(1995, 2020), int(0, 11), int(1, 28))),
      address: `${city.name}某某路${int(1, 300)}号`,
      capital: int(1000, 20000),
      contact: person(),
      phone: mobile(),
      email: mail(),
    });
    const dir = city.name;
    const no = () => String(out.length + 1).padStart(5, "0");
    const add = (name: string, form: FormId, data: ExampleFile["data"]) => {
      if (out.length < files) out.push({ rel: path.join(dir, `${no()}-${name}.xlsx`), city: city.name, form, data });
    };

    const cases: { title: string; joint: string }[] = [];
    const nCases = int(3, 12);
    for (let i = 0; i < nCases; i++) {
      const insured = company();
      const title = `${insured.name.replace(/有限公司$/, "")}网络安全保险服务案例`;
      const joint = joints();
      cases.push({ title, joint: String(joint[0].name) });
      const premium = int(3, 30);
      add(`典型案例申报书-${b}-${i + 1}`, "case-application", {
        kv: {
          unit: {
            ...unit(insurer, insurerCode),
            // One in ten with a landline lacking its area code (phone.invalid).
            ...(rnd() < 0.1 ? { phone: `6${String(int(0, 999999)).padStart(6, "0")}` } : {}),
            nature: "国有控股企业",
            category: "保险公司",
            intro: `${insurer}主营财产保险业务，近年来开展网络安全保险业务。`,
          },
          case: {
            title,
            category: pick(["重点行业领域：工业", "重点行业领域：金融", "重点主体：中小企业", "重点主体：产业园区"]),
            buyer: insured.name,
            buyerIndustry: insured.industry,
            insured: insured.name,
            insuredIndustry: insured.industry,
            insurer,
            provider: joint[0].name,
            premium,
            cover: premium * int(20, 80),
            claimed: pick(["是", "否"]),
            adoption: int(1, 40),
            insuredIntro: `${insured.name}成立于${int(2000, 2020)}年，主营${insured.industry}相关业务，保障的风险场景包括勒索软件、数据泄露和生产系统中断。`,
          },
        },
        lists: { joint },
      });
    }
    add(`典型案例推荐汇总表-${b}`, "case-summary", {
      lines: { recommender: `${city.name}工业和信息化局`, date: date(25), contact: person(), phone: mobile() },
      lists: {
        caseSummary: cases.map((c, i) => ({
          seq: i + 1,
          title: c.title,
          applicant: insurer,
          category: "网络安全保险服务机构",
          joint: c.joint,
          description: `${insurer}联合${c.joint}，为被保企业提供保前风险评估、保中安全监测和保后应急处置服务。`,
          contact: person(),
          phone: mobile(),
        })),
      },
    });
    const planUnit = (name: string, code: string) => ({
      ...unit(name, code),
      title: `${city.name}${pick(["工业企业", "中小企业", "产业园区", "车联网"])}网络安全保险服务试点`,
      direction: "工业互联网",
      date: date(int(10, 27)),
      intro: `${name}牵头，联合网络安全企业开展网络安全保险服务试点。`,
    });
    add(`试点工作方案（服务机构）-${b}`, "pilot-institution", {
      kv: { unit: { ...planUnit(insurer, insurerCode), nature: "国有控股企业", category: "保险公司" } },
      lists: {
        joint: joints(),
        targets: Array.from({ length: int(3, 40) }, (_, i) => {
          const t = company();
          // Now and then only a mobile number (contact.email_missing), as clerks write it.
          const contactInfo = rnd() < 0.04 ? mobile() : `${mobile()}/${mail()}`;
          return { seq: i + 1, name: t.name, industry: t.industry, contact: person(), contactInfo };
        }),
        plans: Array.from({ length: int(1, 6) }, (_, i) => ({
          seq: i + 1,
          name: `${short}${pick(["制造业", "中小企业", "工业园区", "车联网", "能源", "医疗"])}网络安全保险服务方案${i + 1}`,
          type: i % 2 ? "重点主体" : "重点行业领域",
          industry: i % 2 ? "中小企业" : "工业",
          contact: person(),
          contactInfo: `${mobile()}/${mail()}`,
        })),
      },
    });
    if (b % 2) {
      const firm = company();
      add(`试点工作方案（行业企业）-${b}`, "pilot-enterprise", {
        kv: { unit: { ...planUnit(firm.name, uscc()), nature: "民营企业" } },
        lists: { joint: joints() },
      });
    }
  }
  return out;
}

/**
 * Write the files of `plan` whose index is lane modulo lanes (generation runs in several
 * processes on a machine with several cores) into cityBenchPaths(plan.length).inputDir.
 */
export async function writeCityFiles(
  profile: Profile,
  plan: CityFile[],
  templateBuffer: TemplateBuffer,
  lane = 0,
  lanes = 1,
): Promise<void> {
  const { inputDir } = cityBenchPaths(plan.length);
  const t0 = performance.now();
  let n = 0;
  for (let k = lane; k < plan.length; k += lanes) {
    const f = plan[k];
    const file = path.join(inputDir, f.rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await templateBuffer(profile, f.form, f.data));
    if (++n % 500 === 0)
      process.stderr.write(`  lane ${lane}: generated ${n} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

/** Start a generation: the folder emptied. */
export function resetCityInputs(files: number): void {
  const { benchDir, inputDir } = cityBenchPaths(files);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });
}

/** End a generation: the stamp that cityInputsAreFresh reads. */
export function stampCityInputs(files: number): void {
  writeFileSync(cityBenchPaths(files).stamp, JSON.stringify({ version: CITY_GENERATOR_VERSION, files }));
}

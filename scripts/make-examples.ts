// Writes examples/: realistic invented hebei-2025 submissions made from the templates
// (scripts/example-data.ts), plus what cities really send besides: a plan typed by hand from
// the Word form (唐山), a 服务对象 list typed in an old Excel and saved as .xls (保定), a
// plan saved as .xls and cut short in transfer (定州), a scanned stamped letter as PDF (石家庄), a
// 典型案例申报书 filled in Word (雄安), a city that sends only a Word 申报书 and no 推荐汇总表 (廊坊),
// one city's materials sent as one .zip (辛集市材料.zip) — and
// examples/planted.json listing every planted problem with its cell.
//   npx tsx scripts/make-examples.ts [outDir]
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findProfile } from "../forms/profiles/index.js";
import { tablesForForm } from "../forms/tables.js";
import { a1 } from "../forms/address.js";
import type { FormId, TableId } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { keyValueCell, templateBuffer, LIST_HEADER_ROW, SUMMARY_HEADER_ROW } from "../aggregator/template/write.js";
import { deterministicXlsx, FIXED_DATE, writeZip } from "../aggregator/xlsx/deterministic.js";
import { partText } from "../aggregator/xlsx/bulk-rows.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import { wordForm } from "../test/fixtures/word.js";
import { Packer } from "docx";
import { buildExamples, type Planted } from "./example-data.js";
import { pastedInstitutionPlan } from "../test/fixtures/handmade.js";
import * as XLSX from "@e965/xlsx";
import { BAODING_OLD_XLS, baodingOldTargets, type HandPlanted, type HandSheet } from "./example-data.js";

/** The cell a planted value was written to, from the template layout. */
export function plantedCell(profile: Profile, form: FormId, table: TableId, field: string, row?: number): string {
  const def = tablesForForm(profile, form).find((d) => d.id === table)!;
  const index = def.fields.findIndex((f) => f.key === field);
  if (def.layout === "keyValue") return keyValueCell(def, field);
  const header = table === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW;
  return a1(header + (row ?? 0), index);
}

export async function writeExamples(
  outDir = "examples",
): Promise<{ files: string[]; planted: ((Planted & { cell: string }) | HandPlanted)[] }> {
  const profile = findProfile("hebei-2025")!;
  const { files, planted } = buildExamples();
  await rm(path.join(outDir, "hebei-2025"), { recursive: true, force: true });
  const written: string[] = [];
  for (const f of files) {
    const target = path.join(outDir, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    const xlsx = await templateBuffer(profile, f.form, f.data);
    await writeFile(target, f.path.endsWith(".docx") ? await wordTwin(xlsx, path.basename(f.path)) : xlsx);
    written.push(target);
  }
  // A plan typed by hand from the Word form, everything on one sheet (唐山).
  const handmade = pastedInstitutionPlan({ targets: 18 });
  handmade.created = FIXED_DATE;
  handmade.modified = FIXED_DATE;
  const handPath = path.join(outDir, "hebei-2025/唐山市/手工录入-试点工作方案.xlsx");
  await writeFile(handPath, await deterministicXlsx(new Uint8Array((await handmade.xlsx.writeBuffer()) as ArrayBuffer)));
  written.push(handPath);
  // 保定's 服务对象 list typed by hand in an old Excel and saved as .xls (BIFF8).
  const old = baodingOldTargets();
  const xlsPath = path.join(outDir, BAODING_OLD_XLS);
  await writeFile(xlsPath, biff8Workbook([old.sheet]));
  written.push(xlsPath);
  // 定州's plan saved as an old .xls and sent again, cut short in transfer: the demo's 无法读取.
  const cutPath = path.join(outDir, TRUNCATED);
  const whole = XLSX.read(await readFile(path.join(outDir, "hebei-2025/定州市/试点工作方案（服务机构）.xlsx")));
  const xls = biff8(whole);
  await writeFile(cutPath, xls.subarray(0, Math.floor(xls.length * 0.6)));
  written.push(cutPath);
  // 石家庄's stamped recommendation letter, scanned to PDF and put in with the spreadsheets.
  const pdfPath = path.join(outDir, STAMPED_PDF);
  await writeFile(pdfPath, stampedLetterPdf());
  written.push(pdfPath);

  const withCells = planted.map((p) => {
    const f = files.find((x) => x.path === p.file)!;
    const cell = f.path.endsWith(".docx")
      ? WORD_CELLS[`${p.table}.${p.field}`]
      : plantedCell(profile, f.form, p.table, p.field, p.row);
    if (!cell) throw new Error(`no Word cell known for ${p.table}.${p.field}`);
    return { ...p, file: delivered(p.file), cell };
  });
  const all: ((Planted & { cell: string }) | HandPlanted)[] = [...withCells, ...old.planted];
  // 辛集's materials sent as one .zip: the folder's files at its top level, the city from its name.
  const xjDir = path.join(outDir, XINJI_DIR);
  const members = (await readdir(xjDir)).sort();
  const parts: [string, Uint8Array][] = [];
  for (const m of members) parts.push([m, new Uint8Array(await readFile(path.join(xjDir, m)))]);
  await rm(xjDir, { recursive: true, force: true });
  const zipPath = path.join(outDir, XINJI_ZIP);
  await writeFile(zipPath, writeZip(parts, FIXED_DATE, 6));
  const kept = written.filter((w) => path.dirname(w) !== xjDir);
  kept.push(zipPath);
  written.length = 0;
  written.push(...kept);
  await writeFile(path.join(outDir, "planted.json"), JSON.stringify(all, null, 2) + "\n");
  return { files: written, planted: all };
}

export const TRUNCATED = "hebei-2025/定州市/试点工作方案（传输中断）.xls";
/** 辛集's folder, delivered as XINJI_ZIP (its files at the zip's top level). */
export const XINJI_DIR = "hebei-2025/辛集市";
export const XINJI_ZIP = "hebei-2025/辛集市材料.zip";

/** Where a generated file ends up: 辛集's files are members of XINJI_ZIP (path inside it after the zip's name). */
export function delivered(file: string): string {
  return file.startsWith(`${XINJI_DIR}/`) ? `${XINJI_ZIP}/${file.slice(XINJI_DIR.length + 1)}` : file;
}

/** Where a planted value of the Word 申报书 lands: 表格1's 联系电话 value (row 6, after 申报单位, 名称, 地区, 代码, 地址). */
const WORD_CELLS: Record<string, string> = { "unit.phone": "E6" };

/**
 * A template-filled 申报书 laid out as the official Word form (test/fixtures/word.ts). docx's
 * Packer stamps core.xml with the current time and its zip with the current date: the dates
 * are fixed and the package re-zipped deterministically; checked to give the same bytes twice.
 */
async function wordTwin(xlsx: Buffer | Uint8Array, name: string): Promise<Buffer> {
  const read = await readWorkbook({ bytes: new Uint8Array(xlsx), name: name.replace(/\.docx$/, ".xlsx") });
  if (!read.ok) throw new Error(read.message);
  const stamp = FIXED_DATE.toISOString().replace(/\.\d{3}Z$/, "Z");
  const once = async () => {
    const doc = wordForm(read.grid, 1, undefined, { creator: "user", lastModifiedBy: "user" });
    return deterministicXlsx(new Uint8Array(await Packer.toBuffer(doc)), FIXED_DATE, 6, (parts) => {
      const xml = partText(parts, "docProps/core.xml");
      if (xml === undefined) return;
      parts.set("docProps/core.xml", xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`));
    });
  };
  const a = await once();
  const b = await once();
  if (Buffer.compare(a, b) !== 0) throw new Error("docx wrote the Word 申报书 differently twice");
  return a;
}
export const STAMPED_PDF = "hebei-2025/石家庄市/推荐函（盖章扫描件）.pdf";

/** Hand-made sheets as an Excel 97–2003 workbook (BIFF8), the same bytes every time. */
export function biff8Workbook(sheets: HandSheet[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows);
    ws["!merges"] = s.merges.map((m) => XLSX.utils.decode_range(m));
    ws["!cols"] = s.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return biff8(wb);
}

/** SheetJS's BIFF8 writer with fixed document properties; checked to give the same bytes twice. */
function biff8(wb: XLSX.WorkBook): Buffer {
  wb.Props = { Author: "user", LastAuthor: "user", CreatedDate: FIXED_DATE, ModifiedDate: FIXED_DATE };
  const once = Buffer.from(XLSX.write(wb, { type: "buffer", bookType: "biff8" }) as Buffer);
  const twice = Buffer.from(XLSX.write(wb, { type: "buffer", bookType: "biff8" }) as Buffer);
  if (Buffer.compare(once, twice) !== 0) throw new Error("SheetJS wrote the .xls differently twice");
  return once;
}

/** A one-page PDF (A4) standing for a scanned, stamped 推荐函: valid, minimal, fixed bytes. */
export function stampedLetterPdf(): Buffer {
  const content = [
    "BT /F1 16 Tf 180 760 Td (Recommendation letter - scanned copy) Tj ET",
    "BT /F1 11 Tf 72 700 Td (Shijiazhuang Bureau of Industry and Information Technology) Tj ET",
    "1 0 0 RG 3 w 470 150 m 470 183 503 210 540 210 c 577 210 610 183 610 150 c 610 117 577 90 540 90 c 503 90 470 117 470 150 c S",
    "BT /F1 9 Tf 510 146 Td (SEAL) Tj ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    "<< /Title (Recommendation letter) /Producer (scanner) /CreationDate (D:20251124090000+08'00') >>",
  ];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "examples";
  const { files, planted } = await writeExamples(out);
  for (const f of files) console.log(f.split(path.sep).join("/"));
  console.log(`${files.length} 个文件，${planted.length} 个预置问题（见 ${out}/planted.json）`);
}

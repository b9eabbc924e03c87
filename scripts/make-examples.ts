// Writes examples/: realistic invented hebei-2025 submissions made from the templates
// (scripts/example-data.ts), plus one workbook typed by hand from the Word form and one
// old-format file, and examples/planted.json listing every planted problem with its cell.
//   npx tsx scripts/make-examples.ts [outDir]
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findProfile } from "../forms/profiles/index.js";
import { tablesForForm } from "../forms/tables.js";
import { a1 } from "../forms/address.js";
import type { FormId, TableId } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { templateBuffer, LIST_HEADER_ROW, SUMMARY_HEADER_ROW } from "../aggregator/template/write.js";
import { deterministicXlsx, FIXED_DATE } from "../aggregator/xlsx/deterministic.js";
import { buildExamples, type Planted } from "./example-data.js";
import { pastedInstitutionPlan } from "../test/fixtures/handmade.js";
import { biffWorkbookStream, buildOle } from "../test/read/helpers.js";

/** The cell a planted value was written to, from the template layout. */
export function plantedCell(profile: Profile, form: FormId, table: TableId, field: string, row?: number): string {
  const def = tablesForForm(profile, form).find((d) => d.id === table)!;
  const index = def.fields.findIndex((f) => f.key === field);
  if (def.layout === "keyValue") return a1(index + 1, 1);
  const header = table === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW;
  return a1(header + (row ?? 0), index);
}

export async function writeExamples(outDir = "examples"): Promise<{ files: string[]; planted: (Planted & { cell: string })[] }> {
  const profile = findProfile("hebei-2025")!;
  const { files, planted } = buildExamples();
  await rm(path.join(outDir, "hebei-2025"), { recursive: true, force: true });
  const written: string[] = [];
  for (const f of files) {
    const target = path.join(outDir, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await templateBuffer(profile, f.form, f.data));
    written.push(target);
  }
  // A plan typed by hand from the Word form, everything on one sheet (唐山).
  const handmade = pastedInstitutionPlan({ targets: 18 });
  handmade.created = FIXED_DATE;
  handmade.modified = FIXED_DATE;
  const handPath = path.join(outDir, "hebei-2025/唐山市/手工录入-试点工作方案.xlsx");
  await writeFile(handPath, await deterministicXlsx(new Uint8Array((await handmade.xlsx.writeBuffer()) as ArrayBuffer)));
  written.push(handPath);
  // An old-format .xls that must be reported, not merged (保定).
  const xlsPath = path.join(outDir, "hebei-2025/保定市/旧版汇总.xls");
  await writeFile(xlsPath, buildOle([{ name: "Workbook", data: biffWorkbookStream() }]));
  written.push(xlsPath);

  const withCells = planted.map((p) => {
    const f = files.find((x) => x.path === p.file)!;
    return { ...p, cell: plantedCell(profile, f.form, p.table, p.field, p.row) };
  });
  await writeFile(path.join(outDir, "planted.json"), JSON.stringify(withCells, null, 2) + "\n");
  return { files: written, planted: withCells };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "examples";
  const { files, planted } = await writeExamples(out);
  for (const f of files) console.log(f.split(path.sep).join("/"));
  console.log(`${files.length} 个文件，${planted.length} 个预置问题（见 ${out}/planted.json）`);
}

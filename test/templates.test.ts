// The blank templates (templates/<profile>/<form>.xlsx): up to date with the definitions,
// byte-deterministic, structured as the definitions say, readable by our own reader, and
// readable by a second program (LibreOffice converts every one of them to PDF).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { builtInProfiles } from "../forms/profiles/index.js";
import { tablesForForm, type FieldDef } from "../forms/tables.js";
import { META_SHEET, TEMPLATE_VERSION, parseMeta } from "../forms/meta.js";
import { normalizeHeading } from "../forms/parse/text.js";
import { detectForm, Locator } from "../forms/locate.js";
import { columnLetter } from "../forms/address.js";
import type { FormId } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { gridFromExcelJs } from "../aggregator/read/workbook.js";
import { templateJobs, writeAllTemplates } from "../aggregator/template/all.js";
import {
  INSTRUCTIONS_SHEET,
  LIST_HEADER_ROW,
  OPTIONS_SHEET,
  SUMMARY_HEADER_ROW,
  VALIDATION_LAST_ROW,
  buildTemplate,
  keyValueCell,
  keyValueLayout,
  lengthPrompt,
  optionListName,
  printedOptions,
  tableName,
  templateBuffer,
  templateFileName,
  templateRelativePath,
  templateRows,
} from "../aggregator/template/write.js";
import { FIXED_DATE, deterministicXlsx } from "../aggregator/xlsx/deterministic.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COMMITTED = join(ROOT, "templates");
const JOBS = templateJobs();

let tmp: string;
let fresh: string;
const books = new Map<string, ExcelJS.Workbook>();
const key = (p: Profile, f: FormId) => `${p.id}/${f}`;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "pilot-forms-templates-"));
  fresh = join(tmp, "templates");
  await writeAllTemplates(fresh);
  for (const { profile, form } of JOBS) {
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(join(fresh, templateRelativePath(profile, form)));
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    books.set(key(profile, form), wb);
  }
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** .xlsx files under `base`, as "profile/file.xlsx". */
function filesUnder(base: string, dir = base): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(base, p));
    else if (e.name.endsWith(".xlsx")) out.push(relative(base, p).split(sep).join("/"));
  }
  return out.sort();
}

/** exceljs has dataValidations at runtime but not in its type definitions. */
type DV = {
  type?: string;
  formulae?: unknown[];
  errorStyle?: string;
  showErrorMessage?: boolean;
  prompt?: string;
  promptTitle?: string;
  operator?: string;
};
function validations(ws: ExcelJS.Worksheet): Record<string, DV | undefined> {
  return (ws as unknown as { dataValidations: { model: Record<string, DV | undefined> } }).dataValidations.model;
}

function text(ws: ExcelJS.Worksheet, address: string): string {
  const v = ws.getCell(address).value;
  return v === null || v === undefined ? "" : String(v);
}

/** The cells a defined name refers to on the 选项 sheet. */
function namedValues(wb: ExcelJS.Workbook, name: string): string[] {
  const model = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  const entry = model.find((m) => m.name === name);
  expect(entry, `defined name ${name}`).toBeDefined();
  const [range] = entry!.ranges;
  const m = /^'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(range);
  expect(m, `range of ${name}: ${range}`).not.toBeNull();
  const [, sheet, col, from, , to] = m!;
  expect(sheet).toBe(OPTIONS_SHEET);
  const ws = wb.getWorksheet(OPTIONS_SHEET)!;
  const out: string[] = [];
  for (let r = Number(from); r <= Number(to); r++) out.push(text(ws, `${col}${r}`));
  return out;
}

describe("templates/ is up to date", () => {
  it("every committed template equals a freshly generated one, byte for byte", () => {
    const expected = filesUnder(fresh);
    const committed = filesUnder(COMMITTED);
    const problems: string[] = [];
    for (const f of expected) {
      if (!committed.includes(f)) problems.push(`missing: templates/${f}`);
      else if (!readFileSync(join(COMMITTED, f)).equals(readFileSync(join(fresh, f)))) problems.push(`differs: templates/${f}`);
    }
    for (const f of committed) if (!expected.includes(f)) problems.push(`no longer generated: templates/${f}`);
    expect(problems, `templates/ is out of date: run npm run templates\n  ${problems.join("\n  ")}`).toEqual([]);
  });

  it("one template per profile and form, under templates/<profile-id>/", () => {
    expect(JOBS.length).toBe(builtInProfiles().reduce((n, p) => n + p.forms.length, 0));
    const hebei = builtInProfiles().find((p) => p.id === "hebei-2025")!;
    expect(templateRelativePath(hebei, "case-summary")).toBe("hebei-2025/网络安全保险服务典型案例推荐汇总表.xlsx");
    expect(templateFileName(hebei, "pilot-institution")).toBe("网络安全保险服务试点工作方案（网络安全保险服务机构）.xlsx");
    expect(new Set(JOBS.map((j) => templateRelativePath(j.profile, j.form))).size).toBe(JOBS.length);
  });
});

describe("deterministic output", () => {
  it("two builds of every template are byte-identical", async () => {
    for (const { profile, form } of JOBS) {
      const [a, b] = [await templateBuffer(profile, form), await templateBuffer(profile, form)];
      expect(a.equals(b), `${profile.id} ${form}`).toBe(true);
    }
  });

  it("every zip entry carries the fixed date, [Content_Types].xml first, no directory entries", async () => {
    const { profile, form } = JOBS[0];
    const zip = await JSZip.loadAsync(await templateBuffer(profile, form));
    const names = Object.keys(zip.files);
    expect(names[0]).toBe("[Content_Types].xml");
    for (const n of names) {
      expect(zip.files[n].dir).toBe(false);
      expect(zip.files[n].date.getTime(), n).toBe(FIXED_DATE.getTime());
    }
    const core = await zip.file("docProps/core.xml")!.async("string");
    expect(core).toContain("2025-01-01T00:00:00Z");
  });

  it("deterministicXlsx removes entry dates and entry order from the bytes", async () => {
    const make = async (date: Date, reverse: boolean) => {
      const z = new JSZip();
      const entries: [string, string][] = [
        ["[Content_Types].xml", "<Types/>"],
        ["xl/workbook.xml", "<workbook/>"],
        ["_rels/.rels", "<Relationships/>"],
      ];
      for (const [n, c] of reverse ? entries.reverse() : entries) z.file(n, c, { date });
      return z.generateAsync({ type: "nodebuffer", compression: "STORE" });
    };
    const a = await make(new Date("2020-05-06T07:08:10Z"), false);
    const b = await make(new Date("2024-12-31T23:59:58Z"), true);
    expect(a.equals(b)).toBe(false);
    const [da, db] = [await deterministicXlsx(a), await deterministicXlsx(b)];
    expect(da.equals(db)).toBe(true);
    expect((await deterministicXlsx(da)).equals(da)).toBe(true);
  });
});

describe.each(JOBS.map((j) => ({ ...j, name: `${j.profile.id} ${j.form}` })))("template $name", ({ profile, form }) => {
  const defs = tablesForForm(profile, form);
  const book = () => books.get(key(profile, form))!;

  it("has 填报说明 first, one sheet per table in form order, hidden 选项 and very hidden metadata", () => {
    const wb = book();
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      INSTRUCTIONS_SHEET,
      ...defs.map((d) => d.sheet),
      OPTIONS_SHEET,
      META_SHEET,
    ]);
    expect(wb.worksheets.map((ws) => ws.state)).toEqual(["visible", ...defs.map(() => "visible"), "hidden", "veryHidden"]);
    const meta = wb.getWorksheet(META_SHEET)!;
    const rows: string[][] = [];
    meta.eachRow((row) => rows.push([text(meta, `A${row.number}`), text(meta, `B${row.number}`)]));
    expect(parseMeta({ name: META_SHEET, values: rows })).toEqual({
      form,
      profile: profile.id,
      templateVersion: TEMPLATE_VERSION,
    });
    expect(wb.creator).toBe("pilot-forms");
    expect(wb.title).toBe(profile.forms.find((f) => f.id === form)!.name);
    expect(wb.created.getTime()).toBe(FIXED_DATE.getTime());
  });

  it("quotes the notice, the deadline and the instructions in 填报说明", () => {
    const ws = book().getWorksheet(INSTRUCTIONS_SHEET)!;
    const lines: string[] = [];
    ws.eachRow((row) => lines.push(text(ws, `A${row.number}`)));
    const edition = profile.forms.find((f) => f.id === form)!;
    expect(lines[0]).toBe(edition.name);
    const all = lines.join("\n");
    expect(all).toContain(profile.notice);
    expect(all).toContain(profile.noticeTitle);
    if (edition.deadline) {
      const [y, m, d] = edition.deadline.split("-").map(Number);
      expect(all).toContain(`${y}年${m}月${d}日`);
    }
    for (const i of edition.instructions) expect(lines).toContain(i);
    if (defs.some((d) => d.layout === "list"))
      expect(all).toContain("在表格最后一行按 Tab 键或直接在下方输入即可增加行，下拉选项和校验会自动延续");
    expect(all).toContain(".xlsx");
    for (const d of defs) for (const f of d.fields) if (f.maxWords) expect(all).toContain(`“${f.label}”不超过${f.maxWords}字`);
    // The cover page's lines (label：value drawn from the tables) sit on this sheet, which the
    // reader leaves alone: no table is found on it, however the lines read.
    const grid = gridFromExcelJs(book());
    const located = new Locator(defs).locate(grid);
    expect(located.tables.filter((t) => t.sheet === INSTRUCTIONS_SHEET)).toEqual([]);
    expect(located.sheets.find((x) => x.name === INSTRUCTIONS_SHEET)?.status).toBe("ignored");
    // Our conventions do not look like label：value either (they are read by people only, but a copy may be pasted).
    const labels = defs
      .filter((d) => d.layout === "keyValue")
      .flatMap((d) => d.fields.flatMap((f) => [f.label, ...(f.aliases ?? [])]));
    const conventionLines = lines.filter((l) => /^\d+\. /.test(l));
    expect(conventionLines.length).toBeGreaterThan(3);
    for (const line of conventionLines)
      for (const l of labels) expect(normalizeHeading(line).includes(normalizeHeading(l) + ":"), `${line} / ${l}`).toBe(false);
  });

  for (const def of defs) {
    if (def.layout === "list") {
      const summary = def.id === "caseSummary";
      const headerRow = summary ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW;
      const first = headerRow + 1;
      const rows = templateRows(def);
      const last = headerRow + rows;
      const lastCol = columnLetter(def.fields.length - 1);

      it(`${def.sheet}: heading, exact header labels, an Excel table with filter buttons and pre-numbered rows`, () => {
        const ws = book().getWorksheet(def.sheet)!;
        expect(text(ws, "A1")).toBe(def.heading);
        def.fields.forEach((f, i) => expect(text(ws, `${columnLetter(i)}${headerRow}`)).toBe(f.label));
        const table = ws.getTable(tableName(def)) as unknown as { table?: Record<string, unknown> } & Record<string, unknown>;
        expect(table, `table ${tableName(def)}`).toBeDefined();
        const model = (table.table ?? table) as {
          tableRef: string;
          headerRow: boolean;
          columns: { name: string; filterButton?: boolean }[];
        };
        expect(model.tableRef).toBe(`A${headerRow}:${lastCol}${last}`);
        expect(model.headerRow).toBe(true);
        expect(model.columns.map((c) => c.name)).toEqual(def.fields.map((f) => f.label));
        expect(model.columns.every((c) => c.filterButton)).toBe(true);
        expect(tableName(def)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        for (let r = first; r <= last; r++) expect(ws.getCell(`A${r}`).value).toBe(r - headerRow);
        if (def.id === "targets") expect(rows).toBeGreaterThanOrEqual(15);
        // No merged cell inside the table, no notes on its sheet.
        const merges = (ws.model as unknown as { merges: string[] }).merges;
        for (const m of merges) {
          const rowsOf = m.match(/\d+/g)!.map(Number);
          expect(Math.max(...rowsOf) < headerRow || Math.min(...rowsOf) > last, `merge ${m}`).toBe(true);
        }
        ws.eachRow((row) => row.eachCell((cell) => expect(cell.note, cell.address).toBeUndefined()));
      });

      it(`${def.sheet}: dropdowns from the 选项 sheet and checks over the rows and below`, () => {
        const wb = book();
        const ws = wb.getWorksheet(def.sheet)!;
        const dv = validations(ws);
        // Every list down to VALIDATION_LAST_ROW; the 推荐汇总表 around its footer line (two rows below its printed rows).
        const bottom = VALIDATION_LAST_ROW;
        const footer = summary ? last + 2 : undefined;
        def.fields.forEach((f, i) => {
          const col = columnLetter(i);
          const v = dv[`${col}${first}`];
          if (f.kind === "enum" && f.options?.length) {
            expect(v?.type, `${f.label}`).toBe("list");
            expect(v?.formulae).toEqual([optionListName(def, f)]);
            expect(namedValues(wb, optionListName(def, f))).toEqual(f.options);
            expect(v?.errorStyle).toBe(
              f.closed && !f.options.some((o) => /^其他（.*(注明|备注)/.test(o)) ? "stop" : f.closed ? "warning" : "information",
            );
            expect(dv[`${col}${bottom}`]).toEqual(v);
            expect(dv[`${col}${bottom + 1}`]).toBeUndefined();
            if (footer) {
              expect(dv[`${col}${footer - 1}`]).toEqual(v);
              expect(dv[`${col}${footer}`]).toBeUndefined();
              expect(dv[`${col}${footer + 1}`]).toEqual(v);
            }
          }
          if (f.prompt) expect(v?.prompt).toBe(f.maxWords ? lengthPrompt(f.prompt, f.maxWords) : f.prompt);
          if (f.maxWords) expect(v).toMatchObject({ type: "textLength", operator: "lessThan", formulae: [f.maxWords] });
        });
        for (const v of Object.values(dv)) if (v?.type === "list") expect(String(v.formulae?.[0])).toMatch(/^opt_\w+$/);
        const maxRow = Math.max(...Object.keys(dv).map((a) => Number(a.replace(/^[A-Z]+/, ""))));
        expect(maxRow).toBeLessThanOrEqual(VALIDATION_LAST_ROW);
      });

      it(`${def.sheet}: frozen header, A4 print setup with the header repeated and page numbers`, () => {
        const ws = book().getWorksheet(def.sheet)!;
        expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: headerRow });
        expect(ws.pageSetup).toMatchObject({
          paperSize: 9,
          orientation: def.fields.length >= 5 ? "landscape" : "portrait",
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: `${headerRow}:${headerRow}`,
        });
        expect(ws.headerFooter.oddFooter).toContain("&P");
        expect(ws.headerFooter.oddFooter).toContain("&N");
      });

      if (summary)
        it(`${def.sheet}: 推荐单位/日期 above and 联系人/手机座机 below, each label in its own cell`, () => {
          const ws = book().getWorksheet(def.sheet)!;
          const [recommender, date] = def.header!;
          const [contact, phone] = def.footer!;
          expect(text(ws, "B2")).toBe(`${recommender.label}：`);
          expect(ws.getCell("C2").value).toBeNull();
          expect(text(ws, `${columnLetter(def.fields.length - 3)}2`)).toBe(`${date.label}：`);
          const footer = last + 2;
          expect(text(ws, `B${footer}`)).toBe(`${contact.label}：`);
          expect(text(ws, `D${footer}`)).toBe(`${phone.label}：`);
          expect(validations(ws)[`${columnLetter(def.fields.length - 2)}2`]?.type).toBe("date");
        });
    } else {
      it(`${def.sheet}: exact labels beside their value cells as keyValueLayout places them, dropdowns and prompts`, () => {
        const wb = book();
        const ws = wb.getWorksheet(def.sheet)!;
        expect(text(ws, "A1")).toBe(def.heading);
        const dv = validations(ws);
        const layout = keyValueLayout(def);
        expect(layout.slots.map((x) => x.field.key).sort()).toEqual(def.fields.map((f: FieldDef) => f.key).sort());
        for (const { field: f, row: r, label, value } of layout.slots) {
          const cell = `${columnLetter(value - 1)}${r}`;
          expect(text(ws, `${columnLetter(label - 1)}${r}`)).toBe(f.label);
          expect(ws.getCell(cell).value).toBeNull();
          if (f.kind === "longText") expect(ws.getRow(r).height).toBeGreaterThanOrEqual(100);
          const v = dv[cell];
          if (f.kind === "enum" && f.options?.length) {
            expect(v?.type).toBe("list");
            expect(namedValues(wb, optionListName(def, f))).toEqual(f.options);
          }
          if (f.prompt) expect(v?.prompt).toBe(f.maxWords ? lengthPrompt(f.prompt, f.maxWords) : f.prompt);
          if (f.maxWords) expect(v).toMatchObject({ type: "textLength", operator: "lessThan", formulae: [f.maxWords] });
          if (f.kind === "creditCode" || f.kind === "phone") expect(ws.getCell(cell).numFmt).toBe("@");
        }
        expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "portrait", fitToWidth: 1 });
      });
    }
  }

  it("is read back by our reader as this form with every table and no data", () => {
    const grid = gridFromExcelJs(book());
    const detected = detectForm(
      grid,
      profile.forms.map((f) => ({ form: f.id, defs: tablesForForm(profile, f.id) })),
    );
    expect(detected?.form).toBe(form);
    const located = new Locator(defs).locate(grid);
    expect(located.tables.map((t) => t.table)).toEqual(defs.map((d) => d.id));
    for (const t of located.tables) {
      const def = defs.find((d) => d.id === t.table)!;
      // A blank template has no data: lists without rows, key–value tables without a record.
      expect(t.records, t.table).toEqual([]);
      if (def.header) {
        for (const f of [...def.header, ...(def.footer ?? [])])
          expect(t.meta?.labelCells?.[f.key], `${f.label} found`).toBeDefined();
        for (const f of [...def.header, ...(def.footer ?? [])]) expect(t.meta?.fields[f.key]?.value ?? null, f.label).toBeNull();
      }
    }
    expect(located.sheets.filter((s) => s.status === "unrecognized")).toEqual([]);
  });
});

describe("a filled-in template reads back where the clerk typed", () => {
  it("key–value values in their value cells, list rows below the header, summary lines beside their labels", async () => {
    const hebei = builtInProfiles().find((p) => p.id === "hebei-2025")!;
    for (const form of ["case-application", "case-summary", "pilot-institution"] as FormId[]) {
      const wb = buildTemplate(hebei, form);
      const defs = tablesForForm(hebei, form);
      const expected = new Map<string, string>();
      for (const def of defs) {
        const ws = wb.getWorksheet(def.sheet)!;
        if (def.layout === "keyValue") {
          def.fields.forEach((f) => {
            const value = f.kind === "enum" ? f.options![0] : `值${def.id}${f.key}`;
            const cell = keyValueCell(def, f.key);
            ws.getCell(cell).value = value;
            expected.set(`${def.id}.${f.key}`, `${cell}=${value}`);
          });
        } else {
          const headerRow = def.id === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW;
          // Row 2 of the table (row 1 stays a pre-numbered, unused row).
          def.fields.forEach((f, i) => {
            if (f.kind === "seq") return;
            const address = `${columnLetter(i)}${headerRow + 2}`;
            ws.getCell(address).value = `值${def.id}${f.key}`;
            expected.set(`${def.id}.${f.key}`, `${address}=值${def.id}${f.key}`);
          });
          if (def.header) {
            ws.getCell("C2").value = "某市工业和信息化局";
            expected.set(`${def.id}.meta.recommender`, "C2=某市工业和信息化局");
            const footer = headerRow + templateRows(def) + 2;
            ws.getCell(`C${footer}`).value = "张三";
            ws.getCell(`E${footer}`).value = "0311-86699155";
            expected.set(`${def.id}.meta.contact`, `C${footer}=张三`);
            expected.set(`${def.id}.meta.phone`, `E${footer}=0311-86699155`);
          }
        }
      }
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(await wb.xlsx.writeBuffer());
      const located = new Locator(defs).locate(gridFromExcelJs(back));
      const got = new Map<string, string>();
      for (const t of located.tables) {
        expect(t.records.length, `${form} ${t.table}`).toBe(1);
        for (const [k, v] of Object.entries(t.records[0].fields))
          if (v && v.value !== null && k !== "seq") got.set(`${t.table}.${k}`, `${v.cell}=${String(v.value)}`);
        for (const [k, v] of Object.entries(t.meta?.fields ?? {}))
          if (v && v.value !== null) got.set(`${t.table}.meta.${k}`, `${v.cell}=${String(v.value)}`);
      }
      expect(Object.fromEntries(got), form).toEqual(Object.fromEntries(expected));
    }
  });
});

// --- LibreOffice: a second program opens every template and prints it --------------------

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: "ignore" });
  return !r.error;
}

const SOFFICE = has("soffice", ["--version"]);
const PDFINFO = has("pdfinfo", ["-v"]);
const PDFTOTEXT = has("pdftotext", ["-v"]);
if (!SOFFICE || !PDFINFO)
  console.warn(
    "templates.test: LibreOffice (soffice) or poppler-utils (pdfinfo) is not installed: the PDF conversion test is skipped. CI installs both (.ci/run).",
  );

describe.skipIf(!SOFFICE || !PDFINFO)("LibreOffice converts every template to PDF", () => {
  it("gives an A4 PDF per template, one page or more per sheet, with the Chinese headings in it", () => {
    const input = join(tmp, "pdf-in");
    const output = join(tmp, "pdf-out");
    mkdirSync(input, { recursive: true });
    mkdirSync(output, { recursive: true });
    // Several profiles share file names: copy to unique ASCII names, convert all in one run.
    const files = JOBS.map(({ profile, form }) => {
      const name = `${profile.id}__${form}`;
      copyFileSync(join(fresh, templateRelativePath(profile, form)), join(input, `${name}.xlsx`));
      return { name, profile, form };
    });
    const r = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=${pathToFileURL(join(tmp, "lo-profile")).href}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        output,
        ...files.map((f) => join(input, `${f.name}.xlsx`)),
      ],
      { encoding: "utf8", timeout: 170_000 },
    );
    expect(r.error, r.stderr).toBeUndefined();
    const problems: string[] = [];
    for (const { name, profile, form } of files) {
      const pdf = join(output, `${name}.pdf`);
      if (!existsSync(pdf)) {
        problems.push(`${name}: no PDF (${r.stdout} ${r.stderr})`);
        continue;
      }
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
      const defs = tablesForForm(profile, form);
      // 填报说明 and every form sheet start a page of their own; hidden sheets are not printed.
      if (pages < 1 + defs.length) problems.push(`${name}: ${pages} pages`);
      if (!/A4/.test(/^Page size:.*$/m.exec(info)?.[0] ?? "")) problems.push(`${name}: not A4 (${info})`);
      if (PDFTOTEXT) {
        const txt = spawnSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
        for (const d of defs) {
          const wanted = [d.heading, d.fields.find((f) => f.kind !== "seq")!.label].map((s) => s.replace(/\s+/g, ""));
          for (const w of wanted) if (!txt.includes(w)) problems.push(`${name}: “${w}” not in the PDF text`);
          // The printed options of every closed list of a key–value table, all unticked in a blank template.
          if (d.layout === "keyValue")
            for (const f of d.fields) {
              const options = printedOptions(f);
              const line = options?.map((o) => `□${o}`).join("");
              if (line && !txt.includes(line)) problems.push(`${name}: option line “${line}” not in the PDF text`);
            }
        }
        if (form !== "pilot-authority" && form !== "case-summary" && !txt.includes("真实性承诺"))
          problems.push(`${name}: no 真实性承诺`);
        // The hint column is right of the print area.
        if (txt.includes("必填：")) problems.push(`${name}: a hint is printed`);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);
});

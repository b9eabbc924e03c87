// Word 申报书s re-saved by LibreOffice Writer (issue 9: "files re-saved by LibreOffice"): the
// Word twins of the example 申报书s (test/fixtures/word.ts, the three ways check boxes are
// written: text ☑/□, Wingdings w:sym, w14:checkbox content controls) and the bundled Word
// 申报书 of 雄安新区, converted by `soffice --convert-to docx` as a city office's LibreOffice
// would save them. LibreOffice rewrites the document — Wingdings symbols become private-use
// characters in runs set in Wingdings, content controls may become plain text — and the
// reader must still find the same records and the same issues in the same places.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path, { join } from "node:path";
import { Packer } from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../../aggregator/read/workbook.js";
import type { Issue } from "../../forms/model.js";
import { findProfile } from "../../forms/profiles/index.js";
import { validateGrid, type WorkbookValidation } from "../../forms/validate.js";
import { recordText, wordForm } from "../fixtures/word.js";
import { convertWith, soffice } from "../fixtures/libreoffice.js";

const TODAY = "2025-11-25";
const hebei = findProfile("hebei-2025")!;
const EXAMPLES = join(__dirname, "../../examples/hebei-2025");
/** LibreOffice Writer (the libreoffice-writer package; CI installs it). */
const WRITER = !!soffice() && existsSync("/usr/lib/libreoffice/program/libswlo.so");
if (!WRITER) console.warn("docx-libreoffice.test: LibreOffice Writer missing: skipped (CI installs libreoffice-writer).");

const issueText = (i: Issue) => [i.code, i.severity, i.sheet ?? "", i.cell ?? "", i.place ?? ""].join("|");

async function validated(bytes: Uint8Array, name: string): Promise<WorkbookValidation> {
  const r = await readWorkbook({ bytes, name });
  if (!r.ok) throw new Error(r.message);
  expect(r.format).toBe("docx");
  return validateGrid(r.grid, { profile: hebei, today: TODAY });
}

let dir: string;
const docs: { name: string; original: Uint8Array; resaved: Uint8Array }[] = [];

beforeAll(async () => {
  if (!WRITER) return;
  dir = mkdtempSync(join(tmpdir(), "pilot-docx-lo-"));
  const inputs: string[] = [];
  for (const [k, city] of ["石家庄市", "唐山市", "保定市"].entries()) {
    const r = await readWorkbook({ path: join(EXAMPLES, city, "典型案例申报书-1.xlsx") });
    if (!r.ok) throw new Error(r.message);
    const file = join(dir, `${city}-${["text", "sym", "cc"][k]}.docx`);
    writeFileSync(file, await Packer.toBuffer(wordForm(r.grid, k)));
    inputs.push(file);
  }
  const bundled = join(dir, "雄安新区-Word.docx");
  writeFileSync(bundled, readFileSync(join(EXAMPLES, "雄安新区", "典型案例申报书-3（Word）.docx")));
  inputs.push(bundled);
  convertWith("docx", inputs, join(dir, "resaved"), join(dir, "lo-profile"));
  for (const file of inputs) {
    const out = join(dir, "resaved", path.basename(file));
    expect(existsSync(out), `LibreOffice wrote ${out}`).toBe(true);
    docs.push({ name: path.basename(file), original: readFileSync(file), resaved: readFileSync(out) });
  }
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!WRITER)("Word 申报书s re-saved by LibreOffice Writer", () => {
  it("read to the same records and the same issues, in the same places", async () => {
    expect(docs).toHaveLength(4);
    for (const d of docs) {
      // LibreOffice really rewrote it (not a copy of the bytes).
      expect(Buffer.compare(Buffer.from(d.original), Buffer.from(d.resaved)), d.name).not.toBe(0);
      const before = await validated(d.original, d.name);
      const after = await validated(d.resaved, d.name);
      expect(after.form, d.name).toBe("case-application");
      expect(after.rows, d.name).toEqual(before.rows);
      for (const t of before.tables) {
        const a = after.tables.find((x) => x.table === t.table);
        expect(a, `${d.name} ${t.table}`).toBeDefined();
        expect(a!.records.map(recordText), `${d.name} ${t.table}`).toEqual(t.records.map(recordText));
      }
      expect(after.issues.map(issueText).sort(), d.name).toEqual(before.issues.map(issueText).sort());
    }
  });

  it("the bundled Word 申报书's planted phone.invalid is still found at 第1个表格第6行第5列", async () => {
    const d = docs.find((x) => x.name.startsWith("雄安新区"))!;
    const after = await validated(d.resaved, d.name);
    expect(after.issues.find((i) => i.code === "phone.invalid")).toMatchObject({
      sheet: "表格1",
      cell: "E6",
      place: "第1个表格第6行第5列",
    });
    // The ticked options survive: no enum.invalid on the check-box cells.
    expect(after.issues.filter((i) => i.code === "enum.invalid")).toEqual([]);
  });
});

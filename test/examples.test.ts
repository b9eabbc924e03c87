// The bundled examples: generated deterministically, committed, and every planted problem
// found at its cell — and no problem that was not planted.
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findProfile } from "../forms/profiles/index.js";
import { expandInputs } from "../aggregator/inputs.js";
import { checkFile, type FileResult } from "../aggregator/check.js";
import { STAMPED_PDF, TRUNCATED, XINJI_ZIP, writeExamples } from "../scripts/make-examples.js";
import { BAODING_OLD_XLS, XIONGAN_WORD, baodingOldTargets } from "../scripts/example-data.js";
import { cellText } from "../forms/parse/text.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((e) => {
      const p = path.join(dir, e);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    })
    .sort();
}

describe("examples/", () => {
  let results: FileResult[];
  let planted: { file: string; sheet: string; cell: string; code: string }[];
  beforeAll(async () => {
    const inputs = await expandInputs(["examples"]);
    results = [];
    for (const f of inputs.files) results.push(await checkFile(f, { profile: hebei, today: TODAY }));
    planted = JSON.parse(readFileSync("examples/planted.json", "utf8"));
  });

  it("are up to date with scripts/make-examples.ts (same bytes)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-examples-"));
    await writeExamples(dir);
    const fresh = listFiles(dir).map((f) => path.relative(dir, f));
    const committed = listFiles("examples").map((f) => path.relative("examples", f));
    expect(fresh.filter((f) => f !== "README.md")).toEqual(committed.filter((f) => f !== "README.md"));
    for (const f of fresh) {
      if (f === "README.md") continue;
      const same = Buffer.compare(readFileSync(path.join(dir, f)), readFileSync(path.join("examples", f))) === 0;
      expect(same, `examples/${f} is out of date: run npm run examples`).toBe(true);
    }
  });

  it("every planted problem is reported at its cell", () => {
    expect(planted.length).toBeGreaterThanOrEqual(10);
    for (const p of planted) {
      const r = results.find((x) => x.input.display === `examples/${p.file}`);
      expect(r, p.file).toBeDefined();
      const hit = r!.issues.find((i) => i.code === p.code && i.sheet === p.sheet && i.cell === p.cell);
      expect(hit, `${p.file} ${p.sheet}!${p.cell} ${p.code}`).toBeDefined();
    }
  });

  it("reports nothing that was not planted in the generated files", () => {
    for (const r of results) {
      const generated = r.input.display.includes("典型案例") || r.input.display.includes("试点工作方案（服务机构）");
      if (!generated && r.input.display !== `examples/${BAODING_OLD_XLS}`) continue;
      for (const i of r.issues) {
        if (i.severity === "info") continue;
        const known = planted.some((p) => `examples/${p.file}` === r.input.display && p.code === i.code && p.cell === i.cell);
        expect(known, `unplanted ${i.code} at ${r.input.display} ${i.sheet}!${i.cell}: ${i.message}`).toBe(true);
      }
    }
  });

  it("reads the targets tables past the 15 printed rows, the hand-made plan and the old .xls", () => {
    const plans = results.filter((r) => r.form === "pilot-institution");
    expect(plans.length).toBe(8);
    for (const p of plans.filter((x) => x.input.display.includes("试点工作方案（服务机构）")))
      expect(p.validation!.rows.targets!).toBeGreaterThan(15);
    const hand = results.find((r) => r.input.display.includes("手工录入"))!;
    expect(hand.validation!.rows).toMatchObject({ unit: 1, joint: 2, targets: 17, plans: 1 });
    // 保定's 服务对象 list typed in an old Excel (BIFF8): read, not refused.
    const xls = results.find((r) => r.input.display === `examples/${BAODING_OLD_XLS}`)!;
    expect(xls.status).not.toBe("unreadable");
    expect(xls.form).toBe("pilot-institution");
    expect(xls.city).toBe("保定市");
    expect(xls.validation!.rows).toEqual({ targets: 8 });
    const t = xls.validation!.tables.find((x) => x.table === "targets")!;
    expect(t.sheet).toBe("服务对象");
    expect([t.headerRow, t.headerRows]).toEqual([3, 2]);
    expect(t.parts).toEqual({ contactInfo: [4, 5] });
    expect(t.records.map((r) => r.row)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const typed = baodingOldTargets().records;
    expect(
      t.records.map((r) => [
        cellText(r.fields.name!.value),
        cellText(r.fields.industry!.value),
        cellText(r.fields.contact!.value),
        ...r.fields.contactInfo!.parts!.map((p) => cellText(p.value)),
      ]),
    ).toEqual(typed);
    expect(t.records[4].fields.contactInfo!.parts!.map((p) => [p.cell, p.heading, p.value])).toEqual([
      ["E9", "手机", "0312-3856217"],
      ["F9", "邮箱", "hdjm_zhao@126.com"],
    ]);
    // Title, 填报单位/填报日期, "……", 注： and 填表人/审核人 are accounted for; nothing unread.
    const account = xls.validation!.sheets.find((s) => s.name === "服务对象")!.account!;
    expect(account.unread).toEqual([]);
    expect(account.lines.map((l) => [l.row, l.kind])).toEqual([
      [1, "title"],
      [2, "title"],
      [14, "note"],
      [15, "footer"],
    ]);
    expect(xls.issues.filter((i) => i.severity !== "info").map((i) => `${i.sheet}!${i.cell} ${i.code}`)).toEqual([
      "服务对象!E9 contact.mobile_missing",
    ]);
    expect(planted.filter((p) => p.file === BAODING_OLD_XLS).map((p) => `${p.sheet}!${p.cell} ${p.code}`)).toEqual([
      "服务对象!E9 contact.mobile_missing",
    ]);
  });

  it("reports the workbook cut short in transfer as unreadable and the stamped PDF as not a spreadsheet, each for its city", () => {
    const cut = results.find((r) => r.input.display === `examples/${TRUNCATED}`)!;
    expect(cut.status).toBe("unreadable");
    expect(cut.city).toBe("定州市");
    expect(cut.issues.map((i) => [i.code, i.severity])).toEqual([["file.unreadable", "error"]]);
    expect(cut.issues[0].message).toContain("不完整");
    const pdf = results.find((r) => r.input.display === `examples/${STAMPED_PDF}`)!;
    expect(pdf.city).toBe("石家庄市");
    expect(pdf.issues.map((i) => [i.code, i.severity])).toEqual([["file.not_spreadsheet", "warning"]]);
    expect(pdf.issues[0].message).toContain("PDF");
    // Nothing else in examples/hebei-2025 is unreadable.
    expect(
      results
        .filter((r) => r.input.display.startsWith("examples/hebei-2025/") && r.status === "unreadable")
        .map((r) => r.input.display)
        .sort(),
    ).toEqual([`examples/${STAMPED_PDF}`, `examples/${TRUNCATED}`].sort());
  });

  it("every city is recognised from its folder, or from the name of the .zip it sent", () => {
    for (const r of results.filter((x) => x.status !== "unreadable"))
      expect(r.city, r.input.display).toBe(r.input.display.split("/")[2].replace(/材料\.zip$/, ""));
  });

  it("reads 辛集市's materials sent as one .zip: each member a file of 辛集市", () => {
    const members = results.filter((r) => r.input.display.startsWith(`examples/${XINJI_ZIP}/`));
    expect(members.map((r) => r.input.display.slice(`examples/${XINJI_ZIP}/`.length)).sort()).toEqual(
      ["典型案例推荐汇总表.xlsx", "典型案例申报书-1.xlsx", "典型案例申报书-2.xlsx", "试点工作方案（服务机构）.xlsx"].sort(),
    );
    for (const r of members) {
      expect(r.city, r.input.display).toBe("辛集市");
      expect(r.status, r.input.display).toBe("ok");
    }
    expect(members.map((r) => r.form).sort()).toEqual(
      ["case-application", "case-application", "case-summary", "pilot-institution"].sort(),
    );
    expect(members.find((r) => r.form === "case-summary")!.validation!.rows).toEqual({ caseSummary: 2 });
    // Nothing of 辛集 is read from a folder: the zip is all it sent.
    expect(results.filter((r) => r.input.display.startsWith("examples/hebei-2025/辛集市/"))).toEqual([]);
  });

  it("reads 雄安新区's Word 申报书 (.docx): its records, and its planted problem at 表格1", () => {
    const r = results.find((x) => x.input.display === `examples/${XIONGAN_WORD}`)!;
    expect(r.city).toBe("雄安新区");
    expect(r.form).toBe("case-application");
    expect(r.validation!.rows).toEqual({ unit: 1, joint: 1, case: 1 });
    const unit = r.validation!.tables.find((t) => t.table === "unit")!;
    expect(unit.sheet).toBe("表格1");
    expect(cellText(unit.records[0].fields.phone!.value)).toBe("6857213");
    const kase = r.validation!.tables.find((t) => t.table === "case")!;
    expect(cellText(kase.records[0].fields.title!.value)).toBe("河北雄安白洋淀数据服务网络安全保险服务案例");
    expect(r.issues.filter((i) => i.severity !== "info").map((i) => `${i.sheet}!${i.cell} ${i.code}`)).toEqual([
      "表格1!E6 phone.invalid",
    ]);
    expect(planted.filter((p) => p.file === XIONGAN_WORD).map((p) => `${p.sheet}!${p.cell} ${p.code}`)).toEqual([
      "表格1!E6 phone.invalid",
    ]);
  });
});

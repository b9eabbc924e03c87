// The pane's session logic (addin/taskpane/session.ts) on real example workbooks: detection
// from metadata and from headings, validation, grouping, counts, marks and live replacement.
import { describe, expect, it } from "vitest";
import { readWorkbook } from "../../aggregator/read/workbook.js";
import type { WorkbookGrid } from "../../forms/model.js";
import { META_SHEET } from "../../forms/meta.js";
import { findProfile } from "../../forms/profiles/index.js";
import {
  choose,
  countBySeverity,
  decide,
  enabled,
  fixPreview,
  groupBySheet,
  isNextErrorKey,
  nextError,
  remarkPlan,
  lookingFor,
  marksFor,
  paneView,
  replaceSheet,
  templateHref,
  validate,
} from "../../addin/taskpane/session.js";
import { MARK_COLOR } from "../../forms/rules/codes.js";

const TODAY = "2025-11-25";
const PLAN = "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx";

async function grid(path: string): Promise<WorkbookGrid> {
  const r = await readWorkbook({ path });
  if (!r.ok) throw new Error(r.message);
  return r.grid;
}

describe("pane session", () => {
  it("detects profile and form from the metadata sheet, and from the headings without it", async () => {
    const g = await grid(PLAN);
    const c = choose(g)!;
    expect(c.profile.id).toBe("hebei-2025");
    expect(c.form).toBe("pilot-institution");
    expect(c.source).toBe("metadata");

    const bare = { sheets: g.sheets.filter((s) => s.name !== META_SHEET) };
    const d = choose(bare)!;
    expect(d.source).toBe("headings");
    expect(d.form).toBe("pilot-institution");
  });

  it("keeps a profile the user picked", async () => {
    const g = await grid(PLAN);
    const c = choose(g, findProfile("miit-2025"))!;
    expect(c.profile.id).toBe("miit-2025");
    expect(c.source).toBe("user");
  });

  it("validates, groups by sheet in workbook order, counts, filters and plans marks", async () => {
    const g = await grid(PLAN);
    const r = validate(g, choose(g), TODAY);
    expect(r.rows).toBeGreaterThan(15);
    const cells = r.issues.map((i) => `${i.sheet}!${i.cell}:${i.code}`);
    expect(cells).toContain("服务对象!E20:contact.email_missing");
    expect(cells).toContain("服务对象!B22:row.duplicate");
    const counts = countBySeverity(r.issues);
    expect(counts.error + counts.warning + counts.info).toBe(r.issues.length);

    const all = groupBySheet(r.issues, g, new Set(["error", "warning", "info"]));
    expect(all.reduce((n, x) => n + x.issues.length, 0)).toBe(r.issues.length);
    const order = g.sheets.map((s) => s.name);
    const idx = all.filter((x) => x.sheet).map((x) => order.indexOf(x.sheet));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    const errorsOnly = groupBySheet(r.issues, g, new Set(["error"]));
    expect(errorsOnly.flatMap((x) => x.issues).every((i) => i.severity === "error")).toBe(true);

    const marks = marksFor(r.issues);
    const keys = marks.map((m) => `${m.sheet}!${m.cell}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(marks.find((m) => m.cell === "E20")?.color).toBe(MARK_COLOR.error);
    expect(marks.find((m) => m.cell === "B22")?.color).toBe(MARK_COLOR.warning);
    // info issues are listed but not painted
    expect(marks.length).toBe(
      new Set(r.issues.filter((i) => i.severity !== "info" && i.cell).map((i) => `${i.sheet}!${i.cell}`)).size,
    );
  });

  it("re-validates with one sheet replaced (live mode)", async () => {
    const g = await grid(PLAN);
    const c = choose(g);
    const sheet = g.sheets.find((s) => s.name === "服务对象")!;
    const top = sheet.top ?? 0;
    const left = sheet.left ?? 0;
    const values = sheet.values.map((row) => row.slice());
    // E20 (row 20, column E): add an e-mail to the contact cell
    values[19 - top][4 - left] = `${String(values[19 - top][4 - left])} test@example.com`;
    const after = validate(replaceSheet(g, { ...sheet, values }), c, TODAY);
    expect(after.issues.some((i) => i.cell === "E20" && i.code === "contact.email_missing")).toBe(false);
    expect(g.sheets.find((s) => s.name === "服务对象")!.values[19 - top][4 - left]).not.toContain("test@example.com");
  });

  it("says nothing when no profile fits (the pane then asks for one)", () => {
    const r = validate({ sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] }, undefined, TODAY);
    expect(r.issues).toEqual([]);
    expect(choose({ sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] })).toBeUndefined();
  });

  it("says when nothing was recognised, and what it looks for", async () => {
    const unknown = { sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] };
    expect(paneView(undefined)).toBe("start");
    expect(paneView(validate(unknown, choose(unknown), TODAY))).toBe("unrecognised");
    // a profile chosen, but none of its tables there
    expect(paneView(validate(unknown, choose(unknown, findProfile("hebei-2025")), TODAY))).toBe("unrecognised");
    const g = await grid(PLAN);
    expect(paneView(validate(g, choose(g), TODAY))).toBe("results");

    const hebei = lookingFor(findProfile("hebei-2025"));
    expect(hebei.map((f) => f.form)).toEqual(findProfile("hebei-2025")!.forms.map((f) => f.name));
    expect(hebei.find((f) => f.form.includes("服务机构"))!.headings).toContain("表1 服务对象基本情况");
    const all = lookingFor();
    expect(new Set(all.map((f) => f.form)).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(hebei.length);
    expect(templateHref("hebei-2025/表 1.xlsx")).toBe("templates/hebei-2025/%E8%A1%A8%201.xlsx");
  });

  it("下一个错误 in the list's order, wrapping; the buttons' states; the fix preview; the shortcut", async () => {
    const g = await grid(PLAN);
    const r = validate(g, choose(g), TODAY);
    const order = groupBySheet(r.issues, g, new Set(["error", "warning", "info"])).flatMap((x) => x.issues);
    const errors = order.filter((i) => i.severity === "error" && i.cell);
    expect(errors.length).toBeGreaterThan(0);
    let at = nextError(r.issues, g);
    expect(at).toBe(errors[0]);
    for (const e of [...errors.slice(1), errors[0]]) expect((at = nextError(r.issues, g, at))).toBe(e);
    // after a warning: the next error below it
    const warning = order.find((i) => i.severity === "warning")!;
    expect(nextError(r.issues, g, warning)).toBe(
      order.slice(order.indexOf(warning)).find((i) => errors.includes(i)) ?? errors[0],
    );
    expect(
      nextError(
        r.issues.filter((i) => i.severity !== "error"),
        g,
      ),
    ).toBeUndefined();

    expect(enabled(undefined, {})).toEqual({ mark: false, clear: false, fix: false, next: false });
    expect(enabled(undefined, { "服务对象!E4": null }).clear).toBe(true);
    expect(enabled(r, {})).toEqual({ mark: true, clear: false, fix: r.fixes.length > 0, next: true });

    const fixes = Array.from({ length: 105 }, (_, k) => ({
      sheet: "s",
      cell: `A${k + 1}`,
      row: k,
      col: 0,
      from: "x ",
      to: "x",
      reason: "whitespace",
      message: "去掉多余空格",
    }));
    expect(fixPreview(fixes).shown).toHaveLength(100);
    expect(fixPreview(fixes).more).toBe(5);
    expect(fixPreview(fixes.slice(0, 3)).more).toBe(0);

    expect(isNextErrorKey({ key: "F8" })).toBe(true);
    expect(isNextErrorKey({ key: "N", altKey: true })).toBe(true);
    expect(isNextErrorKey({ key: "n" })).toBe(false);
    expect(isNextErrorKey({ key: "F8", shiftKey: true })).toBe(false);
  });

  it("re-marking: what to restore and what to paint", () => {
    const red = MARK_COLOR.error;
    const yellow = MARK_COLOR.warning;
    const originals = { "s!A1": null, "s!A2": "#00B050", "s!A3": null };
    const painted = { "s!A1": red, "s!A2": red, "s!A3": yellow };
    const marks = [
      { sheet: "s", cell: "A2", color: yellow }, // error → warning: painted again
      { sheet: "s", cell: "A3", color: yellow }, // unchanged
      { sheet: "s", cell: "A4", color: red }, // new
    ];
    const plan = remarkPlan(originals, painted, marks);
    expect(plan.restore).toEqual({ "s!A1": null });
    expect(plan.paint.map((m) => m.cell)).toEqual(["A2", "A4"]);
    expect(plan.keep).toEqual({ "s!A2": "#00B050", "s!A3": null });
    // painted unknown (marks saved by an earlier pane): every mark painted
    expect(remarkPlan(originals, undefined, marks).paint).toHaveLength(3);
  });

  it("decides: picked, then saved, then metadata or decisive headings, then the default where detection is not decisive", async () => {
    const g = await grid(PLAN);
    const bare = { sheets: g.sheets.filter((s) => s.name !== META_SHEET) };
    const unknown = { sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] };
    const id = (c: ReturnType<typeof decide>) => c && `${c.profile.id}/${c.form ?? ""}/${c.source}/${c.ties?.length ?? 0}`;

    expect(id(decide(g))).toBe("hebei-2025/pilot-institution/metadata/0");
    expect(id(decide(bare))).toBe("miit-2023/pilot-institution/headings/3");
    expect(paneView(validate(bare, decide(bare), TODAY))).toBe("ask");
    expect(enabled(validate(bare, decide(bare), TODAY), {})).toEqual({ mark: false, clear: false, fix: false, next: false });
    expect(decide(unknown)).toBeUndefined();

    // the default: settles a tie it is in, stands for nothing found; not over metadata or a tie it is not in
    expect(id(decide(bare, { fallback: "hebei-2025" }))).toBe("hebei-2025/pilot-institution/default/0");
    expect(id(decide(unknown, { fallback: "hebei-2025" }))).toBe("hebei-2025//default/0");
    expect(id(decide(g, { fallback: "miit-2025" }))).toBe("hebei-2025/pilot-institution/metadata/0");
    expect(id(decide(bare, { fallback: "shanghai-health-2024" }))).toBe("miit-2023/pilot-institution/headings/3");
    expect(id(decide(bare, { fallback: "no-such-profile" }))).toBe("miit-2023/pilot-institution/headings/3");

    // saved before metadata and the default; picked before everything
    expect(id(decide(g, { saved: { profile: "miit-2025" }, fallback: "hebei-2025" }))).toBe(
      "miit-2025/pilot-institution/saved/0",
    );
    expect(id(decide(g, { picked: { profile: "miit-2023", form: "pilot-institution" }, saved: { profile: "miit-2025" } }))).toBe(
      "miit-2023/pilot-institution/user/0",
    );
    // a saved id no longer known: ignored
    expect(id(decide(g, { saved: { profile: "gone-2019" } }))).toBe("hebei-2025/pilot-institution/metadata/0");
  });
});

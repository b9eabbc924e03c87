// The problem list of every desk (forms/issue-groups.ts: the pane and the offline page): grouped
// by sheet in workbook order, the file's own problems first, errors before warnings before hints
// within a sheet; and the page's places in words (web/issues-view.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Issue, Severity } from "../forms/model.js";
import { groupIssues } from "../forms/issue-groups.js";
import { whereOf } from "../web/issues-view.js";

const ALL = new Set<Severity>(["error", "warning", "info"]);

function issue(severity: Severity, sheet?: string, cell?: string, extra: Partial<Issue> = {}): Issue {
  return { code: "cell.required", severity, message: `${sheet ?? ""}${cell ?? ""}${severity}`, sheet, cell, ...extra } as Issue;
}

describe("groupIssues", () => {
  it("keeps workbook order of sheets, the whole-file group first, errors first within a sheet", () => {
    const issues = [
      issue("warning", "申报单位", "B3"),
      issue("error", "申报单位", "C4"),
      issue("info", "服务对象", "A2"),
      issue("error", "服务对象", "D9"),
      issue("error"),
      issue("warning", "申报单位", "E5"),
    ];
    const groups = groupIssues(issues, ALL);
    expect(groups.map((g) => g.sheet)).toEqual(["", "申报单位", "服务对象"]);
    expect(groups[1].issues.map((i) => `${i.severity}:${i.cell}`)).toEqual(["error:C4", "warning:B3", "warning:E5"]);
    expect(groups[2].issues.map((i) => i.severity)).toEqual(["error", "info"]);
    expect(groups[1].counts).toEqual({ error: 1, warning: 2, info: 0 });
  });

  it("follows the workbook's sheet order when it is given, whatever the issues' order", () => {
    const issues = [issue("error", "乙", "A1"), issue("error", "丁", "A1"), issue("error", "甲", "A1"), issue("info")];
    expect(groupIssues(issues, ALL, ["甲", "乙", "丙"]).map((g) => g.sheet)).toEqual(["", "甲", "乙", "丁"]);
  });

  it("leaves out the severities not shown, and sheets with nothing left", () => {
    const groups = groupIssues([issue("warning", "甲", "A1"), issue("error", "乙", "A1")], new Set<Severity>(["error"]));
    expect(groups.map((g) => g.sheet)).toEqual(["乙"]);
  });

  it("lists every shown issue exactly once (property)", () => {
    const sev = fc.constantFrom<Severity>("error", "warning", "info");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sev, fc.option(fc.constantFrom("甲", "乙", "丙"), { nil: undefined })), { maxLength: 40 }),
        (spec) => {
          const issues = spec.map(([s, sheet], n) => issue(s, sheet, `A${n + 1}`));
          const groups = groupIssues(issues, ALL);
          const listed = groups.flatMap((g) => g.issues);
          expect(listed.length).toBe(issues.length);
          expect(new Set(listed)).toEqual(new Set(issues));
          for (const g of groups) {
            const ranks = g.issues.map((i) => ({ error: 0, warning: 1, info: 2 })[i.severity]);
            expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
          }
        },
      ),
    );
  });
});

describe("whereOf", () => {
  it("says a Word place in words, a cell without $, a cross-file finding by its files", () => {
    expect(whereOf(issue("error", "表格1", "B3", { place: "第1个表格第3行第2列" }))).toBe("第1个表格第3行第2列");
    expect(whereOf(issue("error", "甲", "$B$3"))).toBe("B3");
    expect(whereOf(issue("warning", undefined, undefined, { files: ["a.xlsx", "b.xlsx"] }))).toBe("2 个文件");
    expect(whereOf(issue("error"))).toBe("");
  });
});

// forms/detect.ts: the profile and form of a workbook for the add-in — from the metadata
// sheet, else the headings; and when the headings fit several profiles or forms as well or
// nearly as well (a tie or near-tie), every one of them (`ties`), so that the pane asks.
import { describe, expect, it } from "vitest";
import { readWorkbook } from "../aggregator/read/workbook.js";
import { templateBuffer } from "../aggregator/template/write.js";
import { detectSubmission } from "../forms/detect.js";
import { META_SHEET } from "../forms/meta.js";
import type { WorkbookGrid } from "../forms/model.js";
import { builtInProfiles, findProfile } from "../forms/profiles/index.js";

const PLAN = "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx";
const profiles = builtInProfiles();

async function grid(input: { path: string } | { bytes: Uint8Array; name: string }): Promise<WorkbookGrid> {
  const r = await readWorkbook(input);
  if (!r.ok) throw new Error(r.message);
  return r.grid;
}
const withoutMeta = (g: WorkbookGrid): WorkbookGrid => ({ sheets: g.sheets.filter((s) => s.name !== META_SHEET) });
const names = (d: ReturnType<typeof detectSubmission>) => d?.ties?.map((c) => `${c.profile.id}/${c.form}`);

const TARGETS: WorkbookGrid = {
  sheets: [
    {
      name: "服务对象",
      values: [
        ["表1 服务对象基本情况"],
        ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
        [1, "石家庄泰和数据服务有限公司", "电信和互联网", "周伟", "15859457595/a@example.com"],
      ],
    },
  ],
};

describe("detectSubmission", () => {
  it("metadata decides: no ties", async () => {
    const d = detectSubmission(await grid({ path: PLAN }), profiles)!;
    expect(d.source).toBe("metadata");
    expect(d.profile.id).toBe("hebei-2025");
    expect(d.ties).toBeUndefined();
  });

  it("the same form in three profiles' editions: a tie, every profile listed, the first as before", async () => {
    const d = detectSubmission(withoutMeta(await grid({ path: PLAN })), profiles)!;
    expect(d.source).toBe("headings");
    expect(d.profile.id).toBe("miit-2023");
    expect(d.form).toBe("pilot-institution");
    expect(names(d)).toEqual(["miit-2023/pilot-institution", "miit-2025/pilot-institution", "hebei-2025/pilot-institution"]);
    expect(new Set(d.ties!.map((c) => `${c.tables}/${c.records}`)).size).toBe(1);
  });

  it("one table two forms share: the forms within a profile tie too", () => {
    const d = detectSubmission(TARGETS, profiles)!;
    expect(names(d)).toEqual([
      "miit-2023/pilot-authority",
      "miit-2023/pilot-institution",
      "miit-2025/pilot-institution",
      "hebei-2025/pilot-institution",
    ]);
    // within one profile only its forms
    expect(names(detectSubmission(TARGETS, [findProfile("hebei-2025")!]))).toBeUndefined();
    expect(names(detectSubmission(TARGETS, [findProfile("miit-2023")!]))).toEqual([
      "miit-2023/pilot-authority",
      "miit-2023/pilot-institution",
    ]);
  });

  it("a form only one profile has, all of its tables there: decisive", async () => {
    const bytes = await templateBuffer(findProfile("miit-2023")!, "pilot-authority");
    const d = detectSubmission(withoutMeta(await grid({ bytes, name: "t.xlsx" })), profiles)!;
    expect(d.source).toBe("headings");
    expect(`${d.profile.id}/${d.form}`).toBe("miit-2023/pilot-authority");
    expect(d.ties).toBeUndefined();
  });

  it("nothing recognisable: undefined", () => {
    expect(detectSubmission({ sheets: [{ name: "Sheet1", values: [["随便", "写写"]] }] }, profiles)).toBeUndefined();
  });
});

// 字数 limits on the narrative parts of Word 申报书s (issue 9, item 1), as the notices' Word
// forms print them (profile data: Profile.narrative). Each document is built here with the
// `docx` library: numbered headings, the form's guidance text left in by the clerk (not
// counted), body text of an exact 字数, then read back (gridFromDocx → narrativeSections) and
// validated. Under miit-2025 and hebei-2025 (which relays it): 典型案例申报书 案例概述 ≤ 1000,
// 保险服务情况 and 安全服务情况 ≤ 2000, 案例应用成效 ≤ 1500, 案例推广价值和亮点 ≤ 3000; 试点工作方案
// 试点方案 (二、 with its （一）…（三）) ≤ 3000, 行业企业 二、至四、 ≤ 3000, each 服务方案 ≤ 5000.
// Under miit-2023 and shanghai-health-2024 the same parts are 不少于 (text.too_short).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { checkFile } from "../aggregator/check.js";
import { gridFromDocx, narrativeSections } from "../aggregator/read/docx.js";
import type { FormId, Issue } from "../forms/model.js";
import { countWords } from "../forms/parse/words.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid } from "../forms/validate.js";

const TODAY = "2025-11-25";

/** Body text of exactly n 字: Chinese characters, a Latin word and a number (1 字 each), a full stop. */
function body(n: number): string {
  const tail = "ISO 27001认证。"; // ISO + 27001 + 认 + 证 + 。 = 5
  const s = "网络安全保险服务".repeat(Math.ceil(n / 8)).slice(0, n - 5) + tail;
  expect(countWords(s)).toBe(n);
  return s;
}

type Block = string | { table: string[][] };

const heading = (s: string) => new Paragraph({ children: [new TextRun({ text: s, bold: true })] });

async function docx(blocks: Block[]): Promise<Uint8Array> {
  const children = blocks.map((b) =>
    typeof b === "string"
      ? /^(\s*[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|附)/.test(b)
        ? heading(b)
        : new Paragraph(b)
      : new Table({
          rows: b.table.map((r) => new TableRow({ children: r.map((v) => new TableCell({ children: [new Paragraph(v)] })) })),
        }),
  );
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** The narrative issues of a document under a profile and form (read as check.ts reads a .docx). */
async function narrativeIssues(profileId: string, form: FormId, blocks: Block[]): Promise<Issue[]> {
  const doc = gridFromDocx(await docx(blocks));
  const v = validateGrid(doc.grid, {
    profile: findProfile(profileId)!,
    form,
    today: TODAY,
    sections: narrativeSections(doc.paragraphs),
  });
  return v.issues.filter((i) => i.code === "text.too_long" || i.code === "text.too_short");
}

const brief = (issues: Issue[]) => issues.map((i) => ({ code: i.code, column: i.column, value: i.value }));

/** 典型案例基本信息 as a Word table (enough for the form to be recognised). */
const CASE_TABLE: Block = {
  table: [
    ["案例名称", "工业企业网络安全综合保险案例"],
    ["申报类别", "重点行业领域：工业"],
    ["投保企业名称", "河北某某钢铁集团有限公司"],
    ["被保企业名称", "河北某某钢铁集团有限公司"],
    ["保险公司名称", "中国人民财产保险股份有限公司河北省分公司"],
    ["网络安全服务商名称", "河北某某网络安全技术有限公司"],
    ["保费（万元）", "10"],
    ["保额（万元）", "500"],
  ],
};

/** A 典型案例申报书's 二、典型案例具体情况 with the given 字数 per part; the form's guidance left in. */
function caseDoc(n: { overview: number; insurance: number; security: number; effect: number; value: number }): Block[] {
  return [
    "网络安全保险服务典型案例申报书",
    "一、基本信息",
    CASE_TABLE,
    "二、典型案例具体情况",
    "（一）案例概述",
    "（不超过1000字）",
    "简述网络安全保险服务案例中，被保企业网络安全行业风险特征、网络安全前期工作基础，案例主要内容、解决的问题、实施成效等，不超过1000字。",
    body(n.overview),
    "（二）保险服务情况",
    "包括但不限于：",
    "1.网络安全保险产品设计情况（是否结合网络安全产品服务）；",
    "2.承保的网络安全风险场景情况；",
    body(n.insurance),
    "需附网络安全保险产品备案材料、保险合同等相关证明材料，不超过2000字。",
    "（三）安全服务情况",
    body(n.security),
    "（四）案例应用成效",
    "不超过1500字",
    body(n.effect),
    "（五）案例推广价值和亮点",
    "包括但不限于：",
    "5.案例服务实施过程中的其他亮点和创新举措，不超过3000字。",
    body(n.value - 2000),
    body(2000),
    "三、随附材料",
    body(4000),
    "附",
    "申报主体责任声明",
    body(500),
  ];
}

for (const profileId of ["miit-2025", "hebei-2025"]) {
  describe(`${profileId} 典型案例申报书 (.docx): 案例概述 ≤ 1000, 保险服务情况 and 安全服务情况 ≤ 2000, 案例应用成效 ≤ 1500, 推广价值和亮点 ≤ 3000`, () => {
    it("every part at its limit: no issue (the guidance text, 三、随附材料 and the declaration are not counted)", async () => {
      const issues = await narrativeIssues(
        profileId,
        "case-application",
        caseDoc({ overview: 1000, insurance: 2000, security: 2000, effect: 1500, value: 3000 }),
      );
      expect(issues).toEqual([]);
    });

    it("every part one over, 案例概述 1,136: text.too_long with the count, at the heading", async () => {
      const issues = await narrativeIssues(
        profileId,
        "case-application",
        caseDoc({ overview: 1136, insurance: 2001, security: 2001, effect: 1501, value: 3001 }),
      );
      expect(brief(issues)).toEqual([
        { code: "text.too_long", column: "（一）案例概述", value: "1136" },
        { code: "text.too_long", column: "（二）保险服务情况", value: "2001" },
        { code: "text.too_long", column: "（三）安全服务情况", value: "2001" },
        { code: "text.too_long", column: "（四）案例应用成效", value: "1501" },
        { code: "text.too_long", column: "（五）案例推广价值和亮点", value: "3001" },
      ]);
      const first = issues[0];
      expect(first.message).toBe("“案例概述”共 1,136 字，超过 1000 字的限制，请精简后再提交（按 Word“字数”统计）");
      expect(first.severity).toBe("error");
      expect(first.sheet).toBe("正文");
      expect(first.cell).toBeUndefined();
      expect(issues[4].message).toBe("“案例推广价值和亮点”共 3,001 字，超过 3000 字的限制，请精简后再提交（按 Word“字数”统计）");
    });

    it("through checkFile (a .docx on disk, its form recognised from its table): the same issues", async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-narrative-"));
      const file = path.join(dir, "石家庄市", "典型案例申报书.docx");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await docx(caseDoc({ overview: 1136, insurance: 10, security: 10, effect: 10, value: 2010 })));
      const r = await checkFile({ display: file, abs: file, root: dir }, { profile: findProfile(profileId)!, today: TODAY });
      expect(r.form).toBe("case-application");
      const hits = r.issues.filter((i) => i.code === "text.too_long" && i.sheet === "正文");
      expect(brief(hits)).toEqual([{ code: "text.too_long", column: "（一）案例概述", value: "1136" }]);
    });
  });

  describe(`${profileId} 试点工作方案 (.docx): 试点方案 ≤ 3000 over its （一）…（三）, each 服务方案 ≤ 5000`, () => {
    const institution = (n: { plan: [number, number, number]; schemes: number[] }): Block[] => [
      "二、试点方案",
      "不超过3000字",
      "（一）工作思路", // 7 字, counted with the part
      "包括但不限于开展网络安全保险服务试点工作的总体思路、工作目标、预期成效等",
      body(n.plan[0]),
      "（二）试点安排", // 7
      "（服务对象、服务方案请填下表）",
      body(n.plan[1]),
      "表1  服务对象基本情况",
      { table: [["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"]] },
      "（三）组织保障", // 7
      body(n.plan[2]),
      "附：网络安全保险服务方案",
      "根据实际服务方案数量分别填写，可以填写多个服务方案，单个服务方案应包括但不限于以下内容，不超过5000字。",
      "1.提供网络安全保险服务的保险机构、网络安全企业基本情况和技术支撑能力，以及在试点工作中的角色定位和职责分工；",
      ...n.schemes.flatMap((w, k) => [`（${"一二三"[k]}）服务方案${k + 1}`, body(w)]),
      "附",
      "申报主体责任声明",
      body(800),
    ];

    it("试点方案 3,000 字 with its sub-headings, 服务方案 5000 and 4000: no issue", async () => {
      const issues = await narrativeIssues(
        profileId,
        "pilot-institution",
        institution({ plan: [1000, 1000, 979], schemes: [5000, 4000] }),
      );
      expect(issues).toEqual([]);
    });

    it("试点方案 3,001 字, the first 服务方案 5,001: two text.too_long", async () => {
      const issues = await narrativeIssues(
        profileId,
        "pilot-institution",
        institution({ plan: [1000, 1000, 980], schemes: [5001, 4000] }),
      );
      expect(brief(issues)).toEqual([
        { code: "text.too_long", column: "二、试点方案", value: "3001" },
        { code: "text.too_long", column: "（一）服务方案1", value: "5001" },
      ]);
      expect(issues.map((i) => i.message)).toEqual([
        "“试点方案”共 3,001 字，超过 3000 字的限制，请精简后再提交（按 Word“字数”统计）",
        "“（一）服务方案1”共 5,001 字，超过 5000 字的限制，请精简后再提交（按 Word“字数”统计）",
      ]);
    });

    it("one 服务方案 without headings of its own: the whole 附 is one 服务方案", async () => {
      const blocks: Block[] = [
        "二、信息化建设情况",
        body(100),
        "附：网络安全保险服务方案",
        "根据实际服务方案数量分别填写，可以填写多个服务方案，单个服务方案应包括但不限于以下内容，不超过5000字。",
        body(3000),
        body(2001),
        "附",
        "申报主体责任声明",
        body(800),
      ];
      const issues = await narrativeIssues(profileId, "pilot-enterprise", blocks);
      expect(brief(issues)).toEqual([{ code: "text.too_long", column: "附：网络安全保险服务方案", value: "5001" }]);
      expect(issues[0].message).toBe(
        "“网络安全保险服务方案”共 5,001 字，超过 5000 字的限制，请精简后再提交（按 Word“字数”统计）",
      );
    });

    it("行业企业: 以下内容不超过3000字 counts 二、三、四 together (numbered or not)", async () => {
      const numbered: Block[] = [
        "以下内容不超过3000字",
        "二、信息化建设情况",
        body(1500),
        "三、网络安全基本情况",
        "包括但不限于在网络安全管理和技术能力建设方面已开展的工作，网络安全年度投入情况，网络安全管理制度及组织架构情况，已部署的网络安全产品、服务、解决方案情况，网络安全专业技术人员情况。",
        body(1000),
        "四、网络安全保险需求及保障范围",
        body(501),
        "附：网络安全保险服务方案",
        body(100),
      ];
      const issues = await narrativeIssues(profileId, "pilot-enterprise", numbered);
      expect(brief(issues)).toEqual([{ code: "text.too_long", column: "二、信息化建设情况", value: "3001" }]);
      expect(issues[0].message).toBe(
        "“信息化建设情况”至“网络安全保险需求及保障范围”共 3,001 字，超过 3000 字的限制，请精简后再提交（按 Word“字数”统计）",
      );
      // as the notice prints them: 网络安全基本情况 and 网络安全保险需求及保障范围 without numbers
      const plain = numbered.map((b) => (typeof b === "string" ? b.replace(/^[三四]、/, "") : b));
      expect(brief(await narrativeIssues(profileId, "pilot-enterprise", plain))).toEqual([
        { code: "text.too_long", column: "二、信息化建设情况", value: "3001" },
      ]);
      const under = numbered.map((b) => (b === numbered[7] ? body(500) : b));
      expect(await narrativeIssues(profileId, "pilot-enterprise", under)).toEqual([]);
    });
  });
}

describe("不少于: miit-2023 and shanghai-health-2024 (text.too_short, a warning)", () => {
  it("miit-2023 试点工作方案（服务机构）: 试点方案 2,999 字 and a 服务方案 of 4,999", async () => {
    const blocks: Block[] = [
      "二、试点方案",
      "不少于 3000 字",
      "（一）工作思路",
      body(2992), // + 7 for the sub-heading
      "附：网络安全保险服务方案",
      "根据实际服务方案数量分别填写，可以填写多个服务方案，单个服务方案应包括但不限于以下内容，不少于 5000 字。",
      body(4999),
    ];
    const issues = await narrativeIssues("miit-2023", "pilot-institution", blocks);
    expect(issues.map((i) => [i.code, i.severity, i.value, i.message])).toEqual([
      ["text.too_short", "warning", "2999", "“试点方案”共 2,999 字，少于通知要求的 3000 字，请补充后再提交（按 Word“字数”统计）"],
      [
        "text.too_short",
        "warning",
        "4999",
        "“网络安全保险服务方案”共 4,999 字，少于通知要求的 5000 字，请补充后再提交（按 Word“字数”统计）",
      ],
    ]);
  });

  it("shanghai-health-2024: 附 on a line of its own before 网络安全保险服务方案", async () => {
    const blocks: Block[] = [
      "以下内容不少于 3000 字",
      "二、信息化建设情况",
      body(3000),
      "附",
      "网络安全保险服务方案",
      body(5000),
      "附",
      "申报主体责任声明",
      body(10),
    ];
    expect(await narrativeIssues("shanghai-health-2024", "pilot-enterprise", blocks)).toEqual([]);
    const short = blocks.map((b, k) => (k === 5 ? body(4000) : b));
    expect(brief(await narrativeIssues("shanghai-health-2024", "pilot-enterprise", short))).toEqual([
      { code: "text.too_short", column: "网络安全保险服务方案", value: "4000" },
    ]);
  });

  it("shanghai-industry-2026 says 不超过: a long section is too long, a short one is fine", async () => {
    const blocks: Block[] = ["二、信息化建设情况", body(10)];
    expect(await narrativeIssues("shanghai-industry-2026", "pilot-enterprise", blocks)).toEqual([]);
    const long: Block[] = ["二、信息化建设情况", body(3001)];
    expect(brief(await narrativeIssues("shanghai-industry-2026", "pilot-enterprise", long))).toEqual([
      { code: "text.too_long", column: "二、信息化建设情况", value: "3001" },
    ]);
  });
});

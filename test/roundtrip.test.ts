// A round trip per form: template → filled by exceljs with known good and bad values →
// `pilot-forms validate --json` → exactly the expected codes at the expected cells, nothing else.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CellValue, FormId, TableId } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { makeUscc, makeOrgCode } from "../forms/parse/uscc.js";
import { templateBuffer, type TemplateData } from "../aggregator/template/write.js";
import { plantedCell } from "../scripts/make-examples.js";
import { main } from "../aggregator/cli.js";
import type { JsonReport } from "../aggregator/report.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-roundtrip-"));
const TODAY = "2025-11-25";

const code = (division: string, n: number) => makeUscc("91", division, `MA${String(n).padStart(6, "0")}`);
const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

function unit(overrides: Record<string, CellValue> = {}): Record<string, CellValue> {
  return {
    title: "工业企业网络安全保险服务试点",
    direction: "工业互联网",
    date: d(2025, 11, 20),
    name: "中国人民财产保险股份有限公司石家庄市分公司",
    region: "河北省石家庄市",
    uscc: code("130104", 1),
    founded: d(2001, 6, 18),
    address: "石家庄市长安区中山东路100号",
    capital: 5000,
    contact: "王晓凯",
    phone: "0311-86699155",
    fax: "0311-86699156",
    email: "wangxk@example.com",
    nature: "国有控股企业",
    category: "保险公司",
    intro: "本公司主营财产保险业务，2023年起开展网络安全保险业务。",
    ...overrides,
  };
}

const joint = (n: number, division = "110108"): Record<string, CellValue>[] =>
  Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    name: `北京安全${["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "丑"][i]}科技有限公司`,
    nature: "民营企业",
    category: "网络安全企业",
    uscc: code(division, 100 + i),
  }));

const targets = (n: number): Record<string, CellValue>[] =>
  Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    name: `河北某某制造${i + 1}有限公司`,
    industry: "工业互联网",
    contact: `联系人${i + 1}`,
    contactInfo: `1380000${String(i).padStart(4, "0")}/user${i}@example.com`,
  }));

interface Case {
  profile: string;
  form: FormId;
  data: TemplateData;
  /** Expected issues: [table, field, row index or undefined, code]; line fields of caseSummary as ["lines", key]. */
  expected: [TableId | "lines", string, number | undefined, string][];
}

const CASES: Case[] = [
  {
    profile: "miit-2023",
    form: "service-plan",
    data: {
      kv: {
        unit: unit({
          name: "北京某某网络安全技术有限公司",
          uscc: code("110108", 1),
          region: "北京市海淀区",
          founded: d(2030, 1, 1),
          date: d(2024, 1, 20),
        }),
        scheme: {
          title: "网络安全保险服务方案",
          location: "北京市",
          lead: "张三",
          leadTitle: "总经理",
          direction: "企业类",
          overview: "方案概述".repeat(101),
        },
      },
      lists: { joint: joint(11) },
    },
    expected: [
      ["unit", "founded", undefined, "date.invalid"],
      ["scheme", "direction", undefined, "enum.other_unspecified"],
      ["scheme", "overview", undefined, "text.too_long"],
      ["joint", "name", 10, "joint.too_many"],
      ["unit", "name", undefined, "insurer.missing"],
    ],
  },
  {
    profile: "miit-2023",
    form: "pilot-authority",
    data: {
      kv: {
        authority: {
          date: d(2024, 3, 10),
          name: "河北省工业和信息化厅",
          headName: "李浩伟",
          headTitle: "处长",
          contactName: "王晓凯",
          contactDept: "网络安全处",
          contactTitle: "主任科员",
          phone: "12345",
          email: "abc@",
        },
      },
      lists: {
        institutions: [
          {
            seq: 1,
            name: "中国人民财产保险股份有限公司河北省分公司",
            type: "保险公司",
            contact: "张三 13800000001",
            duty: "牵头，负责承保",
          },
          { seq: 2, name: "河北某某网络安全技术有限公司", type: "网络安全企业", contact: "李四", duty: "负责风险评估" },
        ],
        targets: [
          ...targets(3),
          { seq: 4, name: "河北某某钢铁有限公司", industry: "原材料工业", contact: "赵六", contactInfo: "zhao@example.com" },
        ],
        plans: [
          {
            seq: 1,
            name: "工业企业网络安全保险方案",
            type: "企业类",
            industry: "工业互联网",
            contact: "王五",
            contactInfo: "13900000001/wang@example.com",
          },
          {
            seq: 2,
            name: "中小企业方案",
            type: "重点主体",
            industry: "工业互联网",
            contact: null,
            contactInfo: "13900000002/li@example.com",
          },
        ],
      },
    },
    expected: [
      ["authority", "phone", undefined, "phone.invalid"],
      ["authority", "email", undefined, "email.invalid"],
      ["institutions", "contact", 1, "phone.invalid"],
      ["targets", "contactInfo", 3, "contact.mobile_missing"],
      ["plans", "type", 1, "enum.invalid"],
      ["plans", "contact", 1, "required"],
    ],
  },
  {
    profile: "hebei-2025",
    form: "pilot-institution",
    data: {
      kv: { unit: unit({ region: "北京市", capital: "五百万" }) },
      lists: {
        joint: joint(1),
        targets: [
          ...targets(16),
          {
            seq: 18,
            name: "河北某某制造3有限公司",
            industry: "钢铁",
            contact: "钱七",
            contactInfo: "13811112222/qian@example.com",
          },
        ],
        plans: [
          {
            seq: 1,
            name: "制造业网络安全保险方案",
            type: "重点行业领域",
            industry: "工业",
            contact: "王五",
            contactInfo: "13900000001/wang@example.com",
          },
        ],
      },
    },
    expected: [
      ["unit", "uscc", undefined, "uscc.region"],
      ["unit", "capital", undefined, "number.invalid"],
      ["targets", "seq", 16, "seq.broken"],
      ["targets", "name", 16, "row.duplicate"],
      ["targets", "industry", 16, "enum.unlisted"],
    ],
  },
  {
    profile: "hebei-2025",
    form: "case-application",
    data: {
      kv: {
        unit: unit({
          name: "中国人民财产保险股份有限公司唐山市分公司",
          region: "河北省唐山市",
          uscc: code("130203", 2),
          title: null,
          direction: null,
        }),
        case: {
          title: "钢铁企业网络安全保险案例",
          category: "重点行业领域",
          buyer: "唐山钢铁",
          buyerIndustry: "原材料工业",
          insured: "唐山某某钢铁集团有限公司",
          insuredIndustry: "工业",
          insurer: "中国人民财产保险股份有限公司唐山市分公司",
          provider: "北京安全甲科技有限公司",
          premium: 20,
          cover: "1.2亿",
          claimed: "可能",
          adoption: 12,
          insuredIntro: "唐山某某钢铁集团有限公司是一家大型钢铁企业。",
        },
      },
      lists: { joint: joint(1) },
    },
    expected: [
      ["case", "category", undefined, "enum.other_unspecified"],
      ["case", "buyer", undefined, "name.not_full"],
      ["case", "cover", undefined, "number.converted"],
      ["case", "claimed", undefined, "enum.invalid"],
    ],
  },
  {
    profile: "hebei-2025",
    form: "case-summary",
    data: {
      lines: { recommender: "石家庄市工业和信息化局", date: d(2025, 12, 1), contact: "张三", phone: null },
      lists: {
        caseSummary: [
          {
            seq: 1,
            title: "案例一",
            applicant: "中国人民财产保险股份有限公司石家庄市分公司",
            category: "保险公司",
            joint: "北京安全甲科技有限公司",
            description: "案例简要描述。",
            contact: "王五",
            phone: "0311 8669 9155",
          },
          {
            seq: 2,
            title: "案例二",
            applicant: "河北某某钢铁有限公司",
            category: "行业企业",
            joint: null,
            description: "描".repeat(201),
            contact: "赵六",
            phone: "13800000000",
          },
        ],
      },
    },
    expected: [
      ["lines", "date", undefined, "date.late"],
      ["lines", "phone", undefined, "required"],
      ["caseSummary", "category", 0, "enum.invalid"],
      ["caseSummary", "description", 1, "text.too_long"],
    ],
  },
  {
    profile: "shanghai-industry-2026",
    form: "pilot-enterprise",
    data: {
      kv: {
        unit: unit({
          name: "上海某某精密制造有限公司",
          region: "上海市浦东新区",
          uscc: code("110108", 3),
          nature: "民营企业",
          date: d(2026, 6, 1),
          title: "工业控制系统网络安全保险试点",
        }),
      },
      lists: {
        joint: [
          ...joint(5, "310115").map((j, i) =>
            i === 0 ? { ...j, name: "中国太平洋财产保险股份有限公司上海分公司", category: "保险公司" } : j,
          ),
          {
            seq: 6,
            name: "上海某某律师事务所",
            nature: "其他（合伙企业）",
            category: "律师事务所",
            uscc: makeOrgCode("31A2B3C4"),
          },
        ],
      },
    },
    expected: [
      ["unit", "uscc", undefined, "uscc.region"],
      ["joint", "name", 5, "joint.too_many"],
      ["joint", "category", 5, "enum.unlisted"],
    ],
  },
];

function expectedCell(profileId: string, form: FormId, data: TemplateData, e: Case["expected"][number]): string {
  const profile = findProfile(profileId)!;
  const [table, field, row] = e;
  if (table === "lines") {
    // 推荐单位 C2, 日期 G2; 联系人 C and 手机/座机 E two rows below the table's last row.
    const rows = Math.max(6, data.lists?.caseSummary?.length ?? 0);
    return { recommender: "C2", date: "G2", contact: `C${3 + rows + 2}`, phone: `E${3 + rows + 2}` }[field]!;
  }
  return plantedCell(profile, form, table, field, row);
}

describe("round trip per form: template → exceljs → validate --json", () => {
  for (const c of CASES) {
    it(`${c.profile} ${c.form}`, async () => {
      const profile = findProfile(c.profile)!;
      const file = path.join(dir, `${c.profile}-${c.form}.xlsx`);
      writeFileSync(file, await templateBuffer(profile, c.form, c.data));
      const report = path.join(dir, `${c.profile}-${c.form}.json`);
      const out: string[] = [];
      const exit = await main(["node", "pilot-forms", "validate", file, "--json", report, "--today", TODAY], {
        out: (s) => out.push(s),
        err: (s) => out.push(s),
        isTTY: false,
      });
      const json = JSON.parse(readFileSync(report, "utf8")) as JsonReport;
      expect(json.files[0].formId).toBe(c.form);
      expect(json.files[0].profile).toBe(c.profile);
      const got = json.issues.map((i) => `${i.cell} ${i.code}`).sort();
      const want = c.expected.map((e) => `${expectedCell(c.profile, c.form, c.data, e)} ${e[3]}`).sort();
      expect(got, out.join("\n")).toEqual(want);
      expect(exit).toBe(json.issues.some((i) => i.severity === "error") ? 1 : 0);
    });
  }
});

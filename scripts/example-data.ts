// Deterministic invented submissions for hebei-2025: a few cities, each with case
// applications, a recommendation summary and pilot plans whose target tables run past the
// 15 printed rows — and a handful of planted problems, listed in PLANTED with the code and
// cell that validation must report. Nothing here is real: names, codes and numbers are made up.
import type { CellValue, FormId, TableId } from "../forms/model.js";
import { makeUscc } from "../forms/parse/uscc.js";
import type { TemplateData } from "../aggregator/template/write.js";

export type FormData = TemplateData;

export interface ExampleFile {
  /** Path under examples/, with the city folder. */
  path: string;
  city: string;
  form: FormId;
  data: FormData;
}

/** A planted problem: the validator must report `code` at `cell` of `sheet` in `file`. */
export interface Planted {
  file: string;
  sheet: string;
  /** Field key and list row index (0-based data row) or undefined for key–value fields. */
  table: TableId;
  field: string;
  row?: number;
  code: string;
  what: string;
}

/** mulberry32: a small seeded PRNG so that the examples are the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRANDS = [
  "冀信",
  "华安",
  "恒通",
  "博远",
  "中鼎",
  "瑞丰",
  "泰和",
  "金石",
  "卓越",
  "燕赵",
  "长城",
  "太行",
  "渤海",
  "滦河",
  "白洋淀",
  "冀东",
  "正定",
  "北方",
  "新奥",
  "开元",
];
const TRADES = [
  ["智能装备", "装备工业"],
  ["精密制造", "装备工业"],
  ["钢铁", "原材料工业"],
  ["化工", "原材料工业"],
  ["食品", "消费品工业"],
  ["纺织", "消费品工业"],
  ["电子科技", "电子信息制造业"],
  ["数据服务", "电信和互联网"],
  ["工业互联网", "工业互联网"],
  ["汽车零部件", "车联网"],
  ["医疗器械", "医疗卫生"],
  ["热力", "能源"],
] as const;
const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "霞",
  "平",
  "刚",
  "桂英",
  "晓东",
  "建华",
  "海燕",
  "志强",
  "玉兰",
  "丹",
];

export const EXAMPLE_CITIES = [
  // Local numbers are 8 digits in 石家庄 and 7 in the other Hebei cities.
  { name: "石家庄市", short: "石家庄", division: "130104", area: "0311", digits: 8 },
  { name: "唐山市", short: "唐山", division: "130203", area: "0315", digits: 7 },
  { name: "保定市", short: "保定", division: "130602", area: "0312", digits: 7 },
  { name: "雄安新区", short: "雄安", division: "133100", area: "0312", digits: 7 },
  { name: "定州市", short: "定州", division: "130682", area: "0312", digits: 7 },
  // Last, so that the cities above draw the same numbers as before: its files go in one .zip.
  { name: "辛集市", short: "辛集", division: "130181", area: "0311", digits: 8 },
] as const;

/** Insurers' names only: every branch gets an invented credit code of its city. */
const INSURERS = ["中国人民财产保险股份有限公司", "中国太平洋财产保险股份有限公司", "中国平安财产保险股份有限公司"];

export function buildExamples(): { files: ExampleFile[]; planted: Planted[] } {
  const rnd = prng(20251128);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  let orgSerial = 1000;
  // Digits only: the letters I, O, S, V and Z are not allowed in credit codes.
  const body8 = () => `MA${String(orgSerial++ * 7919).padStart(6, "0")}`.slice(0, 8);
  const code = (division: string) => makeUscc("91", division, body8());
  const person = () => pick([...SURNAMES]) + pick(GIVEN);
  const mobile = () => `1${pick(["38", "39", "58", "80", "86", "89", "32", "55"])}${String(int(0, 99999999)).padStart(8, "0")}`;
  const email = (i: number) => `contact${i}@example.com`;
  const files: ExampleFile[] = [];
  const planted: Planted[] = [];
  const usedNames = new Set<string>();
  const company = (city: (typeof EXAMPLE_CITIES)[number]) => {
    for (;;) {
      const [trade, industry] = pick(TRADES);
      const name = `${city.short === "雄安" ? "河北雄安" : city.short}${pick(BRANDS)}${trade}有限公司`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return { name, industry };
      }
    }
  };
  let mailNo = 1;
  const landline = (city: (typeof EXAMPLE_CITIES)[number]) =>
    `${city.area}-${int(2, 8)}${String(int(0, 10 ** (city.digits - 1) - 1)).padStart(city.digits - 1, "0")}`;

  EXAMPLE_CITIES.forEach((city, ci) => {
    const dir = `hebei-2025/${city.name}`;
    const insurer = INSURERS[ci % INSURERS.length];
    const branch =
      `${insurer}${city.short === "雄安" ? "河北雄安" : city.short}${city.name.endsWith("新区") ? "" : "市"}分公司`.replace(
        "市市",
        "市",
      );
    const branchCode = code(city.division);
    const provider = company(city);
    const providerCode = code(city.division);
    const cases: { title: string; applicant: string; joint: string }[] = [];

    // Two 典型案例申报书 per city.
    for (let k = 1; k <= 2; k++) {
      const insured = company(city);
      const title = `${insured.name.replace(/有限公司$/, "")}网络安全保险服务案例`;
      cases.push({ title, applicant: branch, joint: provider.name });
      const file = `${dir}/典型案例申报书-${k}.xlsx`;
      const premium = int(3, 30);
      files.push({
        path: file,
        city: city.name,
        form: "case-application",
        data: {
          kv: {
            unit: {
              date: new Date(Date.UTC(2025, 10, 20 + k)),
              name: branch,
              region: `河北省${city.name}`,
              uscc: branchCode,
              founded: new Date(Date.UTC(2000 + ci, 3, 1 + k)),
              address: `${city.name}某某路${int(1, 300)}号`,
              capital: int(1000, 20000),
              contact: person(),
              phone: landline(city),
              email: email(mailNo++),
              nature: "国有控股企业",
              category: "保险公司",
              intro: `${branch}是${insurer}在${city.name}的分支机构，主营财产保险业务，近年来开展网络安全保险业务。`,
            },
            case: {
              title,
              category: pick(["重点行业领域：工业", "重点行业领域：金融", "重点主体：中小企业", "重点主体：产业园区"]),
              buyer: insured.name,
              buyerIndustry: insured.industry,
              insured: insured.name,
              insuredIndustry: insured.industry,
              insurer: branch,
              provider: provider.name,
              premium,
              cover: premium * int(20, 80),
              claimed: pick(["是", "否"]),
              adoption: int(1, 40),
              insuredIntro: `${insured.name}成立于${2000 + int(0, 20)}年，主营${insured.industry}相关业务，保障的风险场景包括勒索软件、数据泄露和生产系统中断。`,
            },
          },
          lists: {
            joint: [{ seq: 1, name: provider.name, nature: "民营企业", category: "网络安全企业", uscc: providerCode }],
          },
        },
      });
    }

    // The city's 推荐汇总表.
    files.push({
      path: `${dir}/典型案例推荐汇总表.xlsx`,
      city: city.name,
      form: "case-summary",
      data: {
        lines: {
          recommender: `${city.name}工业和信息化局`,
          date: new Date(Date.UTC(2025, 10, 24)),
          contact: person(),
          phone: mobile(),
        },
        lists: {
          caseSummary: cases.map((c, i) => ({
            seq: i + 1,
            title: c.title,
            applicant: c.applicant,
            category: "网络安全保险服务机构",
            joint: c.joint,
            description: `${c.applicant}联合${c.joint}，为被保企业提供保前风险评估、保中安全监测和保后应急处置服务。`,
            contact: person(),
            phone: mobile(),
          })),
        },
      },
    });

    // One 试点工作方案（服务机构）per city, targets past the 15 printed rows.
    const nTargets = 16 + int(2, 24);
    const targets = Array.from({ length: nTargets }, (_, i) => {
      const t = company(city);
      return { seq: i + 1, name: t.name, industry: t.industry, contact: person(), contactInfo: `${mobile()}/${email(mailNo++)}` };
    });
    const plans = Array.from({ length: int(2, 4) }, (_, i) => ({
      seq: i + 1,
      name: `${city.short}${["制造业", "中小企业", "工业园区", "车联网"][i]}网络安全保险服务方案`,
      type: i % 2 ? "重点主体" : "重点行业领域",
      industry: i % 2 ? "中小企业" : "工业",
      contact: person(),
      contactInfo: `${mobile()}/${email(mailNo++)}`,
    }));
    const planFile = `${dir}/试点工作方案（服务机构）.xlsx`;
    files.push({
      path: planFile,
      city: city.name,
      form: "pilot-institution",
      data: {
        kv: {
          unit: {
            title: `${city.name}工业企业网络安全保险服务试点`,
            direction: "工业互联网",
            date: new Date(Date.UTC(2025, 11, 15)),
            name: branch,
            region: `河北省${city.name}`,
            uscc: branchCode,
            founded: new Date(Date.UTC(2001, 5, 18)),
            address: `${city.name}某某大街${int(1, 300)}号`,
            capital: int(1000, 20000),
            contact: person(),
            phone: mobile(),
            fax: landline(city),
            email: email(mailNo++),
            nature: "国有控股企业",
            category: "保险公司",
            intro: `${branch}牵头，联合网络安全企业开展工业企业网络安全保险服务试点。`,
          },
        },
        lists: {
          joint: [{ seq: 1, name: provider.name, nature: "民营企业", category: "网络安全企业", uscc: providerCode }],
          targets,
          plans,
        },
      },
    });
  });

  // ---- Planted problems (each in a different file and cell) ----
  const plant = (file: ExampleFile, p: Omit<Planted, "file">, value: CellValue) => {
    if (p.row === undefined) file.data.kv![p.table]![p.field] = value;
    else file.data.lists![p.table]![p.row][p.field] = value;
    planted.push({ file: file.path, ...p });
  };
  const byPath = (p: string) => files.find((f) => f.path === p)!;
  const sjzPlan = byPath("hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx");
  // A target's contact cell without an e-mail.
  plant(
    sjzPlan,
    {
      sheet: "服务对象",
      table: "targets",
      field: "contactInfo",
      row: 17,
      code: "contact.email_missing",
      what: "第18个服务对象的联系方式只有手机号",
    },
    "13931100018",
  );
  // The same enterprise twice in the targets table.
  plant(
    sjzPlan,
    { sheet: "服务对象", table: "targets", field: "name", row: 19, code: "row.duplicate", what: "第20个服务对象与第3个重复" },
    sjzPlan.data.lists!.targets![2].name,
  );
  // A case application dated after the deadline (2025-11-28).
  plant(
    byPath("hebei-2025/石家庄市/典型案例申报书-2.xlsx"),
    { sheet: "申报单位基本信息", table: "unit", field: "date", code: "date.late", what: "申报日期晚于截止日期" },
    new Date(Date.UTC(2025, 11, 1)),
  );
  const tsCase = byPath("hebei-2025/唐山市/典型案例申报书-1.xlsx");
  // A mistyped check character.
  const good = tsCase.data.kv!.unit!.uscc as string;
  plant(
    tsCase,
    { sheet: "申报单位基本信息", table: "unit", field: "uscc", code: "uscc.checksum", what: "信用代码最后一位写错" },
    good.slice(0, 17) + (good[17] === "0" ? "1" : "0"),
  );
  // 保费 above 保额.
  plant(
    tsCase,
    { sheet: "典型案例基本信息", table: "case", field: "premium", code: "premium.above_cover", what: "保费大于保额" },
    (tsCase.data.kv!.case!.cover as number) + 50,
  );
  const bdSummary = byPath("hebei-2025/保定市/典型案例推荐汇总表.xlsx");
  // A landline without its area code.
  plant(
    bdSummary,
    {
      sheet: "典型案例推荐汇总表",
      table: "caseSummary",
      field: "phone",
      row: 1,
      code: "phone.invalid",
      what: "座机号码缺少区号",
    },
    "68206187",
  );
  // A description over 200 字.
  plant(
    bdSummary,
    {
      sheet: "典型案例推荐汇总表",
      table: "caseSummary",
      field: "description",
      row: 0,
      code: "text.too_long",
      what: "案例简要描述超过200字",
    },
    "本案例".repeat(70) + "。",
  );
  const xaPlan = byPath("hebei-2025/雄安新区/试点工作方案（服务机构）.xlsx");
  // 方案类型 from the 2023 notice, not an option of 2025.
  plant(
    xaPlan,
    { sheet: "服务方案", table: "plans", field: "type", row: 0, code: "enum.invalid", what: "方案类型用了2023年的“企业类”" },
    "企业类",
  );
  // 序号 skipping a number.
  plant(xaPlan, { sheet: "服务对象", table: "targets", field: "seq", row: 9, code: "seq.broken", what: "序号跳号" }, 11);
  const dzCase = byPath("hebei-2025/定州市/典型案例申报书-2.xlsx");
  // Money written in 元.
  plant(
    dzCase,
    { sheet: "典型案例基本信息", table: "case", field: "cover", code: "number.converted", what: "保额写成了元" },
    "3000000元",
  );
  // A short name instead of the registered one.
  plant(
    dzCase,
    { sheet: "联合申报单位", table: "joint", field: "name", row: 0, code: "name.not_full", what: "联合单位写了简称" },
    "定州网安",
  );

  // 雄安新区's third 典型案例申报书 comes as a Word .docx filled in from the official form
  // (make-examples.ts lays it out as Word; the data are those of a template-filled 申报书),
  // listed in the city's 推荐汇总表 like the other two. Its own PRNG, so that the files above
  // stay as they were.
  const wr = prng(20251201);
  const xaFirst = byPath("hebei-2025/雄安新区/典型案例申报书-1.xlsx");
  const xaSummary = byPath("hebei-2025/雄安新区/典型案例推荐汇总表.xlsx");
  const wordInsured = { name: "河北雄安白洋淀数据服务有限公司", industry: "电信和互联网" };
  const wordTitle = `${wordInsured.name.replace(/有限公司$/, "")}网络安全保险服务案例`;
  const wordPremium = 12;
  const xaUnit = xaFirst.data.kv!.unit!;
  const xaJoint = xaFirst.data.lists!.joint![0];
  const wordCase: ExampleFile = {
    path: XIONGAN_WORD,
    city: "雄安新区",
    form: "case-application",
    data: {
      kv: {
        unit: { ...xaUnit, date: new Date(Date.UTC(2025, 10, 23)), contact: "王立新", email: "contact90@example.com" },
        case: {
          title: wordTitle,
          category: "重点主体：中小企业",
          buyer: wordInsured.name,
          buyerIndustry: wordInsured.industry,
          insured: wordInsured.name,
          insuredIndustry: wordInsured.industry,
          insurer: xaUnit.name,
          provider: xaJoint.name,
          premium: wordPremium,
          cover: wordPremium * 50,
          claimed: "否",
          adoption: 6,
          insuredIntro: `${wordInsured.name}成立于2019年，主营数据服务相关业务，保障的风险场景包括数据泄露和业务系统中断。`,
        },
      },
      lists: { joint: [{ ...xaJoint }] },
    },
  };
  files.push(wordCase);
  const rows = xaSummary.data.lists!.caseSummary!;
  rows.push({
    seq: rows.length + 1,
    title: wordTitle,
    applicant: String(xaUnit.name),
    category: "网络安全保险服务机构",
    joint: String(xaJoint.name),
    description: `${String(xaUnit.name)}联合${String(xaJoint.name)}，为被保企业提供保前风险评估和保中安全监测服务。`,
    contact: "李" + ["明", "华", "强"][Math.floor(wr() * 3)],
    phone: "13831" + String(Math.floor(wr() * 1e6)).padStart(6, "0"),
  });
  // A landline without its area code, typed into the Word form.
  plant(
    wordCase,
    { sheet: "表格1", table: "unit", field: "phone", code: "phone.invalid", what: "Word申报书的联系电话缺少区号" },
    "6857213",
  );

  // 廊坊市 sends one 典型案例申报书, filled in Word, and no 推荐汇总表 at all: the provincial
  // summary gets a row drafted from it (来源 由申报书生成, △) and cross.summary_mismatch says the
  // summary is missing. Fixed values, no PRNG: the files above stay as they were.
  const lfInsured = { name: "廊坊开元智能装备有限公司", industry: "装备工业" };
  const lfInsurer = "中国平安财产保险股份有限公司廊坊市分公司";
  const lfProvider = "廊坊安信网络安全技术有限公司";
  files.push({
    path: LANGFANG_WORD,
    city: "廊坊市",
    form: "case-application",
    data: {
      kv: {
        unit: {
          date: new Date(Date.UTC(2025, 10, 24)),
          name: lfInsurer,
          region: "河北省廊坊市",
          uscc: makeUscc("91", "131002", "MA0LF318"),
          founded: new Date(Date.UTC(2006, 2, 15)),
          address: "廊坊市广阳区新华路88号",
          capital: 8000,
          contact: "赵敏",
          phone: "0316-2345678",
          email: "zhaomin@example.com",
          nature: "国有控股企业",
          category: "保险公司",
          intro: `${lfInsurer}是中国平安财产保险股份有限公司在廊坊市的分支机构，主营财产保险业务，2024年起开展网络安全保险业务。`,
        },
        case: {
          title: `${lfInsured.name.replace(/有限公司$/, "")}网络安全保险服务案例`,
          category: "重点行业领域：装备工业",
          buyer: lfInsured.name,
          buyerIndustry: lfInsured.industry,
          insured: lfInsured.name,
          insuredIndustry: lfInsured.industry,
          insurer: lfInsurer,
          provider: lfProvider,
          premium: 15,
          cover: 800,
          claimed: "否",
          adoption: 4,
          insuredIntro: `${lfInsured.name}成立于2015年，主营智能装备制造，保障的风险场景包括勒索软件和生产系统中断。`,
        },
      },
      lists: {
        joint: [
          { seq: 1, name: lfProvider, nature: "民营企业", category: "网络安全企业", uscc: makeUscc("91", "131003", "MA0LF526") },
        ],
      },
    },
  });
  return { files, planted };
}

/** 廊坊市's only submission: a 典型案例申报书 filled in Word, and no 推荐汇总表 (its summary row is drafted). */
export const LANGFANG_WORD = "hebei-2025/廊坊市/典型案例申报书（Word）.docx";

/** 雄安新区's 典型案例申报书 filled in Word (.docx), not in the Excel template. */
export const XIONGAN_WORD = "hebei-2025/雄安新区/典型案例申报书-3（Word）.docx";

/** A sheet typed by hand in an old Excel: values by row (1-based rows as in the file), merges as A1 ranges. */
export interface HandSheet {
  name: string;
  rows: CellValue[][];
  merges: string[];
  /** Column widths in characters. */
  widths: number[];
}

/** A planted problem in a hand-made file: the cell is known from the layout. */
export interface HandPlanted {
  file: string;
  sheet: string;
  cell: string;
  code: string;
  what: string;
}

export const BAODING_OLD_XLS = "hebei-2025/保定市/服务对象补充表（旧版Excel）.xls";

/**
 * 保定's 服务对象 list for its 试点工作方案（服务机构）, typed by hand in an old Excel and saved
 * as .xls: a title merged across, a 填报单位/填报日期 line, a two-row header with
 * 联系方式（手机与邮箱） merged over 手机 | 邮箱, eight enterprises, a "……" row, a 注： line and
 * a 填表人/审核人 footer. Planted: an office landline typed in the 手机 column.
 */
export function baodingOldTargets(): { sheet: HandSheet; planted: HandPlanted[]; records: string[][] } {
  const targets: [string, string, string, string, string][] = [
    ["保定冀信恒通电气设备有限公司", "装备工业", "刘建华", "13831226407", "hengtong_ljh@163.com"],
    ["保定市满城区华盛纸业有限公司", "消费品工业", "张海燕", "15930218856", "hszy_zhanghy@126.com"],
    ["高碑店市金源食品有限公司", "消费品工业", "王志强", "18903129315", "jinyuanfood@163.com"],
    ["保定博远汽车零部件制造有限公司", "车联网", "李晓东", "13603320871", "boyuan_lxd@163.com"],
    ["涿州市恒达精密机械有限公司", "装备工业", "赵玉兰", "0312-3856217", "hdjm_zhao@126.com"],
    ["保定国信数据服务有限公司", "电信和互联网", "孙磊", "17703126642", "gxdata_sunlei@126.com"],
    ["安国市仁和医疗器械有限公司", "医疗卫生", "马秀英", "13933298104", "renheylqx@163.com"],
    ["保定白洋淀热力有限公司", "能源", "郭勇", "13513120935", "bydrl_guoyong@163.com"],
  ];
  const rows: CellValue[][] = [
    ["保定市网络安全保险服务试点服务对象补充表"],
    ["填报单位：中国平安财产保险股份有限公司保定市分公司", null, null, "填报日期：2025年11月20日"],
    ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
    [null, null, null, null, "手机", "邮箱"],
    ...targets.map(([name, industry, contact, mobile, mail], i) => [i + 1, name, industry, contact, mobile, mail]),
    ["……", "……", "……", "……", "……", "……"],
    ["注：联系方式请填写企业联系人的手机号码和电子邮箱；本表为试点工作方案（服务机构）服务对象基本情况的补充。"],
    ["填表人：陈晓丽", null, null, "审核人：周建军"],
  ];
  const footer = rows.length;
  return {
    sheet: {
      name: "服务对象",
      rows,
      merges: ["A1:F1", "A2:C2", "D2:F2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", `A${footer - 1}:F${footer - 1}`],
      widths: [6, 34, 14, 10, 16, 28],
    },
    planted: [
      {
        file: BAODING_OLD_XLS,
        sheet: "服务对象",
        cell: "E9",
        code: "contact.mobile_missing",
        what: "第5个服务对象的“手机”一栏填了办公座机",
      },
    ],
    records: targets.map(([name, industry, contact, mobile, mail]) => [name, industry, contact, mobile, mail]),
  };
}

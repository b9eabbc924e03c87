import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseContact, parsePersonContact } from "../../forms/parse/contact.js";

const EMPTY = { mobiles: [], landlines: [], emails: [], badPhones: [], badEmails: [], rest: [] };

describe("parseContact", () => {
  it.each([
    "13800000000/zhang@qq.com",
    "13800000000／zhang@qq.com",
    "13800000000;zhang@qq.com",
    "13800000000；zhang@qq.com",
    "13800000000,zhang@qq.com",
    "13800000000，zhang@qq.com",
    "13800000000、zhang@qq.com",
    "13800000000 zhang@qq.com",
    "13800000000\nzhang@qq.com",
    "zhang@qq.com/13800000000",
    "zhang@qq.com\r\n138 0000 0000",
    "13800000000zhang@qq.com",
    "zhang@qq.com13800000000",
    "手机：13800000000 邮箱：zhang@qq.com",
    "手机:13800000000；E-mail:zhang@qq.com",
    "１３８００００００００／ｚｈａｎｇ＠ｑｑ．ｃｏｍ",
    "+86 138-0000-0000 / zhang@qq.com",
  ])("%j", (raw) => {
    expect(parseContact(raw)).toEqual({ ...EMPTY, mobiles: ["13800000000"], emails: ["zhang@qq.com"] });
  });

  it("keeps a mobile used as an e-mail name", () => {
    expect(parseContact("13800000000@163.com")).toEqual({ ...EMPTY, emails: ["13800000000@163.com"] });
  });

  it("collects landlines, bad phones, bad e-mails and other text", () => {
    expect(parseContact("0311-86699155/zhang@qq.com")).toEqual({
      ...EMPTY,
      landlines: ["0311-86699155"],
      emails: ["zhang@qq.com"],
    });
    expect(parseContact("1380000000/zhang@qq")).toEqual({ ...EMPTY, badPhones: ["1380000000"], badEmails: ["zhang@qq"] });
    expect(parseContact("张三 13800000000")).toEqual({ ...EMPTY, mobiles: ["13800000000"], rest: ["张三"] });
    expect(parseContact("zhang@@qq.com")).toEqual({ ...EMPTY, badEmails: ["zhang@@qq.com"] });
    expect(parseContact("68206187")).toEqual({ ...EMPTY, badPhones: ["68206187"] });
    expect(parseContact("")).toEqual(EMPTY);
  });

  it("finds several of each", () => {
    const r = parseContact("13800000000、13900000000；a@x.com；b@y.cn");
    expect(r.mobiles).toEqual(["13800000000", "13900000000"]);
    expect(r.emails).toEqual(["a@x.com", "b@y.cn"]);
  });
});

describe("parsePersonContact", () => {
  it("reads the name", () => {
    expect(parsePersonContact("张三 13800000000")).toEqual({ ...EMPTY, mobiles: ["13800000000"], name: "张三" });
    expect(parsePersonContact("李四/0311-86699155/li@x.com")).toEqual({
      ...EMPTY,
      landlines: ["0311-86699155"],
      emails: ["li@x.com"],
      name: "李四",
    });
    expect(parsePersonContact("王老师13800000000")).toMatchObject({ mobiles: ["13800000000"], name: "王老师" });
    expect(parsePersonContact("联系人：张三，电话：021-64743030-2709")).toMatchObject({
      landlines: ["021-64743030-2709"],
      name: "张三",
      rest: [],
    });
    expect(parsePersonContact("张三（处长）13800000000")).toMatchObject({ name: "张三", rest: ["处长"] });
    expect(parsePersonContact("13800000000").name).toBeUndefined();
  });
});

describe("fast paths agree with the general parser", () => {
  it("mobile and e-mail in either order, any separator", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^1(?:3\d|5[0-35-9]|8\d|9[0-35-9])\d{8}$/),
        fc.stringMatching(/^[a-z][a-z0-9._]{0,10}[a-z0-9]@(?:qq|163|example)\.(?:com|cn|com\.cn)$/),
        fc.constantFrom("/", "／", ";", "；", ",", "，", "、", " ", "\n", " / ", "\r\n"),
        fc.boolean(),
        (m, e, sep, emailFirst) => {
          fc.pre(!e.includes(".."));
          const raw = emailFirst ? e + sep + m : m + sep + e;
          expect(parseContact(raw)).toEqual({ ...EMPTY, mobiles: [m], emails: [e] });
        },
      ),
      { numRuns: 300 },
    );
  });
  it("name and mobile", () => {
    expect(parsePersonContact("手机13800000000")).toEqual({ ...EMPTY, mobiles: ["13800000000"] });
    expect(parsePersonContact("欧阳·娜娜，13800000000")).toMatchObject({ name: "欧阳·娜娜", mobiles: ["13800000000"] });
    expect(parsePersonContact("张三 12800000000")).toMatchObject({ name: "张三", mobiles: [], badPhones: ["12800000000"] });
  });
});

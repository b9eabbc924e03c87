// Every rule code of SPEC §6 with its default severity and a short Chinese name. Codes are
// the contract: reports, tests and the add-in use them. Each code is emitted by exactly one
// module under forms/rules/ (search the code to find it).
import type { Severity } from "../model.js";

export interface RuleInfo {
  severity: Severity;
  /** Short name for legends and summaries. */
  title: string;
  /** When the rule fires, in one line (the README's rule table is checked against these). */
  description: string;
}

export const RULES = {
  required: { severity: "error", title: "必填项未填", description: "必填的单元格在有内容的行中为空" },
  "uscc.format": { severity: "error", title: "信用代码格式错误", description: "不是统一社会信用代码或组织机构代码的格式" },
  "uscc.checksum": { severity: "error", title: "信用代码校验位错误", description: "统一社会信用代码的校验位不对" },
  "uscc.region": {
    severity: "warning",
    title: "信用代码登记地不符",
    description: "信用代码的登记地不在本省，或与所填所在地区不符",
  },
  "phone.invalid": { severity: "error", title: "电话号码无效", description: "不是有效的手机或座机号码" },
  "contact.mobile_missing": { severity: "error", title: "缺少手机号码", description: "联系方式（手机与邮箱）缺少手机号码" },
  "contact.email_missing": { severity: "error", title: "缺少电子邮箱", description: "联系方式（手机与邮箱）缺少电子邮箱" },
  "email.invalid": { severity: "error", title: "电子邮箱无效", description: "不是有效的电子邮箱地址" },
  "enum.invalid": { severity: "error", title: "不在可选项中", description: "不在封闭的可选项中（说明中给出最接近的选项）" },
  "enum.unlisted": { severity: "info", title: "不在建议选项中", description: "不在建议的可选项中" },
  "enum.other_unspecified": { severity: "warning", title: "“其他”未注明", description: "选了“其他”但没有注明是什么" },
  "text.too_long": { severity: "error", title: "超过字数限制", description: "超过字数限制（说明中给出字数）" },
  "text.too_short": {
    severity: "warning",
    title: "少于字数要求",
    description: "Word 申报书正文的一部分少于通知要求的字数（不少于…字；说明中给出字数）",
  },
  "number.invalid": { severity: "error", title: "数值无效", description: "金额或数量不是大于等于 0 的数" },
  "number.converted": { severity: "warning", title: "金额已换算", description: "金额带有元、亿或其他文字，已换算为万元" },
  "premium.above_cover": { severity: "warning", title: "保费高于保额", description: "保费高于保额" },
  "date.invalid": { severity: "error", title: "日期无效", description: "不是日期，或成立时间晚于今天" },
  "date.late": { severity: "warning", title: "晚于截止日期", description: "日期晚于通知的截止日期" },
  "seq.broken": { severity: "warning", title: "序号不连续", description: "序号不是 1、2、3……" },
  "row.duplicate": {
    severity: "warning",
    title: "重复的单位",
    description: "同一表格中同一单位或企业出现两次（按信用代码，否则按名称）",
  },
  "name.not_full": { severity: "warning", title: "单位名称不完整", description: "单位名称看起来不是完整的登记名称" },
  "text.whitespace": {
    severity: "info",
    title: "多余空格或全角字符",
    description: "首尾或连续空格、全角数字和字母（可自动修正）",
  },
  "joint.too_many": { severity: "error", title: "联合单位过多", description: "联合申报单位多于通知允许的数量" },
  "insurer.missing": {
    severity: "warning",
    title: "缺少保险机构",
    description: "服务方案或试点工作方案的牵头和联合单位中没有保险机构",
  },
  "cross.duplicate_target": { severity: "warning", title: "服务对象重复申报", description: "同一企业在多份材料中作为服务对象" },
  "cross.duplicate_case": {
    severity: "warning",
    title: "典型案例重复申报",
    description: "同一案例（名称和申报单位）在多份申报书或多个推荐汇总表中申报",
  },
  "cross.lead_limit": { severity: "warning", title: "牵头数量超限", description: "同一单位牵头的方案或项目多于通知允许的数量" },
  "cross.summary_mismatch": {
    severity: "warning",
    title: "汇总表与申报书不一致",
    description: "城市推荐汇总表中的案例没有对应的申报书，或反之",
  },
  "file.duplicate": { severity: "info", title: "重复提交的文件", description: "内容完全相同的文件提交了两次，只汇总一次" },
  "file.superseded": {
    severity: "info",
    title: "已被新版本替代",
    description: "同一城市、同一表单、同一牵头单位、同一方案或案例名称的旧版本：列出，数据只按新版本汇总一次",
  },
  "file.unreadable": {
    severity: "error",
    title: "文件无法读取",
    description: "电子表格无法读取（加密、损坏、截断、过大），说明中写明原因和办法",
  },
  "file.unknown_form": { severity: "error", title: "未识别的表格", description: "文件中没有找到任何已知的表格" },
  "file.city_unknown": { severity: "warning", title: "无法确定城市", description: "无法确定文件所属的城市" },
  "file.several_forms": {
    severity: "warning",
    title: "一个文件中有多份申报材料",
    description:
      "一个文件中有不止一份申报书（基本信息表出现多次，如几份 Word 申报书合在一个文档里）：都读取，但应每份单独提交一个文件",
  },
  "sheet.unrecognized": {
    severity: "info",
    title: "未识别的工作表",
    description: "有内容的工作表不属于任何已知表格，已列出，未汇总",
  },
  "file.not_spreadsheet": {
    severity: "warning",
    title: "不是电子表格",
    description: "输入中既不是电子表格、也不是压缩包的文件（.docx、.pdf、.doc、.rar、图片等）：计入所属城市并列出，不会丢弃",
  },
  "file.skipped": {
    severity: "info",
    title: "已跳过的输入",
    description: "不是普通文件的输入（Office 锁定文件、管道、设备、失效的链接、重复的链接）：列出，不读取",
  },
  "sheet.unreadable": {
    severity: "warning",
    title: "工作表无法读取",
    description: "工作簿中的宏表、对话框工作表等无法读取的工作表：其中的内容不在检查范围内",
  },
  "rows.unread": {
    severity: "warning",
    title: "有内容的行未汇总",
    description: "工作表中有内容、但不属于任何表格，也不是标题、表头、表尾、说明或占位的行：报告出来，绝不悄悄丢弃",
  },
  "cell.no_result": {
    severity: "info",
    title: "公式没有计算结果",
    description: "公式单元格保存时没有计算结果（结果为空字符串的不算）",
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export const SEVERITY_LABEL: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Fill colours of problem cells: the CLI's annotated copies and the add-in's 标记问题 use the same. */
export const MARK_COLOR = { error: "#FFC7CE", warning: "#FFEB9C" } as const;

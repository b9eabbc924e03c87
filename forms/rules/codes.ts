// Every rule code of SPEC §6 with its default severity and a short Chinese name. Codes are
// the contract: reports, tests and the add-in use them. Each code is emitted by exactly one
// module under forms/rules/ (search the code to find it).
import type { Severity } from "../model.js";

export interface RuleInfo {
  severity: Severity;
  /** Short name for legends and summaries. */
  title: string;
}

export const RULES = {
  required: { severity: "error", title: "必填项未填" },
  "uscc.format": { severity: "error", title: "信用代码格式错误" },
  "uscc.checksum": { severity: "error", title: "信用代码校验位错误" },
  "uscc.region": { severity: "warning", title: "信用代码登记地不符" },
  "phone.invalid": { severity: "error", title: "电话号码无效" },
  "contact.mobile_missing": { severity: "error", title: "缺少手机号码" },
  "contact.email_missing": { severity: "error", title: "缺少电子邮箱" },
  "email.invalid": { severity: "error", title: "电子邮箱无效" },
  "enum.invalid": { severity: "error", title: "不在可选项中" },
  "enum.unlisted": { severity: "info", title: "不在建议选项中" },
  "enum.other_unspecified": { severity: "warning", title: "“其他”未注明" },
  "text.too_long": { severity: "error", title: "超过字数限制" },
  "number.invalid": { severity: "error", title: "数值无效" },
  "number.converted": { severity: "warning", title: "金额已换算" },
  "premium.above_cover": { severity: "warning", title: "保费高于保额" },
  "date.invalid": { severity: "error", title: "日期无效" },
  "date.late": { severity: "warning", title: "晚于截止日期" },
  "seq.broken": { severity: "warning", title: "序号不连续" },
  "row.duplicate": { severity: "warning", title: "重复的单位" },
  "name.not_full": { severity: "warning", title: "单位名称不完整" },
  "text.whitespace": { severity: "info", title: "多余空格或全角字符" },
  "joint.too_many": { severity: "error", title: "联合单位过多" },
  "insurer.missing": { severity: "warning", title: "缺少保险机构" },
  "cross.duplicate_target": { severity: "warning", title: "服务对象重复申报" },
  "cross.duplicate_case": { severity: "warning", title: "典型案例重复申报" },
  "cross.lead_limit": { severity: "warning", title: "牵头数量超限" },
  "cross.summary_mismatch": { severity: "warning", title: "汇总表与申报书不一致" },
  "file.duplicate": { severity: "info", title: "重复提交的文件" },
  "file.unreadable": { severity: "error", title: "文件无法读取" },
  "file.unknown_form": { severity: "error", title: "未识别的表格" },
  "file.city_unknown": { severity: "warning", title: "无法确定城市" },
  "sheet.unrecognized": { severity: "info", title: "未识别的工作表" },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export const SEVERITY_LABEL: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Fill colours of problem cells: the CLI's annotated copies and the add-in's 标记问题 use the same. */
export const MARK_COLOR = { error: "#FFC7CE", warning: "#FFEB9C" } as const;

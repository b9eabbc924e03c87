// The pane's labels: Simplified Chinese first; English when Office's display language is
// English (SPEC §12). Rule messages come from the forms core and stay Chinese: they quote
// the notices' wording.
/** Capabilities.apiVersion of the WPS host (addin/wps/host.ts): the pane speaks of WPS there, not Excel. */
const WPS = "WPS";

const zh = {
  title: "试点表格校验",
  validate: "校验",
  validating: "正在校验…",
  mark: "标记问题",
  clear: "清除标记",
  fix: "自动修正",
  insert: "插入模板",
  live: "实时校验",
  profile: "配置",
  form: "表单",
  pickProfile: "选择配置",
  unknownForm: "未识别表单：请选择通知对应的配置后再校验。",
  detectedBy: {
    metadata: "由模板元数据识别",
    headings: "由表头识别",
    user: "手动选择",
    saved: "本工作簿上次选择的配置",
    default: "本单位默认配置",
  },
  errors: "错误",
  warnings: "警告",
  infos: "提示",
  workbook: "整个工作簿",
  noProblems: "没有发现问题。",
  notValidated: "点击“校验”检查本工作簿中的全部表格。",
  summary: (tables: number, rows: number, ms: number) => `已校验 ${tables} 张表、${rows} 行，用时 ${Math.round(ms)} 毫秒。`,
  more: (n: number) => `再显示 ${n} 条`,
  marked: (n: number) => `已标记 ${n} 个单元格（红色为错误，黄色为警告）。`,
  cleared: (n: number) => `已恢复 ${n} 个单元格原来的填充。`,
  noMarks: "没有需要清除的标记。",
  sheetsGone: (n: number) => `另有 ${n} 个单元格所在的工作表已改名或删除，无法恢复。`,
  fixTitle: "自动修正",
  fixIntro: (n: number) => `将修改 ${n} 个单元格（去掉多余空格、全角数字改为半角、信用代码改为大写、序号重新编号）：`,
  fixNone: "没有可以自动修正的单元格。",
  fixApply: "确认修正",
  cancel: "取消",
  fixed: (n: number) => `已修正 ${n} 个单元格，并重新校验。`,
  inserted: (name: string) => `已插入模板“${name}”的工作表。`,
  liveOn: "实时校验已开启：编辑单元格后自动重新校验该工作表。",
  featuresOff: (v: string): string => (v === WPS ? "以下功能在 WPS 表格中不可用：" : "以下功能在此 Excel 版本中不可用："),
  featureLive: "实时校验（需要 ExcelApi 1.7，即 Office 2019 或更新版本）",
  featureInsert: "插入模板（需要 ExcelApi 1.13，即 Office 2021 或 Microsoft 365）；可改用“下载模板”，打开下载的文件填写",
  featureScattered: "一次标记多处单元格（需要 ExcelApi 1.9）；已改为逐格标记，结果相同",
  apiVersion: (v: string): string => (v === WPS ? "本窗格在 WPS 表格中通过 WPS 加载项接口运行。" : `Excel 支持 ExcelApi ${v}。`),
  featureInsertWps: "插入模板（WPS 加载项接口不能从模板插入工作表）；可改用“下载模板”，打开下载的文件填写",
  paren: (x: string) => `（${x}）`,
  error: (m: string) => `出错了：${m}`,
  cell: "单元格",
  fixable: "可自动修正",
  askDetected: "表头与多种通知的表格相符，请在下方选择。",
  askTitle: "是哪一种通知的表格？",
  askBody: "本工作簿的表头与以下几种都相符（各通知的截止日期、地区等规则不同），请选择：",
  next: "下一个错误",
  nextTitle: "选择下一个错误所在的单元格（快捷键 F8 或 Alt+N）",
  fixMore: (n: number) => `还有 ${n} 处未列出，确认后一并修正。`,
  download: "下载模板",
  downloadTitle: "下载模板文件（.xlsx），在 Excel 中打开后填写",
  unrecognisedTitle: "没有找到可识别的表格",
  unrecognisedLooksFor: "本窗格按表格上方的标题识别通知中的表格（表头也须与模板一致）：",
  unrecognisedInsert: "可以插入通知对应的模板，在模板中填写后再校验：",
  unrecognisedPick: "先在上方选择通知对应的配置，再插入它的模板。",
  downloadCopy: "下载标注副本",
  downloadCopyTitle:
    "下载本工作簿的副本：问题单元格标红（错误）或标黄（警告），第一个工作表“问题清单”列出全部问题；本工作簿不改动",
  copyName: (base: string) => `${base}（已标注）.xlsx`,
  untitled: "工作簿",
  copySaved: (name: string) =>
    `已下载“${name}”：问题单元格已标出，第一个工作表“问题清单”列出全部问题。请对照副本在本工作簿中修改后重新校验。`,
  copyFailed: (m: string) => `无法生成标注副本：${m}`,
  markFailed: (m: string) =>
    `无法在本工作簿中标记问题（工作表受保护、工作簿只读，或 Excel 网页版处于查看模式）：${m}。可以点击“下载标注副本”，在副本中查看标出的问题。`,
  featureMark: (copy: boolean) =>
    `在工作簿中标记问题（本工作簿以只读方式打开）${copy ? "；可改用“下载标注副本”，在副本中查看标出的问题" : ""}`,
};

export type Strings = typeof zh;

const en: Strings = {
  title: "Pilot forms check",
  validate: "Validate",
  validating: "Validating…",
  mark: "Mark problems",
  clear: "Clear marks",
  fix: "Auto-fix",
  insert: "Insert template",
  live: "Live check",
  profile: "Profile",
  form: "Form",
  pickProfile: "Choose a profile",
  unknownForm: "Form not recognised: choose the notice's profile, then validate.",
  detectedBy: {
    metadata: "from the template metadata",
    headings: "from the headings",
    user: "chosen by you",
    saved: "chosen for this workbook before",
    default: "your office's default profile",
  },
  errors: "Errors",
  warnings: "Warnings",
  infos: "Notes",
  workbook: "Whole workbook",
  noProblems: "No problems found.",
  notValidated: "Click Validate to check every table in this workbook.",
  summary: (tables, rows, ms) => `Checked ${tables} tables, ${rows} rows in ${Math.round(ms)} ms.`,
  more: (n) => `Show ${n} more`,
  marked: (n) => `Marked ${n} cells (red: errors, yellow: warnings).`,
  cleared: (n) => `Restored the original fill of ${n} cells.`,
  noMarks: "There are no marks to clear.",
  sheetsGone: (n) => ` ${n} more cells are on sheets that were renamed or deleted and cannot be restored.`,
  fixTitle: "Auto-fix",
  fixIntro: (n) => `${n} cells will change (spaces, full-width digits, credit-code case, numbering):`,
  fixNone: "Nothing can be fixed automatically.",
  fixApply: "Apply",
  cancel: "Cancel",
  fixed: (n) => `Fixed ${n} cells and validated again.`,
  inserted: (name) => `Inserted the sheets of the template “${name}”.`,
  liveOn: "Live check is on: editing a cell re-validates its sheet.",
  featuresOff: (v) => (v === WPS ? "Not available in WPS Spreadsheets:" : "Not available in this version of Excel:"),
  featureLive: "Live check (needs ExcelApi 1.7: Office 2019 or later)",
  featureInsert:
    "Insert template (needs ExcelApi 1.13: Office 2021 or Microsoft 365); use Download template and open the file instead",
  featureScattered:
    "Marking many cells in one call (needs ExcelApi 1.9); cells are marked one by one instead, with the same result",
  apiVersion: (v) =>
    v === WPS ? "The pane runs in WPS Spreadsheets through WPS's add-in API. " : `Excel supports ExcelApi ${v}. `,
  featureInsertWps:
    "Insert template (WPS's add-in API cannot insert sheets from a template); use Download template and open the file instead",
  paren: (x) => ` (${x})`,
  error: (m) => `Something went wrong: ${m}`,
  cell: "Cell",
  fixable: "fixable",
  askDetected: "The headings fit several notices' forms: choose below.",
  askTitle: "Which notice's form is this?",
  askBody: "This workbook's headings fit each of these (their deadlines, regions and other rules differ); choose one:",
  next: "Next error",
  nextTitle: "Select the cell of the next error (shortcut F8 or Alt+N)",
  fixMore: (n) => `${n} more not listed; they are fixed too.`,
  download: "Download template",
  downloadTitle: "Download the template (.xlsx), open it in Excel and fill it in",
  unrecognisedTitle: "No recognisable table found",
  unrecognisedLooksFor:
    "The pane finds the notice's tables by the headings above them (their column headings must match the template's):",
  unrecognisedInsert: "Insert the notice's template, fill it in, then validate:",
  unrecognisedPick: "Choose the notice's profile above, then insert its template.",
  downloadCopy: "Download marked copy",
  downloadCopyTitle:
    "Download a copy of this workbook with the problem cells filled (red: errors, yellow: warnings) and a first sheet 问题清单 listing every problem; this workbook is not changed",
  copyName: (base) => `${base}（已标注）.xlsx`,
  untitled: "工作簿",
  copySaved: (name) =>
    `Downloaded “${name}”: the problem cells are marked and its first sheet, 问题清单, lists every problem. Correct this workbook from it, then validate again.`,
  copyFailed: (m) => `Could not make the marked copy: ${m}`,
  markFailed: (m) =>
    `Cannot mark this workbook (a protected sheet, a read-only workbook, or Excel on the web in view mode): ${m}. Click Download marked copy to see the problems marked in a copy.`,
  featureMark: (copy) =>
    `Marking problems in the workbook (it is open read-only)${copy ? "; use Download marked copy to see them marked in a copy" : ""}`,
};

/** The strings for an Office display language ("zh-CN", "en-US", …): English for English, Chinese otherwise. */
export function stringsFor(language: string | undefined): Strings {
  return /^en\b/i.test(language ?? "") ? en : zh;
}

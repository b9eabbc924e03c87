// What 校验 and 汇总 show: per file its problems grouped by sheet (as the pane lists them),
// and the roll-up's downloads with each city's counts.
import type { Issue, Severity } from "../forms/model.js";
import { SEVERITY_LABEL } from "../forms/rules/codes.js";
import { downloadLink, el } from "./dom.js";
import { groupIssues, whereOf } from "./issues-view.js";
import type { FileView, MergeDone, ValidateDone } from "./protocol.js";

const STATUS_LABEL: Record<FileView["status"], string> = {
  ok: "没有问题",
  warnings: "有警告",
  errors: "有错误",
  unreadable: "无法读取",
  duplicate: "重复提交",
  superseded: "已被替代",
};

export function countsText(c: Record<Severity, number>): string {
  return `${c.error} 个错误、${c.warning} 个警告、${c.info} 个提示`;
}

function issueItem(i: Issue): HTMLElement {
  const where = whereOf(i);
  return el(
    "li",
    { class: `issue ${i.severity}`, "data-code": i.code },
    el("span", { class: `tag ${i.severity}` }, SEVERITY_LABEL[i.severity]),
    where ? el("span", { class: "where" }, where) : null,
    el("span", { class: "message" }, i.message),
  );
}

export function issueList(issues: Issue[], shown: ReadonlySet<Severity>): HTMLElement {
  const groups = groupIssues(issues, shown);
  if (!groups.length) return el("p", { class: "none" }, issues.length ? "没有所选类别的问题。" : "没有发现问题。");
  return el(
    "div",
    { class: "groups" },
    ...groups.map((g) =>
      el(
        "section",
        { class: "group" },
        el("h4", {}, g.sheet ? `工作表“${g.sheet}”` : "整个文件", el("span", { class: "counts" }, countsText(g.counts))),
        el("ul", {}, ...g.issues.map(issueItem)),
      ),
    ),
  );
}

/** One file's card; `onAnnotate` asks the worker for its marked copy. */
function fileCard(f: FileView, index: number, shown: ReadonlySet<Severity>, onAnnotate?: (index: number) => void): HTMLElement {
  const facts = [f.formName, f.profileName, f.city && `城市：${f.city}`].filter(Boolean).join(" · ");
  const button =
    f.canAnnotate && onAnnotate
      ? el("button", { type: "button", class: "secondary", "data-testid": "annotate" }, "下载标注副本")
      : null;
  button?.addEventListener("click", () => onAnnotate?.(index));
  return el(
    "article",
    { class: `file ${f.status}`, "data-testid": "file", "data-file": f.display },
    el("header", {}, el("h3", {}, f.display), el("span", { class: `status ${f.status}` }, STATUS_LABEL[f.status]), button),
    facts ? el("p", { class: "facts" }, facts) : null,
    f.note ? el("p", { class: "facts" }, f.note) : null,
    issueList(f.issues, shown),
  );
}

export interface ValidateFilter {
  shown: ReadonlySet<Severity>;
  /** Leave out files with nothing of the kinds shown. */
  problemsOnly: boolean;
}

/** The files' cards, those without a problem of the kinds shown left out when asked (and counted). */
function fileCards(files: FileView[], filter: ValidateFilter, onAnnotate?: (index: number) => void): (HTMLElement | null)[] {
  const { shown } = filter;
  const listed = files
    .map((f, i) => [f, i] as const)
    .filter(([f]) => !filter.problemsOnly || f.issues.some((i) => shown.has(i.severity)));
  return [
    ...listed.map(([f, i]) => fileCard(f, i, shown, onAnnotate)),
    listed.length < files.length
      ? el("p", { class: "none" }, `另有 ${files.length - listed.length} 个文件没有所选类别的问题。`)
      : null,
  ];
}

export function validateView(r: ValidateDone, filter: ValidateFilter, onAnnotate: (index: number) => void): HTMLElement {
  const { shown } = filter;
  return el(
    "div",
    { class: "result", "data-testid": "validate-result" },
    el(
      "div",
      { class: "summary" },
      el("p", { class: "headline" }, `已校验 ${r.files.length} 个文件：${countsText(r.counts)}。`),
      downloadLink("校验报告.json", r.report, "下载校验报告（.json）", "download-report"),
    ),
    r.cross.length ? el("section", { class: "file" }, el("h3", {}, "多个文件之间的问题"), issueList(r.cross, shown)) : null,
    ...fileCards(r.files, filter, onAnnotate),
    skippedList(r.skipped),
  );
}

function skippedList(skipped: { display: string; reason: string }[]): HTMLElement | null {
  if (!skipped.length) return null;
  return el(
    "section",
    { class: "file skipped" },
    el("h3", {}, `未读取的文件（${skipped.length} 个）`),
    el("ul", {}, ...skipped.map((s) => el("li", {}, el("span", { class: "where" }, s.display), el("span", {}, s.reason)))),
  );
}

/** 汇总: the downloads, each city's counts, then the problems file by file (as 校验 lists them). */
export function mergeView(r: MergeDone, filter: ValidateFilter, chosen: number, onFeedback: () => void): HTMLElement {
  const feedback = el("button", { type: "button", class: "secondary", "data-testid": "feedback" }, "下载问题反馈（.zip）");
  feedback.addEventListener("click", onFeedback);
  const reported = r.cities.filter((c) => !c.missing).length;
  const expanded = r.files.length !== chosen ? `（所选 ${chosen} 个，含压缩包中的文件）` : "";
  return el(
    "div",
    { class: "result", "data-testid": "merge-result" },
    el(
      "div",
      { class: "summary" },
      el(
        "p",
        { class: "headline" },
        `${r.profileName}：汇总了 ${r.files.length} 个文件${expanded}，${reported}/${r.cities.length} 个城市报送，${countsText(r.counts)}。`,
      ),
      el(
        "p",
        { class: "downloads" },
        downloadLink("全省汇总.xlsx", r.rollup, "下载汇总表（.xlsx）", "download-rollup"),
        downloadLink("全省汇总.json", r.report, "下载汇总报告（.json）", "download-report"),
        feedback,
      ),
      r.drafted ? el("p", { class: "drafted", "data-testid": "drafted" }, r.drafted) : null,
      el(
        "p",
        { class: "hint" },
        "汇总表中的问题链接指向原文件：请把汇总表保存到所选文件夹所在的文件夹中。问题反馈按城市分文件夹，含每个城市的问题清单和标注副本，可直接发回各市。",
      ),
    ),
    el(
      "table",
      { class: "cities", "data-testid": "cities" },
      el("thead", {}, el("tr", {}, ...["城市", "文件", "数据行", "错误", "警告", "提示"].map((h) => el("th", {}, h)))),
      el(
        "tbody",
        {},
        ...r.cities.map((c) =>
          el(
            "tr",
            { class: c.missing ? "missing" : c.errors ? "errors" : "" },
            el("td", {}, c.city),
            ...(c.missing
              ? [el("td", { colspan: "5" }, "未报送")]
              : [c.files, c.rows, c.errors, c.warnings, c.infos].map((n) => el("td", {}, String(n)))),
          ),
        ),
      ),
    ),
    r.general.length
      ? el("section", { class: "file" }, el("h3", {}, "城市和跨文件的问题"), issueList(r.general, filter.shown))
      : null,
    ...fileCards(r.files, { shown: filter.shown, problemsOnly: true }),
    skippedList(r.skipped),
  );
}

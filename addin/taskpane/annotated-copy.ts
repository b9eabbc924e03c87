// 下载标注副本: the open workbook's bytes (host.workbookBytes, Office's getFileAsync) made into
// the annotated copy in the pane — aggregator/annotate.ts, the CLI's and the offline page's own
// code: problem cells filled red or yellow, a 问题清单 sheet first — and saved as a download.
// annotate.ts needs exceljs (and SheetJS for what is not .xlsx): imported on first use, so they
// stay in a chunk of their own that only a click on 下载标注副本 loads (test/build.test.ts).
import type { Issue } from "../../forms/model.js";

/** The file name without its extension ("申报.xlsx" → "申报"); "" for none. */
export function baseName(name: string | undefined): string {
  const n = (name ?? "").trim();
  return n.replace(/\.(xlsx|xlsm|xltx|xltm|xlsb|xls|et|ods|csv)$/i, "");
}

/** The annotated copy of an .xlsx/.xlsm's bytes (an .xlsx), made in the browser. */
export async function annotatedWorkbook(bytes: Uint8Array, issues: Issue[], name: string): Promise<Uint8Array> {
  const { annotate } = await import(/* webpackChunkName: "annotate" */ "../../aggregator/annotate.js");
  return (await annotate(bytes, issues, { name })).bytes;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Save bytes as a download: a Blob, an <a download> clicked, the URL revoked once the browser has it. */
export function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The page: files chosen, dropped or picked as a folder; the notice (自动 or one from the
// list); 校验 and 汇总 run in the worker with a progress bar and 取消; the results and their
// downloads. Nothing leaves the page: the files are read here and the downloads made here.
import type { Severity } from "../forms/model.js";
import { builtInProfiles } from "../forms/profiles/index.js";
import { addFiles, fromDrop, fromFileList } from "./choose.js";
import { byId, el, releaseLinks, saveNow } from "./dom.js";
import type { ChosenFile, Job, MergeDone, ValidateDone } from "./protocol.js";
import { mergeView, validateView } from "./results-view.js";
import { Cancelled, WorkerClient, type Progress } from "./worker-client.js";

interface State {
  files: ChosenFile[];
  shown: Set<Severity>;
  problemsOnly: boolean;
  validated?: ValidateDone;
  merged?: MergeDone;
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function startPage(source: string): void {
  const client = new WorkerClient(source);
  const state: State = { files: [], shown: new Set<Severity>(["error", "warning", "info"]), problemsOnly: false };

  const filesInput = byId<HTMLInputElement>("files");
  const folderInput = byId<HTMLInputElement>("folder");
  const drop = byId("drop");
  const chosenLine = byId("chosen");
  const chosenList = byId<HTMLDetailsElement>("chosen-list");
  const clear = byId<HTMLButtonElement>("clear");
  const profileSelect = byId<HTMLSelectElement>("profile");
  const validateButton = byId<HTMLButtonElement>("validate");
  const mergeButton = byId<HTMLButtonElement>("merge");
  const progressBox = byId("progress");
  const progressBar = byId<HTMLProgressElement>("progress-bar");
  const progressText = byId("progress-text");
  const cancel = byId<HTMLButtonElement>("cancel");
  const message = byId("message");
  const results = byId("results");
  const filterPanel = byId("filters");
  const problemsOnly = byId<HTMLInputElement>("problems-only");
  const problemsOnlyLabel = problemsOnly.parentElement!;
  const filters = Array.from(document.querySelectorAll<HTMLInputElement>("input[name=severity]"));

  for (const p of builtInProfiles()) profileSelect.append(el("option", { value: p.id }, p.name));

  const refresh = () => {
    const busy = client.busy;
    const n = state.files.length;
    const bytes = state.files.reduce((s, f) => s + f.file.size, 0);
    chosenLine.textContent = n ? `已选择 ${n} 个文件，共 ${sizeText(bytes)}` : "还没有选择文件";
    chosenList.hidden = !n;
    const list = chosenList.querySelector("ul")!;
    list.replaceChildren(...state.files.slice(0, 500).map((f) => el("li", {}, f.path)));
    if (n > 500) list.append(el("li", {}, `……另有 ${n - 500} 个文件`));
    validateButton.disabled = busy || !n;
    mergeButton.disabled = busy || !n;
    clear.disabled = busy || !n;
    filesInput.disabled = folderInput.disabled = busy;
    progressBox.hidden = !busy;
  };

  const say = (text: string, kind: "error" | "info" = "error") => {
    message.textContent = text;
    message.className = text ? kind : "";
    message.hidden = !text;
  };

  const show = (node: HTMLElement | null) => {
    filterPanel.hidden = !state.validated && !state.merged;
    problemsOnlyLabel.hidden = !state.validated;
    releaseLinks(results);
    results.replaceChildren(...(node ? [node] : []));
  };

  const choose = (more: ChosenFile[]) => {
    if (!more.length) return;
    const { files, refused } = addFiles(state.files, more);
    state.files = files;
    say(
      refused.length
        ? `列表中已有同名的另一个文件，未加入：${refused.join("、")}。不同文件夹中的同名文件，请用“选择文件夹”选择它们所在的文件夹（文件夹名也用于识别城市）。`
        : "",
    );
    refresh();
  };

  const onProgress = (p: Progress) => {
    progressBar.max = Math.max(1, p.total);
    progressBar.value = p.done;
    progressText.textContent = `${p.phase} ${Math.min(p.done + 1, p.total)}/${p.total}：${p.file}`;
  };

  /** Run one job; a failure is said in Chinese, a cancellation quietly. */
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    say("");
    progressBar.removeAttribute("value");
    progressText.textContent = "正在准备……";
    const pending = work();
    refresh();
    try {
      return await pending;
    } catch (e) {
      if (!(e instanceof Cancelled)) say(e instanceof Error ? e.message : String(e));
      else say("已取消。", "info");
      return undefined;
    } finally {
      refresh();
    }
  }

  const job = (kind: "validate" | "merge"): Job => ({ kind, files: state.files, profileId: profileSelect.value || undefined });

  const render = () => {
    if (state.validated) show(validateView(state.validated, state, annotateFile));
    else if (state.merged) show(mergeView(state.merged, state, state.files.length, feedback));
  };

  async function annotateFile(index: number) {
    const got = await run(() => client.run({ kind: "annotate", index }, "annotated", onProgress));
    if (got) saveNow(got.name, got.bytes);
  }

  async function feedback() {
    const got = await run(() => client.run({ kind: "feedback" }, "feedback", onProgress));
    if (got) saveNow("问题反馈.zip", got.bytes);
  }

  validateButton.addEventListener("click", async () => {
    state.validated = state.merged = undefined;
    show(null);
    state.validated = await run(() => client.run(job("validate"), "validated", onProgress));
    render();
  });
  mergeButton.addEventListener("click", async () => {
    state.validated = state.merged = undefined;
    show(null);
    state.merged = await run(() => client.run(job("merge"), "merged", onProgress));
    render();
  });
  cancel.addEventListener("click", () => client.cancel());
  clear.addEventListener("click", () => {
    state.files = [];
    filesInput.value = folderInput.value = "";
    refresh();
  });
  filesInput.addEventListener("change", () => choose(fromFileList(filesInput.files)));
  folderInput.addEventListener("change", () => choose(fromFileList(folderInput.files)));
  problemsOnly.addEventListener("change", () => {
    state.problemsOnly = problemsOnly.checked;
    render();
  });
  for (const f of filters)
    f.addEventListener("change", () => {
      if (f.checked) state.shown.add(f.value as Severity);
      else state.shown.delete(f.value as Severity);
      render();
    });

  // Dropping anywhere on the page adds files; the browser must not open them instead.
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  document.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) drop.classList.remove("over");
  });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (!e.dataTransfer || client.busy) return;
    fromDrop(e.dataTransfer).then(choose, () => say("无法读取拖入的文件，请改用“选择文件”或“选择文件夹”。"));
  });

  refresh();
  document.body.dataset.ready = "true";
}

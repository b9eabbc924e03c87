// The classic pane (Office 2016/2019: Internet Explorer 11 or Edge Legacy; ExcelApi 1.1):
// the detected form and notice with the picker, 校验 (two syncs), the problems grouped by
// sheet with the severity filter, click to select, 下一个错误 (F8 / Alt+N), 标记问题 /
// 清除标记. Plain DOM; every decision — which notice (picked, remembered in the document,
// detected, the office default, or asked when the headings fit several), what to check, the
// order of the list, what to mark, what is enabled — is the modern pane's own
// (addin/taskpane/session.ts over the forms core).
import type { Issue, Severity, WorkbookGrid } from "../../forms/model.js";
import { formEdition, templateRelativePath } from "../../forms/profile.js";
import type { OriginalFills, ProfileChoice } from "../excel/host.js";
import { buildDefaultProfile } from "../taskpane/default-profile.js";
import {
  countBySeverity,
  decide,
  enabled,
  groupBySheet,
  isNextErrorKey,
  lookingFor,
  marksFor,
  nextError,
  paneView,
  profiles,
  templateHref,
  validate,
  type SessionResult,
} from "../taskpane/session.js";
import { stringsFor, type Strings } from "../taskpane/strings.js";
import type { ClassicHost } from "./classic-host.js";
import { clear, el, on } from "./dom.js";
import { CLASSIC_CSS } from "./styles.js";

/** Problems listed per sheet before "另有 N 条" (IE11 renders long lists slowly). */
const PER_SHEET = 200;
const SEVERITIES: Severity[] = ["error", "warning", "info"];

interface State {
  grid?: WorkbookGrid;
  /** Chosen in the pane now (the picker, or the answer to the tie question). */
  picked?: ProfileChoice;
  result?: SessionResult;
  /** The error 下一个错误 went to last. */
  current?: Issue;
  shown: Set<Severity>;
  originals: OriginalFills;
  busy: boolean;
  message?: { kind: "info" | "error" | "success"; text: string };
}

function addStyles(): void {
  if (document.getElementById("pf-classic-css")) return;
  const style = document.createElement("style");
  style.id = "pf-classic-css";
  style.appendChild(document.createTextNode(CLASSIC_CSS));
  document.getElementsByTagName("head")[0].appendChild(style);
}

function button(label: string, testId: string, disabled: boolean, action: () => void, primary = false): HTMLElement {
  const b = el("button", { type: "button", "data-testid": testId, class: primary ? "primary" : undefined }, label);
  if (disabled) b.setAttribute("disabled", "disabled");
  on(b, "click", action);
  return b;
}

/** Mount the classic pane into `root`; returns a function that empties it. */
export function mountClassic(root: HTMLElement, host: ClassicHost, today?: string): () => void {
  addStyles();
  const caps = host.capabilities();
  const t: Strings = stringsFor(caps.language);
  const state: State = { shown: new Set(SEVERITIES), originals: host.savedOriginals(), busy: false };
  const pane = el("div", { class: "pf", "data-testid": "classic-pane" });
  root.appendChild(pane);

  const fail = (e: unknown) => {
    state.message = { kind: "error", text: t.error(e instanceof Error ? e.message : String(e)) };
  };

  async function act(work: () => Promise<void>): Promise<void> {
    if (state.busy) return;
    state.busy = true;
    state.message = undefined;
    render();
    try {
      await work();
    } catch (e) {
      fail(e);
    } finally {
      state.busy = false;
      render();
    }
  }

  const saved = () => (host.savedProfile ? host.savedProfile() : undefined);
  const fallback = host.defaultProfile !== undefined ? host.defaultProfile : buildDefaultProfile();

  const check = () =>
    act(async () => {
      const grid = await host.readWorkbook();
      state.grid = grid;
      state.current = undefined;
      state.result = validate(grid, decide(grid, { picked: state.picked, saved: saved(), fallback }), today);
    });

  /** The user's choice, kept in the document's settings for the next time. */
  const pick = (choice: ProfileChoice | undefined) => {
    state.picked = choice;
    if (host.saveProfile) void host.saveProfile(choice).catch(() => undefined);
    if (state.grid) void check();
    else render();
  };

  const goToNextError = () => {
    const result = state.result;
    if (!result || paneView(result) !== "results") return;
    const next = nextError(result.issues, state.grid, state.current);
    if (!next || !next.sheet || !next.cell) return;
    state.current = next;
    if (!state.shown.has("error")) state.shown.add("error");
    void select(next.sheet, next.cell);
  };

  const mark = () =>
    act(async () => {
      const marks = state.result ? marksFor(state.result.issues) : [];
      if (!marks.length) return;
      const before = await host.markCells(marks, caps.scatteredMarks);
      // A cell marked before keeps its first original fill (its current one is our mark).
      const merged: OriginalFills = {};
      for (const k of Object.keys(before)) merged[k] = before[k];
      for (const k of Object.keys(state.originals)) merged[k] = state.originals[k];
      state.originals = merged;
      await host.saveOriginals(merged);
      state.message = { kind: "success", text: t.marked(marks.length) };
    });

  const unmark = () =>
    act(async () => {
      const n = Object.keys(state.originals).length;
      if (!n) {
        state.message = { kind: "info", text: t.noMarks };
        return;
      }
      const missing = (await host.restoreFills(state.originals)) || [];
      state.originals = {};
      await host.saveOriginals({});
      state.message = {
        kind: "success",
        text: t.cleared(n - missing.length) + (missing.length ? t.sheetsGone(missing.length) : ""),
      };
    });

  const select = (sheet: string, cell: string) =>
    act(async () => {
      await host.selectCell(sheet, cell.replace(/\$/g, ""));
    });

  function profilePicker(): HTMLElement {
    const select = el("select", { "data-testid": "profile", "aria-label": t.profile }) as HTMLSelectElement;
    select.appendChild(el("option", { value: "" }, `${t.pickProfile}（自动）`));
    const current = state.picked ? state.picked.profile : undefined;
    for (const p of profiles) {
      const o = el("option", { value: p.id }, p.name) as HTMLOptionElement;
      if (current === p.id) o.selected = true;
      select.appendChild(o);
    }
    on(select, "change", () => pick(select.value ? { profile: select.value } : undefined));
    return el("div", {}, el("label", {}, t.profile), select);
  }

  /** The headings fit several notices or forms: list them and validate under the answer. */
  function ask(result: SessionResult): HTMLElement {
    const ties = (result.choice && result.choice.ties) || [];
    return el(
      "div",
      { class: "message", "data-testid": "ask" },
      el("strong", {}, t.askTitle),
      el("p", {}, t.askBody),
      el(
        "ul",
        {},
        ...ties.map((c) => {
          const form = formEdition(c.profile, c.form);
          const b = button(`${c.profile.name} · ${form ? form.name : c.form}`, "candidate", state.busy, () =>
            pick({ profile: c.profile.id, form: c.form }),
          );
          b.setAttribute("data-profile", c.profile.id);
          b.setAttribute("data-form", c.form);
          return el("li", {}, b);
        }),
      ),
    );
  }

  function detected(): HTMLElement | null {
    const choice = state.result && state.result.choice;
    if (!choice) return null;
    const form = choice.form ? choice.profile.forms.filter((f) => f.id === choice.form)[0] : undefined;
    return el(
      "p",
      { class: "detected", "data-testid": "detected" },
      `${choice.profile.name}${form ? ` · ${form.name}` : ""}（${t.detectedBy[choice.source]}）`,
    );
  }

  /** An unrecognised workbook: what the pane looks for, and the templates to start from. */
  function unrecognised(): HTMLElement {
    const picked = state.picked ? profiles.filter((p) => p.id === state.picked!.profile)[0] : undefined;
    const profile = picked || profiles.filter((p) => p.id === fallback)[0];
    return el(
      "div",
      { class: "message", "data-testid": "unrecognised" },
      el("strong", {}, `${t.unrecognisedTitle}。`),
      el("p", {}, t.unrecognisedLooksFor),
      el("ul", {}, ...lookingFor(profile).map((f) => el("li", {}, el("b", {}, f.form), `：${f.headings.join("、")}`))),
      profile
        ? el(
            "div",
            {},
            el("p", {}, "可以下载通知对应的模板，在模板中填写（或把内容粘贴到模板中）后再校验："),
            el(
              "ul",
              {},
              ...profile.forms.map((f) =>
                el("li", {}, el("a", { href: templateHref(templateRelativePath(profile, f.id)), target: "_blank" }, f.name)),
              ),
            ),
          )
        : el("p", {}, "先在上方选择通知，再下载它的模板。"),
    );
  }

  function filters(): HTMLElement {
    const labels: Record<Severity, string> = { error: t.errors, warning: t.warnings, info: t.infos };
    return el(
      "div",
      { class: "filters" },
      ...SEVERITIES.map((s) => {
        const box = el("input", { type: "checkbox", "data-testid": `show-${s}` }) as HTMLInputElement;
        box.checked = state.shown.has(s);
        on(box, "click", () => {
          if (box.checked) state.shown.add(s);
          else state.shown.delete(s);
          render();
        });
        return el("label", {}, box, ` ${labels[s]}`);
      }),
    );
  }

  function problems(result: SessionResult): HTMLElement {
    const groups = groupBySheet(result.issues, state.grid, state.shown);
    if (!groups.length) return el("p", { class: "empty" }, t.noProblems);
    const labels: Record<Severity, string> = { error: t.errors, warning: t.warnings, info: t.infos };
    return el(
      "div",
      { "data-testid": "problems" },
      ...groups.map((g) => {
        const items = g.issues.slice(0, PER_SHEET).map((i) => {
          const li = el(
            "li",
            {
              class: `issue ${i.severity}`,
              tabindex: "0",
              "data-testid": "issue",
              "data-cell": i.cell ? `${i.sheet}!${i.cell}` : undefined,
            },
            el("span", { class: "sev" }, labels[i.severity]),
            i.cell ? el("span", { class: "cell" }, i.cell.replace(/\$/g, "")) : null,
            i.message,
          );
          if (i.sheet && i.cell) {
            const sheet = i.sheet;
            const cell = i.cell;
            on(li, "click", () => void select(sheet, cell));
            on(li, "keydown", (e) => {
              if ((e as KeyboardEvent).keyCode === 13) void select(sheet, cell);
            });
          }
          return li;
        });
        const rest = g.issues.length - items.length;
        return el(
          "div",
          { class: "group" },
          el(
            "h2",
            {},
            `${g.sheet || t.workbook}（${g.counts.error} ${t.errors}、${g.counts.warning} ${t.warnings}、${g.counts.info} ${t.infos}）`,
          ),
          el("ul", {}, ...items),
          rest > 0 ? el("p", { class: "more" }, `另有 ${rest} 条，请先修改上面的问题后重新校验。`) : null,
        );
      }),
    );
  }

  function render(): void {
    const result = state.result;
    const counts = result ? countBySeverity(result.issues) : undefined;
    const can = enabled(result, state.originals);
    const view = paneView(result);
    clear(pane);
    pane.appendChild(el("h1", {}, t.title));
    pane.appendChild(profilePicker());
    const d = detected();
    if (d) pane.appendChild(d);
    pane.appendChild(
      el(
        "div",
        { class: "buttons" },
        button(state.busy ? t.validating : t.validate, "validate", state.busy, () => void check(), true),
        button(t.next, "next-error", state.busy || !can.next, goToNextError),
        button(t.mark, "mark", state.busy || !can.mark, () => void mark()),
        button(t.clear, "clear", state.busy || !can.clear, () => void unmark()),
      ),
    );
    const next = pane.querySelector("[data-testid=next-error]");
    if (next) next.setAttribute("title", t.nextTitle);
    if (state.message)
      pane.appendChild(
        el("div", { class: `message ${state.message.kind}`, "data-testid": "message", role: "status" }, state.message.text),
      );
    if (!result || view === "start") {
      pane.appendChild(el("p", { class: "empty" }, t.notValidated));
      return;
    }
    if (view === "ask") {
      pane.appendChild(ask(result));
      return;
    }
    if (view === "unrecognised") {
      pane.appendChild(unrecognised());
      return;
    }
    pane.appendChild(
      el(
        "div",
        { class: "summary", "data-testid": "summary" },
        el("span", { class: "badge error" }, `${counts!.error} ${t.errors}`),
        el("span", { class: "badge warning" }, `${counts!.warning} ${t.warnings}`),
        el("span", { class: "badge info" }, `${counts!.info} ${t.infos}`),
        el("div", {}, t.summary(result.tables, result.rows, result.ms)),
      ),
    );
    pane.appendChild(filters());
    pane.appendChild(problems(result));
  }

  const onKey = (e: KeyboardEvent) => {
    // IE11 names keys as the standard does for F8 and letters.
    if (!isNextErrorKey({ key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, metaKey: e.metaKey })) return;
    e.preventDefault();
    goToNextError();
  };
  document.addEventListener("keydown", onKey);

  render();
  document.body.setAttribute("data-ready", "true");
  return () => {
    document.removeEventListener("keydown", onKey);
    clear(root);
  };
}

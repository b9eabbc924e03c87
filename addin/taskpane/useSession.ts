// The pane's state and actions as one React hook over session.ts: what the components show
// and the functions they call. Excel is reached only through `host` (pane-host.ts). Every
// decision that is not about React (what to detect, validate, mark, list) is in session.ts,
// which the classic pane shares.
import * as React from "react";
import type { Issue, Severity, WorkbookGrid } from "../../forms/model.js";
import { formEdition, templateRelativePath } from "../../forms/profile.js";
import type { CellFix } from "../../forms/fix.js";
import type { Capabilities, ChangedRange, OriginalFills } from "../excel/host.js";
import type { PaneHost } from "./pane-host.js";
import {
  choose,
  countBySeverity,
  decide,
  type Candidate,
  type Preferences,
  enabled,
  nextError,
  paintedBy,
  remarkPlan,
  type Enabled,
  type Painted,
  lookingFor,
  paneView,
  type LookedFor,
  type PaneView,
  groupBySheet,
  marksFor,
  patchRows,
  profiles,
  replaceSheet,
  validate,
  type Choice,
  type Counts,
  type SessionResult,
  type SheetGroup,
} from "./session.js";
import type { Mark } from "../excel/host.js";
import type { Profile } from "../../forms/profile.js";
import { stringsFor, type Strings } from "./strings.js";
import { buildDefaultProfile } from "./default-profile.js";
import { annotatedWorkbook, baseName, saveFile } from "./annotated-copy.js";
import type { ProfileChoice } from "../excel/host.js";

/** Issues listed per sheet, and added by each 再显示. */
export const PAGE = 200;
/** Live mode: wait this long after the last edit, then re-validate (a paste or fill arrives as several events). */
const LIVE_DEBOUNCE_MS = 50;
/** Live mode reads at most this many edited rows; a bigger change re-reads the sheet. */
const LIVE_MAX_ROWS = 1000;

export const SEVERITIES: Severity[] = ["error", "warning", "info"];

export interface PaneMessage {
  intent: "success" | "info" | "error";
  text: string;
}

export interface Session {
  t: Strings;
  caps: Capabilities;
  grid?: WorkbookGrid;
  choice?: Choice;
  /** The profile id picked in the pane ("" for none). */
  picked: string;
  result?: SessionResult;
  busy: boolean;
  message?: PaneMessage;
  shown: Set<Severity>;
  /** How many issues each sheet's group lists. */
  limitOf(sheet: string): number;
  /** The issue selected last (by a click or 下一个错误). */
  active?: Issue;
  originals: OriginalFills;
  fixOpen: boolean;
  live: boolean;
  template: string;
  runs: number;
  /** What the results area shows (session.ts's paneView). */
  view: PaneView;
  /** The forms and headings the pane looks for (shown when nothing was recognised). */
  lookingFor: LookedFor[];
  issues: Issue[];
  counts: Counts;
  groups: SheetGroup[];
  marks: Mark[];
  fixes: CellFix[];
  /** The profile whose templates 插入模板 offers. */
  profileForTemplates?: Profile;
  /** What this version of Excel cannot do, as the pane says it. */
  off: string[];
  /** Which buttons have something to do; `copy`: 下载标注副本 (problems to mark, and the host can give the workbook's bytes). */
  can: Enabled & { copy: boolean };
  /** Whether the host can give the workbook's bytes (下载标注副本 is offered after 校验 with problems). */
  copyAvailable: boolean;
  /** 标记问题 failed (a protected sheet, a read-only workbook…) or Excel cannot fill cells here. */
  markUnavailable: boolean;

  validateNow(): Promise<void>;
  pick(id: string): Promise<void>;
  /** The answer to the pane's question between tied profiles or forms. */
  answer(c: Candidate): Promise<void>;
  select(i: Issue): Promise<void>;
  /** 下一个错误: select the next error's cell (and show it in the list). */
  nextErrorNow(): Promise<void>;
  mark(): Promise<void>;
  clear(): Promise<void>;
  applyFixes(fixes: CellFix[]): Promise<void>;
  insertTemplate(): Promise<void>;
  /** 下载标注副本: the annotated copy of the workbook, made in the pane and saved as a download. */
  downloadCopy(): Promise<void>;
  setShown(shown: Set<Severity>): void;
  showMore(sheet: string): void;
  setFixOpen(open: boolean): void;
  setLive(on: boolean): void;
  setTemplate(form: string): void;
}

export function useSession(host: PaneHost): Session {
  const caps = React.useMemo(() => host.capabilities(), [host]);
  const t: Strings = React.useMemo(() => stringsFor(caps.language), [caps.language]);

  const [grid, setGrid] = React.useState<WorkbookGrid>();
  const [choice, setChoice] = React.useState<Choice>();
  const [picked, setPicked] = React.useState<string>("");
  /** The form picked with the profile (answering the question between forms). */
  const [pickedForm, setPickedForm] = React.useState<string>();
  /** The choice saved in the workbook (read once; updated when the user picks). */
  const saved = React.useRef<ProfileChoice | undefined>(undefined);
  const savedRead = React.useRef(false);
  if (!savedRead.current) {
    savedRead.current = true;
    try {
      saved.current = host.savedProfile?.();
    } catch {
      saved.current = undefined;
    }
  }
  const fallback = host.defaultProfile ?? buildDefaultProfile();
  const prefs = (p = picked, form = pickedForm): Preferences => ({
    picked: p ? { profile: p, form } : undefined,
    saved: saved.current,
    fallback,
  });
  const prefsRef = React.useRef(prefs);
  prefsRef.current = prefs;
  /** Remember the user's choice in the workbook (a failure there does not stop the pane). */
  const remember = (choice: ProfileChoice | undefined) => {
    saved.current = choice;
    host.saveProfile?.(choice).catch(() => undefined);
  };
  const [result, setResult] = React.useState<SessionResult>();
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<PaneMessage>();
  const [shown, setShown] = React.useState<Set<Severity>>(new Set(SEVERITIES));
  /** Issues listed per sheet (more on 再显示); reset by each validation. */
  const [limit, setLimit] = React.useState<Record<string, number>>({});
  const [active, setActive] = React.useState<Issue>();
  const [originals, setOriginalsState] = React.useState<OriginalFills>(() => host.savedOriginals());
  /** The same originals for the async actions, and the colours the pane painted (unknown for marks saved by an earlier pane). */
  const originalsRef = React.useRef(originals);
  const paintedRef = React.useRef<Painted | undefined>(undefined);
  const setOriginals = (o: OriginalFills) => {
    originalsRef.current = o;
    setOriginalsState(o);
  };
  const [fixOpen, setFixOpen] = React.useState(false);
  /** 标记问题 failed in this workbook (then the message points to 下载标注副本). */
  const [markFailed, setMarkFailed] = React.useState(false);
  const copyAvailable = !!host.workbookBytes && caps.workbookCopy !== false;
  const [live, setLive] = React.useState(false);
  const [template, setTemplate] = React.useState<string>("");
  const [runs, setRuns] = React.useState(0);
  /** Bumped when sheets are added (插入模板): live mode then watches the new sheets too. */
  const [sheetsEpoch, setSheetsEpoch] = React.useState(0);
  const stopLive = React.useRef<(() => Promise<void>) | undefined>(undefined);
  const state = React.useRef({ grid, choice, result, active, shown, limit });
  state.current = { grid, choice, result, active, shown, limit };

  const fail = (e: unknown) => setMessage({ intent: "error", text: t.error(e instanceof Error ? e.message : String(e)) });

  /** Marks shown: make them those of the new issues (a fixed cell loses its red). */
  const remark = async (r: SessionResult) => {
    const current = originalsRef.current;
    if (!Object.keys(current).length) return;
    const marks = marksFor(r.issues);
    const plan = remarkPlan(current, paintedRef.current, marks);
    if (Object.keys(plan.restore).length) await host.restoreFills(plan.restore);
    const before = plan.paint.length ? await host.markCells(plan.paint, caps.scatteredMarks) : {};
    const merged = { ...before, ...plan.keep };
    paintedRef.current = paintedBy(marks);
    setOriginals(merged);
    await host.saveOriginals(merged);
  };
  const remarkRef = React.useRef(remark);
  remarkRef.current = remark;

  /** Validate and show; `refreshMarks` after 自动修正 and in live mode. */
  const run = React.useCallback(
    async (g: WorkbookGrid, c: Choice | undefined, refreshMarks = false) => {
      const r = validate(g, c, host.today);
      setGrid(g);
      setChoice(c);
      setResult(r);
      setLimit({});
      setRuns((n) => n + 1);
      if (refreshMarks) await remarkRef.current(r);
      return r;
    },
    [host],
  );

  const validateNow = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const g = await host.readWorkbook();
      await run(g, decide(g, prefs()));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const pick = async (id: string) => {
    setPicked(id);
    setPickedForm(undefined);
    remember(id ? { profile: id } : undefined);
    const g = state.current.grid;
    if (!g) return;
    try {
      await run(g, decide(g, prefs(id, undefined)));
    } catch (e) {
      fail(e);
    }
  };

  const answer = async (c: Candidate) => {
    setPicked(c.profile.id);
    setPickedForm(c.form);
    remember({ profile: c.profile.id, form: c.form });
    const g = state.current.grid;
    if (!g) return;
    try {
      await run(g, choose(g, c.profile, c.form));
    } catch (e) {
      fail(e);
    }
  };

  const select = async (i: Issue) => {
    setActive(i);
    if (!i.sheet || !i.cell) return;
    try {
      await host.selectCell(i.sheet, i.cell.replace(/\$/g, ""));
    } catch (e) {
      fail(e);
    }
  };

  const nextErrorNow = async () => {
    const cur = state.current;
    const next = nextError(cur.result?.issues ?? [], cur.grid, cur.active);
    if (!next) return;
    // Show it in the list: errors shown, and its sheet's page long enough.
    const shownNow = cur.shown.has("error") ? cur.shown : new Set<Severity>([...cur.shown, "error"]);
    if (shownNow !== cur.shown) setShown(shownNow);
    const group = groupBySheet(cur.result?.issues ?? [], cur.grid, shownNow).find((g) => g.sheet === (next.sheet ?? ""));
    const at = group ? group.issues.indexOf(next) : -1;
    const sheet = next.sheet ?? "";
    if (at >= (cur.limit[sheet] ?? PAGE)) setLimit((l) => ({ ...l, [sheet]: Math.ceil((at + 1) / PAGE) * PAGE }));
    await select(next);
  };

  const mark = async () => {
    if (!result) return;
    const marks = marksFor(result.issues);
    if (!marks.length) return;
    setBusy(true);
    try {
      const before = await host.markCells(marks, caps.scatteredMarks);
      // A cell marked before keeps its first original fill (its current one is our mark).
      const merged = { ...before, ...originalsRef.current };
      paintedRef.current = { ...paintedRef.current, ...paintedBy(marks) };
      setOriginals(merged);
      await host.saveOriginals(merged);
      setMessage({ intent: "success", text: t.marked(marks.length) });
      setMarkFailed(false);
    } catch (e) {
      // A protected sheet, a read-only workbook, Excel on the web in view mode: offer the copy.
      if (copyAvailable) {
        setMarkFailed(true);
        setMessage({ intent: "error", text: t.markFailed(e instanceof Error ? e.message : String(e)) });
      } else fail(e);
    } finally {
      setBusy(false);
    }
  };

  const clear = async () => {
    const originals = originalsRef.current;
    const n = Object.keys(originals).length;
    if (!n) {
      setMessage({ intent: "info", text: t.noMarks });
      return;
    }
    setBusy(true);
    try {
      const missing = (await host.restoreFills(originals)) ?? [];
      paintedRef.current = {};
      setOriginals({});
      await host.saveOriginals({});
      setMessage({
        intent: "success",
        text: t.cleared(n - missing.length) + (missing.length ? t.sheetsGone(missing.length) : ""),
      });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const applyFixes = async (fixes: CellFix[]) => {
    setFixOpen(false);
    setBusy(true);
    try {
      await host.writeCells(fixes.map((f) => ({ sheet: f.sheet, cell: f.cell, value: f.to })));
      const g = await host.readWorkbook();
      await run(g, state.current.choice, true);
      setMessage({ intent: "success", text: t.fixed(fixes.length) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const insertTemplate = async () => {
    const c = state.current.choice;
    const profile = c?.profile ?? profiles.find((p) => p.id === picked);
    if (!profile || !template) return;
    setBusy(true);
    try {
      await host.insertSheets(await host.fetchTemplate(templateRelativePath(profile, template as never)));
      setMessage({ intent: "success", text: t.inserted(formEdition(profile, template as never)?.name ?? template) });
      const g = await host.readWorkbook();
      await run(g, choose(g, profile));
      setSheetsEpoch((n) => n + 1);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const downloadCopy = async () => {
    const r = state.current.result;
    if (!r || !host.workbookBytes) return;
    setBusy(true);
    try {
      const bytes = await host.workbookBytes();
      const base = baseName(host.workbookName?.()) || t.untitled;
      // Office gives the workbook as Office Open XML whatever it was opened from.
      const copy = await annotatedWorkbook(bytes, r.issues, `${base}.xlsx`);
      const name = t.copyName(base);
      saveFile(copy, name);
      setMessage({ intent: "success", text: t.copySaved(name) });
    } catch (e) {
      setMessage({ intent: "error", text: t.copyFailed(e instanceof Error ? e.message : String(e)) });
    } finally {
      setBusy(false);
    }
  };

  // Live mode: re-read the edited sheets and validate again, debounced.
  React.useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Edited rows per sheet (0-based, inclusive); null: read the whole sheet. */
    const pending = new Map<string, { top: number; bottom: number } | null>();
    /** Whether an edit lies within the columns of the sheet as last read (else its used range grew). */
    const insideColumns = (change: ChangedRange) => {
      const sheet = state.current.grid?.sheets.find((s) => s.name === change.sheet);
      if (!sheet || change.left < 0) return false;
      const left = sheet.left ?? 0;
      const width = Math.max(1, ...sheet.values.map((r) => r.length));
      return change.left >= left && change.right < left + width;
    };
    let cancelled = false;
    const flush = async () => {
      const changes = [...pending];
      pending.clear();
      try {
        let g = state.current.grid ?? (await host.readWorkbook());
        try {
          for (const [name, rows] of changes) {
            const sheet = g.sheets.find((s) => s.name === name);
            let patched: WorkbookGrid | undefined;
            if (rows && sheet && host.readRows && rows.bottom - rows.top < LIVE_MAX_ROWS) {
              const left = sheet.left ?? 0;
              const width = Math.max(1, ...sheet.values.map((r) => r.length));
              patched = patchRows(g, name, rows.top, await host.readRows(name, rows.top, rows.bottom, left, left + width - 1));
            }
            g = patched ?? replaceSheet(g, await host.readSheet(name));
          }
        } catch {
          // A sheet renamed or deleted since live mode started: read the whole workbook again.
          g = await host.readWorkbook();
        }
        if (!cancelled) await run(g, state.current.choice ?? decide(g, prefsRef.current()), true);
      } catch (e) {
        fail(e);
      }
    };
    host
      .watchChanges((change) => {
        if (!change.sheet) return;
        const prev = pending.get(change.sheet);
        const known = change.top >= 0 && prev !== null && insideColumns(change);
        pending.set(
          change.sheet,
          known
            ? {
                top: Math.min(prev?.top ?? change.top, change.top),
                bottom: Math.max(prev?.bottom ?? change.bottom, change.bottom),
              }
            : null,
        );
        clearTimeout(timer);
        timer = setTimeout(() => void flush(), LIVE_DEBOUNCE_MS);
      })
      .then((stop) => {
        if (cancelled) stop().catch(() => undefined);
        else stopLive.current = stop;
      })
      .catch(fail);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      stopLive.current?.().catch(() => undefined);
      stopLive.current = undefined;
    };
  }, [live, host, run, sheetsEpoch]);

  const issues = React.useMemo(() => result?.issues ?? [], [result]);
  // Derived once per validation (a 10,000-row table can have thousands of issues), not per render.
  const counts = React.useMemo(() => countBySeverity(issues), [issues]);
  const groups = React.useMemo(() => groupBySheet(issues, grid, shown), [issues, grid, shown]);
  const marks = React.useMemo(() => marksFor(issues), [issues]);
  const fixes = result?.fixes ?? [];
  const view = paneView(result);
  // While the pane asks which profile, the first candidate is no choice: only a picked profile's templates.
  const pickedProfile = profiles.find((p) => p.id === picked);
  const profileForTemplates = view === "ask" ? pickedProfile : (choice?.profile ?? pickedProfile);
  const looked = React.useMemo(
    () => (view === "unrecognised" ? lookingFor(profileForTemplates) : []),
    [view, profileForTemplates],
  );
  const markInPlace = caps.markInPlace !== false;
  const can = React.useMemo(() => {
    const c = enabled(result, originals);
    return { ...c, mark: c.mark && markInPlace, copy: c.mark && copyAvailable };
  }, [result, originals, markInPlace, copyAvailable]);
  const off = [
    !markInPlace && t.featureMark(copyAvailable),
    !caps.live && t.featureLive,
    !caps.insertTemplate && (caps.apiVersion === "WPS" ? t.featureInsertWps : t.featureInsert),
    !caps.scatteredMarks && t.featureScattered,
  ].filter(Boolean) as string[];

  return {
    t,
    caps,
    grid,
    choice,
    picked,
    result,
    busy,
    message,
    shown,
    limitOf: (sheet) => limit[sheet] ?? PAGE,
    active,
    originals,
    fixOpen,
    live,
    template,
    runs,
    view,
    lookingFor: looked,
    issues,
    counts,
    groups,
    marks,
    fixes,
    profileForTemplates,
    off,
    can,
    copyAvailable,
    markUnavailable: markFailed || !markInPlace,
    validateNow,
    pick,
    answer,
    select,
    nextErrorNow,
    mark,
    clear,
    applyFixes,
    insertTemplate,
    downloadCopy,
    setShown,
    showMore: (sheet) => setLimit((l) => ({ ...l, [sheet]: (l[sheet] ?? PAGE) + PAGE })),
    setFixOpen,
    setLive,
    setTemplate,
  };
}

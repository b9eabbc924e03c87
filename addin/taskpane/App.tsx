// The task pane (SPEC §12): detected form and profile, 校验, the problem list grouped by
// sheet with counts and a severity filter, 标记问题 / 清除标记, 自动修正 after showing what
// changes, 插入模板, live mode. Excel is reached only through `host` (addin/excel/host.ts
// in Excel, the simulated host in tests), passed in as functions.
import * as React from "react";
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Switch,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Issue, Severity, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { formEdition, templateRelativePath } from "../../forms/profile.js";
import { RULES } from "../../forms/rules/codes.js";
import type { CellFix } from "../../forms/fix.js";
import type { Capabilities, CellWrite, ChangedRange, Mark, OriginalFills } from "../excel/host.js";
import {
  choose,
  countBySeverity,
  groupBySheet,
  marksFor,
  patchRows,
  profiles,
  replaceSheet,
  validate,
  type Choice,
  type SessionResult,
} from "./session.js";
import { stringsFor, type Strings } from "./strings.js";

/** What the pane needs from Excel (and from its own web server, for templates). */
export interface PaneHost {
  capabilities(): Capabilities;
  readWorkbook(): Promise<WorkbookGrid>;
  readSheet(name: string): Promise<WorkbookGrid["sheets"][number]>;
  /** Rows of a sheet (live mode reads only the edited rows when it can). */
  readRows?(sheet: string, top: number, bottom: number, left: number, right: number): Promise<Pick<SheetGrid, "values" | "formats">>;
  selectCell(sheet: string, cell: string): Promise<void>;
  markCells(marks: Mark[], scattered: boolean): Promise<OriginalFills>;
  /** Returns the keys whose sheet no longer exists (those cannot be restored). */
  restoreFills(originals: OriginalFills): Promise<string[] | void>;
  writeCells(writes: CellWrite[]): Promise<void>;
  watchChanges(onChange: (change: ChangedRange) => void): Promise<() => Promise<void>>;
  insertSheets(base64: string): Promise<void>;
  savedOriginals(): OriginalFills;
  saveOriginals(originals: OriginalFills): Promise<void>;
  /** A template's bytes as base64, by its path under templates/. */
  fetchTemplate(relativePath: string): Promise<string>;
  /** YYYY-MM-DD for the rules' deadlines (tests fix it); today when absent. */
  today?: string;
}

const PAGE = 200;
/** Live mode: wait this long after the last edit, then re-validate (a paste or fill arrives as several events). */
const LIVE_DEBOUNCE_MS = 50;
/** Live mode reads at most this many edited rows; a bigger change re-reads the sheet. */
const LIVE_MAX_ROWS = 1000;

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: "8px",
    padding: "12px",
    fontFamily: tokens.fontFamilyBase,
    minHeight: "100%",
    boxSizing: "border-box",
    maxWidth: "100%",
    overflowWrap: "anywhere",
  },
  select: { width: "100%", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: "6px", alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
  group: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "6px" },
  groupHead: { display: "flex", gap: "6px", alignItems: "center", fontWeight: tokens.fontWeightSemibold, margin: "4px 0" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  item: {
    display: "block",
    width: "100%",
    textAlign: "left",
    border: "none",
    background: "transparent",
    padding: "6px 6px 6px 10px",
    cursor: "pointer",
    borderLeft: "4px solid transparent",
    fontFamily: "inherit",
    fontSize: tokens.fontSizeBase200,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  itemActive: { backgroundColor: tokens.colorNeutralBackground1Selected },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteYellowBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  itemHead: { display: "flex", gap: "6px", fontWeight: tokens.fontWeightSemibold },
  fixList: { maxHeight: "240px", overflowY: "auto", fontSize: tokens.fontSizeBase200, margin: 0, paddingLeft: "18px" },
});

const SEVERITIES: Severity[] = ["error", "warning", "info"];
const BADGE: Record<Severity, "danger" | "warning" | "informative"> = { error: "danger", warning: "warning", info: "informative" };

function issueKey(i: Issue, k: number): string {
  return `${i.sheet ?? ""}!${i.cell ?? ""}!${i.code}!${k}`;
}

export function App({ host }: { host: PaneHost }): React.JSX.Element {
  const styles = useStyles();
  const caps = React.useMemo(() => host.capabilities(), [host]);
  const t: Strings = React.useMemo(() => stringsFor(caps.language), [caps.language]);

  const [grid, setGrid] = React.useState<WorkbookGrid>();
  const [choice, setChoice] = React.useState<Choice>();
  const [picked, setPicked] = React.useState<string>("");
  const [result, setResult] = React.useState<SessionResult>();
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<{ intent: "success" | "info" | "error"; text: string }>();
  const [shown, setShown] = React.useState<Set<Severity>>(new Set(SEVERITIES));
  const [limit, setLimit] = React.useState<Record<string, number>>({});
  const [active, setActive] = React.useState<string>();
  const [originals, setOriginals] = React.useState<OriginalFills>(() => host.savedOriginals());
  const [fixOpen, setFixOpen] = React.useState(false);
  const [live, setLive] = React.useState(false);
  const [template, setTemplate] = React.useState<string>("");
  const [runs, setRuns] = React.useState(0);
  /** Bumped when sheets are added (插入模板): live mode then watches the new sheets too. */
  const [sheetsEpoch, setSheetsEpoch] = React.useState(0);
  const stopLive = React.useRef<(() => Promise<void>) | undefined>(undefined);
  const state = React.useRef({ grid, choice });
  state.current = { grid, choice };

  const fail = (e: unknown) => setMessage({ intent: "error", text: t.error(e instanceof Error ? e.message : String(e)) });

  const run = React.useCallback(
    async (g: WorkbookGrid, c: Choice | undefined) => {
      const r = validate(g, c, host.today);
      setGrid(g);
      setChoice(c);
      setResult(r);
      setLimit({});
      setRuns((n) => n + 1);
      return r;
    },
    [host],
  );

  const onValidate = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const g = await host.readWorkbook();
      const profile = picked ? profiles.find((p) => p.id === picked) : undefined;
      await run(g, choose(g, profile));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const onPick = async (id: string) => {
    setPicked(id);
    const g = state.current.grid;
    if (!g) return;
    try {
      await run(g, choose(g, profiles.find((p) => p.id === id)));
    } catch (e) {
      fail(e);
    }
  };

  const onSelect = async (i: Issue, key: string) => {
    setActive(key);
    if (!i.sheet || !i.cell) return;
    try {
      await host.selectCell(i.sheet, i.cell.replace(/\$/g, ""));
    } catch (e) {
      fail(e);
    }
  };

  const onMark = async () => {
    if (!result) return;
    const marks = marksFor(result.issues);
    if (!marks.length) return;
    setBusy(true);
    try {
      const before = await host.markCells(marks, caps.scatteredMarks);
      // A cell marked before keeps its first original fill (its current one is our mark).
      const merged = { ...before, ...originals };
      setOriginals(merged);
      await host.saveOriginals(merged);
      setMessage({ intent: "success", text: t.marked(marks.length) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const onClear = async () => {
    const n = Object.keys(originals).length;
    if (!n) {
      setMessage({ intent: "info", text: t.noMarks });
      return;
    }
    setBusy(true);
    try {
      const missing = (await host.restoreFills(originals)) ?? [];
      setOriginals({});
      await host.saveOriginals({});
      setMessage({ intent: "success", text: t.cleared(n - missing.length) + (missing.length ? t.sheetsGone(missing.length) : "") });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const onFix = async (fixes: CellFix[]) => {
    setFixOpen(false);
    setBusy(true);
    try {
      await host.writeCells(fixes.map((f) => ({ sheet: f.sheet, cell: f.cell, value: f.to })));
      const g = await host.readWorkbook();
      await run(g, state.current.choice);
      setMessage({ intent: "success", text: t.fixed(fixes.length) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const onInsert = async () => {
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
        if (!cancelled) await run(g, state.current.choice ?? choose(g));
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
          known ? { top: Math.min(prev?.top ?? change.top, change.top), bottom: Math.max(prev?.bottom ?? change.bottom, change.bottom) } : null,
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
  const profileForTemplates = choice?.profile ?? profiles.find((p) => p.id === picked);
  const off = [!caps.live && t.featureLive, !caps.insertTemplate && t.featureInsert, !caps.scatteredMarks && t.featureScattered].filter(
    Boolean,
  ) as string[];

  return (
    <div className={styles.root} data-testid="pane">
      <Text as="h1" size={500} weight="semibold">
        {t.title}
      </Text>

      <div className={styles.row} data-testid="detected">
        {choice ? (
          <>
            <Badge appearance="tint" color="brand">
              {choice.profile.name}
            </Badge>
            {choice.form && <Text size={200}>{formEdition(choice.profile, choice.form)?.name}</Text>}
            <Text size={200} className={styles.muted}>
              {t.paren(t.detectedBy[choice.source])}
            </Text>
          </>
        ) : (
          result && <Text size={200}>{t.unknownForm}</Text>
        )}
      </div>
      <div className={styles.row}>
        <Select
          aria-label={t.profile}
          value={picked || choice?.profile.id || ""}
          onChange={(_, d) => void onPick(d.value)}
          className={styles.select}
          data-testid="profile"
        >
          <option value="">{t.pickProfile}</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </div>

      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void onValidate()} disabled={busy} data-testid="validate">
          {busy ? t.validating : t.validate}
        </Button>
        <Button onClick={() => void onMark()} disabled={busy || !marks.length} data-testid="mark">
          {t.mark}
        </Button>
        <Button onClick={() => void onClear()} disabled={busy} data-testid="clear">
          {t.clear}
        </Button>
        <Button onClick={() => setFixOpen(true)} disabled={busy || !result} data-testid="fix">
          {t.fix}
          {fixes.length ? t.paren(String(fixes.length)) : ""}
        </Button>
        {busy && <Spinner size="tiny" />}
      </div>

      <div className={styles.row}>
        <Switch
          label={t.live}
          checked={live}
          disabled={!caps.live}
          onChange={(_, d) => setLive(d.checked)}
          data-testid="live"
        />
      </div>
      {live && <Text size={200}>{t.liveOn}</Text>}

      {caps.insertTemplate && profileForTemplates && (
        <div className={styles.row}>
          <Select
            aria-label={t.insert}
            value={template}
            onChange={(_, d) => setTemplate(d.value)}
            className={styles.select}
            data-testid="template"
          >
            <option value="">{t.insert}…</option>
            {profileForTemplates.forms.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </Select>
          <Button onClick={() => void onInsert()} disabled={busy || !template} data-testid="insert">
            {t.insert}
          </Button>
        </div>
      )}

      {off.length > 0 && (
        <MessageBar intent="info" data-testid="features-off">
          <MessageBarBody>
            {t.apiVersion(caps.apiVersion)}
            {t.featuresOff}
            <ul style={{ margin: "4px 0 0", paddingLeft: "18px" }}>
              {off.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}

      {message && (
        <MessageBar intent={message.intent} data-testid="message">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}

      <div data-testid="results" data-runs={runs}>
        {!result ? (
          <Text className={styles.muted}>{t.notValidated}</Text>
        ) : (
          <>
            <Text size={200} data-testid="summary">
              {t.summary(result.tables, result.rows, result.ms)}
            </Text>
            <div className={styles.row} style={{ margin: "6px 0" }} data-testid="filter">
              {SEVERITIES.map((s) => (
                <ToggleButton
                  key={s}
                  size="small"
                  checked={shown.has(s)}
                  data-testid={`filter-${s}`}
                  onClick={() => {
                    const next = new Set(shown);
                    if (next.has(s)) next.delete(s);
                    else next.add(s);
                    setShown(next);
                  }}
                >
                  {s === "error" ? t.errors : s === "warning" ? t.warnings : t.infos}&nbsp;
                  <Badge size="small" color={BADGE[s]}>
                    {counts[s]}
                  </Badge>
                </ToggleButton>
              ))}
            </div>
            {issues.length === 0 && result.choice && <Text data-testid="no-problems">{t.noProblems}</Text>}
            {groups.map((g) => {
              const n = limit[g.sheet] ?? PAGE;
              return (
                <section key={g.sheet} className={styles.group} data-testid="group" data-sheet={g.sheet}>
                  <div className={styles.groupHead}>
                    <span>{g.sheet || t.workbook}</span>
                    {SEVERITIES.filter((s) => g.counts[s]).map((s) => (
                      <Badge key={s} size="small" color={BADGE[s]}>
                        {g.counts[s]}
                      </Badge>
                    ))}
                  </div>
                  <ul className={styles.list}>
                    {g.issues.slice(0, n).map((i, k) => {
                      const key = issueKey(i, k);
                      return (
                        <li key={key}>
                          <button
                            type="button"
                            className={`${styles.item} ${styles[i.severity]} ${active === key ? styles.itemActive : ""}`}
                            onClick={() => void onSelect(i, key)}
                            data-testid="issue"
                            data-cell={i.cell ?? ""}
                            data-code={i.code}
                            data-severity={i.severity}
                          >
                            <span className={styles.itemHead}>
                              {i.cell && <span>{i.cell}</span>}
                              <span>{(RULES as Record<string, { title: string }>)[i.code]?.title ?? i.code}</span>
                              {i.fix !== undefined && <Badge size="small" appearance="outline">{t.fixable}</Badge>}
                            </span>
                            <span>{i.message}</span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                  {g.issues.length > n && (
                    <Button size="small" appearance="subtle" onClick={() => setLimit({ ...limit, [g.sheet]: n + PAGE })}>
                      {t.more(Math.min(PAGE, g.issues.length - n))}
                    </Button>
                  )}
                </section>
              );
            })}
          </>
        )}
      </div>

      <Dialog open={fixOpen} onOpenChange={(_, d) => setFixOpen(d.open)}>
        <DialogSurface data-testid="fix-dialog">
          <DialogBody>
            <DialogTitle>{t.fixTitle}</DialogTitle>
            <DialogContent>
              {fixes.length ? (
                <>
                  <Text>{t.fixIntro(fixes.length)}</Text>
                  <ol className={styles.fixList}>
                    {fixes.slice(0, 100).map((f) => (
                      <li key={`${f.sheet}!${f.cell}`}>
                        {f.sheet}!{f.cell}：“{String(f.from ?? "")}” → “{String(f.to)}”（{f.message}）
                      </li>
                    ))}
                  </ol>
                </>
              ) : (
                <Text>{t.fixNone}</Text>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setFixOpen(false)}>
                {t.cancel}
              </Button>
              <Button appearance="primary" disabled={!fixes.length} onClick={() => void onFix(fixes)} data-testid="fix-apply">
                {t.fixApply}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}

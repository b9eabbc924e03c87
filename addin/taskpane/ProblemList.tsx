// The results: the summary, the severity filter with counts, and the problems grouped by
// sheet (errors first within a sheet), 200 at a time.
import * as React from "react";
import { Badge, Button, Text, ToggleButton } from "@fluentui/react-components";
import type { Issue, Severity } from "../../forms/model.js";
import { RULES } from "../../forms/rules/codes.js";
import type { Counts, SessionResult, SheetGroup } from "./session.js";
import type { Strings } from "./strings.js";
import { BADGE, useStyles } from "./styles.js";
import { PAGE as PAGE_STEP, SEVERITIES } from "./useSession.js";

export function issueKey(i: Issue, k: number): string {
  return `${i.sheet ?? ""}!${i.cell ?? ""}!${i.code}!${k}`;
}

export function ProblemList(props: {
  t: Strings;
  result: SessionResult;
  issues: Issue[];
  counts: Counts;
  groups: SheetGroup[];
  shown: Set<Severity>;
  active?: Issue;
  limitOf(sheet: string): number;
  onShown(shown: Set<Severity>): void;
  onMore(sheet: string): void;
  onSelect(i: Issue): void;
}): React.JSX.Element {
  const { t, result, shown, counts, active } = props;
  const styles = useStyles();
  const list = React.useRef<HTMLDivElement>(null);
  // The selected issue (下一个错误 may pick one further down) scrolled into view.
  React.useEffect(() => {
    list.current?.querySelector<HTMLElement>("[data-active=true]")?.scrollIntoView?.({ block: "nearest" });
  }, [active]);
  return (
    <div ref={list}>
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
              props.onShown(next);
            }}
          >
            {s === "error" ? t.errors : s === "warning" ? t.warnings : t.infos}&nbsp;
            <Badge size="small" color={BADGE[s]}>
              {counts[s]}
            </Badge>
          </ToggleButton>
        ))}
      </div>
      {props.issues.length === 0 && result.choice && <Text data-testid="no-problems">{t.noProblems}</Text>}
      {props.groups.map((g) => {
        const n = props.limitOf(g.sheet);
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
                      className={`${styles.item} ${styles[i.severity]} ${active === i ? styles.itemActive : ""}`}
                      onClick={() => props.onSelect(i)}
                      data-active={active === i ? "true" : undefined}
                      data-testid="issue"
                      data-cell={i.cell ?? ""}
                      data-code={i.code}
                      data-severity={i.severity}
                    >
                      <span className={styles.itemHead}>
                        {i.cell && <span>{i.cell}</span>}
                        <span>{(RULES as Record<string, { title: string }>)[i.code]?.title ?? i.code}</span>
                        {i.fix !== undefined && (
                          <Badge size="small" appearance="outline">
                            {t.fixable}
                          </Badge>
                        )}
                      </span>
                      <span>{i.message}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {g.issues.length > n && (
              <Button size="small" appearance="subtle" onClick={() => props.onMore(g.sheet)}>
                {t.more(Math.min(PAGE_STEP, g.issues.length - n))}
              </Button>
            )}
          </section>
        );
      })}
    </div>
  );
}

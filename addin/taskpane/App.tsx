// The task pane (SPEC §12): detected form and profile, 校验, the problem list grouped by
// sheet with counts and a severity filter, 标记问题 / 清除标记 (下载标注副本 where
// marking in place fails), 自动修正 after showing what changes, 插入模板, live mode. Excel is reached only through `host` (addin/excel/host.ts
// in Excel, the simulated host in tests), passed in as functions. The state and actions are
// useSession (over session.ts); each part of the pane is a small component.
import * as React from "react";
import { Text } from "@fluentui/react-components";
import type { PaneHost } from "./pane-host.js";
import { isNextErrorKey, profiles } from "./session.js";
import { useSession } from "./useSession.js";
import { useStyles } from "./styles.js";
import { ProfilePicker } from "./ProfilePicker.js";
import { ValidateBar } from "./ValidateBar.js";
import { LiveToggle } from "./LiveToggle.js";
import { TemplatePicker } from "./TemplatePicker.js";
import { FeaturesOff, Message } from "./Messages.js";
import { ProblemList } from "./ProblemList.js";
import { FixDialog } from "./FixDialog.js";
import { Unrecognised } from "./Unrecognised.js";
import { Ask } from "./Ask.js";

export type { PaneHost } from "./pane-host.js";

export function App({ host }: { host: PaneHost }): React.JSX.Element {
  const styles = useStyles();
  const s = useSession(host);
  const { t, caps } = s;
  // 下一个错误's shortcut while the pane has the focus.
  const next = React.useRef(s.nextErrorNow);
  next.current = s.nextErrorNow;
  React.useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isNextErrorKey(e)) return;
      e.preventDefault();
      void next.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const templates = s.profileForTemplates && (
    <TemplatePicker
      t={t}
      profile={s.profileForTemplates}
      template={s.template}
      busy={s.busy}
      insert={caps.insertTemplate}
      onTemplate={s.setTemplate}
      onInsert={() => void s.insertTemplate()}
    />
  );

  return (
    <div className={styles.root} data-testid="pane">
      <Text as="h1" size={500} weight="semibold">
        {t.title}
      </Text>
      <ProfilePicker
        t={t}
        choice={s.choice}
        result={s.result}
        picked={s.picked}
        profiles={profiles}
        onPick={(id) => void s.pick(id)}
      />
      <ValidateBar
        t={t}
        busy={s.busy}
        canMark={s.can.mark}
        canClear={s.can.clear}
        canFix={s.can.fix}
        canNext={s.can.next}
        fixCount={s.fixes.length}
        canCopy={s.can.copy}
        onCopy={() => void s.downloadCopy()}
        onValidate={() => void s.validateNow()}
        onMark={() => void s.mark()}
        onClear={() => void s.clear()}
        onFix={() => s.setFixOpen(true)}
        onNext={() => void s.nextErrorNow()}
      />
      <LiveToggle t={t} live={s.live} available={caps.live} onChange={s.setLive} />
      {s.view !== "unrecognised" && templates}
      <FeaturesOff t={t} apiVersion={caps.apiVersion} off={s.off} />
      <Message message={s.message} />
      <div data-testid="results" data-runs={s.runs}>
        {s.view === "start" && <Text className={styles.muted}>{t.notValidated}</Text>}
        {s.view === "ask" && s.choice?.ties && (
          <Ask t={t} candidates={s.choice.ties} busy={s.busy} onAnswer={(c) => void s.answer(c)} />
        )}
        {s.view === "unrecognised" && (
          <Unrecognised t={t} lookingFor={s.lookingFor}>
            {s.profileForTemplates ? (
              <>
                <Text size={200}>{t.unrecognisedInsert}</Text>
                {templates}
              </>
            ) : (
              <Text size={200}>{t.unrecognisedPick}</Text>
            )}
          </Unrecognised>
        )}
        {s.view === "results" && s.result && (
          <ProblemList
            t={t}
            result={s.result}
            issues={s.issues}
            counts={s.counts}
            groups={s.groups}
            shown={s.shown}
            active={s.active}
            limitOf={s.limitOf}
            onShown={s.setShown}
            onMore={s.showMore}
            onSelect={(i) => void s.select(i)}
          />
        )}
      </div>
      <FixDialog t={t} open={s.fixOpen} fixes={s.fixes} onOpenChange={s.setFixOpen} onApply={(f) => void s.applyFixes(f)} />
    </div>
  );
}

// 校验, 标记问题, 清除标记, 自动修正, 下一个错误 — each disabled when it has nothing to do — and,
// after 校验 with problems (where the host can give the workbook's bytes), 下载标注副本: the
// marks in a copy, for where they cannot be made in the workbook (and for anyone who wants them there).
import * as React from "react";
import { Button, Spinner } from "@fluentui/react-components";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function ValidateBar(props: {
  t: Strings;
  busy: boolean;
  canMark: boolean;
  canClear: boolean;
  canFix: boolean;
  canNext: boolean;
  fixCount: number;
  /** Offer 下载标注副本 (problems to mark, and the host can give the workbook). */
  canCopy?: boolean;
  onValidate(): void;
  onCopy?(): void;
  onMark(): void;
  onClear(): void;
  onFix(): void;
  onNext(): void;
}): React.JSX.Element {
  const { t, busy } = props;
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Button appearance="primary" onClick={props.onValidate} disabled={busy} data-testid="validate">
        {busy ? t.validating : t.validate}
      </Button>
      <Button onClick={props.onMark} disabled={busy || !props.canMark} data-testid="mark">
        {t.mark}
      </Button>
      <Button onClick={props.onClear} disabled={busy || !props.canClear} data-testid="clear">
        {t.clear}
      </Button>
      <Button onClick={props.onFix} disabled={busy || !props.canFix} data-testid="fix">
        {t.fix}
        {props.fixCount ? t.paren(String(props.fixCount)) : ""}
      </Button>
      <Button
        onClick={props.onNext}
        disabled={!props.canNext}
        title={t.nextTitle}
        aria-keyshortcuts="F8 Alt+N"
        data-testid="next"
      >
        {t.next}
      </Button>
      {props.canCopy && (
        <Button onClick={props.onCopy} disabled={busy} title={t.downloadCopyTitle} data-testid="download-copy">
          {t.downloadCopy}
        </Button>
      )}
      {busy && <Spinner size="tiny" />}
    </div>
  );
}

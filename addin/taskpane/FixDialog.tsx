// 自动修正: what will change, before anything is written.
import * as React from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
} from "@fluentui/react-components";
import type { CellFix } from "../../forms/fix.js";
import { fixPreview } from "./session.js";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function FixDialog(props: {
  t: Strings;
  open: boolean;
  fixes: CellFix[];
  onOpenChange(open: boolean): void;
  onApply(fixes: CellFix[]): void;
}): React.JSX.Element {
  const { t, fixes } = props;
  const styles = useStyles();
  const { shown, more } = fixPreview(fixes);
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => props.onOpenChange(d.open)}>
      <DialogSurface data-testid="fix-dialog">
        <DialogBody>
          <DialogTitle>{t.fixTitle}</DialogTitle>
          <DialogContent>
            {fixes.length ? (
              <>
                <Text>{t.fixIntro(fixes.length)}</Text>
                <ol className={styles.fixList}>
                  {shown.map((f) => (
                    <li key={`${f.sheet}!${f.cell}`}>
                      {f.sheet}!{f.cell}：“{String(f.from ?? "")}” → “{String(f.to)}”（{f.message}）
                    </li>
                  ))}
                </ol>
                {more > 0 && <Text data-testid="fix-more">{t.fixMore(more)}</Text>}
              </>
            ) : (
              <Text>{t.fixNone}</Text>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => props.onOpenChange(false)}>
              {t.cancel}
            </Button>
            <Button appearance="primary" disabled={!fixes.length} onClick={() => props.onApply(fixes)} data-testid="fix-apply">
              {t.fixApply}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

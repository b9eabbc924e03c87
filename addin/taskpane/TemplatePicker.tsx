// 插入模板: a form of the profile, inserted as sheets of this workbook (ExcelApi 1.13); where
// Excel cannot insert sheets, 下载模板: a link to the template file served beside the pane.
import * as React from "react";
import { Button, Link, Select } from "@fluentui/react-components";
import { templateRelativePath, type Profile } from "../../forms/profile.js";
import { templateHref } from "./session.js";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function TemplatePicker(props: {
  t: Strings;
  profile: Profile;
  template: string;
  busy: boolean;
  /** Whether Excel can insert the sheets (else the template is offered as a download). */
  insert: boolean;
  onTemplate(form: string): void;
  onInsert(): void;
}): React.JSX.Element {
  const { t, template, profile, insert } = props;
  const styles = useStyles();
  const label = insert ? t.insert : t.download;
  const path = template && profile.forms.some((f) => f.id === template) ? templateRelativePath(profile, template as never) : "";
  return (
    <div className={styles.row}>
      <Select
        aria-label={label}
        value={template}
        onChange={(_, d) => props.onTemplate(d.value)}
        className={styles.select}
        data-testid={insert ? "template" : "download-template"}
      >
        <option value="">{label}…</option>
        {profile.forms.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </Select>
      {insert ? (
        <Button onClick={props.onInsert} disabled={props.busy || !template} data-testid="insert">
          {t.insert}
        </Button>
      ) : (
        path && (
          <Link href={templateHref(path)} download={path.split("/").pop()} data-testid="download" title={t.downloadTitle}>
            {t.download}
          </Link>
        )
      )}
    </div>
  );
}

// 插入模板: a form of the profile, inserted as sheets of this workbook.
import * as React from "react";
import { Button, Select } from "@fluentui/react-components";
import type { Profile } from "../../forms/profile.js";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function TemplatePicker(props: {
  t: Strings;
  profile: Profile;
  template: string;
  busy: boolean;
  onTemplate(form: string): void;
  onInsert(): void;
}): React.JSX.Element {
  const { t, template } = props;
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Select
        aria-label={t.insert}
        value={template}
        onChange={(_, d) => props.onTemplate(d.value)}
        className={styles.select}
        data-testid="template"
      >
        <option value="">{t.insert}…</option>
        {props.profile.forms.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </Select>
      <Button onClick={props.onInsert} disabled={props.busy || !template} data-testid="insert">
        {t.insert}
      </Button>
    </div>
  );
}

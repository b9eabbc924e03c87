// No table of any form found: say so, what the pane looks for, and offer the templates.
import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import type { LookedFor } from "./session.js";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function Unrecognised(props: { t: Strings; lookingFor: LookedFor[]; children?: React.ReactNode }): React.JSX.Element {
  const { t } = props;
  const styles = useStyles();
  return (
    <div data-testid="unrecognised" style={{ display: "flex", flexDirection: "column", gap: "8px" }}>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{t.unrecognisedTitle}</MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
      <Text size={200}>{t.unrecognisedLooksFor}</Text>
      <ul className={styles.fixList} data-testid="looking-for" style={{ maxHeight: "none" }}>
        {props.lookingFor.map((f) => (
          <li key={f.form}>
            <b>{f.form}</b>：{f.headings.join("、")}
          </li>
        ))}
      </ul>
      {props.children}
    </div>
  );
}

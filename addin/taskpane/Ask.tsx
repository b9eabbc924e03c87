// The headings fit several profiles or forms as well (or nearly): ask which, listing them.
import * as React from "react";
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { formEdition } from "../../forms/profile.js";
import type { Candidate } from "./session.js";
import type { Strings } from "./strings.js";

export function Ask(props: {
  t: Strings;
  candidates: Candidate[];
  busy: boolean;
  onAnswer(c: Candidate): void;
}): React.JSX.Element {
  const { t } = props;
  return (
    <div data-testid="ask" style={{ display: "flex", flexDirection: "column", gap: "6px" }}>
      <MessageBar intent="info">
        <MessageBarBody>
          <MessageBarTitle>{t.askTitle}</MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
      <Text size={200}>{t.askBody}</Text>
      {props.candidates.map((c) => (
        <Button
          key={`${c.profile.id}/${c.form}`}
          appearance="outline"
          disabled={props.busy}
          onClick={() => props.onAnswer(c)}
          style={{ justifyContent: "flex-start", textAlign: "left", height: "auto", padding: "6px 10px" }}
          data-testid="candidate"
          data-profile={c.profile.id}
          data-form={c.form}
        >
          <span>
            <b>{c.profile.name}</b>
            <br />
            <span style={{ fontWeight: "normal" }}>{formEdition(c.profile, c.form)?.name ?? c.form}</span>
          </span>
        </Button>
      ))}
    </div>
  );
}

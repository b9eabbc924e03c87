// What this version of Excel cannot do, and the last action's message.
import * as React from "react";
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { Strings } from "./strings.js";
import type { PaneMessage } from "./useSession.js";

export function FeaturesOff(props: { t: Strings; apiVersion: string; off: string[] }): React.JSX.Element | null {
  const { t, off } = props;
  if (!off.length) return null;
  return (
    <MessageBar intent="info" data-testid="features-off">
      <MessageBarBody>
        {t.apiVersion(props.apiVersion)}
        {t.featuresOff(props.apiVersion)}
        <ul style={{ margin: "4px 0 0", paddingLeft: "18px" }}>
          {off.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

export function Message(props: { message?: PaneMessage }): React.JSX.Element | null {
  const { message } = props;
  if (!message) return null;
  return (
    <MessageBar intent={message.intent} data-testid="message">
      <MessageBarBody>{message.text}</MessageBarBody>
    </MessageBar>
  );
}

// The detected profile and form, and the profile picker.
import * as React from "react";
import { Badge, Select, Text } from "@fluentui/react-components";
import { formEdition, type Profile } from "../../forms/profile.js";
import type { Choice, SessionResult } from "./session.js";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function ProfilePicker(props: {
  t: Strings;
  choice?: Choice;
  result?: SessionResult;
  picked: string;
  profiles: Profile[];
  onPick(id: string): void;
}): React.JSX.Element {
  const { t, choice, result, picked } = props;
  const styles = useStyles();
  // While the pane asks (a tie), the first candidate is no choice: neither named nor preselected.
  const asking = (choice?.ties?.length ?? 0) > 1;
  return (
    <>
      <div className={styles.row} data-testid="detected">
        {asking ? (
          <Text size={200}>{t.askDetected}</Text>
        ) : choice ? (
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
          value={picked || (asking ? "" : choice?.profile.id) || ""}
          onChange={(_, d) => props.onPick(d.value)}
          className={styles.select}
          data-testid="profile"
        >
          <option value="">{t.pickProfile}</option>
          {props.profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </div>
    </>
  );
}

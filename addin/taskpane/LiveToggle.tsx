// 实时校验: on and off, and what it does while on.
import * as React from "react";
import { Switch, Text } from "@fluentui/react-components";
import type { Strings } from "./strings.js";
import { useStyles } from "./styles.js";

export function LiveToggle(props: {
  t: Strings;
  live: boolean;
  available: boolean;
  onChange(on: boolean): void;
}): React.JSX.Element {
  const { t, live } = props;
  const styles = useStyles();
  return (
    <>
      <div className={styles.row}>
        <Switch
          label={t.live}
          checked={live}
          disabled={!props.available}
          onChange={(_, d) => props.onChange(d.checked)}
          data-testid="live"
        />
      </div>
      {live && <Text size={200}>{t.liveOn}</Text>}
    </>
  );
}

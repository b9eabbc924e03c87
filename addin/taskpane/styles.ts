// The pane's styles (Fluent UI v9 makeStyles), shared by its components.
import { makeStyles, tokens } from "@fluentui/react-components";
import type { Severity } from "../../forms/model.js";

export const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: "8px",
    padding: "12px",
    fontFamily: tokens.fontFamilyBase,
    minHeight: "100%",
    boxSizing: "border-box",
    maxWidth: "100%",
    overflowWrap: "anywhere",
  },
  select: { width: "100%", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: "6px", alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
  group: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "6px" },
  groupHead: { display: "flex", gap: "6px", alignItems: "center", fontWeight: tokens.fontWeightSemibold, margin: "4px 0" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  item: {
    display: "block",
    width: "100%",
    textAlign: "left",
    border: "none",
    background: "transparent",
    padding: "6px 6px 6px 10px",
    cursor: "pointer",
    borderLeft: "4px solid transparent",
    fontFamily: "inherit",
    fontSize: tokens.fontSizeBase200,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  itemActive: { backgroundColor: tokens.colorNeutralBackground1Selected },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteYellowBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  itemHead: { display: "flex", gap: "6px", fontWeight: tokens.fontWeightSemibold },
  fixList: { maxHeight: "240px", overflowY: "auto", fontSize: tokens.fontSizeBase200, margin: 0, paddingLeft: "18px" },
});

export type Styles = ReturnType<typeof useStyles>;

export const BADGE: Record<Severity, "danger" | "warning" | "informative"> = {
  error: "danger",
  warning: "warning",
  info: "informative",
};

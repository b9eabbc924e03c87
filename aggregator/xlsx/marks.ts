// The marks annotated copies and the roll-up share (no node:*: the browser writes the roll-up too).
import { MARK_COLOR } from "../../forms/rules/codes.js";

/** MARK_COLOR as exceljs ARGB. */
export const FILL = { error: `FF${MARK_COLOR.error.slice(1)}`, warning: `FF${MARK_COLOR.warning.slice(1)}` } as const;

/** The 问题清单 column of an issue's place in a Word document (Issue.place). */
export const PLACE_LABEL = "在Word中的位置";

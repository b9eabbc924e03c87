// Cell fills as the simulated hosts report them (addin/sim/excel-sim.ts, et-sim.ts): an
// exceljs fill — argb, theme colour with tint, or legacy indexed colour — as "RRGGBB".
import type ExcelJS from "exceljs";

/** The default Office theme (2013–2022): lt1, dk1, lt2, dk2, accent1–6, hlink, folHlink. */
const THEME = [
  "FFFFFF",
  "000000",
  "E7E6E6",
  "44546A",
  "4472C4",
  "ED7D31",
  "A5A5A5",
  "FFC000",
  "5B9BD5",
  "70AD47",
  "0563C1",
  "954F72",
];

/** The legacy indexed palette (0–63); WPS's ColorIndex n is INDEXED[n + 7]. */
export const INDEXED = [
  "000000",
  "FFFFFF",
  "FF0000",
  "00FF00",
  "0000FF",
  "FFFF00",
  "FF00FF",
  "00FFFF",
  "000000",
  "FFFFFF",
  "FF0000",
  "00FF00",
  "0000FF",
  "FFFF00",
  "FF00FF",
  "00FFFF",
  "800000",
  "008000",
  "000080",
  "808000",
  "800080",
  "008080",
  "C0C0C0",
  "808080",
  "9999FF",
  "993366",
  "FFFFCC",
  "CCFFFF",
  "660066",
  "FF8080",
  "0066CC",
  "CCCCFF",
  "000080",
  "FF00FF",
  "FFFF00",
  "00FFFF",
  "800080",
  "800000",
  "008080",
  "0000FF",
  "00CCFF",
  "CCFFFF",
  "CCFFCC",
  "FFFF99",
  "99CCFF",
  "FF99CC",
  "CC99FF",
  "FFCC99",
  "3366FF",
  "33CCCC",
  "99CC00",
  "FFCC00",
  "FF9900",
  "FF6600",
  "666699",
  "969696",
  "003366",
  "339966",
  "003300",
  "333300",
  "993300",
  "993366",
  "333399",
  "333333",
];

/** Excel's tint: lighten (tint > 0) or darken (tint < 0) in HSL. */
function applyTint(rgb: string, tint: number): string {
  if (!tint) return rgb;
  const n = parseInt(rgb, 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  let s = 0;
  let l = (max + min) / 2;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number) => {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  let rr = l;
  let gg = l;
  let bb = l;
  if (s) {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    rr = hue(p, q, h + 1 / 3);
    gg = hue(p, q, h);
    bb = hue(p, q, h - 1 / 3);
  }
  const hex = (x: number) =>
    Math.round(Math.min(1, Math.max(0, x)) * 255)
      .toString(16)
      .padStart(2, "0");
  return (hex(rr) + hex(gg) + hex(bb)).toUpperCase();
}

export function colorRgb(c: (Partial<ExcelJS.Color> & { indexed?: number; tint?: number }) | undefined): string | null {
  if (!c) return null;
  if (typeof c.argb === "string" && c.argb.length >= 6) return c.argb.slice(-6).toUpperCase();
  if (typeof c.theme === "number") return applyTint(THEME[c.theme] ?? "000000", c.tint ?? 0);
  if (typeof c.indexed === "number")
    return c.indexed === 64 ? "000000" : c.indexed === 65 ? "FFFFFF" : (INDEXED[c.indexed] ?? null);
  return null;
}

/** "RRGGBB" of a fill, or null for none. */
export function fillRgb(fill: ExcelJS.Fill | undefined): string | null {
  if (!fill) return null;
  if (fill.type === "gradient") return colorRgb(fill.stops?.[0]?.color) ?? null;
  if (fill.type !== "pattern" || !fill.pattern || fill.pattern === "none") return null;
  // A solid fill's colour is fgColor; other patterns show bgColor under the pattern.
  if (fill.pattern === "solid") return colorRgb(fill.fgColor) ?? colorRgb(fill.bgColor) ?? "000000";
  return colorRgb(fill.bgColor) ?? "FFFFFF";
}

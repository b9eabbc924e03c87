// A1 addresses: column letters and 0-based indices.

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B3" from 0-based row and column. */
export function a1(row: number, col: number): string {
  return columnLetter(col) + String(row + 1);
}

/** 0-based {row, col} of "B3" (a leading sheet name and $ signs are ignored). */
export function parseA1(address: string): { row: number; col: number } {
  const m = /([A-Za-z]+)\$?(\d+)$/.exec(address.replace(/\$/g, ""));
  if (!m) throw new Error(`not an A1 address: ${address}`);
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

/** Every cell of "B3:D5" as 0-based bounds. */
export function parseRange(range: string): { top: number; left: number; bottom: number; right: number } {
  const [a, b] = range.split(":");
  const s = parseA1(a);
  const e = parseA1(b ?? a);
  return {
    top: Math.min(s.row, e.row),
    left: Math.min(s.col, e.col),
    bottom: Math.max(s.row, e.row),
    right: Math.max(s.col, e.col),
  };
}

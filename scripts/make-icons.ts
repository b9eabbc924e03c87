// npx tsx scripts/make-icons.ts [outDir]: the add-in's icons (assets/icon-<size>.png for the
// sizes manifest.xml references) drawn without an image library: a rounded square shading
// from Excel green to Fluent blue with a white check mark, 4×4 supersampled, written as
// 8-bit RGBA PNG with node:zlib. Deterministic: test/manifest.test.ts compares the
// committed files with what renderIconPng() produces.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateSync } from "node:zlib";

/**
 * The ribbon's sizes (16, 32, 80 required; 20, 24, 40, 48, 64 the schema's other sizes, which
 * Office picks at 125 %–250 % display scaling instead of stretching a smaller one), IconUrl's 32,
 * HighResolutionIconUrl's 64, and 128 for catalogues.
 */
export const ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80, 128] as const;

const GREEN: Rgb = [0x10, 0x7c, 0x41]; // Excel green
const BLUE: Rgb = [0x0f, 0x6c, 0xbd]; // Fluent brand blue
type Rgb = [number, number, number];

/** The check mark as a polyline in unit coordinates (0..1, y down). */
const CHECK: [number, number][] = [
  [0.27, 0.53],
  [0.43, 0.69],
  [0.74, 0.34],
];

/** 1 inside the rounded square, 0 outside (unit coordinates). */
function inSquare(x: number, y: number, margin: number, radius: number): boolean {
  const lo = margin + radius;
  const hi = 1 - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function onCheck(x: number, y: number, halfWidth: number): boolean {
  for (let i = 0; i + 1 < CHECK.length; i++) {
    const [ax, ay] = CHECK[i];
    const [bx, by] = CHECK[i + 1];
    if (distanceToSegment(x, y, ax, ay, bx, by) <= halfWidth) return true;
  }
  return false;
}

/** The icon as straight (non-premultiplied) RGBA bytes, row by row. */
export function renderIcon(size: number): Uint8Array {
  const samples = 4;
  const margin = size <= 16 ? 0.03 : 0.05;
  const radius = 0.2;
  // Thicker strokes on the small sizes so the mark survives at 16 px.
  const halfWidth = size <= 16 ? 0.085 : size <= 32 ? 0.07 : 0.06;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let square = 0;
      let check = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (inSquare(x, y, margin, radius)) {
            square++;
            if (onCheck(x, y, halfWidth)) check++;
          }
        }
      }
      const n = samples * samples;
      const t = (px + py) / (2 * (size - 1)); // diagonal gradient, top left to bottom right
      const white = square === 0 ? 0 : check / square;
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        const base = GREEN[c] + (BLUE[c] - GREEN[c]) * t;
        rgba[o + c] = Math.round(base + (255 - base) * white);
      }
      rgba[o + 3] = Math.round((255 * square) / n);
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit RGBA PNG (colour type 6, no interlace, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

export function renderIconPng(size: number): Buffer {
  return encodePng(size, size, renderIcon(size));
}

export function iconFileName(size: number): string {
  return `icon-${size}.png`;
}

export function writeIcons(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = join(outDir, iconFileName(size));
    writeFileSync(file, renderIconPng(size));
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeIcons(process.argv[2] ?? "assets")) console.log(file);
}

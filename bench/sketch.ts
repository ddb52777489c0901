/**
 * Postcard drawings as the kiosk canvas sends them: 1240 × 874 RGBA PNGs, white, with round-capped antialiased
 * pen strokes in the kiosk's colours and widths, different for every seed. Encoded with node:zlib.
 */
import { crc32, deflateSync } from 'node:zlib';

export const SKETCH_WIDTH = 1240;
export const SKETCH_HEIGHT = 874;
// The kiosk's palette and pen widths (public/index.html); white is the eraser.
const COLOURS: [number, number, number][] = [[0x1f, 0x24, 0x30], [0xc0, 0x39, 0x2b], [0x1f, 0x5f, 0xa8], [0x2e, 0x7d, 0x4f], [0xe6, 0x7e, 0x22]];
const WIDTHS = [6, 14, 32];

/** Small seeded PRNG (mulberry32): the same seed draws the same picture. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Point = [number, number];

/** A hand-drawn line: a walk that turns a little at each step, as a pen dragged across the card. */
function penPath(rand: () => number): Point[] {
  let x = 80 + rand() * (SKETCH_WIDTH - 160);
  let y = 80 + rand() * (SKETCH_HEIGHT - 160);
  let heading = rand() * Math.PI * 2;
  const turn = (rand() - 0.5) * 0.35;
  const points: Point[] = [[x, y]];
  const steps = 8 + Math.floor(rand() * 60);
  for (let i = 0; i < steps; i++) {
    heading += turn + (rand() - 0.5) * 0.5;
    x = Math.min(SKETCH_WIDTH - 4, Math.max(4, x + Math.cos(heading) * 9));
    y = Math.min(SKETCH_HEIGHT - 4, Math.max(4, y + Math.sin(heading) * 9));
    points.push([x, y]);
  }
  return points;
}

/** Paints one stroke over the RGBA pixels: coverage is the largest over its segments, so joints are not painted twice. */
function paintStroke(pixels: Uint8Array, coverage: Float32Array, points: Point[], width: number, colour: [number, number, number]): void {
  const r = width / 2;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - r - 1));
  const x1 = Math.min(SKETCH_WIDTH - 1, Math.ceil(Math.max(...xs) + r + 1));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - r - 1));
  const y1 = Math.min(SKETCH_HEIGHT - 1, Math.ceil(Math.max(...ys) + r + 1));
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[Math.min(i + 1, points.length - 1)]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const sx0 = Math.max(x0, Math.floor(Math.min(ax, bx) - r - 1));
    const sx1 = Math.min(x1, Math.ceil(Math.max(ax, bx) + r + 1));
    const sy0 = Math.max(y0, Math.floor(Math.min(ay, by) - r - 1));
    const sy1 = Math.min(y1, Math.ceil(Math.max(ay, by) + r + 1));
    for (let y = sy0; y <= sy1; y++) {
      for (let x = sx0; x <= sx1; x++) {
        const px = x + 0.5 - ax;
        const py = y + 0.5 - ay;
        const t = len2 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
        const d = Math.hypot(px - t * dx, py - t * dy);
        const c = Math.min(1, Math.max(0, r + 0.5 - d));
        const at = y * SKETCH_WIDTH + x;
        if (c > coverage[at]!) coverage[at] = c;
      }
    }
  }
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const at = y * SKETCH_WIDTH + x;
      const c = coverage[at]!;
      if (!c) continue;
      coverage[at] = 0;
      for (let k = 0; k < 3; k++) pixels[at * 4 + k] = Math.round(pixels[at * 4 + k]! * (1 - c) + colour[k]! * c);
    }
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Per row the cheapest of None, Sub and Up by the sum of absolute bytes, as libpng chooses. */
function filtered(pixels: Uint8Array): Buffer {
  const stride = SKETCH_WIDTH * 4;
  const out = Buffer.alloc((stride + 1) * SKETCH_HEIGHT);
  const candidates = [Buffer.alloc(stride), Buffer.alloc(stride), Buffer.alloc(stride)];
  for (let y = 0; y < SKETCH_HEIGHT; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const above = y ? pixels.subarray((y - 1) * stride, y * stride) : undefined;
    let best = 0;
    let bestCost = Infinity;
    for (let f = 0; f < 3; f++) {
      const line = candidates[f]!;
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const prior = f === 1 ? (i >= 4 ? row[i - 4]! : 0) : f === 2 ? (above?.[i] ?? 0) : 0;
        const v = (row[i]! - prior) & 0xff;
        line[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) [best, bestCost] = [f, cost];
    }
    out[y * (stride + 1)] = best;
    candidates[best]!.copy(out, y * (stride + 1) + 1);
  }
  return out;
}

/** A distinct drawing for `seed`, as PNG bytes. */
export function sketchPng(seed: number): Buffer {
  const rand = prng(seed * 7919 + 17);
  const pixels = new Uint8Array(SKETCH_WIDTH * SKETCH_HEIGHT * 4).fill(255);
  const coverage = new Float32Array(SKETCH_WIDTH * SKETCH_HEIGHT);
  const strokes = 12 + Math.floor(rand() * 30);
  for (let s = 0; s < strokes; s++) {
    const colour = COLOURS[Math.floor(rand() * COLOURS.length)]!;
    const width = WIDTHS[Math.floor(rand() * WIDTHS.length)]!;
    paintStroke(pixels, coverage, penPath(rand), width, colour);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SKETCH_WIDTH, 0);
  header.writeUInt32BE(SKETCH_HEIGHT, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filtered(pixels))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

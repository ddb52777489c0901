/**
 * A postcard drawing as a relay prints it: in black and white. The drawing is flattened onto white (png-pixels.ts),
 * turned into luminance, and checked to stay legible: pale crayon on white paper that looks fine in colour can vanish
 * on an e-letter service's greyscale printer, and nobody at the relay can tell the writer. A drawing that fails is
 * refused for the relay with the numbers, never sent to fade.
 */
import type { CardImage } from './images.js';
import { encodeGreyPng, rgbOverWhite } from './png-pixels.js';

/** A pixel this far from the background (0–255 luminance) still shows after a cheap greyscale print. */
export const INK_CONTRAST = 64;
/** Share of the picture that must be such ink for the drawing to read at all. */
export const MIN_INK_SHARE = 0.005;
/** Luminance spread (standard deviation) below which a picture prints as one flat grey. */
export const MIN_STD_DEV = 8;

export interface Legibility {
  /** Standard deviation of the luminance, 0–127.5. */
  stdDev: number;
  /** The most common luminance: the paper or the background colour. */
  background: number;
  /** Share of pixels at least INK_CONTRAST from the background. */
  inkShare: number;
  legible: boolean;
}

/** Rec. 601 luminance of RGB pixels, one byte each. */
export function luminance(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let i = 0, s = 0; i < out.length; i++, s += 3) out[i] = Math.round(0.299 * rgb[s]! + 0.587 * rgb[s + 1]! + 0.114 * rgb[s + 2]!);
  return out;
}

/** How well greyscale pixels read in black and white. */
export function legibility(grey: Uint8Array): Legibility {
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (const v of grey) {
    histogram[v]!++;
    sum += v;
  }
  const n = grey.length || 1;
  const mean = sum / n;
  let variance = 0;
  let background = 0;
  for (let v = 0; v < 256; v++) {
    variance += histogram[v]! * (v - mean) ** 2;
    if (histogram[v]! > histogram[background]!) background = v;
  }
  let ink = 0;
  for (let v = 0; v < 256; v++) if (Math.abs(v - background) >= INK_CONTRAST) ink += histogram[v]!;
  const stdDev = Math.sqrt(variance / n);
  const inkShare = ink / n;
  return { stdDev, background, inkShare, legible: inkShare >= MIN_INK_SHARE && stdDev >= MIN_STD_DEV };
}

export type GreyscaleResult = { ok: true; png: Uint8Array; check: Legibility } | { ok: false; reason: string; check?: Legibility };

/** The drawing as a greyscale PNG, or why it cannot go to a black-and-white relay. */
export function greyscaleDrawing(image: CardImage): GreyscaleResult {
  if (image.type !== 'png' || !image.png) return { ok: false, reason: 'has a JPEG picture, which Volya cannot check for black-and-white printing' };
  const rgb = rgbOverWhite(image.png);
  if (!rgb) return { ok: false, reason: 'has a picture in a PNG form Volya cannot convert to greyscale (palette or interlaced)' };
  const grey = luminance(rgb);
  const check = legibility(grey);
  if (!check.legible) {
    const pct = (check.inkShare * 100).toFixed(2);
    return {
      ok: false,
      check,
      reason: `has a drawing too faint for black-and-white printing (${pct}% of it stands out from the background, at least ${MIN_INK_SHARE * 100}% must; contrast ${check.stdDev.toFixed(1)}, at least ${MIN_STD_DEV})`,
    };
  }
  return { ok: true, png: encodeGreyPng(grey, image.png.width, image.png.height), check };
}

/** Geometry in PDF points (1/72 inch); sizes of paper, postcards and envelopes. */
import type { PaperSize } from '../model/vocabulary.js';

export const MM = 72 / 25.4;

export function mm(value: number): number {
  return value * MM;
}

export type Paper = PaperSize;

/** [width, height] in points, portrait. */
export const PAPER: Record<Paper, [number, number]> = {
  letter: [612, 792],
  a4: [mm(210), mm(297)],
};


/** Geometry in PDF points (1/72 inch); sizes of paper, postcards and envelopes. */
export const MM = 72 / 25.4;

export function mm(value: number): number {
  return value * MM;
}

export type Paper = 'letter' | 'a4';

/** [width, height] in points, portrait. */
export const PAPER: Record<Paper, [number, number]> = {
  letter: [612, 792],
  a4: [mm(210), mm(297)],
};

/** The paper's media name for the printer (CUPS `-o media=`). */
export const PAPER_MEDIA: Record<Paper, string> = { a4: 'A4', letter: 'Letter' };

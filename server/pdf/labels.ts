/**
 * Address labels on standard sheets, one label per person: Avery L7160 (A4, 3 × 7, 63.5 × 38.1 mm) and
 * Avery 5160 (US Letter, 3 × 10, 2 5/8 × 1 in). Each block shrinks to fit its label.
 */
import type { LabelSheet } from '../model/vocabulary.js';
import { VolyaDocument } from './document.js';
import { cleanLines, drawLines, fitSize } from './draw-text.js';
import type { RenderResult } from './types.js';
import { mm, PAPER, type Paper } from './units.js';

export type { LabelSheet };

interface SheetSpec {
  paper: Paper;
  cols: number;
  rows: number;
  /** All in mm: label size, first label's top-left corner, pitch between label origins, inner padding. */
  w: number;
  h: number;
  left: number;
  top: number;
  pitchX: number;
  pitchY: number;
  pad: number;
}

export const LABEL_SHEETS: Record<LabelSheet, SheetSpec> = {
  L7160: { paper: 'a4', cols: 3, rows: 7, w: 63.5, h: 38.1, left: 7.21, top: 15.15, pitchX: 66.04, pitchY: 38.1, pad: 3 },
  '5160': { paper: 'letter', cols: 3, rows: 10, w: 66.675, h: 25.4, left: 4.7625, top: 12.7, pitchX: 69.85, pitchY: 25.4, pad: 2 },
};

/** Label rectangle (points, bottom-left origin) of the n-th label on its sheet. */
export function labelBox(sheet: LabelSheet, n: number) {
  const s = LABEL_SHEETS[sheet];
  const [, H] = PAPER[s.paper];
  const col = n % s.cols;
  const row = Math.floor(n / s.cols) % s.rows;
  const x = mm(s.left + col * s.pitchX);
  const top = H - mm(s.top + row * s.pitchY);
  return { x, y: top - mm(s.h), w: mm(s.w), h: mm(s.h) };
}

/** Adds label sheets for the address blocks to an open document. */
export function drawLabels(doc: VolyaDocument, blocks: string[][], sheet: LabelSheet): void {
  const s = LABEL_SHEETS[sheet];
  const [W, H] = PAPER[s.paper];
  const perSheet = s.cols * s.rows;
  let page = doc.addPage(W, H);
  blocks.forEach((block, i) => {
    if (i > 0 && i % perSheet === 0) page = doc.addPage(W, H);
    const box = labelBox(sheet, i);
    const pad = mm(s.pad);
    const lines = cleanLines(doc, block);
    const size = Math.min(fitSize(lines, 'body', 9, box.w - 2 * pad), (box.h - 2 * pad) / (lines.length * 1.15));
    const leading = size * 1.15;
    const used = lines.length * leading;
    // Vertically centred: label stock drifts a little either way in the printer.
    const first = box.y + box.h / 2 + used / 2 - size;
    drawLines(page, lines, box.x + pad, first, { stack: 'body', size, leading });
  });
}

/** Renders labels, one per address block. */
export async function renderLabels(blocks: string[][], sheet: LabelSheet, date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Наклейки', date });
  drawLabels(doc, blocks, sheet);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

/**
 * Envelopes DL, C5, C6 and US #10, one page per envelope at the envelope's own size (landscape): sender
 * top left in Latin, recipient bottom right in Cyrillic. Printers feed envelopes off-centre, so everything
 * moves by the per-size offset from the settings (x positive = right, y positive = down).
 */
import type { EnvelopeSize } from '../model/vocabulary.js';
import { VolyaDocument } from './document.js';
import { cleanLines, drawLines, fitSize } from './draw-text.js';
import type { RenderResult } from './types.js';
import { mm } from './units.js';

export type { EnvelopeSize };

/** [width, height] in mm, landscape. */
export const ENVELOPES: Record<EnvelopeSize, [number, number]> = {
  DL: [220, 110],
  C5: [229, 162],
  C6: [162, 114],
  US10: [241.3, 104.775],
};

export interface EnvelopeOffset {
  xMm: number;
  yMm: number;
}

export interface EnvelopeSpec {
  size: EnvelopeSize;
  offset: EnvelopeOffset;
  recipientLines: string[];
  senderLines: string[];
}

const EDGE = mm(12);

/** Adds one envelope page to an open document. */
export function drawEnvelope(doc: VolyaDocument, spec: EnvelopeSpec): void {
  const [wMm, hMm] = ENVELOPES[spec.size];
  const W = mm(wMm);
  const H = mm(hMm);
  const dx = mm(spec.offset.xMm);
  const dy = -mm(spec.offset.yMm);
  const page = doc.addPage(W, H);

  const sender = cleanLines(doc, spec.senderLines);
  const sSize = fitSize(sender, 'body', 9, W * 0.42);
  drawLines(page, sender, EDGE + dx, H - EDGE - sSize + dy, { stack: 'body', size: sSize, leading: sSize * 1.22 });

  const recipient = cleanLines(doc, spec.recipientLines);
  const x = W * 0.47;
  const width = W - x - EDGE;
  const rSize = Math.min(fitSize(recipient, 'body', 12, width), (H * 0.55) / (recipient.length * 1.25));
  const leading = rSize * 1.25;
  const first = EDGE + mm(2) + (recipient.length - 1) * leading;
  drawLines(page, recipient, x + dx, first + dy, { stack: 'body', size: rSize, leading });
}

/** Renders one envelope per recipient. */
export async function renderEnvelopes(specs: EnvelopeSpec[], date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Конверты', date });
  for (const s of specs) drawEnvelope(doc, s);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

/**
 * Envelopes DL, C5, C6 and US #10, one page per envelope at the envelope's own size (landscape): sender
 * top left in Latin, recipient bottom right in Cyrillic. Printers feed envelopes off-centre, so everything
 * moves by the per-size offset from the settings (x positive = right, y positive = up, as the console labels them).
 * The recipient block starts RECIPIENT_LEFT of the width from the left edge, its last line RECIPIENT_BOTTOM_MM above
 * the bottom edge (docs/print-runs.md); the calibration page marks that point.
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
/** Where the recipient block starts, before the offset: its left edge as a share of the width, its last baseline. */
export const RECIPIENT_LEFT = 0.47;
export const RECIPIENT_BOTTOM_MM = 14;

/** Adds one envelope page to an open document. */
export function drawEnvelope(doc: VolyaDocument, spec: EnvelopeSpec): void {
  const [wMm, hMm] = ENVELOPES[spec.size];
  const W = mm(wMm);
  const H = mm(hMm);
  const dx = mm(spec.offset.xMm);
  const dy = mm(spec.offset.yMm);
  const page = doc.addPage(W, H);

  const sender = cleanLines(doc, spec.senderLines);
  const sSize = fitSize(sender, 'body', 9, W * 0.42);
  drawLines(page, sender, EDGE + dx, H - EDGE - sSize + dy, { stack: 'body', size: sSize, leading: sSize * 1.22 });

  const recipient = cleanLines(doc, spec.recipientLines);
  const x = W * RECIPIENT_LEFT;
  const width = W - x - EDGE;
  const rSize = Math.min(fitSize(recipient, 'body', 12, width), (H * 0.55) / (recipient.length * 1.25));
  const leading = rSize * 1.25;
  const first = mm(RECIPIENT_BOTTOM_MM) + (recipient.length - 1) * leading;
  drawLines(page, recipient, x + dx, first + dy, { stack: 'body', size: rSize, leading });
}

/**
 * The calibration page, at the envelope's size, for plain paper held against an envelope: a cross where the
 * recipient block starts (offset applied) and millimetre rulers from it to the right and up.
 */
export async function renderCalibration(size: EnvelopeSize, offset: EnvelopeOffset, date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: `Envelope calibration ${size}`, date });
  const [wMm, hMm] = ENVELOPES[size];
  const W = mm(wMm);
  const H = mm(hMm);
  const page = doc.addPage(W, H);
  const cx = W * RECIPIENT_LEFT + mm(offset.xMm);
  const cy = mm(RECIPIENT_BOTTOM_MM) + mm(offset.yMm);
  const arm = mm(8);
  page.line(cx - arm, cy, cx + arm, cy, 0.6);
  page.line(cx, cy - arm, cx, cy + arm, 0.6);
  // Rulers along the block's baseline and left edge: a tick each mm, longer each 5 and 10 mm.
  const across = Math.floor(wMm - RECIPIENT_LEFT * wMm - offset.xMm - 12);
  const upward = Math.floor(hMm - RECIPIENT_BOTTOM_MM - offset.yMm - 30);
  const tick = (n: number) => mm(n % 10 === 0 ? 4 : n % 5 === 0 ? 2.5 : 1.5);
  for (let n = 1; n <= across; n++) page.line(cx + mm(n), cy, cx + mm(n), cy - tick(n), 0.3);
  for (let n = 1; n <= upward; n++) page.line(cx, cy + mm(n), cx - tick(n), cy + mm(n), 0.3);
  for (let n = 10; n <= across; n += 10) page.text(String(n), cx + mm(n) - 3, cy - mm(8), 7, 'body');
  for (let n = 10; n <= upward; n += 10) page.text(String(n), cx - mm(9), cy + mm(n) - 2, 7, 'body');
  const caption = cleanLines(doc, [
    `Volya envelope calibration: ${size} (${wMm} x ${hMm} mm)`,
    `Offset: right ${offset.xMm} mm, up ${offset.yMm} mm`,
    'Print on plain paper and hold it against an envelope: the cross is where the address starts.',
  ]);
  drawLines(page, caption, EDGE, H - EDGE - 9, { stack: 'body', size: fitSize(caption, 'body', 9, W - 2 * EDGE), leading: 11 });
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

/** Renders one envelope per recipient. */
export async function renderEnvelopes(specs: EnvelopeSpec[], date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Конверты', date });
  for (const s of specs) drawEnvelope(doc, s);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

export interface AddressSheetSpec {
  recipientLines: string[];
  senderLines: string[];
}

/**
 * The address sheet a letter printed at the kiosk carries when it goes by post from here: the recipient block large
 * in a dashed box (to copy onto an envelope exactly, or to cut out and glue on) and the return address above it.
 * On a sheet of its own, so a duplex print keeps it off the back of the letter.
 */
export function drawAddressSheet(doc: VolyaDocument, paper: [number, number], spec: AddressSheetSpec): void {
  const [W, H] = paper;
  const page = doc.addPage(W, H);
  const margin = mm(20);
  const intro = cleanLines(doc, [
    'Address for the envelope: copy it exactly as printed, or cut along the dashed line and glue it on.',
    'Адрес для конверта: перепишите точно как напечатано или вырежьте по пунктиру и наклейте.',
  ]);
  drawLines(page, intro, margin, H - margin - 10, { stack: 'body', size: fitSize(intro, 'body', 10, W - 2 * margin), leading: 14 });
  const boxW = mm(120);
  const sender = cleanLines(doc, spec.senderLines);
  const sSize = fitSize(sender, 'body', 9, boxW - mm(10));
  const senderTop = H - margin - mm(22);
  page.text('From / Отправитель:', margin, senderTop, 8, 'body', 0.4);
  drawLines(page, sender, margin, senderTop - 12, { stack: 'body', size: sSize, leading: sSize * 1.22 });
  const recipient = cleanLines(doc, spec.recipientLines);
  const rSize = Math.min(fitSize(recipient, 'body', 14, boxW - mm(12)), 14);
  const leading = rSize * 1.3;
  const boxH = recipient.length * leading + mm(12);
  const boxX = W - margin - boxW;
  const boxTop = senderTop - sender.length * sSize * 1.22 - mm(20);
  page.rect(boxX, boxTop - boxH, boxW, boxH, 0.6, 0.3, 3);
  drawLines(page, recipient, boxX + mm(6), boxTop - mm(6) - rSize, { stack: 'body', size: rSize, leading });
}

/**
 * A6 postcard (148 × 105 mm, landscape), both sides, drawn in card coordinates so the same code draws a
 * single card and a card on a 4-up sheet. Address side, as on Russian postcards: message on the left,
 * sender (Latin) top right, recipient block bottom right. Picture side: blank for drawing by hand, or the
 * kiosk's image fitted inside without stretching.
 */
import { VolyaDocument, type PageWriter } from './document.js';
import { cleanLines, drawLines, fitSize } from './draw-text.js';
import { wrapText } from './layout.js';
import { itemLabel } from './format.js';
import { containFit, embedImage, type CardImage, type EmbeddedImage } from './images.js';
import { sanitizeText } from './text-safety.js';
import type { Language, RenderResult } from './types.js';
import { mm } from './units.js';

export const CARD_W = mm(148);
export const CARD_H = mm(105);
export { MAX_POSTCARD_CHARS } from '../model/limits.js';

export interface PostcardSpec {
  language: Language;
  /** The message, paragraphs separated by blank lines. */
  message: string;
  recipientLines: string[];
  senderLines: string[];
  image?: CardImage;
  /** The person's number of this item («письмо № 4»), printed under the return address when given. */
  itemNumber?: number;
}

const PAD = mm(6);
const MESSAGE_W = CARD_W / 2 - PAD - mm(4);
const ADDRESS_X = CARD_W / 2 + mm(4);
const ADDRESS_W = CARD_W - ADDRESS_X - PAD;

const MESSAGE_H = CARD_H - 2 * PAD;
const LARGEST_SIZE = 15;
/** The handwriting face shrinks down to this size before a message counts as too long for the card. */
const SMALLEST_SIZE = 9;

interface MessageLayout {
  lines: string[];
  size: number;
  leading: number;
  /** Lines the message half holds at this size. */
  maxLines: number;
}

/** Message lines (blank lines between paragraphs) of sanitized text at the largest size (15 → 9 pt) that fits. */
function layoutMessage(text: string): MessageLayout {
  for (let size = LARGEST_SIZE; ; size -= 1) {
    const leading = size * 1.12;
    const lines = wrapText(text, MESSAGE_W, { stack: 'hand', size }).flatMap((p, i) => (i ? ['', ...p.lines] : p.lines));
    const maxLines = Math.floor(MESSAGE_H / leading);
    if (lines.length <= maxLines || size <= SMALLEST_SIZE) return { lines, size, leading, maxLines };
  }
}

export interface PostcardFit {
  fits: boolean;
  /** Lines the message takes at the size it would print in (the smallest size when it does not fit). */
  lines: number;
  /** Lines the card's message half holds at that size. */
  maxLines: number;
}

/**
 * Whether the message fits the card's message half, by the same layout the card is drawn with: the one check
 * behind the kiosk's hint and the refusal in renderPdfRequest, so a message is never cut on paper.
 */
export function postcardMessageFits(message: string): PostcardFit {
  const m = layoutMessage(sanitizeText(message).text);
  return { fits: m.lines.length <= m.maxLines, lines: m.lines.length, maxLines: m.maxLines };
}

/** Draws the address side into `page` in card coordinates (origin bottom left of the card). */
export function drawAddressSide(doc: VolyaDocument, page: PageWriter, spec: PostcardSpec): void {
  const msg = sanitizeText(spec.message);
  doc.report(msg.replaced);
  const m = layoutMessage(msg.text);
  // Callers check postcardMessageFits first; printing a card with its end cut off must fail loudly instead.
  if (m.lines.length > m.maxLines) throw new RangeError(`Postcard message needs ${m.lines.length} lines, ${m.maxLines} fit`);
  drawLines(page, m.lines, PAD, CARD_H - PAD - m.size * 0.9, { stack: 'hand', size: m.size, leading: m.leading });
  page.line(CARD_W / 2, PAD, CARD_W / 2, CARD_H - PAD, 0.5, 0.55);

  const sender = cleanLines(doc, spec.senderLines);
  const senderSize = fitSize(sender, 'body', 7, ADDRESS_W);
  drawLines(page, sender, ADDRESS_X, CARD_H - PAD - senderSize, { stack: 'body', size: senderSize, leading: senderSize * 1.2, gray: 0.2 });
  if (spec.itemNumber) {
    const label = itemLabel(spec.itemNumber, spec.language);
    const y = CARD_H - PAD - senderSize - sender.length * senderSize * 1.2 - mm(3);
    drawLines(page, [label], ADDRESS_X + ADDRESS_W, y, { stack: 'body', size: 8, leading: 10, align: 'right' });
  }

  const recipient = cleanLines(doc, spec.recipientLines);
  const size = fitSize(recipient, 'body', 9.5, ADDRESS_W);
  const leading = size * 1.25;
  // Bottom-aligned over writing lines, the way Russian postcards print the «Кому / Куда» block.
  const firstBaseline = PAD + mm(1) + (recipient.length - 1) * leading;
  for (let i = 0; i < recipient.length; i++) {
    const y = firstBaseline - i * leading - size * 0.3;
    page.line(ADDRESS_X, y, ADDRESS_X + ADDRESS_W, y, 0.3, 0.7);
  }
  drawLines(page, recipient, ADDRESS_X, firstBaseline, { stack: 'body', size, leading });
}

/** Draws the picture side in card coordinates: the fitted image, or nothing (room to draw by hand). */
export function drawPictureSide(page: PageWriter, image: { img: EmbeddedImage } | undefined): void {
  if (!image) return;
  const box = containFit(image.img.width, image.img.height, PAD, PAD, CARD_W - 2 * PAD, CARD_H - 2 * PAD);
  page.image(image.img, box.x, box.y, box.w, box.h);
}

/** Adds one card as two A6 pages: picture side first, then the address side. */
export async function drawPostcard(doc: VolyaDocument, spec: PostcardSpec): Promise<void> {
  const img = spec.image ? { img: await embedImage(doc, spec.image) } : undefined;
  drawPictureSide(doc.addPage(CARD_W, CARD_H), img);
  drawAddressSide(doc, doc.addPage(CARD_W, CARD_H), spec);
}

/** Renders one postcard for A6 card stock. */
export async function renderPostcard(spec: PostcardSpec, date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Открытка', date });
  await drawPostcard(doc, spec);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

/**
 * Four postcards per sheet on A4 or US Letter, with crop marks, printed duplex with long-edge flip.
 *
 * Two A6 cards side by side are 296 mm — wider than either paper allows with printable margins — so cards
 * stand upright in a 2 × 2 grid on a portrait sheet, scaled to keep 10 mm margins (A4: 0.92, Letter: 0.89
 * of A6; kind 'postcard' prints true A6 on card stock). On the back the columns swap (long-edge flip mirrors
 * left and right) and the card turns the other way, so that after cutting, picture and address of one card
 * meet and both read upright when the card is turned over like a book page.
 */
import { VolyaDocument, type PageWriter } from './document.js';
import { embedImage } from './images.js';
import { CARD_H, CARD_W, drawAddressSide, drawPictureSide, type PostcardSpec } from './postcard.js';
import type { RenderResult } from './types.js';
import { mm, PAPER, type Paper } from './units.js';

const SHEET_MARGIN = mm(10);

export interface SheetCell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Grid geometry of the sheet: card scale and the cell of slot 0–3 on the front or the back. */
export function sheetGeometry(paper: Paper) {
  const [W, H] = PAPER[paper];
  const scale = Math.min(1, (W - 2 * SHEET_MARGIN) / (2 * CARD_H), (H - 2 * SHEET_MARGIN) / (2 * CARD_W));
  const cw = CARD_H * scale;
  const ch = CARD_W * scale;
  const x0 = (W - 2 * cw) / 2;
  const y0 = (H - 2 * ch) / 2;
  const cell = (slot: number, back: boolean): SheetCell => {
    const col = slot % 2;
    const row = 1 - Math.floor(slot / 2); // slot 0 is top left
    return { x: x0 + (back ? 1 - col : col) * cw, y: y0 + row * ch, w: cw, h: ch };
  };
  return { W, H, scale, cw, ch, x0, y0, cell };
}

function cropMarks(page: PageWriter, g: ReturnType<typeof sheetGeometry>): void {
  const gap = mm(1);
  const len = mm(5);
  for (const x of [g.x0, g.x0 + g.cw, g.x0 + 2 * g.cw]) {
    page.line(x, g.y0 - gap, x, g.y0 - gap - len, 0.3);
    page.line(x, g.y0 + 2 * g.ch + gap, x, g.y0 + 2 * g.ch + gap + len, 0.3);
  }
  for (const y of [g.y0, g.y0 + g.ch, g.y0 + 2 * g.ch]) {
    page.line(g.x0 - gap, y, g.x0 - gap - len, y, 0.3);
    page.line(g.x0 + 2 * g.cw + gap, y, g.x0 + 2 * g.cw + gap + len, y, 0.3);
  }
}

/** Adds sheets (front: pictures, back: addresses) for the cards to an open document. */
export async function drawPostcardSheets(doc: VolyaDocument, cards: PostcardSpec[], paper: Paper): Promise<void> {
  const g = sheetGeometry(paper);
  for (let start = 0; start < cards.length; start += 4) {
    const batch = cards.slice(start, start + 4);
    const front = doc.addPage(g.W, g.H);
    const back = doc.addPage(g.W, g.H);
    cropMarks(front, g);
    cropMarks(back, g);
    for (const [slot, card] of batch.entries()) {
      const f = g.cell(slot, false);
      const img = card.image ? { img: await embedImage(doc, card.image) } : undefined;
      // Front: card top towards the sheet's left edge. Back: towards the right edge (see file comment).
      front.transformed(f.x + f.w, f.y, 1, g.scale, () => drawPictureSide(front, img));
      const b = g.cell(slot, true);
      back.transformed(b.x, b.y + b.h, 3, g.scale, () => drawAddressSide(doc, back, card));
    }
  }
}

/** Renders cards four to a sheet for duplex printing (long-edge flip). */
export async function renderPostcardSheet(cards: PostcardSpec[], paper: Paper, date: Date): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Открытки', date });
  await drawPostcardSheets(doc, cards, paper);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

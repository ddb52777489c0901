import { describe, expect, it } from 'vitest';
import { ENVELOPES, renderEnvelopes } from '../../server/pdf/envelope.js';
import { LABEL_SHEETS, labelBox, renderLabels } from '../../server/pdf/labels.js';
import { CARD_W, renderPostcard, type PostcardSpec } from '../../server/pdf/postcard.js';
import { renderPostcardSheet } from '../../server/pdf/postcard-sheet.js';
import { containFit } from '../../server/pdf/images.js';
import { DATE, RECIPIENT, SENDER } from './fixtures.js';
import { MM, readPdf } from './read-pdf.js';

// 2 × 1 pixel PNG: a wide picture, to see that it is fitted, not stretched.
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/gL+5eIzGQAAAABJRU5ErkJggg==', 'base64'));
const card = (n: number): PostcardSpec => ({
  language: 'ru',
  message: `Открытка ${n}. Дорогой Дмитрий! С Новым годом! Мы о тебе помним.`,
  recipientLines: RECIPIENT,
  senderLines: SENDER,
  image: n % 2 ? { type: 'png', bytes: PNG } : undefined,
});

describe('postcard', () => {
  it('is A6 with the picture side first and the address block in order on the address side', async () => {
    const r = await renderPostcard(card(1), DATE);
    expect(r.pages).toBe(2);
    const [picture, address] = await readPdf(r.bytes);
    expect([picture!.width, picture!.height].map((v) => Math.round(v / MM))).toEqual([148, 105]);
    expect(picture!.items).toEqual([]);
    const recipientLines = address!.lines.filter((l) => RECIPIENT.includes(l));
    expect(recipientLines).toEqual(RECIPIENT);
    // Recipient on the right half, in the lower part; RUSSIA last.
    const russia = address!.items.find((i) => i.str === 'RUSSIA')!;
    expect(russia.x).toBeGreaterThan(CARD_W / 2);
    expect(Math.min(...address!.items.filter((i) => i.x > CARD_W / 2).map((i) => i.y))).toBe(russia.y);
  });

  it('fits a picture inside its box without stretching', () => {
    const box = containFit(200, 100, 0, 0, 300, 300);
    expect(box).toEqual({ x: 0, y: 75, w: 300, h: 150 });
  });
});

describe('postcard sheet', () => {
  it('puts four cards on a sheet, with each back mirrored for a long-edge flip', async () => {
    const r = await renderPostcardSheet([1, 2, 3, 4, 5].map(card), 'a4', DATE);
    expect(r.pages).toBe(4); // two sheets, front and back
    const pages = await readPdf(r.bytes);
    // Independent of the layout code: four A6 cards fill an A4 sheet as a 2 × 2 grid, slot 0 top left, slot 1 top
    // right. Flipped on the long edge, a card's back is in the other column of the same row.
    const back = pages[1]!;
    const halfW = back.width / 2;
    const halfH = back.height / 2;
    for (let slot = 0; slot < 4; slot++) {
      const item = back.items.find((i) => i.str.includes(`Открытка ${slot + 1}`))!;
      const frontColumn = slot % 2;
      const row = Math.floor(slot / 2);
      const backColumn = 1 - frontColumn;
      expect(item.x).toBeGreaterThan(backColumn * halfW);
      expect(item.x).toBeLessThan((backColumn + 1) * halfW);
      expect(item.y).toBeGreaterThan((1 - row) * halfH);
      expect(item.y).toBeLessThan((2 - row) * halfH);
      expect(item.turns).toBe(3); // back text turns the other way from the front
    }
    for (const p of pages) for (const i of p.items) {
      expect(i.x).toBeGreaterThan(0);
      expect(i.x).toBeLessThan(p.width);
    }
  });
});

describe('envelopes', () => {
  it.each(Object.keys(ENVELOPES) as (keyof typeof ENVELOPES)[])('%s: sender top left, recipient bottom right, RUSSIA last', async (size) => {
    const r = await renderEnvelopes([{ size, offset: { xMm: 0, yMm: 0 }, recipientLines: RECIPIENT, senderLines: SENDER }], DATE);
    const [page] = await readPdf(r.bytes);
    expect([page!.width / MM, page!.height / MM].map(Math.round)).toEqual(ENVELOPES[size].map(Math.round));
    const lines = page!.lines;
    expect(lines.at(-1)).toBe('RUSSIA');
    const first = page!.items.find((i) => i.str.startsWith(SENDER[0]!))!;
    expect(first.x).toBeLessThan(page!.width / 3);
    expect(first.y).toBeGreaterThan(page!.height * 0.7);
    const name = page!.items.find((i) => i.str.startsWith('Пчелинцеву'))!;
    expect(name.x).toBeGreaterThan(page!.width * 0.4);
    expect(name.y).toBeLessThan(page!.height * 0.6);
    for (const i of page!.items) expect(i.x + i.width).toBeLessThanOrEqual(page!.width - 10 * MM);
  });

  it('moves everything by the printer offset (x right, y up)', async () => {
    const at = async (xMm: number, yMm: number) => {
      const r = await renderEnvelopes([{ size: 'DL', offset: { xMm, yMm }, recipientLines: RECIPIENT, senderLines: SENDER }], DATE);
      return (await readPdf(r.bytes))[0]!.items.find((i) => i.str === 'RUSSIA')!;
    };
    const a = await at(0, 0);
    const b = await at(3, 2);
    expect(b.x - a.x).toBeCloseTo(3 * MM, 1);
    expect(b.y - a.y).toBeCloseTo(2 * MM, 1);
  });
});

describe('labels', () => {
  it.each(['L7160', '5160'] as const)('%s: one label per person, each block inside its label', async (sheet) => {
    const s = LABEL_SHEETS[sheet];
    const count = s.cols * s.rows + 2;
    const r = await renderLabels(Array.from({ length: count }, () => RECIPIENT), sheet, DATE);
    expect(r.pages).toBe(2);
    const pages = await readPdf(r.bytes);
    const russia = pages.flatMap((p) => p.items.filter((i) => i.str === 'RUSSIA'));
    expect(russia).toHaveLength(count);
    pages[0]!.items.forEach((i) => {
      const inside = Array.from({ length: s.cols * s.rows }, (_, n) => labelBox(sheet, n)).some(
        (b) => i.x >= b.x && i.x + i.width <= b.x + b.w && i.y >= b.y && i.y + i.height <= b.y + b.h,
      );
      expect(inside, i.str).toBe(true);
    });
  });
});


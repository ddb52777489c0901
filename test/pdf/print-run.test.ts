import { beforeAll, describe, expect, it } from 'vitest';
import { buildRun, type BuiltRun, type RunEntry, type RunPerson } from '../../server/pdf/print-run.js';
import { combinePdfs } from '../../server/pdf/combine.js';
import { ENVELOPES } from '../../server/pdf/envelope.js';
import { mm } from '../../server/pdf/units.js';
import { readPdf, type ReadPage } from './pdf-read.js';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, type PDFDict, type PDFRef } from 'pdf-lib';

const person = (id: number, surname: string): RunPerson => ({
  id,
  nameRu: `${surname} Иван Петрович`,
  latinName: `Ivan ${id}`,
  recipientLine: `${surname}у Ивану Петровичу, 1990 г.р.`,
  recipientLines: [`${surname}у Ивану Петровичу, 1990 г.р.`, 'ФКУ СИЗО-1 УФСИН России', 'ул. Ленина, 1', 'г. Пенза', '440000', 'RUSSIA'],
});

const paragraph = 'Мы пишем тебе из Канады, где сейчас идёт снег и все сидят дома с книгами и чаем. ';
const entries: RunEntry[] = [
  { itemId: 11, kind: 'letter', person: person(1, 'Петров'), language: 'ru', text: 'ПИСЬМО-А. Дорогой друг! Мы о тебе помним.', senderLines: ['Sam', 'c/o Collective'] },
  { itemId: 12, kind: 'letter', person: person(2, 'Сидоров'), language: 'ru', text: `ПИСЬМО-Б.\n\n${Array.from({ length: 40 }, () => paragraph.repeat(3)).join('\n\n')}`, senderLines: ['Collective'] },
  ...[1, 2, 3, 4, 5].map((n) => ({ itemId: 20 + n, kind: 'postcard' as const, person: person(2 + n, 'Кузнецов'), language: 'ru' as const, text: `ОТКРЫТКА-${n}`, senderLines: ['Collective'] })),
];

const near = (a: number, b: number) => Math.abs(a - b) < 0.6;

describe('combined run PDF, read back with pdfjs-dist', () => {
  let built: BuiltRun;
  let pages: ReadPage[];
  const textOf = (n: number) => pages[n - 1]!.texts.map((t) => t.str).join(' ');
  const find = (n: number, str: string) => pages[n - 1]!.texts.find((t) => t.str.includes(str));

  beforeAll(async () => {
    built = await buildRun(entries, {
      runId: 7, paper: 'letter', addressing: 'envelope', envelopeSize: 'US10', envelopeOffset: { xMm: 0, yMm: 0 },
      collectiveLines: ['Collective', 'Toronto'], heldCount: 1, date: new Date('2026-11-20T12:00:00Z'),
    });
    pages = await readPdf(await combinePdfs(built.parts, new Date('2026-11-20T12:00:00Z')));
  });

  it('puts the cover and manifest first, padded to a full sheet', () => {
    expect(textOf(1)).toContain('Print run 7');
    expect(textOf(1)).toContain('2 letters, 5 postcards on 2 sheets, 2 envelopes (US10)');
    expect(textOf(1)).toContain('1 item(s) are held back');
    expect(textOf(1)).toMatch(/Петров Иван Петрович \(Ivan 1\)\s+1\s+0/);
    expect(textOf(2)).toBe('');
    expect(built.manifest.map((r) => [r.prisonerId, r.letters, r.postcards])).toEqual([[1, 1, 0], [2, 1, 0], [3, 0, 1], [4, 0, 1], [5, 0, 1], [6, 0, 1], [7, 0, 1]]);
  });

  it('starts every letter on the front of a new sheet, with blank backs as padding', () => {
    const [a, b] = built.placed.filter((p) => p.kind === 'letter');
    expect(a).toMatchObject({ itemId: 11, firstPage: 3, pages: 1 });
    expect(textOf(3)).toContain('ПИСЬМО-А');
    expect(textOf(4)).toBe('');
    expect(b!.firstPage).toBe(5);
    expect(b!.pages).toBeGreaterThan(1);
    expect(textOf(5)).toContain('ПИСЬМО-Б');
    expect(textOf(5)).toContain(`стр. 1 из ${b!.pages}`);
    const afterB = b!.firstPage + b!.pages;
    // Whatever its length, the next part starts on an odd page (a sheet's front).
    expect(afterB % 2 === 1 ? afterB : afterB + 1).toBe(built.placed.find((p) => p.kind === 'postcard')!.firstPage);
    for (let n = 1; n <= afterB; n++) expect(pages[n - 1]).toMatchObject({ width: 612, height: 792 });
  });

  it('imposes postcards 4-up with crop marks and backs aligned for long-edge duplex', () => {
    const first = built.placed.find((p) => p.kind === 'postcard')!.firstPage;
    const W = 612;
    const H = 792;
    // Two sheets for five cards: front, back, front, back.
    expect(pages.length).toBe(first + 3 + 2);
    const cuts = (n: number) => {
      const marks = pages[n - 1]!.lines;
      const xs = [...new Set(marks.filter((l) => near(l.x1, l.x2)).map((l) => Math.round(l.x1)))].sort((p, q) => p - q);
      const ys = [...new Set(marks.filter((l) => near(l.y1, l.y2)).map((l) => Math.round(l.y1)))].sort((p, q) => p - q);
      return { marks, xs, ys };
    };
    const { xs, ys } = cuts(first);
    for (const n of [first, first + 1, first + 2, first + 3]) {
      const c = cuts(n);
      // Three cut lines each way, a mark at both ends of each: the same grid on every side of every sheet.
      expect(c.marks).toHaveLength(12);
      expect(c.xs).toEqual(xs);
      expect(c.ys).toEqual(ys);
      // Marks stay outside the cards: above the top row or below the bottom one.
      for (const l of c.marks.filter((m) => near(m.x1, m.x2))) expect(Math.min(l.y1, l.y2) >= ys[2]! - 1 || Math.max(l.y1, l.y2) <= ys[0]! + 1).toBe(true);
    }
    // A 2 × 2 grid of equal cells, centred on the sheet, each with the A6 proportions (105 × 148 mm, upright).
    expect(xs).toHaveLength(3);
    expect(ys).toHaveLength(3);
    expect(Math.abs(xs[1]! - xs[0]! - (xs[2]! - xs[1]!))).toBeLessThanOrEqual(1);
    expect(Math.abs(ys[1]! - ys[0]! - (ys[2]! - ys[1]!))).toBeLessThanOrEqual(1);
    expect(Math.abs(xs[0]! + xs[2]! - W)).toBeLessThanOrEqual(1);
    expect(Math.abs(ys[0]! + ys[2]! - H)).toBeLessThanOrEqual(1);
    expect((xs[1]! - xs[0]!) / (ys[1]! - ys[0]!)).toBeCloseTo(105 / 148, 2);
    // On US Letter the cards are scaled to fit with room for the marks, never cut by the paper's edge.
    expect(xs[0]!).toBeGreaterThan(mm(5));
    expect(ys[0]!).toBeGreaterThan(mm(5));
    // Backs: card 1 sits top left on the front, so its address is top right on the back (columns swap).
    const back = first + 1;
    const quadrant = (n: number, str: string) => {
      const t = find(n, str)!;
      expect(t, str).toBeDefined();
      return `${t.y > H / 2 ? 'top' : 'bottom'}-${t.x > W / 2 ? 'right' : 'left'}`;
    };
    expect(['ОТКРЫТКА-1', 'ОТКРЫТКА-2', 'ОТКРЫТКА-3', 'ОТКРЫТКА-4'].map((s) => quadrant(back, s))).toEqual(['top-right', 'top-left', 'bottom-right', 'bottom-left']);
    expect(quadrant(first + 3, 'ОТКРЫТКА-5')).toBe('top-right');
    expect(textOf(first)).toBe(''); // fronts are picture sides: nothing written
    // Each card's address block is on the back of the same cell, within the card.
    const addr = find(back, 'Кузнецову Ивану')!;
    expect(addr.x).toBeGreaterThan(xs[1]!);
    expect(addr.x).toBeLessThan(xs[2]!);
  });

  it('ends with one envelope per letter at envelope size, in letter order', () => {
    const env = pages.slice(-2);
    for (const p of env) {
      expect(near(p.width, mm(ENVELOPES.US10[0]))).toBe(true);
      expect(near(p.height, mm(ENVELOPES.US10[1]))).toBe(true);
    }
    expect(env.map((p) => p.texts.map((t) => t.str).join(' '))).toEqual([expect.stringContaining('Петрову Ивану'), expect.stringContaining('Сидорову Ивану')]);
    expect(built.parts.map((p) => [p.section, p.duplex, p.media])).toEqual([['sheets', true, 'Letter'], ['envelopes', false, 'Env10']]);
  });

  it('prints labels instead of envelopes on request, on the run paper', async () => {
    const labels = await buildRun(entries.slice(0, 2), {
      runId: 8, paper: 'a4', addressing: 'labels', envelopeSize: 'DL', envelopeOffset: { xMm: 0, yMm: 0 },
      collectiveLines: ['Collective'], heldCount: 0, date: new Date('2026-11-20T12:00:00Z'),
    });
    const part = labels.parts[1]!;
    expect([part.section, part.pages, part.media, part.duplex]).toEqual(['labels', 1, 'A4', false]);
    const [sheet] = await readPdf(part.bytes);
    expect(sheet!.texts.map((t) => t.str).join(' ')).toMatch(/Петрову Ивану.*Сидорову Ивану/);
  });

  it('takes its entries one at a time, decoding each picture as it comes, and leaves out one that cannot be read', async () => {
    const [w, h] = [31, 19];
    const rows = Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.from([0, ...Array.from({ length: w }, (_, x) => [x * 8, y * 13, 90]).flat()])));
    const chunk = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
      return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const idat = deflateSync(rows);
    const file = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
    const asked: number[] = [];
    async function* oneAtATime(): AsyncGenerator<RunEntry> {
      for (const [i, image] of [`data:image/png;base64,${file.toString('base64')}`, 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB'].entries()) {
        asked.push(i);
        yield { itemId: 90 + i, kind: 'postcard', person: person(9 + i, 'Орлов'), language: 'ru', text: `КАРТИНКА-${i}`, senderLines: ['Collective'], image };
      }
    }
    const run = await buildRun(oneAtATime(), {
      runId: 9, paper: 'a4', addressing: 'envelope', envelopeSize: 'DL', envelopeOffset: { xMm: 0, yMm: 0 },
      collectiveLines: ['Collective'], heldCount: 0, date: new Date('2026-11-20T12:00:00Z'),
    });
    expect(asked).toEqual([0, 1]);
    expect(run.undrawable).toEqual([{ itemId: 91, reason: expect.stringContaining('has a picture that cannot be read') }]);
    expect(run.parts.map((p) => [p.section, p.itemIds])).toEqual([['sheets', [90]]]);
    // Cover sheet, then one card sheet: its front carries the picture's own compressed rows, undecoded.
    const doc = await PDFDocument.load(run.parts[0]!.bytes);
    expect(doc.getPageCount()).toBe(4);
    const xobjects = (doc.getPage(2).node.Resources()!.lookup(PDFName.of('XObject')) as PDFDict).entries();
    expect(xobjects).toHaveLength(1);
    const picture = doc.context.lookup(xobjects[0]![1] as PDFRef) as PDFRawStream;
    expect([picture.dict.get(PDFName.of('Width'))!.toString(), picture.dict.get(PDFName.of('Height'))!.toString()]).toEqual([String(w), String(h)]);
    expect(Buffer.from(picture.contents).equals(idat)).toBe(true);
    expect((await readPdf(run.parts[0]!.bytes))[3]!.texts.map((t) => t.str).join(' ')).toContain('КАРТИНКА-0');
  });
});

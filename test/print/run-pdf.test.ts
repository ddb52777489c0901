import { beforeAll, describe, expect, it } from 'vitest';
import { buildRun, combineRun, type BuiltRun, type RunEntry, type RunPerson } from '../../server/domain/print-run.js';
import { sheetGeometry } from '../../server/pdf/postcard-sheet.js';
import { ENVELOPES } from '../../server/pdf/envelope.js';
import { mm } from '../../server/pdf/units.js';
import { readPdf, type ReadPage } from './pdf-read.js';

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
    pages = await readPdf(await combineRun(built.parts, new Date('2026-11-20T12:00:00Z')));
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
    const g = sheetGeometry('letter');
    const W = 612;
    const H = 792;
    // Two sheets for five cards: front, back, front, back.
    expect(pages.length).toBe(first + 3 + 2);
    for (const n of [first, first + 1, first + 2, first + 3]) {
      const marks = pages[n - 1]!.lines;
      // Three cut lines each way, a mark at both ends of each, all outside the cards.
      expect(marks).toHaveLength(12);
      const vertical = marks.filter((l) => near(l.x1, l.x2));
      const horizontal = marks.filter((l) => near(l.y1, l.y2));
      expect([...new Set(vertical.map((l) => Math.round(l.x1)))].sort((p, q) => p - q)).toEqual([g.x0, g.x0 + g.cw, g.x0 + 2 * g.cw].map(Math.round));
      expect([...new Set(horizontal.map((l) => Math.round(l.y1)))].sort((p, q) => p - q)).toEqual([g.y0, g.y0 + g.ch, g.y0 + 2 * g.ch].map(Math.round));
      for (const l of vertical) expect(Math.min(l.y1, l.y2) >= g.y0 + 2 * g.ch || Math.max(l.y1, l.y2) <= g.y0).toBe(true);
    }
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
    expect(addr.x).toBeGreaterThan(g.x0 + g.cw);
    expect(addr.x).toBeLessThan(g.x0 + 2 * g.cw);
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
});

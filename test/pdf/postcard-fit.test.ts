import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfRequest } from '../../server/model/schemas.js';
import { inlineRenderer } from '../../server/render/render-pool.js';
import { pdfFor } from '../../server/services/letters.js';
import { compileAvoidTopics, findHints } from '../../server/domain/hints.js';
import { CARD_W, postcardMessageFits, renderPostcard } from '../../server/pdf/postcard.js';
import { makeTestApp, type TestApp } from '../helpers.js';
import { DATE, RECIPIENT, SENDER } from './fixtures.js';
import { readPdf, type PageText } from './read-pdf.js';

let t: TestApp;
let personId: number;

beforeAll(async () => {
  t = await makeTestApp();
  personId = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners[0].id;
});
afterAll(() => t.close());

const MESSAGES = { latin: 'latin', notRussian: 'notRussian', length: '{count} of {limit}', lines: '{lines} of {fit}', unprintable: 'unprintable' };
const lengthHint = (text: string) =>
  findHints(text, 'postcard', 'en', { topics: compileAvoidTopics([]), messages: { en: MESSAGES, ru: MESSAGES }, postcardLimit: 600 }).find((h) => h.type === 'length');

/** The message half of an address side, top to bottom, with hyphenated line ends joined. */
function messageText(page: PageText): string {
  const byLine = new Map<number, { x: number; str: string }[]>();
  for (const it of page.items.filter((i) => i.x < CARD_W / 2)) byLine.set(Math.round(it.y), [...(byLine.get(Math.round(it.y)) ?? []), it]);
  const lines = [...byLine.entries()].sort((a, b) => b[0] - a[0]).map(([, its]) => its.sort((a, b) => a.x - b.x).map((i) => i.str).join(''));
  return lines.join('\n').replace(/-\n/gu, '').replace(/\s+/gu, ' ').trim();
}

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `Мы о тебе помним, ${i + 1}.`).join('\n\n');
const forcedLines = (n: number) => Array.from({ length: n }, (_, i) => `Держись ${i + 1}!`).join('\n');

/** The smallest n for which make(n) no longer fits. */
function firstOverflow(make: (n: number) => string): number {
  let n = 1;
  while (postcardMessageFits(make(n)).fits) n++;
  return n;
}

describe('postcard message fit', () => {
  it('prints a message that just fits whole: every word extracts back', async () => {
    for (const make of [paragraphs, forcedLines]) {
      const message = make(firstOverflow(make) - 1);
      const r = await renderPostcard({ language: 'ru', message, recipientLines: RECIPIENT, senderLines: SENDER }, DATE);
      const [, address] = await readPdf(r.bytes);
      const printed = messageText(address!);
      for (const word of message.split(/\s+/u)) expect(printed).toContain(word);
      expect(printed.split(' ')).toHaveLength(message.split(/\s+/u).length);
    }
  });

  it('the hint and the renderer agree at the boundary; the renderer refuses to cut, never prints short', async () => {
    for (const make of [paragraphs, forcedLines, (n: number) => `${forcedLines(n)} 🙂`]) {
      const n = firstOverflow(make);
      const fit = postcardMessageFits(make(n));
      expect(fit.lines).toBeGreaterThan(fit.maxLines);
      expect(fit.maxLines).toBe(26);
      expect(lengthHint(make(n - 1))).toBeUndefined();
      expect(lengthHint(make(n))?.message).toBe(`${fit.lines} of ${fit.maxLines}`);
      await expect(renderPostcard({ language: 'ru', message: make(n), recipientLines: RECIPIENT, senderLines: SENDER }, DATE)).rejects.toThrow(RangeError);
    }
  });

  it('POST /api/pdf and /api/pdf/report refuse a postcard that does not fit with 422 naming text, for a card and a sheet', async () => {
    const text = forcedLines(firstOverflow(forcedLines));
    const { lines, maxLines } = postcardMessageFits(text);
    expect(text.length).toBeLessThan(600);
    for (const url of ['/api/pdf', '/api/pdf/report']) {
      for (const kind of ['postcard', 'postcard-sheet']) {
        const res = await t.app.inject({ method: 'POST', url, payload: { kind, prisonerId: personId, text } });
        expect(res.statusCode, `${url} ${kind}`).toBe(422);
        expect(res.json()).toMatchObject({ field: 'text', message: `text: the message is too long for a postcard: ${lines} lines, ${maxLines} fit` });
      }
    }
    const ok = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'postcard', prisonerId: personId, text: forcedLines(firstOverflow(forcedLines) - 1) } });
    expect(ok.statusCode).toBe(200);
  });

  it('counts the character limit the way the kiosk counts: code points of the trimmed text, so 600 emoji are 600', async () => {
    const emoji = '🙂'.repeat(600);
    expect(lengthHint(emoji)).toBeUndefined();
    const card = await t.app.inject({ method: 'POST', url: '/api/pdf/report', payload: { kind: 'postcard', prisonerId: personId, text: emoji } });
    expect(card.statusCode).toBe(200);
    expect(card.json().replaced).toMatchObject([{ codePoint: 'U+1F642', count: 600, replacement: '?' }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/pdf/report', payload: { kind: 'letter', prisonerId: personId, text: `  ${'ж'.repeat(20_000)}\n` } });
    expect(res.statusCode).toBe(200);
    const over = await t.app.inject({ method: 'POST', url: '/api/pdf/report', payload: { kind: 'letter', prisonerId: personId, text: '🙂'.repeat(20_001) } });
    expect(over.json()).toMatchObject({ field: 'text', message: 'text: the text is 20001 characters; the limit is 20000' });
  });

  it('the letters service refuses it on the path the CLI and the print routes take too', async () => {
    const req: PdfRequest = { kind: 'postcard', prisonerId: personId, text: paragraphs(firstOverflow(paragraphs)) };
    const render = (r: PdfRequest) => pdfFor(t.database.db, inlineRenderer, r, { scope: 'organizer', today: DATE }).then((x) => x.result);
    await expect(render(req)).rejects.toMatchObject({ kind: 'unprocessable', field: 'text', message: expect.stringMatching(/^text: the message is too long for a postcard: \d+ lines, 26 fit$/u) });
    const fits = await render({ ...req, text: paragraphs(firstOverflow(paragraphs) - 1) });
    expect(fits.pages).toBe(2);
  });
});

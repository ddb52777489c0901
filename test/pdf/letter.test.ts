import { describe, expect, it } from 'vitest';
import { renderLetter, type LetterSpec } from '../../server/pdf/letter.js';
import { PAPER } from '../../server/pdf/units.js';
import { DATE, longText, PARAGRAPH, RECIPIENT_LINE, SENDER } from './fixtures.js';
import { MM, readPdf, type PageText } from './read-pdf.js';

const base: LetterSpec = { paper: 'letter', language: 'ru', text: `Дорогой Дмитрий!\n\n${PARAGRAPH}\n\nТвоя Анна`, recipientLine: RECIPIENT_LINE, senderLines: SENDER, date: DATE };

/** Every text item lies on the page and at least 12 mm from each edge. */
function expectInsideMargins(page: PageText): void {
  for (const it of page.items) {
    expect(it.x, it.str).toBeGreaterThanOrEqual(12 * MM - 0.01);
    expect(it.x + it.width, it.str).toBeLessThanOrEqual(page.width - 12 * MM + 0.01);
    expect(it.y - 0.25 * it.height, it.str).toBeGreaterThanOrEqual(12 * MM);
    expect(it.y + it.height, it.str).toBeLessThanOrEqual(page.height - 12 * MM);
  }
}

describe('renderLetter', () => {
  it.each(['letter', 'a4'] as const)('lays out a one-page letter on %s paper inside 12 mm margins', async (paper) => {
    const r = await renderLetter({ ...base, paper });
    expect(r.pages).toBe(1);
    expect(r.replaced).toEqual([]);
    const [page] = await readPdf(r.bytes);
    expect([page!.width, page!.height].map(Math.round)).toEqual(PAPER[paper].map(Math.round));
    expectInsideMargins(page!);
    const text = page!.lines.join('\n');
    expect(text).toContain('Дорогой Дмитрий!');
    expect(text).toContain('26 ноября 2026 г.');
    expect(text).toContain('Montreal QC H2X 1Y2');
    expect(page!.lines.at(-1)).toBe(`${RECIPIENT_LINE} стр. 1 из 1`);
    // Every word of the body comes back (hyphenated line ends joined).
    const body = text.replace(/-\n/gu, '').replace(/\n/gu, ' ');
    for (const word of PARAGRAPH.split(' ')) expect(body).toContain(word);
  });

  it('paginates a 30-page letter with the name and «стр. N из M» on every page', async () => {
    const r = await renderLetter({ ...base, text: longText(30) });
    expect(r.pages).toBeGreaterThanOrEqual(30);
    expect(r.pages).toBeLessThanOrEqual(34);
    const pages = await readPdf(r.bytes);
    expect(pages).toHaveLength(r.pages);
    pages.forEach((p, i) => {
      expect(p.lines.at(-1)).toBe(`${RECIPIENT_LINE} стр. ${i + 1} из ${r.pages}`);
      expectInsideMargins(p);
    });
  }, 20_000);

  it('reports 🙂 and 你好 as replaced, prints "?" instead, and never a silent box', async () => {
    const r = await renderLetter({ ...base, text: 'Привет 🙂 и 你好! Сердце ♥ печатается шрифтом DejaVu.' });
    expect(r.replaced).toEqual([
      { char: '🙂', codePoint: 'U+1F642', count: 1, replacement: '?' },
      { char: '你', codePoint: 'U+4F60', count: 1, replacement: '?' },
      { char: '好', codePoint: 'U+597D', count: 1, replacement: '?' },
    ]);
    const [page] = await readPdf(r.bytes);
    const text = page!.lines.join('\n');
    expect(text).toContain('Привет ? и ??!');
    expect(text).toContain('Сердце ♥ печатается');
  });

  it('gives identical bytes for identical input', async () => {
    const a = await renderLetter(base);
    const b = await renderLetter(base);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).toString('latin1')).toContain('/CreationDate (D:20261126120000Z');
  });

  it('puts the English copy on its own sheet, after a blank back, never on a Russian page', async () => {
    const r = await renderLetter({ ...base, englishText: 'Dear Dmitry! Hello! My name is Anna.' });
    expect(r.pages).toBe(3);
    const pages = await readPdf(r.bytes);
    expect(pages[0]!.lines.join(' ')).not.toContain('Dear Dmitry');
    expect(pages[1]!.items).toEqual([]);
    expect(pages[2]!.lines.join(' ')).toContain('Dear Dmitry! Hello! My name is Anna.');
    expect(pages[2]!.lines.at(-1)).toContain('not for posting');
  });

  it('breaks a URL longer than a line without losing characters', async () => {
    const url = `https://example.org/${'very-long-path/'.repeat(12)}end`;
    const r = await renderLetter({ ...base, text: `Ссылка: ${url}` });
    const [page] = await readPdf(r.bytes);
    expectInsideMargins(page!);
    expect(page!.lines.join('')).toContain(url);
  });

  it('reads back every glyph code, including the ones escaped inside PDF strings', async () => {
    // 200+ glyphs: subset ids 10, 13, 40, 41 and 92 (escaped bytes) are all in use.
    const words = ['АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '!"#$%&\'()*+,./:;<=>?@[\\]^_`{|}~', 'ЀЂЃЄЅІЇЈЉЊЋЌЍЎЏѐђѓєѕіїјљњћќѝўџ', '♥★✓→∞'];
    const r = await renderLetter({ ...base, text: words.join('\n') });
    const [page] = await readPdf(r.bytes);
    for (const w of words) expect(page!.lines).toContain(w);
  });

  it('handles soft hyphens, tabs, CRLF and zero-width characters in the body', async () => {
    const r = await renderLetter({ ...base, text: 'со\u00ADли\u00ADдар\u00ADность\tи\u200Bдружба\r\n\r\nвторой абзац' });
    expect(r.replaced).toEqual([]);
    const [page] = await readPdf(r.bytes);
    const text = page!.lines.join('\n');
    expect(text).toContain('солидарность идружба');
    expect(text).toContain('второй абзац');
  });
});

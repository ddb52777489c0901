import { describe, expect, it } from 'vitest';
import { textWidth } from '../../server/pdf/fonts.js';
import { wrapParagraph, wrapText } from '../../server/pdf/layout.js';
import { paginate } from '../../server/pdf/paginate.js';

const style = { stack: 'body', size: 12 } as const;

describe('wrapParagraph', () => {
  it('never exceeds the width and loses no letters (hyphens only at line ends)', () => {
    const text = 'Солидарность не знает границ, и заключённым важно получать письма от незнакомых людей из разных стран.';
    const lines = wrapParagraph(text, 150, style);
    for (const l of lines) expect(textWidth(l, 'body', 12)).toBeLessThanOrEqual(150);
    // A line ending in letter + hyphen is a hyphenation point: join without the hyphen, else with a space.
    const joined = lines.reduce((acc, l) => (/[а-яё]-$/u.test(acc) ? acc.slice(0, -1) + l : acc ? `${acc} ${l}` : l), '');
    expect(joined).toBe(text);
  });

  it('hyphenates Russian at syllable boundaries', () => {
    const lines = wrapParagraph('солидарность', textWidth('солидар-', 'body', 12) + 1, style);
    expect(lines).toEqual(['солидар-', 'ность']);
  });

  it('breaks a word longer than a line at the last character that fits, without a hyphen', () => {
    const url = 'https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const lines = wrapParagraph(url, 120, style);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(url);
    for (const l of lines) expect(textWidth(l, 'body', 12)).toBeLessThanOrEqual(120);
  });

  it('hard-breaks a run longer than any word to its end, never hyphenating its last stretch (a 20,000-letter run used to take 41 s)', () => {
    for (const run of ['ш'.repeat(5000), 'b'.repeat(5000), 'а-'.repeat(2500)]) {
      const lines = wrapParagraph(run, 120, style);
      expect(lines.join('')).toBe(run);
      for (const l of lines.slice(0, -1)) expect(textWidth(l, 'body', 12)).toBeLessThanOrEqual(120);
    }
    // A word of ordinary length is still hyphenated.
    expect(wrapParagraph('солидарность', textWidth('солидар-', 'body', 12) + 1, style)).toEqual(['солидар-', 'ность']);
  });

  it('keeps single newlines as line breaks and splits paragraphs at blank lines', () => {
    expect(wrapText('раз\nдва\n\n\nтри', 400, style)).toEqual([{ lines: ['раз', 'два'] }, { lines: ['три'] }]);
  });
});

describe('paginate', () => {
  const geo = { heights: [50, 50], leading: 10, paragraphGap: 0 };
  const para = (n: number, tag: string) => ({ lines: Array.from({ length: n }, (_, i) => `${tag}${i + 1}`) });

  it('moves a paragraph whose first line would be alone at the foot of a page (orphan)', () => {
    const pages = paginate([para(4, 'a'), para(3, 'b')], geo);
    expect(pages.map((p) => p.map((l) => l.text))).toEqual([['a1', 'a2', 'a3', 'a4'], ['b1', 'b2', 'b3']]);
  });

  it('carries a line over so the last line is not alone at the top of a page (widow)', () => {
    const pages = paginate([para(2, 'a'), para(4, 'b')], geo);
    expect(pages.map((p) => p.map((l) => l.text))).toEqual([['a1', 'a2', 'b1', 'b2'], ['b3', 'b4']]);
  });

  it('still fills pages with a paragraph longer than a page', () => {
    const pages = paginate([para(12, 'a')], geo);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { findUnprintable, sanitizeText } from '../../server/pdf/text-safety.js';

describe('sanitizeText', () => {
  it('passes plain Russian and English through untouched', () => {
    const t = 'Дорогой Дмитрий! «Ёлка» — №5. Hello, world?\nВторая строка';
    expect(sanitizeText(t)).toEqual({ text: t, replaced: [] });
  });

  it('normalizes to NFC: и + combining breve prints as й', () => {
    expect(sanitizeText('Дмитри\u0438\u0306').text).toBe('Дмитрий');
  });

  it('turns CRLF, CR, tabs and odd spaces into plain line breaks and spaces', () => {
    expect(sanitizeText('a\r\nb\rc\td\u2003e\u2029f').text).toBe('a\nb\nc d e\n\nf');
  });

  it('drops soft hyphens, zero-width characters, BOM, bidi marks and variation selectors silently', () => {
    expect(sanitizeText('со\u00ADли\u200Bда\u200Dр\uFEFFно\u200Eсть\uFE0F')).toEqual({ text: 'солидарность', replaced: [] });
  });

  it('removes control characters and reports them', () => {
    const r = sanitizeText('a\u0000b\u0007c\u0085');
    expect(r.text).toBe('abc');
    expect(r.replaced.map((x) => [x.codePoint, x.replacement])).toEqual([
      ['U+0000', ''],
      ['U+0007', ''],
      ['U+0085', ''],
    ]);
  });

  it('replaces emoji, CJK and lone surrogates with "?" and counts them', () => {
    const r = sanitizeText('🙂 你好 🙂 \uD800x');
    expect(r.text).toBe('? ?? ? ?x');
    expect(r.replaced).toEqual([
      { char: '🙂', codePoint: 'U+1F642', count: 2, replacement: '?' },
      { char: '你', codePoint: 'U+4F60', count: 1, replacement: '?' },
      { char: '好', codePoint: 'U+597D', count: 1, replacement: '?' },
      { char: '\uD800', codePoint: 'U+D800', count: 1, replacement: '?' },
    ]);
  });

  it('keeps symbols a fallback font has (DejaVu Sans for ♥ ★ ✓ → and Greek)', () => {
    expect(findUnprintable('♥ ★ ✓ → Ωμέγα')).toEqual([]);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceFor } from '../../server/pdf/fonts.js';
import { CARD_W } from '../../server/pdf/postcard.js';
import { makeTestApp, type TestApp } from '../helpers.js';
import { readPdf, type PageText } from '../pdf/read-pdf.js';

// A code point (or a lone surrogate, as one UTF-16 unit) from every kind of text a kiosk may receive.
const unit = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }), // ASCII
    fc.integer({ min: 0x400, max: 0x4ff }), // Cyrillic
    fc.integer({ min: 0x590, max: 0x6ff }), // Hebrew, Arabic (RTL)
    fc.integer({ min: 0x300, max: 0x36f }), // combining marks
    fc.integer({ min: 0, max: 0x9f }), // C0 and C1 controls
    fc.integer({ min: 0x1f300, max: 0x1faff }), // emoji
    fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK
    fc.integer({ min: 0xd800, max: 0xdfff }), // lone surrogates
    fc.integer({ min: 0, max: 0x10ffff }), // anything, every plane
    fc.constantFrom(0x0a, 0x0d, 0x09, 0x20, 0xa0, 0xad, 0x200b, 0x200d, 0x2028, 0x2029, 0x202e, 0x2066, 0xfeff, 0xfe0f, 0xfffd, 0xffff),
  )
  .map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)));
const wildText = (maxLength: number) => fc.array(unit, { maxLength }).map((a) => a.join(''));
const junk = fc.oneof(wildText(20), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
/** Mostly a value of the right shape, sometimes anything at all. */
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });

// Printable: Cyrillic, Latin, digits and punctuation, words separated by spaces and line breaks.
const LETTERS = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PUNCTUATION = '.,!?;:-—–«»()"\'№%…';
const word = fc.array(fc.constantFrom(...LETTERS, ...LETTERS, ...PUNCTUATION), { minLength: 1, maxLength: 14 }).map((a) => a.join(''));
const printableText = fc
  .array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', ' ', '\n', '\n\n')), { minLength: 1, maxLength: 60 })
  .map((ws) => ws.map(([w, sep]) => w + sep).join('').trim())
  .filter((s) => /[\p{L}\p{N}]/u.test(s));

// Characters no bundled font has, and controls: each must be reported, never printed as a silent box.
const unprintable = fc.constantFrom('🙂', '🏳️‍🌈', '你', '好', '\u{1F9E1}', '\u{E000}', '\u{10FFFD}', '\uD800', '\uDFFF', '\u0007', '\u001B', '\u0085');

// A 1 × 1 PNG, corrupted in place at random, and images with valid signatures but nonsense inside.
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const imageBytes = fc.oneof(
  fc.constant(new Uint8Array(PNG_1PX)),
  fc.constant(new Uint8Array(PNG_1PX)),
  fc.array(fc.tuple(fc.nat({ max: PNG_1PX.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }).map((flips) => {
    const b = new Uint8Array(PNG_1PX);
    for (const [i, v] of flips) b[i] = v;
    return b;
  }),
  bytes(64).map((b) => new Uint8Array([...PNG_SIG, ...b])),
  bytes(64).map((b) => new Uint8Array([0xff, 0xd8, 0xff, ...b])),
  bytes(64),
);
const dataUrl = (type: string, b: Uint8Array) => `data:image/${type};base64,${Buffer.from(b).toString('base64')}`;
const image = fc.oneof(
  { weight: 4, arbitrary: imageBytes.map((b) => dataUrl(b[0] === 0xff ? 'jpeg' : 'png', b)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('png', 'jpeg', 'gif', 'svg+xml'), imageBytes).map(([type, b]) => dataUrl(type, b)) },
  { weight: 1, arbitrary: fc.oneof(wildText(40).map((s) => `data:image/png;base64,${s}`), wildText(40)) },
);

describe('fuzzing the PDF spec (POST /api/pdf and /api/pdf/report)', () => {
  let t: TestApp;
  let open: number[];
  let closed: number[];
  let templates: string[];
  beforeAll(async () => {
    t = await makeTestApp();
    open = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners.map((p: { id: number }) => p.id);
    const rows = await t.database.db.selectFrom('prisoners').select(['id', 'status', 'supportWithdrawn']).execute();
    closed = rows.filter((r) => r.status === 'released' || r.supportWithdrawn).map((r) => r.id);
    templates = (await t.app.inject({ url: '/api/templates' })).json().templates.map((x: { id: string }) => x.id);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  /** Every 200 from /api/pdf opens with pdf.js and has the page count its header says. */
  async function opened(res: Awaited<ReturnType<typeof post>>): Promise<PageText[]> {
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await readPdf(new Uint8Array(res.rawPayload));
    expect(pages).toHaveLength(Number(res.headers['x-volya-pages']));
    return pages;
  }

  it('random shapes, sizes and types in every field: never a 5xx, and every PDF opens', async () => {
    // Each field either of its type with random content (mostly) or anything at all (sometimes): enough
    // requests pass validation to reach the renderers, enough do not to probe the checks.
    const person = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...open) }, { weight: 1, arbitrary: fc.constantFrom(...closed, 999_999) });
    const spec = (maybe: <T>(valid: fc.Arbitrary<T>) => fc.Arbitrary<unknown>) =>
      fc.record(
        {
          kind: maybe(fc.constantFrom('letter', 'postcard', 'postcard-sheet', 'envelope', 'labels')),
          prisonerId: maybe(person),
          prisonerIds: maybe(fc.array(fc.constantFrom(...open), { maxLength: 6 })),
          templateId: maybe(fc.oneof(fc.constantFrom(...templates), fc.constantFrom('../../etc/passwd', '', 'first-letter'), wildText(20))),
          text: maybe(fc.oneof(wildText(400), printableText, fc.tuple(printableText, fc.nat({ max: 30 })).map(([s, n]) => s.repeat(n)))),
          englishText: maybe(fc.oneof(wildText(200), printableText)),
          language: maybe(fc.constantFrom('ru', 'en')),
          sender: maybe(
            fc.record(
              { kind: maybe(fc.constantFrom('single', 'group')), gender: maybe(fc.constantFrom('male', 'female')), name: maybe(wildText(30)), city: maybe(wildText(30)) },
              { requiredKeys: ['kind'] },
            ),
          ),
          register: maybe(fc.constantFrom('ty', 'vy')),
          paper: maybe(fc.constantFrom('a4', 'letter')),
          image: maybe(image),
          options: maybe(
            fc.record(
              { englishCopy: maybe(fc.boolean()), envelopeSize: maybe(fc.constantFrom('DL', 'C5', 'C6', 'US10')), labelSheet: maybe(fc.constantFrom('L7160', '5160')) },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: ['kind'] },
      );
    const wellTyped = spec((valid) => valid);
    const anyShape = fc.oneof(spec(maybe), spec(maybe).chain((s) => junk.map((extra) => ({ ...(s as object), extra }))), junk);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: wellTyped }, { weight: 2, arbitrary: anyShape }), fc.constantFrom('/api/pdf', '/api/pdf/report'), async (payload, url) => {
        const res = await post(url, payload);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
        if (res.statusCode >= 400) expect(typeof res.json().message).toBe('string');
        else if (url === '/api/pdf') await opened(res);
      }),
      { numRuns: 300 },
    );
    // The property means something only if many requests got as far as a PDF.
    expect(statuses.get(200) ?? 0).toBeGreaterThanOrEqual(20);
  });

  /** Body text as printed: page text minus line breaks, spaces and hyphens (hyphenation adds and moves them). */
  const squeeze = (s: string) => s.replace(/[\s\-]+/gu, '');

  it('printable text (Cyrillic, Latin, digits, punctuation) extracts back unchanged from letters and postcards', async () => {
    await fc.assert(
      fc.asyncProperty(printableText, fc.constantFrom('letter', 'postcard'), async (text, kind) => {
        const res = await post('/api/pdf', { kind, prisonerId: open[0], text: text.slice(0, 1200) });
        if (kind === 'postcard' && res.statusCode === 422) return; // too long for the card: refused, not cut
        expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
        expect(JSON.parse(decodeURIComponent(String(res.headers['x-volya-replaced'])))).toEqual([]);
        const pages = await opened(res);
        // A letter's body runs across its pages; a postcard's message is on the left half of the address side.
        const printed =
          kind === 'letter'
            ? pages.map((p) => p.lines.slice(0, -1).join('\n')).join('\n') // without each page's footer
            : pages[1]!.items
                .filter((i) => i.x < CARD_W / 2)
                .sort((a, b) => b.y - a.y || a.x - b.x)
                .map((i) => i.str)
                .join('');
        expect(squeeze(printed)).toContain(squeeze(text.slice(0, 1200)));
      }),
      { numRuns: 40 },
    );
  });

  it('characters outside the fonts are reported (header and report route) and never printed as silent boxes', async () => {
    const mixed = fc.array(fc.oneof(word, unprintable), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));
    await fc.assert(
      fc.asyncProperty(mixed, async (text) => {
        const payload = { kind: 'letter', prisonerId: open[0], text: `Привет ${text}` };
        const res = await post('/api/pdf', payload);
        expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
        const report = await post('/api/pdf/report', payload);
        const header: { codePoint: string; count: number; replacement: string }[] = report.json().replaced;
        // The header names the first 10 of the report and counts them all.
        expect(JSON.parse(decodeURIComponent(String(res.headers['x-volya-replaced'])))).toEqual(header.slice(0, 10));
        expect(res.headers['x-volya-replaced-count']).toBe(String(header.length));

        // Every character no bundled font has is in the report, with its count; controls are removed, others become "?".
        const expected = new Map<string, number>();
        for (let i = 0; i < payload.text.length; ) {
          const cp = payload.text.codePointAt(i)!;
          const surrogate = cp >= 0xd800 && cp <= 0xdfff;
          const control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
          if (surrogate || control || (!faceFor('body', cp) && cp !== 0x200d && cp !== 0xfe0f)) {
            const label = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
            expected.set(label, (expected.get(label) ?? 0) + 1);
          }
          i += cp > 0xffff ? 2 : 1;
        }
        expect(new Map(header.map((r) => [r.codePoint, r.count]))).toEqual(expected);
        for (const r of header) {
          const cp = parseInt(r.codePoint.slice(2), 16);
          expect(r.replacement, r.codePoint).toBe(cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? '' : '?');
        }

        // What is on the page is drawn with real glyphs only: each "?" stands for a reported character.
        const printed = (await opened(res)).flatMap((p) => p.items.map((i) => i.str)).join('');
        for (const ch of printed) expect(faceFor('body', ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBeDefined();
        const questionMarks = header.filter((r) => r.replacement === '?').reduce((n, r) => n + r.count, 0);
        expect([...printed].filter((c) => c === '?').length).toBeGreaterThanOrEqual(questionMarks);
      }),
      { numRuns: 40 },
    );
  });
});

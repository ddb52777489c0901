/**
 * The subset embedded in PDFs must draw exactly the glyphs of the full font. pdftotext cannot see this
 * (ToUnicode still maps right), so outlines are compared: for every bundled face and sample text, each
 * glyph's path in a parsed subset equals its path in an independent parse of the font file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ALL_FACES, face, FONT_FILES } from '../../server/pdf/fonts.js';
import { renderLetter } from '../../server/pdf/letter.js';
import { renderPostcard } from '../../server/pdf/postcard.js';
import { TrueTypeSubset } from '../../server/pdf/truetype-subset.js';

const require = createRequire(import.meta.url);

const range = (from: number, to: number) => String.fromCodePoint(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const SAMPLES = [
  'Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р. — «Ёлка», №5 Йй Ъъ',
  range(0x20, 0x7e),
  range(0x400, 0x45f),
  '♥★✓→∞ Ωμέγα ǅ ﬁ ½ € ‰ … “” ‘’ „',
];

describe('TrueType subsets', () => {
  it.each(ALL_FACES)('%s: every subset glyph has the outline and advance of the full font', (id) => {
    const reference = fontkit.create(readFileSync(require.resolve(FONT_FILES[id])));
    const f = face(id);
    // Twice over, the second time after a subset was already written: a subset must not alter the source.
    for (let round = 0; round < 2; round++) {
      for (const sample of SAMPLES) {
        const subset = new TrueTypeSubset(f.source);
        const pairs: [string, number, number][] = [];
        for (const ch of sample) {
          const cp = ch.codePointAt(0)!;
          if (!f.has(cp)) continue;
          const gid = f.glyphId(cp);
          pairs.push([ch, gid, subset.includeGlyph(gid)]);
        }
        const parsed = fontkit.create(Buffer.from(subset.encode()));
        for (const [ch, gid, sid] of pairs) {
          const want = reference.getGlyph(gid);
          const got = parsed.getGlyph(sid);
          expect(got.path.toSVG(), `${id} ${ch} (glyph ${gid})`).toBe(want.path.toSVG());
          expect(got.advanceWidth, `${id} ${ch} advance`).toBe(want.advanceWidth);
        }
      }
    }
  });

  it('covers Russian fully in every face', () => {
    for (const id of ALL_FACES) for (const ch of range(0x410, 0x44f) + 'Ёё') expect(face(id).has(ch.codePointAt(0)!), `${id} ${ch}`).toBe(true);
  });
});

/** Embedded font programs of a PDF with their ToUnicode maps: subset glyph id → code point. */
async function embeddedFonts(bytes: Uint8Array): Promise<{ baseFont: string; program: Buffer; cmap: Map<number, number> }[]> {
  const doc = await PDFDocument.load(bytes);
  const out: { baseFont: string; program: Buffer; cmap: Map<number, number> }[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Subtype'))?.toString() !== '/Type0') continue;
    const stream = (ref: unknown) => inflateSync((doc.context.lookup(ref as PDFRef) as PDFRawStream).contents);
    const cid = doc.context.lookup((obj.get(PDFName.of('DescendantFonts')) as PDFArray).get(0)) as PDFDict;
    const descriptor = doc.context.lookup(cid.get(PDFName.of('FontDescriptor'))) as PDFDict;
    const cmap = new Map<number, number>();
    for (const m of stream(obj.get(PDFName.of('ToUnicode'))).toString('latin1').matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4,8})>/giu)) {
      const u = m[2]!;
      cmap.set(parseInt(m[1]!, 16), u.length === 4 ? parseInt(u, 16) : String.fromCharCode(parseInt(u.slice(0, 4), 16), parseInt(u.slice(4), 16)).codePointAt(0)!);
    }
    out.push({ baseFont: obj.get(PDFName.of('BaseFont'))!.toString().slice(1), program: stream(descriptor.get(PDFName.of('FontFile2'))), cmap });
  }
  return out;
}

describe('fonts inside rendered PDFs', () => {
  it('draw every character with the outline the full font has for it', async () => {
    const letter = await renderLetter({
      paper: 'a4',
      language: 'ru',
      text: `${SAMPLES.join('\n\n')}\n\n${range(0x400, 0x45f)}`,
      recipientLine: 'Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.',
      senderLines: ['Anna'],
      date: new Date(0),
    });
    const card = await renderPostcard({ language: 'ru', message: `${range(0x410, 0x44f)} Ёё ♥`, recipientLines: ['Пчелинцеву Д. Д.'], senderLines: ['Anna'] }, new Date(0));
    const byName = new Map(ALL_FACES.map((id) => [face(id).font.postscriptName, id]));
    let checked = 0;
    for (const bytes of [letter.bytes, card.bytes]) {
      for (const f of await embeddedFonts(bytes)) {
        const id = byName.get(f.baseFont.split('+')[1]!)!;
        expect(f.baseFont, 'subset tag').toMatch(/^[A-Z]{6}\+/u);
        const reference = fontkit.create(readFileSync(require.resolve(FONT_FILES[id])));
        const parsed = fontkit.create(f.program);
        for (const [sid, cp] of f.cmap) {
          expect(parsed.getGlyph(sid).path.toSVG(), `${id} U+${cp.toString(16)}`).toBe(reference.glyphForCodePoint(cp).path.toSVG());
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
  });
});

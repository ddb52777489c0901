/**
 * The subset embedded in PDFs must draw exactly the glyphs of the full font. pdftotext cannot see this
 * (ToUnicode still maps right), so outlines are compared: for every bundled face and sample text, each
 * glyph's path in a parsed subset equals its path in an independent parse of the font file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { ALL_FACES, face, type FaceId } from '../../server/pdf/fonts.js';
import { TrueTypeSubset } from '../../server/pdf/truetype-subset.js';

const require = createRequire(import.meta.url);
const FILES: Record<FaceId, string> = {
  serif: '@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf',
  hand: '@expo-google-fonts/caveat/400Regular/Caveat_400Regular.ttf',
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

const range = (from: number, to: number) => String.fromCodePoint(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const SAMPLES = [
  'Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р. — «Ёлка», №5 Йй Ъъ',
  range(0x20, 0x7e),
  range(0x400, 0x45f),
  '♥★✓→∞ Ωμέγα ǅ ﬁ ½ € ‰ … “” ‘’ „',
];

describe('TrueType subsets', () => {
  it.each(ALL_FACES)('%s: every subset glyph has the outline and advance of the full font', (id) => {
    const reference = fontkit.create(readFileSync(require.resolve(FILES[id])));
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

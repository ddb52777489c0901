/**
 * Bundled fonts, parsed once per process and shared by every document.
 *
 * Parsing and the cmap come from upstream fontkit@2; subsetting is truetype-subset.ts, never the
 * @pdf-lib/fontkit fork, which silently blanks glyphs of PT Serif and Caveat (docs/reliability.md, "Fonts, pdf-lib and fontkit"). We never run fontkit's
 * layout engine: Russian and Latin need no shaping, so glyphs come straight from the cmap — which is also
 * what keeps Caveat's contextual alternates (`calt`) off, and what makes measuring cheap.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { TrueTypeSource } from './truetype-subset.js';

const require = createRequire(import.meta.url);

export type FaceId = 'serif' | 'serif-bold' | 'hand' | 'sans' | 'sans-bold';

/** The bundled TrueType files, as npm module paths. */
export const FONT_FILES: Record<FaceId, string> = {
  serif: '@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf',
  hand: '@expo-google-fonts/caveat/400Regular/Caveat_400Regular.ttf',
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

/** A parsed font plus per-code-point caches: a glyph is looked up once per process, not once per use. */
export class FontFace {
  readonly id: FaceId;
  readonly font: fontkit.Font;
  /** Raw tables for subsetting. */
  readonly source: TrueTypeSource;
  /** Advance widths in 1/1000 em, indexed by code point. */
  private readonly advances = new Map<number, number>();
  private readonly glyphIds = new Map<number, number>();
  private readonly covered = new Map<number, boolean>();

  constructor(id: FaceId, bytes: Uint8Array) {
    this.id = id;
    this.font = fontkit.create(bytes);
    this.source = new TrueTypeSource(bytes);
  }

  has(codePoint: number): boolean {
    let v = this.covered.get(codePoint);
    if (v === undefined) {
      v = this.font.hasGlyphForCodePoint(codePoint);
      this.covered.set(codePoint, v);
    }
    return v;
  }

  glyphId(codePoint: number): number {
    let v = this.glyphIds.get(codePoint);
    if (v === undefined) {
      v = this.font.glyphForCodePoint(codePoint).id;
      this.glyphIds.set(codePoint, v);
    }
    return v;
  }

  /** Advance in 1/1000 em (PDF glyph space units). */
  advance(codePoint: number): number {
    let v = this.advances.get(codePoint);
    if (v === undefined) {
      v = (this.font.glyphForCodePoint(codePoint).advanceWidth * 1000) / this.font.unitsPerEm;
      this.advances.set(codePoint, v);
    }
    return v;
  }

  /** Width of a string in points; only for text whose code points this face covers. */
  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.advance(ch.codePointAt(0)!);
    return (w * size) / 1000;
  }

  get ascent(): number {
    return (this.font.ascent * 1000) / this.font.unitsPerEm;
  }
  get descent(): number {
    return (this.font.descent * 1000) / this.font.unitsPerEm;
  }
}

const faces = new Map<FaceId, FontFace>();

/** The parsed face, loaded on first use and kept for the life of the process. */
export function face(id: FaceId): FontFace {
  let f = faces.get(id);
  if (!f) {
    f = new FontFace(id, readFileSync(require.resolve(FONT_FILES[id])));
    faces.set(id, f);
  }
  return f;
}

export const ALL_FACES: readonly FaceId[] = Object.keys(FONT_FILES) as FaceId[];

/**
 * Fallback order per role: the first face that has a glyph draws it. DejaVu Sans is last everywhere because
 * it covers the most symbols (arrows, ♥, ★, ✓, Greek, Armenian, Georgian…).
 */
export const STACKS = {
  body: ['serif', 'sans'],
  // Every stack ends in serif + sans, so text that passes sanitizeText (checked against those two) prints in
  // any role.
  bold: ['serif-bold', 'serif', 'sans'],
  hand: ['hand', 'serif', 'sans'],
  sans: ['sans'],
} as const satisfies Record<string, readonly FaceId[]>;

export type StackId = keyof typeof STACKS;

/** The face that draws this code point in the stack, or undefined when no bundled font has it. */
export function faceFor(stack: StackId, codePoint: number): FontFace | undefined {
  for (const id of STACKS[stack]) {
    const f = face(id);
    if (f.has(codePoint)) return f;
  }
  return undefined;
}

const stackFaces = new Map<StackId, Map<number, FontFace | null>>();
const wordWidths = new Map<StackId, Map<string, number>>();
// Words repeat a lot across letters; the cache is dropped when it grows past this to bound memory.
const WORD_CACHE_LIMIT = 50_000;

/** faceFor with a per-stack cache: the hot path of measuring and drawing. */
export function cachedFaceFor(stack: StackId, codePoint: number): FontFace | undefined {
  let m = stackFaces.get(stack);
  if (!m) stackFaces.set(stack, (m = new Map()));
  let f = m.get(codePoint);
  if (f === undefined) {
    f = faceFor(stack, codePoint) ?? null;
    m.set(codePoint, f);
  }
  return f ?? undefined;
}

/** Width in points of sanitized text drawn with a stack; each distinct word is measured once per process. */
export function textWidth(text: string, stack: StackId, size: number): number {
  let m = wordWidths.get(stack);
  if (!m) wordWidths.set(stack, (m = new Map()));
  let w = m.get(text);
  if (w === undefined) {
    w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      w += cachedFaceFor(stack, cp)?.advance(cp) ?? 0;
    }
    if (m.size > WORD_CACHE_LIMIT) m.clear();
    m.set(text, w);
  }
  return (w * size) / 1000;
}

// Minimal typings for the untyped packages the renderer uses: only the members we call.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    path: { toSVG(): string };
  }
  export interface Subset {
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    capHeight: number;
    xHeight: number;
    italicAngle: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    numGlyphs: number;
    characterSet: number[];
    glyphForCodePoint(codePoint: number): Glyph;
    hasGlyphForCodePoint(codePoint: number): boolean;
    getGlyph(id: number): Glyph;
    createSubset(): Subset;
  }
  export function create(buffer: Uint8Array | Buffer): Font;
}

declare module 'hyphen' {
  export default function createHyphenator(
    patterns: unknown,
    options?: { hyphenChar?: string; minWordLength?: number },
  ): (text: string) => string | Promise<string>;
}

declare module 'hyphen/patterns/ru.js' {
  const patterns: unknown;
  export default patterns;
}

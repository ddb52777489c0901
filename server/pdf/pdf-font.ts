/**
 * One bundled face embedded into one PDF document as a subset Type0/CIDFontType2 font.
 *
 * Replaces pdf-lib's CustomFontEmbedder: that one runs fontkit's layout for every string (most of pdf-lib's
 * time on a letter, docs/reliability.md) and subsets through the buggy @pdf-lib/fontkit fork. Here glyphs come from
 * the face's cmap cache (fontkit@2), subset ids are assigned as text is written, and truetype-subset.ts
 * writes the font program once at the end. The ToUnicode map makes every glyph extract back as typed.
 */
import { deflateSync } from 'node:zlib';
import { PDFNumber, PDFRawStream, PDFString, type PDFContext, type PDFRef } from 'pdf-lib';
import type { FontFace } from './fonts.js';
import { TrueTypeSubset } from './truetype-subset.js';

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** One byte inside a PDF literal string; line-end bytes would be read as a plain newline, so they are escaped. */
function literalByte(b: number): string {
  if (b === 0x28 || b === 0x29 || b === 0x5c || b === 0x0a || b === 0x0d) return `\\${b.toString(8).padStart(3, '0')}`;
  return String.fromCharCode(b);
}

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

/**
 * A compressed stream; node's zlib is several times faster than pdf-lib's pure-JS pako. The window is sized to
 * the data: a PDF's streams are a few KB, and zlib's default 32 KB window (with its 256 KB of state set up on
 * every call) took longer to prepare than to compress them. Every inflater reads any window size.
 */
export function flateStream(context: PDFContext, data: Uint8Array, extra: Record<string, number> = {}): PDFRawStream {
  const dict = context.obj({ Filter: 'FlateDecode', ...extra });
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(data.length + 262))));
  return PDFRawStream.of(dict, deflateSync(data, { level: 6, windowBits }));
}

export class DocFont {
  readonly resourceName: string;
  readonly ref: PDFRef;
  private readonly face: FontFace;
  private readonly subset: TrueTypeSubset;
  /** Glyph code per code point as a literal-string fragment, for writing text straight into content streams. */
  private readonly codeByCodePoint = new Map<number, string>();
  /** Subset glyph id → the first code point drawn with it, for ToUnicode. */
  private readonly used = new Map<number, number>();
  private readonly tag: string;

  constructor(face: FontFace, resourceName: string, ref: PDFRef, index: number) {
    this.face = face;
    this.resourceName = resourceName;
    this.ref = ref;
    this.subset = new TrueTypeSubset(face.source);
    // Fixed six-letter subset tag so bytes stay deterministic and checkers see the font as a subset.
    this.tag = `VOLYA${String.fromCharCode(65 + (index % 26))}`;
  }

  /**
   * The two-byte glyph code of one code point this face covers, as it goes inside a PDF literal string:
   * one char per byte (the content stream is written as latin1), with ( ) \\ and line-end bytes escaped.
   * Half the size of hex strings, which is less to build, compress and store.
   */
  code(cp: number): string {
    let c = this.codeByCodePoint.get(cp);
    if (c === undefined) {
      const gid = this.face.glyphId(cp);
      const sid = this.subset.includeGlyph(gid);
      if (!this.used.has(sid)) this.used.set(sid, cp);
      c = literalByte(sid >> 8) + literalByte(sid & 0xff);
      this.codeByCodePoint.set(cp, c);
    }
    return c;
  }

  /** Writes the font program and dictionaries into the document under the reserved ref. */
  embed(context: PDFContext): void {
    const font = this.face.font;
    const scale = 1000 / font.unitsPerEm;
    const baseFont = `${this.tag}+${font.postscriptName || 'Font'}`;
    const program = this.subset.encode();
    const fontFile = context.register(flateStream(context, program, { Length1: program.length }));

    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: 4,
        FontBBox: [font.bbox.minX * scale, font.bbox.minY * scale, font.bbox.maxX * scale, font.bbox.maxY * scale].map(Math.round),
        ItalicAngle: font.italicAngle,
        Ascent: Math.round(font.ascent * scale),
        Descent: Math.round(font.descent * scale),
        CapHeight: Math.round((font.capHeight || font.ascent) * scale),
        XHeight: Math.round((font.xHeight || 0) * scale),
        StemV: 0,
        FontFile2: fontFile,
      }),
    );

    const widths: PDFNumber[] = [];
    for (let sid = 0; sid < this.subset.size; sid++) {
      widths.push(PDFNumber.of(Math.round(this.face.source.metrics(this.subset.originalId(sid))[0] * scale)));
    }

    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        CIDToGIDMap: 'Identity',
        W: [0, widths],
      }),
    );

    const toUnicode = context.register(flateStream(context, new TextEncoder().encode(this.toUnicodeCMap())));
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }

  private toUnicodeCMap(): string {
    const entries = [...this.used.entries()].sort((a, b) => a[0] - b[0]);
    const blocks: string[] = [];
    // A bfchar block holds at most 100 entries.
    for (let i = 0; i < entries.length; i += 100) {
      const chunk = entries.slice(i, i + 100);
      blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([sid, cp]) => `<${hex4(sid)}> <${utf16Hex(cp)}>`).join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
      ...blocks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}

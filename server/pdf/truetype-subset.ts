/**
 * TrueType subsetting by copying glyph records straight from the font file.
 *
 * fontkit's subsetter decodes and re-encodes every glyph through restructure — about half of a letter's
 * render time — and the @pdf-lib/fontkit fork's version loses glyphs (docs/reliability.md, "Fonts, pdf-lib and fontkit"). Here a glyph is a byte
 * copy: simple glyphs lose only their hinting instructions, composite glyphs get their component ids
 * remapped. Hinting (fpgm/prep/cvt and per-glyph instructions) is dropped because it only snaps outlines to
 * screen pixels: on paper it is dead weight, about a third of PT Serif's subset. Records are padded to
 * 4 bytes with long loca offsets, which avoids the odd-length-record bug class entirely. The subset test
 * compares every subset glyph outline with the full font.
 */

// Composite glyph flags (OpenType 'glyf').
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
const WE_HAVE_INSTRUCTIONS = 0x0100;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The parts of a TrueType font a subset is built from, read once per process. */
export class TrueTypeSource {
  readonly tables = new Map<string, Uint8Array>();
  readonly numGlyphs: number;
  private readonly glyphOffsets: Uint32Array;
  private readonly advances: Uint16Array;
  private readonly lsbs: Int16Array;

  constructor(file: Uint8Array) {
    // A private plain Uint8Array: on a Node Buffer, slice() would be a view and edits would corrupt the
    // font fontkit reads from.
    const font = new Uint8Array(file);
    const v = view(font);
    for (let i = 0, n = v.getUint16(4); i < n; i++) {
      const rec = 12 + i * 16;
      const tag = String.fromCharCode(font[rec]!, font[rec + 1]!, font[rec + 2]!, font[rec + 3]!);
      this.tables.set(tag, font.subarray(v.getUint32(rec + 8), v.getUint32(rec + 8) + v.getUint32(rec + 12)));
    }
    const need = (tag: string) => {
      const t = this.tables.get(tag);
      if (!t) throw new Error(`TrueType font without a '${tag}' table`);
      return t;
    };
    this.numGlyphs = view(need('maxp')).getUint16(4);
    const longLoca = view(need('head')).getInt16(50) === 1;
    const lv = view(need('loca'));
    this.glyphOffsets = new Uint32Array(this.numGlyphs + 1);
    for (let i = 0; i <= this.numGlyphs; i++) this.glyphOffsets[i] = longLoca ? lv.getUint32(i * 4) : lv.getUint16(i * 2) * 2;
    need('glyf');
    const hMetrics = view(need('hhea')).getUint16(34);
    const hv = view(need('hmtx'));
    this.advances = new Uint16Array(this.numGlyphs);
    this.lsbs = new Int16Array(this.numGlyphs);
    for (let i = 0; i < this.numGlyphs; i++) {
      if (i < hMetrics) {
        this.advances[i] = hv.getUint16(i * 4);
        this.lsbs[i] = hv.getInt16(i * 4 + 2);
      } else {
        this.advances[i] = this.advances[hMetrics - 1]!;
        this.lsbs[i] = hv.getInt16(hMetrics * 4 + (i - hMetrics) * 2);
      }
    }
  }

  glyph(gid: number): Uint8Array {
    return this.tables.get('glyf')!.subarray(this.glyphOffsets[gid]!, this.glyphOffsets[gid + 1]!);
  }

  metrics(gid: number): [number, number] {
    return [this.advances[gid]!, this.lsbs[gid]!];
  }
}

/** Component glyph ids of a composite glyph record, with the byte offset of each id. */
function components(g: Uint8Array): { at: number; gid: number }[] {
  const v = view(g);
  const out: { at: number; gid: number }[] = [];
  let p = 10;
  let flags: number;
  do {
    flags = v.getUint16(p);
    out.push({ at: p + 2, gid: v.getUint16(p + 2) });
    p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) p += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
  } while (flags & MORE_COMPONENTS);
  return out;
}

/** A glyph record without hinting instructions, composite component ids remapped. */
function subsetGlyph(g: Uint8Array, remap: (gid: number) => number): Uint8Array {
  if (g.length === 0) return g;
  const contours = view(g).getInt16(0);
  if (contours >= 0) {
    const lenAt = 10 + contours * 2;
    const insLen = view(g).getUint16(lenAt);
    const out = new Uint8Array(g.length - insLen);
    out.set(g.subarray(0, lenAt));
    // instructionLength stays 0 (zero-filled); flags and coordinates follow directly.
    out.set(g.subarray(lenAt + 2 + insLen), lenAt + 2);
    return out;
  }
  const out = g.slice();
  const ov = view(out);
  let end = 10;
  for (const c of components(g)) {
    const flagsAt = c.at - 2;
    const flags = ov.getUint16(flagsAt);
    ov.setUint16(flagsAt, flags & ~WE_HAVE_INSTRUCTIONS);
    ov.setUint16(c.at, remap(c.gid));
    end = c.at + 2 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) end += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) end += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) end += 8;
  }
  return out.subarray(0, end);
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  const v = view(data);
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  if (whole < data.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < data.length ? data[i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes an sfnt file from its tables (sorted by tag, 4-byte aligned, with checksums). */
function writeSfnt(tables: [string, Uint8Array][]): Uint8Array {
  tables.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const n = tables.length;
  const headerSize = 12 + n * 16;
  const total = tables.reduce((s, [, d]) => s + ((d.length + 3) & ~3), headerSize);
  const bytes = new Uint8Array(total);
  const v = view(bytes);
  const entrySelector = Math.floor(Math.log2(n));
  v.setUint32(0, 0x00010000);
  v.setUint16(4, n);
  v.setUint16(6, 2 ** entrySelector * 16);
  v.setUint16(8, entrySelector);
  v.setUint16(10, n * 16 - 2 ** entrySelector * 16);
  let pos = headerSize;
  let headPos = -1;
  tables.forEach(([tag, data], i) => {
    const rec = 12 + i * 16;
    for (let k = 0; k < 4; k++) bytes[rec + k] = tag.charCodeAt(k);
    v.setUint32(rec + 4, checksum(data));
    v.setUint32(rec + 8, pos);
    v.setUint32(rec + 12, data.length);
    bytes.set(data, pos);
    if (tag === 'head') headPos = pos;
    pos += (data.length + 3) & ~3;
  });
  if (headPos >= 0) v.setUint32(headPos + 8, (0xb1b0afba - checksum(bytes)) >>> 0);
  return bytes;
}

/** The glyphs one document uses; new ids are given in order of first use, .notdef first. */
export class TrueTypeSubset {
  private readonly ids = new Map<number, number>();
  private readonly order: number[] = [];

  constructor(private readonly source: TrueTypeSource) {
    this.includeGlyph(0);
  }

  /** The glyph's id in the subset (components of composite glyphs are pulled in too). */
  includeGlyph(gid: number): number {
    let id = this.ids.get(gid);
    if (id !== undefined) return id;
    id = this.order.length;
    this.ids.set(gid, id);
    this.order.push(gid);
    const g = this.source.glyph(gid);
    if (g.length && view(g).getInt16(0) < 0) for (const c of components(g)) this.includeGlyph(c.gid);
    return id;
  }

  /** The original glyph id behind a subset id. */
  originalId(id: number): number {
    return this.order[id]!;
  }

  get size(): number {
    return this.order.length;
  }

  encode(): Uint8Array {
    const src = this.source;
    const count = this.order.length;
    const records = this.order.map((gid) => subsetGlyph(src.glyph(gid), (g) => this.ids.get(g)!));
    const glyf = new Uint8Array(records.reduce((s, r) => s + ((r.length + 3) & ~3), 0));
    const loca = new Uint8Array((count + 1) * 4);
    const hmtx = new Uint8Array(count * 4);
    const lv = view(loca);
    const mv = view(hmtx);
    let off = 0;
    records.forEach((r, i) => {
      lv.setUint32(i * 4, off);
      glyf.set(r, off);
      off += (r.length + 3) & ~3;
      const [adv, lsb] = src.metrics(this.order[i]!);
      mv.setUint16(i * 4, adv);
      mv.setInt16(i * 4 + 2, lsb);
    });
    lv.setUint32(count * 4, off);

    const head = src.tables.get('head')!.slice();
    view(head).setInt16(50, 1); // long loca
    view(head).setUint32(8, 0); // checkSumAdjustment: written by writeSfnt
    const hhea = src.tables.get('hhea')!.slice();
    view(hhea).setUint16(34, count);
    const maxp = src.tables.get('maxp')!.slice();
    view(maxp).setUint16(4, count);
    return writeSfnt([
      ['head', head],
      ['hhea', hhea],
      ['maxp', maxp],
      ['hmtx', hmtx],
      ['loca', loca],
      ['glyf', glyf],
    ]);
  }
}

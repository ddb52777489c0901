import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib';
import { VolyaDocument } from '../../server/pdf/document.js';
import { embedImage } from '../../server/pdf/images.js';
import { decodeImage } from '../../server/pdf/png-check.js';
import { checkPrintable } from '../../server/pdf/render-spec.js';

/** A PNG written by hand: each row with the filter given (0–4), so every filter the decoder undoes is exercised. */
function png(width: number, height: number, colourType: 2 | 6, pixel: (x: number, y: number) => number[], filters: number[]): Buffer {
  const channels = colourType === 6 ? 4 : 3;
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) rows.push(Array.from({ length: width }, (_, x) => pixel(x, y)).flat());
  const out: number[] = [];
  rows.forEach((row, y) => {
    const f = filters[y % filters.length]!;
    out.push(f);
    row.forEach((v, i) => {
      const a = i >= channels ? row[i - channels]! : 0;
      const b = y > 0 ? rows[y - 1]![i]! : 0;
      const c = i >= channels && y > 0 ? rows[y - 1]![i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][f]!;
      out.push((v - predicted) & 255);
    });
  });
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(out))), chunk('IEND', Buffer.alloc(0))]);
}

const W = 23;
const H = 17;
// Colour, and alpha from fully transparent to opaque, varying across the picture.
const rgba = (x: number, y: number) => [(x * 11) % 256, (y * 15) % 256, (x * y * 7) % 256, ((x + y) * 9) % 256];

/** The image XObject's stream, inflated. */
function streamBytes(doc: PDFDocument, ref: PDFRef): { bytes: Uint8Array; stream: PDFRawStream } {
  const stream = doc.context.lookup(ref) as PDFRawStream;
  return { bytes: inflateSync(stream.contents), stream };
}

describe('pictures embedded without pdf-lib decoding them', () => {
  it('flattens an RGBA drawing onto white exactly as pdf-lib decodes it (every row filter)', async () => {
    const file = png(W, H, 6, rgba, [0, 1, 2, 3, 4]);
    const ours = await VolyaDocument.create({ title: 't', date: new Date(0) });
    const img = await embedImage(ours, decodeImage(`data:image/png;base64,${file.toString('base64')}`));
    const { bytes, stream } = streamBytes(ours.pdf, img.ref);
    expect(stream.dict.get(PDFName.of('ColorSpace'))).toEqual(PDFName.of('DeviceRGB'));
    expect(stream.dict.get(PDFName.of('SMask'))).toBeUndefined();

    // pdf-lib's own decoder is the reference: its colour stream and its soft mask, composited here over white.
    const ref = await PDFDocument.create();
    const theirs = await ref.embedPng(file);
    await ref.save();
    const colour = streamBytes(ref, theirs.ref);
    const mask = streamBytes(ref, colour.stream.dict.get(PDFName.of('SMask')) as PDFRef).bytes;
    const expected = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) {
      for (let c = 0; c < 3; c++) expected[i * 3 + c] = Math.round((colour.bytes[i * 3 + c]! * mask[i]! + 255 * (255 - mask[i]!)) / 255);
    }
    expect(bytes.length).toBe(expected.length);
    const off = [...bytes].filter((v, i) => Math.abs(v - expected[i]!) > 1).length;
    expect(off).toBe(0);
  });

  it('stores a queued drawing as 8-bit RGB, which a run then embeds as it is, with the PNG predictor', async () => {
    const file = png(W, H, 6, rgba, [4, 2]);
    const stored = (await checkPrintable({ kind: 'postcard', text: 'Привет!', image: `data:image/png;base64,${file.toString('base64')}` }))!;
    const bytes = Buffer.from(stored.split(',')[1]!, 'base64');
    // IHDR: 8-bit, colour type 2 (RGB), not interlaced.
    expect([...bytes.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
    const doc = await VolyaDocument.create({ title: 't', date: new Date(0) });
    const image = decodeImage(stored);
    const img = await embedImage(doc, image);
    const stream = doc.pdf.context.lookup(img.ref) as PDFRawStream;
    expect(Buffer.from(stream.contents).equals(Buffer.from(image.png!.compressed))).toBe(true);
    const parms = stream.dict.get(PDFName.of('DecodeParms'))!.toString();
    expect(parms).toContain('/Predictor 15');
    expect(parms).toContain('/Colors 3');
    expect(parms).toContain(`/Columns ${W}`);
    // The pixels are the drawing over white: the same as flattening the original.
    const first = (await embedImage(doc, decodeImage(`data:image/png;base64,${file.toString('base64')}`))).ref;
    const flat = streamBytes(doc.pdf, first).bytes;
    const rows = inflateSync(stream.contents);
    const unfiltered: number[] = [];
    // Every row of the stored file is Up-filtered (type 2): add the row above back, written out here.
    for (let y = 0; y < H; y++) {
      expect(rows[y * (W * 3 + 1)]).toBe(2);
      for (let x = 0; x < W * 3; x++) unfiltered.push((rows[y * (W * 3 + 1) + 1 + x]! + (y ? unfiltered[(y - 1) * W * 3 + x]! : 0)) & 255);
    }
    expect(Buffer.from(unfiltered).equals(Buffer.from(flat))).toBe(true);
  });

  it('refuses a picture whose decoded size is too large, counting bit depth and channels, not pixels alone', () => {
    // 3000 × 3000 at 16-bit RGBA: 9 megapixels (under the pixel limit) but 72 MB decoded.
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(3000, 0);
    ihdr.writeUInt32BE(3000, 4);
    ihdr.set([16, 6, 0, 0, 0], 8);
    const head = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), ihdr, Buffer.alloc(4)]);
    const file = Buffer.concat([head, Buffer.alloc(64)]);
    expect(() => decodeImage(`data:image/png;base64,${file.toString('base64')}`)).toThrow(expect.objectContaining({ kind: 'too-large', field: 'image' }));
  });
});

describe('the PNG rebuilt for pdf-lib', () => {
  /** The chunk types of a PNG file, in order. */
  const chunkTypes = (file: Uint8Array) => {
    const types: string[] = [];
    for (let at = 8; at + 8 <= file.length; ) {
      const length = Buffer.from(file.buffer, file.byteOffset + at, 4).readUInt32BE();
      types.push(Buffer.from(file.subarray(at + 4, at + 8)).toString('latin1'));
      at += 12 + length;
    }
    return types;
  };

  it('keeps only the chunks needed to draw, with the image data in one IDAT, and decodes to the same picture', async () => {
    const file = png(W, H, 2, (x, y) => [x * 10, y * 12, 200], [1, 3]);
    // The same picture with its data split over three IDATs and a text chunk between them.
    const at = file.indexOf('IDAT', 0, 'latin1') - 4;
    const length = file.readUInt32BE(at);
    const data = file.subarray(at + 8, at + 8 + length);
    const chunk = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
      return Buffer.concat([head, body, crc]);
    };
    const third = Math.ceil(length / 3);
    const split = Buffer.concat([
      file.subarray(0, at),
      chunk('IDAT', data.subarray(0, third)),
      chunk('tEXt', Buffer.from('Comment\0drawn at the kiosk', 'latin1')),
      chunk('IDAT', data.subarray(third, 2 * third)),
      chunk('IDAT', data.subarray(2 * third)),
      file.subarray(at + 12 + length),
    ]);
    expect(chunkTypes(split)).toEqual(['IHDR', 'IDAT', 'tEXt', 'IDAT', 'IDAT', 'IEND']);
    const image = decodeImage(`data:image/png;base64,${split.toString('base64')}`);
    expect(Buffer.from(image.png!.compressed).equals(data)).toBe(true);
    expect(chunkTypes(image.bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
    // pdf-lib's own decoder reads the rebuilt file as the same pixels as the original.
    const doc = await PDFDocument.create();
    const ours = await doc.embedPng(image.bytes);
    const theirs = await doc.embedPng(file);
    await doc.save();
    expect([ours.width, ours.height]).toEqual([W, H]);
    expect(streamBytes(doc, ours.ref).bytes).toEqual(streamBytes(doc, theirs.ref).bytes);
  });
});

/**
 * The postcard picture as the kiosk sends it (a data URL) → bytes pdf-lib can embed safely. PNG or JPEG by content,
 * not by label, within the size limits; a PNG is checked and rebuilt first (see checkedPng for why).
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { DomainError } from '../model/errors.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_DECODED_BYTES, MAX_IMAGE_PIXELS } from '../model/limits.js';
import type { CardImage, PngInfo } from './images.js';

/** Decodes and checks a data-URL picture: PNG or JPEG by content, not by label, and not too big. */
export function decodeImage(dataUrl: string): CardImage {
  const m = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/u.exec(dataUrl);
  if (!m) throw new DomainError('unprocessable', 'The picture must be a PNG or JPEG data URL', 'image');
  // A Buffer is a Uint8Array: no second copy (a print run decodes 200 pictures).
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) throw new DomainError('too-large', `The picture is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'image');
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) throw new DomainError('unprocessable', 'The picture is not a valid PNG or JPEG file', 'image');
  return png ? checkedPng(bytes) : { type: 'jpeg', bytes };
}

/** The image data of a checked PNG, inflated (as checkedPng checked it): not kept, a run holds 200 pictures. */
export function inflatePng(png: PngInfo): Uint8Array {
  return inflateRawSync(png.compressed.subarray(2), { maxOutputLength: png.inflatedLength + 1024 });
}

/** Deflate expands at most about 1032 times (RFC 1951's longest match per shortest code). */
const MAX_DEFLATE_RATIO = 1032;
/** Allowed bit depths per PNG colour type: grey, RGB, palette, grey + alpha, RGBA. */
const PNG_BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: first row, first column, row step, column step. */
const ADAM7 = [[0, 0, 8, 8], [0, 4, 8, 8], [4, 0, 8, 4], [0, 2, 4, 4], [2, 0, 4, 2], [0, 1, 2, 2], [1, 0, 2, 1]] as const;

const damaged = () => new DomainError('unprocessable', 'The picture is damaged and cannot be printed', 'image');

/**
 * Checks a PNG and rebuilds it from the chunks needed to draw it, before pdf-lib decodes it. pdf-lib's PNG decoder
 * is not made for hostile files: its inflater never returns on some corrupt data (a 70-byte file found by fuzzing
 * held a render thread forever), a text chunk without a terminating zero sends it past the end of the file for
 * good, a second IHDR changes the size after any check, and animation chunks carry more compressed data. So the
 * image data is inflated here first with zlib, which refuses what is broken, and must fill the size the header
 * declares (a header claiming more than the data could hold is refused from the chunk lengths alone); pdf-lib
 * then sees only the signature, IHDR, PLTE and tRNS, one IDAT with the checked data, and IEND.
 */
function checkedPng(bytes: Uint8Array): CardImage {
  const chunkType = (at: number) => String.fromCharCode(...bytes.subarray(at + 4, at + 8));
  // IHDR is always the first chunk: width, height, bit depth, colour type, compression, filter, interlace.
  if (bytes.length < 33 || chunkType(8) !== 'IHDR') {
    throw new DomainError('unprocessable', 'The picture is not a valid PNG or JPEG file', 'image');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width * height > MAX_IMAGE_PIXELS) throw new DomainError('too-large', `The picture is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1024 / 1024} megapixels`, 'image');
  const [bitDepth, colourType, compression, filter, interlace] = [24, 25, 26, 27, 28].map((i) => view.getUint8(i)) as [number, number, number, number, number];
  if (!width || !height || !PNG_BIT_DEPTHS[colourType]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) throw damaged();
  // What decoding costs is the size of the pixels, not their count: 4096 × 4096 at 16-bit RGBA is 128 MB.
  const decoded = width * height * PNG_CHANNELS[colourType]! * Math.max(1, bitDepth / 8);
  if (decoded > MAX_IMAGE_DECODED_BYTES) {
    throw new DomainError('too-large', `image: the picture is ${width} × ${height} pixels at ${bitDepth} bits, ${Math.ceil(decoded / 1024 / 1024)} MB decoded; at most ${MAX_IMAGE_DECODED_BYTES / 1024 / 1024} MB`, 'image');
  }
  // The size of the image data once inflated: per row a filter byte and the packed pixels, per Adam7 pass if
  // interlaced.
  const rowBytes = (w: number) => 1 + Math.ceil((w * PNG_CHANNELS[colourType]! * bitDepth) / 8);
  const passBytes = ([row0, col0, rowStep, colStep]: (typeof ADAM7)[number]) => {
    const rows = Math.ceil(Math.max(0, height - row0) / rowStep);
    const cols = Math.ceil(Math.max(0, width - col0) / colStep);
    return rows && cols ? rows * rowBytes(cols) : 0;
  };
  const expected = interlace === 1 ? ADAM7.reduce((sum, pass) => sum + passBytes(pass), 0) : height * rowBytes(width);
  const idat: Uint8Array[] = [];
  const keep = new Map<string, Uint8Array>();
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = chunkType(at);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length));
    if (type === 'IEND') break;
    if (type === 'IDAT') idat.push(data);
    else if ((type === 'PLTE' || type === 'tRNS') && !keep.has(type)) keep.set(type, data);
    at += 12 + length;
  }
  // One IDAT (what the kiosk's drawings and their flattened copies have) is used where it lies, not copied.
  const compressed = idat.length === 1 ? idat[0]! : Buffer.concat(idat);
  if (compressed.length * MAX_DEFLATE_RATIO < expected) throw damaged();
  let inflated: Buffer;
  try {
    // Like pdf-lib's decoder, past the two-byte zlib header and without its checksum, which some encoders get wrong.
    inflated = inflateRawSync(compressed.subarray(2), { maxOutputLength: expected + 1024 });
  } catch {
    throw damaged();
  }
  if (inflated.length < expected) throw damaged();
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return [head, data, crc];
  };
  const rebuild = () =>
    Buffer.concat([
      bytes.subarray(0, 8),
      ...chunk('IHDR', bytes.subarray(16, 29)),
      ...[...keep].flatMap(([type, data]) => chunk(type, data)),
      ...chunk('IDAT', compressed),
      ...chunk('IEND', new Uint8Array(0)),
    ]);
  // The rebuilt file only for pdf-lib's decoder, which a plain 8-bit RGB or grey PNG never reaches (images.ts):
  // built when first asked for, so a print run does not hold a second copy of every picture.
  let rebuilt: Uint8Array | undefined;
  const png: PngInfo = { width, height, bitDepth, colourType, interlace, transparency: keep.has('tRNS'), compressed, inflatedLength: expected };
  return {
    type: 'png',
    png,
    get bytes() {
      return (rebuilt ??= rebuild());
    },
  };
}

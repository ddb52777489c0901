/**
 * PNG pixels without pdf-lib's decoder: undo the row filters, flatten onto white paper, and write a plain 8-bit RGB
 * PNG. A kiosk drawing arrives as RGBA (what a canvas exports); flattened once when it is queued, a print run embeds
 * its compressed data as it is (images.ts) instead of decoding 200 drawings of 4 MB each while it builds.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { PngInfo } from './images.js';
import { inflatePng } from './png-check.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** The rows without their filter bytes (non-interlaced images of 8 or 16 bits a sample). */
function unfilter(data: Uint8Array, height: number, rowBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  let src = 0;
  for (let y = 0; y < height; y++) {
    const filter = data[src++]!;
    const row = y * rowBytes;
    const up = row - rowBytes;
    switch (filter) {
      case 0:
        out.set(data.subarray(src, src + rowBytes), row);
        break;
      case 1:
        for (let x = 0; x < rowBytes; x++) out[row + x] = data[src + x]! + (x >= bpp ? out[row + x - bpp]! : 0);
        break;
      case 2:
        for (let x = 0; x < rowBytes; x++) out[row + x] = data[src + x]! + (y > 0 ? out[up + x]! : 0);
        break;
      case 3:
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= bpp ? out[row + x - bpp]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          out[row + x] = data[src + x]! + ((a + b) >> 1);
        }
        break;
      case 4:
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= bpp ? out[row + x - bpp]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          const c = x >= bpp && y > 0 ? out[up + x - bpp]! : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out[row + x] = data[src + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        return new Uint8Array(0);
    }
    src += rowBytes;
  }
  return out;
}

/**
 * The picture as 8-bit RGB over white, or undefined for what this does not read (interlaced, palette, or fewer than
 * 8 bits a sample: pdf-lib's decoder draws those). Transparent parts become white, as they print on white paper.
 */
export function rgbOverWhite(png: PngInfo): Uint8Array | undefined {
  const channels = CHANNELS[png.colourType];
  if (channels === undefined || png.interlace !== 0 || png.bitDepth < 8 || png.transparency) return undefined;
  const sample = png.bitDepth / 8;
  const bpp = channels * sample;
  const rowBytes = png.width * bpp;
  const pixels = unfilter(inflatePng(png), png.height, rowBytes, bpp);
  if (pixels.length !== png.height * rowBytes) return undefined;
  const count = png.width * png.height;
  const rgb = new Uint8Array(count * 3);
  const grey = channels < 3;
  const alpha = channels === 2 || channels === 4;
  // 16-bit samples keep their high byte: the printer has 8 bits a channel at most.
  for (let i = 0, s = 0; i < count; i++, s += bpp) {
    const r = pixels[s]!;
    const g = grey ? r : pixels[s + sample]!;
    const b = grey ? r : pixels[s + 2 * sample]!;
    if (!alpha) {
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
      continue;
    }
    const a = pixels[s + (channels - 1) * sample]!;
    const white = 255 - a;
    rgb[i * 3] = (r * a + 255 * white + 127) / 255;
    rgb[i * 3 + 1] = (g * a + 255 * white + 127) / 255;
    rgb[i * 3 + 2] = (b * a + 255 * white + 127) / 255;
  }
  return rgb;
}

/** An 8-bit RGB PNG of the pixels, each row "Up"-filtered (a drawing's rows are much alike). */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng(rgb, width, height, 3);
}

/** An 8-bit greyscale PNG of one luminance byte a pixel (the relay bundle's drawings). */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng(grey, width, height, 1);
}

function encodePng(rgb: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8Array {
  const rowBytes = width * channels;
  const filtered = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const at = y * (rowBytes + 1);
    filtered[at] = 2;
    const row = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) filtered[at + 1 + x] = rgb[row + x]! - (y > 0 ? rgb[row - rowBytes + x]! : 0);
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 3 ? 2 : 0, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(filtered, { level: 6 })),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/**
 * Picture side images: PNG or JPEG from the kiosk, embedded once per document, fitted without stretching. An 8-bit
 * RGB or grey PNG goes into the PDF as it is (its compressed rows with the PNG predictor, which PDF readers undo);
 * other PNGs the kiosk sends (RGBA) are flattened onto white here with node's zlib (png-pixels.ts); only what that
 * does not read is left to pdf-lib's decoder.
 */
import { deflateSync } from 'node:zlib';
import { PDFRawStream, type PDFRef } from 'pdf-lib';
import type { VolyaDocument } from './document.js';
import { rgbOverWhite } from './png-pixels.js';

/** What the PNG checker learnt of a PNG: its header fields and its image data, compressed and inflated. */
export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  /** A tRNS chunk: a colour key or palette transparency. */
  transparency: boolean;
  /** The zlib stream of the image data (all IDAT chunks). */
  compressed: Uint8Array;
  /** Its length once inflated (filter bytes and packed rows); inflated again only when the pixels are needed. */
  inflatedLength: number;
}

export interface CardImage {
  type: 'png' | 'jpeg';
  /** The file (for a checked PNG, rebuilt from its checked chunks when first read). */
  readonly bytes: Uint8Array;
  /** Set for a PNG that went through the checker (png-check.ts). */
  png?: PngInfo;
}

/** An image XObject in a document, as pages draw it. */
export interface EmbeddedImage {
  ref: PDFRef;
  width: number;
  height: number;
}

/** Largest box with the image's aspect ratio inside (w × h), centred: never stretched, never cropped. */
export function containFit(imgW: number, imgH: number, x: number, y: number, w: number, h: number) {
  const scale = Math.min(w / imgW, h / imgH);
  const fw = imgW * scale;
  const fh = imgH * scale;
  return { x: x + (w - fw) / 2, y: y + (h - fh) / 2, w: fw, h: fh };
}

/** The bytes carry a PNG or JPEG signature but pdf-lib cannot read the rest (truncated, corrupt). */
export class UnreadableImageError extends Error {
  constructor(cause: unknown) {
    super('The picture could not be read', { cause });
    this.name = 'UnreadableImageError';
  }
}

/** A PNG as an image XObject without decoding in JavaScript where that is possible; undefined otherwise. */
function embedPngStream(doc: VolyaDocument, png: PngInfo): EmbeddedImage | undefined {
  const context = doc.pdf.context;
  const image = { Type: 'XObject', Subtype: 'Image', Width: png.width, Height: png.height, BitsPerComponent: 8 };
  const direct = png.bitDepth === 8 && png.interlace === 0 && !png.transparency && (png.colourType === 2 || png.colourType === 0);
  let stream;
  if (direct) {
    const colors = png.colourType === 2 ? 3 : 1;
    const dict = context.obj({
      ...image,
      ColorSpace: colors === 3 ? 'DeviceRGB' : 'DeviceGray',
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: 8, Columns: png.width },
    });
    stream = PDFRawStream.of(dict, png.compressed);
  } else {
    const rgb = rgbOverWhite(png);
    if (!rgb) return undefined;
    stream = PDFRawStream.of(context.obj({ ...image, ColorSpace: 'DeviceRGB', Filter: 'FlateDecode' }), deflateSync(rgb, { level: 6 }));
  }
  return { ref: context.register(stream), width: png.width, height: png.height };
}

const cache = new WeakMap<VolyaDocument, Map<CardImage, EmbeddedImage>>();

/**
 * Embeds the image into the document once, however many cards show it (one CardImage per picture: render-spec.ts
 * decodes a data URL once). Keyed by the picture, not its bytes: a checked PNG builds its bytes only if asked.
 */
export async function embedImage(doc: VolyaDocument, image: CardImage): Promise<EmbeddedImage> {
  let m = cache.get(doc);
  if (!m) cache.set(doc, (m = new Map()));
  let img = m.get(image);
  if (!img) {
    try {
      img =
        (image.png && embedPngStream(doc, image.png)) ??
        (image.type === 'png' ? await doc.pdf.embedPng(image.bytes) : await doc.pdf.embedJpg(image.bytes));
    } catch (e) {
      throw new UnreadableImageError(e);
    }
    m.set(image, img);
  }
  return img;
}

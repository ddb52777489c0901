/** Picture side images: PNG or JPEG from the kiosk, embedded once per document, fitted without stretching. */
import type { PDFImage } from 'pdf-lib';
import type { VolyaDocument } from './document.js';

export interface CardImage {
  type: 'png' | 'jpeg';
  bytes: Uint8Array;
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

const cache = new WeakMap<VolyaDocument, Map<Uint8Array, PDFImage>>();

/** Embeds the image into the document once, however many cards show it. */
export async function embedImage(doc: VolyaDocument, image: CardImage): Promise<PDFImage> {
  let m = cache.get(doc);
  if (!m) cache.set(doc, (m = new Map()));
  let img = m.get(image.bytes);
  if (!img) {
    try {
      img = image.type === 'png' ? await doc.pdf.embedPng(image.bytes) : await doc.pdf.embedJpg(image.bytes);
    } catch (e) {
      throw new UnreadableImageError(e);
    }
    m.set(image.bytes, img);
  }
  return img;
}

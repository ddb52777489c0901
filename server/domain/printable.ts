/**
 * The checks the PDF path makes while drawing, made before an item is stored to print later (the queue, a
 * translator's release): what passes here draws in a run, so one stored item never stops a run.
 */
import { HttpError } from '../http-error.js';
import { VolyaDocument } from '../pdf/document.js';
import { embedImage, type CardImage } from '../pdf/images.js';
import { postcardMessageFits } from '../pdf/postcard.js';
import { decodeImage } from './pdf-request.js';

/** Refuses a postcard message the card would cut (the same measure as POST /api/pdf). */
export function checkPostcardMessage(message: string): void {
  const fit = postcardMessageFits(message);
  if (!fit.fits) throw new HttpError(422, `text: the message is too long for a postcard: ${fit.lines} lines, ${fit.maxLines} fit`, 'text');
}

/** Decodes the picture and embeds it into a throwaway document, as a run will: a signature alone is not a picture. */
export async function readablePicture(dataUrl: string): Promise<CardImage> {
  const image = decodeImage(dataUrl);
  try {
    await embedImage(await VolyaDocument.create({ title: 'picture check', date: new Date(0) }), image);
  } catch {
    throw new HttpError(422, 'image: the picture is not a valid PNG or JPEG file', 'image');
  }
  return image;
}

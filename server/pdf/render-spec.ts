/**
 * One entry point from a render spec (what to draw, already worked out by domain/letter-spec.ts) to PDF bytes.
 * Runs in the render threads and in `npm run render`, so a preview, a direct print and the CLI draw the same thing.
 */
import { DomainError } from '../model/errors.js';
import type { LabelSheet } from '../model/vocabulary.js';
import { VolyaDocument } from './document.js';
import { drawAddressSheet, drawEnvelope, type AddressSheetSpec, type EnvelopeSpec } from './envelope.js';
import { embedImage, UnreadableImageError, type CardImage } from './images.js';
import { drawLabels } from './labels.js';
import { drawLetter, type LetterSpec } from './letter.js';
import { decodeImage } from './png-check.js';
import { encodeRgbPng, rgbOverWhite } from './png-pixels.js';
import { drawPostcardSheets } from './postcard-sheet.js';
import { drawPostcard, postcardMessageFits, type PostcardSpec } from './postcard.js';
import type { RenderResult } from './types.js';
import { PAPER, type Paper } from './units.js';

/** A postcard as specified: the picture still the data URL the kiosk sent, decoded here. */
export interface CardSpec extends Omit<PostcardSpec, 'image'> {
  image?: string;
}

export type RenderSpec = { title: string; date: Date } & (
  | { kind: 'letter'; letter: LetterSpec; addressSheet?: AddressSheetSpec }
  | { kind: 'postcards'; layout: 'single' | 'sheet'; paper: Paper; cards: CardSpec[] }
  | { kind: 'envelopes'; envelopes: EnvelopeSpec[] }
  | { kind: 'labels'; sheet: LabelSheet; blocks: string[][] }
);

/** Refuses a postcard message the card would cut: never printed short. */
export function checkPostcardMessage(message: string): void {
  const fit = postcardMessageFits(message);
  if (!fit.fits) throw new DomainError('unprocessable', `text: the message is too long for a postcard: ${fit.lines} lines, ${fit.maxLines} fit`, 'text');
}

/**
 * The checks drawing makes, made before an item is stored to print later (the queue, a translator's release): what
 * passes here draws in a run, so one stored item never stops a run. The picture is decoded and embedded into a
 * throwaway document, as a run will: a file signature alone is not a picture. A PNG with transparency or 16-bit
 * samples (a canvas export) comes back flattened to 8-bit RGB over white, to be stored instead: a run then embeds it
 * without decoding it again.
 */
export async function checkPrintable(item: { kind: 'letter' | 'postcard'; text: string; image?: string }): Promise<string | undefined> {
  if (item.kind === 'postcard' && item.text.trim()) checkPostcardMessage(item.text);
  if (!item.image) return undefined;
  let image = decodeImage(item.image);
  let stored = item.image;
  const png = image.png;
  const plain = png && png.bitDepth === 8 && png.interlace === 0 && !png.transparency && (png.colourType === 2 || png.colourType === 0);
  const rgb = png && !plain ? rgbOverWhite(png) : undefined;
  if (png && rgb) {
    stored = `data:image/png;base64,${Buffer.from(encodeRgbPng(rgb, png.width, png.height)).toString('base64')}`;
    image = decodeImage(stored);
  }
  try {
    await embedImage(await VolyaDocument.create({ title: 'picture check', date: new Date(0) }), image);
  } catch {
    throw new DomainError('unprocessable', 'image: the picture is not a valid PNG or JPEG file', 'image');
  }
  return stored;
}

export async function renderSpec(spec: RenderSpec): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: spec.title, date: spec.date });
  switch (spec.kind) {
    case 'letter':
      drawLetter(doc, spec.letter);
      if (spec.addressSheet) drawAddressSheet(doc, PAPER[spec.letter.paper], spec.addressSheet);
      break;
    case 'postcards': {
      // One decoded picture per data URL: cards for many people share it, and it is embedded once (images.ts).
      const pictures = new Map<string, CardImage>();
      const picture = (dataUrl: string) => pictures.get(dataUrl) ?? pictures.set(dataUrl, decodeImage(dataUrl)).get(dataUrl)!;
      const cards: PostcardSpec[] = spec.cards.map((c) => {
        checkPostcardMessage(c.message);
        return { ...c, image: c.image ? picture(c.image) : undefined };
      });
      try {
        if (spec.layout === 'single') for (const c of cards) await drawPostcard(doc, c);
        else await drawPostcardSheets(doc, cards, spec.paper);
      } catch (e) {
        if (e instanceof UnreadableImageError) throw new DomainError('unprocessable', 'image: the picture is not a valid PNG or JPEG file', 'image');
        throw e;
      }
      break;
    }
    case 'envelopes':
      for (const e of spec.envelopes) drawEnvelope(doc, e);
      break;
    case 'labels':
      drawLabels(doc, spec.blocks, spec.sheet);
      break;
  }
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

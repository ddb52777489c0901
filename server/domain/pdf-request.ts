/**
 * From a print request (what the kiosk or the CLI asks for) to PDF bytes: loads the people and settings,
 * builds address blocks and texts, and calls the pure renderers in server/pdf. Shared by POST /api/pdf and
 * `npm run render`, so both print exactly the same thing. Never logs or echoes the letter text.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { findPrisonerWithFacility, type PrisonerWithFacility } from '../db/prisoners.js';
import { getSettings, type Settings } from '../db/settings.js';
import { HttpError } from '../http-error.js';
import { recipientBlock, senderBlock } from './address.js';
import { templateLibrary, type ComposeInput, type Register } from './compose.js';
import { dativeFullName, transliterate } from './names.js';
import { VolyaDocument } from '../pdf/document.js';
import { drawEnvelope, type EnvelopeSize } from '../pdf/envelope.js';
import { UnreadableImageError, type CardImage } from '../pdf/images.js';
import { drawLabels, type LabelSheet } from '../pdf/labels.js';
import { drawLetter, MAX_LETTER_CHARS } from '../pdf/letter.js';
import { drawPostcard, MAX_POSTCARD_CHARS, postcardMessageFits, type PostcardSpec } from '../pdf/postcard.js';
import { drawPostcardSheets } from '../pdf/postcard-sheet.js';
import type { RenderResult } from '../pdf/types.js';

type Db = Kysely<DB> | Transaction<DB>;

export type PdfKind = 'letter' | 'postcard' | 'postcard-sheet' | 'envelope' | 'labels';

export interface PdfRequest {
  kind: PdfKind;
  prisonerId?: number;
  prisonerIds?: number[];
  templateId?: string;
  text?: string;
  englishText?: string;
  language?: 'ru' | 'en';
  sender?: { kind: 'single' | 'group'; gender?: 'male' | 'female'; name?: string; city?: string };
  register?: Register;
  paper?: 'a4' | 'letter';
  /** data:image/png;base64,… or data:image/jpeg;base64,… */
  image?: string;
  options?: { englishCopy?: boolean; envelopeSize?: EnvelopeSize; labelSheet?: LabelSheet };
}

export interface PdfInputs {
  prisoners: PrisonerWithFacility[];
  settings: Settings;
  today: Date;
}

/** Most people one request may print for (a label or envelope run for a whole list). */
export const MAX_PEOPLE_PER_REQUEST = 500;
/** Decoded size limit of a postcard picture. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
/** Most pixels of a PNG picture: it is decoded to 4 bytes a pixel, so a small file must not claim a huge image. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

function ids(req: PdfRequest): number[] {
  const list = req.prisonerIds?.length ? req.prisonerIds : req.prisonerId ? [req.prisonerId] : [];
  if (!list.length) throw new HttpError(422, 'Choose the person to write to (prisonerId or prisonerIds)', req.prisonerIds ? 'prisonerIds' : 'prisonerId');
  if (list.length > MAX_PEOPLE_PER_REQUEST) throw new HttpError(422, `At most ${MAX_PEOPLE_PER_REQUEST} people per request`, 'prisonerIds');
  return [...new Set(list)];
}

/**
 * Loads everyone the request names. With `publicOnly`, people who were released or from whom support was
 * withdrawn are refused (409), as the kiosk must never print for them; organizers' CLI may.
 */
export async function loadPdfInputs(db: Db, req: PdfRequest, opts: { publicOnly: boolean; today?: Date }): Promise<PdfInputs> {
  const field = req.prisonerIds?.length ? 'prisonerIds' : 'prisonerId';
  const prisoners: PrisonerWithFacility[] = [];
  for (const id of ids(req)) {
    const p = await findPrisonerWithFacility(db, id);
    if (!p) throw new HttpError(404, `No person with id ${id}`, field);
    if (opts.publicOnly && (p.status === 'released' || p.supportWithdrawn)) {
      throw new HttpError(409, `Person ${id} is not open for letters`, field);
    }
    if (!p.facility) throw new HttpError(409, `Person ${id} has no current address`, field);
    prisoners.push(p);
  }
  return { prisoners, settings: await getSettings(db), today: opts.today ?? new Date() };
}

/** Decodes and checks a data-URL picture: PNG or JPEG by content, not by label, and not too big. */
export function decodeImage(dataUrl: string): CardImage {
  const m = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$/u.exec(dataUrl);
  if (!m) throw new HttpError(422, 'The picture must be a PNG or JPEG data URL', 'image');
  const bytes = new Uint8Array(Buffer.from(m[2]!, 'base64'));
  if (bytes.length > MAX_IMAGE_BYTES) throw new HttpError(413, `The picture is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'image');
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) throw new HttpError(422, 'The picture is not a valid PNG or JPEG file', 'image');
  if (png) {
    // IHDR is always the first chunk: width and height at bytes 16–23.
    if (bytes.length < 33 || Buffer.from(bytes.subarray(12, 16)).toString('latin1') !== 'IHDR') {
      throw new HttpError(422, 'The picture is not a valid PNG or JPEG file', 'image');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width * height > MAX_IMAGE_PIXELS) throw new HttpError(413, `The picture is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1024 / 1024} megapixels`, 'image');
  }
  return { type: png ? 'png' : 'jpeg', bytes };
}

function composeInput(req: PdfRequest, p: PrisonerWithFacility, today: Date): ComposeInput {
  return {
    recipient: p,
    sender: req.sender ?? { kind: 'single' },
    register: req.register,
    today,
  };
}

/** The body text: the writer's own text if given, else the template filled in for this person. */
function bodyText(req: PdfRequest, p: PrisonerWithFacility, today: Date, language: 'ru' | 'en', max: number): string {
  let text = req.text;
  if (!text?.trim()) {
    if (!req.templateId) throw new HttpError(422, 'Give the text or a templateId', 'text');
    const lib = templateLibrary();
    if (!lib.get(req.templateId)) throw new HttpError(422, `Unknown template "${req.templateId}"`, 'templateId');
    text = lib.compose(req.templateId, composeInput(req, p, today))[language];
  }
  // Counted like the kiosk's counter and hint: characters (code points) of the trimmed text, so 🙂 is one, not two.
  const length = [...text.trim()].length;
  if (length > max) throw new HttpError(422, `The text is ${length} characters; the limit is ${max}`, 'text');
  return text;
}

/** A postcard message that fits the card; one that would be cut is refused, never printed short. */
function postcardMessage(req: PdfRequest, p: PrisonerWithFacility, today: Date, language: 'ru' | 'en'): string {
  const message = bodyText(req, p, today, language, MAX_POSTCARD_CHARS);
  const fit = postcardMessageFits(message);
  if (!fit.fits) throw new HttpError(422, `The message is too long for a postcard: ${fit.lines} lines, ${fit.maxLines} fit`, 'text');
  return message;
}

/** The writer's English copy, only when asked for: their own English text, else the template's English. */
function englishCopy(req: PdfRequest, p: PrisonerWithFacility, today: Date): string | undefined {
  if (req.options?.englishCopy !== true) return undefined;
  if (req.englishText?.trim()) {
    if (req.englishText.length > MAX_LETTER_CHARS) throw new HttpError(422, `The English copy is longer than ${MAX_LETTER_CHARS} characters`, 'englishText');
    return req.englishText;
  }
  if (req.templateId && templateLibrary().get(req.templateId)) {
    return templateLibrary().compose(req.templateId, composeInput(req, p, today)).en;
  }
  return undefined;
}

/** «Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.» — the line on every page of a letter. */
function recipientLine(p: PrisonerWithFacility): string {
  const name = dativeFullName(p);
  return p.birthYear ? `${name}, ${p.birthYear} г.р.` : name;
}

/** Latin file name: volya-letter-pchelintsev-2026-11-26.pdf */
export function pdfFileName(req: PdfRequest, inputs: PdfInputs): string {
  const who = inputs.prisoners.length === 1 ? transliterate(inputs.prisoners[0]!.surname) : `${inputs.prisoners.length}-people`;
  const slug = who.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-|-$/gu, '') || 'person';
  return `volya-${req.kind}-${slug}-${inputs.today.toISOString().slice(0, 10)}.pdf`;
}

/** Renders the request with the loaded inputs. */
export async function renderPdfRequest(req: PdfRequest, inputs: PdfInputs): Promise<RenderResult> {
  const { prisoners, settings, today } = inputs;
  const paper = req.paper ?? settings.paperSize;
  const language = req.language ?? 'ru';
  const sender = senderBlock(settings, { name: req.sender?.name });
  const address = (p: PrisonerWithFacility) => recipientBlock(p, p.facility!, { fromCountry: settings.collectiveCountry });
  const image = req.image ? decodeImage(req.image) : undefined;
  const doc = await VolyaDocument.create({ title: `Volya ${req.kind}`, date: today });

  switch (req.kind) {
    case 'letter': {
      const p = prisoners[0]!;
      drawLetter(doc, {
        paper,
        language,
        text: bodyText(req, p, today, language, MAX_LETTER_CHARS),
        englishText: englishCopy(req, p, today),
        recipientLine: recipientLine(p),
        recipientLatin: p.latinName,
        senderLines: sender,
        date: today,
      });
      break;
    }
    case 'postcard':
    case 'postcard-sheet': {
      const cards: PostcardSpec[] = prisoners.map((p) => ({
        language,
        message: postcardMessage(req, p, today, language),
        recipientLines: address(p),
        senderLines: sender,
        image,
      }));
      try {
        if (req.kind === 'postcard') for (const c of cards) await drawPostcard(doc, c);
        else await drawPostcardSheets(doc, cards, paper);
      } catch (e) {
        if (e instanceof UnreadableImageError) throw new HttpError(422, 'The picture is not a valid PNG or JPEG file', 'image');
        throw e;
      }
      break;
    }
    case 'envelope': {
      const size = req.options?.envelopeSize ?? (paper === 'letter' ? 'US10' : 'DL');
      for (const p of prisoners) {
        drawEnvelope(doc, { size, offset: settings.envelopeOffsets[size] ?? { xMm: 0, yMm: 0 }, recipientLines: address(p), senderLines: sender });
      }
      break;
    }
    case 'labels': {
      const sheet = req.options?.labelSheet ?? (paper === 'letter' ? '5160' : 'L7160');
      drawLabels(doc, prisoners.map(address), sheet);
      break;
    }
  }
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

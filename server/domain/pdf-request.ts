/**
 * From a print request (what the kiosk or the CLI asks for) and its loaded inputs (pdf-inputs.ts) to PDF bytes:
 * builds address blocks and texts, and calls the pure renderers in server/pdf. Runs in the render threads and in
 * `npm run render`, so both print exactly the same thing. Never logs or echoes the letter text.
 */
import type { PrisonerWithFacility } from '../db/prisoners.js';
import { HttpError } from '../http-error.js';
import { recipientBlock, senderBlock } from './address.js';
import { templateLibrary, type ComposeInput } from './compose.js';
import { dativeFullName } from './names.js';
import { VolyaDocument } from '../pdf/document.js';
import { drawEnvelope } from '../pdf/envelope.js';
import { UnreadableImageError } from '../pdf/images.js';
import { drawLabels } from '../pdf/labels.js';
import { drawLetter, MAX_LETTER_CHARS } from '../pdf/letter.js';
import { drawPostcard, MAX_POSTCARD_CHARS, postcardMessageFits, type PostcardSpec } from '../pdf/postcard.js';
import { drawPostcardSheets } from '../pdf/postcard-sheet.js';
import type { RenderResult } from '../pdf/types.js';
import { decodeImage, type PdfInputs, type PdfRequest } from './pdf-inputs.js';

// The request's shape, limits and loading live in pdf-inputs.ts (what the web thread needs); re-exported here for
// the CLI and the tests.
export * from './pdf-inputs.js';

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

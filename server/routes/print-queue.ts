/**
 * Public print routes used by the kiosk and phones: add a letter or postcard to the print queue, ask what
 * printing this client may do, and print one item straight to the default printer (the kiosk laptop only).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { addToQueue, type QueueContent } from '../db/print-queue.js';
import { findPrisoner } from '../db/prisoners.js';
import { getSettings, type Settings } from '../db/settings.js';
import { HttpError } from '../http-error.js';
import { MAX_LETTER_CHARS, MAX_POSTCARD_CHARS } from '../pdf/limits.js';
import { cupsInstalled, listPrinters, PrinterError, sendToPrinter } from '../printing/cups.js';
import { PAPER_MEDIA } from '../pdf/units.js';
import { loadPdfInputs, MAX_IMAGE_BYTES } from '../domain/pdf-inputs.js';
import { PdfBody } from './pdf.js';

/** Room for a postcard picture of MAX_IMAGE_BYTES as base64 plus the letter. */
const QUEUE_BODY_LIMIT = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 1024 * 1024;

/** The POST /api/pdf spec narrowed to what can be queued (a letter or a postcard), plus the translation flag. */
export const QueueSpec = Type.Composite(
  [
    Type.Omit(PdfBody, ['kind', 'prisonerId', 'prisonerIds']),
    Type.Object({
      kind: Type.Union([Type.Literal('letter'), Type.Literal('postcard')]),
      prisonerId: Type.Integer({ minimum: 1 }),
      needsTranslation: Type.Optional(Type.Boolean()),
    }),
  ],
  { additionalProperties: false },
);
export type QueueSpecType = Static<typeof QueueSpec>;

/** Checks a spec against the person and the length rules; returns the content to store. */
export async function contentOf(db: Kysely<DB>, spec: QueueSpecType): Promise<QueueContent> {
  const person = await findPrisoner(db, spec.prisonerId);
  if (!person) throw new HttpError(404, 'prisonerId: no such person', 'prisonerId');
  if (person.status === 'released' || person.supportWithdrawn === 1) {
    throw new HttpError(409, 'prisonerId: this person is no longer on the list of people to write to', 'prisonerId');
  }
  const text = spec.text ?? '';
  if (spec.needsTranslation) {
    if (!spec.englishText?.trim()) throw new HttpError(400, 'englishText: write the letter in English for the translator', 'englishText');
  } else if (!text.trim()) {
    throw new HttpError(400, 'text: the letter is empty', 'text');
  }
  // Everything a run will draw is checked now: a stored item must never make a run fail later.
  const max = spec.kind === 'postcard' ? MAX_POSTCARD_CHARS : MAX_LETTER_CHARS;
  if (text.length > max) throw new HttpError(422, `text: a ${spec.kind} holds at most ${max} characters`, 'text');
  if ((spec.englishText?.length ?? 0) > MAX_LETTER_CHARS) throw new HttpError(422, `englishText: at most ${MAX_LETTER_CHARS} characters`, 'englishText');
  // The checks measure with the PDF fonts: the engine loads on the first queued item, not at start.
  const { checkPostcardMessage, readablePicture } = await import('../domain/printable.js');
  if (spec.kind === 'postcard' && text.trim()) checkPostcardMessage(text);
  if (spec.image) {
    if (spec.kind !== 'postcard') throw new HttpError(400, 'image: only postcards carry a picture', 'image');
    await readablePicture(spec.image);
  }
  return {
    language: spec.needsTranslation ? 'ru' : (spec.language ?? 'ru'),
    text,
    englishText: spec.englishText,
    templateId: spec.templateId,
    sender: spec.sender,
    image: spec.image,
  };
}

/** The printer direct prints go to: the organizers' choice, else CUPS's system default; null without one. */
export async function defaultPrinterOf(app: { cups: Parameters<typeof listPrinters>[0] }, settings: Settings): Promise<string | null> {
  try {
    const list = await listPrinters(app.cups);
    const chosen = settings.defaultPrinter && list.printers.some((p) => p.name === settings.defaultPrinter) ? settings.defaultPrinter : null;
    return chosen ?? list.systemDefault;
  } catch (e) {
    if (e instanceof PrinterError) return null;
    throw e;
  }
}

export interface PrintQueueRouteOptions {
  /** Items one phone may queue per 10 minutes. */
  phoneQueueLimit: number;
}

export const printQueueRoutes: FastifyPluginAsyncTypebox<PrintQueueRouteOptions> = async (app, opts) => {
  app.post(
    '/queue',
    {
      bodyLimit: QUEUE_BODY_LIMIT,
      schema: { body: QueueSpec },
      config: { rateLimit: { max: opts.phoneQueueLimit, timeWindow: '10 minutes', allowList: (request) => !request.isPhone } },
    },
    async (request, reply) => {
      const settings = await getSettings(app.db);
      const content = await contentOf(app.db, request.body);
      const item = await addToQueue(app.db, {
        kind: request.body.kind,
        prisonerId: request.body.prisonerId,
        content,
        needsTranslation: request.body.needsTranslation === true,
        now: new Date(),
        retentionHours: settings.printRetentionHours,
      });
      return reply.status(201).send({ id: item.id, status: item.status, expiresAt: item.expiresAt });
    },
  );

  app.get('/print/capabilities', async (request) => {
    if (request.isPhone) return { queue: true, printer: null, phone: true };
    const settings = await getSettings(app.db);
    const printer = (await cupsInstalled(app.cups)) ? await defaultPrinterOf(app, settings) : null;
    return { queue: true, printer, phone: false };
  });

  app.post('/print', { bodyLimit: QUEUE_BODY_LIMIT, schema: { body: QueueSpec } }, async (request) => {
    if (request.isPhone) throw new HttpError(403, 'Phones cannot print: add the letter to the print queue instead.');
    if (request.body.needsTranslation) throw new HttpError(400, 'needsTranslation: a letter waiting for a translator goes to the queue, not the printer', 'needsTranslation');
    const settings = await getSettings(app.db);
    const content = await contentOf(app.db, request.body);
    const printer = await defaultPrinterOf(app, settings);
    if (!printer) throw new HttpError(409, 'No printer is set up: print from the browser, or add the letter to the print queue');
    // The same rendering as the kiosk's preview; a postcard goes on a sheet with crop marks for plain paper.
    const req = {
      ...request.body,
      kind: request.body.kind === 'postcard' ? ('postcard-sheet' as const) : ('letter' as const),
      // The writer is at the kiosk: their English copy prints on its own sheets only if they asked.
      englishText: request.body.options?.englishCopy ? content.englishText : undefined,
    };
    const inputs = await loadPdfInputs(app.db, req, { publicOnly: true });
    const paper = req.paper ?? settings.paperSize;
    const rendered = await app.renderer.render(req, inputs);
    const date = inputs.today;
    let jobId: string;
    try {
      jobId = await sendToPrinter({ printer, pdf: rendered.bytes, title: `Volya ${request.body.kind}`, copies: 1, duplex: true, media: PAPER_MEDIA[paper] }, app.cups);
    } catch (e) {
      if (e instanceof PrinterError) throw new HttpError(503, e.message);
      throw e;
    }
    await app.db
      .insertInto('printedItems')
      .values({ prisonerId: request.body.prisonerId, kind: request.body.kind, language: content.language, templateId: content.templateId ?? null, printedAt: date.toISOString() })
      .execute();
    return { printer, jobId, pages: rendered.pages };
  });
};

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
import { MAX_LETTER_CHARS, renderLetter } from '../pdf/letter.js';
import { MAX_POSTCARD_CHARS } from '../pdf/postcard.js';
import { renderPostcardSheet } from '../pdf/postcard-sheet.js';
import { cupsInstalled, listPrinters, PrinterError, sendToPrinter } from '../printing/cups.js';
import { runEntry } from '../printing/run-entries.js';
import { PAPER_MEDIA } from '../domain/print-run.js';

const Language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

/** The POST /api/pdf spec narrowed to what can be queued (a letter or a postcard), plus the translation flag. */
export const QueueSpec = Type.Object(
  {
    kind: Type.Union([Type.Literal('letter'), Type.Literal('postcard')]),
    prisonerId: Type.Integer({ minimum: 1 }),
    templateId: Type.Optional(Type.String({ maxLength: 100 })),
    text: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS })),
    englishText: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS })),
    language: Type.Optional(Language),
    sender: Type.Optional(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('single'), Type.Literal('group')]),
          gender: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female')])),
          name: Type.Optional(Type.String({ maxLength: 100 })),
          city: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    paper: Type.Optional(Type.Union([Type.Literal('a4'), Type.Literal('letter')])),
    image: Type.Optional(Type.String({ maxLength: 900_000, pattern: '^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$' })),
    options: Type.Optional(
      Type.Object(
        {
          englishCopy: Type.Optional(Type.Boolean()),
          envelopeSize: Type.Optional(Type.Union(['DL', 'C5', 'C6', 'US10'].map((s) => Type.Literal(s)))),
          labelSheet: Type.Optional(Type.Union([Type.Literal('L7160'), Type.Literal('5160')])),
        },
        { additionalProperties: false },
      ),
    ),
    needsTranslation: Type.Optional(Type.Boolean()),
  },
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
  if (spec.kind === 'postcard' && text.length > MAX_POSTCARD_CHARS) {
    throw new HttpError(400, `text: a postcard holds at most ${MAX_POSTCARD_CHARS} characters`, 'text');
  }
  if (spec.image && spec.kind !== 'postcard') throw new HttpError(400, 'image: only postcards carry a picture', 'image');
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

  app.post('/print', { schema: { body: QueueSpec } }, async (request) => {
    if (request.isPhone) throw new HttpError(403, 'Phones cannot print: add the letter to the print queue instead.');
    if (request.body.needsTranslation) throw new HttpError(400, 'needsTranslation: a letter waiting for a translator goes to the queue, not the printer', 'needsTranslation');
    const settings = await getSettings(app.db);
    const content = await contentOf(app.db, request.body);
    const printer = await defaultPrinterOf(app, settings);
    if (!printer) throw new HttpError(409, 'No printer is set up: print from the browser, or add the letter to the print queue');
    const entry = await runEntry(app.db, { id: 0, kind: request.body.kind, prisonerId: request.body.prisonerId, content }, settings);
    if (!entry) throw new HttpError(409, 'prisonerId: this person has no address on file', 'prisonerId');
    const paper = request.body.paper ?? settings.paperSize;
    const date = new Date();
    const rendered =
      entry.kind === 'letter'
        ? await renderLetter({
            paper,
            language: entry.language,
            text: entry.text,
            // The writer is at the kiosk: their English copy prints on its own sheets if they asked.
            englishText: request.body.options?.englishCopy ? content.englishText : undefined,
            recipientLine: entry.person.recipientLine,
            senderLines: entry.senderLines,
            date,
          })
        : await renderPostcardSheet([{ language: entry.language, message: entry.text, recipientLines: entry.person.recipientLines, senderLines: entry.senderLines, image: entry.image }], paper, date);
    let jobId: string;
    try {
      jobId = await sendToPrinter({ printer, pdf: rendered.bytes, title: `Volya ${entry.kind}`, copies: 1, duplex: true, media: PAPER_MEDIA[paper] }, app.cups);
    } catch (e) {
      if (e instanceof PrinterError) throw new HttpError(503, e.message);
      throw e;
    }
    await app.db
      .insertInto('printedItems')
      .values({ prisonerId: entry.person.id, kind: entry.kind, language: entry.language, templateId: content.templateId ?? null, printedAt: date.toISOString() })
      .execute();
    return { printer, jobId, pages: rendered.pages };
  });
};

/**
 * Print runs for organizers (services/print-runs.ts, services/print-queue.ts): the queue and held items, runs built
 * from the queue (combined PDF, manifest CSV), sending a run to a CUPS printer, printers and print settings, and the
 * envelope calibration page.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddressingSchema, EnvelopeSizeSchema, PaperSchema, VersionSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { calibrationPdf } from '../services/envelope-calibration.js';
import { discardItem, queueOverview, requeueItem } from '../services/print-queue.js';
import {
  createRun, listRuns, markRunPrinted, printers, runJobs, runManifestCsv, runPdf, runRelayBundle, sendRun, updatePrintSettings, type PrintRunContext,
} from '../services/print-runs.js';
import { relayZipStream } from '../pdf/relay-zip.js';
import { IdParams, PageQuery } from './schemas.js';

const PrinterName = Type.String({ minLength: 1, maxLength: 127, pattern: '^[^\\s/#]+$' });

export const adminPrintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx: PrintRunContext = {
    db: app.db, dbFile: app.database.file, batch: app.batch, cups: app.cups, runCache: app.runCache, runPictureBytes: app.pictureBudgets.runBytes,
  };

  app.get('/print/queue', { schema: { querystring: Type.Object(PageQuery, { additionalProperties: false }) } }, async (request) => ({
    ...(await queueOverview(app.db, request.query)),
    runs: await listRuns(ctx),
  }));

  app.delete('/print/queue/:id', { schema: { params: IdParams } }, async (request) => {
    await discardItem(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });

  app.post('/print/queue/:id/requeue', { schema: { params: IdParams } }, async (request) => {
    await requeueItem(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });

  app.post(
    '/print/runs',
    {
      schema: {
        body: Type.Object(
          {
            paper: Type.Optional(PaperSchema),
            addressing: Type.Optional(AddressingSchema),
            envelopeSize: Type.Optional(EnvelopeSizeSchema),
            itemIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await createRun(ctx, actorOf(request), request.body)),
  );

  app.get(
    '/print/runs/:id/pdf',
    { schema: { params: IdParams, querystring: Type.Object({ again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { bytes, pages } = await runPdf(ctx, request.params.id, request.query.again === true);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="volya-run-${request.params.id}.pdf"`)
        .header('x-volya-pages', String(pages))
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.get('/print/runs/:id/manifest.csv', { schema: { params: IdParams } }, async (request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="volya-run-${request.params.id}.csv"`)
      .send(await runManifestCsv(app.db, request.params.id)),
  );

  // A relay's part of the run as a ZIP, streamed: the files were made in the batch thread.
  app.get(
    '/print/runs/:id/relay.zip',
    { schema: { params: IdParams, querystring: Type.Object({ route: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const bundle = await runRelayBundle(ctx, request.params.id, request.query.route);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="volya-run-${request.params.id}-relay-${request.query.route}.zip"`)
        .header('cache-control', 'no-store')
        .header('x-volya-items', String(bundle.rows.length))
        .header('x-volya-refused', String(bundle.refused.length))
        .send(relayZipStream(bundle.files, bundle.date));
    },
  );

  app.post(
    '/print/runs/:id/mark-printed',
    { schema: { params: IdParams, body: Type.Object({ again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => markRunPrinted(ctx, actorOf(request), request.params.id),
  );

  app.post(
    '/print/runs/:id/send',
    {
      schema: {
        params: IdParams,
        body: Type.Object(
          { printer: Type.Optional(PrinterName), copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })), again: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => sendRun(ctx, actorOf(request), request.params.id, request.body),
  );

  app.get('/print/runs/:id/jobs', { schema: { params: IdParams } }, async (request) => runJobs(ctx, request.params.id));

  app.get('/print/printers', async () => printers(ctx));

  app.get(
    '/print/calibration.pdf',
    { schema: { querystring: Type.Object({ size: EnvelopeSizeSchema }, { additionalProperties: false }) } },
    async (request, reply) => {
      const result = await calibrationPdf(app.db, app.batch, request.query.size);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${result.fileName}"`)
        .header('x-volya-pages', String(result.pages))
        .send(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength));
    },
  );

  app.put(
    '/print/settings',
    {
      schema: {
        body: Type.Object(
          {
            defaultPrinter: Type.Optional(Type.Union([Type.Null(), PrinterName])),
            printRetentionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 72 })),
            phonesAllowed: Type.Optional(Type.Boolean()),
            replyLine: Type.Optional(Type.Boolean()),
            replyKit: Type.Optional(Type.Boolean()),
            version: VersionSchema,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => updatePrintSettings(ctx, actorOf(request), request.body),
  );
};

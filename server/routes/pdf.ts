/**
 * POST /api/pdf — a print-ready PDF for the kiosk; POST /api/pdf/report — the same work, answered with the
 * page count, size and the characters that could not be printed (for a warning before printing).
 * Letter bodies are never logged: Fastify does not log bodies, and errors here name fields, not text.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { loadPdfInputs, pdfFileName, MAX_PEOPLE_PER_REQUEST, type PdfRequest } from '../domain/pdf-inputs.js';
import { MAX_LETTER_CHARS } from '../pdf/limits.js';
import { ErrorReply } from './schemas.js';
import { refuseWhenSaturated } from '../render/render-pool.js';

const Gender = Type.Union([Type.Literal('male'), Type.Literal('female')]);

// The text limit is checked in the handler (422 naming the field, with the actual length); the schema's
// generous cap only keeps absurd bodies out.
export const PdfBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('letter'), Type.Literal('postcard'), Type.Literal('postcard-sheet'), Type.Literal('envelope'), Type.Literal('labels')]),
    prisonerId: Type.Optional(Type.Integer({ minimum: 1 })),
    prisonerIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: MAX_PEOPLE_PER_REQUEST })),
    templateId: Type.Optional(Type.String({ maxLength: 100 })),
    text: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS * 4 })),
    englishText: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS * 4 })),
    language: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
    sender: Type.Optional(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('single'), Type.Literal('group')]),
          gender: Type.Optional(Gender),
          name: Type.Optional(Type.String({ maxLength: 100 })),
          city: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    register: Type.Optional(Type.Union([Type.Literal('ty'), Type.Literal('vy')])),
    paper: Type.Optional(Type.Union([Type.Literal('a4'), Type.Literal('letter')])),
    image: Type.Optional(Type.String({ maxLength: 4_300_000 })),
    options: Type.Optional(
      Type.Object(
        {
          englishCopy: Type.Optional(Type.Boolean()),
          envelopeSize: Type.Optional(Type.Union([Type.Literal('DL'), Type.Literal('C5'), Type.Literal('C6'), Type.Literal('US10')])),
          labelSheet: Type.Optional(Type.Union([Type.Literal('L7160'), Type.Literal('5160')])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Replacement = Type.Object({ char: Type.String(), codePoint: Type.String(), count: Type.Integer(), replacement: Type.String() });

/** A postcard picture as a data URL is up to ~4 MB of base64; the app's default body limit is 1 MB. */
const PDF_BODY_LIMIT = 4.5 * 1024 * 1024;

export const pdfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const render = async (body: Static<typeof PdfBody>, reply: FastifyReply) => {
    const req = body as PdfRequest;
    // A client that closes the connection before its answer no longer needs the render.
    const abandoned = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abandoned.abort();
    });
    const inputs = await loadPdfInputs(app.db, req, { publicOnly: true });
    return { result: await app.renderer.render(req, inputs, abandoned.signal), fileName: pdfFileName(req, inputs) };
  };

  app.post(
    '/pdf',
    // No response schema: the reply is PDF bytes; errors go through the app's single error handler.
    { bodyLimit: PDF_BODY_LIMIT, onRequest: refuseWhenSaturated(app.renderer), schema: { body: PdfBody } },
    async (request, reply) => {
      const { result, fileName } = await render(request.body, reply);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="${fileName}"`)
        .header('X-Volya-Pages', String(result.pages))
        .header('X-Volya-Replaced', encodeURIComponent(JSON.stringify(result.replaced)))
        .header('Cache-Control', 'no-store')
        .send(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength));
    },
  );

  app.post(
    '/pdf/report',
    {
      bodyLimit: PDF_BODY_LIMIT,
      onRequest: refuseWhenSaturated(app.renderer),
      schema: {
        body: PdfBody,
        response: {
          200: Type.Object({ pages: Type.Integer(), bytes: Type.Integer(), replaced: Type.Array(Replacement) }),
          404: ErrorReply,
          409: ErrorReply,
          413: ErrorReply,
          422: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const { result } = await render(request.body, reply);
      return { pages: result.pages, bytes: result.bytes.length, replaced: result.replaced };
    },
  );
};

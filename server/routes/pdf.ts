/**
 * POST /api/pdf — a print-ready PDF for the kiosk; POST /api/pdf/report — the same work, answered with the
 * page count, size and the characters that could not be printed (for a warning before printing).
 * Letter bodies are never logged: Fastify does not log bodies, and errors name fields, not text.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { PdfRequestSchema, type PdfRequest } from '../model/schemas.js';
import { refuseWhenSaturated } from '../render/render-pool.js';
import { pdfFor } from '../services/letters.js';
import { ErrorReply } from './schemas.js';

const Replacement = Type.Object({ char: Type.String(), codePoint: Type.String(), count: Type.Integer(), replacement: Type.String() });

/** Replaced characters named in the X-Volya-Replaced header; the count header tells how many there were in all. */
const REPLACED_IN_HEADER = 10;

/** A postcard picture as a data URL is up to ~4 MB of base64; the app's default body limit is 1 MB. */
const PDF_BODY_LIMIT = 4.5 * 1024 * 1024;

export const pdfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const render = (req: PdfRequest, reply: FastifyReply) => {
    // A client that closes the connection before its answer no longer needs the render.
    const abandoned = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abandoned.abort();
    });
    return pdfFor(app.db, app.renderer, req, { scope: 'kiosk', abandoned: abandoned.signal });
  };

  app.post(
    '/pdf',
    // No response schema: the reply is PDF bytes; errors go through the app's single error handler.
    { bodyLimit: PDF_BODY_LIMIT, onRequest: refuseWhenSaturated(app.renderer), schema: { body: PdfRequestSchema } },
    async (request, reply) => {
      const { result, fileName } = await render(request.body, reply);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="${fileName}"`)
        .header('X-Volya-Pages', String(result.pages))
        // Bounded: a text of 20,000 distinct unprintable characters must not make a header of megabytes.
        .header('X-Volya-Replaced', encodeURIComponent(JSON.stringify(result.replaced.slice(0, REPLACED_IN_HEADER))))
        .header('X-Volya-Replaced-Count', String(result.replaced.length))
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
        body: PdfRequestSchema,
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

/**
 * Public print routes used by the kiosk and phones: add a letter or postcard to the print queue, ask what
 * printing this client may do, and print one item straight to the default printer (the kiosk laptop only).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_IMAGE_BYTES } from '../model/limits.js';
import { QueueRequestSchema } from '../model/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { capabilities, printNow, queueItem } from '../services/print-queue.js';

/** Room for a postcard picture of MAX_IMAGE_BYTES as base64 plus the letter. */
const QUEUE_BODY_LIMIT = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 1024 * 1024;

export interface PrintQueueRouteOptions {
  /** Items one phone may queue per 10 minutes. */
  phoneQueueLimit: number;
}

export const printQueueRoutes: FastifyPluginAsyncTypebox<PrintQueueRouteOptions> = async (app, opts) => {
  app.post(
    '/queue',
    {
      bodyLimit: QUEUE_BODY_LIMIT,
      schema: { body: QueueRequestSchema },
      config: { rateLimit: { max: opts.phoneQueueLimit, timeWindow: '10 minutes', allowList: (request) => !request.isPhone } },
    },
    async (request, reply) => {
      const phone = request.isPhone ? { address: request.ip, pictureBytesPer10Min: app.pictureBudgets.phoneBytesPer10Min } : undefined;
      const item = await queueItem(app.db, app.renderer, request.body, phone);
      return reply.status(201).send({ id: item.id, status: item.status, expiresAt: item.expiresAt });
    },
  );

  app.get('/print/capabilities', async (request) => capabilities(app.db, app.cups, request.isPhone));

  app.post('/print', { bodyLimit: QUEUE_BODY_LIMIT, schema: { body: QueueRequestSchema } }, async (request) => {
    if (request.isPhone) throw new HttpError(403, 'Phones cannot print: add the letter to the print queue instead.');
    return printNow(app.db, app.renderer, app.cups, request.body);
  });
};

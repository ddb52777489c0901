/**
 * Delivery routes, the postal-status table, the ledger of numbered items and their outcomes, and the per-person
 * delivery actions (preferred route, address confirmed, letters allowed to a suspect address). docs/delivery.md.
 */
import fastifyMultipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AllowWhileSuspectSchema, OutcomeRequestSchema, PostalStatusInputSchema, PreferredRouteRequestSchema, RouteEditSchema, RouteInputSchema,
  VersionedSchema,
} from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import {
  allowWhileSuspect, attachReplyFile, confirmAddress, listLedgerPage, recordOutcome, REPLY_FILE_MAX_BYTES, replyFileOf,
} from '../services/ledger.js';
import { adminView } from '../services/people.js';
import {
  createRoute, deleteRouteAudited, deliveryWarnings, getRoute, listRoutes, postalStatusTable, routeView, setPostalStatus, setPreferredRoute,
  updateRouteAudited,
} from '../services/routes.js';
import { readUpload } from './multipart-upload.js';
import { IdParams, PageQuery } from './schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

export const adminDeliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/routes', async () => ({ routes: await listRoutes(app.db), warnings: await deliveryWarnings(app.db) }));

  app.get('/routes/:id', { schema: { params: IdParams } }, async (request) => getRoute(app.db, request.params.id));

  app.post('/routes', { schema: { body: RouteInputSchema } }, async (request, reply) =>
    reply.status(201).send(routeView(await createRoute(app.db, actorOf(request), request.body))),
  );

  app.put('/routes/:id', { schema: { params: IdParams, body: RouteEditSchema } }, async (request) =>
    routeView(await updateRouteAudited(app.db, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/routes/:id',
    { schema: { params: IdParams, querystring: Type.Object({ moveTo: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }) } },
    async (request) => ({ ok: true, ...(await deleteRouteAudited(app.db, actorOf(request), request.params.id, request.query.moveTo)) }),
  );

  app.get('/delivery-warnings', async () => ({ warnings: await deliveryWarnings(app.db) }));

  app.get('/postal-status', async () => ({ countries: await postalStatusTable(app.db), warnings: await deliveryWarnings(app.db) }));

  app.put(
    '/postal-status/:country',
    { schema: { params: Type.Object({ country: Type.String({ minLength: 1, maxLength: 8 }) }), body: PostalStatusInputSchema } },
    async (request) => setPostalStatus(app.db, actorOf(request), request.params.country, request.body),
  );

  app.get(
    '/ledger',
    {
      schema: {
        querystring: Type.Object(
          {
            personId: Type.Optional(Type.Integer({ minimum: 1 })),
            route: Type.Optional(Type.Integer({ minimum: 1 })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { personId, route, ...rest } = request.query;
      return listLedgerPage(app.db, { ...rest, prisonerId: personId, routeId: route });
    },
  );

  app.post('/ledger/:id/outcome', { schema: { params: IdParams, body: OutcomeRequestSchema } }, async (request) =>
    recordOutcome(app.db, actorOf(request), request.params.id, request.body),
  );

  // Multipart only for the upload: the other routes keep taking JSON alone.
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart);
    upload.post('/ledger/:id/reply-file', { schema: { params: IdParams } }, async (request) => {
      const file = await readUpload(request, REPLY_FILE_MAX_BYTES, 'the scan');
      return attachReplyFile(app.db, actorOf(request), (request.params as { id: number }).id, file.file);
    });
  });

  app.get('/ledger/:id/reply-file', { schema: { params: IdParams } }, async (request, reply) => {
    const file = await replyFileOf(app.db, request.params.id);
    return reply
      .header('content-type', file.mime)
      .header('content-disposition', `attachment; filename="reply-${request.params.id}.${file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg'}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.bytes);
  });

  app.post('/prisoners/:id/preferred-route', { schema: { params: IdParams, body: PreferredRouteRequestSchema } }, async (request) =>
    adminView(app.db, await setPreferredRoute(app.db, actorOf(request), request.params.id, request.body.routeId, request.body.version)),
  );

  app.post('/prisoners/:id/address-confirmed', { schema: { params: IdParams, body: VersionedSchema } }, async (request) =>
    adminView(app.db, await confirmAddress(app.db, actorOf(request), request.params.id, request.body.version)),
  );

  app.post('/prisoners/:id/allow-while-suspect', { schema: { params: IdParams, body: AllowWhileSuspectSchema } }, async (request) =>
    adminView(app.db, await allowWhileSuspect(app.db, actorOf(request), request.params.id, request.body.allow, request.body.version)),
  );
};

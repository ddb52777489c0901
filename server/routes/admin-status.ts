/** Status actions on people and facilities; each one is a named entry in the audit log. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MoveEveryoneRequestSchema, TransferRequestSchema, VersionedSchema, VersionSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { moveEveryoneAt } from '../services/facilities.js';
import { adminView, releasePrisoner, setSupportWithdrawn, transferPrisoner } from '../services/people.js';
import { IdParams } from './schemas.js';

export const adminStatusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/prisoners/:id/transfer', { schema: { params: IdParams, body: TransferRequestSchema } }, async (request) =>
    adminView(app.db, await transferPrisoner(app.db, actorOf(request), request.params.id, request.body)),
  );

  app.post('/prisoners/:id/release', { schema: { params: IdParams, body: VersionedSchema } }, async (request) =>
    adminView(app.db, await releasePrisoner(app.db, actorOf(request), request.params.id, request.body.version)),
  );

  app.post(
    '/prisoners/:id/withdraw-support',
    { schema: { params: IdParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }), version: VersionSchema }, { additionalProperties: false }) } },
    async (request) => adminView(app.db, await setSupportWithdrawn(app.db, actorOf(request), request.params.id, request.body.version, true, request.body.note)),
  );

  app.post('/prisoners/:id/restore-support', { schema: { params: IdParams, body: VersionedSchema } }, async (request) =>
    adminView(app.db, await setSupportWithdrawn(app.db, actorOf(request), request.params.id, request.body.version, false, null)),
  );

  app.post('/facilities/:id/move-everyone', { schema: { params: IdParams, body: MoveEveryoneRequestSchema } }, async (request) =>
    moveEveryoneAt(app.db, actorOf(request), request.params.id, request.body),
  );
};

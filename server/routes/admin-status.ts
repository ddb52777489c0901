/** Status actions on people and facilities; each one is a named entry in the audit log. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { moveEveryoneAt, releasePrisoner, setSupportWithdrawn, transferPrisoner } from '../db/status-actions.js';
import { getSettings } from '../db/settings.js';
import { FacilityBody, IdParams, StatusSchema } from './schemas.js';
import { actorOf, monthsAgo, toAdminPerson } from './admin-prisoners.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const addressFields = {
  facilityId: Type.Optional(Type.Integer({ minimum: 1 })),
  newFacility: Type.Optional(FacilityBody),
  addressAsOf: Day,
  addressSource: Type.String({ minLength: 1, maxLength: 500 }),
};

export const adminStatusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const asPerson = async (row: Parameters<typeof toAdminPerson>[0]) => toAdminPerson(row, monthsAgo((await getSettings(app.db)).staleMonths));

  app.post(
    '/prisoners/:id/transfer',
    { schema: { params: IdParams, body: Type.Object({ ...addressFields, status: Type.Optional(StatusSchema) }, { additionalProperties: false }) } },
    async (request) => asPerson(await transferPrisoner(app.db, actorOf(request), request.params.id, request.body)),
  );

  app.post('/prisoners/:id/release', { schema: { params: IdParams } }, async (request) =>
    asPerson(await releasePrisoner(app.db, actorOf(request), request.params.id)),
  );

  app.post(
    '/prisoners/:id/withdraw-support',
    { schema: { params: IdParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }) } },
    async (request) => asPerson(await setSupportWithdrawn(app.db, actorOf(request), request.params.id, true, request.body.note)),
  );

  app.post('/prisoners/:id/restore-support', { schema: { params: IdParams } }, async (request) =>
    asPerson(await setSupportWithdrawn(app.db, actorOf(request), request.params.id, false, null)),
  );

  app.post(
    '/facilities/:id/move-everyone',
    { schema: { params: IdParams, body: Type.Object({ ...addressFields, removeOld: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => moveEveryoneAt(app.db, actorOf(request), request.params.id, request.body),
  );
};

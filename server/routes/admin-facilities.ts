/** Admin CRUD for facilities; every change audited. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countPrisonersAt, findFacility, listFacilities } from '../db/facilities.js';
import { createFacility, deleteFacilityAudited, updateFacilityAudited } from '../db/audited-changes.js';
import { HttpError } from '../http-error.js';
import { FacilityBody, IdParams } from './schemas.js';
import { actorOf } from './admin-prisoners.js';

export const adminFacilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/facilities', async () => {
    const rows = await listFacilities(app.db);
    const withCounts = await Promise.all(
      rows.map(async (f) => ({ ...f, isDemo: f.isDemo === 1, people: await countPrisonersAt(app.db, f.id) })),
    );
    return { facilities: withCounts };
  });

  app.get('/facilities/:id', { schema: { params: IdParams } }, async (request) => {
    const f = await findFacility(app.db, request.params.id);
    if (!f) throw new HttpError(404, `No facility with id ${request.params.id}`, 'id');
    return { ...f, isDemo: f.isDemo === 1, people: await countPrisonersAt(app.db, f.id) };
  });

  app.post('/facilities', { schema: { body: FacilityBody } }, async (request, reply) => {
    const row = await createFacility(app.db, actorOf(request), request.body);
    return reply.status(201).send({ ...row, isDemo: row.isDemo === 1 });
  });

  app.put('/facilities/:id', { schema: { params: IdParams, body: FacilityBody } }, async (request) => {
    const row = await updateFacilityAudited(app.db, actorOf(request), request.params.id, request.body);
    return { ...row, isDemo: row.isDemo === 1 };
  });

  app.delete('/facilities/:id', { schema: { params: IdParams } }, async (request) => {
    await deleteFacilityAudited(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });
};

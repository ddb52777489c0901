/** Admin CRUD for facilities; every change audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FacilityEditSchema, FacilityInputSchema, FacilityKindSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { createFacility, deleteFacilityAudited, facilityView, getFacility, listFacilities, updateFacilityAudited } from '../services/facilities.js';
import { IdParams, PageQuery } from './schemas.js';

export const adminFacilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/facilities',
    {
      schema: {
        querystring: Type.Object(
          {
            kind: Type.Optional(FacilityKindSchema),
            region: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('region'), Type.Literal('kind')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => listFacilities(app.db, request.query),
  );

  app.get('/facilities/:id', { schema: { params: IdParams } }, async (request) => getFacility(app.db, request.params.id));

  app.post('/facilities', { schema: { body: FacilityInputSchema } }, async (request, reply) => {
    const row = await createFacility(app.db, actorOf(request), request.body);
    return reply.status(201).send(facilityView(row));
  });

  app.put('/facilities/:id', { schema: { params: IdParams, body: FacilityEditSchema } }, async (request) =>
    facilityView(await updateFacilityAudited(app.db, actorOf(request), request.params.id, request.body)),
  );

  app.delete('/facilities/:id', { schema: { params: IdParams } }, async (request) => {
    await deleteFacilityAudited(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });
};

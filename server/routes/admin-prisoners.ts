/** Admin CRUD for people: every field, private notes included; every change audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PersonEditSchema, PersonInputSchema, StatusSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import {
  adminView, createPrisoner, deletePrisonerAudited, getPerson, listPeople, removeDemoData, updatePrisonerAudited,
} from '../services/people.js';
import { IdParams } from './schemas.js';

export const adminPrisonerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/prisoners',
    {
      schema: {
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            status: Type.Optional(StatusSchema),
            facilityId: Type.Optional(Type.Integer({ minimum: 1 })),
            demo: Type.Optional(Type.Boolean()),
            stale: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ prisoners: await listPeople(app.db, request.query) }),
  );

  app.get('/prisoners/:id', { schema: { params: IdParams } }, async (request) => getPerson(app.db, request.params.id));

  app.post('/prisoners', { schema: { body: PersonInputSchema } }, async (request, reply) =>
    reply.status(201).send(await adminView(app.db, await createPrisoner(app.db, actorOf(request), request.body))),
  );

  app.put('/prisoners/:id', { schema: { params: IdParams, body: PersonEditSchema } }, async (request) =>
    adminView(app.db, await updatePrisonerAudited(app.db, actorOf(request), request.params.id, request.body)),
  );

  app.delete('/prisoners/:id', { schema: { params: IdParams } }, async (request) => {
    await deletePrisonerAudited(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });

  app.post('/demo/remove', async (request) => removeDemoData(app.db, actorOf(request)));
};

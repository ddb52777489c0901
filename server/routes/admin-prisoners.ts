/** Admin CRUD for people: every field, private notes included; every change audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PersonEditSchema, PersonInputSchema, StatusSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import {
  adminView, createPrisoner, deletePrisonerAudited, getPerson, listPeople, removeDemoData, updatePrisonerAudited,
} from '../services/people.js';
import { IdParams, PageQuery } from './schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

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
            region: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            demo: Type.Optional(Type.Boolean()),
            stale: Type.Optional(Type.Boolean()),
            suspect: Type.Optional(Type.Boolean()),
            lastLetterBefore: Type.Optional(Day),
            lastLetterSince: Type.Optional(Day),
            sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('lastLetter'), Type.Literal('addressAsOf'), Type.Literal('printed')])),
            order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => listPeople(app.db, request.query),
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

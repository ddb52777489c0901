/** Admin CRUD for people: every field, private notes included; every change audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { findPrisonerWithFacility, listPrisonersForAdmin } from '../db/prisoners.js';
import { createPrisoner, deletePrisonerAudited, removeDemoData, updatePrisonerAudited } from '../db/audited-changes.js';
import type { Prisoner } from '../db/schema.js';
import type { Actor } from '../db/audit.js';
import { getSettings } from '../db/settings.js';
import { HttpError } from '../http-error.js';
import { IdParams, PrisonerBody, StatusSchema } from './schemas.js';

export function actorOf(request: FastifyRequest): Actor {
  const o = request.session?.organizer;
  return { id: o?.id ?? null, username: o?.username ?? null };
}

/** Months before today as an ISO day: the stale threshold. */
export function monthsAgo(months: number, now = new Date()): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

export function toAdminPerson(p: Prisoner, staleBefore: string) {
  return {
    ...p,
    languages: p.languages.split(','),
    latinNameSet: p.latinNameSet === 1,
    supportWithdrawn: p.supportWithdrawn === 1,
    isDemo: p.isDemo === 1,
    stale: p.status !== 'released' && (p.addressAsOf === null || p.addressAsOf < staleBefore),
  };
}

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
    async (request) => {
      const settings = await getSettings(app.db);
      const staleBefore = monthsAgo(settings.staleMonths);
      const { stale, ...filter } = request.query;
      const rows = await listPrisonersForAdmin(app.db, { ...filter, staleBefore: stale ? staleBefore : undefined });
      return { prisoners: rows.map((p) => toAdminPerson(p, staleBefore)) };
    },
  );

  app.get('/prisoners/:id', { schema: { params: IdParams } }, async (request) => {
    const p = await findPrisonerWithFacility(app.db, request.params.id);
    if (!p) throw new HttpError(404, `No person with id ${request.params.id}`, 'id');
    const settings = await getSettings(app.db);
    return { ...toAdminPerson(p, monthsAgo(settings.staleMonths)), facility: p.facility };
  });

  app.post('/prisoners', { schema: { body: PrisonerBody } }, async (request, reply) => {
    const row = await createPrisoner(app.db, actorOf(request), request.body);
    const settings = await getSettings(app.db);
    return reply.status(201).send(toAdminPerson(row, monthsAgo(settings.staleMonths)));
  });

  app.put('/prisoners/:id', { schema: { params: IdParams, body: PrisonerBody } }, async (request) => {
    const row = await updatePrisonerAudited(app.db, actorOf(request), request.params.id, request.body);
    const settings = await getSettings(app.db);
    return toAdminPerson(row, monthsAgo(settings.staleMonths));
  });

  app.delete('/prisoners/:id', { schema: { params: IdParams } }, async (request) => {
    await deletePrisonerAudited(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });

  app.post('/demo/remove', async (request) => {
    return removeDemoData(app.db, actorOf(request));
  });
};

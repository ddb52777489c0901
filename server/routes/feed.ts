/** The published list feed, read-only, for chapters on the same network (only when the organizers switch it on). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { servedFeed } from '../services/feeds.js';

export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/feed/:name.json', { schema: { params: Type.Object({ name: Type.String({ maxLength: 63 }) }) } }, async (request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(await servedFeed(app.db, request.params.name)),
  );
};

/** GET /api/health: liveness plus a cheap database round trip. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ping } from '../db/health.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { schema: { response: { 200: Type.Object({ ok: Type.Boolean(), db: Type.Boolean(), uptimeSeconds: Type.Number() }) } } },
    async () => {
      await ping(app.db);
      return { ok: true, db: true, uptimeSeconds: Math.round(process.uptime()) };
    },
  );
};

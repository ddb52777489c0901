/** GET /api/health: liveness plus a cheap database round trip. */
import { sql } from 'kysely';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { schema: { response: { 200: Type.Object({ ok: Type.Boolean(), db: Type.Boolean(), uptimeSeconds: Type.Number() }) } } },
    async () => {
      await sql`select 1`.execute(app.db);
      return { ok: true, db: true, uptimeSeconds: Math.round(process.uptime()) };
    },
  );
};

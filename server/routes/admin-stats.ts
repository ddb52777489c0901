/** Counts of printed items: per person (fewest first), per kind and language, per day; CSV export. Counts only. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayIso } from '../domain/records.js';
import { printStats, printStatsCsv } from '../services/stats.js';
import { PageQuery } from './schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Range = { from: Type.Optional(Day), to: Type.Optional(Day) };

export const adminStatsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/stats', { schema: { querystring: Type.Object({ ...Range, ...PageQuery }, { additionalProperties: false }) } }, async (request) => printStats(app.db, request.query));

  app.get(
    '/stats.csv',
    {
      schema: {
        querystring: Type.Object(
          { ...Range, table: Type.Union([Type.Literal('people'), Type.Literal('kinds'), Type.Literal('days')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { table, ...range } = request.query;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="volya-printed-${table}-${todayIso()}.csv"`)
        .send(await printStatsCsv(app.db, range, table));
    },
  );
};

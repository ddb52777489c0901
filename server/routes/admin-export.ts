/** Export of the full list as CSV (the import's own columns; people, and facilities on their own) and JSON. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayIso } from '../domain/records.js';
import { exportCsv, exportFacilitiesCsv, exportJson } from '../services/exports.js';

export const adminExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/export.csv', async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="volya-people-${todayIso()}.csv"`)
      .send(await exportCsv(app.db)),
  );

  app.get('/export-facilities.csv', async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="volya-facilities-${todayIso()}.csv"`)
      .send(await exportFacilitiesCsv(app.db)),
  );

  app.get('/export.json', async (_request, reply) =>
    reply.header('content-disposition', `attachment; filename="volya-people-${todayIso()}.json"`).send(await exportJson(app.db)),
  );
};

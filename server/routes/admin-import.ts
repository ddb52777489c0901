/**
 * CSV import of people or facilities: a dry run reports every row without writing; apply writes all or nothing and
 * can be undone. The upload is streamed to a file and the batch thread does the work (services/imports.ts).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FACILITY_IMPORT_FIELDS, IMPORT_FIELDS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, REQUIRED_FIELDS } from '../domain/csv-import.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { importUpload, undoImport } from '../services/imports.js';
import { saveUpload } from './multipart-upload.js';
import { IdParams } from './schemas.js';

export const adminImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/import/limits', async () => ({
    maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS, fields: IMPORT_FIELDS, required: REQUIRED_FIELDS, facilityFields: FACILITY_IMPORT_FIELDS,
  }));

  for (const [path, apply] of [['/import/dry-run', false], ['/import/apply', true]] as const) {
    app.post(path, async (request) =>
      importUpload(app.database, app.batch, { save: (target) => saveUpload(request, IMPORT_MAX_BYTES, 'the CSV file', target), apply, actor: actorOf(request) }),
    );
  }

  app.post('/import/:id/undo', { schema: { params: IdParams } }, async (request) => undoImport(app.database, app.batch, actorOf(request), request.params.id));
};

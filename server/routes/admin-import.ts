/**
 * CSV import: a dry run reports every row without writing; apply writes all or nothing. Both run in the batch
 * thread (services/imports.ts).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IMPORT_FIELDS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, REQUIRED_FIELDS } from '../domain/csv-import.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { importUpload } from '../services/imports.js';
import { readUpload } from './multipart-upload.js';

export const adminImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/import/limits', async () => ({ maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS, fields: IMPORT_FIELDS, required: REQUIRED_FIELDS }));

  for (const [path, apply] of [['/import/dry-run', false], ['/import/apply', true]] as const) {
    app.post(path, async (request) => {
      const upload = await readUpload(request, IMPORT_MAX_BYTES, 'the CSV file');
      return importUpload(app.database, app.batch, { bytes: upload.file, filename: upload.filename, fields: upload.fields, apply, actor: actorOf(request) });
    });
  }
};

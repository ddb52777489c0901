/** One-click backup and restore (services/backup.ts). */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { backupSnapshot, restoreSnapshot, RESTORE_MAX_BYTES } from '../services/backup.js';
import { saveUpload } from './multipart-upload.js';

export const adminBackupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/backup', async (request, reply) => {
    const { bytes, fileName } = await backupSnapshot(app.database, actorOf(request));
    return reply.type('application/vnd.sqlite3').header('content-disposition', `attachment; filename="${fileName}"`).send(bytes);
  });

  app.post('/restore', async (request) => {
    const receive = (file: string) => saveUpload(request, RESTORE_MAX_BYTES, 'the snapshot', file);
    return restoreSnapshot(app.database, app.runCache, actorOf(request), receive, request.cookies[SESSION_COOKIE]);
  });
};

/**
 * One-click backup and restore. Backup uses SQLite's online backup API on the live handle, so the snapshot is
 * consistent while people keep printing. Restore validates the upload, keeps the current database aside as a
 * timestamped file, and swaps the live database under the running app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../db/audit.js';
import { validateSnapshot } from '../db/snapshot.js';
import { findSession } from '../db/organizers.js';
import { SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { HttpError } from '../http-error.js';
import { saveUpload } from './multipart-upload.js';
import { actorOf } from './admin-prisoners.js';

/** Largest snapshot accepted for a restore. */
export const RESTORE_MAX_BYTES = 512 * 1024 * 1024;

/** 2026-11-26T23-05-09Z: sortable, and safe in file names on every system. */
function stamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

/** The file the current database is kept as during a restore: beside it, with the time in the name. */
export function keptAsideName(dbFile: string, now = new Date()): string {
  const ext = path.extname(dbFile);
  return path.join(path.dirname(dbFile), `${path.basename(dbFile, ext)}-before-restore-${stamp(now)}${ext || '.db'}`);
}

export const adminBackupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/backup', async (request, reply) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-backup-'));
    const file = path.join(dir, 'snapshot.db');
    try {
      await app.database.sqlite.backup(file);
      const bytes = fs.readFileSync(file);
      await recordAudit(app.db, actorOf(request), { action: 'backup', entity: 'database', entityId: null, after: { bytes: bytes.length } });
      return reply
        .type('application/vnd.sqlite3')
        .header('content-disposition', `attachment; filename="volya-backup-${stamp()}.db"`)
        .send(bytes);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  app.post('/restore', async (request) => {
    if (app.database.file === ':memory:') throw new HttpError(409, 'An in-memory database cannot be restored');
    const target = app.database.file;
    const incoming = `${target}.restore-${stamp()}.tmp`;
    const upload = await saveUpload(request, RESTORE_MAX_BYTES, 'the snapshot', incoming);
    let info;
    try {
      info = validateSnapshot(incoming);
    } catch (e) {
      fs.rmSync(incoming, { force: true });
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(incoming + suffix, { force: true });
      throw e;
    }
    const keptAs = keptAsideName(target);
    await app.database.replaceWith(incoming, keptAs);
    // Built runs belong to the replaced database: a run of the same id in the restored one is another run.
    app.runCache.clear();
    await recordAudit(app.db, actorOf(request), {
      action: 'restore', entity: 'database', entityId: null,
      after: { from: upload.filename, keptAs: path.basename(keptAs), prisoners: info.prisoners },
    });
    // The restored database has its own sessions: say so when this one is not among them.
    const token = request.cookies[SESSION_COOKIE];
    const stillSignedIn = token ? (await findSession(app.db, token)) !== undefined : false;
    return { ok: true, keptAs: path.basename(keptAs), prisoners: info.prisoners, stillSignedIn };
  });
};

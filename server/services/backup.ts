/**
 * One-click backup and restore. Backup uses SQLite's online backup API on the live handle, so the snapshot is
 * consistent while people keep printing. Restore validates the upload, keeps the current database aside as a
 * timestamped file, and swaps the live database under the running app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/connect.js';
import { recordAudit, type Actor } from '../db/audit.js';
import { findSession } from '../db/organizers.js';
import { validateSnapshot } from '../db/snapshot.js';
import { DomainError } from '../model/errors.js';
import type { RunCache } from '../printing/run-cache.js';

/** Largest snapshot accepted for a restore. */
export const RESTORE_MAX_BYTES = 512 * 1024 * 1024;

/** 2026-11-26T23-05-09Z: sortable, and safe in file names on every system. */
export function stamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

/** The file the current database is kept as during a restore: beside it, with the time in the name. */
export function keptAsideName(dbFile: string, now = new Date()): string {
  const ext = path.extname(dbFile);
  return path.join(path.dirname(dbFile), `${path.basename(dbFile, ext)}-before-restore-${stamp(now)}${ext || '.db'}`);
}

/** A consistent snapshot of the live database, as bytes; the download is audited. */
export async function backupSnapshot(database: Database, actor: Actor): Promise<{ bytes: Buffer; fileName: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-backup-'));
  const file = path.join(dir, 'snapshot.db');
  try {
    await database.sqlite.backup(file);
    const bytes = fs.readFileSync(file);
    await recordAudit(database.db, actor, { action: 'backup', entity: 'database', entityId: null, after: { bytes: bytes.length } });
    return { bytes, fileName: `volya-backup-${stamp()}.db` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Where an upload for a restore is written before it is checked: beside the database, on the same disk. */
export function incomingRestoreFile(database: Database): string {
  if (database.file === ':memory:') throw new DomainError('conflict', 'An in-memory database cannot be restored');
  return `${database.file}.restore-${stamp()}.tmp`;
}

/** Checks the uploaded snapshot and swaps it in; the running database is kept aside. */
export async function restoreSnapshot(
  database: Database, runCache: RunCache, actor: Actor, upload: { file: string; filename: string }, sessionToken: string | undefined,
) {
  let info;
  try {
    info = validateSnapshot(upload.file);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(upload.file + suffix, { force: true });
    throw e;
  }
  const keptAs = keptAsideName(database.file);
  await database.replaceWith(upload.file, keptAs);
  // Built runs belong to the replaced database: a run of the same id in the restored one is another run.
  runCache.clear();
  await recordAudit(database.db, actor, {
    action: 'restore', entity: 'database', entityId: null,
    after: { from: upload.filename, keptAs: path.basename(keptAs), prisoners: info.prisoners },
  });
  // The restored database has its own sessions: say so when this one is not among them.
  const stillSignedIn = sessionToken ? (await findSession(database.db, sessionToken)) !== undefined : false;
  return { ok: true, keptAs: path.basename(keptAs), prisoners: info.prisoners, stillSignedIn };
}

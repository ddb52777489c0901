/**
 * One-click backup and restore. Backup uses SQLite's online backup API on the live handle, so the snapshot is
 * consistent while people keep printing. Restore builds a new database from the upload's known tables and columns
 * (db/snapshot.ts), keeps the current database aside as a file with the time in its name, and swaps the new one in
 * under the running app. Copies in the making live in a private folder beside the database, emptied at start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/connect.js';
import { recordAudit, type Actor } from '../db/audit.js';
import { findSession } from '../db/organizers.js';
import { buildFromSnapshot } from '../db/snapshot.js';
import { DomainError } from '../model/errors.js';
import type { RunCache } from '../printing/run-cache.js';

/** Largest snapshot accepted for a restore. */
export const RESTORE_MAX_BYTES = 512 * 1024 * 1024;

/** 2026-11-26T23-05-09Z: sortable, and safe in file names on every system. */
export function stamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

/** A random part for file names: two restores within one second must not share a name. */
function unique(): string {
  return crypto.randomBytes(4).toString('hex');
}

/** The file the current database is kept as during a restore: beside it, with the time in the name. */
export function keptAsideName(dbFile: string, now = new Date()): string {
  const ext = path.extname(dbFile);
  return path.join(path.dirname(dbFile), `${path.basename(dbFile, ext)}-before-restore-${stamp(now)}-${unique()}${ext || '.db'}`);
}

/**
 * The private folder (0700) for backup copies and restores in the making, beside the database so a restore's
 * rename stays on one disk. They hold queued letters: nothing of them is left in TMPDIR.
 */
export function workFolder(dbFile: string): string {
  return path.join(path.dirname(dbFile), `${path.basename(dbFile, path.extname(dbFile))}-tmp`);
}

function privateFolder(database: Database): string {
  if (database.file === ':memory:') return os.tmpdir();
  const dir = workFolder(database.file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Removes what a crash left in the private folder: half-written backups and restores, with letters inside. */
export function sweepWorkFolder(dbFile: string): void {
  if (dbFile !== ':memory:') fs.rmSync(workFolder(dbFile), { recursive: true, force: true });
}

/** A consistent snapshot of the live database, as bytes; the download is audited. */
export async function backupSnapshot(database: Database, actor: Actor): Promise<{ bytes: Buffer; fileName: string }> {
  const dir = fs.mkdtempSync(path.join(privateFolder(database), 'backup-'));
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

/** Where an upload for a restore is written before it is checked: in the private folder, on the database's disk. */
function incomingRestoreFile(database: Database): string {
  if (database.file === ':memory:') throw new DomainError('conflict', 'An in-memory database cannot be restored');
  return path.join(privateFolder(database), `upload-${stamp()}-${unique()}.db`);
}

function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/** Databases with a restore under way: one at a time, or two swaps could interleave. */
const restoring = new WeakSet<Database>();

/**
 * Receives the snapshot (`receive` writes the upload to the file it is given), builds a new database from it and swaps
 * it in; the running database is kept aside. The restore counts as running from the first byte of the upload, so a
 * second one sent meanwhile is refused at once.
 */
export async function restoreSnapshot(
  database: Database, runCache: RunCache, actor: Actor, receive: (file: string) => Promise<{ file: string; filename: string }>,
  sessionToken: string | undefined,
) {
  if (restoring.has(database)) {
    throw new DomainError('conflict', 'file: another restore is running; try again when it has finished. The running database was not changed', 'file');
  }
  restoring.add(database);
  try {
    const upload = await receive(incomingRestoreFile(database));
    const built = path.join(path.dirname(upload.file), `restoring-${stamp()}-${unique()}.db`);
    let info;
    try {
      info = await buildFromSnapshot(upload.file, built);
    } catch (e) {
      removeDatabaseFile(built);
      throw e;
    } finally {
      removeDatabaseFile(upload.file);
    }
    const keptAs = keptAsideName(database.file);
    try {
      await database.replaceWith(built, keptAs);
    } catch (e) {
      removeDatabaseFile(built);
      throw new DomainError('unavailable', `file: the restored database could not be put in place (${(e as Error).message}); the running database was not changed`, 'file');
    }
    // Built runs belong to the replaced database: a run of the same id in the restored one is another run.
    runCache.clear();
    await recordAudit(database.db, actor, {
      action: 'restore', entity: 'database', entityId: null,
      after: { from: upload.filename, keptAs: path.basename(keptAs), prisoners: info.prisoners },
    });
    // The restored database has its own sessions: say so when this one is not among them.
    const stillSignedIn = sessionToken ? (await findSession(database.db, sessionToken)) !== undefined : false;
    return { ok: true, keptAs: path.basename(keptAs), prisoners: info.prisoners, stillSignedIn };
  } finally {
    restoring.delete(database);
  }
}

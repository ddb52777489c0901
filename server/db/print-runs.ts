/** Print runs: what was built from the queue, how its parts went to the printer, and the manifest. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, PrintRun, PrintRunStatus } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findRun(db: Db, id: number): Promise<PrintRun | undefined> {
  return db.selectFrom('printRuns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRecentRuns(db: Db, limit: number): Promise<PrintRun[]> {
  return db.selectFrom('printRuns').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export function insertRun(db: Db, values: Pick<PrintRun, 'paper' | 'addressing' | 'envelopeSize'>): Promise<PrintRun> {
  return db.insertInto('printRuns').values(values).returningAll().executeTakeFirstOrThrow();
}

export type RunFields = Partial<Pick<PrintRun, 'status' | 'pages' | 'parts' | 'manifest' | 'sentAt' | 'printer' | 'jobId' | 'error'>>;

export function updateRun(db: Db, id: number, fields: RunFields): Promise<PrintRun> {
  return db.updateTable('printRuns').set(fields).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Sets `fields` only while the run still has status `from`; true when it did. */
export async function updateRunIf(db: Db, id: number, from: PrintRunStatus, fields: RunFields): Promise<boolean> {
  const row = await db.updateTable('printRuns').set(fields).where('id', '=', id).where('status', '=', from).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function deleteRun(db: Db, id: number): Promise<void> {
  await db.deleteFrom('printRuns').where('id', '=', id).execute();
}

/** Runs a stopped server left 'sending' resume like any interrupted run (each sent job was recorded). */
export async function interruptSendingRuns(db: Db, error: string): Promise<void> {
  await db.updateTable('printRuns').set({ status: 'interrupted', error }).where('status', '=', 'sending').execute();
}

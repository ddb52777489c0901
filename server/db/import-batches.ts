/** Import batches (an applied import and what it wrote, for the history and an undo) and facility keys. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, ImportBatch } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertImportBatch(
  db: Db,
  values: { organizerId: number | null; organizerName: string | null; target: 'people' | 'facilities'; filename: string; summary: unknown },
): Promise<number> {
  const row = await db
    .insertInto('importBatches')
    .values({ ...values, summary: JSON.stringify(values.summary) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findImportBatch(db: Db, id: number): Promise<ImportBatch | undefined> {
  return db.selectFrom('importBatches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markImportUndone(db: Db, id: number): Promise<void> {
  await db.updateTable('importBatches').set({ undoneAt: new Date().toISOString() }).where('id', '=', id).execute();
}

/** The per-row audit entries an import wrote (action 'import'), oldest first. */
export function importedRows(db: Db, batchId: number) {
  return db
    .selectFrom('auditLog')
    .select(['id', 'entity', 'entityId', 'before', 'after'])
    .where('importBatchId', '=', batchId)
    .where('action', '=', 'import')
    .where('entity', 'in', ['prisoner', 'facility'])
    .orderBy('id')
    .execute();
}

export function listFacilityKeys(db: Db) {
  return db.selectFrom('facilityKeys').select(['key', 'facilityId']).execute();
}

export async function setFacilityKey(db: Db, facilityId: number, key: string): Promise<void> {
  await db.deleteFrom('facilityKeys').where('facilityId', '=', facilityId).execute();
  await db.insertInto('facilityKeys').values({ key, facilityId }).execute();
}

export async function removeFacilityKey(db: Db, facilityId: number): Promise<void> {
  await db.deleteFrom('facilityKeys').where('facilityId', '=', facilityId).execute();
}

/** SQLite binds at most 32,766 parameters; ids go in slices well below that. */
const SLICE = 500;

async function inSlices<T>(ids: number[], run: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(...(await run(ids.slice(i, i + SLICE))));
  return out;
}

export function prisonersByIds(db: Db, ids: number[]) {
  return inSlices(ids, (slice) => db.selectFrom('prisoners').selectAll().where('id', 'in', slice).execute());
}

export function facilitiesByIds(db: Db, ids: number[]) {
  return inSlices(ids, (slice) => db.selectFrom('facilities').selectAll().where('id', 'in', slice).execute());
}

/** Of these people, the ones with letters queued or printed: deleting them would lose letters or counts. */
export async function peopleWithLetters(db: Db, ids: number[]): Promise<number[]> {
  const queued = await inSlices(ids, (slice) => db.selectFrom('printQueue').select('prisonerId as id').where('prisonerId', 'in', slice).execute());
  const printed = await inSlices(ids, (slice) => db.selectFrom('printedItems').select('prisonerId as id').where('prisonerId', 'in', slice).execute());
  return [...new Set([...queued, ...printed].map((r) => r.id).filter((id): id is number => id !== null))];
}

/** Of these facilities, the ones where people other than `leaving` live. */
export async function facilitiesInUse(db: Db, facilityIds: number[], leaving: Set<number>): Promise<number[]> {
  const rows = await inSlices(facilityIds, (slice) => db.selectFrom('prisoners').select(['id', 'facilityId']).where('facilityId', 'in', slice).execute());
  return [...new Set(rows.filter((r) => !leaving.has(r.id)).map((r) => r.facilityId!))];
}

export async function deletePrisonersByIds(db: Db, ids: number[]): Promise<void> {
  await inSlices(ids, async (slice) => (await db.deleteFrom('prisoners').where('id', 'in', slice).execute(), []));
}

/** List feeds: the publishing key, the publishers taken from, previews, and the records linked to a publisher. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Facility, FeedPublisher, NewFacility, NewPrisoner, Prisoner } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findSigningKey(db: Db) {
  return db.selectFrom('feedSigningKey').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Stores a new key pair; the sequence goes on, so chapters never see a number again. */
export async function saveSigningKey(db: Db, key: { publicKey: string; privateKey: string }): Promise<void> {
  await db
    .insertInto('feedSigningKey')
    .values({ id: 1, ...key })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...key, createdAt: new Date().toISOString() }))
    .execute();
}

export async function recordPublished(db: Db, sequence: number, at: string, file: string): Promise<void> {
  await db.updateTable('feedSigningKey').set({ lastSequence: sequence, lastPublishedAt: at, lastFile: file }).where('id', '=', 1).execute();
}

/** The people a feed publishes (demo people never): all, or those marked shared. */
export function listPublishablePrisoners(db: Db, sharedOnly: boolean): Promise<Prisoner[]> {
  let q = db.selectFrom('prisoners').selectAll().where('isDemo', '=', 0);
  if (sharedOnly) q = q.where('shared', '=', 1);
  return q.orderBy('id').execute();
}

export function listFacilitiesByIds(db: Db, ids: number[]): Promise<Facility[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('facilities').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function setPrisonersShared(db: Db, ids: number[], shared: boolean): Promise<number> {
  if (!ids.length) return 0;
  const result = await db.updateTable('prisoners').set({ shared: shared ? 1 : 0 }).where('id', 'in', ids).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listSharingChoices(db: Db) {
  return db.selectFrom('prisoners').select(['id', 'surname', 'givenName', 'patronymic', 'latinName', 'shared', 'isDemo', 'feedPublisherId']).orderBy('surname').orderBy('givenName').execute();
}

export function listPublishers(db: Db): Promise<FeedPublisher[]> {
  return db.selectFrom('feedPublishers').selectAll().orderBy('name').execute();
}

export function findPublisher(db: Db, id: number): Promise<FeedPublisher | undefined> {
  return db.selectFrom('feedPublishers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPublisherByKey(db: Db, publicKey: string): Promise<FeedPublisher | undefined> {
  return db.selectFrom('feedPublishers').selectAll().where('publicKey', '=', publicKey).executeTakeFirst();
}

export function insertPublisher(db: Db, values: { name: string; publicKey: string; fingerprint: string }): Promise<FeedPublisher> {
  return db.insertInto('feedPublishers').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Removes a publisher; the people and facilities taken from it stay, as local records. */
export async function deletePublisher(db: Db, id: number): Promise<void> {
  for (const table of ['prisoners', 'facilities'] as const) {
    await db.updateTable(table).set({ feedPublisherId: null, feedKey: null, feedBase: null }).where('feedPublisherId', '=', id).execute();
  }
  await db.deleteFrom('feedPublishers').where('id', '=', id).execute();
}

export async function markFeedTaken(db: Db, id: number, taken: { sequence: number; feedAt: string; at: string }): Promise<void> {
  await db.updateTable('feedPublishers').set({ lastSequence: taken.sequence, lastFeedAt: taken.feedAt, lastTakenAt: taken.at }).where('id', '=', id).execute();
}

export async function insertPreview(db: Db, values: { id: string; publisherId: number; sequence: number; body: string }): Promise<void> {
  await db.insertInto('feedPreviews').values(values).execute();
}

export function findPreview(db: Db, id: string) {
  return db.selectFrom('feedPreviews').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Previews of this publisher at or below a sequence (taken now), and any older than `before`. */
export async function deletePreviews(db: Db, filter: { publisherId: number; upTo: number } | { before: string }): Promise<void> {
  let q = db.deleteFrom('feedPreviews');
  q = 'before' in filter ? q.where('createdAt', '<', filter.before) : q.where('publisherId', '=', filter.publisherId).where('sequence', '<=', filter.upTo);
  await q.execute();
}

export function listLinkedPrisoners(db: Db, publisherId: number): Promise<Prisoner[]> {
  return db.selectFrom('prisoners').selectAll().where('feedPublisherId', '=', publisherId).execute();
}

export function listLinkedFacilities(db: Db, publisherId: number): Promise<Facility[]> {
  return db.selectFrom('facilities').selectAll().where('feedPublisherId', '=', publisherId).execute();
}

// Rows per insert statement, well under SQLite's limit of bound variables.
const CHUNK = 500;

export async function insertPrisonersChunked(db: Db, values: NewPrisoner[]): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await db.insertInto('prisoners').values(values.slice(i, i + CHUNK)).execute();
}

export function insertLinkedFacility(db: Db, values: NewFacility): Promise<Facility> {
  return db.insertInto('facilities').values(values).returningAll().executeTakeFirstOrThrow();
}

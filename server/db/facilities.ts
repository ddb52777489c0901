/** Facility repository. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Facility, FacilityUpdate, NewFacility } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findFacility(db: Db, id: number): Promise<Facility | undefined> {
  return db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listFacilities(db: Db): Promise<Facility[]> {
  return db.selectFrom('facilities').selectAll().orderBy('name').execute();
}

export async function insertFacility(db: Db, values: NewFacility): Promise<Facility> {
  return db.insertInto('facilities').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateFacility(db: Db, id: number, values: FacilityUpdate): Promise<Facility> {
  return db
    .updateTable('facilities')
    .set({ ...values, updatedAt: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteFacility(db: Db, id: number): Promise<void> {
  await db.deleteFrom('facilities').where('id', '=', id).execute();
}

export async function countPrisonersAt(db: Db, facilityId: number): Promise<number> {
  const row = await db
    .selectFrom('prisoners')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('facilityId', '=', facilityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every facility with the number of people held there, in one query. */
export function listFacilitiesWithCounts(db: Db): Promise<(Facility & { people: number })[]> {
  return db
    .selectFrom('facilities as f')
    .selectAll('f')
    .select((eb) => eb.selectFrom('prisoners as p').select(eb.fn.countAll<number>().as('n')).whereRef('p.facilityId', '=', 'f.id').as('people'))
    .orderBy('f.name')
    .execute() as Promise<(Facility & { people: number })[]>;
}

export function listDemoFacilities(db: Db): Promise<Facility[]> {
  return db.selectFrom('facilities').selectAll().where('isDemo', '=', 1).execute();
}

export function listAllFacilities(db: Db): Promise<Facility[]> {
  return db.selectFrom('facilities').selectAll().orderBy('name').execute();
}

export async function anyFacility(db: Db): Promise<boolean> {
  return (await db.selectFrom('facilities').select('id').limit(1).executeTakeFirst()) !== undefined;
}

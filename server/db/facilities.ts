/** Facility repository. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterCursor, orderBy, toPage, type Page, type SortKeys } from './paging.js';
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

export type FacilitySort = 'name' | 'region' | 'kind';

/** The facility list's orders, each ending in name and id. */
export function facilitySortKeys(sort: FacilitySort): SortKeys<Facility> {
  const name = sql`f.name`;
  const id = sql`f.id`;
  if (sort === 'region') return { name: 'region', exprs: [sql`coalesce(f.region, '')`, name, id], values: (f) => [f.region ?? '', f.name, f.id] };
  if (sort === 'kind') return { name: 'kind', exprs: [sql`f.kind`, name, id], values: (f) => [f.kind, f.name, f.id] };
  return { name: 'name', exprs: [name, id], values: (f) => [f.name, f.id] };
}

export interface FacilityFilter {
  kind?: Facility['kind'];
  region?: string;
}

function facilitiesFiltered(db: Db, filter: FacilityFilter) {
  let q = db.selectFrom('facilities as f');
  if (filter.kind) q = q.where('f.kind', '=', filter.kind);
  if (filter.region !== undefined) q = q.where('f.region', '=', filter.region);
  return q;
}

/** One page of facilities with the number of people held at each, and (on the first page) how many match in all. */
export async function listFacilitiesWithCounts(
  db: Db, filter: FacilityFilter, page: { keys: SortKeys<Facility>; cursor?: string; limit: number },
): Promise<Page<Facility & { people: number }> & { total?: number }> {
  let q = facilitiesFiltered(db, filter)
    .selectAll('f')
    .select((eb) => eb.selectFrom('prisoners as p').select(eb.fn.countAll<number>().as('n')).whereRef('p.facilityId', '=', 'f.id').as('people'));
  const after = afterCursor(page.keys, page.cursor);
  if (after) q = q.where(after);
  const rows = (await q.orderBy(orderBy(page.keys)).limit(page.limit + 1).execute()) as (Facility & { people: number })[];
  // Counted on the first page only: a count over 50,000 rows on every page would cost more than the page.
  if (page.cursor !== undefined) return toPage(page.keys, rows, page.limit);
  const { n } = await facilitiesFiltered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ...toPage(page.keys, rows, page.limit), total: Number(n) };
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

/** Delivery routes and the postal-status table: the ways items leave, and where mail to Russia still runs. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewRoute, PostalStatusRow, Route, RouteUpdate } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function listRouteRows(db: Db): Promise<Route[]> {
  return db.selectFrom('routes').selectAll().orderBy('isDefault', 'desc').orderBy('name').orderBy('id').execute();
}

export function findRoute(db: Db, id: number): Promise<Route | undefined> {
  return db.selectFrom('routes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefaultRoute(db: Db): Promise<Route | undefined> {
  return db.selectFrom('routes').selectAll().where('isDefault', '=', 1).executeTakeFirst();
}

export function insertRoute(db: Db, values: NewRoute): Promise<Route> {
  return db.insertInto('routes').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateRoute(db: Db, id: number, values: RouteUpdate): Promise<Route> {
  return db
    .updateTable('routes')
    .set({ ...values, updatedAt: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Takes the default flag off every route but `id` (call before setting it on `id`: the unique index allows one). */
export async function clearDefaultExcept(db: Db, id: number): Promise<Route[]> {
  return db
    .updateTable('routes')
    .set({ isDefault: 0, updatedAt: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('isDefault', '=', 1)
    .where('id', '!=', id)
    .returningAll()
    .execute();
}

export async function deleteRoute(db: Db, id: number): Promise<void> {
  await db.deleteFrom('routes').where('id', '=', id).execute();
}

/** Queue items not printed yet that will take this route. */
export async function countWaitingOnRoute(db: Db, routeId: number): Promise<number> {
  const row = await db
    .selectFrom('printQueue')
    .select(sql<number>`count(*)`.as('n'))
    .where('routeId', '=', routeId)
    .where('status', '!=', 'printed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves every queue item (printed or not) from one route to another; returns how many waiting ones moved. */
export async function moveQueueRoute(db: Db, fromId: number, toId: number): Promise<number> {
  const waiting = await countWaitingOnRoute(db, fromId);
  await db.updateTable('printQueue').set({ routeId: toId }).where('routeId', '=', fromId).execute();
  return waiting;
}

/** People who prefer this route: they prefer `toId` instead (null: the default). */
export async function movePreferredRoute(db: Db, fromId: number, toId: number | null): Promise<number> {
  const r = await db.updateTable('prisoners').set({ preferredRouteId: toId }).where('preferredRouteId', '=', fromId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function listPostalStatus(db: Db): Promise<PostalStatusRow[]> {
  return db.selectFrom('postalStatus').selectAll().orderBy('country').execute();
}

export function findPostalStatus(db: Db, country: string): Promise<PostalStatusRow | undefined> {
  return db.selectFrom('postalStatus').selectAll().where('country', '=', country).executeTakeFirst();
}

/** Creates or changes one country's row (its version goes up on a change). */
export async function upsertPostalStatus(db: Db, row: Pick<PostalStatusRow, 'country' | 'status' | 'asOf' | 'source'>): Promise<PostalStatusRow> {
  return db
    .insertInto('postalStatus')
    .values(row)
    .onConflict((oc) => oc.column('country').doUpdateSet({
      status: row.status, asOf: row.asOf, source: row.source, updatedAt: new Date().toISOString(), version: sql<number>`version + 1`,
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

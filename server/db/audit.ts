/** The audit log: who changed what, with the row before and after. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export interface Actor {
  id: number | null;
  username: string | null;
}

type AuditEntryInput = { action: string; entity: string; entityId: number | null; before?: unknown; after?: unknown; importBatchId?: number };

function auditValues(actor: Actor, entry: AuditEntryInput) {
  return {
    organizerId: actor.id,
    organizerName: actor.username,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    importBatchId: entry.importBatchId ?? null,
  };
}

export async function recordAudit(db: Kysely<DB> | Transaction<DB>, actor: Actor, entry: AuditEntryInput): Promise<void> {
  await db.insertInto('auditLog').values(auditValues(actor, entry)).execute();
}

/** Many audit rows in one statement: bulk changes (a CSV import) stay fast. */
export async function recordAuditMany(db: Kysely<DB> | Transaction<DB>, actor: Actor, entries: AuditEntryInput[]): Promise<void> {
  if (entries.length) await db.insertInto('auditLog').values(entries.map((e) => auditValues(actor, e))).execute();
}

export interface AuditFilter {
  entity?: string;
  entityId?: number;
  organizerId?: number;
  /** Entries at or after this instant (ISO). */
  from?: string;
  /** Entries before this instant (ISO). */
  to?: string;
  /** The rows of one import only. */
  importBatchId?: number;
  /** One entry per import: its rows are left out (they are listed with importBatchId). */
  grouped: boolean;
  limit: number;
  offset: number;
}

export async function listAudit(db: Kysely<DB> | Transaction<DB>, filter: AuditFilter) {
  let q = db.selectFrom('auditLog').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entityId', '=', filter.entityId);
  if (filter.organizerId !== undefined) q = q.where('organizerId', '=', filter.organizerId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  if (filter.importBatchId !== undefined) q = q.where('importBatchId', '=', filter.importBatchId).where('entity', '!=', 'import');
  if (filter.grouped) q = q.where((eb) => eb.or([eb('importBatchId', 'is', null), eb('entity', '=', 'import')]));
  return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

/**
 * The record as it was at `version`, from the audit row that wrote it; rows written before records had versions
 * stand for version 1. Undefined when the history no longer holds it.
 */
export async function findAuditedVersion(
  db: Kysely<DB> | Transaction<DB>, entity: string, entityId: number, version: number,
): Promise<Record<string, unknown> | undefined> {
  const stamped = sql<number | null>`json_extract(${sql.ref('after')}, '$.version')`;
  const row = await db
    .selectFrom('auditLog')
    .select('after')
    .where('entity', '=', entity)
    .where('entityId', '=', entityId)
    .where((eb) => (version === 1 ? eb.or([eb(stamped, '=', 1), eb(stamped, 'is', null)]) : eb(stamped, '=', version)))
    .where('after', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.after ? (JSON.parse(row.after) as Record<string, unknown>) : undefined;
}

/** How many rows each of these imports wrote (or undid), besides its own summary entry. */
export async function importRowCounts(db: Kysely<DB> | Transaction<DB>, batchIds: number[]): Promise<Map<string, number>> {
  if (!batchIds.length) return new Map();
  const rows = await db
    .selectFrom('auditLog')
    .select(['importBatchId', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('importBatchId', 'in', batchIds)
    .where('entity', '!=', 'import')
    .groupBy(['importBatchId', 'action'])
    .execute();
  return new Map(rows.map((r) => [`${r.importBatchId}:${r.action}`, Number(r.n)]));
}

/** Current names of people and facilities an audit page mentions, for those whose rows do not carry them. */
export async function namesOf(db: Kysely<DB> | Transaction<DB>, ids: { people: number[]; facilities: number[] }) {
  const [people, facilities] = await Promise.all([
    ids.people.length ? db.selectFrom('prisoners').select(['id', 'surname', 'givenName']).where('id', 'in', ids.people).execute() : [],
    ids.facilities.length ? db.selectFrom('facilities').select(['id', 'name']).where('id', 'in', ids.facilities).execute() : [],
  ]);
  return {
    people: new Map(people.map((p) => [p.id, `${p.surname} ${p.givenName}`])),
    facilities: new Map(facilities.map((f) => [f.id, f.name])),
  };
}

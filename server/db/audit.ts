/** The audit log: who changed what, with the row before and after. */
import type { Kysely, Transaction } from 'kysely';
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

export async function listAudit(
  db: Kysely<DB> | Transaction<DB>,
  filter: { entity?: string; entityId?: number; organizerId?: number; limit: number; offset: number },
) {
  let q = db.selectFrom('auditLog').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entityId', '=', filter.entityId);
  if (filter.organizerId !== undefined) q = q.where('organizerId', '=', filter.organizerId);
  return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

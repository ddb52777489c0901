/** CSV import against the database: read the current list, and apply a plan in one transaction. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';
import { recordAudit, recordAuditMany, type Actor } from './audit.js';
import { insertFacility, updateFacility } from './facilities.js';
import { updatePrisoner } from './prisoners.js';
import { type ImportContext, type ImportPlan } from '../domain/csv-import.js';

type Db = Kysely<DB> | Transaction<DB>;

/** New people per INSERT statement: far below SQLite's 32,766 bound parameters at ~25 columns a row. */
const INSERT_BATCH = 200;

export async function loadImportContext(db: Db): Promise<ImportContext> {
  const [prisoners, facilities] = await Promise.all([
    db.selectFrom('prisoners').selectAll().execute(),
    db.selectFrom('facilities').selectAll().execute(),
  ]);
  return { prisoners, facilities };
}

/** Writes every change of an error-free plan, each with its audit row (action 'import'). Call inside a transaction. */
export async function applyImportPlan(trx: Transaction<DB>, actor: Actor, plan: ImportPlan): Promise<void> {
  const facilityIds = new Map<number, number>();
  for (const op of plan.facilityOps) {
    if (op.action === 'create') {
      const row = await insertFacility(trx, op.values);
      facilityIds.set(op.ref, row.id);
      await recordAudit(trx, actor, { action: 'import', entity: 'facility', entityId: row.id, after: row });
    } else {
      const before = await trx.selectFrom('facilities').selectAll().where('id', '=', op.ref).executeTakeFirstOrThrow();
      const after = await updateFacility(trx, op.ref, op.values);
      await recordAudit(trx, actor, { action: 'import', entity: 'facility', entityId: op.ref, before, after });
    }
  }
  const resolved = plan.personOps.map((op) => {
    const ref = op.values.facilityId;
    return { op, values: { ...op.values, facilityId: ref !== null && ref < 0 ? facilityIds.get(ref)! : ref } };
  });
  const creates = resolved.filter((r) => r.op.action === 'create').map((r) => r.values);
  for (let i = 0; i < creates.length; i += INSERT_BATCH) {
    const rows = await trx.insertInto('prisoners').values(creates.slice(i, i + INSERT_BATCH)).returningAll().execute();
    // SQLite does not promise RETURNING order, so nothing here relies on it: each audit row carries its own row.
    await recordAuditMany(trx, actor, rows.map((row) => ({ action: 'import', entity: 'prisoner', entityId: row.id, after: row })));
  }
  for (const { op, values } of resolved.filter((r) => r.op.action === 'update')) {
    const before = await trx.selectFrom('prisoners').selectAll().where('id', '=', op.id!).executeTakeFirstOrThrow();
    const after = await updatePrisoner(trx, op.id!, values);
    await recordAudit(trx, actor, { action: 'import', entity: 'prisoner', entityId: op.id, before, after });
  }
}

/** The audit log as organizers read it: newest first, filterable by entity and organizer. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { listAudit } from '../db/audit.js';

export async function history(db: Kysely<DB>, filter: Parameters<typeof listAudit>[1]) {
  const rows = await listAudit(db, filter);
  return {
    entries: rows.map((r) => ({
      ...r,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    })),
  };
}

/** The database answers: the health check's one query. */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

export async function ping(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * A version on every record organizers edit: each write adds one, and an edit names the version it was made
 * from, so a form opened before another organizer's change is refused instead of undoing it. Settings are
 * independent keys: each row keeps the settings version at which it last changed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['prisoners', 'facilities', 'organizers', 'settings']) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(sql`1`)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['prisoners', 'facilities', 'organizers', 'settings']) {
    await db.schema.alterTable(table).dropColumn('version').execute();
  }
}

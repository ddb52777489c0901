/**
 * ты or Вы per person: organizers may set how letters address someone (null: the kiosk's default — «Вы» for a first
 * letter to someone over 50, else the template's). The patronymic, used in the «Вы» greeting, is already stored.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prisoners').addColumn('register', 'text', (c) => c.check(sql`register IN ('ty', 'vy')`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prisoners').dropColumn('register').execute();
}

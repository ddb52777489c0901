/**
 * A facility's mail rules in both languages: `mail_rules` is the English the attendees read, `mail_rules_ru` the
 * Russian as the facility states it (and as Russian-speaking volunteers read it at the kiosk). Both optional.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('facilities').addColumn('mail_rules_ru', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('facilities').dropColumn('mail_rules_ru').execute();
}

/** Initial schema: facilities, prisoners, organizers and sessions, audit log, settings, printed-item counts. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facilities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('sizo','ik','kp','liu','prison','house_arrest','other')`),
    )
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('district', 'text')
    .addColumn('region', 'text')
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('RU'))
    .addColumn('mail_rules', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .execute();

  await db.schema
    .createTable('prisoners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('patronymic', 'text')
    .addColumn('latin_name', 'text', (c) => c.notNull())
    .addColumn('latin_name_set', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name_dative', 'text')
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('male','female')`))
    .addColumn('birth_year', 'integer')
    .addColumn('birth_date', 'text')
    .addColumn('facility_id', 'integer', (c) => c.references('facilities.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pretrial','house_arrest','colony','released','unknown')`),
    )
    .addColumn('address_as_of', 'text')
    .addColumn('address_source', 'text')
    .addColumn('case_name', 'text')
    .addColumn('bio_en', 'text')
    .addColumn('bio_ru', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('ru'))
    .addColumn('support_withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('withdrawn_note', 'text')
    .addColumn('private_notes', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .execute();
  await db.schema.createIndex('prisoners_facility').on('prisoners').column('facility_id').execute();

  await db.schema
    .createTable('organizers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('organizer').check(sql`role in ('organizer','translator')`))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    // No foreign key: the history outlives a removed organizer account.
    .addColumn('organizer_id', 'integer')
    .addColumn('organizer_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('printed_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Counts outlive a removed person: the row keeps the kind and day, the link goes null.
    .addColumn('prisoner_id', 'integer', (c) => c.references('prisoners.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('letter','postcard','envelope','label')`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text')
    .addColumn('printed_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .execute();
  await db.schema.createIndex('printed_items_prisoner').on('printed_items').column('prisoner_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['printed_items', 'settings', 'audit_log', 'sessions', 'organizers', 'prisoners', 'facilities']) {
    await db.schema.dropTable(table).execute();
  }
}

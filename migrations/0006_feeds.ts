/**
 * List feeds between chapters: the publishing key pair and its sequence, the publishers a chapter takes feeds from,
 * previews waiting to be applied, a `shared` flag on people (what a "shared only" feed includes), and on people and
 * facilities the link to the feed record they came from with the feed's values as last applied (feed_base, JSON):
 * a local value that differs from it is a local override.
 */
import { sql, type Kysely } from 'kysely';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feed_signing_key')
    // One key pair per database: the row id is always 1.
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_published_at', 'text')
    .addColumn('last_file', 'text')
    .execute();

  await db.schema
    .createTable('feed_publishers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'integer')
    .addColumn('last_feed_at', 'text')
    .addColumn('last_taken_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('feed_previews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('feed_publishers.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.alterTable('prisoners').addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  for (const table of ['prisoners', 'facilities']) {
    await db.schema.alterTable(table).addColumn('feed_publisher_id', 'integer').execute();
    await db.schema.alterTable(table).addColumn('feed_key', 'text').execute();
    await db.schema.alterTable(table).addColumn('feed_base', 'text').execute();
    await db.schema.createIndex(`${table}_feed`).on(table).columns(['feed_publisher_id', 'feed_key']).unique().execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['prisoners', 'facilities']) {
    await db.schema.dropIndex(`${table}_feed`).execute();
    for (const column of ['feed_base', 'feed_key', 'feed_publisher_id']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
  await db.schema.alterTable('prisoners').dropColumn('shared').execute();
  for (const table of ['feed_previews', 'feed_publishers', 'feed_signing_key']) await db.schema.dropTable(table).execute();
}

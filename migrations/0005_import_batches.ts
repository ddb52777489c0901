/**
 * Imports that can be undone: each applied import is a batch; the audit rows it wrote carry the batch's id (with
 * the row before and after, which is what an undo needs). Facility keys: organizers' own labels for facilities, so
 * people rows of a later file can refer to a facility imported from its own file.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .addColumn('organizer_id', 'integer')
    .addColumn('organizer_name', 'text')
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('people','facilities')`))
    .addColumn('filename', 'text', (c) => c.notNull())
    // JSON: the import's summary (rows created, updated, unchanged; facilities created and updated).
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .execute();
  await db.schema.alterTable('audit_log').addColumn('import_batch_id', 'integer').execute();
  await db.schema.createIndex('audit_log_import_batch').on('audit_log').column('import_batch_id').execute();
  await db.schema
    .createTable('facility_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'integer', (c) => c.notNull().unique().references('facilities.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facility_keys').execute();
  await db.schema.dropIndex('audit_log_import_batch').execute();
  await db.schema.alterTable('audit_log').dropColumn('import_batch_id').execute();
  await db.schema.dropTable('import_batches').execute();
}

/**
 * The print queue and print runs. A queue row holds one letter's or postcard's content (text, English text,
 * sender, drawing) as JSON in `content` — the only place letter content is ever stored — until it is printed
 * or its retention ends; then the content goes and only a printed_items count row remains.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('print_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('ready').check(sql`status in ('ready','sending','interrupted','printed')`),
    )
    .addColumn('paper', 'text', (c) => c.notNull())
    .addColumn('addressing', 'text', (c) => c.notNull())
    .addColumn('envelope_size', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: the run's print jobs (section, pages, media, sent, job id) so a run resumes where it stopped.
    .addColumn('parts', 'text', (c) => c.notNull().defaultTo('[]'))
    // JSON: counts per person, without any letter content (kept after the content is deleted).
    .addColumn('manifest', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sent_at', 'text')
    .addColumn('printer', 'text')
    .addColumn('job_id', 'text')
    .addColumn('error', 'text')
    .execute();

  await db.schema
    .createTable('print_queue')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('letter','postcard')`))
    .addColumn('prisoner_id', 'integer', (c) => c.notNull().references('prisoners.id').onDelete('cascade'))
    .addColumn('content', 'text')
    .addColumn('needs_translation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('waiting-translation','queued','held','printed')`),
    )
    .addColumn('held_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('print_run_id', 'integer', (c) => c.references('print_runs.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('print_queue_status').on('print_queue').column('status').execute();
  await db.schema.createIndex('print_queue_expires').on('print_queue').column('expires_at').execute();
  await db.schema.createIndex('print_queue_run').on('print_queue').column('print_run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('print_queue').execute();
  await db.schema.dropTable('print_runs').execute();
}

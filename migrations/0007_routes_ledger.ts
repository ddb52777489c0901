/**
 * Delivery routes and the ledger. Since 2022 many posts carry no mail to Russia, so every item names the way it
 * leaves: `post` (posted here), `forward` (a parcel to a partner who posts the envelopes) or `relay` (a service
 * that delivers the text inside Russia). The postal-status table says, per sending country, whether mail to Russia
 * runs, as of when and from which source (the laptop is offline: organizers keep it). The ledger numbers every
 * printed item per person and records what became of it — never its text or its writer.
 *
 * Seeds: one enabled default `post` route (so every queued item, old ones included, has a route) and the postal
 * status of the countries docs/domain.md names. A restore replaces these seeded rows with the snapshot's own.
 * The columns added to prisoners and print_queue carry no foreign key (SQLite cannot drop such a column again);
 * the routes service keeps them pointing at existing routes.
 */
import { sql, type Kysely } from 'kysely';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** From docs/domain.md, "How letters get into Russia since 2022": only what it states, 'unknown' where it is not firm. */
const POSTAL_STATUS: { country: string; status: 'running' | 'suspended' | 'unknown'; asOf: string | null; source: string }[] = [
  { country: 'CA', status: 'suspended', asOf: '2022-03-10', source: 'Canada Post service dashboard: "Russia: postal services suspended", posted 10 March 2022 (canadapost-postescanada.ca, support dashboard)' },
  { country: 'US', status: 'suspended', asOf: '2022-03-11', source: 'USPS suspended mail to Russia from 11 March 2022 (linns.com, 2022); a 2026 report of a resumption is not confirmed by USPS' },
  { country: 'DE', status: 'running', asOf: null, source: 'Community reports: Deutsche Post still carries letters to Russia (overland); not dated' },
  { country: 'GB', status: 'running', asOf: null, source: 'Community reports: the United Kingdom still carries letters to Russia; not dated' },
  ...['PL', 'SE', 'DK', 'FI', 'AU', 'LV'].map((country) => ({
    country, status: 'unknown' as const, asOf: null,
    source: 'Reported to have stopped mail to Russia at some point since 2022; the current state is not known: check before an event',
  })),
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('routes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post','forward','relay')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    // forward
    .addColumn('partner_name', 'text')
    .addColumn('partner_address', 'text')
    .addColumn('partner_country', 'text')
    .addColumn('return_address_of', 'text', (c) => c.check(sql`return_address_of in ('collective','partner')`))
    // relay
    .addColumn('contact', 'text')
    .addColumn('accepts', 'text', (c) => c.check(sql`accepts in ('text','text-images')`))
    .addColumn('char_limit', 'integer')
    .addColumn('page_limit', 'integer')
    .addColumn('currency', 'text')
    .addColumn('price_per_letter', 'real')
    .addColumn('price_per_page', 'real')
    .addColumn('price_per_image', 'real')
    .addColumn('price_reply_form', 'real')
    .addColumn('can_reply', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(sql`1`))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  // At most one default (the service keeps exactly one).
  await db.schema.createIndex('routes_one_default').on('routes').column('is_default').unique().where(sql.ref('is_default'), '=', 1).execute();

  await db.schema
    .createTable('postal_status')
    .addColumn('country', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','suspended','unknown')`))
    .addColumn('as_of', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(sql`1`))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('ledger')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('prisoner_id', 'integer', (c) => c.notNull().references('prisoners.id').onDelete('cascade'))
    .addColumn('item_number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('letter','postcard')`))
    .addColumn('route_id', 'integer', (c) => c.references('routes.id').onDelete('set null'))
    // The route's name when the number was given: kept if the route is deleted later.
    .addColumn('route_name', 'text', (c) => c.notNull())
    .addColumn('route_kind', 'text', (c) => c.notNull().check(sql`route_kind in ('post','forward','relay')`))
    // When the number was given (ISO instant), and when the item was printed or handed over (null until then).
    .addColumn('date', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('printed_at', 'text')
    .addColumn('run_id', 'integer', (c) => c.references('print_runs.id').onDelete('set null'))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('returned','delivered','reply')`))
    .addColumn('outcome_reason', 'text', (c) => c.check(sql`outcome_reason in ('refused','unknown-addressee','transferred','other')`))
    .addColumn('outcome_date', 'text')
    .addColumn('reply_file_id', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(sql`1`))
    .execute();
  await db.schema.createIndex('ledger_number').on('ledger').columns(['prisoner_id', 'item_number']).unique().execute();
  await db.schema.createIndex('ledger_route').on('ledger').column('route_id').execute();
  await db.schema.createIndex('ledger_date').on('ledger').column('date').execute();

  // Scans or photos of replies: organizers only, never served to the kiosk.
  await db.schema
    .createTable('reply_files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ledger_id', 'integer', (c) => c.notNull().references('ledger.id').onDelete('cascade'))
    .addColumn('mime', 'text', (c) => c.notNull().check(sql`mime in ('image/png','image/jpeg','application/pdf')`))
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.alterTable('prisoners').addColumn('preferred_route_id', 'integer').execute();
  await db.schema.alterTable('prisoners').addColumn('address_suspect', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('prisoners').addColumn('address_suspect_since', 'text').execute();
  await db.schema.alterTable('prisoners').addColumn('address_suspect_reason', 'text').execute();
  await db.schema.alterTable('prisoners').addColumn('allow_while_suspect', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema.alterTable('print_queue').addColumn('route_id', 'integer').execute();
  await db.schema.alterTable('print_queue').addColumn('item_number', 'integer').execute();
  await db.schema.alterTable('print_queue').addColumn('ledger_id', 'integer').execute();
  await db.schema.createIndex('print_queue_route').on('print_queue').column('route_id').execute();

  const route = await db
    .insertInto('routes')
    .values({ kind: 'post', name: 'Post from here', notes: 'Letters posted by the collective in its own country.', enabled: 1, is_default: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('print_queue').set({ route_id: route.id }).execute();
  await db.insertInto('postal_status').values(POSTAL_STATUS.map((s) => ({ country: s.country, status: s.status, as_of: s.asOf, source: s.source }))).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('print_queue_route').execute();
  for (const column of ['ledger_id', 'item_number', 'route_id']) await db.schema.alterTable('print_queue').dropColumn(column).execute();
  for (const column of ['allow_while_suspect', 'address_suspect_reason', 'address_suspect_since', 'address_suspect', 'preferred_route_id']) {
    await db.schema.alterTable('prisoners').dropColumn(column).execute();
  }
  for (const table of ['reply_files', 'ledger', 'postal_status', 'routes']) await db.schema.dropTable(table).execute();
}

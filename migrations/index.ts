/**
 * Static registry of migrations: tsx, vitest and any bundler take the same path, and the order is explicit.
 * Migrations are frozen in time: they import nothing from server/.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_print_queue.js';
import * as m0003 from './0003_versions.js';
import * as m0004 from './0004_search.js';
import * as m0005 from './0005_import_batches.js';
import * as m0006 from './0006_feeds.js';
import * as m0007 from './0007_routes_ledger.js';
import * as m0008 from './0008_register.js';
import * as m0009 from './0009_mail_rules_ru.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_print_queue': m0002,
  '0003_versions': m0003,
  '0004_search': m0004,
  '0005_import_batches': m0005,
  '0006_feeds': m0006,
  '0007_routes_ledger': m0007,
  '0008_register': m0008,
  '0009_mail_rules_ru': m0009,
};

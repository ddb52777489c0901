/** What start does before listening: empty the private work folder, migrate, create the first organizer, seed the demo set. */
import type { Database } from './db/connect.js';
import { migrateToLatestOrThrow } from './db/migrate.js';
import { countOrganizers, insertOrganizer } from './db/organizers.js';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { seedDemoData } from './services/demo-data.js';
import { sweepWorkFolder } from './services/backup.js';

export interface BootstrapOptions {
  adminUser: string;
  adminPassword: string;
  seedDemo: boolean;
  /** Where the one-time password is shown: the console, never the log file. */
  announce: (line: string) => void;
}

export async function bootstrap(database: Database, opts: BootstrapOptions): Promise<{ seeded: boolean }> {
  sweepWorkFolder(database.file);
  await migrateToLatestOrThrow(database.sqlite);
  if ((await countOrganizers(database.db)) === 0) {
    const password = opts.adminPassword || generatePassword();
    await insertOrganizer(database.db, { username: opts.adminUser, passwordHash: await hashPassword(password) });
    if (!opts.adminPassword) {
      opts.announce('First organizer account created.');
      opts.announce(`user:              ${opts.adminUser}`);
      opts.announce(`one-time password: ${password}`);
      opts.announce('The password is shown only this once and stored only as a hash:');
      opts.announce('write it down, then change it in the organizer console.');
    } else {
      opts.announce(`First organizer created: user "${opts.adminUser}" with the password from VOLYA_ADMIN_PASSWORD.`);
    }
  }
  const seeded = opts.seedDemo ? await seedDemoData(database.db) : false;
  if (seeded) opts.announce('Empty database: a fictional demo set was added (remove it in the organizer console).');
  return { seeded };
}

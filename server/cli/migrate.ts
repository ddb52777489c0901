/** npm run migrate [-- down]: applies (or reverts one) migration on VOLYA_DB. */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateDownOrThrow, migrateToLatestOrThrow } from '../db/migrate.js';

const config = loadConfig();
const database = openDatabase(config.dbPath);
try {
  const names = process.argv[2] === 'down' ? await migrateDownOrThrow(database.sqlite) : await migrateToLatestOrThrow(database.sqlite);
  console.log(names.length ? `applied: ${names.join(', ')}` : 'already up to date');
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  await database.close();
}

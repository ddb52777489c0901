/**
 * Process entry: config → render threads → open DB → (build the app ‖ migrate, first organizer, seed) → listen;
 * graceful close on SIGINT/SIGTERM.
 */
import { loadConfig, ConfigError } from './config.js';
import { openDatabase } from './db/connect.js';
import { bootstrap } from './bootstrap.js';
import { buildApp } from './app.js';
import { createRenderPool, inlineRenderer } from './render/render-pool.js';
import { createBatchPool, inlineBatch } from './render/batch-pool.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`volya: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  // The render threads start before anything else: they load the PDF engine while this thread gets ready.
  const renderPool = config.renderThreads > 0 ? createRenderPool({ threads: config.renderThreads }) : undefined;
  renderPool?.start();
  // Print runs and imports get a thread of their own, started on first use.
  const batchPool = config.renderThreads > 0 ? createBatchPool() : undefined;
  const database = openDatabase(config.dbPath);
  // Building the app (route and plugin setup, all on this thread) overlaps bootstrap's waits: the first
  // organizer's password hash runs in libuv's thread pool. Nothing in buildApp reads the database before listen.
  const [app] = await Promise.all([
    buildApp({
      database,
      logger: { level: config.logLevel },
      listen: { host: config.host, port: config.port },
      renderer: renderPool ?? inlineRenderer,
      batch: batchPool ?? inlineBatch,
    }),
    bootstrap(database, {
      adminUser: config.adminUser,
      adminPassword: config.adminPassword,
      seedDemo: config.seedDemo,
      announce: (line) => console.log(`volya: ${line}`),
    }),
  ]);
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await renderPool?.close();
    await batchPool?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`volya: serving http://${shown}:${config.port}/ (kiosk) and http://${shown}:${config.port}/admin (organizers); data in ${config.dbPath}`);
}

main().catch((e) => {
  console.error(`volya: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

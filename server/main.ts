/** Process entry: config → open DB → migrate and seed → buildApp → listen → graceful close. */
import { loadConfig, ConfigError } from './config.js';
import { openDatabase } from './db/connect.js';
import { bootstrap } from './bootstrap.js';
import { buildApp } from './app.js';
import { createRenderPool, inlineRenderer } from './render/render-pool.js';

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
  const database = openDatabase(config.dbPath);
  await bootstrap(database, {
    adminUser: config.adminUser,
    adminPassword: config.adminPassword,
    seedDemo: config.seedDemo,
    announce: (line) => console.log(`volya: ${line}`),
  });
  const renderPool = config.renderThreads > 0 ? createRenderPool({ threads: config.renderThreads }) : undefined;
  const app = await buildApp({
    database,
    logger: { level: config.logLevel },
    listen: { host: config.host, port: config.port },
    renderer: renderPool ?? inlineRenderer,
  });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await renderPool?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  renderPool?.start();
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`volya: serving http://${shown}:${config.port}/ (kiosk) and http://${shown}:${config.port}/admin (organizers); data in ${config.dbPath}`);
}

main().catch((e) => {
  console.error(`volya: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

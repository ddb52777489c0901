/**
 * Process entry: config → port check → render threads → open DB → (build the app ‖ migrate, first organizer,
 * seed) → what bootstrap announced, in a box → listen; graceful close on SIGINT/SIGTERM.
 */
import net from 'node:net';
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
  // Checked before the database file and the first organizer exist: a start that cannot listen must leave no
  // one-time password behind that nobody saw.
  const portProblem = await checkPort(config.host, config.port);
  if (portProblem) {
    console.error(`volya: ${portProblem}`);
    process.exit(1);
  }
  // The render threads start before the rest: they load the PDF engine while this thread gets ready.
  const renderPool = config.renderThreads > 0 ? createRenderPool({ threads: config.renderThreads }) : undefined;
  renderPool?.start();
  // Print runs and imports get a thread of their own, started on first use.
  const batchPool = config.renderThreads > 0 ? createBatchPool() : undefined;
  const database = openDatabase(config.dbPath);
  // Collected while the app is built, then printed in one box.
  const notices: string[] = [];
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
      announce: (line) => notices.push(line),
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
  // Before listen, so before pino (which writes asynchronously) has logged anything: the box is one write that
  // no JSON line can split. Also shown if listen then fails: the organizer exists now, with this password.
  if (notices.length > 0) console.log(framed(notices));
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`volya: serving http://${shown}:${config.port}/ (kiosk) and http://${shown}:${config.port}/admin (organizers); data in ${config.dbPath}`);
}

/** Null when HOST:PORT can be bound (the probe is closed again at once), else a one-line reason. */
function checkPort(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use: stop the other server or set PORT to another port`
          : `cannot listen on ${host} port ${port}: ${e.message}`,
      ),
    );
    probe.listen({ host, port }, () => probe.close(() => resolve(null)));
  });
}

/** Lines in a plain box, one write, so the one-time password stands apart from the JSON log lines. */
function framed(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${rule}┘`].join('\n');
}

main().catch((e) => {
  console.error(`volya: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

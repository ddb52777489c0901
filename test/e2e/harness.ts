/**
 * Browser-test harness: the real server as a child process on a free port with a temp database, Debian's
 * Chromium driven by playwright-core, and a guard that records (and blocks) any request to another host.
 * Missing Chromium is a failure, never a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.VOLYA_CHROMIUM ?? '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'e2e-organizer-password';
export const ARTIFACTS = path.resolve('test-artifacts/screens');

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  dbPath: string;
  dir: string;
  /** Everything the server wrote to stdout/stderr so far. */
  output(): string;
  /** SIGKILL: no chance to close anything, as when the laptop is unplugged. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The Node/V8 options `npm start` gives the server, read from package.json so tests run the server the same way. */
const START_LINE = (JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')).scripts.start as string).split(/\s+/u);
export const START_FLAGS: string[] = START_LINE.filter((arg) => arg.startsWith('--'));
/** The environment the start line sets (the allocator settings), so the harness runs the server as `npm start` does. */
export const START_ENV: Record<string, string> = Object.fromEntries(
  START_LINE.filter((arg) => /^[A-Z_]+=/u.test(arg)).map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]),
);

let built: Promise<number> | undefined;
/** This process's own bundle: parallel test processes never rebuild files another one is loading. */
const BUNDLE = `test-${process.pid}`;

/** This test process's bundle folder. */
export const bundleDir = () => path.resolve('.build', BUNDLE);

/** Builds the server bundle once per test process: the suites run exactly what `npm start` runs. */
export function ensureBuilt(): Promise<number> {
  built ??= import('../../scripts/build.mjs').then((m) => {
    removeBundlesOfEndedRuns();
    process.once('exit', () => fs.rmSync(path.resolve('.build', BUNDLE), { recursive: true, force: true }));
    return m.buildServer(BUNDLE);
  });
  return built;
}

/** A test process that was killed never ran its exit hook: its bundle folder is removed by the next run. */
function removeBundlesOfEndedRuns(): void {
  const dir = path.resolve('.build');
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(/^test-(\d+)$/u.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the real server; pass `dbPath` to restart on an existing database. */
export async function startServer(env: Record<string, string> = {}, opts: { dbPath?: string } = {}): Promise<RunningServer> {
  const dbPath = opts.dbPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'volya-e2e-')), 'volya.db');
  const dir = path.dirname(dbPath);
  const port = await freePort();
  await ensureBuilt();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [...START_FLAGS, `.build/${BUNDLE}/main.mjs`], {
    env: { ...process.env, ...START_ENV, PORT: String(port), HOST: '127.0.0.1', VOLYA_DB: dbPath, VOLYA_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: child.pid!,
    dbPath,
    dir,
    output: () => out,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set VOLYA_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface GuardedContext {
  context: BrowserContext;
  page: Page;
  /** URLs of requests to any host other than the test server (blocked). */
  offHost: string[];
  /** Console errors and page errors seen. */
  errors: string[];
}

/** A fresh context whose every request to a host other than `baseUrl` is recorded and aborted. */
export async function guardedContext(
  browser: Browser,
  baseUrl: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<GuardedContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  const allowed = new URL(baseUrl).host;
  const offHost: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.host !== allowed) {
      offHost.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { context, page, offHost, errors };
}

/** Saves a full-page screenshot as a test artifact: test-artifacts/screens/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

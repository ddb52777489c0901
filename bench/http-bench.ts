/**
 * Shared parts of the HTTP benchmarks (run.ts, import.ts): the real server on a fresh temp database, an organizer
 * session, the kiosk list reader in its own process, peak memory, statistics, and a cleanup that ends the server
 * and the reader and removes the temp folder on success, failure, Ctrl-C or the watchdog.
 * They talk to the server only over HTTP, so the same benchmark measures the code before and after a restructuring.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../test/e2e/harness.js';

export type ReaderCommand = 'start' | 'stop';
export interface ReaderReport {
  /** Milliseconds of every request in the window, in order. */
  latencies: number[];
  /** Requests that failed or did not answer 200 (their time is in `latencies` too). */
  failures: number;
}

export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) || fallback : fallback;
};

const cleanups = new Set<() => Promise<void>>();

async function cleanUp(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    await cleanup().catch((e: unknown) => console.error('cleanup:', e));
  }
}

/** Runs `work`; `cleanup` runs once, after it or when the benchmark is stopped while it runs. */
export async function scoped<T>(cleanup: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  let done: Promise<void> | undefined;
  const once = () => (done ??= cleanup());
  cleanups.add(once);
  try {
    return await work();
  } finally {
    cleanups.delete(once);
    await once();
  }
}

/** Runs a benchmark; whatever happens, its servers, readers and temp folders are gone when the process ends. */
export function runBenchmark(main: () => Promise<void>, maxMinutes: number): void {
  let ending: Promise<void> | undefined;
  // The first reason to end wins: an interrupted benchmark's own failures that follow are not reported.
  const end = (code: number) => void (ending ??= cleanUp().finally(() => process.exit(code)));
  const watchdog = setTimeout(() => {
    console.error(`benchmark: still running after ${maxMinutes} min; stopped`);
    end(1);
  }, maxMinutes * 60_000);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`benchmark: ${signal}; stopped`);
      end(code);
    });
  }
  main().then(
    () => {
      clearTimeout(watchdog);
      end(0);
    },
    (e: unknown) => {
      if (!ending) console.error(e);
      end(1);
    },
  );
}

export interface Organizer {
  /** Session cookie and CSRF header, for every admin request. */
  headers: Record<string, string>;
}

/** Signs in as the harness's organizer: admin writes need the session cookie and the CSRF token from the reply. */
async function signIn(url: string): Promise<Organizer> {
  const res = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('volya_session='));
  if (!cookie) throw new Error('login set no session cookie');
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

export interface ListReader {
  /** Runs `work` while the reader reads the kiosk list back to back; returns what `work` gave and the latencies. */
  during<T>(work: () => Promise<T>): Promise<{ result: T; report: ReaderReport }>;
}

function startReader(url: string): { reader: ListReader; close: () => Promise<void> } {
  const child = fork(new URL('./list-reader.ts', import.meta.url), [url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A reader that has ended (a cleanup ends it) has no channel to send on.
  const send = (command: ReaderCommand) => child.connected && child.send(command);
  const reader: ListReader = {
    async during(work) {
      const report = new Promise<ReaderReport>((resolve, reject) => {
        child.once('message', (m) => resolve(m as ReaderReport));
        void exited.then(() => reject(new Error('the list reader ended before reporting')));
      });
      // Handled here too: when a cleanup ends the reader mid-window, nobody may be waiting for the report yet.
      report.catch(() => undefined);
      send('start');
      try {
        const result = await work();
        send('stop');
        return { result, report: await report };
      } catch (e) {
        // The window is still closed, so the next one starts clean.
        send('stop');
        await report.catch(() => undefined);
        throw e;
      }
    },
  };
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { reader, close };
}

export interface BenchContext {
  server: RunningServer;
  admin: Organizer;
  reader: ListReader;
}

/**
 * The real server as `npm start` runs it (the same bundle, V8 options and render threads; test/e2e/harness.ts) on a
 * fresh database with the demo data, an organizer signed in and a list reader; all ended and removed afterwards.
 */
export async function withServer<T>(work: (ctx: BenchContext) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-bench-'));
  // Warnings only, as bench/load.ts: the harness keeps everything the server writes in memory.
  const starting = startServer({ LOG_LEVEL: 'warn' }, { dbPath: path.join(dir, 'volya.db') });
  let closeReader: (() => Promise<void>) | undefined;
  const cleanup = async () => {
    await closeReader?.();
    // A server still starting is waited for (the harness gives up within 30 s), so it cannot outlive the benchmark.
    await (await starting.catch(() => undefined))?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return scoped(cleanup, async () => {
    const server = await starting;
    const started = startReader(server.url);
    closeReader = started.close;
    return work({ server, admin: await signIn(server.url), reader: started.reader });
  });
}

/** fetch that throws unless the answer has the expected status; `timeoutMs` bounds the wait. */
export async function expectStatus(url: string, init: RequestInit & { timeoutMs: number }, status: number): Promise<Response> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  if (res.status !== status) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/** Highest resident memory of the process since it started or since the last resetPeakRss (VmHWM). */
export function peakRssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/u.exec(status)?.[1] ?? 0) / 1024);
}

/** Starts the peak over from the current resident memory (Linux: 5 written to clear_refs resets VmHWM). */
export function resetPeakRss(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

/** Median and [min, max] of the repetitions. */
export function spread(xs: number[]): { median: number; range: [number, number] } {
  return { median: percentile(xs, 50), range: [Math.min(...xs), Math.max(...xs)] };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

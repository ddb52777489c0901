/**
 * The first start as a newcomer runs it: the real server process (server/main.ts under tsx) on a temp database
 * and a free port. The one-time password shows in a box apart from the JSON log, and a busy port stops the
 * start before any database or password exists.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with stdout once `pattern` appears in it; rejects if the process exits first. */
  waitForStdout(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function listenOnFreePort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listenOnFreePort();
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startVolya(port: number, dbPath: string): Started {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A first start with nothing set but where to listen and store: the password is generated, not given.
  for (const name of Object.keys(env)) if (name.startsWith('VOLYA_') || name === 'LOG_LEVEL') delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', VOLYA_DB: dbPath, VOLYA_RENDER_THREADS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out)) return;
          child.stdout!.off('data', check);
          resolve(out);
        };
        child.stdout!.on('data', check);
        void exited.then((code) => reject(new Error(`exited (${code}) before ${pattern}:\n${out}\n${err}`)));
        check();
      }),
  };
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}

const SERVING = /volya: serving http:\/\/\S+ /;

describe('first start', () => {
  it('shows the one-time password once, in a box of its own, and it signs in', async () => {
    const dir = tempDir('volya-start-');
    dirs.push(dir);
    const dbPath = path.join(dir, 'volya.db');
    const port = await freePort();
    const first = startVolya(port, dbPath);
    const lines = (await first.waitForStdout(SERVING)).split('\n');

    const top = lines.findIndex((l) => l.startsWith('┌'));
    const bottom = lines.findIndex((l) => l.startsWith('└'));
    expect(top, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeGreaterThan(top + 1);
    expect(lines[top]).toMatch(/^┌─+┐$/);
    expect(lines[bottom]).toBe(`└${lines[top]!.slice(1, -1)}┘`);
    const inside = lines.slice(top + 1, bottom);
    for (const line of inside) {
      expect(line).toMatch(/^│ .* │$/);
      expect(line.length).toBe(lines[top]!.length);
    }
    const box = inside.join('\n');
    expect(box).toMatch(/user:\s+admin\s/);
    expect(box).toContain('shown only this once');
    const password = /one-time password: (\S+)/.exec(box)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    // Nothing of the JSON log comes before the box, and the password is in no line but the box's.
    expect(lines.slice(0, top).filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines.filter((l, i) => l.includes(password!) && (i < top || i > bottom))).toEqual([]);

    const login = await fetch(`http://127.0.0.1:${port}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect(await stop(first)).toBe(0);

    const second = startVolya(port, dbPath);
    const again = await second.waitForStdout(SERVING);
    expect(again).not.toContain('┌');
    expect(again).not.toContain('one-time password');
    expect(await stop(second)).toBe(0);
  }, 90_000);

  it('stops with one line naming a busy port, before creating the database', async () => {
    const dir = tempDir('volya-start-');
    dirs.push(dir);
    const dbPath = path.join(dir, 'data', 'volya.db');
    const occupant = await listenOnFreePort();
    const { port } = occupant.address() as net.AddressInfo;
    try {
      const started = startVolya(port, dbPath);
      expect(await started.exited).toBe(1);
      expect(started.stderr()).toBe(`volya: port ${port} on 127.0.0.1 is in use: stop the other server or set PORT to another port\n`);
      expect(started.stdout()).toBe('');
      expect(fs.existsSync(path.dirname(dbPath))).toBe(false);
    } finally {
      await new Promise((resolve) => occupant.close(resolve));
    }
  }, 60_000);

  it('stops with one line on a zero-length database file instead of starting over with demo data and a new account', async () => {
    const dir = tempDir('volya-start-');
    dirs.push(dir);
    const dbPath = path.join(dir, 'volya.db');
    fs.writeFileSync(dbPath, '');
    const started = startVolya(await freePort(), dbPath);
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toBe(
      `volya: could not start: ${dbPath} is empty (0 bytes), so it holds no Volya data: restore it from a backup, remove it to start afresh, or set VOLYA_DB to a new path\n`,
    );
    expect(started.stdout()).not.toContain('one-time password');
    expect(fs.statSync(dbPath).size).toBe(0);
  }, 60_000);
});

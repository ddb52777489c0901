/**
 * Load benchmark: 50 concurrent clients request letter previews while another client reads the person list,
 * against the real server on 127.0.0.1. Bounded in time. Also measures cold start: `npm start` → first PDF served.
 * Prints a table and, as the last line, one JSON object.
 *   npm run bench:load [-- --seconds 15 --warmup 10 --cold-starts 3]   npm run bench:load -- --cold-only
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ADMIN_PASSWORD, freePort, startServer } from '../test/e2e/harness.js';
import { buildServer, bundleIsStale } from '../scripts/build.mjs';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) || fallback : fallback;
};
const seconds = arg('--seconds', 15);
// The measured window starts after this much of the same load: a server that has been up a while, with its code
// compiled by the JIT, as at a workshop (about 8 s of this load pass before V8 stops recompiling).
const warmupSeconds = arg('--warmup', 10);

function peakRssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const letter = {
  kind: 'letter',
  text: 'Дорогая Юлия!\n\nМы пишем тебе из Канады. '.repeat(30),
  sender: { kind: 'group' },
  paper: 'letter',
};

/** `npm start` on a new database → the first PDF served, as a volunteer switching the laptop on sees it. */
async function coldStart(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-cold-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VOLYA_DB: path.join(dir, 'volya.db'), VOLYA_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    let people: { id: number }[] | undefined;
    while (!people) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - t0 > 30_000) throw new Error('npm start: no answer within 30 s');
      try {
        const res = await fetch(`${url}/api/prisoners`);
        if (res.ok) people = (await res.json()).prisoners;
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const res = await fetch(`${url}/api/pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...letter, prisonerId: people[0]!.id }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`cold start PDF answered ${res.status}`);
    return Math.round(performance.now() - t0);
  } finally {
    // npm runs the server in a child process: end the whole group.
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      process.kill(-child.pid!, 'SIGTERM');
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  // The bundle `npm start` runs is built first, so the cold starts time starting, not bundling.
  if (bundleIsStale()) await buildServer();
  const coldRuns = arg('--cold-starts', 3);
  const colds: number[] = [];
  for (let i = 0; i < coldRuns; i++) colds.push(await coldStart());
  colds.sort((a, b) => a - b);
  const coldStartMs = colds[Math.floor(colds.length / 2)]!;
  if (process.argv.includes('--cold-only')) {
    console.log(`cold start, npm start → first PDF: median ${coldStartMs} ms (${colds.join(', ')})`);
    console.log(JSON.stringify({ coldStartMs }));
    return;
  }

  // The same server, started directly (with the same V8 options as `npm start`) so its own memory can be read.
  const server = await startServer({ LOG_LEVEL: 'warn' });
  const people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
  const body = JSON.stringify({ ...letter, prisonerId: people[0].id });
  const load = (duration: number) =>
    Promise.all([
      autocannon({ url: `${server.url}/api/pdf`, connections: 50, method: 'POST', headers: { 'content-type': 'application/json' }, body, duration }),
      autocannon({ url: `${server.url}/api/prisoners`, connections: 1, duration }),
    ]);
  await load(warmupSeconds);
  const [previews, list] = await load(seconds);
  const rssMB = peakRssMB(server.pid);
  await server.stop();

  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(10)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  2xx ${r['2xx']}  non-2xx ${r.non2xx}  errors ${r.errors}`;
  console.log(`load: ${seconds} s measured after ${warmupSeconds} s of the same load; 50 preview clients + 1 list client, server on 127.0.0.1`);
  console.log(row('previews', previews));
  console.log(row('list', list));
  console.log(`peak RSS of the server: ${rssMB} MB; cold start, npm start → first PDF (median of ${coldRuns}): ${coldStartMs} ms (${colds.join(', ')})`);
  console.log(
    JSON.stringify({
      listP99Ms: list.latency.p99,
      listP50Ms: list.latency.p50,
      previewP99Ms: previews.latency.p99,
      previewP50Ms: previews.latency.p50,
      previewRps: Math.round(previews.requests.average),
      preview503: previews.non2xx,
      rssMB,
      coldStartMs,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Load benchmark: 50 concurrent clients request letter previews while another client reads the person list,
 * against the real server on 127.0.0.1. Bounded in time. Also measures cold start: spawn → first PDF served.
 * Prints a table and, as the last line, one JSON object.  npm run bench:load [-- --seconds 15]
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { startServer } from '../test/e2e/harness.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 15;

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

async function coldStart(): Promise<number> {
  const t0 = performance.now();
  const server = await startServer({ LOG_LEVEL: 'warn' });
  const people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
  const res = await fetch(`${server.url}/api/pdf`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...letter, prisonerId: people[0].id }),
  });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  await server.stop();
  if (res.status !== 200) throw new Error(`cold start PDF answered ${res.status}`);
  return Math.round(ms);
}

async function main() {
  const colds = [await coldStart(), await coldStart(), await coldStart()].sort((a, b) => a - b);
  const coldStartMs = colds[1];

  const server = await startServer({ LOG_LEVEL: 'warn' });
  const people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
  const body = JSON.stringify({ ...letter, prisonerId: people[0].id });
  const run = (opts: autocannon.Options, duration = seconds) => autocannon({ ...opts, duration });
  // Warm-up (not measured): the workers' first renders and the JIT, as on a laptop that has been running a while.
  await run({ url: `${server.url}/api/pdf`, connections: 10, method: 'POST', headers: { 'content-type': 'application/json' }, body }, 3);
  const [previews, list] = await Promise.all([
    run({
      url: `${server.url}/api/pdf`,
      connections: 50,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }),
    run({ url: `${server.url}/api/prisoners`, connections: 1 }),
  ]);
  const rssMB = peakRssMB(server.pid);
  await server.stop();

  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(10)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  2xx ${r['2xx']}  non-2xx ${r.non2xx}  errors ${r.errors}`;
  console.log(`load: ${seconds} s, 50 preview clients + 1 list client, server on 127.0.0.1`);
  console.log(row('previews', previews));
  console.log(row('list', list));
  console.log(`peak RSS of the server: ${rssMB} MB; cold start to first PDF (median of 3): ${coldStartMs} ms (${colds.join(', ')})`);
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

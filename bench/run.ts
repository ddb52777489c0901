/**
 * Print-run benchmark: the real server (render threads and all, as `npm start` runs it) on a fresh database with
 * the demo data; the print queue filled over the kiosk API with 500 letters of 1 to 3 pages and 200 postcards,
 * each with its own drawing (setup, not measured); then one run built with envelopes, timed, while a kiosk client
 * reads the person list back to back, and the server's peak memory read. The list is read with no build too, for
 * the ratio; the run's PDF is downloaded once and its page count checked, so a broken build cannot look fast.
 * A fresh server per repetition. Prints a table and, as the last line, one JSON object.
 *   npm run bench:run [-- --reps 3 --idle-seconds 5 --letters 500 --postcards 200 --max-minutes 15]
 */
import os from 'node:os';
import { arg, expectStatus, peakRssMB, percentile, resetPeakRss, round1, runBenchmark, sleep, spread, withServer, type BenchContext } from './http-bench.js';
import { letter, postcard, type QueueBody } from './queue-items.js';
import { sketchPng } from './sketch.js';

const reps = arg('--reps', 3);
const idleSeconds = arg('--idle-seconds', 5);
const letters = arg('--letters', 500);
const postcards = arg('--postcards', 200);
const TARGETS = { listP99MsDuringBuild: 50, buildMs: 8000, rssMB: 300 };
// The queue's picture limit (MAX_IMAGE_BYTES in server/domain/pdf-inputs.ts), and the size above which the kiosk
// sends a JPEG instead of its PNG (MAX_PNG_CHARS in public/kiosk/draw.js): the drawings must pass as PNGs.
const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
const MAX_PNG_CHARS = 700_000;
// Queue requests at a time while filling: setup only, a few at once to keep it short.
const FILL_CONCURRENCY = 4;

interface Repetition {
  fillMs: number;
  buildMs: number;
  listP50MsDuringBuild: number;
  listP99MsDuringBuild: number;
  listMaxMsDuringBuild: number;
  listSamplesDuringBuild: number;
  listP50MsIdle: number;
  listP99MsIdle: number;
  rssFillMB: number;
  rssMB: number;
  rssPdfMB: number;
  pdfMs: number;
  pdfMB: number;
  pages: number;
}

interface RunReply {
  id: number;
  pages: number;
  parts: { section: string; pages: number; items: number }[];
}

/** The queue in a workshop's mixed order: of every 7 items, 2 are postcards. */
function queueBodies(people: number[], images: string[]): QueueBody[] {
  const bodies: QueueBody[] = [];
  let l = 0;
  let p = 0;
  while (l < letters || p < postcards) {
    const card = p < postcards && (l >= letters || bodies.length % 7 === 2 || bodies.length % 7 === 5);
    const who = people[bodies.length % people.length]!;
    bodies.push(card ? postcard(p, who, images[p++]!) : letter(l++, who));
  }
  return bodies;
}

async function fillQueue({ server }: BenchContext, bodies: QueueBody[]): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await expectStatus(`${server.url}/api/queue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 60_000 }, 201);
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, client));
}

/** Pages the run must have: a cover sheet or two, each letter on whole sheets (1–3 pages → 2 or 4), 4 cards a sheet, an envelope per letter. */
const plausiblePages = (pages: number) => {
  const cardPages = 2 * Math.ceil(postcards / 4);
  return pages >= 2 + 2 * letters + cardPages + letters && pages <= 4 + 4 * letters + cardPages + letters;
};

async function repetition(images: string[]): Promise<Repetition> {
  return withServer(async (ctx) => {
    const { server, admin, reader } = ctx;
    // People reached through a relay are left out: a relay takes text only and within its character limit, and
    // this run is about paper (the relay bundle has its own benchmark, bench:relay).
    const people = ((await (await expectStatus(`${server.url}/api/prisoners`, { timeoutMs: 10_000 }, 200)).json()) as { prisoners: { id: number; route: { kind: string } | null }[] }).prisoners
      .filter((p) => p.route?.kind !== 'relay')
      .map((p) => p.id);
    let t = performance.now();
    await fillQueue(ctx, queueBodies(people, images));
    const fillMs = Math.round(performance.now() - t);
    const queue = (await (await expectStatus(`${server.url}/api/admin/print/queue`, { headers: admin.headers, timeoutMs: 30_000 }, 200)).json()) as { counts: { queued: number } };
    if (queue.counts.queued !== letters + postcards) throw new Error(`queue holds ${queue.counts.queued} items, expected ${letters + postcards}`);

    const idle = (await reader.during(() => sleep(idleSeconds * 1000))).report;
    const rssFillMB = peakRssMB(server.pid);
    resetPeakRss(server.pid);
    const build = await reader.during(async () => {
      const started = performance.now();
      const res = await expectStatus(
        `${server.url}/api/admin/print/runs`,
        { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ paper: 'a4', addressing: 'envelope' }), timeoutMs: 5 * 60_000 },
        201,
      );
      const run = (await res.json()) as RunReply;
      return { run, ms: Math.round(performance.now() - started) };
    });
    const rssMB = peakRssMB(server.pid);
    const { run } = build.result;
    const sheets = run.parts.find((p) => p.section === 'sheets');
    const envelopes = run.parts.find((p) => p.section === 'envelopes');
    if (sheets?.items !== letters + postcards || envelopes?.pages !== letters) {
      throw new Error(`run ${run.id} is not the queue: ${JSON.stringify(run.parts)}`);
    }

    resetPeakRss(server.pid);
    t = performance.now();
    const pdfRes = await expectStatus(`${server.url}/api/admin/print/runs/${run.id}/pdf`, { headers: admin.headers, timeoutMs: 5 * 60_000 }, 200);
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const pdfMs = Math.round(performance.now() - t);
    const pages = Number(pdfRes.headers.get('x-volya-pages'));
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-' || pages !== run.pages || !plausiblePages(pages)) {
      throw new Error(`run ${run.id} PDF: ${pdf.length} bytes, ${pages} pages in the header, ${run.pages} in the run: not plausible`);
    }
    if (idle.failures || build.report.failures) throw new Error(`kiosk list requests failed: ${idle.failures} idle, ${build.report.failures} during the build`);
    const during = build.report.latencies;
    return {
      fillMs,
      buildMs: build.result.ms,
      listP50MsDuringBuild: round1(percentile(during, 50)),
      listP99MsDuringBuild: round1(percentile(during, 99)),
      listMaxMsDuringBuild: round1(Math.max(...during)),
      listSamplesDuringBuild: during.length,
      listP50MsIdle: round1(percentile(idle.latencies, 50)),
      listP99MsIdle: round1(percentile(idle.latencies, 99)),
      rssFillMB,
      rssMB,
      rssPdfMB: peakRssMB(server.pid),
      pdfMs,
      pdfMB: round1(pdf.length / 1024 / 1024),
      pages,
    };
  });
}

async function main() {
  let t = performance.now();
  const pngs = Array.from({ length: postcards }, (_, i) => sketchPng(i));
  const images = pngs.map((png) => `data:image/png;base64,${png.toString('base64')}`);
  const largest = Math.max(...pngs.map((p) => p.length));
  if (largest > MAX_IMAGE_BYTES || Math.max(...images.map((i) => i.length)) > MAX_PNG_CHARS) {
    throw new Error(`a drawing of ${largest} bytes is over the queue's or the kiosk's PNG limit`);
  }
  const kb = pngs.map((p) => p.length / 1024).sort((a, b) => a - b);
  const threads = process.env.VOLYA_RENDER_THREADS ?? String(os.availableParallelism());
  console.log(`print run: ${letters} letters (1–3 pages) + ${postcards} postcards, envelopes; ${reps} repetition(s), a fresh server each, ${threads} render threads`);
  console.log(`drawings: ${postcards} PNGs 1240 × 874, ${Math.round(kb[0]!)}–${Math.round(kb[kb.length - 1]!)} KB (median ${Math.round(percentile(kb, 50))}), made in ${Math.round(performance.now() - t)} ms`);

  const runs: Repetition[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    const r = await repetition(images);
    runs.push(r);
    console.log(
      `  #${i + 1}: build ${r.buildMs} ms · list during build p50 ${r.listP50MsDuringBuild} / p99 ${r.listP99MsDuringBuild} / max ${r.listMaxMsDuringBuild} ms (${r.listSamplesDuringBuild} requests) · idle p50 ${r.listP50MsIdle} / p99 ${r.listP99MsIdle} ms · peak RSS build ${r.rssMB} MB, fill ${r.rssFillMB} MB, PDF ${r.rssPdfMB} MB · PDF ${r.pages} pages, ${r.pdfMB} MB in ${r.pdfMs} ms · queue filled in ${r.fillMs} ms · ${Math.round((performance.now() - t) / 1000)} s`,
    );
  }

  const of = (key: keyof Repetition) => spread(runs.map((r) => r[key]));
  const ratio = spread(runs.map((r) => round1(r.listP99MsDuringBuild / r.listP99MsIdle)));
  const row = (name: string, key: keyof Repetition, unit: string, target?: number) => {
    const s = of(key);
    const goal = target === undefined ? '' : `  target ≤ ${target} ${unit}: ${s.median <= target ? 'met' : 'MISSED'}`;
    console.log(`${name.padEnd(28)} ${String(s.median).padStart(8)} ${unit.padEnd(3)} (${s.range[0]}–${s.range[1]})${goal}`);
  };
  console.log(`medians of ${reps} (range):`);
  row('build, POST print/runs', 'buildMs', 'ms', TARGETS.buildMs);
  row('list p99 during the build', 'listP99MsDuringBuild', 'ms', TARGETS.listP99MsDuringBuild);
  row('list p50 during the build', 'listP50MsDuringBuild', 'ms');
  row('list p99 idle', 'listP99MsIdle', 'ms');
  row('list p50 idle', 'listP50MsIdle', 'ms');
  console.log(`${'list p99 build / idle'.padEnd(28)} ${String(ratio.median).padStart(8)} ×   (${ratio.range[0]}–${ratio.range[1]})`);
  row('server peak RSS, build', 'rssMB', 'MB', TARGETS.rssMB);
  row('run PDF download', 'pdfMs', 'ms');
  console.log(
    JSON.stringify({
      items: letters + postcards,
      letters,
      postcards,
      envelopes: letters,
      reps,
      buildMs: of('buildMs').median,
      buildMsRange: of('buildMs').range,
      listP99MsDuringBuild: of('listP99MsDuringBuild').median,
      listP99MsDuringBuildRange: of('listP99MsDuringBuild').range,
      listMaxMsDuringBuild: of('listMaxMsDuringBuild').median,
      listSamplesDuringBuild: of('listSamplesDuringBuild').median,
      listP50MsDuringBuild: of('listP50MsDuringBuild').median,
      listP50MsDuringBuildRange: of('listP50MsDuringBuild').range,
      listP99MsIdle: of('listP99MsIdle').median,
      listP99MsIdleRange: of('listP99MsIdle').range,
      listP50MsIdle: of('listP50MsIdle').median,
      listP99Ratio: ratio.median,
      listP99RatioRange: ratio.range,
      rssMB: of('rssMB').median,
      rssMBRange: of('rssMB').range,
      rssFillMB: of('rssFillMB').median,
      rssPdfMB: of('rssPdfMB').median,
      pdfMs: of('pdfMs').median,
      pages: of('pages').median,
      renderThreads: Number(threads),
      targets: TARGETS,
    }),
  );
}

runBenchmark(main, arg('--max-minutes', 15));

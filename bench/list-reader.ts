/**
 * The kiosk client of the latency benchmarks, in a process of its own (forked by http-bench.ts) so the benchmark's
 * own work (parsing a large reply, say) never delays it: between "start" and "stop" it reads GET /api/prisoners
 * back to back, one request at a time as one kiosk does, and answers "stop" with every request's latency.
 */
import type { ReaderCommand, ReaderReport } from './http-bench.js';

const base = process.argv[2]!;
// Bounds a window even if "stop" never comes (a reader whose benchmark ended exits on disconnect, below).
const MAX_WINDOW_MS = 15 * 60_000;
const MAX_SAMPLES = 500_000;

let running: Promise<ReaderReport> | undefined;
let stopping = false;

async function window(): Promise<ReaderReport> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  while (!stopping && latencies.length < MAX_SAMPLES && performance.now() - started < MAX_WINDOW_MS) {
    const t = performance.now();
    try {
      const res = await fetch(`${base}/api/prisoners`, { signal: AbortSignal.timeout(MAX_WINDOW_MS) });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - t);
  }
  return { latencies, failures };
}

process.on('message', (command: ReaderCommand) => {
  if (command === 'start' && !running) {
    stopping = false;
    running = window();
  } else if (command === 'stop' && running) {
    stopping = true;
    void running.then((report) => {
      running = undefined;
      process.send!(report);
    });
  }
});
// The benchmark ended (or died): so does this reader.
process.on('disconnect', () => process.exit(0));

/**
 * Rendering off the event loop: a piscina pool of worker threads sized to the machine, with a bounded queue.
 * When the queue is full the request is refused at once with 503 and Retry-After instead of stalling every
 * other request (the person list, the console) behind a wall of previews.
 *
 * The pool starts first thing (main.ts): one thread loads the PDF engine and renders a warm-up letter while the web
 * thread opens the database and builds the app, so the first PDF a kiosk asks for finds it ready; the other
 * threads follow. The web thread itself never loads the engine for /api/pdf: a request that comes before a thread
 * is ready waits in the queue.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DomainError, fromErrorData } from '../model/errors.js';
import type { RenderSpec } from '../pdf/render-spec.js';
import type { RenderResult } from '../pdf/types.js';
import type { RenderJob, RenderJobResult } from './render-jobs.js';
import type { WorkerReply, WorkerTask } from './render-worker.js';

export interface RenderPoolOptions {
  /** Worker threads; default: one per core. */
  threads?: number;
  /** Tasks allowed to wait for a thread; beyond that, 503. Default: 64 — a room full of kiosks and phones. */
  maxQueue?: number;
}

export interface PdfRenderer {
  /** `abandoned`: the client went away; a render still waiting for a thread is then skipped. */
  render(spec: RenderSpec, abandoned?: AbortSignal): Promise<RenderResult>;
  /**
   * Checks that a letter or postcard will draw (its picture decodes, its message fits), before it is stored; returns
   * the picture to store (flattened to RGB when it came with transparency).
   */
  check(item: { kind: 'letter' | 'postcard'; text: string; image?: string }): Promise<string | undefined>;
  /** True when a new render would be refused: routes answer 503 before reading the body. */
  saturated?(): boolean;
}

/** The PDF engine on this thread, loaded on first use: the web thread does not load it at start. */
async function runHere(task: RenderJob): Promise<RenderJobResult> {
  const { runRenderJob } = await import('./render-jobs.js');
  return runRenderJob(task);
}

/** Renders on the calling thread: tests, the CLI, and anything that builds the app without a pool. */
export const inlineRenderer: PdfRenderer = {
  render: async (spec) => (await runHere({ job: 'render', spec })) as RenderResult,
  check: async (item) => ((await runHere({ job: 'check', item })) as { image?: string }).image,
};

export interface RenderPool extends PdfRenderer {
  /** Starts the worker threads, each with a warm-up render; until then render() works on this thread. */
  start(): void;
  /** Resolves when the warm-up letters have been rendered (the first thread first, then one per thread). */
  warm: Promise<void>;
  /** Tasks waiting for a thread right now. */
  queued(): number;
  close(): Promise<void>;
}

export const RETRY_AFTER_SECONDS = 2;

export const busy = () => new DomainError('unavailable', `Printing is busy right now: try again in ${RETRY_AFTER_SECONDS} seconds`);

/** An onRequest hook for rendering routes: a saturated renderer refuses before the body is even parsed. */
export function refuseWhenSaturated(renderer: PdfRenderer) {
  return async () => {
    if (renderer.saturated?.()) throw busy();
  };
}

/** A short letter to a made-up person: loads fonts, layout and hyphenation in a fresh worker. */
const WARM_UP: RenderJob = {
  job: 'render',
  spec: {
    kind: 'letter',
    title: 'Volya warm-up',
    date: new Date(0),
    letter: {
      paper: 'a4',
      language: 'ru',
      text: 'Здравствуй! Мы пишем тебе из Канады. Hello.',
      recipientLine: 'Прогреву Ивану Ивановичу, 1990 г.р.',
      senderLines: ['Letter-writing collective', 'Toronto'],
      date: new Date(0),
    },
  },
};

export function createRenderPool(opts: RenderPoolOptions = {}): RenderPool {
  const threads = opts.threads ?? Math.max(1, os.availableParallelism());
  const maxQueue = opts.maxQueue ?? 64;
  let pool: Piscina | undefined;
  let closing = false;
  let markWarm!: () => void;
  const warm = new Promise<void>((resolve) => (markWarm = resolve));
  let inline = 0;

  async function run(task: RenderJob, abandoned?: AbortSignal): Promise<RenderJobResult> {
    if (!pool) {
      // Not started (a test, or the moment before start): at most one job on this thread at a time, so a burst
      // cannot take over the event loop.
      if (inline >= 1) throw busy();
      inline++;
      try {
        return await runHere(task);
      } finally {
        inline--;
      }
    }
    if (pool.queueSize >= maxQueue) throw busy();
    // Shared with the thread: set when the client leaves, so a preview nobody waits for any more (a kiosk that
    // timed out, a phone that lost the network) is not rendered when its turn comes. One already running is
    // left to finish: stopping it would cost the thread.
    if (abandoned?.aborted) throw new DomainError('client-gone', 'The client went away before its turn');
    const gone = new Int32Array(new SharedArrayBuffer(4));
    abandoned?.addEventListener('abort', () => Atomics.store(gone, 0, 1), { once: true });
    let reply: WorkerReply;
    try {
      reply = await pool.run({ task, gone } satisfies WorkerTask);
    } catch (e) {
      // piscina refuses with "Task queue is at limit" when a burst overtakes the check above.
      if (e instanceof Error && /queue is at limit/i.test(e.message)) throw busy();
      // The server is shutting down (a render still running when it stopped): busy, not a server error.
      if (closing) throw busy();
      throw e;
    }
    if (!reply.ok) throw fromErrorData(reply.error);
    return reply.result;
  }

  return {
    start() {
      if (pool) return;
      pool = new Piscina({
        filename: fileURLToPath(new URL('./render-worker-entry.mjs', import.meta.url)),
        // One thread at first; piscina adds the others (up to maxThreads) when tasks wait, which the warm-up
        // below makes happen once the first thread is ready.
        minThreads: 1,
        maxThreads: threads,
        maxQueue,
        idleTimeout: Number.POSITIVE_INFINITY,
        // First come, first served. Without it piscina moves a task it could not hand out at once to the back of
        // the queue, so under load some previews waited three or four times as long as others (p99 ≈ 3 × p50).
        stricterFIFO: true,
        // A render needs a few MB; without a cap each worker's heap grows lazily to hundreds of MB under load.
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
      });
      const p = pool;
      // The first thread warms up alone, beside the web thread's own start (two threads on a two-core laptop);
      // the others follow once it is ready, when the first PDF no longer waits on them.
      const warmUp = () => p.run({ task: WARM_UP } satisfies WorkerTask).catch(() => undefined);
      void warmUp()
        .then(() => Promise.all(Array.from({ length: threads }, warmUp)))
        .then(() => markWarm());
    },
    async render(spec, abandoned) {
      return (await run({ job: 'render', spec }, abandoned)) as RenderResult;
    },
    async check(item) {
      return ((await run({ job: 'check', item })) as { image?: string }).image;
    },
    saturated: () => (pool ? pool.queueSize >= maxQueue : inline >= 1),
    warm,
    queued: () => pool?.queueSize ?? 0,
    close: async () => {
      closing = true;
      await pool?.destroy();
    },
  };
}

/**
 * Rendering off the event loop: a piscina pool of worker threads sized to the machine, with a bounded queue.
 * When the queue is full the request is refused at once with 503 and Retry-After instead of stalling every
 * other request (the person list, the console) behind a wall of previews.
 *
 * Workers need a moment to load fonts and code, so they start after the server listens, and until every thread
 * has finished its warm-up render requests render on the main thread: the first PDF is not kept waiting.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { renderPdfRequest, type PdfInputs, type PdfRequest } from '../domain/pdf-request.js';
import { HttpError } from '../http-error.js';
import type { RenderResult } from '../pdf/types.js';
import { defaultSettings } from '../db/settings.js';
import type { WorkerReply } from './render-worker.js';

export interface RenderPoolOptions {
  /** Worker threads; default: one per core. */
  threads?: number;
  /** Tasks allowed to wait for a thread; beyond that, 503. Default: 64 — a room full of kiosks and phones. */
  maxQueue?: number;
  /** Render on the main thread until the workers are warm (default true). */
  inlineUntilWarm?: boolean;
}

export interface PdfRenderer {
  render(req: PdfRequest, inputs: PdfInputs): Promise<RenderResult>;
  /** True when a new render would be refused: routes answer 503 before reading the body. */
  saturated?(): boolean;
}

/** Renders on the calling thread: tests, the CLI, and anything that builds the app without a pool. */
export const inlineRenderer: PdfRenderer = { render: renderPdfRequest };

export interface RenderPool extends PdfRenderer {
  /** Starts the worker threads (after the server listens, so they do not slow the start). */
  start(): void;
  /** Resolves when every worker has rendered once. */
  warm: Promise<void>;
  /** Tasks waiting for a thread right now. */
  queued(): number;
  close(): Promise<void>;
}

export const RETRY_AFTER_SECONDS = 2;

export const busy = () => new HttpError(503, `Printing is busy right now: try again in ${RETRY_AFTER_SECONDS} seconds`);

/** An onRequest hook for rendering routes: a saturated renderer refuses before the body is even parsed. */
export function refuseWhenSaturated(renderer: PdfRenderer) {
  return async () => {
    if (renderer.saturated?.()) throw busy();
  };
}

/** A short letter to a made-up person: loads fonts, layout and hyphenation in a fresh worker. */
const WARM_UP: { req: PdfRequest; inputs: PdfInputs } = {
  req: { kind: 'letter', paper: 'a4', text: 'Здравствуй! Мы пишем тебе из Канады. Hello.' },
  inputs: {
    prisoners: [
      {
        id: 0, surname: 'Прогревов', givenName: 'Иван', patronymic: 'Иванович', latinName: 'Ivan Progrevov', latinNameSet: 0,
        nameDative: null, gender: 'male', birthYear: 1990, birthDate: null, facilityId: 0, status: 'pretrial',
        addressAsOf: null, addressSource: null, caseName: null, bioEn: null, bioRu: null, languages: 'ru',
        supportWithdrawn: 0, withdrawnNote: null, privateNotes: null, isDemo: 0, searchText: '', createdAt: '', updatedAt: '',
        facility: {
          id: 0, name: 'ФКУ СИЗО-1 УФСИН России по Пензенской области', kind: 'sizo', street: 'ул. Примерная, 1',
          city: 'г. Пенза', district: null, region: null, postalCode: '440000', country: 'RU', mailRules: null,
          notes: null, isDemo: 0, createdAt: '', updatedAt: '',
        },
      },
    ],
    settings: defaultSettings,
    today: new Date(0),
  },
};

export function createRenderPool(opts: RenderPoolOptions = {}): RenderPool {
  const threads = opts.threads ?? Math.max(1, os.availableParallelism());
  const maxQueue = opts.maxQueue ?? 64;
  const inlineUntilWarm = opts.inlineUntilWarm ?? true;
  let pool: Piscina | undefined;
  let isWarm = false;
  let markWarm!: () => void;
  const warm = new Promise<void>((resolve) => (markWarm = resolve));
  let inline = 0;

  return {
    start() {
      if (pool) return;
      pool = new Piscina({
        filename: fileURLToPath(new URL('./render-worker-entry.mjs', import.meta.url)),
        minThreads: threads,
        maxThreads: threads,
        maxQueue,
        idleTimeout: Number.POSITIVE_INFINITY,
        // A render needs a few MB; without a cap each worker's heap grows lazily to hundreds of MB under load.
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
      });
      const p = pool;
      void Promise.all(Array.from({ length: threads }, () => p.run(WARM_UP).catch(() => undefined))).then(() => {
        isWarm = true;
        markWarm();
      });
    },
    async render(req, inputs) {
      if (!pool || (!isWarm && inlineUntilWarm)) {
        // Before the workers are ready: at most one inline render at a time, so a burst cannot take over the
        // event loop.
        if (inline >= 1) throw busy();
        inline++;
        try {
          return await renderPdfRequest(req, inputs);
        } finally {
          inline--;
        }
      }
      if (pool.queueSize >= maxQueue) throw busy();
      let reply: WorkerReply;
      try {
        reply = await pool.run({ req, inputs });
      } catch (e) {
        // piscina refuses with "Task queue is at limit" when a burst overtakes the check above.
        if (e instanceof Error && /queue is at limit/i.test(e.message)) throw busy();
        throw e;
      }
      if (!reply.ok) throw new HttpError(reply.statusCode, reply.message, reply.field);
      return reply.result;
    },
    saturated: () => (pool && isWarm ? pool.queueSize >= maxQueue : inline >= 1),
    warm,
    queued: () => pool?.queueSize ?? 0,
    close: async () => {
      await pool?.destroy();
    },
  };
}

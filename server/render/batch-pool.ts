/**
 * The batch thread: print runs, the birthday list and CSV imports run here, never on the web thread, so a run of
 * 500 letters or an import of 50,000 rows does not stall every kiosk. One thread, started on first use and stopped
 * when idle (its heap is given back), with room for a run's pictures; previews keep their own threads
 * (render-pool.ts) and are not queued behind a run.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { fromErrorData } from '../model/errors.js';
import type { BatchJob, BatchResults } from './batch-jobs.js';
import type { BatchReply } from './batch-worker.js';

export interface BatchRunner {
  run<J extends BatchJob>(task: J): Promise<BatchResults[J['job']]>;
  /** True when jobs run on the calling thread (no pool): an import then uses the app's own connection. */
  readonly inThread: boolean;
  close(): Promise<void>;
}

/** Runs batch jobs on the calling thread: tests and the CLI. */
export const inlineBatch: BatchRunner = {
  async run(task) {
    const { runBatchJob } = await import('./batch-jobs.js');
    return (await runBatchJob(task)) as never;
  },
  inThread: true,
  close: async () => {},
};

export function createBatchPool(): BatchRunner {
  let pool: Piscina | undefined;
  return {
    async run(task) {
      pool ??= new Piscina({
        filename: fileURLToPath(new URL('./batch-worker-entry.mjs', import.meta.url)),
        minThreads: 0,
        maxThreads: 1,
        // Given back a minute after the last job: most of a workshop never builds a run.
        idleTimeout: 60_000,
        // A run of 500 letters and 200 drawn postcards holds about 80 MB while it draws (bench:run); a cap makes V8
        // collect instead of growing the heap.
        resourceLimits: { maxOldGenerationSizeMb: 160 },
      });
      const reply = (await pool.run(task)) as BatchReply;
      if (!reply.ok) throw fromErrorData(reply.error);
      return reply.result as never;
    },
    inThread: false,
    close: async () => {
      await pool?.destroy();
    },
  };
}

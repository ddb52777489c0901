/**
 * The retention sweeper: deletes queued content past its retention (and printed rows of finished runs) and
 * expired organizer sessions, once when the app is ready and then every minute until it closes; at start it
 * also reopens runs that a stopped server left half-sent.
 */
import type { FastifyInstance } from 'fastify';
import { sweepQueue } from '../db/print-queue.js';
import { interruptSendingRuns } from '../db/print-runs.js';
import { getSettings } from '../services/settings.js';
import { deleteExpiredSessions } from '../db/organizers.js';

export const SWEEP_INTERVAL_MS = 60_000;

export async function sweepOnce(app: FastifyInstance, now = new Date()): Promise<number> {
  const settings = await getSettings(app.db);
  app.runCache.prune(now.getTime());
  return sweepQueue(app.db, now, settings.printRetentionHours);
}

export function startQueueSweeper(app: FastifyInstance, intervalMs = SWEEP_INTERVAL_MS): void {
  let timer: NodeJS.Timeout | undefined;
  // Expired organizer sessions go on the same schedule, by the real clock (tests move only the queue's clock).
  const sweepAll = () => Promise.all([sweepOnce(app), deleteExpiredSessions(app.db)]);
  const sweep = () => sweepAll().catch((err: unknown) => app.log.error({ err }, 'queue sweep failed'));
  app.addHook('onReady', async () => {
    // A run left 'sending' by a stopped server resumes like any interrupted run (each sent job was recorded).
    await interruptSendingRuns(app.db, 'The server stopped while this run was being sent');
    await sweepAll();
    timer = setInterval(sweep, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    app.runCache.clear();
  });
}

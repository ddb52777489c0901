/**
 * The batch thread: one job of batch-jobs.ts for the web thread. Domain errors come back as plain data; the
 * result's byte arrays are moved, not copied.
 */
import { Piscina } from 'piscina';
import { DomainError, errorData, type ErrorData } from '../model/errors.js';
import { buffersOf, runBatchJob, type BatchJob } from './batch-jobs.js';

export type BatchReply = { ok: true; result: unknown } | { ok: false; error: ErrorData };

export default async function batch(task: BatchJob) {
  let reply: BatchReply;
  try {
    reply = { ok: true, result: await runBatchJob(task) };
  } catch (e) {
    // An import on this thread's own connection can fill the disk; the code would not survive the thread boundary.
    if ((e as { code?: unknown }).code === 'SQLITE_FULL') e = new DomainError('disk-full', 'The disk is full');
    if (!(e instanceof DomainError)) throw e;
    reply = { ok: false, error: errorData(e) };
  }
  const transferable = { [Piscina.transferableSymbol]: reply.ok ? buffersOf(reply.result) : [], [Piscina.valueSymbol]: reply };
  return Piscina.move(transferable as unknown as Parameters<typeof Piscina.move>[0]);
}

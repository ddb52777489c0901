/**
 * The render thread: runs one job (render-jobs.ts) for the web thread. Domain errors cannot cross the thread
 * boundary as instances, so they come back as plain data and are thrown again on the other side.
 */
import { DomainError, errorData, type ErrorData } from '../model/errors.js';
import { runRenderJob, type RenderJob, type RenderJobResult } from './render-jobs.js';

export type WorkerReply = { ok: true; result: RenderJobResult } | { ok: false; error: ErrorData };

export interface WorkerTask {
  task: RenderJob;
  /** Set to 1 by the web thread when the client has gone away. */
  gone?: Int32Array;
}

export default async function render({ task, gone }: WorkerTask): Promise<WorkerReply> {
  if (gone && Atomics.load(gone, 0) === 1) return { ok: false, error: { kind: 'client-gone', message: 'The client went away before its turn' } };
  try {
    return { ok: true, result: await runRenderJob(task) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: errorData(e) };
    throw e;
  }
}

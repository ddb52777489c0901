/**
 * The PDF worker: renders one request with inputs the main thread already loaded from the database.
 * HttpErrors cannot cross the thread boundary with their status, so they come back as plain data.
 */
import { renderPdfRequest, type PdfInputs, type PdfRequest } from '../domain/pdf-request.js';
import { HttpError } from '../http-error.js';
import type { RenderResult } from '../pdf/types.js';

export type WorkerReply =
  | { ok: true; result: RenderResult }
  | { ok: false; statusCode: number; message: string; field?: string };

export interface WorkerTask {
  req: PdfRequest;
  inputs: PdfInputs;
  /** Set to 1 by the web thread when the client has gone away. */
  gone?: Int32Array;
}

export default async function render(task: WorkerTask): Promise<WorkerReply> {
  if (task.gone && Atomics.load(task.gone, 0) === 1) return { ok: false, statusCode: 499, message: 'The client went away before its turn' };
  try {
    return { ok: true, result: await renderPdfRequest(task.req, task.inputs) };
  } catch (e) {
    if (e instanceof HttpError) return { ok: false, statusCode: e.statusCode, message: e.message, field: e.field };
    throw e;
  }
}

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

export default async function render(task: { req: PdfRequest; inputs: PdfInputs }): Promise<WorkerReply> {
  try {
    return { ok: true, result: await renderPdfRequest(task.req, task.inputs) };
  } catch (e) {
    if (e instanceof HttpError) return { ok: false, statusCode: e.statusCode, message: e.message, field: e.field };
    throw e;
  }
}

/**
 * The one error handler and the one map from an error's kind to an HTTP status. Services and rules throw
 * DomainError (model/errors.ts) with a kind; HTTP-only refusals (a phone on an organizer route, a request that is
 * not multipart) throw HttpError. 4xx answers carry the message and the field; a 5xx carries a generic sentence and
 * is logged (never with a body).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, TooManyAttempts, VersionConflict, type ErrorKind } from '../model/errors.js';
import { describeValidationError } from '../validation.js';

/** An error that is about HTTP itself, with its status and, for input problems, the field it concerns. */
export class HttpError extends Error {
  constructor(
    public statusCode: number,
    message: string,
    public field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A person not open for letters answers 404 on the kiosk API — a kiosk or a phone must not learn that a withdrawn
 * person exists — and 409 on the organizer API, where organizers are told why.
 */
const STATUS: Record<ErrorKind, number | { kiosk: number; organizer: number }> = {
  invalid: 400,
  unprocessable: 422,
  'too-large': 413,
  'not-found': 404,
  'not-open-for-letters': { kiosk: 404, organizer: 409 },
  conflict: 409,
  gone: 410,
  unavailable: 503,
  'client-gone': 499,
  unauthorized: 401,
  forbidden: 403,
  'too-many-attempts': 429,
  'disk-full': 507,
};

export function statusOf(kind: ErrorKind, url: string): number {
  const s = STATUS[kind];
  return typeof s === 'number' ? s : url.startsWith('/api/admin') ? s.organizer : s.kiosk;
}

const TEXTS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 499: 'Client Closed Request', 503: 'Service Unavailable', 507: 'Insufficient Storage',
};

/**
 * Refusals after which the connection is closed: a client refused for what it is (a phone with phones off, a
 * forged Host), for its size or for its rate must not keep the socket and try again on it.
 */
const CLOSES_CONNECTION = new Set([403, 408, 413, 421, 429]);

/** better-sqlite3's code when a write needs a page the disk (or the file's size limit) cannot give. */
const DISK_FULL = new Set(['SQLITE_FULL']);

function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type';
    default:
      return error.message;
  }
}

export function installErrorHandler(app: FastifyInstance, opts: { retryAfterSeconds: number; databaseFolder: string }): void {
  const send = (reply: FastifyReply, status: number, message: string, field?: string, extra: object = {}) => {
    // A busy renderer or printer: the client (the kiosk) waits and retries.
    if (status === 503) reply.header('Retry-After', String(opts.retryAfterSeconds));
    if (CLOSES_CONNECTION.has(status)) reply.header('Connection', 'close');
    return reply.status(status).send({ error: TEXTS[status] ?? 'Error', message, field, ...extra });
  };
  app.setErrorHandler((error: FastifyError | DomainError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof TooManyAttempts) reply.header('Retry-After', String(error.retryAfterSeconds));
    // From this thread's connection (SQLITE_FULL) or from the batch thread's (as a domain error of kind disk-full).
    if ((error instanceof DomainError && error.kind === 'disk-full') || DISK_FULL.has((error as FastifyError).code)) {
      request.log.error('the disk is full');
      return send(reply, 507, `The disk is full: nothing was saved. Free space on the disk that holds the database folder ${opts.databaseFolder}, then try again.`);
    }
    // A stale edit carries the record as it is now and what changed, for the console's side-by-side comparison.
    if (error instanceof VersionConflict) return send(reply, 409, error.message, error.field, { current: error.current, changed: error.changed });
    if (error instanceof DomainError) return send(reply, statusOf(error.kind, request.url), error.message, error.field);
    if (error instanceof HttpError) return send(reply, error.statusCode, error.message, error.field);
    if (error.validation) {
      const { field, message } = describeValidationError(error.validation, error.validationContext);
      return send(reply, 400, message, field);
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status < 500) return send(reply, status, clientMessage(error));
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'Internal Server Error', message: 'Something went wrong on the server. Try again.' });
  });
}

/**
 * Errors the rules and use cases throw, each with a kind and, for input problems, the field it concerns. They know
 * nothing of HTTP: the one map from kind to status is server/plugins/errors.ts. Plain data, so a render thread can
 * hand one back to the web thread as it is.
 */

export const ERROR_KINDS = [
  /** The input breaks a rule (a missing name, a date that does not exist). */
  'invalid',
  /** Well-formed, but it cannot be done as asked (too long for the card, a damaged picture, a missing year of birth). */
  'unprocessable',
  /** Larger than a limit allows. */
  'too-large',
  'not-found',
  /** The person was released or support was withdrawn: writers are never offered them. */
  'not-open-for-letters',
  /** The request clashes with the current state (already printed, being sent, still in use). */
  'conflict',
  /** Once there, now deleted for good (a printed run's letters). */
  'gone',
  /** Something the request needs is busy or down (the render threads, the printer). */
  'unavailable',
  /** The client left before its turn came. */
  'client-gone',
  'unauthorized',
  'forbidden',
  /** The disk holding the database has no room left for a write. */
  'disk-full',
  /** Too many attempts, or too much in a while (a password tried again and again, a phone's pictures): refused for a while. */
  'too-many-attempts',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Too many attempts, or too much in a while: refused until `retryAfterSeconds` have passed. */
export class TooManyAttempts extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    field?: string,
  ) {
    super('too-many-attempts', message, field);
    this.name = 'TooManyAttempts';
  }
}

/**
 * An edit made from an older version than the record has now: answered 409 with the record as it is now and the
 * fields changed since the version the client saw, so the console can show both side by side.
 */
export class VersionConflict extends DomainError {
  constructor(
    what: string,
    readonly current: Record<string, unknown> & { version: number },
    readonly changed: string[],
  ) {
    super('conflict', `version: ${what} was changed by someone else since you opened it (now version ${current.version}${changed.length ? `; changed: ${changed.join(', ')}` : ''}): compare and save again`, 'version');
    this.name = 'VersionConflict';
  }
}

/** A field-level input error: «field: message». */
export function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid', `${field}: ${message}`, field);
}

/** The error as plain data, to cross a thread boundary. */
export interface ErrorData {
  kind: ErrorKind;
  message: string;
  field?: string;
}

export function errorData(e: DomainError): ErrorData {
  return { kind: e.kind, message: e.message, ...(e.field === undefined ? {} : { field: e.field }) };
}

export function fromErrorData(d: ErrorData): DomainError {
  return new DomainError(d.kind, d.message, d.field);
}

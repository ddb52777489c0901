// @ts-check
// JSON over HTTP to the Volya server on this machine. A refused or failed request becomes an ApiError with the
// server's reply ({ error, message, field }), so a page can say why and mark the field it names.

/** @typedef {import('./api-types.js').ErrorReply} ErrorReply */

export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status; 0 when the server could not be reached
   * @param {Partial<ErrorReply> | null} [reply]
   */
  constructor(status, reply = null) {
    super(reply?.message ?? (status ? `HTTP ${status}` : 'network'));
    this.name = 'ApiError';
    this.status = status;
    /** @type {string | null} the reply's short reason, e.g. "Bad Request" */
    this.error = reply?.error ?? null;
    /** @type {string | null} the request field the refusal is about */
    this.field = reply?.field ?? null;
    /** @type {Partial<ErrorReply> | null} the whole reply: a 409 on a stale version carries `current` and `changed` */
    this.reply = reply;
  }
}

/**
 * @typedef {object} ApiOptions
 * @property {() => Record<string, string>} [headers] extra headers for requests other than GET (the console's CSRF token)
 * @property {(url: string) => Promise<boolean>} [reauthenticate] asked on a 401 to sign in again without leaving the
 *   page; when it answers true the same request is sent again (with fresh headers), so typed work is not lost
 * @property {() => Promise<boolean>} [renewToken] asked on a 403 naming the CSRF header (the session was renewed in
 *   another tab, so this page's token is an old one); when it answers true the request is sent once more
 * @property {number} [busyRetries] how often a request other than GET refused with 503 (busy) is asked again after its Retry-After
 * @property {(seconds: number) => void} [onBusy] told the seconds of each such wait, and 0 when the waiting is over
 */

/**
 * @typedef {object} Api
 * @property {(url: string) => Promise<unknown>} get
 * @property {(url: string, body?: unknown) => Promise<unknown>} post
 * @property {(url: string, body?: unknown) => Promise<unknown>} put
 * @property {(url: string) => Promise<unknown>} del
 * @property {(url: string, body?: unknown, how?: SendOptions) => Promise<Response>} postForResponse a POST whose reply is not JSON (a PDF)
 */

/**
 * @typedef {object} SendOptions
 * @property {AbortSignal} [signal] aborts the request
 * @property {boolean} [background] made ahead of the writer: a busy server is not retried and shows no busy notice
 */

/** A 503's Retry-After in seconds, kept between 1 and 10. */
const retryAfter = (/** @type {Response} */ res) => Math.min(10, Math.max(1, Number(res.headers.get('retry-after')) || 2));

/** @param {Response} res */
async function replyOf(res) {
  if (!(res.headers.get('content-type') ?? '').includes('json')) return null;
  try {
    return /** @type {unknown} */ (await res.json());
  } catch {
    return null;
  }
}

/**
 * A client; every reply is `unknown` until the caller names its type from api-types.d.ts.
 * @param {ApiOptions} [options]
 * @returns {Api}
 */
export function createApi(options = {}) {
  /**
   * @param {string} method
   * @param {string} url
   * @param {unknown} [body] FormData as it is, anything else as JSON
   * @param {SendOptions} [how]
   */
  async function send(method, url, body, how = {}) {
    const { signal } = how;
    const init = () => {
      /** @type {Record<string, string>} */
      const headers = { accept: 'application/json', ...(method === 'GET' ? {} : options.headers?.()) };
      if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
      return {
        method,
        headers,
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
        cache: /** @type {RequestCache} */ ('no-store'),
        credentials: /** @type {RequestCredentials} */ ('same-origin'),
        signal,
      };
    };
    const retries = method === 'GET' || how.background ? 0 : (options.busyRetries ?? 0);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await fetch(url, init());
      } catch (e) {
        if (retries) options.onBusy?.(0);
        if (signal?.aborted) throw e;
        throw new ApiError(0);
      }
      if (res.status === 503 && attempt < retries) {
        const seconds = retryAfter(res);
        options.onBusy?.(seconds);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      if (retries) options.onBusy?.(0);
      if (res.ok) return res;
      // Signed in again (the session had ended): the same request once more, with the new session's token.
      if (res.status === 401 && options.reauthenticate && (await options.reauthenticate(url))) continue;
      if (res.status === 403 && options.renewToken && !renewed) {
        const reply = /** @type {Partial<ErrorReply> | null} */ (await replyOf(res));
        renewed = true;
        if (reply?.field === 'x-csrf-token' && (await options.renewToken())) continue;
        throw new ApiError(res.status, reply);
      }
      throw new ApiError(res.status, /** @type {Partial<ErrorReply> | null} */ (await replyOf(res)));
    }
  }
  return {
    get: async (url) => replyOf(await send('GET', url)),
    post: async (url, body = {}) => replyOf(await send('POST', url, body)),
    put: async (url, body = {}) => replyOf(await send('PUT', url, body)),
    del: async (url) => replyOf(await send('DELETE', url)),
    postForResponse: (url, body = {}, how) => send('POST', url, body, how),
  };
}

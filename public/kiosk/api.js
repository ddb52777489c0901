// JSON over HTTP to the Volya server on this machine. Errors become ApiError so screens can offer "try again".
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function check(res) {
  if (res.ok) return res;
  let message = `HTTP ${res.status}`;
  try {
    message = (await res.json()).message ?? message;
  } catch {
    // not JSON: keep the status
  }
  throw new ApiError(res.status, message);
}

export async function getJson(url) {
  let res;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network');
  }
  return (await check(res)).json();
}

export async function postJson(url, body) {
  return (await post(url, body)).json();
}

/** How often a request refused with 503 ("busy") is retried before the error banner shows. */
const BUSY_RETRIES = 6;
let busyListener = () => {};

/** Called with the seconds to wait while the server is busy, and with 0 when the wait is over. */
export function onBusy(listener) {
  busyListener = listener;
}

/** POST returning the raw response (PDFs). A busy server (503) is waited for and asked again. */
export async function post(url, body) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store' });
    } catch {
      busyListener(0);
      throw new ApiError(0, 'network');
    }
    if (res.status !== 503 || attempt >= BUSY_RETRIES) {
      busyListener(0);
      return check(res);
    }
    const seconds = Math.min(10, Math.max(1, Number(res.headers.get('retry-after')) || 2));
    busyListener(seconds);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

/** GET that answers null for a 404: optional features (print queue, printer) that may not exist. */
export async function getOptional(url) {
  try {
    return await getJson(url);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 401)) return null;
    throw e;
  }
}

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

/** POST returning the raw response (PDFs). */
export async function post(url, body) {
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network');
  }
  return check(res);
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

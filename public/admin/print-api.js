// Shared by the print-runs and translation pages: the organizer session, JSON requests with the CSRF token,
// a sign-in form when there is no session, and a message strip.

let csrf = null;

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Request failed (${status})`);
    this.status = status;
    this.field = body?.field;
  }
}

export async function api(method, url, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

let toastTimer;
export function say(message, kind = 'ok') {
  const box = $('toast');
  box.className = `notice ${kind === 'ok' ? '' : kind}`;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), kind === 'ok' ? 4000 : 9000);
}

/** Resolves with the session once signed in; shows the sign-in form until then. */
export async function session() {
  try {
    const s = await api('GET', '/api/admin/session');
    csrf = s.csrfToken;
    return s;
  } catch (e) {
    if (e.status !== 401) throw e;
  }
  $('signin').hidden = false;
  $('content').hidden = true;
  return new Promise((resolve) => {
    $('signin-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('signin-error').hidden = true;
      try {
        await api('POST', '/api/admin/login', { username: $('signin-user').value, password: $('signin-password').value });
        const s = await api('GET', '/api/admin/session');
        csrf = s.csrfToken;
        $('signin').hidden = true;
        $('content').hidden = false;
        resolve(s);
      } catch (e) {
        $('signin-error').textContent = e.message;
        $('signin-error').hidden = false;
      }
    });
  });
}

export function showWho(s) {
  const who = $('who');
  if (who && s?.username) who.textContent = `${s.username} (${s.role})`;
}

export function when(iso) {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

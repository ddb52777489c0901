// The console shell shared by every page: session check (to the sign-in page without one), UI language, the
// header with navigation, JSON requests carrying the CSRF token, and field-level error messages in the UI language.
import { NAV } from './nav.js';

const LANG_KEY = 'volya.admin.lang';
let dict = {};
let csrf = null;
export let lang = 'en';

export const $ = (sel, root = document) => root.querySelector(sel);

/** Builds an element: el('a', { href, class, onclick }, children…). Never uses innerHTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Translates a key; {name} placeholders are filled from vars. Unknown keys show the key (visible in review). */
export function t(key, vars = {}) {
  const text = dict[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? `{${k}}`));
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Request failed (${status})`);
    this.status = status;
    this.field = body?.field;
  }
}

async function request(method, url, body, isForm) {
  const headers = {};
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : isForm ? body : JSON.stringify(body), credentials: 'same-origin' });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : null;
  if (res.status === 401 && !url.endsWith('/login')) toSignIn();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
export const api = {
  get: (url) => request('GET', url),
  post: (url, body = {}) => request('POST', url, body),
  put: (url, body) => request('PUT', url, body),
  del: (url) => request('DELETE', url),
  form: (url, formData) => request('POST', url, formData, true),
};

function toSignIn() {
  location.href = `/admin/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** "postalCode: a Russian postal code has exactly 6 digits" → in the UI language, with the field's label. */
export function explain(message, field) {
  if (!message) return '';
  const prefix = field && message.startsWith(`${field}: `) ? `${field}: ` : '';
  const rule = message.slice(prefix.length);
  const known = dict[`rule.${rule}`];
  if (known) return known;
  for (const [pattern, key] of RULE_PATTERNS) {
    const m = pattern.exec(rule);
    if (m && dict[key]) return t(key, m.groups ?? {});
  }
  return rule;
}
const RULE_PATTERNS = [
  [/^must be a year from (?<from>\d+) to (?<to>\d+)$/, 'rulep.yearRange'],
  [/^must be at least (?<n>\d+) characters$/, 'rulep.minLength'],
  [/^must be at most (?<n>\d+) characters$/, 'rulep.maxLength'],
  [/^must be >= (?<n>-?[\d.]+)$/, 'rulep.min'],
  [/^must be <= (?<n>-?[\d.]+)$/, 'rulep.max'],
  [/^(?<day>[\d-]+) is not a real date$/, 'rulep.notRealDate'],
  [/^does not match the year of birthDate \((?<year>\d+)\)$/, 'rulep.yearMismatch'],
];

let toastTimer;
export function say(message, kind = 'ok') {
  const box = $('#toast');
  box.className = `notice ${kind}`;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), kind === 'ok' ? 4000 : 10000);
}

/** Marks the form field the API named (or shows a message) — in the UI language. */
export function showError(form, err) {
  clearErrors(form);
  const input = err.field && form ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
  const text = explain(err.message, err.field);
  if (input) {
    const wrap = input.closest('.field') ?? input.parentElement;
    wrap.classList.add('invalid');
    const id = `err-${err.field}`;
    wrap.append(el('div', { class: 'error', id, role: 'alert' }, text));
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    input.focus();
  } else {
    say(err.field ? `${t(`field.${err.field}`)}: ${text}` : text, 'bad');
  }
}
export function clearErrors(form) {
  if (!form) return;
  for (const e of form.querySelectorAll('.field .error')) e.remove();
  for (const f of form.querySelectorAll('.invalid')) f.classList.remove('invalid');
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/** A labelled form field; `control` is an input/select/textarea whose name is the API field. */
export function field(name, control, { label, hint, cls } = {}) {
  control.id ||= `f-${name}`;
  control.name ||= name;
  return el('div', { class: `field ${cls ?? ''}` }, el('label', { for: control.id }, label ?? t(`field.${name}`)), control, hint ? el('div', { class: 'hint' }, hint) : null);
}
export function select(options, value) {
  return el('select', {}, options.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
}
export const fmtDate = (iso) => (iso ? new Date(iso).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' }) : '');

async function loadDict(code) {
  const res = await fetch(`/admin/i18n/${code}.json`);
  dict = await res.json();
  lang = code;
  document.documentElement.lang = code;
}

/** Loads the dictionary only: for the sign-in page, which has no session yet. */
export async function startPublicPage(id, render) {
  await loadDict(localStorage.getItem(LANG_KEY) ?? 'en');
  document.title = `${t(`title.${id}`)} · Volya`;
  $('#top').append(el('a', { class: 'brand', href: '/admin/' }, 'Volya', el('span', {}, t('brand.console'))), langSwitch());
  await render($('#main'));
  document.body.classList.add('is-ready');
}

function langSwitch() {
  return el('div', { class: 'lang', role: 'group', 'aria-label': t('lang.label') },
    ['en', 'ru'].map((code) => el('button', {
      type: 'button', 'aria-pressed': String(lang === code), lang: code,
      onclick: () => { localStorage.setItem(LANG_KEY, code); location.reload(); },
    }, code === 'en' ? 'EN' : 'RU')));
}

/** Starts a console page: needs a session, renders the header, then `render(main, ctx)`. */
export async function startPage(id, render) {
  let session;
  try {
    const res = await fetch('/api/admin/session', { credentials: 'same-origin' });
    if (res.status === 401) return toSignIn();
    session = await res.json();
  } catch {
    return toSignIn();
  }
  csrf = session.csrfToken;
  let settings = null;
  if (session.role === 'organizer') settings = await api.get('/api/admin/settings').catch(() => null);
  await loadDict(localStorage.getItem(LANG_KEY) ?? settings?.uiLanguage ?? 'en');
  document.title = `${t(`title.${id}`)} · Volya`;
  const links = NAV.filter((n) => (n.roles ?? ['organizer']).includes(session.role));
  $('#top').append(
    el('a', { class: 'brand', href: '/admin/' }, 'Volya', el('span', {}, t('brand.console'))),
    el('nav', { class: 'nav', 'aria-label': t('nav.label') },
      links.map((n) => el('a', { href: n.href, 'aria-current': n.id === id ? 'page' : null }, t(n.key)))),
    el('div', { class: 'who-box' },
      el('span', { class: 'small muted' }, session.username),
      langSwitch(),
      el('button', { type: 'button', onclick: async () => { await api.post('/api/admin/logout').catch(() => {}); toSignIn(); } }, t('action.signOut'))),
  );
  const main = $('#main');
  try {
    await render(main, { session, settings });
  } catch (e) {
    main.append(el('div', { class: 'notice bad', role: 'alert' }, explain(e.message, e.field)));
  }
  document.body.classList.add('is-ready');
}

/** Page heading with optional actions on the right. */
export function pageHead(title, lead, ...actions) {
  return [
    el('div', { class: 'page-head' }, el('div', {}, el('h1', {}, title)), el('div', { class: 'actions' }, actions)),
    lead ? el('p', { class: 'lead' }, lead) : null,
  ];
}

export const STATUSES = ['pretrial', 'house_arrest', 'colony', 'released', 'unknown'];
export const KINDS = ['sizo', 'ik', 'kp', 'liu', 'prison', 'house_arrest', 'other'];

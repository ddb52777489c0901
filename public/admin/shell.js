// @ts-check
// The console shell shared by every page: session check (to the sign-in page without one), UI language, the
// header with navigation, the API client carrying the CSRF token (a session that ends while the page is open is
// renewed in a dialog, and the refused request sent again), and field-level error messages in the UI language.
import { ApiError, createApi } from '../shared/api.js';
import { all, byId, el } from '../shared/dom.js';
import { applyTranslations, formatDate, hasText, isLanguage, language, loadStrings, setLanguage, t } from '../shared/i18n.js';
import { confirmLeave, guardUnsavedWork, signInDialog } from './dialogs.js';
import { NAV } from './nav.js';

/** @typedef {import('../shared/api-types.js').Session} Session */
/** @typedef {import('../shared/api-types.js').Settings} Settings */
/** @typedef {import('../shared/dom.js').Child} Child */
/** What a page's render gets: the session, and the settings for organizers (translators may not read them). */
/** @typedef {{ session: Session, settings: Settings | null }} PageContext */
/** An error to show at a form field: an ApiError, or one the page found itself. */
/** @typedef {{ message: string, field?: string | null }} FieldError */

const LANG_KEY = 'volya.admin.lang';
/** @type {string | null} */
let csrf = null;
/** Who is signed in on this page, offered again when the session has to be renewed. */
let username = '';

export const api = createApi({
  headers: () => (csrf ? { 'x-csrf-token': csrf } : /** @type {Record<string, string>} */ ({})),
  // A refused sign-in (or sign-out) is its own answer; anything else refused for want of a session signs in here.
  reauthenticate: (url) => (/\/log(in|out)$/.test(url) ? Promise.resolve(false) : signInDialog(username, signInAgain)),
  renewToken: async () => {
    const res = await fetch('/api/admin/session', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return false;
    const session = /** @type {Session} */ (await res.json());
    csrf = session.csrfToken;
    username = session.username;
    return true;
  },
});

/**
 * @param {string} user
 * @param {string} password
 */
async function signInAgain(user, password) {
  const session = /** @type {Session} */ (await api.post('/api/admin/login', { username: user, password }));
  csrf = session.csrfToken;
  username = session.username;
}

/**
 * The record as stored now and the fields changed since, when a save was refused for a stale version.
 * @param {unknown} err
 * @returns {{ current: Record<string, unknown> & { version: number }, changed: string[] } | null}
 */
export function conflictOf(err) {
  if (!(err instanceof ApiError) || err.status !== 409 || err.field !== 'version' || !err.reply?.current) return null;
  return { current: err.reply.current, changed: err.reply.changed ?? [] };
}

function toSignIn() {
  location.href = `/admin/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

const RULE_PATTERNS = /** @type {const} */ ([
  [/^must be a year from (?<from>\d+) to (?<to>\d+)$/, 'rulep.yearRange'],
  [/^must be at least (?<count>\d+) characters$/, 'rulep.minLength'],
  [/^must be at most (?<count>\d+) characters$/, 'rulep.maxLength'],
  [/^must be >= (?<n>-?[\d.]+)$/, 'rulep.min'],
  [/^must be <= (?<n>-?[\d.]+)$/, 'rulep.max'],
  [/^(?<day>[\d-]+) is not a real date$/, 'rulep.notRealDate'],
  [/^does not match the year of birthDate \((?<year>\d+)\)$/, 'rulep.yearMismatch'],
  [/^The disk is full: nothing was saved\. Free space on the disk that holds the database folder (?<folder>.+), then try again\.$/, 'rulep.diskFull'],
  [/^too many wrong passwords for this account; try again in (?<seconds>\d+) s$/, 'rulep.tooManyPasswords'],
]);

/**
 * "postalCode: a Russian postal code has exactly 6 digits" → in the UI language, without the field's name.
 * @param {string | null | undefined} message
 * @param {string | null} [field]
 */
export function explain(message, field) {
  if (!message) return '';
  const prefix = field && message.startsWith(`${field}: `) ? `${field}: ` : '';
  const rule = message.slice(prefix.length);
  if (hasText(`rule.${rule}`)) return t(`rule.${rule}`);
  for (const [pattern, key] of RULE_PATTERNS) {
    const m = pattern.exec(rule);
    if (!m || !hasText(key)) continue;
    const groups = { ...m.groups };
    // A counted rule ("at least 10 characters") takes the plural form of its number.
    return t(key, groups.count === undefined ? groups : { ...groups, count: Number(groups.count) });
  }
  return rule;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;
/**
 * A passing notice; a bad one stays longer.
 * @param {string} message
 * @param {'ok' | 'bad'} [kind]
 */
export function say(message, kind = 'ok') {
  const box = byId('toast');
  box.className = `notice ${kind}`;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), kind === 'ok' ? 4000 : 10000);
}

/**
 * What a refusal says and which field it names.
 * @param {unknown} err an ApiError, another Error, or a FieldError the page found itself
 * @returns {FieldError}
 */
export function fieldErrorOf(err) {
  if (err instanceof ApiError) return { message: err.message, field: err.field };
  if (err instanceof Error) return { message: err.message, field: null };
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
    return { message: err.message, field: 'field' in err && typeof err.field === 'string' ? err.field : null };
  }
  return { message: String(err), field: null };
}

/**
 * Marks the form field the refusal names (or shows its message) — in the UI language.
 * @param {HTMLFormElement | null} form
 * @param {unknown} failure see fieldErrorOf
 */
export function showError(form, failure) {
  const err = fieldErrorOf(failure);
  clearErrors(form);
  const input = err.field && form ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
  const text = explain(err.message, err.field);
  const wrap = input ? (input.closest('.field') ?? input.parentElement) : null;
  if (input instanceof HTMLElement && wrap) {
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

/** @param {HTMLFormElement | null} form */
export function clearErrors(form) {
  if (!form) return;
  for (const e of form.querySelectorAll('.field .error')) e.remove();
  for (const f of form.querySelectorAll('.invalid')) f.classList.remove('invalid');
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/**
 * A labelled form field; `control` is an input/select/textarea whose name is the API field.
 * @param {string} name
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @param {{ label?: string, hint?: string, cls?: string }} [options]
 */
export function field(name, control, { label, hint, cls } = {}) {
  control.id ||= `f-${name}`;
  control.name ||= name;
  return el('div', { class: `field ${cls ?? ''}` }, el('label', { for: control.id }, label ?? t(`field.${name}`)), control, hint ? el('div', { class: 'hint' }, hint) : null);
}

/** A choice of a select: its value and its label. */
/** @typedef {[value: string | number, label: string]} Option */

/**
 * @param {string | number} value
 * @param {string} label
 * @returns {Option}
 */
export const option = (value, label) => [value, label];

/**
 * @param {Option[]} options
 * @param {string | number | null} [value] the one selected
 */
export function select(options, value) {
  return el('select', {}, options.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
}

/** @param {string | null | undefined} iso */
export const fmtDate = (iso) => formatDate(iso);
/** "Tue 14:05": when within the few days a queued letter lives. */
export const fmtDay = (/** @type {string | null | undefined} */ iso) => formatDate(iso, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/**
 * The page's UI language: the one chosen here before, else the workshop's default.
 * @param {string | null | undefined} fallback
 */
async function loadLanguage(fallback) {
  const chosen = localStorage.getItem(LANG_KEY) ?? fallback;
  const lang = isLanguage(chosen) ? chosen : 'en';
  await loadStrings('/admin/i18n', [lang]);
  setLanguage(lang);
  applyTranslations();
}

/**
 * Loads the strings only: for the sign-in page, which has no session yet.
 * @param {string} id
 * @param {(main: HTMLElement) => void | Promise<void>} render
 */
export async function startPublicPage(id, render) {
  await loadLanguage(null);
  document.title = `${t(`title.${id}`)} · Volya`;
  byId('top').append(el('a', { class: 'brand', href: '/admin/' }, 'Volya', el('span', {}, t('brand.console'))), langSwitch());
  await render(byId('main'));
  document.body.classList.add('is-ready');
}

function langSwitch() {
  return el('div', { class: 'lang', role: 'group', 'aria-label': t('lang.label') },
    ['en', 'ru'].map((code) => el('button', {
      type: 'button', 'aria-pressed': String(language() === code), lang: code,
      onclick: async () => {
        if (!(await confirmLeave())) return;
        localStorage.setItem(LANG_KEY, code);
        location.reload();
      },
    }, code === 'en' ? 'EN' : 'RU')));
}

/**
 * Starts a console page: needs a session, renders the header, then `render(main, ctx)`.
 * @param {string} id
 * @param {(main: HTMLElement, ctx: PageContext) => void | Promise<void>} render
 */
export async function startPage(id, render) {
  /** @type {Session} */
  let session;
  try {
    const res = await fetch('/api/admin/session', { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 401) return toSignIn();
    session = /** @type {Session} */ (await res.json());
  } catch {
    return toSignIn();
  }
  csrf = session.csrfToken;
  username = session.username;
  guardUnsavedWork();
  /** @type {Settings | null} */
  let settings = null;
  if (session.role === 'organizer') settings = /** @type {Settings | null} */ (await api.get('/api/admin/settings').catch(() => null));
  await loadLanguage(settings?.uiLanguage);
  document.title = `${t(`title.${id}`)} · Volya`;
  const links = NAV.filter((n) => (n.roles ?? ['organizer']).includes(session.role));
  byId('top').append(
    el('a', { class: 'brand', href: '/admin/' }, 'Volya', el('span', {}, t('brand.console'))),
    el('nav', { class: 'nav', 'aria-label': t('nav.label') },
      links.map((n) => el('a', { href: n.href, 'aria-current': n.id === id ? 'page' : null }, t(n.key)))),
    el('div', { class: 'who-box' },
      el('span', { class: 'small muted' }, session.username),
      langSwitch(),
      el('button', { type: 'button', onclick: async () => {
        if (!(await confirmLeave())) return;
        await api.post('/api/admin/logout').catch(() => {});
        toSignIn();
      } }, t('action.signOut'))),
  );
  const main = byId('main');
  try {
    await render(main, { session, settings });
  } catch (e) {
    const err = fieldErrorOf(e);
    main.append(el('div', { class: 'notice bad', role: 'alert' }, explain(err.message, err.field)));
  }
  document.body.classList.add('is-ready');
}

/**
 * Page heading with optional actions on the right.
 * @param {string} title
 * @param {string | null} lead
 * @param {...Child} actions
 */
export function pageHead(title, lead, ...actions) {
  const head = el('div', { class: 'page-head' }, el('div', {}, el('h1', {}, title)), el('div', { class: 'actions' }, ...actions));
  return lead ? [head, el('p', { class: 'lead' }, lead)] : [head];
}

/** The form's checked radio button named `name`, if any. */
export function checkedRadio(/** @type {HTMLElement} */ root, /** @type {string} */ name) {
  return all(`input[name="${CSS.escape(name)}"]:checked`, HTMLInputElement, root)[0] ?? null;
}

/** @type {readonly import('../shared/api-types.js').PersonStatus[]} */
export const STATUSES = ['pretrial', 'house_arrest', 'colony', 'released', 'unknown'];
/** @type {readonly import('../shared/api-types.js').FacilityKind[]} */
export const KINDS = ['sizo', 'ik', 'kp', 'liu', 'prison', 'house_arrest', 'other'];

// @ts-check
// The console's modal dialogs, so typed work stays on the page: signing in again when the session has ended, the
// two versions of a record side by side after another organizer saved it, and asking before unsaved work is left.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

/**
 * A modal <dialog> in the page; `settle` closes it and removes it. Escape settles with `onEscape`.
 * @template T
 * @param {string} labelId the id of the heading that names it
 * @param {(settle: (value: T) => void) => import('../shared/dom.js').Child[]} build
 * @param {T} onEscape
 * @returns {Promise<T>}
 */
function modal(labelId, build, onEscape) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'modal', 'aria-labelledby': labelId });
    const settle = (/** @type {T} */ value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      settle(onEscape);
    });
    dialog.append(el('div', { class: 'modal-body' }, ...build(settle)));
    document.body.append(dialog);
    dialog.showModal();
  });
}

// ——— Signing in again ———

/** @type {Promise<boolean> | null} */
let signingIn = null;

/**
 * Asks for the password again when a request answered 401; several requests refused at once share one dialog.
 * Resolves true once signed in, false when the organizer closes it.
 * @param {string} username the name signed in before, offered again
 * @param {(username: string, password: string) => Promise<void>} signIn throws an ApiError when refused
 */
export function signInDialog(username, signIn) {
  signingIn ??= modal('reauth-title', (settle) => {
    const user = el('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, value: username });
    const password = el('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const error = el('div', { class: 'notice bad', role: 'alert', hidden: true });
    const form = el('form', { method: 'dialog', class: 'signin-again' },
      el('h2', { id: 'reauth-title' }, t('reauth.title')),
      el('p', { class: 'muted' }, t('reauth.lead')),
      el('div', { class: 'field' }, el('label', { for: 'reauth-user' }, t('field.username')), Object.assign(user, { id: 'reauth-user' })),
      el('div', { class: 'field' }, el('label', { for: 'reauth-password' }, t('field.password')), Object.assign(password, { id: 'reauth-password' })),
      error,
      el('div', { class: 'actions' },
        el('button', { class: 'primary', type: 'submit' }, t('reauth.submit')),
        el('button', { type: 'button', onclick: () => settle(false) }, t('action.cancel'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      try {
        await signIn(user.value, password.value);
        settle(true);
      } catch (e) {
        const status = e instanceof Error && 'status' in e ? e.status : 0;
        error.textContent = status === 429 ? t('login.tooMany') : status === 401 ? t('login.wrong') : t('reauth.failed');
        error.hidden = false;
        password.value = '';
        password.focus();
      }
    });
    queueMicrotask(() => (username ? password : user).focus());
    return [form];
  }, false).finally(() => (signingIn = null));
  return signingIn;
}

// ——— Two versions side by side ———

/**
 * One field of a form that another organizer changed meanwhile.
 * @typedef {object} ConflictField
 * @property {string} name the API field
 * @property {string} label
 * @property {unknown} mine the value in this form now
 * @property {unknown} base the value when this form was opened
 * @property {unknown} theirs the value stored now
 */

const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Shows every field where this form and the stored record differ, yours beside theirs, and lets the organizer keep
 * either, field by field. A field only the other organizer changed starts on theirs, one this form changed on yours.
 * Changes the form cannot make (support withdrawn elsewhere) are listed as kept.
 * Resolves with the value chosen for every field (the form's where both agree), or null when closed.
 * @param {{ fields: ConflictField[], kept?: { label: string, value: string }[], format: (name: string, value: unknown) => string, saveLabel?: string }} spec
 * @returns {Promise<Record<string, unknown> | null>}
 */
export function conflictDialog({ fields, kept = [], format, saveLabel = t('conflict.save') }) {
  const differing = fields.filter((f) => !same(f.mine, f.theirs));
  return modal('conflict-title', (settle) => {
    /** @type {Map<string, HTMLInputElement>} the "theirs" radio of each differing field */
    const takeTheirs = new Map();
    const shown = (/** @type {string} */ name, /** @type {unknown} */ value) => {
      const text = format(name, value);
      return text === '' ? el('span', { class: 'muted' }, t('conflict.empty')) : text;
    };
    const rows = differing.map((f, i) => {
      const group = `conflict-${i}`;
      const theirsFirst = same(f.mine, f.base);
      const mineRadio = el('input', { type: 'radio', name: group, value: 'mine', checked: !theirsFirst });
      const theirsRadio = el('input', { type: 'radio', name: group, value: 'theirs', checked: theirsFirst });
      takeTheirs.set(f.name, theirsRadio);
      return el('fieldset', { class: 'conflict-row', dataset: { field: f.name } },
        el('legend', {}, f.label),
        el('label', { class: 'choice mine' }, mineRadio, el('span', { class: 'which' }, t('conflict.mine')), el('span', { class: 'value' }, shown(f.name, f.mine))),
        el('label', { class: 'choice theirs' }, theirsRadio, el('span', { class: 'which' }, t('conflict.theirs')), el('span', { class: 'value' }, shown(f.name, f.theirs))));
    });
    const setAll = (/** @type {boolean} */ theirs) => {
      for (const [, radio] of takeTheirs) {
        radio.checked = theirs;
        const mine = radio.closest('fieldset')?.querySelector('input[value="mine"]');
        if (mine instanceof HTMLInputElement) mine.checked = !theirs;
      }
    };
    const save = () => settle(Object.fromEntries(fields.map((f) => [f.name, takeTheirs.get(f.name)?.checked ? f.theirs : f.mine])));
    return [
      el('h2', { id: 'conflict-title' }, t('conflict.title')),
      el('p', {}, differing.length ? t('conflict.lead', { count: differing.length }) : t('conflict.leadNone')),
      kept.length ? el('div', { class: 'notice warn conflict-kept' }, el('strong', {}, t('conflict.kept')),
        el('ul', {}, kept.map((k) => el('li', {}, `${k.label}: `, shown('', k.value))))) : null,
      rows.length ? el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => setAll(false) }, t('conflict.allMine')),
        el('button', { type: 'button', onclick: () => setAll(true) }, t('conflict.allTheirs'))) : null,
      el('div', { class: 'conflict-rows' }, rows),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', onclick: save }, saveLabel),
        el('button', { type: 'button', onclick: () => settle(null) }, t('action.cancel'))),
    ];
  }, /** @type {Record<string, unknown> | null} */ (null));
}

// ——— Unsaved work ———

/** @type {Map<HTMLFormElement, string>} each watched form and its values when last opened or saved */
const watched = new Map();
let leaving = false;

/** @param {HTMLFormElement} form */
function stateOf(form) {
  return JSON.stringify([...form.elements].map((c) =>
    c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio') ? c.checked
      : c instanceof HTMLInputElement || c instanceof HTMLSelectElement || c instanceof HTMLTextAreaElement ? c.value : null));
}

/**
 * Starts asking before the page is left while this form holds changes; call once its values are in place.
 * @param {HTMLFormElement} form
 */
export function watchForm(form) {
  watched.set(form, stateOf(form));
}

/**
 * The form's values are saved (or were taken from the server): leaving no longer asks.
 * @param {HTMLFormElement} form
 */
export function markSaved(form) {
  if (watched.has(form)) watched.set(form, stateOf(form));
}

/** Whether any watched form on the page holds changes not saved. */
export function hasUnsaved() {
  return [...watched].some(([form, saved]) => form.isConnected && stateOf(form) !== saved);
}

/** Asks before leaving unsaved work; resolves true when there is none or the organizer chose to leave. */
export async function confirmLeave() {
  if (!hasUnsaved()) return true;
  const leave = await modal('leave-title', (settle) => [
    el('h2', { id: 'leave-title' }, t('leave.title')),
    el('p', {}, t('leave.lead')),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', onclick: () => settle(false) }, t('leave.stay')),
      el('button', { type: 'button', class: 'danger', onclick: () => settle(true) }, t('leave.go'))),
  ], false);
  if (leave) leaving = true;
  return leave;
}

/**
 * Guards the page: closing the tab or reloading asks through the browser, a link inside the console asks through
 * confirmLeave first.
 */
export function guardUnsavedWork() {
  addEventListener('beforeunload', (ev) => {
    if (leaving || !hasUnsaved()) return;
    ev.preventDefault();
    ev.returnValue = '';
  });
  document.addEventListener('click', async (ev) => {
    const link = ev.target instanceof Element ? ev.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download') || ev.defaultPrevented) return;
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || link.origin !== location.origin) return;
    if (!hasUnsaved()) return;
    ev.preventDefault();
    if (await confirmLeave()) location.href = link.href;
  });
}

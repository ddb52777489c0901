// Small DOM helpers shared by the screens.
import { t } from './i18n.js';

/** Creates an element: el('p', { class: 'x', lang: 'ru' }, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const banner = () => document.getElementById('error');
let retryAction = null;

/** Shows the friendly error with "try again"; the draft is untouched. A refusal (4xx) adds the server's reason for the volunteer. */
export function showError(retry, error = null) {
  retryAction = retry;
  document.getElementById('error-detail').textContent = error?.status >= 400 && error.status < 500 ? error.message : '';
  banner().hidden = false;
  document.getElementById('error-retry').focus();
}

export function hideError() {
  banner().hidden = true;
  retryAction = null;
}

/** Runs an async action; a failure shows the banner whose "try again" runs it again. */
export async function attempt(action) {
  try {
    const result = await action();
    if (!banner().hidden) hideError();
    return result;
  } catch (e) {
    console.warn('request failed', e?.status ?? '', e?.message ?? e);
    showError(() => attempt(action), e);
    return undefined;
  }
}

/** Shows "busy, retrying" while the server asks us to wait; hides it when the wait is over. */
export function showBusy(seconds) {
  const note = document.getElementById('busy');
  note.hidden = seconds === 0;
  if (seconds > 0) note.textContent = t('busy.retrying', { seconds });
}

export function wireErrorBanner() {
  document.getElementById('error-retry').addEventListener('click', () => {
    const again = retryAction;
    hideError();
    again?.();
  });
  document.getElementById('error-dismiss').addEventListener('click', hideError);
}

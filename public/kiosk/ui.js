// Small DOM helpers shared by the screens.
import { hasStrings, t } from './i18n.js';

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

/** Shows the friendly error with "try again"; the draft is untouched. */
export function showError(retry) {
  retryAction = retry;
  // Before the translations load, the page's own English text stays.
  if (hasStrings()) document.getElementById('error-text').textContent = t('error.generic');
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
    showError(() => attempt(action));
    return undefined;
  }
}

export function wireErrorBanner() {
  document.getElementById('error-retry').addEventListener('click', () => {
    const again = retryAction;
    hideError();
    again?.();
  });
  document.getElementById('error-dismiss').addEventListener('click', hideError);
}

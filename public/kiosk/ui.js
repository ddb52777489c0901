// @ts-check
// The kiosk's error banner with "try again", and the "busy, retrying" note.
import { ApiError } from '../shared/api.js';
import { byId } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

/** @type {(() => void) | null} */
let retryAction = null;

/**
 * Shows the friendly error with "try again"; the draft is untouched. A refusal (4xx) adds the server's reason.
 * @param {() => void} retry
 * @param {unknown} [error]
 */
export function showError(retry, error = null) {
  retryAction = retry;
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  byId('error-detail').textContent = refused ? error.message : '';
  byId('error').hidden = false;
  byId('error-retry').focus();
}

export function hideError() {
  byId('error').hidden = true;
  retryAction = null;
}

/**
 * Runs an async action; a failure shows the banner whose "try again" runs it again.
 * @template T
 * @param {() => Promise<T>} action
 * @returns {Promise<T | undefined>}
 */
export async function attempt(action) {
  try {
    const result = await action();
    if (!byId('error').hidden) hideError();
    return result;
  } catch (e) {
    console.warn('request failed', e instanceof ApiError ? e.status : '', e instanceof Error ? e.message : e);
    showError(() => void attempt(action), e);
    return undefined;
  }
}

/**
 * Shows "busy, retrying" while the server asks us to wait; hides it when the wait is over.
 * @param {number} seconds
 */
export function showBusy(seconds) {
  const note = byId('busy');
  note.hidden = seconds === 0;
  if (seconds > 0) note.textContent = t('busy.retrying', { seconds });
}

export function wireErrorBanner() {
  byId('error-retry').addEventListener('click', () => {
    const again = retryAction;
    hideError();
    again?.();
  });
  byId('error-dismiss').addEventListener('click', hideError);
}

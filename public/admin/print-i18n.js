// The print-run and translation pages' own strings, English and Russian side by side, in the console's language.
import { lang } from './shell.js';

/** The string in the console's UI language. */
export const L = (en, ru) => (lang === 'ru' ? ru : en);

/** Static texts in the page carry their Russian in data-ru. */
export function applyLanguage() {
  if (lang !== 'ru') return;
  for (const node of document.querySelectorAll('[data-ru]')) node.textContent = node.dataset.ru;
}

export function when(iso) {
  return new Date(iso).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-CA', { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "1 letter" / "2 letters"; Russian forms for 1, 2–4 and 5+. */
export function count(n, en, ru) {
  if (lang !== 'ru') return `${n} ${n === 1 ? en[0] : en[1]}`;
  const m10 = n % 10;
  const m100 = n % 100;
  const form = m10 === 1 && m100 !== 11 ? 0 : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? 1 : 2;
  return `${n} ${ru[form]}`;
}

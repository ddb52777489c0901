// UI strings: one JSON file per language, loaded once. The UI language never changes the letter's language.
const dictionaries = {};
let current = 'en';

export async function loadDictionaries() {
  const [en, ru] = await Promise.all(['en', 'ru'].map((l) => fetch(`/i18n/${l}.json`).then((r) => {
    if (!r.ok) throw new Error(`i18n ${l}: ${r.status}`);
    return r.json();
  })));
  dictionaries.en = en;
  dictionaries.ru = ru;
}

export function uiLanguage() {
  return current;
}

/** The string for `key` in the UI language, with {placeholders} filled in. */
export function t(key, values = {}) {
  const s = dictionaries[current]?.[key] ?? dictionaries.en?.[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/** Sets the UI language and re-labels every element marked with data-i18n / data-i18n-label. */
export function setUiLanguage(lang, root = document) {
  current = lang === 'ru' ? 'ru' : 'en';
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const b of document.querySelectorAll('.lang')) b.setAttribute('aria-pressed', String(b.dataset.lang === current));
}

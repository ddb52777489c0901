// @ts-check
// UI strings for every page: one JSON file per language ({ "key": "text" }), placeholders written {name}.
// A text shown with a number has one key per plural form, "key_one", "key_few", "key_many", "key_other", chosen
// by Intl.PluralRules for the `count` value: Russian uses one/few/many (other for fractions), English one/other.

/** @typedef {'en' | 'ru'} Language */
/** @typedef {Record<string, string>} Strings */
/** @typedef {Record<string, string | number>} Values */

/** @type {readonly Language[]} */
export const LANGUAGES = ['en', 'ru'];

/**
 * @param {unknown} value
 * @returns {value is Language}
 */
export const isLanguage = (value) => value === 'en' || value === 'ru';

/** @type {Map<Language, Intl.PluralRules>} */
const pluralRules = new Map();

/**
 * The plural category of `n` in `lang`, as the JSON keys name them.
 * @param {Language} lang
 * @param {number} n
 * @returns {Intl.LDMLPluralRule}
 */
export function pluralCategory(lang, n) {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n);
}

/**
 * Fills {name} placeholders; one without a value stays as written, so a missing value shows in review.
 * @param {string} text
 * @param {Values} values
 */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/**
 * The text for `key` in `lang`: with a numeric `count` its plural form (or "key_other") first, then the plain key;
 * what `strings` lacks comes from `fallback` (English), and a key found nowhere is shown as itself.
 * @param {Language} lang
 * @param {Strings} strings the dictionary of `lang`
 * @param {Strings} fallback
 * @param {string} key
 * @param {Values} [values]
 */
export function translate(lang, strings, fallback, key, values = {}) {
  const count = values.count;
  const find = (/** @type {Strings} */ dict, /** @type {Language} */ dictLang) => {
    if (typeof count === 'number') {
      const form = dict[`${key}_${pluralCategory(dictLang, count)}`] ?? dict[`${key}_other`];
      if (form !== undefined) return form;
    }
    return dict[key];
  };
  const text = find(strings, lang) ?? find(fallback, 'en') ?? key;
  return fill(text, values);
}

/** @type {Partial<Record<Language, Strings>>} */
const dictionaries = {};
/** @type {Language} */
let current = 'en';

/**
 * Loads the dictionaries of a page family once: `${base}/${lang}.json` for each language (English, the fallback,
 * always among them).
 * @param {string} base e.g. "/i18n" for the kiosk, "/admin/i18n" for the console
 * @param {readonly Language[]} [languages]
 */
export async function loadStrings(base, languages = LANGUAGES) {
  const wanted = [...new Set(/** @type {Language[]} */ (['en', ...languages]))];
  await Promise.all(wanted.map(async (lang) => {
    const res = await fetch(`${base}/${lang}.json`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${base}/${lang}.json: ${res.status}`);
    dictionaries[lang] = /** @type {Strings} */ (await res.json());
  }));
}

/** The UI language of this page. */
export function language() {
  return current;
}

/**
 * Sets the UI language (anything but Russian is English) and the document's lang.
 * @param {string | null | undefined} lang
 */
export function setLanguage(lang) {
  current = lang === 'ru' ? 'ru' : 'en';
  document.documentElement.lang = current;
}

/**
 * The string for `key` in the UI language.
 * @param {string} key
 * @param {Values} [values]
 */
export function t(key, values = {}) {
  return translate(current, dictionaries[current] ?? {}, dictionaries.en ?? {}, key, values);
}

/** Whether a dictionary of this page has `key` (for texts that fall back to something other than the key). */
export function hasText(/** @type {string} */ key) {
  return (dictionaries[current] ?? {})[key] !== undefined || (dictionaries.en ?? {})[key] !== undefined;
}

/**
 * Re-labels static markup: data-i18n sets the text, data-i18n-label the aria-label, data-i18n-alt the alt text.
 * @param {ParentNode} [root]
 */
export function applyTranslations(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    if (node instanceof HTMLElement && node.dataset.i18n) node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll('[data-i18n-label]')) {
    if (node instanceof HTMLElement && node.dataset.i18nLabel) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  }
  for (const node of root.querySelectorAll('[data-i18n-alt]')) {
    if (node instanceof HTMLElement && node.dataset.i18nAlt) node.setAttribute('alt', t(node.dataset.i18nAlt));
  }
}

/**
 * A date and time in the UI language's style.
 * @param {string | null | undefined} iso
 * @param {Intl.DateTimeFormatOptions} [style]
 */
export function formatDate(iso, style = { dateStyle: 'medium', timeStyle: 'short' }) {
  return iso ? new Date(iso).toLocaleString(current === 'ru' ? 'ru-RU' : 'en-CA', style) : '';
}

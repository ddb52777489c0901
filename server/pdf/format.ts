/** Dates and page labels in the letter's language; UTC so the same input prints the same day anywhere. */
import type { Language } from './types.js';

const DATE = {
  ru: new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-CA', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export function formatDate(date: Date, language: Language): string {
  return DATE[language].format(date);
}

/** «письмо № 4» / "letter no. 4": the person's number of the item (docs/delivery.md), on letters and postcards. */
export function itemLabel(n: number, language: Language): string {
  return language === 'ru' ? `письмо № ${n}` : `letter no. ${n}`;
}

/** «стр. 2 из 5» / "page 2 of 5". */
export function pageLabel(n: number, total: number, language: Language): string {
  return language === 'ru' ? `стр. ${n} из ${total}` : `page ${n} of ${total}`;
}

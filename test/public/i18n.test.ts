/**
 * The front end's translation function, run in Node on the real dictionaries: plural forms come from
 * Intl.PluralRules (Russian one/few/many, English one/other) and every counted text has each form it needs.
 */
import { describe, expect, it } from 'vitest';
import { pluralCategory, translate } from '../../public/shared/i18n.js';
import kioskEn from '../../public/i18n/en.json';
import kioskRu from '../../public/i18n/ru.json';
import consoleEn from '../../public/admin/i18n/en.json';
import consoleRu from '../../public/admin/i18n/ru.json';

const COUNTS = [1, 2, 5, 11, 21, 22, 25];

describe('plural forms', () => {
  it('Russian has one for 1 and 21, few for 2 and 22, many for 5, 11 and 25; English one for 1, other for 2', () => {
    expect(COUNTS.map((n) => pluralCategory('ru', n))).toEqual(['one', 'few', 'many', 'many', 'one', 'few', 'many']);
    expect([1, 2].map((n) => pluralCategory('en', n))).toEqual(['one', 'other']);
  });

  it('picks the form of a hand-written dictionary by count', () => {
    const ru = { n_one: '{count} письмо', n_few: '{count} письма', n_many: '{count} писем', n_other: '{count} письма' };
    expect(COUNTS.map((count) => translate('ru', ru, {}, 'n', { count }))).toEqual(
      ['1 письмо', '2 письма', '5 писем', '11 писем', '21 письмо', '22 письма', '25 писем'],
    );
  });

  it('the kiosk shows "1 страница", "2 страницы", "5 страниц" and "1 page", "2 pages"', () => {
    expect(COUNTS.map((count) => translate('ru', kioskRu, kioskEn, 'preview.pages', { count }))).toEqual(
      ['1 страница', '2 страницы', '5 страниц', '11 страниц', '21 страница', '22 страницы', '25 страниц'],
    );
    expect(COUNTS.map((count) => translate('ru', kioskRu, kioskEn, 'people.count', { count }))).toEqual(
      ['В списке 1 человек', 'В списке 2 человека', 'В списке 5 человек', 'В списке 11 человек', 'В списке 21 человек', 'В списке 22 человека', 'В списке 25 человек'],
    );
    expect([1, 2].map((count) => translate('en', kioskEn, kioskEn, 'people.count', { count }))).toEqual(['1 person', '2 people']);
    expect([1, 2].map((count) => translate('en', kioskEn, kioskEn, 'preview.pages', { count }))).toEqual(['1 page', '2 pages']);
  });

  it('the console counts runs and people in both languages', () => {
    expect(COUNTS.map((count) => translate('ru', consoleRu, consoleEn, 'printRuns.forPeople', { count }))).toEqual(
      ['для 1 человека', 'для 2 человек', 'для 5 человек', 'для 11 человек', 'для 21 человека', 'для 22 человек', 'для 25 человек'],
    );
    expect(COUNTS.map((count) => translate('ru', consoleRu, consoleEn, 'birthdays.inDays', { count }))).toEqual(
      ['через 1 день', 'через 2 дня', 'через 5 дней', 'через 11 дней', 'через 21 день', 'через 22 дня', 'через 25 дней'],
    );
    expect([1, 2].map((count) => translate('en', consoleEn, consoleEn, 'printRuns.forPeople', { count }))).toEqual(['for 1 person', 'for 2 people']);
    expect([1, 2].map((count) => translate('en', consoleEn, consoleEn, 'printRuns.makeRun', { count }))).toEqual(
      ['Make a run of 1 queued item', 'Make a run of 2 queued items'],
    );
  });
});

describe('lookup', () => {
  it('falls back to English, then to the key; a placeholder without a value stays visible', () => {
    expect(translate('ru', {}, { hello: 'Hello, {name}' }, 'hello', { name: 'Vera' })).toBe('Hello, Vera');
    expect(translate('ru', {}, {}, 'no.such.key')).toBe('no.such.key');
    expect(translate('en', { hello: 'Hello, {name}' }, {}, 'hello')).toBe('Hello, {name}');
  });

  it('a plain text is used when a language has no plural forms for the key', () => {
    expect(translate('ru', { n: 'в очереди: {n}' }, {}, 'n', { n: 3 })).toBe('в очереди: 3');
    expect(translate('ru', { n: 'в очереди: {count}' }, {}, 'n', { count: 3 })).toBe('в очереди: 3');
  });
});

describe('the dictionaries', () => {
  const FORMS = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] } as const;
  const dictionaries = [
    ['public/i18n', kioskEn, kioskRu],
    ['public/admin/i18n', consoleEn, consoleRu],
  ] as const;

  it.each(dictionaries)('%s: every counted text has each plural form of its language, and no plain text beside them', (_dir, en, ru) => {
    for (const [lang, strings] of [['en', en], ['ru', ru]] as const) {
      const keys = Object.keys(strings);
      const counted = new Set(keys.map((k) => /^(.*)_(one|few|many|other)$/.exec(k)?.[1]).filter((k) => k !== undefined));
      expect(counted.size).toBeGreaterThan(0);
      for (const base of counted) {
        expect(FORMS[lang].map((form) => `${base}_${form}` in strings), `${lang} ${base}`).toEqual(FORMS[lang].map(() => true));
        expect(base in strings, `${lang} ${base} has a plain text too`).toBe(false);
      }
    }
  });

  it.each(dictionaries)('%s: both languages have the same texts', (_dir, en, ru) => {
    const base = (k: string) => k.replace(/_(one|few|many|other)$/, '');
    expect([...new Set(Object.keys(ru).map(base))].sort()).toEqual([...new Set(Object.keys(en).map(base))].sort());
  });
});

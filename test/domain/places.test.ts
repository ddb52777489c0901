// Countries and towns in the cases Russian sentences need: «из Канады», «в Нидерландах», «в Торонто», «в Гамильтоне».
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryCases, inPreposition, townCases } from '../../server/domain/places.js';
import { transcriptionList } from '../../server/domain/transcription.js';
import { defaultSettings } from '../../server/domain/settings.js';

describe('countryCases', () => {
  it.each([
    ['CA', 'из Канады', 'в Канаде', 'Канада'],
    ['DE', 'из Германии', 'в Германии', 'Германия'],
    ['US', 'из США', 'в США', 'США'],
    ['GB', 'из Великобритании', 'в Великобритании', 'Великобритания'],
    ['FR', 'из Франции', 'во Франции', 'Франция'],
    ['NL', 'из Нидерландов', 'в Нидерландах', 'Нидерланды'],
    ['IE', 'из Ирландии', 'в Ирландии', 'Ирландия'],
    ['AU', 'из Австралии', 'в Австралии', 'Австралия'],
    ['CH', 'из Швейцарии', 'в Швейцарии', 'Швейцария'],
    ['BE', 'из Бельгии', 'в Бельгии', 'Бельгия'],
    ['AT', 'из Австрии', 'в Австрии', 'Австрия'],
    ['PT', 'из Португалии', 'в Португалии', 'Португалия'],
    ['PL', 'из Польши', 'в Польше', 'Польша'],
    ['LT', 'из Литвы', 'в Литве', 'Литва'],
    ['IL', 'из Израиля', 'в Израиле', 'Израиль'],
    ['NZ', 'из Новой Зеландии', 'в Новой Зеландии', 'Новая Зеландия'],
    ['LU', 'из Люксембурга', 'в Люксембурге', 'Люксембург'],
  ])('%s: %s, %s', (iso2, from, locative, nominative) => {
    const c = countryCases(iso2)!;
    expect({ from: c.from, locative: c.locative, nominative: c.nominative }).toEqual({ from, locative, nominative });
  });

  it('gives the dative and the adjective', () => {
    expect(countryCases('CA')).toMatchObject({ dative: 'Канаде', adjective: { m: 'канадский', f: 'канадская', n: 'канадское', pl: 'канадские' }, en: 'Canada' });
    expect(countryCases('NL')?.dative).toBe('Нидерландам');
    expect(countryCases('DE')?.adjective.m).toBe('немецкий');
  });

  it('knows the default settings country, every country of the towns list, and lower-case codes', () => {
    expect(countryCases(defaultSettings.collectiveCountry)?.from).toBe('из Канады');
    const countries = new Set(transcriptionList().towns.flatMap((t) => t.countries));
    expect([...countries].filter((c) => !countryCases(c))).toEqual([]);
    expect(countryCases('ca')?.nominative).toBe('Канада');
  });

  it('has every form in Cyrillic for every code it lists', () => {
    for (const code of COUNTRY_CODES) {
      const c = countryCases(code)!;
      for (const f of [c.nominative, c.genitive, c.prepositional, c.dative, c.locative, c.from, ...Object.values(c.adjective)]) {
        expect([code, /[A-Za-z]/u.test(f)]).toEqual([code, false]);
      }
    }
  });

  it('answers undefined for a code it does not know', () => {
    expect(countryCases('ZZ')).toBeUndefined();
  });
});

describe('inPreposition', () => {
  it.each([
    ['Франции', 'во'], ['Флоренции', 'во'], ['Франкфурте', 'во'], ['Вене', 'в'], ['Ванкувере', 'в'], ['Торонто', 'в'],
  ] as const)('%s → %s', (word, prep) => {
    expect(inPreposition(word)).toBe(prep);
  });
});

describe('townCases from the list', () => {
  it.each([
    ['Toronto', 'Торонто', 'в Торонто', 'из Торонто', false],
    ['London', 'Лондон', 'в Лондоне', 'из Лондона', true],
    ['Vienna', 'Вена', 'в Вене', 'из Вены', true],
    ['Hamilton', 'Гамильтон', 'в Гамильтоне', 'из Гамильтона', true],
    ['Montréal', 'Монреаль', 'в Монреале', 'из Монреаля', true],
    ['Den Haag', 'Гаага', 'в Гааге', 'из Гааги', true],
    ['Liège', 'Льеж', 'в Льеже', 'из Льежа', true],
    ['Malaga', 'Малага', 'в Малаге', 'из Малаги', true],
    ['Philadelphia', 'Филадельфия', 'в Филадельфии', 'из Филадельфии', true],
    ['Sydney', 'Сидней', 'в Сиднее', 'из Сиднея', true],
    ['Florence', 'Флоренция', 'во Флоренции', 'из Флоренции', true],
    ['Frankfurt am Main', 'Франкфурт-на-Майне', 'во Франкфурте-на-Майне', 'из Франкфурта-на-Майне', true],
    ['New Orleans', 'Новый Орлеан', 'в Новом Орлеане', 'из Нового Орлеана', true],
    ['Genoa', 'Генуя', 'в Генуе', 'из Генуи', true],
    ['Cannes', 'Канны', 'в Каннах', 'из Канн', true],
    ['Chicago', 'Чикаго', 'в Чикаго', 'из Чикаго', false],
    ['Helsinki', 'Хельсинки', 'в Хельсинки', 'из Хельсинки', false],
    ['Porto', 'Порту', 'в Порту', 'из Порту', false],
    ['Calgary', 'Калгари', 'в Калгари', 'из Калгари', false],
    ['Нью-Йорк', 'Нью-Йорк', 'в Нью-Йорке', 'из Нью-Йорка', true],
  ] as const)('%s → %s, %s, %s', (name, nominative, locative, from, declines) => {
    expect(townCases(name)).toEqual({ nominative, locative, from, declines, source: 'list' });
  });
});

describe('townCases by the rules (towns not in the list)', () => {
  it.each([
    // A consonant ending declines as a masculine noun.
    ['Brantford', 'Брантфорд', 'в Брантфорде', 'из Брантфорда', true],
    ['Kamloops', 'Камлупс', 'в Камлупсе', 'из Камлупса', true],
    ['Red Deer', 'Ред-Дир', 'в Ред-Дире', 'из Ред-Дира', true],
    ['Wrocław', 'Вроцлав', 'во Вроцлаве', 'из Вроцлава', true],
    ['Kraków', 'Краков', 'в Кракове', 'из Кракова', true],
    // -а: -е / -ы, and -и after к, г, х, ж, ш, щ, ч.
    ['Oshawa', 'Ошава', 'в Ошаве', 'из Ошавы', true],
    ['Тула', 'Тула', 'в Туле', 'из Тулы', true],
    ['Рига', 'Рига', 'в Риге', 'из Риги', true],
    // -ия.
    ['Александрия', 'Александрия', 'в Александрии', 'из Александрии', true],
    // Foreign vowel endings stay.
    ['Kelsey', 'Келси', 'в Келси', 'из Келси', false],
    ['Сан-Паулу', 'Сан-Паулу', 'в Сан-Паулу', 'из Сан-Паулу', false],
  ] as const)('%s → %s, %s, %s', (name, nominative, locative, from, declines) => {
    expect(townCases(name)).toEqual({ nominative, locative, from, declines, source: 'rules' });
  });

  it.each([
    // -ь is masculine in Брюссель but feminine in Лодзь (в Лодзи): the rules cannot tell.
    ['Łódź', 'Лодзь'],
    // Russian -ово towns are declined by some writers and not by others.
    ['Иваново', 'Иваново'],
    // Adjectival and multi-word names.
    ['Нижний Новгород', 'Нижний Новгород'],
    ['Ростов-на-Дону', 'Ростов-на-Дону'],
  ] as const)('%s falls back to a construction without a case', (name, nominative) => {
    expect(townCases(name)).toEqual({
      nominative, locative: `в городе ${nominative}`, from: `из города ${nominative}`, declines: false, source: 'fallback',
    });
  });

  it('never lets a Latin letter through', () => {
    for (const name of ['Xyzzyville', 'Qwerty', "Coeur d'Alene", 'Saint-Jean-sur-Richelieu', 'Iqaluit']) {
      const t = townCases(name);
      expect([name, /[A-Za-z]/u.test(t.locative + t.from)]).toEqual([name, false]);
    }
  });
});

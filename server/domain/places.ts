/**
 * Countries and towns in the Russian case a sentence needs: «из Канады», «в Торонто», «во Франции». The collective's
 * country comes from the settings as an ISO code and the writer's town as typed, and both go into Russian
 * sentences («Мы пишем тебе из Канады», «я живу в Гамильтоне»), so the forms live here once for every template
 * and phrase.
 *
 * Countries: a fixed table (Russian Wikipedia's article titles; cases as in Ageenko's dictionary of proper names).
 * Towns: the curated list (templates/transcription.json) first; then rules that decline only what Russian
 * reliably declines in foreign names (a consonant ending, -а, -я, -ия); indeclinable vowel endings (-о, -е, -и,
 * -у, -ю, -э) stay as they are; when the rules cannot tell, a construction that needs no case: «в городе Xxx».
 */
import { listedTown, toCyrillic } from './transcription.js';

export interface CountryCases {
  /** ISO 3166-1 alpha-2. */
  iso2: string;
  en: string;
  nominative: string;
  genitive: string;
  prepositional: string;
  dative: string;
  /** «в Канаде», «во Франции», «в США». */
  locative: string;
  /** «из Канады», «из США». */
  from: string;
  /** The adjective in the nominative: канадский / канадская / канадское / канадские. */
  adjective: { m: string; f: string; n: string; pl: string };
}

type Row = [iso2: string, en: string, nom: string, gen: string, prep: string, dat: string, adjStem: string];

// The adjective stem takes -ий/-ая/-ое/-ие after к, г, х, ж, ш, щ, ч and -ый/-ая/-ое/-ые otherwise: all below end
// in -ск-/-цк-/-йск-, so -ий/-ая/-ое/-ие.
const ROWS: Row[] = [
  ['CA', 'Canada', 'Канада', 'Канады', 'Канаде', 'Канаде', 'канадск'],
  ['US', 'the United States', 'США', 'США', 'США', 'США', 'американск'],
  ['GB', 'the United Kingdom', 'Великобритания', 'Великобритании', 'Великобритании', 'Великобритании', 'британск'],
  ['IE', 'Ireland', 'Ирландия', 'Ирландии', 'Ирландии', 'Ирландии', 'ирландск'],
  ['AU', 'Australia', 'Австралия', 'Австралии', 'Австралии', 'Австралии', 'австралийск'],
  ['NZ', 'New Zealand', 'Новая Зеландия', 'Новой Зеландии', 'Новой Зеландии', 'Новой Зеландии', 'новозеландск'],
  ['DE', 'Germany', 'Германия', 'Германии', 'Германии', 'Германии', 'немецк'],
  ['FR', 'France', 'Франция', 'Франции', 'Франции', 'Франции', 'французск'],
  ['ES', 'Spain', 'Испания', 'Испании', 'Испании', 'Испании', 'испанск'],
  ['IT', 'Italy', 'Италия', 'Италии', 'Италии', 'Италии', 'итальянск'],
  ['NL', 'the Netherlands', 'Нидерланды', 'Нидерландов', 'Нидерландах', 'Нидерландам', 'нидерландск'],
  ['BE', 'Belgium', 'Бельгия', 'Бельгии', 'Бельгии', 'Бельгии', 'бельгийск'],
  ['CH', 'Switzerland', 'Швейцария', 'Швейцарии', 'Швейцарии', 'Швейцарии', 'швейцарск'],
  ['AT', 'Austria', 'Австрия', 'Австрии', 'Австрии', 'Австрии', 'австрийск'],
  ['PT', 'Portugal', 'Португалия', 'Португалии', 'Португалии', 'Португалии', 'португальск'],
  ['SE', 'Sweden', 'Швеция', 'Швеции', 'Швеции', 'Швеции', 'шведск'],
  ['NO', 'Norway', 'Норвегия', 'Норвегии', 'Норвегии', 'Норвегии', 'норвежск'],
  ['DK', 'Denmark', 'Дания', 'Дании', 'Дании', 'Дании', 'датск'],
  ['FI', 'Finland', 'Финляндия', 'Финляндии', 'Финляндии', 'Финляндии', 'финск'],
  ['IS', 'Iceland', 'Исландия', 'Исландии', 'Исландии', 'Исландии', 'исландск'],
  ['LU', 'Luxembourg', 'Люксембург', 'Люксембурга', 'Люксембурге', 'Люксембургу', 'люксембургск'],
  ['PL', 'Poland', 'Польша', 'Польши', 'Польше', 'Польше', 'польск'],
  ['CZ', 'Czechia', 'Чехия', 'Чехии', 'Чехии', 'Чехии', 'чешск'],
  ['SK', 'Slovakia', 'Словакия', 'Словакии', 'Словакии', 'Словакии', 'словацк'],
  ['HU', 'Hungary', 'Венгрия', 'Венгрии', 'Венгрии', 'Венгрии', 'венгерск'],
  ['EE', 'Estonia', 'Эстония', 'Эстонии', 'Эстонии', 'Эстонии', 'эстонск'],
  ['LV', 'Latvia', 'Латвия', 'Латвии', 'Латвии', 'Латвии', 'латвийск'],
  ['LT', 'Lithuania', 'Литва', 'Литвы', 'Литве', 'Литве', 'литовск'],
  ['GR', 'Greece', 'Греция', 'Греции', 'Греции', 'Греции', 'греческ'],
  ['IL', 'Israel', 'Израиль', 'Израиля', 'Израиле', 'Израилю', 'израильск'],
  ['GE', 'Georgia', 'Грузия', 'Грузии', 'Грузии', 'Грузии', 'грузинск'],
  ['AM', 'Armenia', 'Армения', 'Армении', 'Армении', 'Армении', 'армянск'],
  ['RS', 'Serbia', 'Сербия', 'Сербии', 'Сербии', 'Сербии', 'сербск'],
  ['JP', 'Japan', 'Япония', 'Японии', 'Японии', 'Японии', 'японск'],
  ['MX', 'Mexico', 'Мексика', 'Мексики', 'Мексике', 'Мексике', 'мексиканск'],
  ['BR', 'Brazil', 'Бразилия', 'Бразилии', 'Бразилии', 'Бразилии', 'бразильск'],
  ['AR', 'Argentina', 'Аргентина', 'Аргентины', 'Аргентине', 'Аргентине', 'аргентинск'],
  ['TR', 'Turkey', 'Турция', 'Турции', 'Турции', 'Турции', 'турецк'],
];

/** «во» before в/ф + consonant (во Франции, во Флоренции, во Франкфурте), «в» otherwise (в Вене, в Ванкувере). */
const VO_BEFORE = new RegExp('^[ВвФф][бвгджзйклмнпрстфхцчшщ]', 'u');
export function inPreposition(word: string): 'в' | 'во' {
  return VO_BEFORE.test(word) ? 'во' : 'в';
}

const COUNTRIES = new Map<string, CountryCases>(
  ROWS.map(([iso2, en, nominative, genitive, prepositional, dative, stem]) => [
    iso2,
    {
      iso2, en, nominative, genitive, prepositional, dative,
      locative: `${inPreposition(prepositional)} ${prepositional}`,
      from: `из ${genitive}`,
      adjective: { m: `${stem}ий`, f: `${stem}ая`, n: `${stem}ое`, pl: `${stem}ие` },
    },
  ]),
);

/** The ISO codes countryCases knows, in the table's order. */
export const COUNTRY_CODES: readonly string[] = ROWS.map((r) => r[0]);

/** The country's Russian forms, or undefined for a code not in the table (say «из нашей страны» or leave it out). */
export function countryCases(iso2: string): CountryCases | undefined {
  return COUNTRIES.get(iso2.trim().toUpperCase());
}

export interface TownCases {
  /** In Cyrillic (transcribed when typed in Latin). */
  nominative: string;
  /** «в Торонто», «в Гамильтоне», «во Франкфурте-на-Майне», or «в городе Xxx» when the rules cannot tell. */
  locative: string;
  /** «из Торонто», «из Гамильтона», or «из города Xxx». */
  from: string;
  declines: boolean;
  /** 'list': the curated list; 'rules': declined (or kept) by the rules; 'fallback': «в городе …». */
  source: 'list' | 'rules' | 'fallback';
}

const ru = (s: string) => new RegExp(s, 'u');
const SOFTENING = ru('[кгхжшщч]$');
const CONSONANT_END = ru('[бвгджзклмнпрстфхцчшщ]$');
const INDECLINABLE_END = ru('[оеиуюэё]$');
const RUSSIAN_NEUTER_TOWN = ru('(?:ово|ево|ино|ыно)$');
const ADJECTIVAL = ru('(?:ий|ый|ой|ая|ое|ые|ие)$');
const PARTICLE = ru('-(?:на|над|де|ди|да|дель|ла|ле|сюр|ан|ам|им)-');

/** Prepositional and genitive of one word by the rules, or undefined when they cannot tell. */
function declineWord(w: string): { prep: string; gen: string } | undefined {
  const lower = w.toLowerCase();
  if (lower.endsWith('ия')) return { prep: `${w.slice(0, -1)}и`, gen: `${w.slice(0, -1)}и` };
  if (lower.endsWith('а') && !ru('[аеёиоуыэюя]а$').test(lower)) {
    const stem = w.slice(0, -1);
    return { prep: `${stem}е`, gen: `${stem}${SOFTENING.test(stem.toLowerCase()) ? 'и' : 'ы'}` };
  }
  if (lower.endsWith('я')) return { prep: `${w.slice(0, -1)}е`, gen: `${w.slice(0, -1)}и` };
  if (lower.endsWith('й') && ru('[аеоуэ]й$').test(lower)) return { prep: `${w.slice(0, -1)}е`, gen: `${w.slice(0, -1)}я` };
  // -ь: masculine in Ливерпуль or Брюссель (в Брюсселе), feminine in Лодзь (в Лодзи): the rules cannot tell.
  if (lower.endsWith('ь')) return undefined;
  if (CONSONANT_END.test(lower)) {
    // -ец with a fleeting vowel and Russian -ск/-ов patterns are fine; a final -ц after a vowel is left to the
    // fallback (Грац → в Граце is right, but -ец words vary).
    if (lower.endsWith('ец')) return undefined;
    return { prep: `${w}е`, gen: `${w}а` };
  }
  return undefined;
}

function fallback(nominative: string): TownCases {
  return { nominative, locative: `в городе ${nominative}`, from: `из города ${nominative}`, declines: false, source: 'fallback' };
}

/** The town in the cases «в …» and «из …». Latin input is transcribed first (toCyrillic, kind 'town'). */
export function townCases(name: string): TownCases {
  const listed = listedTown(name);
  if (listed) {
    const prep = listed.prepositional ?? listed.ru;
    const gen = listed.genitive ?? listed.ru;
    return { nominative: listed.ru, locative: `${inPreposition(prep)} ${prep}`, from: `из ${gen}`, declines: listed.declines, source: 'list' };
  }
  const t = toCyrillic(name.trim().replace(/\s+/gu, ' '), 'town');
  const typedCyrillic = t.source === 'unchanged';
  const nominative = t.cyrillic;
  if (!nominative || ru('[^\\u0400-\\u04FF\\- ]').test(nominative)) return fallback(nominative);
  const lower = nominative.toLowerCase();
  if (nominative.includes(' ') || PARTICLE.test(lower) || ADJECTIVAL.test(lower)) return fallback(nominative);
  // Russian towns in -ово/-ино are declined by some and not by others: the construction avoids the choice.
  if (typedCyrillic && RUSSIAN_NEUTER_TOWN.test(lower)) return fallback(nominative);
  if (INDECLINABLE_END.test(lower)) {
    return { nominative, locative: `${inPreposition(nominative)} ${nominative}`, from: `из ${nominative}`, declines: false, source: 'rules' };
  }
  // A hyphenated English-type compound declines in its last part (в Нью-Йорке, в Ред-Дире).
  const parts = nominative.split('-');
  const last = parts.pop()!;
  const forms = declineWord(last);
  if (!forms) return fallback(nominative);
  const head = parts.length ? `${parts.join('-')}-` : '';
  const prep = head + forms.prep;
  return { nominative, locative: `${inPreposition(prep)} ${prep}`, from: `из ${head}${forms.gen}`, declines: true, source: 'rules' };
}

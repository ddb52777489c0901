/**
 * Stand-in for domain/places.ts and domain/transcription.ts (same names and shapes) until those modules land:
 * a few countries in their cases and a plain letter-by-letter transcription. Replaced by the curated modules.
 */
import { transliterate } from './names.js';

export interface CountryCases { nominative: string; genitive: string; prepositional: string; dative: string; en: string }

const COUNTRIES: Record<string, CountryCases> = {
  CA: { nominative: 'Канада', genitive: 'Канады', prepositional: 'Канаде', dative: 'Канаде', en: 'Canada' },
  US: { nominative: 'США', genitive: 'США', prepositional: 'США', dative: 'США', en: 'the USA' },
  GB: { nominative: 'Великобритания', genitive: 'Великобритании', prepositional: 'Великобритании', dative: 'Великобритании', en: 'the UK' },
  DE: { nominative: 'Германия', genitive: 'Германии', prepositional: 'Германии', dative: 'Германии', en: 'Germany' },
  FR: { nominative: 'Франция', genitive: 'Франции', prepositional: 'Франции', dative: 'Франции', en: 'France' },
};

export function countryCases(iso2: string): CountryCases {
  return COUNTRIES[iso2.toUpperCase()] ?? COUNTRIES.CA!;
}

const MAP: [RegExp, string][] = [
  [/sch/g, 'ш'], [/sh/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'], [/ts/g, 'ц'], [/ya/g, 'я'], [/yu/g, 'ю'], [/th/g, 'т'], [/ph/g, 'ф'],
  [/oo/g, 'у'], [/ee/g, 'и'], [/a/g, 'а'], [/b/g, 'б'], [/c/g, 'к'], [/d/g, 'д'], [/e/g, 'е'], [/f/g, 'ф'], [/g/g, 'г'], [/h/g, 'х'],
  [/i/g, 'и'], [/j/g, 'дж'], [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'], [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'], [/q/g, 'к'], [/r/g, 'р'],
  [/s/g, 'с'], [/t/g, 'т'], [/u/g, 'у'], [/v/g, 'в'], [/w/g, 'у'], [/x/g, 'кс'], [/y/g, 'и'], [/z/g, 'з'],
];
const KNOWN: Record<string, string> = { anna: 'Анна', john: 'Джон', toronto: 'Торонто', hamilton: 'Гамильтон', montreal: 'Монреаль', 'montréal': 'Монреаль', marie: 'Мари', sophie: 'Софи' };

export type TranscriptionKind = 'given-name' | 'town' | 'word';

export function toCyrillic(latin: string, _kind: TranscriptionKind): { cyrillic: string; source: 'list' | 'rules' } {
  return {
    cyrillic: latin.replace(/\p{Script=Latin}[\p{Script=Latin}'’-]*/gu, (w) => {
      const k = KNOWN[w.toLowerCase()];
      if (k) return k;
      let s = w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      for (const [re, c] of MAP) s = s.replace(re, c);
      return w[0] === w[0]!.toUpperCase() ? s.charAt(0).toUpperCase() + s.slice(1) : s;
    }),
    source: KNOWN[latin.trim().toLowerCase()] ? 'list' : 'rules',
  };
}

void transliterate;

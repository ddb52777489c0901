/**
 * Latin → Cyrillic for what a writer types in Latin letters: their first name, their town, the names and places in
 * a gap answer. A letter to a Russian prison is read by a censor who may set aside one with Latin words in it, and
 * the writers mostly cannot type Cyrillic: the kiosk offers this version beside the Latin, to accept or correct.
 *
 * Order (see docs/domain.md, "Names and towns in Cyrillic"):
 * 1. The curated list in templates/transcription.json (established Russian spellings, with sources): the lookup
 *    ignores case and diacritics, and the answer takes the writer's capitalisation (ANNA → АННА).
 * 2. Rules of practical transcription for the rest, English-oriented (the collectives write from English-speaking
 *    countries mostly), switching to German, Spanish, Polish/Czech or French readings when the word carries those
 *    languages' letters (ü, ñ, ł, é…). Rules give a sound, readable spelling, not always the established one; that
 *    is why the writer sees and may correct it.
 * 3. Text already in Cyrillic, or with no Latin letter, is returned unchanged.
 *
 * Pure: the list is read once from the project's templates folder; nothing is logged (names are private).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { templatesDir } from '../paths.js';

export type TranscriptionKind = 'given-name' | 'town' | 'word';
export type TranscriptionSource = 'list' | 'rules' | 'unchanged';
export type NameGender = 'm' | 'f' | 'u';

export interface Transcription {
  cyrillic: string;
  source: TranscriptionSource;
}

export interface WordSuggestion extends Transcription {
  /** The Latin as the writer typed it. */
  latin: string;
}

export interface ListedName {
  latin: string;
  ru: string;
  gender: NameGender;
}

export interface ListedTown {
  latin: string;
  ru: string;
  /** ISO 3166-1 alpha-2 codes of the countries where a town of this name is meant (London: GB and CA). */
  countries: string[];
  /** Whether the name declines after «в»/«из» (Лондон → в Лондоне); false: в Торонто / из Торонто. */
  declines: boolean;
  /** Prepositional (after «в»), present when the name declines: «Лондоне». */
  prepositional?: string;
  /** Genitive (after «из»), present when the name declines: «Лондона». */
  genitive?: string;
}

export interface TranscriptionList {
  names: ListedName[];
  towns: ListedTown[];
}

export const TRANSCRIPTION_FILE = path.join(templatesDir, 'transcription.json');

// Cyrillic character classes are built from strings: the server bundle is kept ASCII-only (scripts/build.mjs).
const CYRILLIC = new RegExp('[\\u0400-\\u04FF]', 'u');
const LATIN = /[A-Za-z\u00C0-\u024F]/u;
/** A Latin word: letters with diacritics, inner apostrophes and hyphens (O'Neil, Jean-Pierre, Trois-Rivières). */
const LATIN_WORD = /[A-Za-z\u00C0-\u024F]+(?:['\u2019\-][A-Za-z\u00C0-\u024F]+)*/gu;

/** Lookup key: lower case, diacritics and apostrophe forms folded, spaces collapsed. */
export function lookupKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\u0142]/gu, 'l')
    .replace(/[\u00F8]/gu, 'o')
    .replace(/\u00DF/gu, 'ss')
    .replace(/\u00E6/gu, 'ae')
    .replace(/\u0153/gu, 'oe')
    .replace(/\u0111/gu, 'd')
    .replace(/\u0131/gu, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[\u2019`\u00B4]/gu, "'")
    .replace(/\s+/gu, ' ')
    .replace(/(^|[\s-])st\.?(?=[\s-])/gu, '$1saint')
    .replace(/(^|[\s-])ste\.?(?=[\s-])/gu, '$1sainte')
    .replace(/\. /gu, ' ');
}

interface Index {
  list: TranscriptionList;
  names: Map<string, ListedName>;
  towns: Map<string, ListedTown>;
  namesByRu: Map<string, ListedName>;
  townsByRu: Map<string, ListedTown>;
}

let cached: Index | undefined;

/** Reads and checks the list; a broken entry fails at start, not in front of a writer. */
export function loadTranscriptionList(file = TRANSCRIPTION_FILE): TranscriptionList {
  const data = JSON.parse(readFileSync(file, 'utf8')) as TranscriptionList;
  const base = path.basename(file);
  const seen = new Set<string>();
  for (const n of data.names) {
    const key = `name:${lookupKey(n.latin)}`;
    if (seen.has(key)) throw new Error(`${base}: duplicate name "${n.latin}"`);
    seen.add(key);
    if (!n.ru || LATIN.test(n.ru) || !CYRILLIC.test(n.ru)) throw new Error(`${base}: name "${n.latin}" needs a Cyrillic spelling`);
    if (!['m', 'f', 'u'].includes(n.gender)) throw new Error(`${base}: name "${n.latin}" needs gender m, f or u`);
  }
  for (const t of data.towns) {
    const key = `town:${lookupKey(t.latin)}`;
    if (seen.has(key)) throw new Error(`${base}: duplicate town "${t.latin}"`);
    seen.add(key);
    for (const form of [t.ru, t.prepositional, t.genitive]) {
      if (form !== undefined && (LATIN.test(form) || !CYRILLIC.test(form))) throw new Error(`${base}: town "${t.latin}" has a form not in Cyrillic`);
    }
    if (t.declines && (!t.prepositional || !t.genitive)) throw new Error(`${base}: town "${t.latin}" declines but lacks its forms`);
    if (!t.declines && (t.prepositional || t.genitive)) throw new Error(`${base}: town "${t.latin}" is indeclinable but has forms`);
  }
  return data;
}

/** Russian spelling → name; a spelling shared by a man's and a woman's name (Мишель) gets gender 'u'. */
function byRussian(names: ListedName[]): Map<string, ListedName> {
  const map = new Map<string, ListedName>();
  for (const n of names) {
    const key = n.ru.toLowerCase();
    const seen = map.get(key);
    map.set(key, seen && seen.gender !== n.gender ? { ...seen, gender: 'u' } : seen ?? n);
  }
  return map;
}

function index(): Index {
  if (cached) return cached;
  const list = loadTranscriptionList();
  cached = {
    list,
    names: new Map(list.names.map((n) => [lookupKey(n.latin), n])),
    towns: new Map(list.towns.map((t) => [lookupKey(t.latin), t])),
    namesByRu: byRussian(list.names),
    townsByRu: new Map(list.towns.map((t) => [t.ru.toLowerCase(), t])),
  };
  return cached;
}

/** The curated list as loaded (for the tests and the places module). */
export function transcriptionList(): TranscriptionList {
  return index().list;
}

/** The listed town for a Latin or Cyrillic name, if any. */
export function listedTown(name: string): ListedTown | undefined {
  const ix = index();
  return CYRILLIC.test(name) ? ix.townsByRu.get(name.trim().toLowerCase()) : ix.towns.get(lookupKey(name));
}

/** 'm' | 'f' from the list for a given name in Latin or Cyrillic; 'u' when unknown or used for both. */
export function genderOfGivenName(name: string): NameGender {
  const ix = index();
  const first = name.trim().split(/[\s]+/u)[0] ?? '';
  const hit = CYRILLIC.test(first) ? ix.namesByRu.get(first.toLowerCase()) : ix.names.get(lookupKey(first));
  if (hit) return hit.gender;
  // «Анна-Мария», «Jean-Pierre»: the first part decides.
  const part = first.split('-')[0] ?? '';
  if (part && part !== first) return genderOfGivenName(part);
  return 'u';
}

// ---------------------------------------------------------------------------------------------------------------
// Capitalisation

function capitalise(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** The Cyrillic in the writer's pattern: all capitals, all lower case, or as the list/rules spell it. */
function applyCase(latin: string, cyrillic: string): string {
  const letters = latin.replace(/[^A-Za-z\u00C0-\u024F]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return cyrillic.toUpperCase();
  if (letters && letters === letters.toLowerCase()) return cyrillic.toLowerCase();
  return cyrillic;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

type Mode = 'english' | 'german' | 'spanish' | 'slavic' | 'french';

function modeOf(word: string): Mode {
  if (/[\u00E4\u00F6\u00FC\u00DF]/u.test(word)) return 'german';
  if (/[\u0142\u015B\u017C\u017A\u0107\u0144\u0105\u0119\u0161\u010D\u017E\u0159\u011B\u016F\u010F\u0165\u0148]/u.test(word)) return 'slavic';
  if (/\u00F3w$|(?:cz|sz|rz)/u.test(word)) return 'slavic';
  if (/[\u00F1\u00E1\u00ED\u00F3\u00FA]/u.test(word) || /\u00E9(?:z|n|s)$|\u00E9nez$/u.test(word)) return 'spanish';
  if (/[\u00E9\u00E8\u00EA\u00EB\u00E0\u00E2\u00E7\u00EE\u00EF\u00F4\u00FB\u0153]/u.test(word)) return 'french';
  return 'english';
}

const VOWELS = 'aeiouy';
const isVowel = (c: string | undefined): boolean => c !== undefined && 'aeiou'.includes(c);
const isLetter = (c: string | undefined): boolean => c !== undefined && /[a-z]/u.test(c);
const isConsonant = (c: string | undefined): boolean => isLetter(c) && !VOWELS.includes(c!);

const SIMPLE: Record<string, string> = {
  b: 'б', d: 'д', f: 'ф', k: 'к', l: 'л', m: 'м', n: 'н', p: 'п', r: 'р', s: 'с', t: 'т', v: 'в', z: 'з',
};

/** «Magic e»: vowel + one consonant + final e (Jane, Mike, Steve, Luke, Cole). */
function magicE(w: string, i: number, allowS: boolean): boolean {
  const c = w[i + 1];
  if (!isConsonant(c) || c === 'w' || c === 'x' || c === 'y') return false;
  if (w[i + 2] !== 'e') return false;
  if (i + 3 === w.length) return true;
  return allowS && w[i + 3] === 's' && i + 4 === w.length;
}

function english(w: string): string {
  let out = '';
  let i = 0;
  const at = (s: string) => w.startsWith(s, i);
  const n = w.length;
  while (i < n) {
    const c = w[i]!;
    const prev = w[i - 1];
    const next = w[i + 1];
    const start = i === 0;
    const rest = n - i;
    // Endings of place names.
    if (i > 0 && rest === 5 && at('mouth')) { out += 'мут'; i += 5; continue; }
    if (i > 0 && rest === 4 && at('bury')) { out += 'бери'; i += 4; continue; }
    if (i > 0 && rest === 5 && at('burgh')) { out += 'бург'; i += 5; continue; }
    if (i > 0 && rest === 7 && at('borough')) { out += 'боро'; i += 7; continue; }
    if (i > 0 && rest === 5 && at('ville')) { out += 'вилл'; i += 5; continue; }
    if (i > 0 && at('tion')) { out += 'шн'; i += 4; continue; }
    if (i > 0 && at('sion')) { out += 'жн'; i += 4; continue; }
    if (at('tch')) { out += 'тч'; i += 3; continue; }
    if (at('sch')) { out += 'ск'; i += 3; continue; }
    if (at('chr')) { out += 'кр'; i += 3; continue; }
    if (at('ch')) { out += 'ч'; i += 2; continue; }
    if (at('sh')) { out += 'ш'; i += 2; continue; }
    if (at('th')) { out += 'т'; i += 2; continue; }
    if (at('ph')) { out += 'ф'; i += 2; continue; }
    if (at('ck')) { out += 'к'; i += 2; continue; }
    if (at('gg')) { out += 'гг'; i += 2; continue; }
    if (at('qu')) { out += 'кв'; i += 2; continue; }
    if (at('dge')) { out += 'дж'; i += 3; if (i === n) continue; continue; }
    if (at('dg')) { out += 'дж'; i += 2; continue; }
    if (start && at('kn')) { out += 'н'; i += 2; continue; }
    if (start && at('wr')) { out += 'р'; i += 2; continue; }
    if (at('igh')) { out += 'ай'; i += 3; continue; }
    if (at('gh')) { if (start) out += 'г'; i += 2; continue; }
    if (at('wh')) { out += 'у'; i += 2; continue; }
    switch (c) {
      case 'a': {
        if (at('ai') || at('ay')) { out += start || isVowel(prev) ? 'эй' : 'ей'; i += 2; continue; }
        if (at('aw') && isVowel(w[i + 2])) { out += 'ав'; i += 2; continue; }
        if (at('au') || at('aw')) { out += 'о'; i += 2; continue; }
        if (magicE(w, i, true)) { out += start ? 'эй' : 'ей'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        out += 'а'; i += 1; continue;
      }
      case 'e': {
        if (at('ee') || at('ea')) { out += 'и'; i += 2; continue; }
        if (at('ey')) { out += i + 2 === n ? 'и' : 'ей'; i += 2; continue; }
        if (at('eu')) { out += 'ю'; i += 2; continue; }
        if (at('ew')) { out += prev === 'r' || (prev === 't' && w[i - 2] !== 't') ? 'ю' : 'ью'; i += 2; continue; }
        if (at('ei')) { out += start ? 'эй' : 'ей'; i += 2; continue; }
        if (i === n - 1 && i > 0) { i += 1; continue; } // silent final e
        if (i > 0 && magicE(w, i, false)) { out += 'и'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        out += start || isVowel(prev) || (i === 1 && prev === 'w') ? 'э' : 'е'; i += 1; continue;
      }
      case 'i': {
        if (at('ie')) { out += 'и'; i += 2; continue; }
        if (at('ia') && i + 2 === n) { out += 'ия'; i += 2; continue; }
        if (!start && magicE(w, i, true)) { out += 'ай'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        out += isVowel(prev) && w[i - 2] !== 'q' && prev !== 'u' ? 'й' : 'и'; i += 1; continue;
      }
      case 'o': {
        if (at('oo')) { out += 'у'; i += 2; continue; }
        if (at('ou')) { out += 'ау'; i += 2; continue; }
        if (at('ow')) { out += i + 2 === n || isVowel(w[i + 2]) ? 'оу' : 'ау'; i += 2; continue; }
        if (at('oi') || at('oy')) { out += 'ой'; i += 2; continue; }
        if (at('oa')) { out += 'о'; i += 2; continue; }
        if (!start && magicE(w, i, false)) { out += 'оу'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        out += 'о'; i += 1; continue;
      }
      case 'u': {
        if (!start && magicE(w, i, false)) { out += prev === 'j' ? 'у' : 'ю'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        if (at('ur') && !isVowel(w[i + 2])) { out += 'ер'; i += 2; continue; }
        // Closed by two consonants or a final one (Hunter, Chuck); «th» is one sound (Ruth → Рут).
        const closed = !start && isConsonant(next) && next !== 'r' && !at('uth') && (i + 2 === n || isConsonant(w[i + 2]));
        out += closed ? 'а' : 'у'; i += 1; continue;
      }
      case 'y': {
        if (start && isVowel(next)) {
          const iot: Record<string, string> = { a: 'я', e: 'е', o: 'йо', u: 'ю', i: 'йи' };
          out += iot[next!]!; i += 2; continue;
        }
        if (i === n - 1) { out += 'и'; i += 1; continue; }
        if (!start && isConsonant(prev) && isVowel(next)) { out += 'ай'; i += 1; continue; }
        if (!start && magicE(w, i, true)) { out += 'ай'; i += 1; out += magicConsonant(w[i]!); i += 2; continue; }
        out += isVowel(prev) ? 'й' : 'и'; i += 1; continue;
      }
      case 'w': {
        if (at('woo')) { out += 'ву'; i += 3; continue; }
        if (start && next === 'a') { out += 'уо'; i += 2; continue; }
        if (start) { out += 'у'; i += 1; continue; }
        if (prev === 's') { out += 'у'; i += 1; continue; }
        out += isVowel(next) || isConsonant(prev) ? 'в' : ''; i += 1; continue;
      }
      case 'h': {
        out += start || isVowel(next) ? 'х' : isVowel(prev) ? '' : 'х'; i += 1; continue;
      }
      case 'c': out += next === 'e' || next === 'i' || next === 'y' ? 'с' : 'к'; i += 1; continue;
      case 'g': {
        if (next === 'e' && i + 2 === n) { out += 'дж'; i += 2; continue; }
        out += next === 'e' || next === 'i' || next === 'y' ? 'дж' : 'г'; i += 1; continue;
      }
      case 'j': out += 'дж'; i += 1; continue;
      case 'x': out += start ? 'з' : 'кс'; i += 1; continue;
      case 'q': out += 'к'; i += 1; continue;
      default: out += SIMPLE[c] ?? c; i += 1; continue;
    }
  }
  return out;
}

function magicConsonant(c: string): string {
  if (c === 's') return 'з';
  if (c === 'c') return 'с';
  if (c === 'g') return 'дж';
  if (c === 'k') return 'к';
  if (c === 'j') return 'дж';
  if (c === 'h') return 'х';
  if (c === 'q') return 'к';
  return SIMPLE[c] ?? c;
}

/** An ordered table of (Latin, Cyrillic) for the other languages, longest match first; context in the callbacks. */
type Table = Array<[string, string | ((w: string, i: number) => string)]>;

const iotated = (after: string): Record<string, string> => ({ a: 'я', e: 'е', o: after === 'start' ? 'йо' : 'ё', u: 'ю' });

const GERMAN: Table = [
  ['tsch', 'ч'], ['sch', 'ш'], ['chs', 'кс'], ['ch', 'х'], ['ck', 'кк'], ['tz', 'ц'], ['ph', 'ф'], ['th', 'т'],
  ['qu', 'кв'], ['ei', 'ай'], ['ey', 'ай'], ['ai', 'ай'], ['eu', 'ой'], ['\u00E4u', 'ой'], ['ie', 'и'],
  ['ja', 'я'], ['je', 'йе'], ['jo', 'йо'], ['ju', 'ю'], ['j\u00FC', 'ю'], ['j\u00F6', 'йё'],
  ['ss', 'сс'], ['\u00DF', 'сс'],
  ['st', (w, i) => (i === 0 ? 'шт' : 'ст')], ['sp', (w, i) => (i === 0 ? 'шп' : 'сп')],
  ['s', (w, i) => (isVowel(w[i + 1]) || w[i + 1] === '\u00FC' || w[i + 1] === '\u00F6' ? 'з' : 'с')],
  ['ah', 'а'], ['eh', 'е'], ['oh', 'о'], ['uh', 'у'], ['\u00FCh', 'ю'], ['\u00F6h', 'ё'],
  ['\u00FC', (w, i) => (i === 0 ? 'ю' : 'ю')], ['\u00F6', (w, i) => (i === 0 ? 'э' : 'ё')], ['\u00E4', (w, i) => (i === 0 ? 'э' : 'е')],
  ['e', (w, i) => (i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')], ['y', 'ю'],
  ['a', 'а'], ['i', 'и'], ['o', 'о'], ['u', 'у'], ['w', 'в'], ['v', 'ф'], ['z', 'ц'], ['j', 'й'], ['h', 'х'],
  ['c', 'к'], ['g', 'г'], ['x', 'кс'], ['q', 'к'],
];

const SPANISH: Table = [
  ['ch', 'ч'], ['ll', (w, i) => (isVowel(w[i + 2]) ? 'ль' + (iotated('')[w[i + 2]!] ?? 'й') : 'ль')],
  ['qu', 'к'], ['gue', 'ге'], ['gui', 'ги'], ['gu\u00E9', 'ге'], ['gu\u00ED', 'ги'], ['rr', 'рр'],
  ['\u00F1a', 'нья'], ['\u00F1e', 'нье'], ['\u00F1o', 'ньо'], ['\u00F1u', 'нью'], ['\u00F1', 'нь'],
  ['ce', 'се'], ['ci', 'си'], ['c\u00E9', 'се'], ['c\u00ED', 'си'], ['ge', 'хе'], ['gi', 'хи'], ['g\u00E9', 'хе'], ['g\u00ED', 'хи'],
  ['ya', 'я'], ['ye', 'е'], ['yo', 'йо'], ['yu', 'ю'],
  ['ia', 'ия'], ['ie', 'ье'], ['io', 'ио'], ['i\u00F3', 'ио'],
  ['j', 'х'], ['h', ''], ['z', 'с'], ['c', 'к'], ['x', 'кс'], ['v', 'в'], ['w', 'у'], ['y', 'и'],
  ['e', (w, i) => (i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')], ['\u00E9', (w, i) => (i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')],
  ['a', 'а'], ['\u00E1', 'а'], ['i', 'и'], ['\u00ED', 'и'], ['o', 'о'], ['\u00F3', 'о'], ['u', 'у'], ['\u00FA', 'у'], ['\u00FC', 'у'],
  ['g', 'г'], ['q', 'к'],
];

const SLAVIC: Table = [
  ['szcz', 'щ'], ['sz', 'ш'], ['cz', 'ч'], ['rz', 'ж'], ['ch', 'х'], ['dz', 'дз'],
  ['ja', 'я'], ['je', 'е'], ['jo', 'йо'], ['ju', 'ю'],
  ['sia', 'ся'], ['sie', 'се'], ['sio', 'сё'], ['siu', 'сю'], ['si', 'си'],
  ['cia', 'ця'], ['cie', 'це'], ['cio', 'цё'], ['ciu', 'цю'], ['ci', 'ци'],
  ['nia', 'ня'], ['nie', 'не'], ['nio', 'нё'], ['niu', 'ню'],
  ['ia', 'я'], ['ie', 'е'], ['io', 'ё'], ['iu', 'ю'],
  ['\u0142', 'л'], ['\u015B', 'сь'], ['\u017C', 'ж'], ['\u017A', 'зь'], ['\u0107', 'ць'], ['\u0144', 'нь'],
  ['\u0105', 'он'], ['\u0119', 'ен'], ['\u0161', 'ш'], ['\u010D', 'ч'], ['\u017E', 'ж'], ['\u0159', 'рж'],
  ['\u011B', 'е'], ['\u016F', 'у'], ['\u010F', 'дь'], ['\u0165', 'ть'], ['\u0148', 'нь'],
  ['\u00F3', 'о'], ['\u00E1', 'а'], ['\u00E9', 'е'], ['\u00ED', 'и'], ['\u00FD', 'ы'], ['\u00FA', 'у'],
  ['e', (w, i) => (i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')],
  ['a', 'а'], ['i', 'и'], ['o', 'о'], ['u', 'у'], ['y', 'ы'], ['w', 'в'], ['j', 'й'], ['h', 'х'], ['c', 'ц'],
  ['g', 'г'], ['x', 'кс'], ['q', 'к'],
];

const FRENCH: Table = [
  ['eaux', 'о'], ['eau', 'о'], ['ieu', 'ьё'], ['eu', (w, i) => (i === 0 ? 'э' : 'ё')],
  // Nasal vowels: a vowel + n (or m) not followed by a vowel or a second n.
  ['ean', 'ан'], ['ain', (w, i) => (nasal(w, i + 3) ? 'ен' : 'ен')], ['ein', 'ен'],
  ['en', (w, i) => (nasal(w, i + 2) ? 'ан' : i === 0 || isVowel(w[i - 1]) ? 'эн' : 'ен')],
  ['in', (w, i) => (nasal(w, i + 2) ? 'ен' : 'ин')], ['un', (w, i) => (nasal(w, i + 2) ? 'ен' : 'юн')], ['aux', 'о'], ['au', 'о'], ['oi', 'уа'], ['ou', 'у'], ['o\u00FB', 'у'], ['ai', 'е'], ['ei', 'е'],
  ['ch', 'ш'], ['ph', 'ф'], ['th', 'т'], ['qu', 'к'], ['gn', 'нь'], ['gu', 'г'], ['ill', 'ий'],
  ['ge', 'же'], ['gi', 'жи'], ['g\u00E9', 'же'], ['ce', 'се'], ['ci', 'си'], ['c\u00E9', 'се'], ['\u00E7', 'с'],
  ['\u00E9', (w, i) => (i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')], ['\u00E8', 'е'], ['\u00EA', 'е'], ['\u00EB', 'е'],
  ['e', (w, i) => (i === w.length - 1 && i > 0 ? '' : i === 0 || isVowel(w[i - 1]) ? 'э' : 'е')],
  ['s', (w, i) => (i === w.length - 1 ? '' : isVowel(w[i - 1]) && isVowel(w[i + 1]) ? 'з' : 'с')],
  ['t', (w, i) => (i === w.length - 1 && i > 0 ? '' : 'т')], ['d', (w, i) => (i === w.length - 1 && i > 0 ? '' : 'д')],
  ['x', (w, i) => (i === w.length - 1 ? '' : 'кс')], ['z', (w, i) => (i === w.length - 1 ? '' : 'з')],
  ['l', (w, i) => (isVowel(w[i + 1]) || w[i + 1] === '\u00E9' ? 'л' : 'ль')],
  ['j', 'ж'], ['h', ''], ['c', 'к'], ['y', 'и'], ['w', 'в'], ['g', 'г'], ['q', 'к'],
  ['a', 'а'], ['\u00E0', 'а'], ['\u00E2', 'а'], ['i', 'и'], ['\u00EE', 'и'], ['\u00EF', 'и'], ['o', 'о'], ['\u00F4', 'о'],
  ['u', 'ю'], ['\u00FB', 'ю'], ['\u0153', 'е'],
];

/** A French nasal: the n at `after - 1` is followed by neither a vowel nor another n. */
function nasal(w: string, after: number): boolean {
  const next = w[after];
  return next === undefined || (!isVowel(next) && next !== 'n' && next !== 'y' && !/[\u00E9\u00E8\u00EA]/u.test(next));
}

function byTable(w: string, table: Table): string {
  let out = '';
  let i = 0;
  outer: while (i < w.length) {
    for (const [latin, ru] of table) {
      if (w.startsWith(latin, i)) {
        out += typeof ru === 'string' ? ru : ru(w, i);
        i += latin.length;
        continue outer;
      }
    }
    const c = w[i]!;
    out += SIMPLE[c] ?? c;
    i += 1;
  }
  return out;
}

/** One word (no spaces, hyphens or apostrophes) by the rules, lower case. */
function ruleWord(word: string, forced?: Mode): string {
  const w = word.toLowerCase().normalize('NFC');
  // Mc/Mac names: McKenzie → Маккензи.
  if (/^mc[a-z]/u.test(w)) return `мак${ruleWord(w.slice(2), forced)}`;
  const mode = forced ?? modeOf(w);
  if (mode === 'english') return english(w);
  const table = mode === 'german' ? GERMAN : mode === 'spanish' ? SPANISH : mode === 'slavic' ? SLAVIC : FRENCH;
  // Letters outside the table (a stray diacritic) fall back to their base letter through the English rules.
  return byTable(w, table).replace(/[a-z\u00C0-\u024F]+/gu, (rest) => english(lookupKey(rest)));
}

/** Rules for a Latin token with hyphens and apostrophes kept (O'Neil → О'Нил, Jean-Luc → Жан-Люк). */
function ruleToken(token: string, forced?: Mode): string {
  return token
    .split(/([-'\u2019])/u)
    .map((part) => {
      if (part === '-' || part === "'" || part === '\u2019') return part;
      if (!part) return part;
      const ru = ruleWord(part, forced);
      return part[0] !== part[0]!.toLowerCase() ? capitalise(ru) : ru;
    })
    .join('');
}

/** Set only inside transcribeByRules (synchronous): every lookup misses. */
let rulesOnly = false;

function lookup(kind: TranscriptionKind, key: string): string | undefined {
  if (rulesOnly) return undefined;
  const ix = index();
  if (kind === 'given-name') return ix.names.get(key)?.ru;
  // A town part not listed as a town is often a person's name (St. Albert, Saint-Jean): the name list knows it.
  if (kind === 'town') return ix.towns.get(key)?.ru ?? ix.names.get(key)?.ru;
  return ix.names.get(key)?.ru ?? ix.towns.get(key)?.ru;
}

/** French particles inside a hyphenated place name (Saint-Jean-sur-Richelieu → Сен-Жан-сюр-Ришельё). */
const FRENCH_PARTICLES: Record<string, string> = { sur: 'сюр', les: 'ле', de: 'де', du: 'дю', des: 'де', la: 'ла', le: 'ле', en: 'ан', aux: 'о' };

/** One part of a place name or word: «Saint» and «Sainte» as Russian writes them, then the list, then the rules. */
function part(latin: string, kind: TranscriptionKind, french: boolean, inner: boolean): Transcription {
  const key = lookupKey(latin);
  if (kind !== 'given-name') {
    if (key === 'saint') return { cyrillic: applyCase(latin, french ? 'Сен' : 'Сент'), source: 'rules' };
    if (key === 'sainte') return { cyrillic: applyCase(latin, 'Сент'), source: 'rules' };
    if (french && inner && FRENCH_PARTICLES[key]) return { cyrillic: FRENCH_PARTICLES[key]!, source: 'rules' };
  }
  // In a French place name the name list's English readings (Julie → Джули) would be wrong: towns list, then rules.
  const listed = french ? (rulesOnly ? undefined : index().towns.get(key)?.ru) : lookup(kind, key);
  if (listed) return { cyrillic: applyCase(latin, listed), source: 'list' };
  return { cyrillic: applyCase(latin, ruleToken(latin, french ? 'french' : undefined)), source: 'rules' };
}

/** One token (no spaces): the list for the whole, else the list per hyphenated part, else the rules. */
function token(latin: string, kind: TranscriptionKind): Transcription {
  const whole = lookup(kind, lookupKey(latin));
  if (whole) return { cyrillic: applyCase(latin, whole), source: 'list' };
  if (latin.includes('-')) {
    const pieces = latin.split('-');
    // A hyphenated «Saint-…» or a «-sur-» is the French way of naming places (Quebec, France, Belgium).
    const keys = pieces.map(lookupKey);
    const french = kind !== 'given-name' && (keys[0] === 'saint' || keys[0] === 'sainte' || keys.includes('sur') || keys.includes('les'));
    const parts = pieces.map((p, k) => part(p, kind, french, k > 0 && k < pieces.length - 1));
    return { cyrillic: parts.map((p) => p.cyrillic).join('-'), source: parts.every((p) => p.source === 'list') ? 'list' : 'rules' };
  }
  return part(latin, kind, false, false);
}

/**
 * A name, a town or a word in Cyrillic. Multi-word input: the whole in the list first ("New York"), else each word
 * on its own; a town's words are joined with hyphens, as Russian writes foreign compound place names
 * (Red Deer → Ред-Дир). Cyrillic words and anything not a Latin word stay as they are.
 */
export function toCyrillic(latin: string, kind: TranscriptionKind): Transcription {
  if (!LATIN.test(latin)) return { cyrillic: latin, source: 'unchanged' };
  let text = latin.trim().replace(/\s+/gu, ' ');
  const whole = lookup(kind, lookupKey(text));
  if (whole) return { cyrillic: applyCase(text, whole), source: 'list' };
  // «St.»/«Ste.» before a word: Saint/Sainte, so the period does not end up inside the Cyrillic.
  if (kind !== 'given-name') text = text.replace(/\b(St|Ste)\.?(?=[ -])/gu, (m) => (m.startsWith('Ste') ? 'Sainte' : 'Saint'));
  let source: TranscriptionSource = 'list';
  let any = false;
  const converted = text.replace(LATIN_WORD, (word) => {
    any = true;
    const t = token(word, kind);
    if (t.source === 'rules') source = 'rules';
    return t.cyrillic;
  });
  if (!any) return { cyrillic: latin, source: 'unchanged' };
  const joined = kind === 'town' && !CYRILLIC.test(text) ? converted.replace(/ /gu, '-') : converted;
  return { cyrillic: joined, source };
}

/** The rules alone, the list ignored: what a name outside the list gets (used to measure the rules on the list). */
export function transcribeByRules(latin: string, kind: TranscriptionKind): string {
  rulesOnly = true;
  try {
    return toCyrillic(latin, kind).cyrillic;
  } finally {
    rulesOnly = false;
  }
}

/**
 * For a free answer (a gap in a phrase): every Latin word, or run of words the town list knows ("Los Angeles"),
 * with a Cyrillic suggestion, in reading order. Words already in Cyrillic are not listed.
 */
export function suggestCyrillic(text: string): WordSuggestion[] {
  const words = [...text.matchAll(LATIN_WORD)];
  const out: WordSuggestion[] = [];
  for (let k = 0; k < words.length; k++) {
    let matched = false;
    // Longest run first: three, then two words separated by single spaces.
    for (let len = 3; len >= 2 && !matched; len--) {
      if (k + len > words.length) continue;
      const first = words[k]!;
      const last = words[k + len - 1]!;
      const span = text.slice(first.index, last.index! + last[0].length);
      if (!/^[^\s]+(?: [^\s]+)+$/u.test(span) || span.split(' ').length !== len) continue;
      const town = index().towns.get(lookupKey(span));
      if (town) {
        out.push({ latin: span, cyrillic: applyCase(span, town.ru), source: 'list' });
        k += len - 1;
        matched = true;
      }
    }
    if (matched) continue;
    const w = words[k]![0];
    out.push({ latin: w, ...token(w, 'word') });
  }
  return out;
}

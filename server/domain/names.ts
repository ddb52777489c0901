/**
 * Russian personal names: Latin spelling, grammatical gender and the dative case used on envelopes.
 *
 * Rules (see docs/domain.md, "Names in the address"):
 * - The dative comes from lvovich with the stored gender — never from detection at print time.
 * - A patronymic carrying «оглы»/«кызы» keeps that particle undeclined; only the patronymic stem declines.
 * - A missing patronymic is simply left out.
 * - Men's surnames ending in a consonant decline (Мельник → Мельнику, Смит → Смиту); women's do not (Смит).
 * - Surnames lvovich treats as indeclinable (-ко, -их/-ых, foreign vowel endings) stay as written.
 * - An organizer-entered override (`nameDative`) always wins: it is the escape hatch for foreign or rare names.
 */
import { getGender, inclineFirstname, inclineLastname, inclineMiddlename } from 'lvovich';
import iuliia from 'iuliia';

export type Gender = 'male' | 'female';

export interface PersonName {
  surname: string;
  givenName: string;
  patronymic?: string | null;
  gender: Gender;
  /** Organizer-entered dative form of the full name; used verbatim when present. */
  nameDative?: string | null;
}

/** Cyrillic → Latin with the Wikipedia scheme (Dmitry Pchelintsev, Ilya Shakursky). */
export function transliterate(text: string): string {
  return iuliia.translate(text, iuliia.WIKIPEDIA);
}

/** "Given Surname" in Latin, the order English-language campaigns use. */
export function latinFullName(name: Pick<PersonName, 'surname' | 'givenName'>): string {
  return `${transliterate(name.givenName)} ${transliterate(name.surname)}`.trim();
}

// Regular expressions with Cyrillic are built from strings: the server bundle is kept ASCII-only (scripts/build.mjs),
// and esbuild escapes strings but leaves regex literals as written.
const OGLY = new RegExp('\\sоглы$', 'iu');
const KYZY = new RegExp('\\sкызы$', 'iu');

/** Gender guessed from the name; null when lvovich cannot tell (rare names, оглы/кызы without a hint). */
export function detectGender(name: { surname: string; givenName: string; patronymic?: string | null }): Gender | null {
  const patronymic = name.patronymic ?? '';
  if (OGLY.test(patronymic)) return 'male';
  if (KYZY.test(patronymic)) return 'female';
  const g = getGender({ first: name.givenName, last: name.surname, middle: patronymic || undefined });
  return g === 'male' || g === 'female' ? g : null;
}

const TURKIC_PARTICLE = new RegExp('^(.*?)(\\s+(?:оглы|кызы|улы|гызы))$', 'iu');

function inclinePatronymic(patronymic: string, gender: Gender): string {
  const m = TURKIC_PARTICLE.exec(patronymic);
  if (m) {
    // «Ильхам оглы» stays as written: the father's name before the particle is in the nominative.
    return patronymic;
  }
  return inclineMiddlename(patronymic, 'dative', gender) || patronymic;
}

function inclineHyphenated(surname: string, gender: Gender): string {
  return surname
    .split('-')
    .map((part) => inclineLastname(part, 'dative', gender) || part)
    .join('-');
}

/** Full name in the dative, surname first: «Пчелинцеву Дмитрию Дмитриевичу». */
export function dativeFullName(name: PersonName): string {
  if (name.nameDative && name.nameDative.trim()) return name.nameDative.trim();
  const surname = name.surname.includes('-')
    ? inclineHyphenated(name.surname, name.gender)
    : inclineLastname(name.surname, 'dative', name.gender) || name.surname;
  // Per-part functions: lvovich's combined incline() leaves men's consonant surnames (Мельник) undeclined.
  const given = inclineFirstname(name.givenName, 'dative', name.gender) || name.givenName;
  const parts = [surname, given];
  if (name.patronymic && name.patronymic.trim()) parts.push(inclinePatronymic(name.patronymic.trim(), name.gender));
  return parts.join(' ');
}

/** Full name in the nominative, surname first. */
export function nominativeFullName(name: Pick<PersonName, 'surname' | 'givenName' | 'patronymic'>): string {
  return [name.surname, name.givenName, name.patronymic ?? ''].filter((s) => s.trim()).join(' ');
}

/** For search: lower case, ё folded to е, Latin and Cyrillic both kept. */
export function searchKey(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('ru').replaceAll('ё', 'е');
}

/** The words of a search: folded like searchKey, split where the search index splits (not a letter, mark or digit). */
export function searchWords(text: string): string[] {
  return searchKey(text).split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

/**
 * The Latin spellings a writer may type: campaigns, passports, the metro, libraries, scholars, maps and messengers
 * each romanise Russian differently (Sergey, Sergei, Sergej, Serguei…).
 */
const SEARCH_SCHEMES = [
  iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303, iuliia.MOSMETRO, iuliia.SCIENTIFIC, iuliia.GOST_779, iuliia.GOST_7034,
  iuliia.GOST_52535, iuliia.ALA_LC, iuliia.BGN_PCGN, iuliia.BS_2979, iuliia.UNGEGN_1987, iuliia.YANDEX_MAPS,
  iuliia.YANDEX_MONEY, iuliia.TELEGRAM,
];

/** Every distinct search word of a Cyrillic name in every scheme above. */
export function latinSpellings(cyrillic: string): string[] {
  return [...new Set(SEARCH_SCHEMES.flatMap((scheme) => searchWords(iuliia.translate(cyrillic, scheme))))];
}

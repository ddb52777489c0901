/**
 * Rules for people and facilities as organizers enter them: normalisation, validation with the field named,
 * and the derived columns (Latin spelling, search text). Pure: the caller checks what needs the database.
 */
import { DomainError, invalid } from '../model/errors.js';
import type { FacilityInput, PersonInput } from '../model/schemas.js';
import { FACILITY_KINDS, PRISONER_STATUSES } from '../model/vocabulary.js';
import { detectGender, latinFullName, latinSpellings, searchWords } from './names.js';

const CYRILLIC_NAME = /^[\p{Script=Cyrillic}][\p{Script=Cyrillic}' -]*$/u;
// A dative override is the name as printed on the envelope: Cyrillic words, initials allowed.
const CYRILLIC_DATIVE = /^[\p{Script=Cyrillic}][\p{Script=Cyrillic}' .-]*$/u;
const NON_CYRILLIC_LETTER = /(?!\p{Script=Cyrillic})\p{L}/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Trims, NFC-normalises and turns empty strings into null. */
export function clean(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const t = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Like clean, but keeps line breaks (bios, notes, mail rules). */
export function cleanMultiline(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const t = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return t === '' ? null : t;
}

function fail(field: string, message: string): never {
  throw invalid(field, message);
}

/** Validates an ISO day and returns it; the day must exist in the calendar. */
export function isoDay(field: string, value: string): string {
  const m = ISO_DAY.exec(value);
  if (!m) fail(field, 'must be a date written YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) fail(field, `${value} is not a real date`);
  return value;
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}


export function normalizeFacility(input: FacilityInput) {
  const name = clean(input.name) ?? fail('name', 'must not be empty');
  const street = clean(input.street) ?? fail('street', 'must not be empty');
  const city = clean(input.city) ?? fail('city', 'must not be empty');
  const country = (clean(input.country) ?? 'RU').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) fail('country', 'must be a two-letter ISO country code such as RU');
  const postalCode = (clean(input.postalCode) ?? fail('postalCode', 'must not be empty')).replace(/\s/g, '');
  if (country === 'RU' && !/^\d{6}$/.test(postalCode)) fail('postalCode', 'a Russian postal code has exactly 6 digits');
  if (country !== 'RU' && !/^[A-Za-z0-9 -]{2,12}$/.test(postalCode)) fail('postalCode', 'must be 2–12 letters or digits');
  if (!(FACILITY_KINDS as readonly string[]).includes(input.kind)) fail('kind', `must be one of ${FACILITY_KINDS.join(', ')}`);
  const district = clean(input.district);
  const region = clean(input.region);
  if (country === 'RU') {
    // Russian Post and the prison read the address in Cyrillic: a Latin «Lenina st» may never arrive.
    for (const [field, value] of [['name', name], ['street', street], ['city', city], ['district', district], ['region', region]] as const) {
      if (value !== null && (NON_CYRILLIC_LETTER.test(value) || !CYRILLIC_LETTER.test(value))) {
        fail(field, 'a Russian address is written in Cyrillic (digits, punctuation and № are fine, Latin letters are not)');
      }
    }
  }
  return {
    name,
    kind: input.kind,
    street,
    city,
    district,
    region,
    postalCode,
    country,
    mailRules: cleanMultiline(input.mailRules),
    mailRulesRu: cleanMultiline(input.mailRulesRu),
    notes: cleanMultiline(input.notes),
  };
}

/**
 * Everyone held in Russia needs a year of birth (prisons sort mail by it). normalizePrisoner checks one person
 * as entered; this checks again when people move to a facility or a facility's country becomes Russia.
 */
export function requireBirthYears(country: string, people: { surname: string; givenName: string; birthYear: number | null }[]): void {
  if (country !== 'RU') return;
  const missing = people.filter((p) => p.birthYear === null);
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).map((p) => `${p.surname} ${p.givenName}`).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  throw new DomainError(
    'unprocessable',
    `birthYear: ${shown}${more} ${missing.length === 1 ? 'has' : 'have'} no year of birth, which a person held in Russia needs: add it first`,
    'birthYear',
  );
}


/**
 * Search text: the distinct words of the Cyrillic full name, the shown Latin spelling, the name in every common
 * transliteration scheme and the organizers' "known as" spellings. Word order does not matter to the search
 * (every query word is matched as a prefix of some word here), so the words are stored once each.
 */
export function searchTextFor(p: { surname: string; givenName: string; patronymic: string | null; latinName: string; knownAs?: string | null }): string {
  const cyr = [p.surname, p.givenName, p.patronymic ?? ''].join(' ').trim();
  return [...new Set([...searchWords(`${cyr} ${p.latinName}`), ...latinSpellings(cyr), ...searchWords(p.knownAs ?? '')])].join(' ');
}

/**
 * Normalises a person. `facilityCountry` is the country of the chosen facility (null when none):
 * the birth year is required for Russia because prisons sort mail by it.
 */
export function normalizePrisoner(input: PersonInput, facilityCountry: string | null, now = new Date()) {
  const surname = clean(input.surname) ?? fail('surname', 'must not be empty');
  const givenName = clean(input.givenName) ?? fail('givenName', 'must not be empty');
  const patronymic = clean(input.patronymic);
  for (const [field, value] of [['surname', surname], ['givenName', givenName], ['patronymic', patronymic]] as const) {
    if (value !== null && !CYRILLIC_NAME.test(value)) fail(field, 'must be written in Cyrillic letters');
  }
  const gender = input.gender ?? detectGender({ surname, givenName, patronymic });
  if (gender !== 'male' && gender !== 'female') {
    fail('gender', 'could not be detected from the name; choose male or female');
  }
  const thisYear = now.getUTCFullYear();
  let birthYear = input.birthYear ?? null;
  const birthDate = input.birthDate ? isoDay('birthDate', input.birthDate) : null;
  if (birthDate) {
    if (birthDate > todayIso(now)) fail('birthDate', 'is in the future');
    const y = Number(birthDate.slice(0, 4));
    if (birthYear !== null && birthYear !== y) fail('birthYear', `does not match the year of birthDate (${y})`);
    birthYear = y;
  }
  if (birthYear !== null && (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > thisYear)) {
    fail('birthYear', `must be a year from 1900 to ${thisYear}`);
  }
  if (facilityCountry === 'RU' && birthYear === null) {
    fail('birthYear', 'is required for a person held in Russia: prisons sort mail by year of birth');
  }
  const addressAsOf = input.addressAsOf ? isoDay('addressAsOf', input.addressAsOf) : null;
  if (addressAsOf && addressAsOf > todayIso(now)) fail('addressAsOf', 'is in the future');
  if (!(PRISONER_STATUSES as readonly string[]).includes(input.status)) fail('status', `must be one of ${PRISONER_STATUSES.join(', ')}`);
  const nameDative = clean(input.nameDative);
  if (nameDative !== null && !CYRILLIC_DATIVE.test(nameDative)) fail('nameDative', 'must be written in Cyrillic letters, as printed on the envelope');
  const customLatin = clean(input.latinName);
  if (customLatin !== null && !/^[\p{Script=Latin}' .-]+$/u.test(customLatin)) {
    fail('latinName', 'must be written in Latin letters');
  }
  const latinName = customLatin ?? latinFullName({ surname, givenName });
  const languages = (input.languages ?? ['ru']).map((l) => l.trim().toLowerCase()).filter(Boolean);
  for (const l of languages) if (!/^[a-z]{2,3}$/.test(l)) fail('languages', `"${l}" is not a language code such as ru or en`);
  const supportWithdrawn = input.supportWithdrawn ?? false;
  const withdrawnNote = cleanMultiline(input.withdrawnNote);
  const knownAs = clean(input.knownAs);
  return {
    surname,
    givenName,
    patronymic,
    latinName,
    latinNameSet: customLatin !== null ? 1 : 0,
    nameDative,
    gender,
    register: input.register ?? null,
    birthYear,
    birthDate,
    facilityId: input.facilityId ?? null,
    status: input.status,
    addressAsOf,
    addressSource: clean(input.addressSource),
    caseName: clean(input.caseName),
    bioEn: cleanMultiline(input.bioEn),
    bioRu: cleanMultiline(input.bioRu),
    languages: [...new Set(languages.length ? languages : ['ru'])].join(','),
    supportWithdrawn: supportWithdrawn ? 1 : 0,
    withdrawnNote,
    privateNotes: cleanMultiline(input.privateNotes),
    knownAs,
    searchText: searchTextFor({ surname, givenName, patronymic, latinName, knownAs }),
  };
}

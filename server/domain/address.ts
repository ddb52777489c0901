/**
 * Address blocks as Russian Post and Canada Post want them.
 *
 * Recipient (Cyrillic): dative full name + «, 1992 г.р.», institution, street and house, town, district,
 * region, 6-digit index — then, for mail posted from abroad, the country alone on the last line in Latin
 * capitals. No line is longer than 40 characters: long lines wrap at spaces, never inside a word, and the
 * birth year stays together with «г.р.». Sender: Latin script (Cyrillic is transliterated).
 */
import { dativeFullName, transliterate } from './names.js';
import type { FacilityRecord, PersonRecord } from '../model/records.js';

export const MAX_ADDRESS_LINE = 40;

/** English country names as Canada Post expects on the last line. */
export const COUNTRY_LATIN: Record<string, string> = {
  RU: 'RUSSIA',
  BY: 'BELARUS',
  KZ: 'KAZAKHSTAN',
  UA: 'UKRAINE',
};

export type RecipientPerson = Pick<PersonRecord, 'surname' | 'givenName' | 'patronymic' | 'gender' | 'nameDative' | 'birthYear'>;

export type RecipientFacility = Pick<FacilityRecord, 'name' | 'street' | 'city' | 'district' | 'region' | 'postalCode' | 'country'>;

const NBSP = '\u00A0';

// Short abbreviations (г., ул., д., пос.) stay with the word they belong to: «г.» alone at a line end misleads.
// (A string, not a regex literal: the server bundle is kept ASCII-only, scripts/build.mjs.)
const ABBREVIATION_SPACE = new RegExp('(^|\\s)([а-яё]{1,3}\\.) +', 'giu');

/** Word-boundary wrap to at most `max` characters; a single longer word is left whole rather than cut. */
export function wrapAddressLine(text: string, max = MAX_ADDRESS_LINE): string[] {
  const bound = text.replace(/[\t\r\n ]+/gu, ' ').replace(ABBREVIATION_SPACE, `$1$2${NBSP}`);
  const words = bound.split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (!line) line = w;
    else if (line.length + 1 + w.length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => l.replaceAll(NBSP, ' '));
}

/**
 * «Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.»: the name line of the address, and the line on every page of a letter
 * (prisons sort mail by name and year of birth, and a page that comes loose must still say whose it is).
 */
export function recipientLine(prisoner: RecipientPerson, space = ' '): string {
  const name = dativeFullName(prisoner);
  return prisoner.birthYear ? `${name}, ${prisoner.birthYear}${space}г.р.` : name;
}

/** The recipient block, one string per printed line. */
export function recipientBlock(
  prisoner: RecipientPerson,
  facility: RecipientFacility,
  options: { fromCountry: string },
): string[] {
  // NBSP keeps «1992 г.р.» on one line when the name line wraps; wrapAddressLine turns it back into a space.
  const first = recipientLine(prisoner, NBSP);
  const parts = [first, facility.name, facility.street, facility.city, facility.district, facility.region, facility.postalCode];
  const lines = parts
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .flatMap((p) => wrapAddressLine(p));
  const country = facility.country.toUpperCase();
  if (options.fromCountry.toUpperCase() !== country) lines.push(COUNTRY_LATIN[country] ?? country);
  return lines;
}

export interface SenderSettings {
  collectiveName: string;
  /** Multi-line postal address of the collective, Latin script, country on the last line. */
  returnAddress: string;
}

/**
 * The sender block in Latin script: the collective's return address (its name added on top when the
 * address does not start with it), with the writer's name, if given, "c/o" the collective.
 */
export function senderBlock(settings: SenderSettings, sender: { name?: string | null } = {}): string[] {
  const latin = (s: string) => transliterate(s.normalize('NFC')).trim();
  const lines = settings.returnAddress.split(/\r?\n/u).map(latin).filter(Boolean);
  const collective = latin(settings.collectiveName);
  if (collective && lines[0]?.toLowerCase() !== collective.toLowerCase()) lines.unshift(collective);
  const name = sender.name?.trim();
  if (name && lines.length) lines.splice(0, 1, latin(name), `c/o ${lines[0]}`);
  return lines.flatMap((l) => wrapAddressLine(l));
}

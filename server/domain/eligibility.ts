/**
 * Who writers may be offered. A released person, or one from whom support was withdrawn, is never offered at the
 * kiosk and nothing is printed or queued for them (nor for a suspect address an organizer did not allow): the one rule every route, service and query follows.
 */
import { DomainError } from '../model/errors.js';
import type { PersonRecord } from '../model/records.js';

/**
 * A person whose address is suspect (a letter came back, docs/delivery.md) is not open either, unless an organizer
 * allowed letters to that address anyway.
 */
export type Eligibility = Pick<PersonRecord, 'status' | 'supportWithdrawn'> & { addressSuspect: number; allowWhileSuspect: number };

export function isOpenForLetters(person: Eligibility): boolean {
  return person.status !== 'released' && person.supportWithdrawn === 0 && (person.addressSuspect !== 1 || person.allowWhileSuspect === 1);
}

/**
 * Refuses a person who is not open for letters. The kind maps to 404 on the kiosk API (a kiosk must not learn that
 * a withdrawn person exists) and to 409 on the organizer API (organizers are told why).
 */
export function requireOpenForLetters<P extends Eligibility>(person: P | undefined, id: number, field = 'prisonerId'): P {
  // One sentence for both cases, so the kiosk's answer does not tell a withdrawn person from an unknown id.
  const message = `${field}: no person with id ${id} is open for letters`;
  if (!person) throw new DomainError('not-found', message, field);
  if (!isOpenForLetters(person)) throw new DomainError('not-open-for-letters', message, field);
  return person;
}

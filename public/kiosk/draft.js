// @ts-check
// The one writer's draft: lives only in this JS object (never in browser storage), wiped by reset.

/** @typedef {import('../shared/api-types.js').PublicPerson} PublicPerson */
/** @typedef {'group' | 'single-male' | 'single-female'} Who */
/** @typedef {{ ru: string, en: string }} Pair */
/** A phrase in the letter: ru/en as in the phrasebook (with {name} and …), `gap` the writer's filling of the …. */
/** @typedef {{ id: string, category: string | null, ru: string, en: string, gap: string }} DraftPhrase */
/** @typedef {{ ru: string, en: string, source: 'template' | 'phrases' | 'own' }} Paragraph */
/** @typedef {{ kind: 'single', gender: 'male' | 'female', name?: string, city?: string } | { kind: 'group', name?: string, city?: string }} Sender */

/**
 * @typedef {object} Draft
 * @property {'letter' | 'postcard' | null} kind
 * @property {PublicPerson | null} person from GET /api/prisoners/:id
 * @property {Who} who
 * @property {string | null} templateId
 * @property {{ head: Pair[], tail: Pair | null }} template head paragraphs at the top, the closing (tail) at the bottom, phrases and own words between
 * @property {DraftPhrase[]} phrases in the writer's order
 * @property {string} ownText
 * @property {boolean} needsTranslation
 * @property {string} senderName
 * @property {string} senderCity
 * @property {boolean} englishCopy
 * @property {'letter' | 'a4'} paper
 * @property {string | null} image PNG/JPEG data URL of the drawing, or null for a blank picture side
 */

/** @returns {Draft} */
export function emptyDraft() {
  return {
    kind: null,
    person: null,
    who: 'group',
    templateId: null,
    template: { head: [], tail: null },
    phrases: [],
    ownText: '',
    needsTranslation: false,
    senderName: '',
    senderCity: '',
    englishCopy: false,
    paper: 'letter',
    image: null,
  };
}

/**
 * The sender as the PDF and compose routes take it.
 * @param {Draft} draft
 * @returns {Sender}
 */
export function senderSpec(draft) {
  const name = draft.senderName.trim();
  const city = draft.senderCity.trim();
  /** @type {Sender} */
  const s = draft.who === 'group' ? { kind: 'group' } : { kind: 'single', gender: draft.who === 'single-female' ? 'female' : 'male' };
  if (name) s.name = name;
  if (city) s.city = city;
  return s;
}

const GAP = '…';

/**
 * A phrase as printed: {name} is the recipient's first name, … the writer's own filling (or stays a gap).
 * @param {{ ru: string, en: string, gap?: string }} phrase
 * @param {PublicPerson} person
 * @returns {Pair}
 */
export function phraseText(phrase, person) {
  const latinFirst = person.latinName.split(' ')[0] ?? '';
  const gap = phrase.gap?.trim() || GAP;
  return {
    ru: phrase.ru.replaceAll('{name}', person.givenName).replaceAll(GAP, gap),
    en: phrase.en.replaceAll('{name}', latinFirst).replaceAll(GAP, gap),
  };
}

/** @param {{ ru: string }} phrase */
export function hasGap(phrase) {
  return phrase.ru.includes(GAP);
}

/**
 * The person the draft is written to: chosen before any screen that reads it.
 * @param {Draft} draft
 * @returns {PublicPerson}
 */
export function recipientOf(draft) {
  if (!draft.person) throw new Error('no person chosen yet');
  return draft.person;
}

/**
 * Paragraphs of the letter in print order. Consecutive phrases of one category form a paragraph.
 * @param {Draft} draft
 * @returns {Paragraph[]}
 */
export function paragraphs(draft) {
  /** @type {Paragraph[]} */
  const out = draft.template.head.map((p) => ({ ...p, source: 'template' }));
  /** @type {string | null} */
  let category = null;
  for (const phrase of draft.phrases) {
    const text = phraseText(phrase, recipientOf(draft));
    const last = out[out.length - 1];
    if (last?.source === 'phrases' && phrase.category === category) {
      last.ru += ` ${text.ru}`;
      last.en += ` ${text.en}`;
    } else out.push({ ...text, source: 'phrases' });
    category = phrase.category;
  }
  const own = draft.ownText.trim();
  if (own) out.push({ ru: own, en: own, source: 'own' });
  if (draft.template.tail) out.push({ ...draft.template.tail, source: 'template' });
  return out;
}

/** @param {Draft} draft */
export function russianText(draft) {
  return paragraphs(draft).map((p) => p.ru).join('\n\n');
}

/** @param {Draft} draft */
export function englishText(draft) {
  return paragraphs(draft).map((p) => p.en).join('\n\n');
}

/**
 * Splits composed template text into paired paragraphs; unequal counts stay one block so meaning stays aligned.
 * @param {string} ru
 * @param {string} en
 * @returns {Draft['template']}
 */
export function splitTemplate(ru, en) {
  const split = (/** @type {string} */ s) => s.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
  const r = split(ru);
  const e = split(en);
  if (r.length !== e.length || r.length === 0) return { head: ru.trim() ? [{ ru: ru.trim(), en: en.trim() }] : [], tail: null };
  const pairs = r.map((x, i) => ({ ru: x, en: e[i] ?? '' }));
  if (pairs.length < 2) return { head: pairs, tail: null };
  return { head: pairs.slice(0, -1), tail: pairs[pairs.length - 1] ?? null };
}

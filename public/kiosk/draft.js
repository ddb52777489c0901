// @ts-check
// The one writer's draft: lives only in this JS object (never in browser storage), wiped by reset. It holds the
// writer's choices, never the letter's Russian: the server composes that from the structure (POST /api/compose).

/** @typedef {import('../shared/api-types.js').PublicPerson} PublicPerson */
/** @typedef {import('../shared/api-types.js').DraftStructure} DraftStructure */
/** @typedef {import('../shared/api-types.js').Composition} Composition */
/** @typedef {'group' | 'single-male' | 'single-female'} Who */
/** A chosen phrase: the writer's filling of its gap (…) as typed, and its Cyrillic form (suggested, then accepted or corrected). */
/** @typedef {{ id: string, gap: string, gapRu: string, gapRuEdited: boolean }} DraftPhrase */

/**
 * @typedef {object} Draft
 * @property {'letter' | 'postcard' | null} kind
 * @property {PublicPerson | null} person from GET /api/prisoners/:id
 * @property {Who} who
 * @property {'ty' | 'vy' | null} register null: the server's default for this person
 * @property {string | null} templateId
 * @property {DraftPhrase[]} phrases in the writer's order
 * @property {string[] | null} order paragraph ids after the writer moved one; null for reading order
 * @property {string[]} removed template paragraphs the writer removed
 * @property {string} ownText
 * @property {boolean} needsTranslation
 * @property {boolean} needsTranslationTouched the writer ticked or unticked it themselves
 * @property {string} senderName
 * @property {string} senderNameRu
 * @property {boolean} senderNameRuEdited
 * @property {string} senderCity
 * @property {string} senderCityRu
 * @property {boolean} senderCityRuEdited
 * @property {Composition | null} composed the server's last composition of this draft
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
    register: null,
    templateId: null,
    phrases: [],
    order: null,
    removed: [],
    ownText: '',
    needsTranslation: false,
    needsTranslationTouched: false,
    senderName: '',
    senderNameRu: '',
    senderNameRuEdited: false,
    senderCity: '',
    senderCityRu: '',
    senderCityRuEdited: false,
    composed: null,
    englishCopy: false,
    paper: 'letter',
    image: null,
  };
}

/** @param {Who} who */
export function writerOf(who) {
  return who === 'single-male' ? 'man' : who === 'single-female' ? 'woman' : 'group';
}

/** The writer's own words as paragraphs (blank lines apart). @param {string} text */
export function ownParagraphs(text) {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/**
 * The draft's structure as POST /api/compose, /api/pdf and /api/queue take it.
 * @param {Draft} draft
 * @param {{ keepEmptyGaps?: boolean }} [opts]
 * @returns {DraftStructure}
 */
export function structureOf(draft, opts = {}) {
  /** @type {DraftStructure} */
  const s = {
    kind: draft.kind === 'postcard' ? 'postcard' : 'letter',
    writer: writerOf(draft.who),
    phrases: draft.phrases.map((p) => {
      /** @type {{ id: string, gap?: string, gapRu?: string }} */
      const x = { id: p.id };
      if (p.gap.trim()) x.gap = p.gap.trim();
      if (p.gapRu.trim()) x.gapRu = p.gapRu.trim();
      return x;
    }),
    own: ownParagraphs(draft.ownText).map((text) => ({ text, needsTranslation: draft.needsTranslation })),
    removed: draft.removed,
  };
  if (draft.templateId) s.templateId = draft.templateId;
  if (draft.register) s.register = draft.register;
  if (draft.order) s.order = draft.order;
  /** @type {NonNullable<DraftStructure['sender']>} */
  const sender = {};
  if (draft.senderName.trim()) sender.name = draft.senderName.trim();
  if (draft.senderNameRu.trim()) sender.nameRu = draft.senderNameRu.trim();
  if (draft.senderCity.trim()) sender.town = draft.senderCity.trim();
  if (draft.senderCityRu.trim()) sender.townRu = draft.senderCityRu.trim();
  s.sender = sender;
  if (opts.keepEmptyGaps) s.keepEmptyGaps = true;
  return s;
}

/**
 * The sender block of the envelope and the letter's footer: the writer's name as typed (the return address is Latin).
 * @param {Draft} draft
 * @returns {{ kind: 'single', gender: 'male' | 'female', name?: string } | { kind: 'group', name?: string }}
 */
export function senderSpec(draft) {
  const name = draft.senderName.trim();
  /** @type {{ kind: 'single', gender: 'male' | 'female', name?: string } | { kind: 'group', name?: string }} */
  const s = draft.who === 'group' ? { kind: 'group' } : { kind: 'single', gender: draft.who === 'single-female' ? 'female' : 'male' };
  if (name) s.name = name;
  return s;
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
 * Takes the server's Cyrillic suggestions into the fields the writer has not corrected.
 * @param {Draft} draft
 * @param {Composition} c
 * @returns {boolean} whether a field changed (the draft is then composed again)
 */
export function takeSuggestions(draft, c) {
  let changed = false;
  for (const s of c.suggestions) {
    if (s.field === 'sender.name' && !draft.senderNameRuEdited && draft.senderNameRu !== s.cyrillic && s.latin === draft.senderName.trim()) {
      draft.senderNameRu = s.cyrillic;
      changed = true;
    }
    if (s.field === 'sender.town' && !draft.senderCityRuEdited && draft.senderCityRu !== s.cyrillic && s.latin === draft.senderCity.trim()) {
      draft.senderCityRu = s.cyrillic;
      changed = true;
    }
    const m = /^phrases\[(\d+)\]\.gap$/.exec(s.field);
    const p = m ? draft.phrases[Number(m[1])] : undefined;
    if (p && !p.gapRuEdited && p.gapRu !== s.cyrillic && s.latin === p.gap.trim()) {
      p.gapRu = s.cyrillic;
      changed = true;
    }
  }
  return changed;
}

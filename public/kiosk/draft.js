// The one writer's draft: lives only in this JS object (never in browser storage), wiped by reset.

export function emptyDraft() {
  return {
    /** 'letter' | 'postcard' */
    kind: null,
    /** The person from GET /api/prisoners/:id */
    person: null,
    /** 'group' | 'single-male' | 'single-female' */
    who: 'group',
    templateId: null,
    /** Template paragraphs: head ones at the top, the closing (tail) at the bottom, phrases and own words between. */
    template: { head: [], tail: null },
    /** Inserted phrases in the writer's order: { id, category, ru, en, gap } (ru/en as in the phrasebook, with {name} and …) */
    phrases: [],
    ownText: '',
    needsTranslation: false,
    senderName: '',
    senderCity: '',
    englishCopy: false,
    paper: 'letter',
    /** PNG/JPEG data URL of the drawing, or null for a blank picture side. */
    image: null,
  };
}

/** The sender as the PDF and compose routes take it. */
export function senderSpec(draft) {
  const name = draft.senderName.trim();
  const city = draft.senderCity.trim();
  const s = draft.who === 'group' ? { kind: 'group' } : { kind: 'single', gender: draft.who === 'single-female' ? 'female' : 'male' };
  if (name) s.name = name;
  if (city) s.city = city;
  return s;
}

const GAP = '…';

/** A phrase as printed: {name} is the recipient's first name, … the writer's own filling (or stays a gap). */
export function phraseText(phrase, person) {
  const latinFirst = person.latinName.split(' ')[0];
  const gap = phrase.gap?.trim() || GAP;
  return {
    ru: phrase.ru.replaceAll('{name}', person.givenName).replaceAll(GAP, gap),
    en: phrase.en.replaceAll('{name}', latinFirst).replaceAll(GAP, gap),
  };
}

export function hasGap(phrase) {
  return phrase.ru.includes(GAP);
}

/** Paragraphs of the letter in print order: [{ ru, en, source }]. Consecutive phrases of one category form a paragraph. */
export function paragraphs(draft) {
  const out = draft.template.head.map((p) => ({ ...p, source: 'template' }));
  let category = null;
  for (const phrase of draft.phrases) {
    const text = phraseText(phrase, draft.person);
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

export function russianText(draft) {
  return paragraphs(draft).map((p) => p.ru).join('\n\n');
}

export function englishText(draft) {
  return paragraphs(draft).map((p) => p.en).join('\n\n');
}

/** Splits composed template text into paired paragraphs; unequal counts stay one block so meaning stays aligned. */
export function splitTemplate(ru, en) {
  const split = (s) => s.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
  const r = split(ru);
  const e = split(en);
  if (r.length !== e.length || r.length === 0) return { head: ru.trim() ? [{ ru: ru.trim(), en: en.trim() }] : [], tail: null };
  const pairs = r.map((x, i) => ({ ru: x, en: e[i] }));
  if (pairs.length < 2) return { head: pairs, tail: null };
  return { head: pairs.slice(0, -1), tail: pairs[pairs.length - 1] };
}

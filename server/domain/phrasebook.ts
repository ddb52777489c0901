/**
 * The bilingual phrasebook (templates/phrasebook.json): Russian phrases with grammatical variants and their
 * English meaning. Markers in the Russian text choose the form — {g:m|f} recipient's gender,
 * {s:one man|one woman|group} sender, {r:ты|Вы} register, {rs:…six forms…} sender × register — and are
 * resolved here, so a writer who knows no Russian picks meaning, not grammar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Gender } from './names.js';
import { SECTIONS, TEMPLATES_DIR, type Register, type Section, type SenderForm } from './compose.js';

export interface Phrase {
  id: string;
  ru: string;
  en: string;
}

/** A phrase as stored: its section of the letter, who may be offered it, what its gap holds, its review state. */
export interface StoredPhrase extends Phrase {
  section: Section;
  /** A closing formula («С уважением,»): a letter has exactly one. */
  formula?: boolean;
  writers?: ('man' | 'woman' | 'group')[];
  /** Offered only for a first letter from this collective («Я пишу тебе впервые»), or only after one («снова»). */
  when?: 'first-letter' | 'written-before';
  gap?: 'given-name' | 'town' | 'word';
  review: 'draft' | 'checked';
}

export interface PhraseCategory {
  id: string;
  titleEn: string;
  titleRu: string;
  phrases: StoredPhrase[];
}

export interface PhraseForms {
  recipientGender: Gender;
  sender: SenderForm;
  register: Register;
}

const SENDERS: SenderForm[] = ['single-male', 'single-female', 'group'];
const MARKER = /\{(g|s|r|rs):([^{}]*)\}/gu;

/** The phrase text with every marker replaced by the form these choices need. */
export function resolvePhrase(ru: string, forms: PhraseForms): string {
  return ru.replace(MARKER, (_m, kind: string, body: string) => {
    const options = body.split('|');
    const s = SENDERS.indexOf(forms.sender);
    const index =
      kind === 'g' ? (forms.recipientGender === 'female' ? 1 : 0)
      : kind === 's' ? s
      : kind === 'r' ? (forms.register === 'vy' ? 1 : 0)
      : (forms.register === 'vy' ? 3 : 0) + s;
    return options[Math.min(index, options.length - 1)] ?? '';
  });
}

/** Checks marker arity so a typo in the JSON fails at start, not in front of a writer. */
function validate(categories: PhraseCategory[], file: string): void {
  const arity: Record<string, number> = { g: 2, s: 3, r: 2, rs: 6 };
  const ids = new Set<string>();
  for (const c of categories) {
    for (const p of c.phrases) {
      if (ids.has(p.id)) throw new Error(`${file}: duplicate phrase id "${p.id}"`);
      ids.add(p.id);
      if (!p.ru?.trim() || !p.en?.trim()) throw new Error(`${file}: phrase "${p.id}" needs ru and en`);
      if (!SECTIONS.includes(p.section)) throw new Error(`${file}: phrase "${p.id}": section must be one of ${SECTIONS.join(', ')}`);
      if (p.review !== 'draft' && p.review !== 'checked') throw new Error(`${file}: phrase "${p.id}": review must be draft or checked`);
      if (p.when !== undefined && p.when !== 'first-letter' && p.when !== 'written-before') throw new Error(`${file}: phrase "${p.id}": when must be first-letter or written-before`);
      for (const text of [p.ru, p.en]) {
        for (const m of text.matchAll(MARKER)) {
          if (m[2]!.split('|').length !== arity[m[1]!]) throw new Error(`${file}: phrase "${p.id}": {${m[1]}:…} needs ${arity[m[1]!]} forms`);
        }
        if (/[{}]/u.test(text.replace(MARKER, '').replaceAll('{name}', '').replace(/\{country:(nominative|genitive|prepositional|dative|en)\}/gu, '')))
          throw new Error(`${file}: phrase "${p.id}" has a broken marker`);
      }
    }
  }
}

let cached: PhraseCategory[] | undefined;

/** The phrasebook as stored (markers unresolved), loaded and checked once. */
export function phrasebook(file = path.join(TEMPLATES_DIR, 'phrasebook.json')): PhraseCategory[] {
  if (cached && file === path.join(TEMPLATES_DIR, 'phrasebook.json')) return cached;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { categories: PhraseCategory[] };
  validate(data.categories, path.basename(file));
  cached = data.categories;
  return cached;
}

/** All phrases with their forms resolved. */
export function resolvedPhrasebook(forms: PhraseForms): PhraseCategory[] {
  return phrasebook().map((c) => ({ ...c, phrases: c.phrases.map((p) => ({ ...p, ru: resolvePhrase(p.ru, forms), en: resolvePhrase(p.en, forms) })) }));
}

export interface PhraseVariant {
  recipientGender: Gender;
  sender: SenderForm;
  register: Register;
  ru: string;
}

/** Every distinct form of a phrase, for clients that resolve on their side. */
export function phraseVariants(ru: string): PhraseVariant[] {
  const seen = new Map<string, PhraseVariant>();
  for (const recipientGender of ['male', 'female'] as const)
    for (const sender of SENDERS)
      for (const register of ['ty', 'vy'] as const) {
        const text = resolvePhrase(ru, { recipientGender, sender, register });
        if (!seen.has(text)) seen.set(text, { recipientGender, sender, register, ru: text });
      }
  return [...seen.values()];
}

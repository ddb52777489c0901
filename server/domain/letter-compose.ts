/**
 * The one composition of a letter or postcard from the writer's draft structure: the template's tagged paragraphs,
 * the chosen phrases (each in its section, in its grammatical form, gaps filled), the writer's own paragraphs, one
 * closing formula and the signature — in reading order, with the writer's moves and removals applied. The kiosk
 * preview (POST /api/compose), POST /api/pdf, the queue and print runs all take their text from here, so the browser
 * never assembles Russian. Pure: the template library, the phrasebook, the person and "today" are passed in.
 */
import { DomainError } from '../model/errors.js';
import type { DraftRequest } from '../model/schemas.js';
import { countryOrHome, SECTIONS, type ComposeRecipient, type Register, type Section, type SenderForm, type TemplateLibrary } from './compose.js';
import type { Gender } from './names.js';
import { toCyrillic, type TranscriptionKind } from './transcription.js';
import { resolvePhrase, type PhraseCategory, type StoredPhrase } from './phrasebook.js';

export type Writer = 'man' | 'woman' | 'group';

/**
 * What the kiosk (or a phone) sends: the draft's structure, never its text. The request contract in model/schemas.ts
 * is the one definition: `order` holds paragraph ids in the writer's order (ids not named keep their place by
 * section), `removed` the template paragraphs the writer removed, and `keepEmptyGaps` keeps an empty gap as «…»
 * while writing (the check comes on *Next*).
 */
export type DraftStructure = DraftRequest;

export interface ComposedParagraph {
  id: string;
  section: Section;
  ru: string;
  en: string;
  source: 'template' | 'phrase' | 'own';
  /** The closing formula («С уважением,», «Обнимаю!»): a letter has exactly one. */
  formula?: boolean;
  needsTranslation?: boolean;
}

/** A Cyrillic spelling offered for what the writer typed in Latin, to accept or correct. */
export interface Suggestion {
  field: string;
  latin: string;
  cyrillic: string;
  source: string;
}

export interface Composition {
  paragraphs: ComposedParagraph[];
  /** The printed text: paragraphs joined, phrases of one section run on, the signature under the formula. */
  ru: string;
  en: string;
  register: Register;
  suggestions: Suggestion[];
  needsTranslation: boolean;
}

export interface ComposeContext {
  templates: TemplateLibrary;
  phrasebook: PhraseCategory[];
  recipient: ComposeRecipient & { register?: Register | null };
  /** ISO code of the collective's country (settings). */
  country: string;
  today: Date;
}

const GAP = '…';
const LATIN = /\p{Script=Latin}/u;
/** Sections whose phrases run on in one paragraph; the others stand on their own lines. */
const RUN_ON = new Set<Section>(['introduction', 'about-us', 'body', 'questions', 'wishes']);
/** «Вы» unless set, for a first letter to someone older than this. */
export const FORMAL_AGE = 50;

export function senderFormOf(writer: Writer): SenderForm {
  return writer === 'group' ? 'group' : writer === 'woman' ? 'single-female' : 'single-male';
}

/**
 * ты or Вы: the writer's choice, else the person's record, else «Вы» for a first letter to someone over 50, else
 * the template's own.
 */
export function registerFor(draft: Pick<DraftStructure, 'register'>, recipient: ComposeContext['recipient'], today: Date, templateDefault: Register = 'ty'): Register {
  if (draft.register) return draft.register;
  if (recipient.register) return recipient.register;
  const born = recipient.birthDate ? Number(recipient.birthDate.slice(0, 4)) : recipient.birthYear;
  const age = born ? today.getUTCFullYear() - born : null;
  if ((recipient.printedCount ?? 0) === 0 && age !== null && age > FORMAL_AGE) return 'vy';
  return templateDefault;
}

/**
 * Whether a phrase is offered for this writer and template: not one that repeats what the template says, and not
 * «впервые» to someone this collective has written to before.
 */
export function phraseOffered(p: StoredPhrase, writer: Writer, coveredIds: ReadonlySet<string>, writtenBefore: boolean): boolean {
  if (coveredIds.has(p.id)) return false;
  if (p.when === 'first-letter' && writtenBefore) return false;
  if (p.when === 'written-before' && !writtenBefore) return false;
  return !p.writers || p.writers.includes(writer);
}

/** The name a greeting uses: with Вы the name and patronymic where known («Анна Игоревна»). */
function greetingNameOf(r: ComposeRecipient, register: Register): string {
  return register === 'vy' && r.patronymic ? `${r.givenName} ${r.patronymic}` : r.givenName;
}

function endsSentence(text: string): boolean {
  return /[.!?\u2026\u00bb)]$/u.test(text.trim());
}

/** A phrase with {name}, {country:…} and its gap filled; a full stop after a filled gap that ends it. */
function fillPhrase(text: string, gap: string, name: string, country: Record<string, string>): string {
  let out = text.replaceAll('{name}', name).replace(/\{country:(\w+)\}/gu, (_m, form: string) => country[form] ?? country.nominative!);
  if (out.includes(GAP) && gap !== GAP) {
    const value = gap.trim().replace(/[.]+$/u, '');
    const endsWithGap = out.trim().endsWith(GAP);
    out = out.replace(GAP, value);
    if (endsWithGap && !endsSentence(value)) out += '.';
  }
  return out;
}

function suggest(field: string, latin: string | undefined, kind: TranscriptionKind): Suggestion | null {
  if (!latin?.trim() || !LATIN.test(latin)) return null;
  const { cyrillic, source } = toCyrillic(latin.trim(), kind);
  return { field, latin: latin.trim(), cyrillic, source };
}

/** Places ids not in `order` after their default predecessor; ids in `order` keep the writer's order. */
function applyOrder(defaults: ComposedParagraph[], order: string[] | undefined): ComposedParagraph[] {
  if (!order?.length) return defaults;
  const byId = new Map(defaults.map((p) => [p.id, p]));
  const result = [...new Set(order)].filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const placed = new Set(result.map((p) => p.id));
  defaults.forEach((p, i) => {
    if (placed.has(p.id)) return;
    const before = defaults.slice(0, i).reverse().find((q) => placed.has(q.id));
    const at = before ? result.indexOf(before) + 1 : 0;
    result.splice(at, 0, p);
    placed.add(p.id);
  });
  return result;
}

/** The paragraphs as printed text, in one language. */
export function joinParagraphs(paragraphs: ComposedParagraph[], language: 'ru' | 'en'): string {
  let out = '';
  paragraphs.forEach((p, i) => {
    const prev = paragraphs[i - 1];
    const text = p[language];
    if (!prev) out = text;
    else if (p.section === 'signature' && prev.formula) out += `\n${text}`;
    // A phrase runs on after the paragraph before it when both are of one running section (template or phrase).
    else if (p.source === 'phrase' && prev.source !== 'own' && p.section === prev.section && RUN_ON.has(p.section)) out += ` ${text}`;
    else out += `\n\n${text}`;
  });
  return out;
}

/** Composes the letter; an empty gap, an unknown template or phrase is refused naming it. */
export function composeLetter(draft: DraftStructure, ctx: ComposeContext): Composition {
  const { templates, recipient, today } = ctx;
  const info = draft.templateId ? templates.get(draft.templateId) : undefined;
  if (draft.templateId && !info) throw new DomainError('unprocessable', `templateId: unknown template "${draft.templateId}"`, 'templateId');
  if (info && info.kind !== draft.kind) throw new DomainError('unprocessable', `templateId: "${info.id}" is a ${info.kind} template, not a ${draft.kind}`, 'templateId');
  const ruInfo = info && (info.language === 'ru' ? info : templates.get(info.counterpartId)!);
  const register = registerFor(draft, recipient, today, ruInfo?.register);
  const form = senderFormOf(draft.writer);
  const gender: Gender = draft.writer === 'woman' ? 'female' : 'male';
  const country = countryOrHome(ctx.country) as unknown as Record<string, string>;
  const suggestions: Suggestion[] = [];

  const s = draft.sender ?? {};
  const nameSuggestion = suggest('sender.name', s.name, 'given-name');
  const townSuggestion = suggest('sender.town', s.town, 'town');
  for (const x of [nameSuggestion, townSuggestion]) if (x) suggestions.push(x);
  const nameRu = s.nameRu?.trim() || s.name?.trim() || undefined;
  const townRu = s.townRu?.trim() || s.town?.trim() || undefined;

  const input = {
    recipient,
    sender: { kind: draft.writer === 'group' ? ('group' as const) : ('single' as const), gender, name: nameRu, city: townRu },
    senderLatin: { name: s.name?.trim() || undefined, city: s.town?.trim() || undefined },
    register,
    today,
    country: ctx.country,
  };

  const removed = new Set(draft.removed ?? []);
  const templateParas: ComposedParagraph[] = info
    ? templates.pairs(info.id, input).map((p, i) => ({ id: `t${i}`, section: p.section, ru: p.ru, en: p.en, source: 'template' as const, ...(p.formula ? { formula: true } : {}) }))
    : [];
  const covered = new Set(ruInfo?.covers ?? []);

  const phraseById = new Map(ctx.phrasebook.flatMap((c) => c.phrases).map((p) => [p.id, p]));
  const forms = { recipientGender: recipient.gender, sender: form, register };
  const latinFirst = recipient.latinName.trim().split(/\s+/u)[0] ?? '';
  const phraseParas: ComposedParagraph[] = [];
  (draft.phrases ?? []).forEach((chosen, i) => {
    const p = phraseById.get(chosen.id);
    if (!p) throw new DomainError('unprocessable', `phrases[${i}]: unknown phrase "${chosen.id}"`, `phrases[${i}]`);
    if (!phraseOffered(p, draft.writer, covered, (recipient.printedCount ?? 0) > 0)) return;
    if (phraseParas.some((x) => x.id === `p:${p.id}`)) return;
    let gapRu = '';
    let gapEn = '';
    if (p.ru.includes(GAP)) {
      gapEn = chosen.gap?.trim() ?? '';
      gapRu = chosen.gapRu?.trim() || gapEn;
      if (!gapRu && draft.keepEmptyGaps) gapRu = gapEn = GAP;
      if (!gapRu) throw new DomainError('unprocessable', `phrases[${i}]: fill the gap in “${resolvePhrase(p.en, forms)}” (${p.id})`, `phrases[${i}].gap`);
      const sg = suggest(`phrases[${i}].gap`, chosen.gap, p.gap ?? 'word');
      if (sg) suggestions.push(sg);
    }
    phraseParas.push({
      id: `p:${p.id}`,
      section: p.section,
      ru: fillPhrase(resolvePhrase(p.ru, forms), gapRu, greetingNameOf(recipient, register), country),
      en: fillPhrase(resolvePhrase(p.en, forms), gapEn, latinFirst, country),
      source: 'phrase',
      ...(p.formula ? { formula: true } : {}),
    });
  });

  const ownParas: ComposedParagraph[] = (draft.own ?? [])
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.text.trim())
    .map(({ o, i }) => ({ id: `o${i}`, section: 'body' as const, ru: o.text.trim(), en: o.text.trim(), source: 'own' as const, ...(o.needsTranslation ? { needsTranslation: true } : {}) }));

  // One closing formula: the writer's last chosen replaces the template's; a default when there is none.
  const chosenFormula = [...phraseParas].reverse().find((p) => p.formula);
  let all = [...templateParas.filter((p) => !removed.has(p.id)), ...phraseParas, ...ownParas].filter((p) => !p.formula || p === chosenFormula || (!chosenFormula && p.source === 'template'));
  if (!all.some((p) => p.formula)) {
    const hugs = form === 'group' ? 'Обнимаем!' : 'Обнимаю!';
    all.push({ id: 'closing', section: 'closing', ru: hugs, en: 'Hugs!', source: 'template', formula: true });
  }
  // The signature: the writer's name, else a friend from the country; a signature phrase replaces the friend line.
  const signaturePhrase = all.find((p) => p.section === 'signature' && p.source === 'phrase');
  if (!signaturePhrase) {
    const friend = resolvePhrase('{rs:Твой друг|Твоя подруга|Твои друзья|Ваш друг|Ваша подруга|Ваши друзья}', forms);
    const friendEn = form === 'group' ? 'Your friends' : 'Your friend';
    all.push({
      id: 'signature',
      section: 'signature',
      ru: nameRu ?? `${friend} из ${country.genitive}`,
      en: s.name?.trim() || `${friendEn} from ${country.en}`,
      source: 'template',
    });
  } else if (nameRu) {
    signaturePhrase.ru += `\n${nameRu}`;
    signaturePhrase.en += `\n${s.name?.trim() ?? nameRu}`;
  }
  all = all.filter((p) => p.section !== 'signature' || p === signaturePhrase || (!signaturePhrase && p.id === 'signature'));

  // Reading order: by section; within one, the template's, then phrases as chosen, then the writer's own words.
  const rank = { template: 0, phrase: 1, own: 2 } as const;
  const defaults = all
    .map((p, i) => ({ p, i }))
    .sort((a, b) => SECTIONS.indexOf(a.p.section) - SECTIONS.indexOf(b.p.section) || (a.p.formula ? 1 : 0) - (b.p.formula ? 1 : 0) || rank[a.p.source] - rank[b.p.source] || a.i - b.i)
    .map(({ p }) => p);
  const paragraphs = applyOrder(defaults, draft.order);
  return {
    paragraphs,
    ru: joinParagraphs(paragraphs, 'ru'),
    en: joinParagraphs(paragraphs, 'en'),
    register,
    suggestions,
    needsTranslation: ownParas.some((p) => p.needsTranslation),
  };
}

/** The phrases offered for this writer and template, with their forms resolved, in the phrasebook's categories. */
export function offeredPhrases(ctx: Omit<ComposeContext, 'today'> & { today: Date }, draft: Pick<DraftStructure, 'writer' | 'register' | 'templateId'>) {
  const info = draft.templateId ? ctx.templates.get(draft.templateId) : undefined;
  const ruInfo = info && (info.language === 'ru' ? info : ctx.templates.get(info.counterpartId));
  const covered = new Set(ruInfo?.covers ?? []);
  const register = registerFor(draft, ctx.recipient, ctx.today, ruInfo?.register);
  const forms = { recipientGender: ctx.recipient.gender, sender: senderFormOf(draft.writer), register };
  const country = countryOrHome(ctx.country) as unknown as Record<string, string>;
  const latinFirst = ctx.recipient.latinName.trim().split(/\s+/u)[0] ?? '';
  return ctx.phrasebook
    .map((c) => ({
      id: c.id,
      titleEn: c.titleEn,
      titleRu: c.titleRu,
      phrases: c.phrases
        .filter((p) => phraseOffered(p, draft.writer, covered, (ctx.recipient.printedCount ?? 0) > 0))
        .map((p) => ({
          id: p.id,
          section: p.section,
          ru: fillPhrase(resolvePhrase(p.ru, forms), GAP, greetingNameOf(ctx.recipient, register), country),
          en: fillPhrase(resolvePhrase(p.en, forms), GAP, latinFirst, country),
          gap: p.ru.includes(GAP) ? (p.gap ?? 'word') : undefined,
          formula: p.formula === true,
        })),
    }))
    .filter((c) => c.phrases.length);
}

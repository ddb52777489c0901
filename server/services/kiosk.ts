/**
 * What the kiosk (and phones) read and do: the people writers may be offered, one person's public page, the public
 * part of the settings, a template filled in for a person, the phrasebook, live hints while writing, and counting a
 * printed item. Nothing here stores or logs letter text or a writer's name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { findPrisoner, findPrisonerWithFacility, listOfferablePrisoners, printedCountQuartile } from '../db/prisoners.js';
import { recordPrinted } from '../db/printed-items.js';
import { compileAvoidTopics, type AvoidTopicSource } from '../domain/avoid-topics.js';
import { daysUntilBirthday } from '../domain/birthdays.js';
import { templateLibrary } from '../domain/compose.js';
import { requireOpenForLetters } from '../domain/eligibility.js';
import { composeLetter, offeredPhrases, registerFor, type Writer } from '../domain/letter-compose.js';
import { phrasebook } from '../domain/phrasebook.js';
import type { Hint, HintContext, HintKind, HintMessages } from '../domain/hints.js';
import { searchWords, transliterate } from '../domain/names.js';
import { todayIso } from '../domain/records.js';
import { DomainError } from '../model/errors.js';
import { DEFAULT_PAGE_LIMIT, MAX_POSTCARD_CHARS } from '../model/limits.js';
import type { ComposeRequest } from '../model/schemas.js';
import type { Language, PrintedKind } from '../model/vocabulary.js';
import { projectRoot } from '../paths.js';
import { monthsAgo } from './people.js';
import { assignItemNumbers } from './ledger.js';
import { publicRoute, publicRoutesFor, routeForPerson } from './routes.js';
import { getSettings } from './settings.js';

/**
 * "Few letters yet" marks the lowest quarter of the people open for letters by printed items (ties included), and
 * nobody when everyone has had as many: a badge on every card says nothing.
 */
export function fewLettersOf(printedCount: number, q: { quartile: number; max: number } | undefined): boolean {
  return q !== undefined && q.quartile < q.max && printedCount <= q.quartile;
}
/** "Birthday soon": within this many days. */
export const BIRTHDAY_SOON_DAYS = 30;

/**
 * «г.», «город», «пос.», «пгт», «с.», «д.» before a town's name: left out of its Latin spelling on an English card.
 * Written as escapes: the server bundle stays ASCII-only (test/render/bundle.test.ts).
 */
const TOWN_PREFIX = /^(\u0433\.|\u0433\u043e\u0440\u043e\u0434|\u043f\u043e\u0441\.|\u043f\u0433\u0442|\u0441\.|\u0434\.)\s*/u;

/** One page of the people a writer may be offered (fewest printed first), and the cursor of the next. */
export async function listOffered(db: Kysely<DB>, query: { q?: string; cursor?: string; limit?: number }, today = todayIso()) {
  const staleBefore = monthsAgo((await getSettings(db)).staleMonths, new Date(`${today}T12:00:00Z`));
  const page = await listOfferablePrisoners(db, { words: query.q?.trim() ? searchWords(query.q) : undefined, cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_LIMIT, staleBefore });
  const routes = await publicRoutesFor(db, page.rows);
  const quartile = await printedCountQuartile(db);
  const prisoners = page.rows.map((r) => {
    const days = daysUntilBirthday(r.birthDate, today);
    return {
      ...r,
      languages: r.languages.split(','),
      addressSuspect: r.addressSuspect === 1,
      addressStale: r.addressAsOf === null || r.addressAsOf < staleBefore,
      cityLatin: r.city ? transliterate(r.city.replace(TOWN_PREFIX, '')) : null,
      route: routes.get(r.id) ?? null,
      printedCount: Number(r.printedCount),
      birthdaySoon: days !== null && days <= BIRTHDAY_SOON_DAYS,
      fewLetters: fewLettersOf(Number(r.printedCount), quartile),
    };
  });
  return { prisoners, next: page.next };
}

/** One person's public page; someone not open for letters is not found. */
export async function offeredPerson(db: Kysely<DB>, id: number) {
  const p = requireOpenForLetters(await findPrisonerWithFacility(db, id), id, 'id');
  return { ...p, languages: p.languages.split(','), addressSuspect: p.addressSuspect === 1, route: publicRoute(await routeForPerson(db, p)) };
}

export async function kioskConfig(db: Kysely<DB>) {
  const s = await getSettings(db);
  return {
    idleSeconds: s.kioskIdleSeconds,
    paperSize: s.paperSize,
    collectiveName: s.collectiveName,
    returnAddress: s.returnAddress,
    uiLanguage: s.uiLanguage,
    postcardMaxChars: MAX_POSTCARD_CHARS,
  };
}

/**
 * A draft composed for one person open for letters: the paragraphs in reading order, the hints on each part and the
 * Cyrillic spellings offered for what was typed in Latin. Answers and forgets: nothing is stored or logged.
 */
export async function composeForPerson(db: Kysely<DB>, hintContext: HintContext, req: ComposeRequest, today = new Date()) {
  const { prisonerId, uiLanguage, ...draft } = req;
  const p = requireOpenForLetters(await findPrisonerWithFacility(db, prisonerId), prisonerId);
  const settings = await getSettings(db);
  const c = composeLetter(draft, { templates: templateLibrary(), phrasebook: phrasebook(), recipient: p, country: settings.collectiveCountry, today });
  const { compositionHints } = await import('../domain/hints.js');
  const hints = compositionHints(c.paragraphs, c.ru, draft.kind, uiLanguage ?? 'en', hintContext);
  return { paragraphs: c.paragraphs, register: c.register, needsTranslation: c.needsTranslation, hints, suggestions: c.suggestions };
}

/** The phrases offered for this person, writer and template, in their forms. */
export async function phrasesForPerson(db: Kysely<DB>, q: { prisonerId: number; writer: Writer; register?: 'ty' | 'vy'; templateId?: string }) {
  const p = requireOpenForLetters(await findPrisonerWithFacility(db, q.prisonerId), q.prisonerId);
  const settings = await getSettings(db);
  const ctx = { templates: templateLibrary(), phrasebook: phrasebook(), recipient: p, country: settings.collectiveCountry, today: new Date() };
  return { categories: offeredPhrases(ctx, q), register: registerFor(q, p, ctx.today) };
}

/** Counts a letter or postcard the kiosk printed from the browser. */
/**
 * Counts a letter or postcard the kiosk printed from the browser. It is written to the ledger with the person's next
 * number (its page, drawn before, carries none: docs/delivery.md), on the person's route.
 */
export async function countPrinted(db: Kysely<DB>, item: { prisonerId: number; kind: PrintedKind; language: Language; templateId?: string }) {
  const person = requireOpenForLetters(await findPrisoner(db, item.prisonerId), item.prisonerId);
  const route = await routeForPerson(db, person);
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    await recordPrinted(trx, { prisonerId: item.prisonerId, kind: item.kind, language: item.language, templateId: item.templateId ?? null, printedAt: now });
    if (item.kind === 'letter' || item.kind === 'postcard') {
      await assignItemNumbers(trx, [{ prisonerId: item.prisonerId, kind: item.kind, routeId: route.id, printedAt: now }]);
    }
  });
}

/**
 * The editable topics-to-avoid list and the hint texts from the kiosk's translation files, read and checked once at
 * start (a broken file stops the server there, not in the middle of a workshop).
 */
export function loadHintContext(): HintContext {
  const avoid = JSON.parse(readFileSync(path.join(projectRoot, 'templates/avoid-topics.json'), 'utf8')) as { topics: AvoidTopicSource[] };
  const messages = (lang: string): HintMessages => {
    const strings = JSON.parse(readFileSync(path.join(projectRoot, `public/i18n/${lang}.json`), 'utf8')) as Record<string, string>;
    const get = (key: string) => {
      const v = strings[`hints.${key}`];
      if (!v) throw new Error(`public/i18n/${lang}.json lacks hints.${key}`);
      return v;
    };
    return { latin: get('latin'), notRussian: get('notRussian'), length: get('length'), lines: get('lines'), unprintable: get('unprintable') };
  };
  return { topics: compileAvoidTopics(avoid.topics), messages: { en: messages('en'), ru: messages('ru') }, postcardLimit: MAX_POSTCARD_CHARS };
}

/** Hints for the text being written. The checker measures text with the PDF fonts, so it loads on the first request. */
export async function hintsFor(context: HintContext, text: string, kind: HintKind, language: 'en' | 'ru'): Promise<Hint[]> {
  return (await import('../domain/hints.js')).findHints(text, kind, language, context);
}

/**
 * What the kiosk (and phones) read and do: the people writers may be offered, one person's public page, the public
 * part of the settings, a template filled in for a person, the phrasebook, live hints while writing, and counting a
 * printed item. Nothing here stores or logs letter text or a writer's name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { findPrisoner, findPrisonerWithFacility, listOfferablePrisoners } from '../db/prisoners.js';
import { recordPrinted } from '../db/printed-items.js';
import { compileAvoidTopics, type AvoidTopicSource } from '../domain/avoid-topics.js';
import { daysUntilBirthday } from '../domain/birthdays.js';
import { templateLibrary } from '../domain/compose.js';
import { requireOpenForLetters } from '../domain/eligibility.js';
import type { Hint, HintContext, HintKind, HintMessages } from '../domain/hints.js';
import { searchWords } from '../domain/names.js';
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

/** "Few letters yet": fewer printed items than this. */
export const FEW_LETTERS = 3;
/** "Birthday soon": within this many days. */
export const BIRTHDAY_SOON_DAYS = 30;

/** One page of the people a writer may be offered (fewest printed first), and the cursor of the next. */
export async function listOffered(db: Kysely<DB>, query: { q?: string; cursor?: string; limit?: number }, today = todayIso()) {
  const staleBefore = monthsAgo((await getSettings(db)).staleMonths, new Date(`${today}T12:00:00Z`));
  const page = await listOfferablePrisoners(db, { words: query.q?.trim() ? searchWords(query.q) : undefined, cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_LIMIT, staleBefore });
  const routes = await publicRoutesFor(db, page.rows);
  const prisoners = page.rows.map((r) => {
    const days = daysUntilBirthday(r.birthDate, today);
    return {
      ...r,
      languages: r.languages.split(','),
      addressSuspect: r.addressSuspect === 1,
      route: routes.get(r.id) ?? null,
      printedCount: Number(r.printedCount),
      birthdaySoon: days !== null && days <= BIRTHDAY_SOON_DAYS,
      fewLetters: Number(r.printedCount) < FEW_LETTERS,
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

/** A template filled in for one person open for letters. */
export async function composeTemplate(db: Kysely<DB>, req: ComposeRequest) {
  const library = templateLibrary();
  if (!library.get(req.templateId)) throw new DomainError('unprocessable', `templateId: unknown template "${req.templateId}"`, 'templateId');
  const p = requireOpenForLetters(await findPrisonerWithFacility(db, req.prisonerId), req.prisonerId);
  return library.compose(req.templateId, { recipient: p, sender: req.sender, register: req.register, today: new Date() });
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

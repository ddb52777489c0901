/**
 * The print queue: letters and postcards written at the kiosk or on phones wait here (their content only until
 * printed) for a print run; held items, discarding and queuing again; and printing one item straight to the kiosk
 * laptop's printer.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { recordAudit, type Actor } from '../db/audit.js';
import {
  addToQueue, deleteQueueItem, findQueueItem, forgetDeletedContent, holdUndeliverable, listQueue, queueCounts, requeueHeld,
} from '../db/print-queue.js';
import { findPrisoner, findPrisonerWithFacility } from '../db/prisoners.js';
import { templateLibrary } from '../domain/compose.js';
import { recordPrinted } from '../db/printed-items.js';
import { isOpenForLetters, requireOpenForLetters } from '../domain/eligibility.js';
import { checkTextLength, composedDraft } from '../domain/letter-spec.js';
import { checkRouteLimits } from '../domain/relay.js';
import { DomainError, invalid, TooManyAttempts } from '../model/errors.js';
import { pictureBytes } from '../domain/picture-budget.js';
import { DEFAULT_PAGE_LIMIT, MAX_LETTER_CHARS, MAX_POSTCARD_CHARS } from '../model/limits.js';
import type { QueueContent } from '../model/records.js';
import type { QueueRequest } from '../model/schemas.js';
import { PAPER_MEDIA } from '../model/vocabulary.js';
import { listPrinters, PrinterError, sendToPrinter, cupsInstalled, type CupsCommands } from '../printing/cups.js';
import type { PdfRenderer } from '../render/render-pool.js';
import { markLedgerPrinted } from '../db/ledger.js';
import { assignItemNumbers, withdrawItemNumber } from './ledger.js';
import { pdfFor } from './letters.js';
import { publicRoute, routeForPerson } from './routes.js';
import { getSettings } from './settings.js';
import type { Settings } from '../domain/settings.js';

/**
 * Checks a queue request against the person and the length rules, and that it will draw (in a render thread);
 * returns the content to store. Everything a run will draw is checked now: a stored item must never make a run fail.
 */
export async function contentOf(db: Kysely<DB>, renderer: PdfRenderer, spec: QueueRequest): Promise<QueueContent> {
  const person = requireOpenForLetters(await findPrisonerWithFacility(db, spec.prisonerId), spec.prisonerId);
  if (spec.draft) {
    // Composed here, once, by the same function as the preview: the run prints what the writer saw.
    if (spec.draft.kind !== spec.kind) throw invalid('draft.kind', `the draft is a ${spec.draft.kind}, the item a ${spec.kind}`);
    const c = composedDraft(spec, person, { settings: await getSettings(db), today: new Date() }, templateLibrary());
    spec = { ...spec, text: c.ru, englishText: c.en, needsTranslation: spec.needsTranslation ?? c.needsTranslation };
  }
  const text = spec.text ?? '';
  // A relay with a character or page limit refuses longer letters: say so here, at the kiosk, not later at the relay
  // (the one rule the preview uses too; a translated letter is checked again when its translation is released).
  const route = await routeForPerson(db, person);
  checkRouteLimits(text, route);
  checkRouteLimits(spec.englishText ?? '', route, 'englishText');
  if (spec.needsTranslation) {
    if (!spec.englishText?.trim()) throw invalid('englishText', 'write the letter in English for the translator');
  } else if (!text.trim()) {
    throw invalid('text', 'the letter is empty');
  }
  checkTextLength(text, spec.kind === 'postcard' ? MAX_POSTCARD_CHARS : MAX_LETTER_CHARS);
  checkTextLength(spec.englishText ?? '', MAX_LETTER_CHARS, 'englishText');
  if (spec.image && spec.kind !== 'postcard') throw invalid('image', 'only postcards carry a picture');
  const image = await renderer.check({ kind: spec.kind, text, image: spec.image });
  return {
    language: spec.needsTranslation ? 'ru' : (spec.language ?? 'ru'),
    text,
    englishText: spec.englishText,
    templateId: spec.templateId,
    sender: spec.sender,
    image,
    ...(spec.replyForm ? { replyForm: true } : {}),
  };
}

const TEN_MINUTES = 10 * 60_000;

/** Picture bytes each phone queued in the last 10 minutes, per database: in memory, like the request limits. */
const sentByDatabase = new WeakMap<Kysely<DB>, Map<string, { at: number; bytes: number }[]>>();

/**
 * Counts a phone's picture against its budget before the picture is checked (pictures sent at once count too);
 * returns what gives the bytes back if the item is then refused.
 */
function chargePicture(db: Kysely<DB>, phone: { address: string; pictureBytesPer10Min: number }, bytes: number, now = Date.now()): () => void {
  let sent = sentByDatabase.get(db);
  if (!sent) sentByDatabase.set(db, (sent = new Map()));
  if (sent.size > 10_000) sent.clear(); // bounded: a venue has far fewer phones than this
  const recent = (sent.get(phone.address) ?? []).filter((e) => now - e.at < TEN_MINUTES);
  const total = recent.reduce((n, e) => n + e.bytes, 0);
  if (recent.length && total + bytes > phone.pictureBytesPer10Min) {
    // The wait until enough of the oldest pictures have left the window.
    let freed = total;
    const until = recent.find((e) => (freed -= e.bytes) + bytes <= phone.pictureBytesPer10Min) ?? recent.at(-1)!;
    const seconds = Math.max(1, Math.ceil((until.at + TEN_MINUTES - now) / 1000));
    sent.set(phone.address, recent);
    throw new TooManyAttempts(
      `image: this phone has sent ${Math.round(phone.pictureBytesPer10Min / 1024 / 1024)} MB of pictures in 10 minutes, the most it may; queue a postcard without a picture, or try again in ${Math.ceil(seconds / 60)} min`,
      seconds,
      'image',
    );
  }
  const entry = { at: now, bytes };
  recent.push(entry);
  sent.set(phone.address, recent);
  return () => {
    const list = sent.get(phone.address);
    if (list?.includes(entry)) list.splice(list.indexOf(entry), 1);
  };
}

/** Adds an item to the print queue; a phone's pictures count against its budget (`phone`, undefined for the kiosk laptop). */
export async function queueItem(db: Kysely<DB>, renderer: PdfRenderer, spec: QueueRequest, phone?: { address: string; pictureBytesPer10Min: number }) {
  const settings = await getSettings(db);
  const refund = phone && spec.image ? chargePicture(db, phone, pictureBytes(spec.image.length)) : () => {};
  const content = await contentOf(db, renderer, spec).catch((e: unknown) => {
    refund();
    throw e;
  });
  // The item takes the person's preferred route while it is enabled, else the default (docs/delivery.md).
  const route = await routeForPerson(db, (await findPrisoner(db, spec.prisonerId))!);
  return addToQueue(db, {
    kind: spec.kind,
    prisonerId: spec.prisonerId,
    routeId: route.id,
    content,
    needsTranslation: spec.needsTranslation === true || (spec.draft?.own ?? []).some((o) => o.needsTranslation === true),
    now: new Date(),
    retentionHours: settings.printRetentionHours,
  });
}

/** The printer direct prints go to: the organizers' choice, else CUPS's system default; null without one. */
export async function defaultPrinterOf(cups: CupsCommands, settings: Settings): Promise<string | null> {
  try {
    const list = await listPrinters(cups);
    const chosen = settings.defaultPrinter && list.printers.some((p) => p.name === settings.defaultPrinter) ? settings.defaultPrinter : null;
    return chosen ?? list.systemDefault;
  } catch (e) {
    if (e instanceof PrinterError) return null;
    throw e;
  }
}

/** What this client may do: queue always; print only on the kiosk laptop, to its default printer. */
export async function capabilities(db: Kysely<DB>, cups: CupsCommands, isPhone: boolean) {
  if (isPhone) return { queue: true, printer: null, phone: true };
  const printer = (await cupsInstalled(cups)) ? await defaultPrinterOf(cups, await getSettings(db)) : null;
  return { queue: true, printer, phone: false };
}

/** Prints one letter or postcard at once on the kiosk laptop's printer, and counts it. */
export async function printNow(db: Kysely<DB>, renderer: PdfRenderer, cups: CupsCommands, spec: QueueRequest) {
  if (spec.needsTranslation) throw invalid('needsTranslation', 'a letter waiting for a translator goes to the queue, not the printer');
  const settings = await getSettings(db);
  const content = await contentOf(db, renderer, spec);
  const printer = await defaultPrinterOf(cups, settings);
  if (!printer) throw new DomainError('conflict', 'No printer is set up: print from the browser, or add the letter to the print queue');
  // The same rendering as the kiosk's preview; a postcard goes on a sheet with crop marks for plain paper.
  const { needsTranslation: _n, ...rest } = spec;
  const req = {
    ...rest,
    kind: spec.kind === 'postcard' ? ('postcard-sheet' as const) : ('letter' as const),
    // The writer is at the kiosk: their English copy prints on its own sheets only if they asked.
    englishText: spec.options?.englishCopy ? content.englishText : undefined,
  };
  // The number goes on the page, so it is given before drawing; if the page never reaches the printer, it is taken back.
  const route = await routeForPerson(db, (await findPrisoner(db, spec.prisonerId))!);
  const [numbered] = await assignItemNumbers(db, [{ prisonerId: spec.prisonerId, kind: spec.kind, routeId: route.id }]);
  let jobId: string;
  let drawn: Awaited<ReturnType<typeof pdfFor>>;
  try {
    drawn = await pdfFor(db, renderer, req, { scope: 'kiosk', itemNumber: numbered!.itemNumber });
    jobId = await sendToPrinter(
      { printer, pdf: drawn.result.bytes, title: `Volya ${spec.kind}`, copies: 1, duplex: true, media: PAPER_MEDIA[req.paper ?? settings.paperSize] },
      cups,
    );
  } catch (e) {
    await withdrawItemNumber(db, numbered!.ledgerId);
    if (e instanceof PrinterError) throw new DomainError('unavailable', e.message);
    throw e;
  }
  const { result, inputs } = drawn;
  await db.transaction().execute(async (trx) => {
    await recordPrinted(trx, { prisonerId: spec.prisonerId, kind: spec.kind, language: content.language, templateId: content.templateId ?? null, printedAt: inputs.today.toISOString() });
    await markLedgerPrinted(trx, [numbered!.ledgerId], inputs.today.toISOString());
  });
  return { printer, jobId, pages: result.pages, itemNumber: numbered!.itemNumber, route: publicRoute(route) };
}

/** The queue as organizers see it: counts of everything, and one page of items (oldest first) without their content. */
export async function queueOverview(db: Kysely<DB>, page: { cursor?: string; limit?: number } = {}) {
  await holdUndeliverable(db);
  const items = await listQueue(db, ['queued', 'waiting-translation', 'held'], { cursor: page.cursor, limit: page.limit ?? DEFAULT_PAGE_LIMIT });
  return { counts: await queueCounts(db), items: items.rows.map((i) => ({ ...i, needsTranslation: i.needsTranslation === 1 })), next: items.next };
}

export async function discardItem(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  const item = await findQueueItem(db, id);
  if (!item) throw new DomainError('not-found', `id: no queue item ${id}`, 'id');
  if (item.status === 'printed') throw new DomainError('conflict', 'This item was printed already');
  await db.transaction().execute(async (trx) => {
    await deleteQueueItem(trx, item.id);
    await recordAudit(trx, actor, { action: 'discard', entity: 'print_queue', entityId: item.id, before: { kind: item.kind, prisonerId: item.prisonerId, status: item.status } });
  });
  await forgetDeletedContent(db);
}

export async function requeueItem(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  const item = await findQueueItem(db, id);
  if (!item) throw new DomainError('not-found', `id: no queue item ${id}`, 'id');
  if (item.status !== 'held') throw new DomainError('conflict', 'Only held items can be queued again');
  const person = await findPrisoner(db, item.prisonerId);
  if (!person || !isOpenForLetters(person) || person.facilityId === null) {
    throw new DomainError('conflict', 'The person is still released, withdrawn or without an address: update their record first');
  }
  await db.transaction().execute(async (trx) => {
    await requeueHeld(trx, item);
    await recordAudit(trx, actor, { action: 'requeue', entity: 'print_queue', entityId: item.id, before: { status: item.status, heldReason: item.heldReason } });
  });
}

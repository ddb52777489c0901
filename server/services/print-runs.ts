/**
 * Print runs: build a run from the queue (its pages drawn in the batch thread), download it, send it to a CUPS
 * printer part by part so a failure leaves it resumable, mark it printed, and finish it: every item's content
 * deleted, the counts kept. The state machine: ready → sending → printed, or → interrupted (resumable) and back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, PrintRun } from '../db/schema.js';
import { recordAudit, type Actor } from '../db/audit.js';
import {
  assignToRun, forgetDeletedContent, freeForRun, holdItems, holdUndeliverable, ledgerIdsOf, letterRecipientsOfRun, markPrinted, queueCounts, runItemIds,
  runItemsAmong, runItemsToNumber, setItemNumber,
  sweepQueue, unassignRun,
} from '../db/print-queue.js';
import { markLedgerPrinted, setLedgerRun } from '../db/ledger.js';
import { findDefaultRoute } from '../db/routes.js';
import { assignItemNumbers } from './ledger.js';
import { deleteRun, findRun, insertRun, listRecentRuns, updateRun, updateRunIf } from '../db/print-runs.js';
import { findPrisoner, findPrisonerWithFacility } from '../db/prisoners.js';
import { senderBlock } from '../domain/address.js';
import { relayEntryFor, runEntryFor, runPersonFor } from '../domain/letter-spec.js';
import { relayTermsOf } from '../domain/relay.js';
import { findRoute, listRouteRows } from '../db/routes.js';
import { replyKitText, replyLines } from '../domain/reply.js';
import type { Route } from '../db/schema.js';
import { fitRunBudget, leftForNextRunReason, pictureBytes } from '../domain/picture-budget.js';
import { manifestCsv } from '../domain/manifest.js';
import type { Settings } from '../domain/settings.js';
import { DomainError, invalid } from '../model/errors.js';
import { DEFAULT_ENVELOPE, type Addressing, type EnvelopeSize, type PaperSize } from '../model/vocabulary.js';
import type { BuiltRun, ManifestRow, RunEntry, RunOptions, RunPart, RunPerson, RunRoute, RunSection, UndrawableItem } from '../pdf/print-run.js';
import type { RelayBundle, RelayEntry } from '../pdf/relay-bundle.js';
import { routeForPerson } from './routes.js';
import { cupsInstalled, jobState, listPrinters, PrinterError, sendToPrinter, type CupsCommands } from '../printing/cups.js';
import type { RunCache } from '../printing/run-cache.js';
import type { BatchRunner } from '../render/batch-pool.js';
import { defaultPrinterOf } from './print-queue.js';
import { getSettings, updateSettings } from './settings.js';

/** What the print-run use cases work with. */
export interface PrintRunContext {
  db: Kysely<DB>;
  /** The database file, for the batch thread's own connection (':memory:' builds on this thread). */
  dbFile: string;
  batch: BatchRunner;
  cups: CupsCommands;
  runCache: RunCache;
  /** Picture bytes one run draws at most. */
  runPictureBytes: number;
}

/** A run's print job as stored: everything but the bytes, plus whether and as which CUPS job it went out. */
interface StoredPart {
  section: RunSection;
  routeId?: number;
  routeName?: string;
  prisonerIds?: number[];
  pages: number;
  duplex: boolean;
  media: string;
  itemIds: number[];
  sent: boolean;
  jobId: string | null;
}

/**
 * A part's identity within its run: its section, and its route when it has one (`envelopes:3`). Here, not in the PDF
 * module, so the web thread does not load the PDF engine for it.
 */
function partKey(p: { section: RunSection; routeId?: number }): string {
  return p.routeId === undefined ? p.section : `${p.section}:${p.routeId}`;
}

function partsOf(run: PrintRun): StoredPart[] {
  return JSON.parse(run.parts) as StoredPart[];
}

function manifestOfRun(run: PrintRun): ManifestRow[] {
  return JSON.parse(run.manifest) as ManifestRow[];
}

/** A run as the console shows it. */
function runView(ctx: PrintRunContext, run: PrintRun) {
  return {
    id: run.id,
    createdAt: run.createdAt,
    status: run.status,
    paper: run.paper,
    addressing: run.addressing,
    pages: run.pages,
    parts: partsOf(run).map(({ itemIds, prisonerIds: _people, ...p }) => ({ ...p, items: itemIds.length })),
    manifest: manifestOfRun(run),
    sentAt: run.sentAt,
    printer: run.printer,
    jobId: run.jobId,
    error: run.error,
    reprintable: ctx.runCache.get(run.id) !== undefined,
  };
}

export type RunView = ReturnType<typeof runView>;

async function loadRun(db: Kysely<DB> | Transaction<DB>, id: number): Promise<PrintRun> {
  const run = await findRun(db, id);
  if (!run) throw new DomainError('not-found', `id: no print run ${id}`, 'id');
  return run;
}

/** Country names in English for a forward partner's cover letter. */
const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every route as a run packs for it: a forward route's envelopes carry the return address it names. */
export function runRouteOf(r: Route, settings: Settings): RunRoute {
  const partnerLines = (r.partnerAddress ?? '').split(/\r?\n/u).map((l) => l.trim()).filter(Boolean);
  const partnerReturn = r.kind === 'forward' && r.returnAddressOf === 'partner';
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    envelopeSenderLines: partnerReturn ? [r.partnerName ?? r.name, ...partnerLines] : senderBlock(settings),
    ...(r.kind === 'forward'
      ? {
          forward: {
            partnerName: r.partnerName ?? r.name,
            partnerAddress: partnerLines,
            partnerCountryName: r.partnerCountry ? (COUNTRY_NAMES.of(r.partnerCountry) ?? r.partnerCountry) : '',
            envelopeReturn: partnerReturn ? ('partner' as const) : ('collective' as const),
          },
        }
      : {}),
  };
}

async function runRoutes(db: Kysely<DB>, settings: Settings): Promise<RunRoute[]> {
  // Parts print post first, then forward, then relay (which has no pages).
  const order = { post: 0, forward: 1, relay: 2 } as const;
  return (await listRouteRows(db)).sort((a, b) => order[a.kind] - order[b.kind]).map((r) => runRouteOf(r, settings));
}

/** The reply kit pages of the run's routes, when the settings ask for them: post and forward (a relay has its own form). */
async function replyKits(db: Kysely<DB>, settings: Settings): Promise<RunOptions['replyKits']> {
  if (!settings.replyKit) return [];
  return (await listRouteRows(db)).filter((r) => r.kind !== 'relay').map((r) => ({ routeId: r.id, ...replyKitText(r, settings) }));
}

function optionsFor(run: PrintRun, settings: Settings, heldCount: number, routes: RunRoute[] = [], kits: RunOptions['replyKits'] = []): RunOptions {
  return {
    routes,
    replyKits: kits,
    runId: run.id,
    paper: run.paper,
    addressing: run.addressing,
    envelopeSize: run.envelopeSize,
    envelopeOffset: settings.envelopeOffsets[run.envelopeSize],
    collectiveLines: senderBlock(settings),
    heldCount,
    date: new Date(run.createdAt),
  };
}

/**
 * The run's items as it draws them, each with its person's address and its route; an item whose person has no
 * address is left out. A few at a time, in queue order: buildRun decodes each picture as it comes, so a run of 200
 * drawings never holds all their data URLs (and the JSON they were read from) at once.
 */
export async function* runEntries(db: Kysely<DB>, runId: number, settings: Settings): AsyncGenerator<RunEntry> {
  for await (const item of runItemsInOrder(db, runId)) {
    const p = await findPrisonerWithFacility(db, item.prisonerId);
    if (!p?.facility) continue;
    const routeId = await routeIdOf(db, item);
    const entry = runEntryFor({ ...item, content: item.content }, { ...p, facility: p.facility }, settings);
    const route = settings.replyLine && item.kind === 'letter' ? await findRoute(db, routeId) : undefined;
    // The reply line closes the letter's text, so it is drawn (and paginated) as part of it.
    if (route) entry.text = `${entry.text.trimEnd()}\n\n${replyLines(route, settings).join('\n')}`;
    yield { ...entry, routeId };
  }
}

/** The run's items with content, read RUN_READ_BATCH at a time (held or printed since the ids were read: skipped). */
async function* runItemsInOrder(db: Kysely<DB>, runId: number) {
  const ids = await runItemIds(db, runId);
  // RUN_READ_BATCH a query: far fewer queries than one per item, and still only a few pictures held.
  for (let at = 0; at < ids.length; at += RUN_READ_BATCH) {
    for (const item of await runItemsAmong(db, runId, ids.slice(at, at + RUN_READ_BATCH))) {
      if (item.content) yield { ...item, content: item.content };
    }
  }
}

/** The route an item takes: the one it was queued for, else its person's route now. */
async function routeIdOf(db: Kysely<DB>, item: { routeId: number | null; prisonerId: number }): Promise<number> {
  if (item.routeId !== null) return item.routeId;
  const person = await findPrisoner(db, item.prisonerId);
  return (await routeForPerson(db, { preferredRouteId: person?.preferredRouteId ?? null })).id;
}

/** The run's items for one relay route, as its bundle carries them (read in the batch thread). */
export async function relayEntries(db: Kysely<DB>, runId: number, routeId: number): Promise<RelayEntry[]> {
  const entries: RelayEntry[] = [];
  for await (const item of runItemsInOrder(db, runId)) {
    if ((await routeIdOf(db, item)) !== routeId) continue;
    const p = await findPrisonerWithFacility(db, item.prisonerId);
    if (p?.facility) entries.push(relayEntryFor(item, { ...p, facility: p.facility }));
  }
  return entries;
}

/** Items read per query by runEntries: at most this many pictures' data URLs (≤ 4 MB each) are held at once. */
const RUN_READ_BATCH = 16;

async function allOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The people of a run as it draws them; someone without a facility address is left out (and held). */
async function runPerson(db: Kysely<DB>, prisonerId: number, settings: Settings): Promise<RunPerson | undefined> {
  const p = await findPrisonerWithFacility(db, prisonerId);
  return p?.facility ? runPersonFor({ ...p, facility: p.facility }, settings) : undefined;
}

/**
 * The run's pages. Before anything was sent they are built from the items' content (rebuilt when an item was held
 * since); once part of it was sent the built run is taken from memory, and if the server restarted meanwhile the
 * unsent addressing job is rebuilt from the people alone (the letters' content is gone).
 */
async function builtRun(ctx: PrintRunContext, run: PrintRun, settings: Settings): Promise<BuiltRun> {
  const { db } = ctx;
  const parts = partsOf(run);
  if (!parts.some((p) => p.sent) && run.status !== 'printed') {
    const items = await runItemIds(db, run.id);
    const cached = ctx.runCache.get(run.id, items.join(','));
    if (cached) return cached;
    const options = optionsFor(run, settings, (await queueCounts(db)).held, await runRoutes(db, settings), await replyKits(db, settings));
    const built =
      ctx.batch.inThread || ctx.dbFile === ':memory:'
        ? await ctx.batch.run({ job: 'build-run', entries: await allOf(runEntries(db, run.id, settings)), options })
        : await ctx.batch.run({ job: 'build-run-from-db', dbFile: ctx.dbFile, runId: run.id, settings, options });
    // What could not be drawn is held with its reason, so it shows on the print-runs page and leaves the run.
    await holdItems(db, built.undrawable);
    const key = items.filter((id) => !built.undrawable.some((u: UndrawableItem) => u.itemId === id)).join(',');
    ctx.runCache.set(run.id, key, built, Date.now() + settings.printRetentionHours * 3600_000);
    return built;
  }
  const cached = ctx.runCache.get(run.id);
  if (cached) return cached;
  if (run.status === 'printed') {
    throw new DomainError('gone', `Run ${run.id} was printed and its letters were deleted: it cannot be printed again`);
  }
  // Resuming after a restart: the sheets went first, so only addressing and forward parts can still be unsent, and
  // they need no letter content: they are drawn again from their people.
  const routes = await runRoutes(db, settings);
  const options = optionsFor(run, settings, 0, routes);
  const rebuilt: RunPart[] = [];
  for (const part of parts) {
    const stub: RunPart = { ...part, bytes: new Uint8Array() };
    if (part.sent || (part.section !== 'envelopes' && part.section !== 'labels' && part.section !== 'forward')) {
      rebuilt.push(stub);
      continue;
    }
    const people: RunPerson[] = [];
    for (const id of part.prisonerIds ?? (part.routeId === undefined ? await letterRecipientsOfRun(db, run.id) : [])) {
      const person = await runPerson(db, id, settings);
      if (person) people.push(person);
    }
    const route = routes.find((r) => r.id === part.routeId);
    if (part.section === 'forward') {
      if (!route) {
        rebuilt.push(stub);
        continue;
      }
      const postcards = manifestOfRun(run).filter((m) => people.some((p) => p.id === m.prisonerId)).reduce((n, m) => n + m.postcards, 0);
      rebuilt.push(await ctx.batch.run({ job: 'forward-part', route, people, postcards, options }));
    } else {
      const addressing = await ctx.batch.run({ job: 'addressing', people, options: { ...options, collectiveLines: route?.envelopeSenderLines ?? options.collectiveLines } });
      rebuilt.push({ ...addressing, ...(part.routeId === undefined ? {} : { routeId: part.routeId, routeName: part.routeName }) });
    }
  }
  return { parts: rebuilt, pages: run.pages, manifest: manifestOfRun(run), placed: [], undrawable: [] };
}

function storedParts(built: BuiltRun, previous: StoredPart[]): StoredPart[] {
  return built.parts.map(({ bytes: _bytes, ...p }) => {
    const before = previous.find((q) => partKey(q) === partKey(p));
    return { ...p, sent: before?.sent ?? false, jobId: before?.jobId ?? null };
  });
}

function saveBuilt(db: Kysely<DB>, run: PrintRun, built: BuiltRun): Promise<PrintRun> {
  return updateRun(db, run.id, { pages: built.pages, parts: JSON.stringify(storedParts(built, partsOf(run))), manifest: JSON.stringify(built.manifest) });
}

/**
 * Gives the run's items their numbers (docs/delivery.md): in the run's own transaction, so every build of the run
 * prints the same number and two runs created at once never share one. An item that already has a number (held out
 * of an earlier run) keeps it and moves to this run in the ledger.
 */
async function numberRunItems(trx: Transaction<DB>, runId: number, ids: number[]): Promise<void> {
  const items = await runItemsToNumber(trx, ids);
  const fresh = items.filter((i) => i.itemNumber === null);
  await setLedgerRun(trx, items.filter((i) => i.ledgerId !== null).map((i) => i.ledgerId!), runId);
  if (!fresh.length) return;
  const fallback = (await findDefaultRoute(trx))!;
  const numbered = await assignItemNumbers(trx, fresh.map((i) => ({ prisonerId: i.prisonerId, kind: i.kind, routeId: i.routeId ?? fallback.id, runId })));
  for (const [k, n] of numbered.entries()) await setItemNumber(trx, fresh[k]!.id, n.itemNumber, n.ledgerId);
}

/** Marks a run printed: every part sent, every item's content deleted, counts kept. */
async function finishRun(
  db: Kysely<DB>, runId: number, fields: { printer: string | null; jobId: string | null }, audit: (trx: Transaction<DB>) => Promise<void>,
): Promise<void> {
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const stored = partsOf(await loadRun(trx, runId));
    // Only what is on the run's pages counts as printed.
    const printedIds = stored.flatMap((p) => p.itemIds);
    await markLedgerPrinted(trx, await ledgerIdsOf(trx, printedIds), now.toISOString());
    await markPrinted(trx, printedIds, now);
    const parts = stored.map((p) => ({ ...p, sent: true }));
    await updateRun(trx, runId, { status: 'printed', sentAt: now.toISOString(), printer: fields.printer, jobId: fields.jobId, error: null, parts: JSON.stringify(parts) });
    await audit(trx);
  });
  const settings = await getSettings(db);
  await sweepQueue(db, now, settings.printRetentionHours);
  await forgetDeletedContent(db);
}

export async function listRuns(ctx: PrintRunContext) {
  return (await listRecentRuns(ctx.db, 30)).map((r) => runView(ctx, r));
}

/** Builds a run of what waits in the queue (or of `itemIds`), in the batch thread. */
export async function createRun(
  ctx: PrintRunContext, actor: Actor,
  body: { paper?: PaperSize; addressing?: Addressing; envelopeSize?: EnvelopeSize; itemIds?: number[] },
): Promise<RunView> {
  const { db } = ctx;
  const settings = await getSettings(db);
  await holdUndeliverable(db);
  const paper = body.paper ?? settings.paperSize;
  const envelopeSize = body.envelopeSize ?? DEFAULT_ENVELOPE[paper];
  const run = await db.transaction().execute(async (trx) => {
    const created = await insertRun(trx, { paper, addressing: body.addressing ?? 'envelope', envelopeSize });
    const free = await freeForRun(trx, body.itemIds);
    // Pictures are what makes a run heavy: beyond the budget, items wait for the next run.
    const { taken, left } = fitRunBudget(free.map((f) => ({ id: f.id, pictureBytes: pictureBytes(f.imageChars) })), ctx.runPictureBytes);
    if (!taken.length) throw new DomainError('conflict', 'Nothing is waiting in the queue for a run');
    await assignToRun(trx, created.id, taken, { ids: left, reason: leftForNextRunReason(ctx.runPictureBytes) });
    await numberRunItems(trx, created.id, taken);
    await recordAudit(trx, actor, { action: 'create', entity: 'print_run', entityId: created.id, after: { items: taken.length, paper, ...(left.length ? { leftForNextRun: left.length } : {}) } });
    return created;
  });
  const built = await builtRun(ctx, run, settings).catch(async (e: unknown) => {
    // A run that cannot be built must not keep its items away from the next run.
    await unassignRun(db, run.id);
    await deleteRun(db, run.id);
    throw e;
  });
  if (!built.parts.some((p) => p.itemIds.length)) {
    await deleteRun(db, run.id);
    ctx.runCache.delete(run.id);
    throw new DomainError('conflict', `Nothing in the queue could be drawn: ${built.undrawable.length} item(s) held, see the reasons in the queue`);
  }
  return runView(ctx, await saveBuilt(db, run, built));
}

/** The run as one PDF for download and browser printing. */
export async function runPdf(ctx: PrintRunContext, id: number, again: boolean): Promise<{ bytes: Uint8Array; pages: number }> {
  const run = await loadRun(ctx.db, id);
  if (run.status === 'printed' && !again) {
    throw new DomainError('conflict', `Run ${run.id} was printed already; ask for it again explicitly (again=true) to print it a second time`);
  }
  const built = await builtRun(ctx, run, await getSettings(ctx.db));
  if (run.status !== 'printed') await saveBuilt(ctx.db, run, built);
  const bytes = await ctx.batch.run({ job: 'combine', parts: built.parts.filter((p) => p.bytes.length).map((p) => p.bytes), date: new Date(run.createdAt) });
  return { bytes, pages: built.pages };
}

/**
 * A relay's bundle of a run: built in the batch thread (texts cleaned, drawings turned grey and checked), what the
 * relay cannot carry held with its reason, the rest for relay-zip.ts to stream. 404 when the run has nothing for
 * that relay.
 */
export async function runRelayBundle(ctx: PrintRunContext, id: number, routeId: number): Promise<RelayBundle & { date: Date }> {
  const { db } = ctx;
  const run = await loadRun(db, id);
  const part = partsOf(run).find((p) => p.section === 'relay' && p.routeId === routeId);
  const route = (await listRouteRows(db)).find((r) => r.id === routeId);
  const relay = route && relayTermsOf(route);
  if (!part?.itemIds.length || !relay) {
    throw new DomainError('not-found', `route: print run ${run.id} has nothing for relay route ${routeId}${route && !relay ? ` ("${route.name}" is a ${route.kind} route, not a relay)` : ''}`, 'route');
  }
  if (run.status === 'printed') {
    throw new DomainError('gone', `Run ${run.id} was printed and its letters were deleted: the relay bundle cannot be made again`);
  }
  const date = new Date(run.createdAt);
  const settings = await getSettings(db);
  const options = { runId: run.id, relay, date, ...(settings.replyLine && route.canReply === 1 ? { closingLines: replyLines(route, settings) } : {}) };
  const bundle =
    ctx.batch.inThread || ctx.dbFile === ':memory:'
      ? await ctx.batch.run({ job: 'relay-bundle', entries: await relayEntries(db, run.id, routeId), options })
      : await ctx.batch.run({ job: 'relay-bundle-from-db', dbFile: ctx.dbFile, runId: run.id, routeId, options });
  if (bundle.refused.length) {
    // Refused for this route with the reason: held, so the print-runs page shows why, and out of the run.
    await holdItems(db, bundle.refused);
    const refusedIds = new Set(bundle.refused.map((r) => r.itemId));
    const parts = partsOf(await loadRun(db, run.id)).map((p) => ({ ...p, itemIds: p.itemIds.filter((i) => !refusedIds.has(i)) }));
    await updateRun(db, run.id, { parts: JSON.stringify(parts) });
  }
  return { ...bundle, date };
}

export async function runManifestCsv(db: Kysely<DB>, id: number): Promise<string> {
  const run = await loadRun(db, id);
  return manifestCsv(run.id, manifestOfRun(run), run.addressing);
}

export async function markRunPrinted(ctx: PrintRunContext, actor: Actor, id: number): Promise<RunView> {
  const run = await loadRun(ctx.db, id);
  if (run.status === 'printed') throw new DomainError('conflict', `Run ${run.id} is marked printed already`);
  await finishRun(ctx.db, run.id, { printer: null, jobId: null }, (trx) => recordAudit(trx, actor, { action: 'mark-printed', entity: 'print_run', entityId: run.id }));
  return runView(ctx, await loadRun(ctx.db, run.id));
}

/**
 * Sends the run's unsent parts to a CUPS printer. Claimed in one statement from the status just read: of two clicks
 * on "Send", one gets the run. Each part is recorded the moment CUPS accepted it, so a failure leaves exactly that
 * much printed and the rest resumable.
 */
export async function sendRun(
  ctx: PrintRunContext, actor: Actor, id: number, body: { printer?: string; copies?: number; again?: boolean },
): Promise<RunView> {
  const { db, cups } = ctx;
  let run = await loadRun(db, id);
  const again = body.again === true;
  if (run.status === 'printed' && !again) {
    throw new DomainError('conflict', `Run ${run.id} was printed already (${run.sentAt}); send it with again: true to print it a second time`);
  }
  const before = run.status;
  if (before === 'sending' || !(await updateRunIf(db, run.id, before, { status: 'sending', error: null }))) {
    throw new DomainError('conflict', `Run ${run.id} is being sent right now`);
  }
  let sentNow = false;
  let settled = false;
  try {
    const settings = await getSettings(db);
    if (!(await cupsInstalled(cups))) throw new DomainError('conflict', 'CUPS is not installed here: download the PDF and print it from the browser');
    const printer = body.printer ?? (await defaultPrinterOf(cups, settings));
    if (!printer) throw new DomainError('conflict', 'No printer chosen and CUPS has no default printer');
    const known = await listPrinters(cups).catch((e: unknown) => {
      if (e instanceof PrinterError) throw new DomainError('unavailable', e.message);
      throw e;
    });
    if (!known.printers.some((p) => p.name === printer)) throw new DomainError('conflict', `printer: CUPS has no printer "${printer}"`, 'printer');

    // Someone may have been released since the run was made: their items are held, the run rebuilt.
    if (before !== 'printed') await holdUndeliverable(db);
    const built = await builtRun(ctx, run, settings);
    if (before !== 'printed') run = await saveBuilt(db, run, built);
    const parts = partsOf(run);
    const copies = body.copies ?? 1;
    await updateRun(db, run.id, { printer });
    const jobIds: string[] = [];
    for (const part of parts) {
      if (part.sent && !again) continue;
      const bytes = built.parts.find((p) => partKey(p) === partKey(part))?.bytes;
      if (!bytes?.length) continue;
      try {
        const jobId = await sendToPrinter({ printer, pdf: bytes, title: `Volya run ${run.id} ${partKey(part)}`, copies, duplex: part.duplex, media: part.media }, cups);
        sentNow = true;
        jobIds.push(jobId);
        part.sent = true;
        part.jobId = jobId;
        await db.transaction().execute(async (trx) => {
          if (!again) await markPrinted(trx, part.itemIds, new Date());
          await updateRun(trx, run.id, { parts: JSON.stringify(parts) });
        });
        if (!again) await forgetDeletedContent(db);
      } catch (e) {
        if (!(e instanceof PrinterError)) throw e;
        await updateRun(db, run.id, { status: again ? 'printed' : 'interrupted', error: e.message });
        settled = true;
        const sent = parts.filter((p) => p.sent).map((p) => partKey(p));
        throw new DomainError(
          'unavailable',
          `${e.message}. ${sent.length && !again ? `Sent so far: ${sent.join(', ')}. ` : ''}Nothing else was marked printed; send the run again when the printer is back to print the rest.`,
        );
      }
    }
    await finishRun(db, run.id, { printer, jobId: jobIds.join(' ') || run.jobId }, (trx) =>
      recordAudit(trx, actor, { action: again ? 'reprint' : 'print', entity: 'print_run', entityId: run.id, after: { printer, copies, jobs: jobIds } }),
    );
    settled = true;
    return runView(ctx, await loadRun(db, run.id));
  } finally {
    if (!settled) {
      // Refused or failed before the end: the run is free again; once a part went out it resumes as interrupted.
      const status = before === 'printed' ? 'printed' : sentNow ? 'interrupted' : before;
      await updateRunIf(db, run.id, 'sending', { status });
    }
  }
}

/** The CUPS state of each job a run sent. */
export async function runJobs(ctx: PrintRunContext, id: number) {
  const run = await loadRun(ctx.db, id);
  if (!run.printer) return { jobs: [] };
  const jobs = [];
  for (const part of partsOf(run)) {
    if (!part.jobId) continue;
    const state = await jobState(run.printer, part.jobId, ctx.cups).catch((e: unknown) => {
      if (e instanceof PrinterError) return 'unknown' as const;
      throw e;
    });
    jobs.push({ section: part.section, jobId: part.jobId, state });
  }
  return { jobs };
}

export async function printers(ctx: Pick<PrintRunContext, 'db' | 'cups'>) {
  const settings = await getSettings(ctx.db);
  if (!(await cupsInstalled(ctx.cups))) return { cups: false, printers: [], systemDefault: null, defaultPrinter: settings.defaultPrinter, error: null };
  try {
    const list = await listPrinters(ctx.cups);
    return { cups: true, ...list, defaultPrinter: settings.defaultPrinter, error: null };
  } catch (e) {
    if (!(e instanceof PrinterError)) throw e;
    return { cups: true, printers: [], systemDefault: null, defaultPrinter: settings.defaultPrinter, error: e.message };
  }
}

/** The print settings: default printer (one CUPS has), retention, phone access. */
export async function updatePrintSettings(
  ctx: Pick<PrintRunContext, 'db' | 'cups'>, actor: Actor,
  { version, ...changes }: { defaultPrinter?: string | null; printRetentionHours?: number; phonesAllowed?: boolean; replyLine?: boolean; replyKit?: boolean; version: number },
) {
  if (changes.defaultPrinter) {
    const list = await listPrinters(ctx.cups).catch(() => ({ printers: [] as { name: string }[] }));
    if (!list.printers.some((p) => p.name === changes.defaultPrinter)) {
      throw invalid('defaultPrinter', `CUPS has no printer "${changes.defaultPrinter}"`);
    }
  }
  return updateSettings(ctx.db, actor, changes, version, (s) => ({ defaultPrinter: s.defaultPrinter, printRetentionHours: s.printRetentionHours, phonesAllowed: s.phonesAllowed, replyLine: s.replyLine, replyKit: s.replyKit }));
}

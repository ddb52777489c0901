/**
 * Print runs for organizers: the queue and held items, runs built from the queue (combined PDF, manifest
 * CSV), sending a run to a CUPS printer part by part so a failure leaves it resumable, printers and the
 * default printer, retention and phone access settings.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  assignToRun, deleteQueueItem, findQueueItem, holdItems, holdUndeliverable, listQueue, markPrinted, queueCounts,
  forgetDeletedContent, requeueHeld, runItems, sweepQueue,
} from '../db/print-queue.js';
import type { Transaction } from 'kysely';
import type { DB, PrintRun } from '../db/schema.js';
import { getSettings, saveSettings, type Settings } from '../db/settings.js';
import { recordAudit } from '../db/audit.js';
import { senderBlock } from '../domain/address.js';
import type {
  BuiltRun, ManifestRow, RunOptions, RunPart, RunEntry, RunPerson, RunSection, UndrawableItem,
} from '../domain/print-run.js';

/** The print-run drawing code (the PDF engine), loaded on first use rather than at start. */
const printRun = () => import('../domain/print-run.js');
import type { EnvelopeSize } from '../pdf/envelope.js';
import { HttpError } from '../http-error.js';
import { cupsInstalled, jobState, listPrinters, PrinterError, sendToPrinter } from '../printing/cups.js';
import { runEntry, runPerson } from '../printing/run-entries.js';
import { actorOf } from './admin-prisoners.js';
import { IdParams } from './schemas.js';
import { defaultPrinterOf } from './print-queue.js';

/** A run's print job as stored: everything but the bytes, plus whether and as which CUPS job it went out. */
interface StoredPart {
  section: RunSection;
  pages: number;
  duplex: boolean;
  media: string;
  itemIds: number[];
  sent: boolean;
  jobId: string | null;
}

const EnvelopeSizeSchema = Type.Union(['DL', 'C5', 'C6', 'US10'].map((s) => Type.Literal(s)));

function partsOf(run: PrintRun): StoredPart[] {
  return JSON.parse(run.parts) as StoredPart[];
}

function runView(run: PrintRun, reprintable: boolean) {
  return {
    id: run.id,
    createdAt: run.createdAt,
    status: run.status,
    paper: run.paper,
    addressing: run.addressing,
    pages: run.pages,
    parts: partsOf(run).map(({ itemIds, ...p }) => ({ ...p, items: itemIds.length })),
    manifest: JSON.parse(run.manifest) as ManifestRow[],
    sentAt: run.sentAt,
    printer: run.printer,
    jobId: run.jobId,
    error: run.error,
    reprintable,
  };
}

async function loadRun(app: FastifyInstance, id: number): Promise<PrintRun> {
  const run = await app.db.selectFrom('printRuns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run) throw new HttpError(404, `No print run ${id}`);
  return run;
}

function optionsFor(run: PrintRun, settings: Settings, heldCount: number): RunOptions {
  return {
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
 * The run's pages. Before anything was sent they are built from the items' content (rebuilt when an item
 * was held since); once part of it was sent the built run is taken from memory, and if the server restarted
 * meanwhile the unsent addressing job is rebuilt from the people alone (the letters' content is gone).
 */
async function builtRun(app: FastifyInstance, run: PrintRun, settings: Settings): Promise<BuiltRun> {
  const parts = partsOf(run);
  const anySent = parts.some((p) => p.sent);
  if (!anySent && run.status !== 'printed') {
    const items = await runItems(app.db, run.id);
    const cached = app.runCache.get(run.id, items.map((i) => i.id).join(','));
    if (cached) return cached;
    const entries: RunEntry[] = [];
    const unreadable: UndrawableItem[] = [];
    for (const item of items) {
      try {
        const entry = await runEntry(app.db, item, settings);
        if (entry) entries.push(entry);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        unreadable.push({ itemId: item.id, reason: `This ${item.kind} has a picture that cannot be read: not printed. Discard it, or have it written again.` });
      }
    }
    const held = (await queueCounts(app.db)).held;
    const drawn = await (await printRun()).buildRun(entries, optionsFor(run, settings, held + unreadable.length));
    const built = { ...drawn, undrawable: [...unreadable, ...drawn.undrawable] };
    // What could not be drawn is held with its reason, so it shows on the print-runs page and leaves the run.
    await holdItems(app.db, built.undrawable);
    const key = items.filter((i) => !built.undrawable.some((u) => u.itemId === i.id)).map((i) => i.id).join(',');
    app.runCache.set(run.id, key, built, Date.now() + settings.printRetentionHours * 3600_000);
    return built;
  }
  const cached = app.runCache.get(run.id);
  if (cached) return cached;
  if (run.status === 'printed') {
    throw new HttpError(410, `Run ${run.id} was printed and its letters were deleted: it cannot be printed again`);
  }
  // Resuming after a restart: only the addressing job can still be unsent, and it needs no letter content.
  const letterRows = await app.db
    .selectFrom('printQueue')
    .select(['prisonerId'])
    .where('printRunId', '=', run.id)
    .where('kind', '=', 'letter')
    .orderBy('id')
    .execute();
  const people = (await Promise.all(letterRows.map((r) => runPerson(app.db, r.prisonerId, settings)))).filter((p): p is RunPerson => p !== undefined);
  const addressing = await (await printRun()).buildAddressing(people, optionsFor(run, settings, 0));
  const sheets = parts.find((p) => p.section === 'sheets')!;
  const stub: RunPart = { ...sheets, bytes: new Uint8Array() };
  return { parts: [stub, addressing], pages: run.pages, manifest: JSON.parse(run.manifest) as ManifestRow[], placed: [], undrawable: [] };
}

function storedParts(built: BuiltRun, previous: StoredPart[]): StoredPart[] {
  return built.parts.map(({ bytes: _bytes, ...p }) => {
    const before = previous.find((q) => q.section === p.section);
    return { ...p, sent: before?.sent ?? false, jobId: before?.jobId ?? null };
  });
}

async function saveBuilt(app: FastifyInstance, run: PrintRun, built: BuiltRun): Promise<PrintRun> {
  return app.db
    .updateTable('printRuns')
    .set({ pages: built.pages, parts: JSON.stringify(storedParts(built, partsOf(run))), manifest: JSON.stringify(built.manifest) })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks a run printed: every part sent, every item's content deleted, counts kept. */
async function finishRun(
  app: FastifyInstance,
  runId: number,
  fields: { printer: string | null; jobId: string | null },
  audit: (trx: Transaction<DB>) => Promise<void>,
): Promise<void> {
  const now = new Date();
  await app.db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('printRuns').select('parts').where('id', '=', runId).executeTakeFirstOrThrow();
    const stored = JSON.parse(run.parts) as StoredPart[];
    // Only what is on the run's pages counts as printed.
    await markPrinted(trx, stored.flatMap((p) => p.itemIds), now);
    const parts = stored.map((p) => ({ ...p, sent: true }));
    await trx
      .updateTable('printRuns')
      .set({ status: 'printed', sentAt: now.toISOString(), printer: fields.printer, jobId: fields.jobId, error: null, parts: JSON.stringify(parts) })
      .where('id', '=', runId)
      .execute();
    await audit(trx);
  });
  const settings = await getSettings(app.db);
  await sweepQueue(app.db, now, settings.printRetentionHours);
  await forgetDeletedContent(app.db);
}

export const adminPrintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/print/queue', async () => {
    await holdUndeliverable(app.db);
    const items = await listQueue(app.db, ['queued', 'waiting-translation', 'held']);
    const runs = await app.db.selectFrom('printRuns').selectAll().orderBy('id', 'desc').limit(30).execute();
    return {
      counts: await queueCounts(app.db),
      items: items.map((i) => ({ ...i, needsTranslation: i.needsTranslation === 1 })),
      runs: runs.map((r) => runView(r, app.runCache.get(r.id) !== undefined)),
    };
  });

  app.delete('/print/queue/:id', { schema: { params: IdParams } }, async (request) => {
    const item = await findQueueItem(app.db, request.params.id);
    if (!item) throw new HttpError(404, `No queue item ${request.params.id}`);
    if (item.status === 'printed') throw new HttpError(409, 'This item was printed already');
    await app.db.transaction().execute(async (trx) => {
      await deleteQueueItem(trx, item.id);
      await recordAudit(trx, actorOf(request), { action: 'discard', entity: 'print_queue', entityId: item.id, before: { kind: item.kind, prisonerId: item.prisonerId, status: item.status } });
    });
    await forgetDeletedContent(app.db);
    return { ok: true };
  });

  app.post('/print/queue/:id/requeue', { schema: { params: IdParams } }, async (request) => {
    const item = await findQueueItem(app.db, request.params.id);
    if (!item) throw new HttpError(404, `No queue item ${request.params.id}`);
    if (item.status !== 'held') throw new HttpError(409, 'Only held items can be queued again');
    const person = await app.db.selectFrom('prisoners').select(['status', 'supportWithdrawn', 'facilityId']).where('id', '=', item.prisonerId).executeTakeFirstOrThrow();
    if (person.status === 'released' || person.supportWithdrawn === 1 || person.facilityId === null) {
      throw new HttpError(409, 'The person is still released, withdrawn or without an address: update their record first');
    }
    await app.db.transaction().execute(async (trx) => {
      await requeueHeld(trx, item);
      await recordAudit(trx, actorOf(request), { action: 'requeue', entity: 'print_queue', entityId: item.id, before: { status: item.status, heldReason: item.heldReason } });
    });
    return { ok: true };
  });

  app.post(
    '/print/runs',
    {
      schema: {
        body: Type.Object(
          {
            paper: Type.Optional(Type.Union([Type.Literal('a4'), Type.Literal('letter')])),
            addressing: Type.Optional(Type.Union([Type.Literal('envelope'), Type.Literal('labels')])),
            envelopeSize: Type.Optional(EnvelopeSizeSchema),
            itemIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const settings = await getSettings(app.db);
      await holdUndeliverable(app.db);
      const paper = request.body.paper ?? settings.paperSize;
      const envelopeSize = (request.body.envelopeSize ?? (paper === 'letter' ? 'US10' : 'DL')) as EnvelopeSize;
      const run = await app.db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('printRuns')
          .values({ paper, addressing: request.body.addressing ?? 'envelope', envelopeSize })
          .returningAll()
          .executeTakeFirstOrThrow();
        const ids = await assignToRun(trx, created.id, request.body.itemIds);
        if (!ids.length) throw new HttpError(409, 'Nothing is waiting in the queue for a run');
        await recordAudit(trx, actorOf(request), { action: 'create', entity: 'print_run', entityId: created.id, after: { items: ids.length, paper } });
        return created;
      });
      const built = await builtRun(app, run, settings).catch(async (e: unknown) => {
        // A run that cannot be built must not keep its items away from the next run.
        await app.db.updateTable('printQueue').set({ printRunId: null }).where('printRunId', '=', run.id).execute();
        await app.db.deleteFrom('printRuns').where('id', '=', run.id).execute();
        throw e;
      });
      if (!built.parts[0]!.itemIds.length) {
        await app.db.deleteFrom('printRuns').where('id', '=', run.id).execute();
        app.runCache.delete(run.id);
        throw new HttpError(409, `Nothing in the queue could be drawn: ${built.undrawable.length} item(s) held, see the reasons in the queue`);
      }
      const stored = await saveBuilt(app, run, built);
      return reply.status(201).send(runView(stored, true));
    },
  );

  app.get(
    '/print/runs/:id/pdf',
    { schema: { params: IdParams, querystring: Type.Object({ again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const run = await loadRun(app, request.params.id);
      if (run.status === 'printed' && request.query.again !== true) {
        throw new HttpError(409, `Run ${run.id} was printed already; ask for it again explicitly (again=true) to print it a second time`);
      }
      const settings = await getSettings(app.db);
      const built = await builtRun(app, run, settings);
      if (run.status !== 'printed') await saveBuilt(app, run, built);
      const pdf = await (await printRun()).combineRun(built.parts.filter((p) => p.bytes.length), new Date(run.createdAt));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="volya-run-${run.id}.pdf"`)
        .header('x-volya-pages', String(built.pages))
        .send(Buffer.from(pdf));
    },
  );

  app.get('/print/runs/:id/manifest.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const run = await loadRun(app, request.params.id);
    const csv = (await printRun()).manifestCsv(run.id, JSON.parse(run.manifest) as ManifestRow[], run.addressing);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="volya-run-${run.id}.csv"`).send(csv);
  });

  app.post(
    '/print/runs/:id/mark-printed',
    { schema: { params: IdParams, body: Type.Object({ again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => {
      const run = await loadRun(app, request.params.id);
      if (run.status === 'printed') throw new HttpError(409, `Run ${run.id} is marked printed already`);
      await finishRun(app, run.id, { printer: null, jobId: null }, (trx) =>
        recordAudit(trx, actorOf(request), { action: 'mark-printed', entity: 'print_run', entityId: run.id }),
      );
      return runView(await loadRun(app, run.id), app.runCache.get(run.id) !== undefined);
    },
  );

  app.post(
    '/print/runs/:id/send',
    {
      schema: {
        params: IdParams,
        body: Type.Object(
          {
            printer: Type.Optional(Type.String({ minLength: 1, maxLength: 127, pattern: '^[^\\s/#]+$' })),
            copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
            again: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      let run = await loadRun(app, request.params.id);
      const again = request.body.again === true;
      if (run.status === 'printed' && !again) {
        throw new HttpError(409, `Run ${run.id} was printed already (${run.sentAt}); send it with again: true to print it a second time`);
      }
      // Claimed in one statement, from the status just read: of two clicks on "Send", one gets the run.
      const claimed = await app.db
        .updateTable('printRuns')
        .set({ status: 'sending', error: null })
        .where('id', '=', run.id)
        .where('status', '=', run.status)
        .where('status', '!=', 'sending')
        .returning('id')
        .executeTakeFirst();
      if (!claimed) throw new HttpError(409, `Run ${run.id} is being sent right now`);
      const before = run.status;
      let sentNow = false;
      let settled = false;
      try {
        const settings = await getSettings(app.db);
        if (!(await cupsInstalled(app.cups))) throw new HttpError(409, 'CUPS is not installed here: download the PDF and print it from the browser');
        const printer = request.body.printer ?? (await defaultPrinterOf(app, settings));
        if (!printer) throw new HttpError(409, 'No printer chosen and CUPS has no default printer');
        const known = await listPrinters(app.cups).catch((e: unknown) => {
          if (e instanceof PrinterError) throw new HttpError(503, e.message);
          throw e;
        });
        if (!known.printers.some((p) => p.name === printer)) throw new HttpError(409, `printer: CUPS has no printer "${printer}"`, 'printer');

        if (before !== 'printed') {
          // Someone may have been released since the run was made: their items are held, the run rebuilt.
          await holdUndeliverable(app.db);
        }
        const built = await builtRun(app, run, settings);
        if (before !== 'printed') run = await saveBuilt(app, run, built);
        const parts = partsOf(run);
        const copies = request.body.copies ?? 1;
        await app.db.updateTable('printRuns').set({ printer }).where('id', '=', run.id).execute();
        const jobIds: string[] = [];
        for (const part of parts) {
          if (part.sent && !again) continue;
          const bytes = built.parts.find((p) => p.section === part.section)?.bytes;
          if (!bytes?.length) continue;
          try {
            const jobId = await sendToPrinter({ printer, pdf: bytes, title: `Volya run ${run.id} ${part.section}`, copies, duplex: part.duplex, media: part.media }, app.cups);
            sentNow = true;
            jobIds.push(jobId);
            part.sent = true;
            part.jobId = jobId;
            // Each part is recorded the moment CUPS accepted it: a later failure leaves exactly this much printed.
            await app.db.transaction().execute(async (trx) => {
              if (!again) await markPrinted(trx, part.itemIds, new Date());
              await trx.updateTable('printRuns').set({ parts: JSON.stringify(parts) }).where('id', '=', run.id).execute();
            });
            if (!again) await forgetDeletedContent(app.db);
          } catch (e) {
            if (!(e instanceof PrinterError)) throw e;
            await app.db
              .updateTable('printRuns')
              .set({ status: again ? 'printed' : 'interrupted', error: e.message })
              .where('id', '=', run.id)
              .execute();
            settled = true;
            const sent = parts.filter((p) => p.sent).map((p) => p.section);
            throw new HttpError(
              503,
              `${e.message}. ${sent.length && !again ? `Sent so far: ${sent.join(', ')}. ` : ''}Nothing else was marked printed; send the run again when the printer is back to print the rest.`,
            );
          }
        }
        await finishRun(app, run.id, { printer, jobId: jobIds.join(' ') || run.jobId }, (trx) =>
          recordAudit(trx, actorOf(request), { action: again ? 'reprint' : 'print', entity: 'print_run', entityId: run.id, after: { printer, copies, jobs: jobIds } }),
        );
        settled = true;
        return runView(await loadRun(app, run.id), app.runCache.get(run.id) !== undefined);
      } finally {
        if (!settled) {
          // Refused or failed before the end: the run is free again; once a part went out it resumes as interrupted.
          const status = before === 'printed' ? 'printed' : sentNow ? 'interrupted' : before;
          await app.db.updateTable('printRuns').set({ status }).where('id', '=', run.id).where('status', '=', 'sending').execute();
        }
      }
    },
  );

  app.get('/print/runs/:id/jobs', { schema: { params: IdParams } }, async (request) => {
    const run = await loadRun(app, request.params.id);
    if (!run.printer) return { jobs: [] };
    const jobs = [];
    for (const part of partsOf(run)) {
      if (!part.jobId) continue;
      const state = await jobState(run.printer, part.jobId, app.cups).catch((e: unknown) => {
        if (e instanceof PrinterError) return 'unknown' as const;
        throw e;
      });
      jobs.push({ section: part.section, jobId: part.jobId, state });
    }
    return { jobs };
  });

  app.get('/print/printers', async () => {
    const settings = await getSettings(app.db);
    if (!(await cupsInstalled(app.cups))) return { cups: false, printers: [], systemDefault: null, defaultPrinter: settings.defaultPrinter, error: null };
    try {
      const list = await listPrinters(app.cups);
      return { cups: true, ...list, defaultPrinter: settings.defaultPrinter, error: null };
    } catch (e) {
      if (!(e instanceof PrinterError)) throw e;
      return { cups: true, printers: [], systemDefault: null, defaultPrinter: settings.defaultPrinter, error: e.message };
    }
  });

  app.put(
    '/print/settings',
    {
      schema: {
        body: Type.Object(
          {
            defaultPrinter: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 127, pattern: '^[^\\s/#]+$' })])),
            printRetentionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 72 })),
            phonesAllowed: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const changes = request.body;
      if (changes.defaultPrinter) {
        const list = await listPrinters(app.cups).catch(() => ({ printers: [] as { name: string }[] }));
        if (!list.printers.some((p) => p.name === changes.defaultPrinter)) {
          throw new HttpError(400, `defaultPrinter: CUPS has no printer "${changes.defaultPrinter}"`, 'defaultPrinter');
        }
      }
      return app.db.transaction().execute(async (trx) => {
        const before = await getSettings(trx);
        await saveSettings(trx, changes as Partial<Settings>);
        const after = await getSettings(trx);
        const pick = (s: Settings) => ({ defaultPrinter: s.defaultPrinter, printRetentionHours: s.printRetentionHours, phonesAllowed: s.phonesAllowed });
        await recordAudit(trx, actorOf(request), { action: 'update', entity: 'settings', entityId: null, before: pick(before), after: pick(after) });
        return pick(after);
      });
    },
  );
};

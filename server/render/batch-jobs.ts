/**
 * The work of the batch thread, one function per job: print runs (the run's pages, the addressing job alone, the
 * combined PDF, a forward route's cover letter and parcel label, a relay's bundle), the birthday list, the envelope calibration page, and CSV imports and their undo on a connection
 * of their own. The same functions run on the calling thread when no pool is started (tests, the CLI).
 */
import { openDatabase, type Database } from '../db/connect.js';
import type { BirthdayListSpec } from '../pdf/birthday-list.js';
import type { EnvelopeOffset } from '../pdf/envelope.js';
import type { BuiltRun, RunEntry, RunOptions, RunPart, RunPerson, RunRoute } from '../pdf/print-run.js';
import type { RelayBundle, RelayBundleOptions, RelayEntry } from '../pdf/relay-bundle.js';
import type { RenderResult } from '../pdf/types.js';
import type { Settings } from '../domain/settings.js';
import type { EnvelopeSize } from '../model/vocabulary.js';
import type { Actor } from '../db/audit.js';
import type { ImportInput, ImportReport, UndoReport } from '../services/imports.js';

export type BatchJob =
  | { job: 'build-run'; entries: RunEntry[]; options: RunOptions }
  | { job: 'build-run-from-db'; dbFile: string; runId: number; settings: Settings; options: RunOptions }
  | { job: 'addressing'; people: RunPerson[]; options: RunOptions }
  | { job: 'forward-part'; route: RunRoute; people: RunPerson[]; postcards: number; options: RunOptions }
  | { job: 'relay-bundle'; entries: RelayEntry[]; options: RelayBundleOptions }
  | { job: 'relay-bundle-from-db'; dbFile: string; runId: number; routeId: number; options: RelayBundleOptions }
  | { job: 'combine'; parts: Uint8Array[]; date: Date }
  | { job: 'birthdays'; spec: BirthdayListSpec }
  | { job: 'calibration'; size: EnvelopeSize; offset: EnvelopeOffset; date: Date }
  | { job: 'import'; dbFile: string; input: ImportInput }
  | { job: 'undo-import'; dbFile: string; actor: Actor; batchId: number };

export interface BatchResults {
  'build-run': BuiltRun;
  'build-run-from-db': BuiltRun;
  addressing: RunPart;
  'forward-part': RunPart;
  'relay-bundle': RelayBundle;
  'relay-bundle-from-db': RelayBundle;
  combine: Uint8Array;
  birthdays: RenderResult;
  calibration: RenderResult;
  import: ImportReport;
  'undo-import': UndoReport;
}

export async function runBatchJob(task: BatchJob): Promise<BatchResults[BatchJob['job']]> {
  switch (task.job) {
    case 'build-run':
      return (await import('../pdf/print-run.js')).buildRun(task.entries, task.options);
    case 'build-run-from-db': {
      // The items' content (pictures included) is read here, on a connection of this thread's own: the web thread
      // never holds a run's drawings, nor a copy of them on their way to this thread.
      const database = openDatabase(task.dbFile);
      try {
        const { buildRun } = await import('../pdf/print-run.js');
        const { runEntries } = await import('../services/print-runs.js');
        // Read a few items at a time as buildRun decodes them: the run's data URLs are never all in memory.
        return await buildRun(runEntries(database.db, task.runId, task.settings), task.options);
      } finally {
        await database.close();
      }
    }
    case 'addressing':
      return (await import('../pdf/print-run.js')).buildAddressing(task.people, task.options);
    case 'forward-part':
      return (await import('../pdf/print-run.js')).buildForwardPart(task.route, task.people, task.postcards, task.options);
    case 'relay-bundle':
      return (await import('../pdf/relay-bundle.js')).buildRelayBundle(task.entries, task.options);
    case 'relay-bundle-from-db':
      // Like a run: the texts and drawings are read on this thread's own connection, never held by the web thread.
      return onOwnConnection(task.dbFile, async (db) =>
        (await import('../pdf/relay-bundle.js')).buildRelayBundle(await (await import('../services/print-runs.js')).relayEntries(db, task.runId, task.routeId), task.options),
      );
    case 'combine':
      return (await import('../pdf/combine.js')).combinePdfs(task.parts.map((bytes) => ({ bytes })), task.date);
    case 'birthdays':
      return (await import('../pdf/birthday-list.js')).renderBirthdayList(task.spec);
    case 'calibration':
      return (await import('../pdf/envelope.js')).renderCalibration(task.size, task.offset, task.date);
    case 'import':
      return onOwnConnection(task.dbFile, async (db) => (await import('../services/imports.js')).runImport(db, task.input));
    case 'undo-import':
      return onOwnConnection(task.dbFile, async (db) => (await import('../services/imports.js')).runUndoImport(db, task.actor, task.batchId));
  }
}

/**
 * A connection of this thread's own, opened for the one job: WAL lets the web thread keep reading meanwhile, and a
 * restore that swapped the file since the last import cannot leave a stale handle here.
 */
async function onOwnConnection<T>(dbFile: string, run: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = openDatabase(dbFile);
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

/** The ArrayBuffers of a result, to move them to the web thread instead of copying tens of megabytes. */
export function buffersOf(result: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (v instanceof Uint8Array) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) found.add(v.buffer);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x, depth + 1);
  };
  visit(result, 0);
  return [...found];
}

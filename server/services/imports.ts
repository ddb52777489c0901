/**
 * CSV import as a use case: the upload (streamed to a file) → decoded text → records → a plan against the current
 * list (every row create / update / unchanged / duplicate / error with line, field and rule) → a report; with `apply`,
 * the same plan made inside one transaction and written all or nothing, recorded as a batch that can be undone while
 * nothing it touched has changed. A people file or a facilities file. The batch thread runs this on a connection of
 * its own (render/batch-pool.ts), so parsing and planning 50,000 rows never stall the kiosks, and the write
 * transaction does not block their reads (WAL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB, Facility, Prisoner } from '../db/schema.js';
import { recordAudit, recordAuditMany, type Actor } from '../db/audit.js';
import { insertFacility, updateFacility, findFacility, listAllFacilities, deleteFacility } from '../db/facilities.js';
import { findPrisoner, insertPrisoners, listAllPrisoners, updatePrisoner } from '../db/prisoners.js';
import {
  deletePrisonersByIds, facilitiesByIds, facilitiesInUse, findImportBatch, importedRows, insertImportBatch, listFacilityKeys,
  markImportUndone, peopleWithLetters, prisonersByIds, removeFacilityKey, setFacilityKey,
} from '../db/import-batches.js';
import {
  decodeCsvBytes, FACILITY_IMPORT_FIELDS, FACILITY_REQUIRED_FIELDS, IMPORT_FIELDS, parseCsvText, planFacilityImport, planImport,
  REQUIRED_FIELDS, suggestFacilityMapping, suggestMapping, unmappedColumns,
  type ImportContext, type ImportDelimiter, type ImportEncoding, type ImportMapping, type ImportPlan,
} from '../domain/csv-import.js';
import { DomainError, invalid } from '../model/errors.js';
import type { Database } from '../db/connect.js';
import type { BatchRunner } from '../render/batch-pool.js';
import { getSettings, saveSettings } from './settings.js';

type Db = Kysely<DB> | Transaction<DB>;

/** New people per INSERT statement: far below SQLite's 32,766 bound parameters at ~25 columns a row. */
const INSERT_BATCH = 200;

const ENCODINGS: ImportEncoding[] = ['auto', 'utf-8', 'windows-1251'];
const DELIMITERS: Record<string, ImportDelimiter> = { auto: 'auto', semicolon: ';', comma: ',', tab: '\t' };
const TARGETS = ['people', 'facilities'] as const;
type Target = (typeof TARGETS)[number];
export const CONFIRM_FIELD = 'confirmSharedFacilityChanges';

/** One upload to check or apply: the saved file and the form fields sent with it. */
export interface ImportInput {
  /** Path of the uploaded file, read by whichever thread runs the import. */
  file: string;
  filename: string;
  /** target, encoding, delimiter, mapping (JSON field → column header), confirmSharedFacilityChanges, as sent. */
  fields: Record<string, string>;
  apply: boolean;
  actor: Actor;
}

export async function loadImportContext(db: Db): Promise<ImportContext> {
  const [prisoners, facilities, facilityKeys] = await Promise.all([listAllPrisoners(db), listAllFacilities(db), listFacilityKeys(db)]);
  return { prisoners, facilities, facilityKeys };
}

/** The organizer's mapping: a JSON object field → column header, every header one the file has. */
function parseMapping(text: string, headers: string[], fields: readonly string[]): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('mapping', 'must be a JSON object of field → column');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('mapping', 'must be a JSON object of field → column');
  const mapping: Record<string, string> = {};
  for (const [field, header] of Object.entries(value)) {
    if (!fields.includes(field)) throw invalid('mapping', `unknown field "${field}"`);
    if (header === null || header === '') continue;
    if (typeof header !== 'string' || !headers.includes(header)) throw invalid('mapping', `the file has no column "${String(header)}" (for ${field})`);
    mapping[field] = header;
  }
  return mapping;
}

function readInput(input: ImportInput, remembered: ImportMapping) {
  const target = (input.fields.target ?? 'people') as Target;
  if (!TARGETS.includes(target)) throw invalid('target', `must be one of ${TARGETS.join(', ')}`);
  const encoding = (input.fields.encoding ?? 'auto') as ImportEncoding;
  if (!ENCODINGS.includes(encoding)) throw invalid('encoding', `must be one of ${ENCODINGS.join(', ')}`);
  const delimiter = DELIMITERS[input.fields.delimiter ?? 'auto'];
  if (!delimiter) throw invalid('delimiter', `must be one of ${Object.keys(DELIMITERS).join(', ')}`);
  const confirm = input.fields[CONFIRM_FIELD];
  if (confirm !== undefined && confirm !== 'true' && confirm !== 'false') throw invalid(CONFIRM_FIELD, 'must be true or false');
  const decoded = decodeCsvBytes(fs.readFileSync(input.file), encoding);
  const parsed = parseCsvText(decoded.text, delimiter);
  const fields = target === 'people' ? IMPORT_FIELDS : FACILITY_IMPORT_FIELDS;
  const mapping = input.fields.mapping !== undefined
    ? parseMapping(input.fields.mapping, parsed.headers, fields)
    : target === 'people' ? suggestMapping(parsed.headers, remembered) : suggestFacilityMapping(parsed.headers);
  return { target, parsed, encoding: decoded.encoding, mapping, confirmed: confirm === 'true' };
}

function plan(read: ReturnType<typeof readInput>, context: ImportContext): ImportPlan {
  return read.target === 'people' ? planImport(read.parsed, read.mapping, context) : planFacilityImport(read.parsed, read.mapping, context);
}

function report(input: ImportInput, read: ReturnType<typeof readInput>, p: ImportPlan, batchId: number | null) {
  return {
    filename: input.filename,
    target: read.target,
    encoding: read.encoding,
    delimiter: read.parsed.delimiter,
    headers: read.parsed.headers,
    fields: read.target === 'people' ? IMPORT_FIELDS : FACILITY_IMPORT_FIELDS,
    required: read.target === 'people' ? REQUIRED_FIELDS : FACILITY_REQUIRED_FIELDS,
    mapping: read.mapping,
    unmappedColumns: unmappedColumns(read.parsed.headers, read.mapping),
    missingRequired: p.missingRequired,
    warnings: p.warnings,
    summary: p.summary,
    facilities: {
      create: p.facilityOps.filter((f) => f.action === 'create').length,
      update: p.facilityOps.filter((f) => f.action === 'update').length,
    },
    sharedFacilityChanges: p.sharedFacilityChanges,
    /** Applying needs confirmSharedFacilityChanges=true: a facility other people share changes. */
    needsConfirmation: p.sharedFacilityChanges.length > 0,
    canApply: p.missingRequired.length === 0 && p.summary.error === 0,
    rows: p.rows,
    applied: input.apply,
    batchId,
  };
}

export type ImportReport = ReturnType<typeof report>;

/** The facility as the audit keeps it for an import: the row and its key, so an undo can put both back. */
const withKey = (f: Facility, key: string | null) => ({ ...f, importKey: key });

/** Writes every change of an error-free plan, each with its audit row in the batch. Call inside a transaction. */
async function applyImportPlan(trx: Transaction<DB>, actor: Actor, p: ImportPlan, batchId: number): Promise<void> {
  const keys = new Map((await listFacilityKeys(trx)).map((k) => [k.facilityId, k.key]));
  const facilityIds = new Map<number, number>();
  for (const op of p.facilityOps) {
    if (op.action === 'create') {
      const row = await insertFacility(trx, op.values);
      if (op.key) await setFacilityKey(trx, row.id, op.key);
      facilityIds.set(op.ref, row.id);
      await recordAudit(trx, actor, { action: 'import', entity: 'facility', entityId: row.id, after: withKey(row, op.key), importBatchId: batchId });
    } else {
      const before = (await findFacility(trx, op.ref))!;
      const after = await updateFacility(trx, op.ref, op.values);
      if (op.key) await setFacilityKey(trx, op.ref, op.key);
      const key = keys.get(op.ref) ?? null;
      await recordAudit(trx, actor, {
        action: 'import', entity: 'facility', entityId: op.ref, before: withKey(before, key), after: withKey(after, op.key ?? key), importBatchId: batchId,
      });
    }
  }
  const resolved = p.personOps.map((op) => {
    const ref = op.values.facilityId;
    return { op, values: { ...op.values, facilityId: ref !== null && ref < 0 ? facilityIds.get(ref)! : ref } };
  });
  const creates = resolved.filter((r) => r.op.action === 'create').map((r) => r.values);
  for (let i = 0; i < creates.length; i += INSERT_BATCH) {
    const rows = await insertPrisoners(trx, creates.slice(i, i + INSERT_BATCH));
    // SQLite does not promise RETURNING order, so nothing here relies on it: each audit row carries its own row.
    await recordAuditMany(trx, actor, rows.map((row) => ({ action: 'import', entity: 'prisoner', entityId: row.id, after: row, importBatchId: batchId })));
  }
  for (const { op, values } of resolved.filter((r) => r.op.action === 'update')) {
    const before = await findPrisoner(trx, op.id!);
    const after = await updatePrisoner(trx, op.id!, values);
    await recordAudit(trx, actor, { action: 'import', entity: 'prisoner', entityId: op.id, before, after, importBatchId: batchId });
  }
}

/** A dry run (`apply` false) or an import of the upload, on `db`. */
export async function runImport(db: Kysely<DB>, input: ImportInput): Promise<ImportReport> {
  const read = readInput(input, (await getSettings(db)).importMapping);
  if (!input.apply) return report(input, read, plan(read, await loadImportContext(db)), null);
  return db.transaction().execute(async (trx) => {
    // Classified inside the transaction: what is written matches the list as it is now.
    const p = plan(read, await loadImportContext(trx));
    if (p.missingRequired.length) throw invalid('mapping', `no column chosen for ${p.missingRequired.join(', ')}`);
    if (p.summary.error) {
      throw new DomainError('invalid', `file: ${p.summary.error} row(s) have errors; nothing was imported. Run the dry run and fix them`, 'file');
    }
    if (p.sharedFacilityChanges.length && !read.confirmed) {
      const names = p.sharedFacilityChanges.map((c) => `«${c.name}» (${c.affectedCount} other people)`).join(', ');
      throw new DomainError('conflict', `${CONFIRM_FIELD}: this import changes facilities people outside the file share: ${names}. Check the dry run and send ${CONFIRM_FIELD}=true to apply`, CONFIRM_FIELD);
    }
    const facilities = {
      create: p.facilityOps.filter((f) => f.action === 'create').length,
      update: p.facilityOps.filter((f) => f.action === 'update').length,
    };
    const batchId = await insertImportBatch(trx, {
      organizerId: input.actor.id, organizerName: input.actor.username, target: read.target, filename: input.filename, summary: { ...p.summary, facilities },
    });
    await applyImportPlan(trx, input.actor, p, batchId);
    if (read.target === 'people') await saveSettings(trx, { importMapping: read.mapping });
    await recordAudit(trx, input.actor, {
      action: 'import', entity: 'import', entityId: batchId, importBatchId: batchId,
      after: { filename: input.filename, target: read.target, summary: p.summary, facilities },
    });
    return report(input, read, p, batchId);
  });
}

const UPLOAD_PREFIX = '.volya-import-';
/** No import runs this long: an older upload file was left by a crash, and holds the list's private notes. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

function sweepStaleUploads(folder: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(folder)) {
    if (!name.startsWith(UPLOAD_PREFIX)) continue;
    const file = path.join(folder, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_UPLOAD_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by the import that owned it.
    }
  }
}

/** An upload being received: the route hands over how to save it, the use case says where. */
export interface ImportUpload {
  save(target: string): Promise<{ filename: string; fields: Record<string, string> }>;
  apply: boolean;
  actor: Actor;
}

/**
 * Saves the upload to a private file beside the database (the list's notes are in it), runs the import in the
 * batch thread on a connection of its own (on this thread when there is no pool), and removes the file.
 */
export async function importUpload(database: Database, batch: BatchRunner, upload: ImportUpload): Promise<ImportReport> {
  const folder = database.file === ':memory:' ? os.tmpdir() : path.dirname(path.resolve(database.file));
  sweepStaleUploads(folder);
  const file = path.join(folder, `${UPLOAD_PREFIX}${randomUUID()}.csv`);
  try {
    const { filename, fields } = await upload.save(file);
    const input: ImportInput = { file, filename, fields, apply: upload.apply, actor: upload.actor };
    if (batch.inThread || database.file === ':memory:') return await runImport(database.db, input);
    return await batch.run({ job: 'import', dbFile: database.file, input });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export type UndoReport = Awaited<ReturnType<typeof runUndoImport>>;

/** Undoes an import in the batch thread, on a connection of its own: reading back 50,000 rows never stalls the kiosks. */
export function undoImport(database: Database, batch: BatchRunner, actor: Actor, batchId: number): Promise<UndoReport> {
  if (batch.inThread || database.file === ':memory:') return runUndoImport(database.db, actor, batchId);
  return batch.run({ job: 'undo-import', dbFile: database.file, actor, batchId });
}

/** JSON equality of a stored row with the one the import wrote: any edit since (even undone by hand) shows. */
function sameRow(current: Record<string, unknown>, written: Record<string, unknown>): boolean {
  return Object.keys(written).every((k) => current[k] === written[k]);
}

const personName = (p: { surname: string; givenName: string }) => `${p.surname} ${p.givenName}`;

/**
 * Undoes an applied import in one transaction: people it created are deleted, rows it changed get their values
 * back, facilities it created go. Refused (409, naming them) when anything it touched changed since, or a person
 * it created has letters queued or printed.
 */
export async function runUndoImport(db: Kysely<DB>, actor: Actor, batchId: number) {
  return db.transaction().execute(async (trx) => {
    const batch = await findImportBatch(trx, batchId);
    if (!batch) throw new DomainError('not-found', `id: no import ${batchId}`, 'id');
    if (batch.undoneAt) throw new DomainError('conflict', `id: import ${batchId} was already undone on ${batch.undoneAt.slice(0, 16).replace('T', ' ')}`, 'id');
    const rows = (await importedRows(trx, batchId)).map((r) => ({
      entity: r.entity as 'prisoner' | 'facility', id: r.entityId!, before: r.before === null ? null : JSON.parse(r.before), after: JSON.parse(r.after!),
    }));
    const people = rows.filter((r) => r.entity === 'prisoner');
    const places = rows.filter((r) => r.entity === 'facility');
    const currentPeople = new Map((await prisonersByIds(trx, people.map((r) => r.id))).map((p) => [p.id, p]));
    const keys = new Map((await listFacilityKeys(trx)).map((k) => [k.facilityId, k.key]));
    const currentPlaces = new Map((await facilitiesByIds(trx, places.map((r) => r.id))).map((f) => [f.id, withKey(f, keys.get(f.id) ?? null)]));

    const changed: string[] = [];
    for (const r of people) {
      const now = currentPeople.get(r.id);
      if (!now) changed.push(`person ${r.id} (${personName(r.after)}) was deleted`);
      else if (!sameRow(now as unknown as Record<string, unknown>, r.after)) changed.push(`person ${r.id} (${personName(now)}) was changed`);
    }
    for (const r of places) {
      const now = currentPlaces.get(r.id);
      if (!now) changed.push(`facility ${r.id} (${r.after.name}) was deleted`);
      else if (!sameRow(now as unknown as Record<string, unknown>, r.after)) changed.push(`facility ${r.id} (${now.name}) was changed`);
    }
    const created = people.filter((r) => r.before === null).map((r) => r.id);
    for (const id of await peopleWithLetters(trx, created)) changed.push(`person ${id} (${personName(currentPeople.get(id)!)}) has letters queued or printed`);
    const createdPlaces = places.filter((r) => r.before === null).map((r) => r.id);
    for (const id of await facilitiesInUse(trx, createdPlaces, new Set(created))) changed.push(`facility ${id} (${currentPlaces.get(id)?.name}) now has other people`);
    if (changed.length) {
      const more = changed.length > 10 ? ` and ${changed.length - 10} more` : '';
      throw new DomainError('conflict', `id: import ${batchId} cannot be undone, changed since: ${changed.slice(0, 10).join('; ')}${more}`, 'id');
    }

    const entries: { action: string; entity: string; entityId: number; before: unknown; after: unknown; importBatchId: number }[] = [];
    await deletePrisonersByIds(trx, created);
    for (const r of people.filter((x) => x.before === null)) entries.push({ action: 'undo-import', entity: 'prisoner', entityId: r.id, before: currentPeople.get(r.id), after: null, importBatchId: batchId });
    for (const r of people.filter((x) => x.before !== null)) {
      const { id: _id, createdAt: _c, updatedAt: _u, ...values } = r.before as Prisoner;
      const after = await updatePrisoner(trx, r.id, values);
      entries.push({ action: 'undo-import', entity: 'prisoner', entityId: r.id, before: currentPeople.get(r.id), after, importBatchId: batchId });
    }
    for (const r of places) {
      if (r.before === null) {
        await deleteFacility(trx, r.id);
        entries.push({ action: 'undo-import', entity: 'facility', entityId: r.id, before: currentPlaces.get(r.id), after: null, importBatchId: batchId });
        continue;
      }
      const { id: _id, createdAt: _c, updatedAt: _u, importKey, ...values } = r.before as Facility & { importKey: string | null };
      const after = await updateFacility(trx, r.id, values);
      if (importKey) await setFacilityKey(trx, r.id, importKey);
      else await removeFacilityKey(trx, r.id);
      entries.push({ action: 'undo-import', entity: 'facility', entityId: r.id, before: currentPlaces.get(r.id), after: withKey(after, importKey), importBatchId: batchId });
    }
    for (let i = 0; i < entries.length; i += INSERT_BATCH) await recordAuditMany(trx, actor, entries.slice(i, i + INSERT_BATCH));
    await markImportUndone(trx, batchId);
    const summary = { people: { deleted: created.length, restored: people.length - created.length }, facilities: { deleted: createdPlaces.length, restored: places.length - createdPlaces.length } };
    await recordAudit(trx, actor, { action: 'undo-import', entity: 'import', entityId: batchId, importBatchId: batchId, before: { filename: batch.filename }, after: summary });
    return { id: batchId, undone: true, ...summary };
  });
}

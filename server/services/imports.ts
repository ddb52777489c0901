/**
 * CSV import as a use case: the upload → decoded text → records → a plan against the current list (every row create /
 * update / unchanged / duplicate / error with line, field and rule) → a report; with `apply`, the same plan made inside
 * one transaction and written all or nothing. The batch thread runs this on a connection of its own
 * (render/batch-pool.ts), so parsing and planning 20,000 rows never stall the kiosks, and the write transaction does
 * not block their reads (WAL).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { recordAudit, recordAuditMany, type Actor } from '../db/audit.js';
import { insertFacility, updateFacility, findFacility, listAllFacilities } from '../db/facilities.js';
import { findPrisoner, insertPrisoners, listAllPrisoners, updatePrisoner } from '../db/prisoners.js';
import {
  decodeCsvBytes, IMPORT_FIELDS, parseCsvText, planImport, REQUIRED_FIELDS, suggestMapping,
  type ImportContext, type ImportDelimiter, type ImportEncoding, type ImportField, type ImportMapping, type ImportPlan,
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

/** One upload to check or apply: the file and the form fields sent with it. */
export interface ImportInput {
  bytes: Uint8Array;
  filename: string;
  /** encoding, delimiter and mapping (JSON field → column header), as the form sent them. */
  fields: Record<string, string>;
  apply: boolean;
  actor: Actor;
}

export async function loadImportContext(db: Db): Promise<ImportContext> {
  const [prisoners, facilities] = await Promise.all([listAllPrisoners(db), listAllFacilities(db)]);
  return { prisoners, facilities };
}

/** The organizer's mapping: a JSON object field → column header, every header one the file has. */
function parseMapping(text: string, headers: string[]): ImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('mapping', 'must be a JSON object of field → column');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('mapping', 'must be a JSON object of field → column');
  const mapping: ImportMapping = {};
  for (const [field, header] of Object.entries(value)) {
    if (!IMPORT_FIELDS.includes(field as ImportField)) throw invalid('mapping', `unknown field "${field}"`);
    if (header === null || header === '') continue;
    if (typeof header !== 'string' || !headers.includes(header)) throw invalid('mapping', `the file has no column "${String(header)}" (for ${field})`);
    mapping[field as ImportField] = header;
  }
  return mapping;
}

function readInput(input: ImportInput, remembered: ImportMapping) {
  const encoding = (input.fields.encoding ?? 'auto') as ImportEncoding;
  if (!ENCODINGS.includes(encoding)) throw invalid('encoding', `must be one of ${ENCODINGS.join(', ')}`);
  const delimiter = DELIMITERS[input.fields.delimiter ?? 'auto'];
  if (!delimiter) throw invalid('delimiter', `must be one of ${Object.keys(DELIMITERS).join(', ')}`);
  const decoded = decodeCsvBytes(input.bytes, encoding);
  const parsed = parseCsvText(decoded.text, delimiter);
  const mapping = input.fields.mapping !== undefined ? parseMapping(input.fields.mapping, parsed.headers) : suggestMapping(parsed.headers, remembered);
  return { parsed, encoding: decoded.encoding, mapping };
}

function report(input: ImportInput, read: ReturnType<typeof readInput>, plan: ImportPlan) {
  return {
    filename: input.filename,
    encoding: read.encoding,
    delimiter: read.parsed.delimiter,
    headers: read.parsed.headers,
    fields: IMPORT_FIELDS,
    required: REQUIRED_FIELDS,
    mapping: read.mapping,
    missingRequired: plan.missingRequired,
    warnings: plan.warnings,
    summary: plan.summary,
    facilities: {
      create: plan.facilityOps.filter((f) => f.action === 'create').length,
      update: plan.facilityOps.filter((f) => f.action === 'update').length,
    },
    canApply: plan.missingRequired.length === 0 && plan.summary.error === 0,
    rows: plan.rows,
    applied: input.apply,
  };
}

export type ImportReport = ReturnType<typeof report>;

/** Writes every change of an error-free plan, each with its audit row (action 'import'). Call inside a transaction. */
async function applyImportPlan(trx: Transaction<DB>, actor: Actor, plan: ImportPlan): Promise<void> {
  const facilityIds = new Map<number, number>();
  for (const op of plan.facilityOps) {
    if (op.action === 'create') {
      const row = await insertFacility(trx, op.values);
      facilityIds.set(op.ref, row.id);
      await recordAudit(trx, actor, { action: 'import', entity: 'facility', entityId: row.id, after: row });
    } else {
      const before = await findFacility(trx, op.ref);
      const after = await updateFacility(trx, op.ref, op.values);
      await recordAudit(trx, actor, { action: 'import', entity: 'facility', entityId: op.ref, before, after });
    }
  }
  const resolved = plan.personOps.map((op) => {
    const ref = op.values.facilityId;
    return { op, values: { ...op.values, facilityId: ref !== null && ref < 0 ? facilityIds.get(ref)! : ref } };
  });
  const creates = resolved.filter((r) => r.op.action === 'create').map((r) => r.values);
  for (let i = 0; i < creates.length; i += INSERT_BATCH) {
    const rows = await insertPrisoners(trx, creates.slice(i, i + INSERT_BATCH));
    // SQLite does not promise RETURNING order, so nothing here relies on it: each audit row carries its own row.
    await recordAuditMany(trx, actor, rows.map((row) => ({ action: 'import', entity: 'prisoner', entityId: row.id, after: row })));
  }
  for (const { op, values } of resolved.filter((r) => r.op.action === 'update')) {
    const before = await findPrisoner(trx, op.id!);
    const after = await updatePrisoner(trx, op.id!, values);
    await recordAudit(trx, actor, { action: 'import', entity: 'prisoner', entityId: op.id, before, after });
  }
}

/** A dry run (`apply` false) or an import of the upload, on `db`. */
export async function runImport(db: Kysely<DB>, input: ImportInput): Promise<ImportReport> {
  const read = readInput(input, (await getSettings(db)).importMapping);
  if (!input.apply) return report(input, read, planImport(read.parsed, read.mapping, await loadImportContext(db)));
  return db.transaction().execute(async (trx) => {
    // Classified inside the transaction: what is written matches the list as it is now.
    const plan = planImport(read.parsed, read.mapping, await loadImportContext(trx));
    if (plan.missingRequired.length) throw invalid('mapping', `no column chosen for ${plan.missingRequired.join(', ')}`);
    if (plan.summary.error) {
      throw new DomainError('invalid', `file: ${plan.summary.error} row(s) have errors; nothing was imported. Run the dry run and fix them`, 'file');
    }
    await applyImportPlan(trx, input.actor, plan);
    await saveSettings(trx, { importMapping: read.mapping });
    const done = report(input, read, plan);
    await recordAudit(trx, input.actor, {
      action: 'import', entity: 'import', entityId: null,
      after: { filename: input.filename, summary: plan.summary, facilities: done.facilities },
    });
    return done;
  });
}

/** Runs the import in the batch thread, on a connection of its own; on this thread when there is no pool. */
export function importUpload(database: Database, batch: BatchRunner, input: ImportInput): Promise<ImportReport> {
  if (batch.inThread || database.file === ':memory:') return runImport(database.db, input);
  return batch.run({ job: 'import', dbFile: database.file, input });
}

/**
 * The audit log as organizers read it: newest first, filterable by date, entity and organizer; names instead of
 * ids, yes/no instead of 0/1, every value of a created or deleted row, and one entry per import (its rows listed
 * on their own with importBatchId).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { importRowCounts, listAudit, namesOf } from '../db/audit.js';

export interface HistoryFilter {
  entity?: string;
  entityId?: number;
  organizerId?: number;
  /** Days 'YYYY-MM-DD', both included (UTC). */
  from?: string;
  to?: string;
  importBatchId?: number;
  limit: number;
  offset: number;
}

/** Columns no organizer needs to read in the history. */
const HIDDEN = new Set(['id', 'createdAt', 'updatedAt', 'searchText', 'passwordHash']);
/** 0/1 and true/false columns, shown as yes/no. */
const FLAGS = new Set(['supportWithdrawn', 'latinNameSet', 'isDemo', 'needsTranslation', 'phonesAllowed']);

type Row = Record<string, unknown>;
type Names = Awaited<ReturnType<typeof namesOf>>;

/** One field as the history shows it; a side missing from the object was not there (created or deleted). */
export interface HistoryChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
const parse = (json: string | null): Row | null => (json === null ? null : (JSON.parse(json) as Row));

function readable(field: string, value: unknown, names: Names): unknown {
  if (value === null || value === undefined) return null;
  if (FLAGS.has(field)) return value === 1 || value === true ? 'yes' : 'no';
  if (field === 'facilityId' && typeof value === 'number') return names.facilities.get(value) ?? `#${value}`;
  if (field === 'prisonerId' && typeof value === 'number') return names.people.get(value) ?? `#${value}`;
  return value;
}

function changesOf(before: Row | null, after: Row | null, names: Names): HistoryChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !HIDDEN.has(k));
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (before && after) {
    return keys
      .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => ({ field: k, before: readable(k, before[k], names), after: readable(k, after[k], names) }));
  }
  const side = (after ?? before)!;
  return keys.filter((k) => !empty(side[k])).map((k) => (after ? { field: k, after: readable(k, side[k], names) } : { field: k, before: readable(k, side[k], names) }));
}

function subjectOf(entity: string, entityId: number | null, row: Row | null, names: Names): string | null {
  if (entity === 'prisoner') {
    if (row && typeof row.surname === 'string') return `${row.surname} ${String(row.givenName ?? '')}`.trim();
    return entityId !== null ? (names.people.get(entityId) ?? null) : null;
  }
  if (entity === 'facility') return row && typeof row.name === 'string' ? row.name : entityId !== null ? (names.facilities.get(entityId) ?? null) : null;
  if (row && typeof row.username === 'string') return row.username;
  if (row && typeof row.filename === 'string') return row.filename;
  return null;
}

export async function history(db: Kysely<DB>, filter: HistoryFilter) {
  const rows = await listAudit(db, {
    entity: filter.entity, entityId: filter.entityId, organizerId: filter.organizerId, importBatchId: filter.importBatchId,
    from: filter.from ? `${filter.from}T00:00:00.000Z` : undefined, to: filter.to ? nextDay(filter.to) : undefined,
    grouped: filter.entityId === undefined && filter.importBatchId === undefined, limit: filter.limit, offset: filter.offset,
  });
  const parsed = rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
  const people = new Set<number>();
  const facilities = new Set<number>();
  for (const r of parsed) {
    if (r.entity === 'prisoner' && r.entityId !== null) people.add(r.entityId);
    if (r.entity === 'facility' && r.entityId !== null) facilities.add(r.entityId);
    for (const side of [r.before, r.after]) {
      if (typeof side?.facilityId === 'number') facilities.add(side.facilityId);
      if (typeof side?.prisonerId === 'number') people.add(side.prisonerId);
    }
  }
  const names = await namesOf(db, { people: [...people], facilities: [...facilities] });
  const batchIds = parsed.filter((r) => r.entity === 'import' && r.importBatchId !== null).map((r) => r.importBatchId!);
  const counts = await importRowCounts(db, [...new Set(batchIds)]);
  return {
    entries: parsed.map((r) => ({
      ...r,
      subject: subjectOf(r.entity, r.entityId, r.after ?? r.before, names),
      changes: r.entity === 'import' ? [] : changesOf(r.before, r.after, names),
      // An import's entry: how many rows it wrote (or its undo reverted), listed with ?importBatchId=.
      batch: r.entity === 'import' && r.importBatchId !== null ? { id: r.importBatchId, rows: counts.get(`${r.importBatchId}:${r.action}`) ?? 0 } : null,
    })),
  };
}

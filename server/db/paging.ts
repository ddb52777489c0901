/**
 * Keyset pagination: a list is ordered by a few sort keys ending in the id, and a page starts after the last row
 * of the previous one (a cursor of those key values), so page 1,000 costs what page 1 costs and rows inserted
 * meanwhile neither repeat nor shift the rest.
 */
import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../model/errors.js';

export interface Page<T> {
  rows: T[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

/** One sort order: the SQL expressions ordered by (never NULL, the last unique) and how to read them off a row. */
export interface SortKeys<Row> {
  name: string;
  exprs: RawBuilder<unknown>[];
  values: (row: Row) => (string | number)[];
  desc?: boolean;
}

export function orderBy<Row>(keys: SortKeys<Row>): RawBuilder<unknown> {
  return sql.join(keys.exprs.map((e) => (keys.desc ? sql`${e} desc` : sql`${e} asc`)));
}

/** The condition "after the cursor" in this order, or undefined for the first page. */
export function afterCursor<Row>(keys: SortKeys<Row>, cursor: string | undefined): RawBuilder<boolean> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'is not a cursor from this list');
  }
  const d = decoded as { s?: unknown; k?: unknown };
  if (!d || d.s !== keys.name || !Array.isArray(d.k) || d.k.length !== keys.exprs.length
    || !d.k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
    throw invalid('cursor', `is not a cursor of this list sorted by ${keys.name}`);
  }
  const values = d.k as (string | number)[];
  return sql<boolean>`(${sql.join(keys.exprs)}) ${keys.desc ? sql`<` : sql`>`} (${sql.join(values)})`;
}

/** Cuts the `limit + 1` rows fetched into a page and the cursor after its last row. */
export function toPage<Row>(keys: SortKeys<Row>, rows: Row[], limit: number): Page<Row> {
  if (rows.length <= limit) return { rows, next: null };
  const page = rows.slice(0, limit);
  const next = Buffer.from(JSON.stringify({ s: keys.name, k: keys.values(page[page.length - 1]!) }), 'utf8').toString('base64url');
  return { rows: page, next };
}

/**
 * An FTS5 query over prisoners_fts: every word must be the start of some word of the search text, in any order.
 * Each word is quoted, so FTS5 operators typed into the search box are plain text.
 */
export function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

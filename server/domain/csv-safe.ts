/**
 * Spreadsheet formula injection guard for the CSV files Volya writes: a cell starting with = + - @ would run as
 * a formula when an organizer opens the file, so it gets a leading ' (the spreadsheet's "this is text" mark).
 * The CSV import takes the mark off again, so an export imports back unchanged.
 */

/** Starts like a formula, possibly behind marks of our own (so a value that really starts with ' survives). */
const FORMULA_START = /^'*[=+\-@]/u;

export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every string field of a row made spreadsheet-safe. */
export function spreadsheetSafeRow<R extends Record<string, unknown>>(row: R): R {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, spreadsheetSafe(v)])) as R;
}

/** Undoes spreadsheetSafe on an imported cell. */
export function fromSpreadsheetSafe(cell: string): string {
  return /^'+[=+\-@]/u.test(cell) ? cell.slice(1) : cell;
}

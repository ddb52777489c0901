/** A print run's manifest as CSV, one row per person, for the organizers' records. */
import { stringify } from 'csv-stringify/sync';
import type { Addressing } from '../model/vocabulary.js';
import type { ManifestRow } from '../pdf/print-run.js';
import { spreadsheetSafe } from './csv-safe.js';

export function manifestCsv(runId: number, rows: ManifestRow[], addressing: Addressing): string {
  const addressed = addressing === 'envelope' ? 'envelopes' : 'labels';
  return stringify([
    ['run', 'prisoner_id', 'name_ru', 'name_latin', 'letters', 'postcards', addressed],
    ...rows.map((r) => [runId, r.prisonerId, spreadsheetSafe(r.nameRu), spreadsheetSafe(r.latinName), r.letters, r.postcards, r.letters]),
  ]);
}

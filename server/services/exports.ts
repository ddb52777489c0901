/** Export of the full list: CSV in the import's own columns (so export → import reports "unchanged"), and JSON. */
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB, Facility, Prisoner } from '../db/schema.js';
import { listAllFacilities } from '../db/facilities.js';
import { listAllPrisoners } from '../db/prisoners.js';
import { IMPORT_FIELDS, type ImportField } from '../domain/csv-import.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';

async function peopleWithFacilities(db: Kysely<DB>) {
  const [prisoners, facilities] = await Promise.all([listAllPrisoners(db), listAllFacilities(db)]);
  return { prisoners, facilities, byId: new Map(facilities.map((f) => [f.id, f])) };
}

function csvRow(p: Prisoner, f: Facility | undefined): Record<ImportField, string> {
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    surname: p.surname, givenName: p.givenName, patronymic: text(p.patronymic), latinName: p.latinName,
    nameDative: text(p.nameDative), gender: p.gender, birthYear: text(p.birthYear), birthDate: text(p.birthDate),
    status: p.status, facilityName: text(f?.name), facilityKind: text(f?.kind), street: text(f?.street), city: text(f?.city),
    district: text(f?.district), region: text(f?.region), postalCode: text(f?.postalCode), country: text(f?.country),
    mailRules: text(f?.mailRules), addressAsOf: text(p.addressAsOf), addressSource: text(p.addressSource),
    caseName: text(p.caseName), bioEn: text(p.bioEn), bioRu: text(p.bioRu), languages: p.languages,
    supportWithdrawn: p.supportWithdrawn ? 'yes' : 'no', withdrawnNote: text(p.withdrawnNote), privateNotes: text(p.privateNotes),
  };
}

export async function exportCsv(db: Kysely<DB>): Promise<string> {
  const { prisoners, byId } = await peopleWithFacilities(db);
  const rows = prisoners.map((p) => spreadsheetSafeRow(csvRow(p, p.facilityId ? byId.get(p.facilityId) : undefined)));
  // A BOM so spreadsheet programs open the Cyrillic as UTF-8.
  return stringify(rows, { header: true, columns: [...IMPORT_FIELDS], bom: true });
}

export async function exportJson(db: Kysely<DB>) {
  const { prisoners, facilities } = await peopleWithFacilities(db);
  const people = prisoners.map((p) => ({
    ...p,
    languages: p.languages.split(','),
    latinNameSet: p.latinNameSet === 1,
    supportWithdrawn: p.supportWithdrawn === 1,
    isDemo: p.isDemo === 1,
  }));
  return { exportedAt: new Date().toISOString(), facilities: facilities.map((f) => ({ ...f, isDemo: f.isDemo === 1 })), people };
}

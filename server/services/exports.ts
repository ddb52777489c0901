/**
 * Export of the full list: people and facilities as CSV in the import's own columns (so export → import reports
 * "unchanged", with ids so that two facilities of one name stay apart), and JSON.
 */
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB, Facility, Prisoner } from '../db/schema.js';
import { listAllFacilities } from '../db/facilities.js';
import { listFacilityKeys } from '../db/import-batches.js';
import { listAllPrisoners } from '../db/prisoners.js';
import { FACILITY_IMPORT_FIELDS, IMPORT_FIELDS, type FacilityImportField, type ImportField } from '../domain/csv-import.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';

async function peopleWithFacilities(db: Kysely<DB>) {
  const [prisoners, facilities, keys] = await Promise.all([listAllPrisoners(db), listAllFacilities(db), listFacilityKeys(db)]);
  return { prisoners, facilities, byId: new Map(facilities.map((f) => [f.id, f])), keyOf: new Map(keys.map((k) => [k.facilityId, k.key])) };
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function csvRow(p: Prisoner, f: Facility | undefined, key: string | undefined): Record<ImportField, string> {
  return {
    id: String(p.id), surname: p.surname, givenName: p.givenName, patronymic: text(p.patronymic), latinName: p.latinName,
    nameDative: text(p.nameDative), gender: p.gender, birthYear: text(p.birthYear), birthDate: text(p.birthDate),
    status: p.status, facilityId: text(f?.id), facilityKey: text(key), facilityName: text(f?.name), facilityKind: text(f?.kind),
    street: text(f?.street), city: text(f?.city), district: text(f?.district), region: text(f?.region), postalCode: text(f?.postalCode),
    country: text(f?.country), mailRules: text(f?.mailRules), mailRulesRu: text(f?.mailRulesRu), facilityNotes: text(f?.notes), addressAsOf: text(p.addressAsOf),
    addressSource: text(p.addressSource), caseName: text(p.caseName), bioEn: text(p.bioEn), bioRu: text(p.bioRu), languages: p.languages,
    supportWithdrawn: p.supportWithdrawn ? 'yes' : 'no', withdrawnNote: text(p.withdrawnNote), privateNotes: text(p.privateNotes),
  };
}

export async function exportCsv(db: Kysely<DB>): Promise<string> {
  const { prisoners, byId, keyOf } = await peopleWithFacilities(db);
  const rows = prisoners.map((p) => spreadsheetSafeRow(csvRow(p, p.facilityId ? byId.get(p.facilityId) : undefined, p.facilityId ? keyOf.get(p.facilityId) : undefined)));
  // A BOM so spreadsheet programs open the Cyrillic as UTF-8.
  return stringify(rows, { header: true, columns: [...IMPORT_FIELDS], bom: true });
}

/** Every facility in the facilities file's columns, notes included, people or not. */
export async function exportFacilitiesCsv(db: Kysely<DB>): Promise<string> {
  const { facilities, keyOf } = await peopleWithFacilities(db);
  const rows = facilities.map((f): Record<FacilityImportField, string> => ({
    id: String(f.id), facilityKey: text(keyOf.get(f.id)), name: f.name, kind: f.kind, street: f.street, city: f.city, district: text(f.district),
    region: text(f.region), postalCode: f.postalCode, country: f.country, mailRules: text(f.mailRules), mailRulesRu: text(f.mailRulesRu), notes: text(f.notes),
  }));
  return stringify(rows.map(spreadsheetSafeRow), { header: true, columns: [...FACILITY_IMPORT_FIELDS], bom: true });
}

export async function exportJson(db: Kysely<DB>) {
  const { prisoners, facilities, keyOf } = await peopleWithFacilities(db);
  const people = prisoners.map((p) => ({
    ...p,
    languages: p.languages.split(','),
    latinNameSet: p.latinNameSet === 1,
    supportWithdrawn: p.supportWithdrawn === 1,
    isDemo: p.isDemo === 1,
  }));
  return {
    exportedAt: new Date().toISOString(),
    facilities: facilities.map((f) => ({ ...f, isDemo: f.isDemo === 1, key: keyOf.get(f.id) ?? null })),
    people,
  };
}

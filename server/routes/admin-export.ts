/** Export of the full list: CSV in the import's own columns (so export → import reports "unchanged"), and JSON. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_FIELDS, type ImportField } from '../domain/csv-import.js';
import { todayIso } from '../domain/records.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';
import type { Facility, Prisoner } from '../db/schema.js';

async function peopleWithFacilities(db: Parameters<FastifyPluginAsyncTypebox>[0]['db']) {
  const [prisoners, facilities] = await Promise.all([
    db.selectFrom('prisoners').selectAll().orderBy('surname').orderBy('givenName').orderBy('id').execute(),
    db.selectFrom('facilities').selectAll().orderBy('name').execute(),
  ]);
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

export const adminExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/export.csv', async (_request, reply) => {
    const { prisoners, byId } = await peopleWithFacilities(app.db);
    const rows = prisoners.map((p) => spreadsheetSafeRow(csvRow(p, p.facilityId ? byId.get(p.facilityId) : undefined)));
    // A BOM so spreadsheet programs open the Cyrillic as UTF-8.
    const csv = stringify(rows, { header: true, columns: [...IMPORT_FIELDS], bom: true });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="volya-people-${todayIso()}.csv"`)
      .send(csv);
  });

  app.get('/export.json', async (_request, reply) => {
    const { prisoners, facilities } = await peopleWithFacilities(app.db);
    const people = prisoners.map((p) => ({
      ...p,
      languages: p.languages.split(','),
      latinNameSet: p.latinNameSet === 1,
      supportWithdrawn: p.supportWithdrawn === 1,
      isDemo: p.isDemo === 1,
    }));
    return reply
      .header('content-disposition', `attachment; filename="volya-people-${todayIso()}.json"`)
      .send({ exportedAt: new Date().toISOString(), facilities: facilities.map((f) => ({ ...f, isDemo: f.isDemo === 1 })), people });
  });
};

/** Who has a birthday in the next weeks: for the console, and as a printable list drawn in the batch thread. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { listOpenWithBirthDates } from '../db/prisoners.js';
import { recipientBlock } from '../domain/address.js';
import { ageOnNextBirthday, daysUntilBirthday } from '../domain/birthdays.js';
import { nominativeFullName } from '../domain/names.js';
import { todayIso } from '../domain/records.js';
import type { PaperSize } from '../model/vocabulary.js';
import type { BatchRunner } from '../render/batch-pool.js';
import { getSettings } from './settings.js';

export const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** People writers may be offered whose birthday falls within `weeks`, soonest first. */
export async function upcomingBirthdays(db: Kysely<DB>, weeks: number, today = todayIso()) {
  const settings = await getSettings(db);
  const rows = await listOpenWithBirthDates(db);
  const horizon = weeks * 7;
  return rows
    .map((p) => ({ p, days: daysUntilBirthday(p.birthDate, today)! }))
    .filter(({ days }) => days < horizon)
    .sort((a, b) => a.days - b.days || a.p.surname.localeCompare(b.p.surname, 'ru'))
    .map(({ p, days }) => ({
      id: p.id,
      latinName: p.latinName,
      cyrillicName: nominativeFullName(p),
      birthDate: p.birthDate!,
      nextBirthday: addDays(today, days),
      daysUntil: days,
      age: ageOnNextBirthday(p.birthDate!, today),
      facilityName: p.fName,
      addressLines: p.fName
        ? recipientBlock(p, {
            name: p.fName, street: p.fStreet!, city: p.fCity!, district: p.fDistrict, region: p.fRegion, postalCode: p.fPostalCode!, country: p.fCountry!,
          }, { fromCountry: settings.collectiveCountry })
        : [],
    }));
}

export async function birthdaysOverview(db: Kysely<DB>, weeks: number) {
  const today = todayIso();
  return { from: today, to: addDays(today, weeks * 7 - 1), people: await upcomingBirthdays(db, weeks, today) };
}

export async function birthdaysPdf(db: Kysely<DB>, batch: BatchRunner, weeks: number, paper?: PaperSize) {
  const today = todayIso();
  const settings = await getSettings(db);
  const result = await batch.run({
    job: 'birthdays',
    spec: {
      paper: paper ?? settings.paperSize,
      entries: await upcomingBirthdays(db, weeks, today),
      from: today,
      to: addDays(today, weeks * 7 - 1),
      collectiveName: settings.collectiveName,
      date: new Date(),
    },
  });
  return { ...result, fileName: `birthdays-${today}.pdf` };
}

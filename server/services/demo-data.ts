/**
 * A clearly fictional demo set: invented people at invented addresses shaped like real Russian ones,
 * flagged isDemo so "remove demo data" takes them out in one step. Seeded only into an empty database.
 */
import type { Kysely } from 'kysely';
import { anyFacility } from '../db/facilities.js';
import { anyPrisoner } from '../db/prisoners.js';
import type { DB } from '../db/schema.js';
import type { PersonInput } from '../model/schemas.js';
import type { FacilityKind, PrisonerStatus } from '../model/vocabulary.js';
import { createFacility } from './facilities.js';
import { createPrisoner } from './people.js';
import { findDefaultRoute, findRoute } from '../db/routes.js';
import { createRoute, setPreferredRoute, updateRouteAudited } from './routes.js';

const SYSTEM = { id: null, username: 'demo-seed' };

interface DemoFacility {
  key: string;
  name: string;
  kind: FacilityKind;
  street: string;
  city: string;
  region: string | null;
  postalCode: string;
  mailRules: string | null;
  mailRulesRu: string | null;
}

const facilities: DemoFacility[] = [
  {
    key: 'sizo',
    name: 'ФКУ СИЗО-1 УФСИН России по Пензенской области',
    kind: 'sizo',
    street: 'ул. Примерная, 12',
    city: 'г. Пенза',
    region: 'Пензенская обл.',
    postalCode: '440000',
    mailRules: 'Letters only in Russian. No photos larger than A5. (Demo facility)',
    mailRulesRu: 'Письма только на русском языке. Фотографии не больше формата A5. (Демонстрационное учреждение)',
  },
  {
    key: 'ik',
    name: 'ФКУ ИК-7 УФСИН России по Республике Карелия',
    kind: 'ik',
    street: 'ул. Лесная, 1',
    city: 'пос. Образцовый',
    region: 'Республика Карелия',
    postalCode: '186000',
    mailRules: null,
    mailRulesRu: null,
  },
  {
    key: 'spb',
    name: 'ФКУ СИЗО-3 УФСИН России по г. Санкт-Петербургу и Ленинградской области',
    kind: 'sizo',
    street: 'ул. Учебная, 8',
    city: 'г. Санкт-Петербург',
    region: null,
    postalCode: '190000',
    mailRules: 'Postcards are handed over after a delay of up to two weeks. (Demo facility)',
    mailRulesRu: 'Открытки передают с задержкой до двух недель. (Демонстрационное учреждение)',
  },
  {
    key: 'kp',
    name: 'ФКУ КП-2 ГУФСИН России по Красноярскому краю',
    kind: 'kp',
    street: 'ул. Заречная, 40',
    city: 'г. Канск',
    region: 'Красноярский край',
    postalCode: '663600',
    mailRules: null,
    mailRulesRu: null,
  },
];

type DemoPerson = Omit<PersonInput, 'facilityId' | 'addressAsOf'> & { facility: string; monthsOld: number };

const DEMO = '(Demo — a fictional person.) ';
const DEMO_RU = '(Демо — вымышленный человек.) ';

const people: DemoPerson[] = [
  { surname: 'Лесницкий', givenName: 'Артём', patronymic: 'Игоревич', gender: 'male', birthDate: '1994-12-09', status: 'pretrial', facility: 'sizo', monthsOld: 1, caseName: 'Demo case A', bioEn: `${DEMO}Loves chess and birdwatching; studies history by correspondence.`, bioRu: `${DEMO_RU}Любит шахматы и птиц, заочно изучает историю.`, languages: ['ru', 'en'] },
  { surname: 'Соколова', givenName: 'Вера', patronymic: 'Андреевна', gender: 'female', birthDate: '1999-03-21', status: 'pretrial', facility: 'sizo', monthsOld: 2, caseName: 'Demo case A', bioEn: `${DEMO}Illustrator; asks for letters about gardens and cats.`, bioRu: `${DEMO_RU}Иллюстратор, просит писать о садах и кошках.` },
  { surname: 'Бондаренко', givenName: 'Кирилл', patronymic: 'Олегович', gender: 'male', birthYear: 1988, status: 'colony', facility: 'ik', monthsOld: 3, caseName: 'Demo case B', bioEn: `${DEMO}Carpenter and amateur astronomer.`, bioRu: `${DEMO_RU}Плотник и астроном-любитель.` },
  { surname: 'Гусейнов', givenName: 'Рашад', patronymic: 'Эльчин оглы', gender: 'male', birthDate: '1991-01-05', status: 'colony', facility: 'ik', monthsOld: 2, caseName: 'Demo case B', bioEn: `${DEMO}Cook; collects recipes from letters.`, bioRu: `${DEMO_RU}Повар, собирает рецепты из писем.` },
  { surname: 'Миронова', givenName: 'Дарья', patronymic: null, gender: 'female', birthYear: 2001, status: 'pretrial', facility: 'spb', monthsOld: 1, caseName: 'Demo case C', bioEn: `${DEMO}Student of biology; no patronymic on record.`, bioRu: `${DEMO_RU}Студентка-биолог.` },
  { surname: 'Черных', givenName: 'Павел', patronymic: 'Сергеевич', gender: 'male', birthDate: '1985-07-30', status: 'colony', facility: 'kp', monthsOld: 9, caseName: 'Demo case D', bioEn: `${DEMO}Musician. His address was last confirmed nine months ago.`, bioRu: `${DEMO_RU}Музыкант.` },
  { surname: 'Ковалёва', givenName: 'Юлия', patronymic: 'Викторовна', gender: 'female', birthDate: '1996-11-02', status: 'pretrial', facility: 'spb', monthsOld: 1, caseName: 'Demo case C', bioEn: `${DEMO}Librarian; reads poetry, likes letters about the sea.`, bioRu: `${DEMO_RU}Библиотекарь, любит стихи и море.` },
  { surname: 'Римский-Корсаков', givenName: 'Лев', patronymic: 'Дмитриевич', gender: 'male', birthYear: 1979, status: 'colony', facility: 'kp', monthsOld: 4, caseName: 'Demo case D', bioEn: `${DEMO}Teacher of mathematics.`, bioRu: `${DEMO_RU}Учитель математики.` },
  { surname: 'Орлов', givenName: 'Никита', patronymic: 'Павлович', gender: 'male', birthYear: 1990, status: 'released', facility: 'ik', monthsOld: 2, caseName: 'Demo case B', bioEn: `${DEMO}Released: never offered to writers.`, bioRu: `${DEMO_RU}Освобождён.` },
  { surname: 'Зимина', givenName: 'Алёна', patronymic: 'Игоревна', gender: 'female', birthYear: 1993, status: 'pretrial', facility: 'sizo', monthsOld: 2, caseName: 'Demo case A', bioEn: `${DEMO}Support withdrawn: hidden from writers.`, bioRu: `${DEMO_RU}Поддержка прекращена.`, supportWithdrawn: true, withdrawnNote: 'Demo: the support group withdrew support; see the group statement.', privateNotes: 'Demo private note: never shown at the kiosk.' },
];

function monthsBefore(now: Date, months: number): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/** True when the database holds no people and no facilities. */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return !(await anyPrisoner(db)) && !(await anyFacility(db));
}

/** Seeds the demo set into an empty database; returns false and changes nothing otherwise. */
export async function seedDemoData(db: Kysely<DB>, now = new Date()): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  const ids = new Map<string, number>();
  for (const { key, ...f } of facilities) {
    const row = await createFacility(db, SYSTEM, { ...f, country: 'RU' }, { isDemo: true });
    ids.set(key, row.id);
  }
  const routes = await seedDemoRoutes(db);
  for (const { facility, monthsOld, ...p } of people) {
    const person = await createPrisoner(
      db,
      SYSTEM,
      { ...p, facilityId: ids.get(facility)!, addressAsOf: monthsBefore(now, monthsOld), addressSource: 'Demo data' },
      { isDemo: true },
    );
    // Someone reachable only through the relay (as some people are): their items take it whatever the default.
    if (p.surname === 'Гусейнов') await setPreferredRoute(db, SYSTEM, person.id, routes.relay, person.version);
  }
  return true;
}

/**
 * The demo collective is in Canada, where mail to Russia is suspended (docs/delivery.md): its default route forwards
 * the envelopes to a (fictional) partner group in Germany, a text-only e-letter relay stands beside it, and the
 * post route is kept but switched off.
 */
async function seedDemoRoutes(db: Kysely<DB>): Promise<{ forward: number; relay: number }> {
  const post = await findDefaultRoute(db);
  const forward = await createRoute(db, SYSTEM, {
    kind: 'forward',
    name: 'DEMO: forward to partners in Germany',
    notes: 'Demo route: a fictional partner group. Replace it with your real partner before an event.',
    partnerName: 'DEMO Briefe nach Russland e.V. (fictional)',
    partnerAddress: 'Musterstraße 1\n10115 Berlin\nGermany',
    partnerCountry: 'DE',
    returnAddressOf: 'collective',
    isDefault: true,
  }, { isDemo: true });
  const relay = await createRoute(db, SYSTEM, {
    kind: 'relay',
    name: 'DEMO: e-letter relay (text only)',
    notes: 'Demo route: prices as reported for ФСИН-Письмо (vesna.democrat); a volunteer with a Russian card sends them.',
    contact: 'demo-relay@example.org (fictional)',
    accepts: 'text',
    charLimit: 3000,
    currency: 'RUB',
    pricePerLetter: 55,
    priceReplyForm: 55,
    canReply: true,
  }, { isDemo: true });
  if (post && post.kind === 'post') {
    // Making the forward route the default changed the post route's version.
    const fresh = (await findRoute(db, post.id))!;
    await updateRouteAudited(db, SYSTEM, post.id, { kind: 'post', name: post.name, notes: post.notes, enabled: false, version: fresh.version });
  }
  return { forward: forward.id, relay: relay.id };
}

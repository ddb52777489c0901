/**
 * Scale benchmark: the real server (as `npm start` runs it) with 5,000 and with 50,000 generated people, written
 * straight into its SQLite file in one transaction (setup, not measured; search text from the app's own rule). Then,
 * over HTTP: the console's people list walked page by page (plain and with filters and sorts), the kiosk list walked
 * the same way, and searches in Cyrillic and Latin spellings, in both word orders, on both lists; the server's peak
 * memory is read over the measured part. The measured part runs `--reps` times on the same server; the figures are
 * the medians of the repetitions, with their range. Prints one line per size and, as the last line, one JSON object.
 *   npm run bench:scale [-- --requests 300 --reps 3 --max-minutes 20]
 */
import SQLite from 'better-sqlite3';
import { searchTextFor } from '../server/domain/records.js';
import { latinFullName } from '../server/domain/names.js';
import { arg, expectStatus, peakRssMB, percentile, resetPeakRss, round1, runBenchmark, spread, withServer, type BenchContext } from './http-bench.js';

const requests = arg('--requests', 300);
const reps = arg('--reps', 3);
const SIZES = [5_000, 50_000];
const TARGETS = { adminPageP99Ms: 50, adminPageBytes: 100 * 1024, kioskPageP99Ms: 50, searchP99Ms: 100, rssMB: 250 };

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов',
  'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Щукин',
  'Хрущёв', 'Журавлёв', 'Чернышёв', 'Цветков', 'Юдин', 'Ящук', 'Шевчук', 'Пчелинцев'];
const GIVEN = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван', 'Михаил', 'Артём', 'Юрий',
  'Илья', 'Фёдор', 'Пётр', 'Никита', 'Кирилл', 'Егор', 'Олег', 'Всеволод', 'Ярослав'];
const PATRONYMICS = ['Александрович', 'Сергеевич', 'Дмитриевич', 'Андреевич', 'Алексеевич', 'Иванович', 'Юрьевич', 'Петрович'];
const FACILITIES = 400;

// Searches a writer or an organizer types: Cyrillic, several Latin spellings, surname or given name first, prefixes.
const SEARCHES = ['Иванов', 'Сергей Иванов', 'Ivanov Sergey', 'Sergei Ivanov', 'shchukin', 'Schukin Artem', 'Khrushchyov',
  'Хрущев Пётр', 'Yury', 'Iurii Iudin', 'Julij', 'Журавлев', 'Zhuravlyov Ilya', 'Ped', 'Fyodor Pchelintsev', 'Seme'];

/** Writes `people` generated people and the facilities they are held at into the server's database file. */
function generate(dbPath: string, people: number): void {
  const db = new SQLite(dbPath);
  db.pragma('busy_timeout = 10000');
  const facility = db.prepare(`insert into facilities (name, kind, street, city, region, postal_code, country)
    values (?, 'ik', 'ул. Лагерная, 1', ?, ?, ?, 'RU')`);
  const person = db.prepare(`insert into prisoners (surname, given_name, patronymic, latin_name, gender, birth_year, facility_id,
      status, address_as_of, address_source, bio_en, languages, support_withdrawn, search_text)
    values (?, ?, ?, ?, 'male', ?, ?, ?, ?, 'campaign site', ?, 'ru', ?, ?)`);
  const printed = db.prepare(`insert into printed_items (prisoner_id, kind, language, printed_at) values (?, 'letter', 'ru', ?)`);
  db.transaction(() => {
    const facilityIds: number[] = [];
    for (let f = 0; f < FACILITIES; f++) {
      facilityIds.push(Number(facility.run(`ФКУ ИК-${f + 1} УФСИН России`, `г. Город${f % 50}`, `Область ${f % 40}`, String(100000 + f)).lastInsertRowid));
    }
    for (let i = 0; i < people; i++) {
      const surname = SURNAMES[i % SURNAMES.length]!;
      const givenName = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
      const patronymic = PATRONYMICS[Math.floor(i / 7) % PATRONYMICS.length]!;
      const latinName = latinFullName({ surname, givenName });
      const status = i % 23 === 0 ? 'released' : i % 3 === 0 ? 'pretrial' : 'colony';
      const id = person.run(surname, givenName, patronymic, latinName, 1960 + (i % 45), facilityIds[i % FACILITIES], status,
        `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`, `Sentenced in a case of the kind many are held for; person ${i}.`, i % 31 === 0 ? 1 : 0,
        searchTextFor({ surname, givenName, patronymic, latinName })).lastInsertRowid;
      for (let k = 0; k < i % 4; k++) printed.run(id, `2026-0${1 + k}-1${k}T12:00:00.000Z`);
    }
  })();
  db.close();
}

interface Timed { ms: number; bytes: number; body: { next: string | null } }

async function timedGet(ctx: BenchContext, path: string, admin: boolean): Promise<Timed> {
  const started = performance.now();
  const res = await expectStatus(`${ctx.server.url}${path}`, { headers: admin ? ctx.admin.headers : {}, timeoutMs: 30_000 }, 200);
  const text = await res.text();
  return { ms: performance.now() - started, bytes: Buffer.byteLength(text), body: JSON.parse(text) as { next: string | null } };
}

/** Walks a list page by page (back to the first page at its end), `count` requests in all. */
async function walk(ctx: BenchContext, base: string, admin: boolean, count: number) {
  const times: number[] = [];
  let bytes = 0;
  let cursor: string | null = null;
  for (let i = 0; i < count; i++) {
    const sep = base.includes('?') ? '&' : '?';
    const r = await timedGet(ctx, cursor ? `${base}${sep}cursor=${encodeURIComponent(cursor)}` : base, admin);
    times.push(r.ms);
    bytes = Math.max(bytes, r.bytes);
    cursor = r.body.next;
  }
  return { times, bytes };
}

/** One repetition: the lists walked and the searches made, `requests` of each kind. */
async function repetition(ctx: BenchContext) {
  const share = Math.max(1, Math.floor(requests / 4));
  const admin = [
    await walk(ctx, '/api/admin/prisoners', true, share),
    await walk(ctx, '/api/admin/prisoners?status=colony&sort=lastLetter&order=desc', true, share),
    await walk(ctx, '/api/admin/prisoners?stale=true&sort=printed', true, share),
    await walk(ctx, '/api/admin/prisoners?region=%D0%9E%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C%205', true, share),
  ];
  const kiosk = await walk(ctx, '/api/prisoners', false, requests);
  const search: number[] = [];
  for (let i = 0; i < requests; i++) {
    const q = encodeURIComponent(SEARCHES[i % SEARCHES.length]!);
    search.push((await timedGet(ctx, i % 2 ? `/api/prisoners?q=${q}` : `/api/admin/prisoners?q=${q}`, i % 2 === 0)).ms);
  }
  const adminTimes = admin.flatMap((a) => a.times);
  return {
    adminPageP50Ms: round1(percentile(adminTimes, 50)),
    adminPageP99Ms: round1(percentile(adminTimes, 99)),
    adminPageBytes: Math.max(...admin.map((a) => a.bytes)),
    kioskPageP50Ms: round1(percentile(kiosk.times, 50)),
    kioskPageP99Ms: round1(percentile(kiosk.times, 99)),
    kioskPageBytes: kiosk.bytes,
    searchP50Ms: round1(percentile(search, 50)),
    searchP99Ms: round1(percentile(search, 99)),
  };
}

async function measure(people: number) {
  return withServer(async (ctx) => {
    generate(ctx.server.dbPath, people);
    // Warm-up: the first request of each route compiles its validators and serializers.
    for (const path of ['/api/admin/prisoners', '/api/prisoners', '/api/admin/prisoners?q=ivanov']) await timedGet(ctx, path, path.includes('admin'));
    resetPeakRss(ctx.server.pid);
    const runs: Awaited<ReturnType<typeof repetition>>[] = [];
    for (let r = 0; r < reps; r++) runs.push(await repetition(ctx));
    const keys = Object.keys(runs[0]!) as (keyof (typeof runs)[number])[];
    const medians = Object.fromEntries(keys.map((k) => [k, spread(runs.map((x) => x[k])).median])) as Record<(typeof keys)[number], number>;
    const ranges = Object.fromEntries(keys.map((k) => [k, spread(runs.map((x) => x[k])).range]));
    return { people, ...medians, rssMB: peakRssMB(ctx.server.pid), ranges };
  });
}

runBenchmark(async () => {
  const results = [];
  for (const people of SIZES) {
    const r = await measure(people);
    results.push(r);
    console.log(`${people} people: admin page p99 ${r.adminPageP99Ms} ms (${r.adminPageBytes} B), kiosk page p99 ${r.kioskPageP99Ms} ms, search p99 ${r.searchP99Ms} ms, peak RSS ${r.rssMB} MB`);
  }
  const largest = results[results.length - 1]!;
  const met = (Object.keys(TARGETS) as (keyof typeof TARGETS)[]).every((k) => largest[k] <= TARGETS[k]);
  console.log(JSON.stringify({ ...largest, targets: TARGETS, targetsMet: met, sizes: results, requests, reps }));
}, Number(arg('--max-minutes', 20)));

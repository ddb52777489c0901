/**
 * CSV import benchmark: 10,000 people at 50 facilities through the real app (multipart upload, dry run, apply in one
 * transaction, and the same file again, which must report all unchanged). Median of RUNS fresh databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.js';
import { openDatabase } from '../server/db/connect.js';
import { bootstrap } from '../server/bootstrap.js';

const ROWS = 10_000;
const RUNS = Number(process.env.RUNS ?? 3);
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев'];
const GIVEN = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Матвей', 'Роман', 'Егор', 'Арсений', 'Иван', 'Денис', 'Евгений', 'Тимофей', 'Владимир'];

function csvFile(): Buffer {
  const lines = ['surname;givenName;patronymic;birthYear;status;facilityName;street;city;region;postalCode;addressAsOf;addressSource'];
  for (let i = 0; i < ROWS; i++) {
    const f = i % 50;
    const year = 1950 + Math.floor(i / (SURNAMES.length * GIVEN.length));
    lines.push([
      SURNAMES[i % SURNAMES.length], GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length], 'Петрович', year, 'colony',
      `ФКУ ИК-${f + 1} УФСИН России по Тестовой области`, `ул. Лагерная, ${f + 1}`, 'г. Тестов', 'Тестовая обл.', String(400000 + f), '2026-01-15', 'bench list',
    ].join(';'));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

function multipart(bytes: Buffer) {
  const boundary = '----volyabench';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: number) => Math.round(performance.now() - start);

const file = csvFile();
const body = multipart(file);
const dryRuns: number[] = [];
const applies: number[] = [];
const reruns: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-bench-import-'));
  const database = openDatabase(path.join(dir, 'volya.db'));
  await bootstrap(database, { adminUser: 'admin', adminPassword: 'bench-password-1', seedDemo: false, announce: () => {} });
  const app = await buildApp({ database });
  const login = await app.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: 'bench-password-1' } });
  const headers = {
    cookie: `volya_session=${login.cookies.find((c) => c.name === 'volya_session')!.value}`,
    'x-csrf-token': login.json().csrfToken,
    'content-type': body.contentType,
  };
  const post = async (step: string) => {
    const res = await app.inject({ method: 'POST', url: `/api/admin/import/${step}`, headers, payload: body.payload });
    if (res.statusCode !== 200) throw new Error(`${step}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
  let t = performance.now();
  const dry = await post('dry-run');
  dryRuns.push(ms(t));
  if (dry.summary.create !== ROWS) throw new Error(`dry run: expected ${ROWS} creates, got ${JSON.stringify(dry.summary)}`);
  t = performance.now();
  await post('apply');
  applies.push(ms(t));
  t = performance.now();
  const again = await post('dry-run');
  reruns.push(ms(t));
  if (again.summary.unchanged !== ROWS) throw new Error(`re-import: expected all unchanged, got ${JSON.stringify(again.summary)}`);
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const result = { rows: ROWS, bytes: file.length, runs: RUNS, dryRunMs: median(dryRuns), applyMs: median(applies), reimportDryRunMs: median(reruns) };
console.log(`import of ${ROWS.toLocaleString('en')} rows (${Math.round(file.length / 1024)} KB), median of ${RUNS}:`);
console.log(`  dry run ${result.dryRunMs} ms · apply (one transaction, audited) ${result.applyMs} ms · same file again ${result.reimportDryRunMs} ms (all unchanged)`);
console.log(JSON.stringify(result));

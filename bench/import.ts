/**
 * CSV import benchmark, two cases. In process: 10,000 people at 50 facilities through the app (multipart upload,
 * dry run, apply in one transaction, and the same file again, which must report all unchanged). Over HTTP: 20,000
 * people at 6 facilities planned (dry run) and applied on the real server, as `npm start` runs it, while a kiosk
 * client reads the person list back to back: its p99 is the import's cost to the kiosk. Median of RUNS each, fresh
 * databases. Prints a table and, as the last line, one JSON object.
 *   npm run bench:import [-- --http-only --idle-seconds 5 --max-minutes 10]    RUNS=3 npm run bench:import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, expectStatus, percentile, round1, runBenchmark, scoped, sleep, spread, withServer } from './http-bench.js';

const ROWS = 10_000;
// A large list (IMPORT_MAX_ROWS in server/domain/csv-import.ts allows up to 60,000 rows).
const HTTP_ROWS = 20_000;
const HTTP_FACILITIES = 6;
const RUNS = Number(process.env.RUNS ?? 3);
const idleSeconds = arg('--idle-seconds', 5);
const TARGETS = { kioskListP99MsDuringImport: 100 };
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев'];
const GIVEN = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Матвей', 'Роман', 'Егор', 'Арсений', 'Иван', 'Денис', 'Евгений', 'Тимофей', 'Владимир'];

/** `rows` people, distinct by surname, given name and birth year (the import's key), spread over `facilities`. */
function csvFile(rows: number, facilities: number): Buffer {
  const lines = ['surname;givenName;patronymic;birthYear;status;facilityName;street;city;region;postalCode;addressAsOf;addressSource'];
  for (let i = 0; i < rows; i++) {
    const f = i % facilities;
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

interface ImportSummary {
  summary: { create: number; unchanged: number };
}

/** The in-process case: the app without a listening server, requests injected. */
async function inProcess() {
  // Loaded only for this case: the HTTP case needs nothing from the server's internals.
  const { buildApp } = await import('../server/app.js');
  const { openDatabase } = await import('../server/db/connect.js');
  const { bootstrap } = await import('../server/bootstrap.js');
  const file = csvFile(ROWS, 50);
  const body = multipart(file);
  const dryRuns: number[] = [];
  const applies: number[] = [];
  const reruns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volya-bench-import-'));
    const database = openDatabase(path.join(dir, 'volya.db'));
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    const cleanup = async () => {
      await app?.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    await scoped(cleanup, async () => {
      await bootstrap(database, { adminUser: 'admin', adminPassword: 'bench-password-1', seedDemo: false, announce: () => {} });
      const built = await buildApp({ database });
      app = built;
      const login = await built.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: 'bench-password-1' } });
      const headers = {
        cookie: `volya_session=${login.cookies.find((c) => c.name === 'volya_session')!.value}`,
        'x-csrf-token': login.json().csrfToken,
        'content-type': body.contentType,
      };
      const post = async (step: string): Promise<ImportSummary> => {
        const res = await built.inject({ method: 'POST', url: `/api/admin/import/${step}`, headers, payload: body.payload });
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
    });
  }
  const result = { rows: ROWS, bytes: file.length, runs: RUNS, dryRunMs: median(dryRuns), applyMs: median(applies), reimportDryRunMs: median(reruns) };
  console.log(`import of ${ROWS.toLocaleString('en')} rows (${Math.round(file.length / 1024)} KB), median of ${RUNS}:`);
  console.log(`  dry run ${result.dryRunMs} ms · apply (one transaction, audited) ${result.applyMs} ms · same file again ${result.reimportDryRunMs} ms (all unchanged)`);
  return result;
}

interface HttpRun {
  dryRunMs: number;
  applyMs: number;
  p50: number;
  p99: number;
  dryP99: number;
  applyP99: number;
  max: number;
  samples: number;
  idleP99: number;
  afterP99: number;
}

/** The HTTP case: dry run then apply on the real server, the kiosk list read all the while. */
async function overHttp() {
  const file = csvFile(HTTP_ROWS, HTTP_FACILITIES);
  const body = multipart(file);
  console.log(`import of ${HTTP_ROWS.toLocaleString('en')} rows at ${HTTP_FACILITIES} facilities (${Math.round(file.length / 1024)} KB) over HTTP, kiosk list read meanwhile:`);
  const runs: HttpRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await withServer(async ({ server, admin, reader }) => {
      const post = async (step: string): Promise<{ ms: number; reply: ImportSummary & { canApply?: boolean; applied?: boolean } }> => {
        const t = performance.now();
        const res = await expectStatus(
          `${server.url}/api/admin/import/${step}`,
          { method: 'POST', headers: { ...admin.headers, 'content-type': body.contentType }, body: body.payload, timeoutMs: 5 * 60_000 },
          200,
        );
        const reply = (await res.json()) as ImportSummary & { canApply?: boolean; applied?: boolean };
        return { ms: ms(t), reply };
      };
      const idle = (await reader.during(() => sleep(idleSeconds * 1000))).report;
      // A window per step, back to back, so the report can tell which step holds the kiosk up.
      const { result: dry, report: dryReport } = await reader.during(() => post('dry-run'));
      const { result: apply, report: applyReport } = await reader.during(() => post('apply'));
      if (dry.reply.summary.create !== HTTP_ROWS || !dry.reply.canApply) throw new Error(`dry run: expected ${HTTP_ROWS} creates, got ${JSON.stringify(dry.reply.summary)}`);
      if (apply.reply.summary.create !== HTTP_ROWS || !apply.reply.applied) throw new Error(`apply: expected ${HTTP_ROWS} created, got ${JSON.stringify(apply.reply.summary)}`);
      // The same list now holds the imported people: what the kiosk sees after the import, for comparison.
      const after = (await reader.during(() => sleep(idleSeconds * 1000))).report;
      const failures = dryReport.failures + applyReport.failures;
      if (idle.failures || failures || after.failures) throw new Error(`kiosk list requests failed: ${idle.failures} before, ${failures} during, ${after.failures} after the import`);
      const during = [...dryReport.latencies, ...applyReport.latencies];
      return {
        dryRunMs: dry.ms,
        applyMs: apply.ms,
        p50: round1(percentile(during, 50)),
        p99: round1(percentile(during, 99)),
        dryP99: round1(percentile(dryReport.latencies, 99)),
        applyP99: round1(percentile(applyReport.latencies, 99)),
        max: round1(Math.max(...during)),
        samples: during.length,
        idleP99: round1(percentile(idle.latencies, 99)),
        afterP99: round1(percentile(after.latencies, 99)),
      };
    });
    runs.push(r);
    console.log(
      `  #${run + 1}: dry run ${r.dryRunMs} ms · apply ${r.applyMs} ms · kiosk list during the import p50 ${r.p50} / p99 ${r.p99} / max ${r.max} ms (${r.samples} requests; p99 ${r.dryP99} ms in the dry run, ${r.applyP99} ms in the apply) · idle before p99 ${r.idleP99} ms, after (${HTTP_ROWS.toLocaleString('en')} more people) p99 ${r.afterP99} ms`,
    );
  }
  const of = (key: keyof HttpRun) => spread(runs.map((r) => r[key]));
  const p99 = of('p99');
  console.log(`  medians of ${RUNS} (range): dry run ${of('dryRunMs').median} ms (${of('dryRunMs').range.join('–')}) · apply ${of('applyMs').median} ms (${of('applyMs').range.join('–')})`);
  console.log(
    `  kiosk list p99 during the import ${p99.median} ms (${p99.range.join('–')}), target ≤ ${TARGETS.kioskListP99MsDuringImport} ms: ${p99.median <= TARGETS.kioskListP99MsDuringImport ? 'met' : 'MISSED'} · idle before ${of('idleP99').median} ms · after ${of('afterP99').median} ms`,
  );
  return {
    httpRows: HTTP_ROWS,
    httpBytes: file.length,
    httpDryRunMs: of('dryRunMs').median,
    httpDryRunMsRange: of('dryRunMs').range,
    httpApplyMs: of('applyMs').median,
    httpApplyMsRange: of('applyMs').range,
    kioskListP99MsDuringImport: p99.median,
    kioskListP99MsDuringImportRange: p99.range,
    kioskListP99MsDuringDryRun: of('dryP99').median,
    kioskListP99MsDuringApply: of('applyP99').median,
    kioskListP50MsDuringImport: of('p50').median,
    kioskListMaxMsDuringImport: of('max').median,
    kioskListP99MsIdle: of('idleP99').median,
    kioskListP99MsIdleRange: of('idleP99').range,
    kioskListP99MsAfterImport: of('afterP99').median,
    kioskListP99MsAfterImportRange: of('afterP99').range,
    targets: TARGETS,
  };
}

runBenchmark(async () => {
  const local = process.argv.includes('--http-only') ? {} : await inProcess();
  console.log(JSON.stringify({ ...local, runs: RUNS, ...(await overHttp()) }));
}, arg('--max-minutes', 10));

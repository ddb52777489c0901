/**
 * Kill-and-restart loop: writers stream organizer edits at the real server, it is killed with SIGKILL at a random
 * moment, restarted on the same file, and the database must pass integrity_check and hold every acknowledged write.
 * Used by the short form in `npm test` and the long form in `npm run bench:crash`.
 */
import Database from 'better-sqlite3';
import { startServer, ADMIN_PASSWORD, type RunningServer } from '../e2e/harness.js';

export interface CrashReport {
  kills: number;
  acknowledged: number;
  /** Acknowledged CSV imports (each of IMPORT_ROWS people, all or nothing). */
  imports: number;
  sentUnacknowledged: number;
  lost: string[];
  integrity: string[];
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string): Promise<Session> {
  const res = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, csrf: (await res.json()).csrfToken };
}

/** Digits written as Cyrillic letters: import rows need Cyrillic surnames that differ per row. */
function cyrillicNumber(n: number): string {
  return [...String(n)].map((d) => 'абвгдежзик'[Number(d)]).join('');
}

/** A CSV import of `rows` new people, applied in one request (all or nothing). */
async function importRows(url: string, s: Session, marker: string, rows: number): Promise<Response> {
  const lines = ['surname;givenName;birthYear;status;caseName'];
  for (let i = 0; i < rows; i++) lines.push(`Импорт${cyrillicNumber(Number(marker.replace(/\D/g, '')) * 100 + i)};Анна;1991;pretrial;${marker}-${i}`);
  const form = new FormData();
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'people.csv');
  return fetch(`${url}/api/admin/import/apply`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
}

async function send(url: string, s: Session, method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
}

const facility = {
  name: 'ФКУ СИЗО-5 УФСИН России по Тестовой области',
  kind: 'sizo',
  street: 'ул. Проверочная, 2',
  city: 'г. Тестов',
  postalCode: '654321',
  country: 'RU',
};

export async function runCrashLoop(kills: number, log: (line: string) => void = () => {}): Promise<CrashReport> {
  let server: RunningServer = await startServer({ VOLYA_DEMO: '0', LOG_LEVEL: 'warn' });
  const dbPath = server.dbPath;
  let session = await login(server.url);
  const fac = await (await send(server.url, session, 'POST', '/api/admin/facilities', facility)).json();
  // Markers the server acknowledged (2xx), and per person the acknowledged case name with the highest version
  // (answers can arrive out of order: the version the server returns orders them, not their arrival), plus every
  // marker sent for that person whose answer has not come back — one of those may be stored when a kill cuts it off.
  const acknowledged = new Set<string>();
  const latestAck = new Map<number, { value: string; version: number }>();
  const inFlight = new Map<number, Set<string>>();
  const createdIds: number[] = [];
  // Markers of acknowledged imports: every row of each must be there.
  const importedMarkers: string[] = [];
  const IMPORT_ROWS = 20;
  let unacked = 0;
  let counter = 0;

  for (let round = 0; round < kills; round++) {
    let stop = false;
    const writer = async (w: number) => {
      while (!stop) {
        const marker = `crash-${round}-${w}-${counter++}`;
        const people = [...latestAck.keys()];
        const update = people.length > 0 && counter % 3 === 0;
        const target = update ? people[counter % people.length] : undefined;
        if (target !== undefined) {
          if (!inFlight.has(target)) inFlight.set(target, new Set());
          inFlight.get(target)!.add(marker);
        }
        try {
          const res = update
            ? await send(server.url, session, 'PUT', `/api/admin/prisoners/${target}`, {
                surname: 'Проверкин', givenName: 'Иван', birthYear: 1990, caseName: marker,
                version: (await (await send(server.url, session, 'GET', `/api/admin/prisoners/${target}`, undefined)).json()).version,
              })
            : await send(server.url, session, 'POST', '/api/admin/prisoners', {
                surname: 'Проверкин', givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: fac.id, caseName: marker,
              });
          // Another writer saved the same person between this one's read and write: refused, nothing to check.
          if (update && res.status === 409) {
            inFlight.get(target!)!.delete(marker);
            continue;
          }
          if (res.status >= 200 && res.status < 300) {
            const body = await res.json();
            acknowledged.add(marker);
            if (target !== undefined) inFlight.get(target)!.delete(marker);
            if (!update) createdIds.push(body.id);
            const seen = latestAck.get(body.id);
            if (typeof body.version !== 'number') throw new Error('the answer carries no version');
            if (!seen || body.version > seen.version) latestAck.set(body.id, { value: marker, version: body.version });
          } else {
            throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          }
        } catch (e) {
          if (!stop) throw e;
          unacked++;
        }
      }
    };
    const importer = async () => {
      while (!stop) {
        const marker = `imp${counter++}`;
        try {
          const res = await importRows(server.url, session, marker, IMPORT_ROWS);
          if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
          importedMarkers.push(marker);
        } catch (e) {
          if (!stop) throw e;
          unacked++;
        }
      }
    };
    const writers = [writer(0), writer(1), writer(2), importer()].map((p) => p.catch((e) => (stop ? undefined : Promise.reject(e))));
    // The first round waits for one acknowledged import (bounded), so an import is always among the checked
    // writes even when a loaded machine makes imports slower than the kill window.
    if (round === 0) {
      const until = Date.now() + 30_000;
      while (importedMarkers.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 300));
    stop = true;
    await server.kill();
    await Promise.allSettled(writers);
    server = await startServer({ VOLYA_DEMO: '0', LOG_LEVEL: 'warn' }, { dbPath });
    session = await login(server.url).catch(async () => login(server.url));
    log(`kill ${round + 1}/${kills}: ${acknowledged.size} acknowledged writes so far`);
  }
  await server.stop();

  const db = new Database(dbPath, { readonly: true });
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const rows = db.prepare('select id, case_name from prisoners').all() as { id: number; case_name: string }[];
  const imported = new Set(rows.map((r) => r.case_name));
  db.close();
  const byId = new Map(rows.map((r) => [r.id, r.case_name]));
  const lost: string[] = [];
  for (const [id, { value }] of latestAck) {
    const now = byId.get(id);
    // The stored value is the newest acknowledged one, or a write whose answer the kill cut off.
    const cutOff = inFlight.get(id) ?? new Set<string>();
    if (now !== value && !(now !== undefined && cutOff.has(now))) lost.push(`person ${id}: expected ${value}, found ${now}`);
  }
  for (const id of createdIds) if (!byId.has(id)) lost.push(`person ${id}: acknowledged create is missing`);
  for (const marker of importedMarkers) {
    const missing = Array.from({ length: IMPORT_ROWS }, (_, i) => `${marker}-${i}`).filter((m) => !imported.has(m));
    if (missing.length) lost.push(`import ${marker}: ${missing.length} of ${IMPORT_ROWS} acknowledged rows missing`);
  }
  return { kills, acknowledged: acknowledged.size, imports: importedMarkers.length, sentUnacknowledged: unacked, lost, integrity };
}

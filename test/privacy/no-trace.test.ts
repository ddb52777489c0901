import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../e2e/harness.js';

// After a letter is previewed, printed and counted, its text and the writer's name exist nowhere on the machine:
// not in the database file, not in its -wal, not in the server's log output — at the most verbose log level.
describe('privacy: nothing of the writer stays behind', () => {
  let server: RunningServer;
  const body = 'Привет, это письмо-маркер ПРИВАТНОСТЬ-ТЕСТ-9431 из Торонто';
  const senderName = 'Zephyrine-Marker-5521';
  const senderCity = 'Quillbrook-Marker';

  beforeAll(async () => {
    server = await startServer({ LOG_LEVEL: 'trace' });
  });
  afterAll(() => server.stop());

  function files(): Record<string, Buffer> {
    const out: Record<string, Buffer> = {};
    for (const suffix of ['', '-wal', '-shm']) {
      const f = `${server.dbPath}${suffix}`;
      if (fs.existsSync(f)) out[f] = fs.readFileSync(f);
    }
    return out;
  }

  it('keeps letter text, sender and passwords out of the database, the WAL and the log', async () => {
    const people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
    const prisonerId = people[0].id;
    const spec = {
      kind: 'letter',
      prisonerId,
      text: body,
      englishText: `English copy ${senderName}`,
      sender: { kind: 'single', gender: 'female', name: senderName, city: senderCity },
      paper: 'letter',
    };
    const pdf = await fetch(`${server.url}/api/pdf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    expect(pdf.status).toBe(200);
    expect((await pdf.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const hints = await fetch(`${server.url}/api/hints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: body, kind: 'letter' }) });
    expect(hints.status).toBe(200);
    const counted = await fetch(`${server.url}/api/printed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prisonerId, kind: 'letter', language: 'ru' }) });
    expect(counted.status).toBe(201);
    // A search typed at the kiosk is not logged either.
    await fetch(`${server.url}/api/prisoners?q=${encodeURIComponent(senderCity)}`);
    const login = await fetch(`${server.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const badLogin = await fetch(`${server.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Wrong-Password-Marker-77' }) });
    expect(badLogin.status).toBe(401);

    const secrets = [body, 'ПРИВАТНОСТЬ-ТЕСТ-9431', senderName, senderCity, ADMIN_PASSWORD, 'Wrong-Password-Marker-77'];
    const inDb = files();
    expect(Object.keys(inDb).some((f) => f.endsWith('-wal'))).toBe(true);
    for (const [file, bytes] of Object.entries(inDb)) {
      for (const s of secrets) expect({ file, found: bytes.includes(Buffer.from(s, 'utf8')) ? s : null }).toEqual({ file, found: null });
    }
    const log = server.output();
    expect(log).toContain('request completed'); // the log is really at trace level and captured
    for (const s of secrets) expect({ found: log.includes(s) ? s : null }).toEqual({ found: null });
    // The count is what stays: one printed item for the person.
    const after = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
    expect(after.find((p: { id: number }) => p.id === prisonerId).printedCount).toBe(1);
  });

  it('leaves no copy of a queued letter once it is discarded or printed through a run: not in the database, its WAL or the log', async () => {
    const people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
    const login = await fetch(`${server.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const admin = { cookie, 'x-csrf-token': (await login.json()).csrfToken, 'content-type': 'application/json' };
    const letters = [
      { text: 'Очередь-маркер ВЫБРОШЕНО-7716 из Монреаля', sender: 'Discarded-Sender-Marker-3390' },
      { text: 'Очередь-маркер НАПЕЧАТАНО-2284 из Галифакса', sender: 'Printed-Sender-Marker-6148' },
    ];
    const ids: number[] = [];
    for (const [i, l] of letters.entries()) {
      const res = await fetch(`${server.url}/api/queue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'letter', prisonerId: people[i].id, text: l.text, sender: { kind: 'single', name: l.sender } }),
      });
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    // While queued the letters are stored (that is the queue's bounded retention)…
    expect(Object.values(files()).some((bytes) => bytes.includes(Buffer.from(letters[0]!.sender)))).toBe(true);
    // …one is discarded, the other printed through a run.
    expect((await fetch(`${server.url}/api/admin/print/queue/${ids[0]}`, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] } })).status).toBe(200);
    const run = await fetch(`${server.url}/api/admin/print/runs`, { method: 'POST', headers: admin, body: JSON.stringify({}) });
    expect(run.status).toBe(201);
    const runId = (await run.json()).id;
    expect((await fetch(`${server.url}/api/admin/print/runs/${runId}/mark-printed`, { method: 'POST', headers: admin, body: JSON.stringify({}) })).status).toBe(200);

    const secrets = letters.flatMap((l) => [l.text, l.sender, l.text.split(' ')[1]!]);
    for (const [file, bytes] of Object.entries(files())) {
      for (const s of secrets) expect({ file, found: bytes.includes(Buffer.from(s, 'utf8')) ? s : null }).toEqual({ file, found: null });
    }
    const log = server.output();
    for (const s of secrets) expect({ found: log.includes(s) ? s : null }).toEqual({ found: null });
  });
});

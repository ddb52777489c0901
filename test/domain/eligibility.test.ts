import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpenForLetters, requireOpenForLetters } from '../../server/domain/eligibility.js';
import { listOfferablePrisoners } from '../../server/db/prisoners.js';
import { PRISONER_STATUSES } from '../../server/model/vocabulary.js';
import { statusOf } from '../../server/plugins/errors.js';
import { makeTestApp, type TestApp } from '../helpers.js';

describe('open for letters: one rule, in code and in SQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
  });
  afterAll(() => t.close());

  it('agrees between isOpenForLetters and the kiosk list query for every status, withdrawal and suspect address', async () => {
    const made: { id: number; status: string; withdrawn: number; suspect: number; allowed: number }[] = [];
    for (const status of PRISONER_STATUSES) {
      for (const [withdrawn, suspect, allowed] of [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 1]] as const) {
        const row = await t.app.db
          .insertInto('prisoners')
          .values({ surname: 'Проверкин', givenName: `Имя${made.length}`, latinName: 'x', gender: 'male', status, languages: 'ru', supportWithdrawn: withdrawn, addressSuspect: suspect, allowWhileSuspect: allowed, searchText: 'x' })
          .returning('id')
          .executeTakeFirstOrThrow();
        made.push({ id: row.id, status, withdrawn, suspect, allowed });
      }
    }
    const listed = new Set((await listOfferablePrisoners(t.app.db, { limit: 200 })).rows.map((r) => r.id));
    for (const m of made) {
      const person = { status: m.status as (typeof PRISONER_STATUSES)[number], supportWithdrawn: m.withdrawn, addressSuspect: m.suspect, allowWhileSuspect: m.allowed };
      expect({ ...m, open: isOpenForLetters(person) }).toEqual({ ...m, open: listed.has(m.id) });
    }
    // Written out by hand: released or withdrawn is never offered, every other status is, and a suspect address only
    // when an organizer allowed it (so each open status appears twice: not suspect, and suspect but allowed).
    expect(made.filter((m) => listed.has(m.id)).map((m) => `${m.status}:${m.suspect}${m.allowed}`).sort()).toEqual(
      ['colony:00', 'colony:11', 'house_arrest:00', 'house_arrest:11', 'pretrial:00', 'pretrial:11', 'unknown:00', 'unknown:11']);
  });

  it('refuses a withdrawn person with the same words as an unknown one, 404 at the kiosk and 409 for organizers', () => {
    const unknown = (() => { try { requireOpenForLetters(undefined, 7); } catch (e) { return e as { kind: string; message: string }; } })()!;
    const withdrawn = (() => { try { requireOpenForLetters({ status: 'pretrial', supportWithdrawn: 1, addressSuspect: 0, allowWhileSuspect: 0 }, 7); } catch (e) { return e as { kind: string; message: string }; } })()!;
    expect(unknown.message).toBe(withdrawn.message);
    expect([unknown.kind, withdrawn.kind]).toEqual(['not-found', 'not-open-for-letters']);
    expect(statusOf('not-open-for-letters', '/api/pdf')).toBe(404);
    expect(statusOf('not-open-for-letters', '/api/admin/print/queue/1/requeue')).toBe(409);
    expect(statusOf('not-found', '/api/admin/prisoners/1')).toBe(404);
  });
});

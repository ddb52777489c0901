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

  it('agrees between isOpenForLetters and the kiosk list query for every status and withdrawal', async () => {
    const made: { id: number; status: string; withdrawn: number }[] = [];
    for (const status of PRISONER_STATUSES) {
      for (const withdrawn of [0, 1]) {
        const row = await t.app.db
          .insertInto('prisoners')
          .values({ surname: 'Проверкин', givenName: `Имя${made.length}`, latinName: 'x', gender: 'male', status, languages: 'ru', supportWithdrawn: withdrawn, searchText: 'x' })
          .returning('id')
          .executeTakeFirstOrThrow();
        made.push({ id: row.id, status, withdrawn });
      }
    }
    const listed = new Set((await listOfferablePrisoners(t.app.db, { limit: 200 })).rows.map((r) => r.id));
    for (const m of made) {
      const person = { status: m.status as (typeof PRISONER_STATUSES)[number], supportWithdrawn: m.withdrawn };
      expect({ ...m, open: isOpenForLetters(person) }).toEqual({ ...m, open: listed.has(m.id) });
    }
    // Written out by hand: released or withdrawn is never offered, every other status is.
    expect(made.filter((m) => listed.has(m.id)).map((m) => m.status).sort()).toEqual(['colony', 'house_arrest', 'pretrial', 'unknown']);
  });

  it('refuses a withdrawn person with the same words as an unknown one, 404 at the kiosk and 409 for organizers', () => {
    const unknown = (() => { try { requireOpenForLetters(undefined, 7); } catch (e) { return e as { kind: string; message: string }; } })()!;
    const withdrawn = (() => { try { requireOpenForLetters({ status: 'pretrial', supportWithdrawn: 1 }, 7); } catch (e) { return e as { kind: string; message: string }; } })()!;
    expect(unknown.message).toBe(withdrawn.message);
    expect([unknown.kind, withdrawn.kind]).toEqual(['not-found', 'not-open-for-letters']);
    expect(statusOf('not-open-for-letters', '/api/pdf')).toBe(404);
    expect(statusOf('not-open-for-letters', '/api/admin/print/queue/1/requeue')).toBe(409);
    expect(statusOf('not-found', '/api/admin/prisoners/1')).toBe(404);
  });
});

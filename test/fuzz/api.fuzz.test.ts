import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

// Any Unicode: all planes, lone surrogates, controls, RTL and combining marks.
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const weirdText = fc.oneof(
  anyText,
  fc.constantFrom('\u202Eevil', 'е\u0301', '\u0000', '\uD800', '\uDFFF', '🙂'.repeat(20), 'Ё'.repeat(300), '%_\\', "'; drop table prisoners; --"),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
function pctEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

describe('fuzzing the public and admin API', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let facilityId: number;
  beforeAll(async () => {
    t = await makeTestApp();
    h = await t.login();
    facilityId = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json().id;
  });
  afterAll(() => t.close());

  it('public search and detail never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(weirdText, fc.oneof(fc.integer(), weirdText), fc.constantFrom('', '%', '%E0%A4%A', '%FF', '%00'), async (q, id, broken) => {
        const list = await t.app.inject({ url: `/api/prisoners?q=${pctEncode(q)}${broken}` });
        expect(list.statusCode).toBeLessThan(500);
        const detail = await t.app.inject({ url: `/api/prisoners/${pctEncode(String(id))}${broken}` });
        expect(detail.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('admin create with random shapes and types never answers 5xx', async () => {
    const field = fc.oneof(weirdText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anyJson);
    const body = fc.record(
      {
        surname: fc.oneof(field, fc.constantFrom('Иванов', 'Петрова', 'Римский-Корсаков')),
        givenName: fc.oneof(field, fc.constantFrom('Иван', 'Анна')),
        patronymic: field,
        birthYear: fc.oneof(fc.integer({ min: 1850, max: 2100 }), field),
        birthDate: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), field),
        status: fc.oneof(fc.constantFrom('pretrial', 'colony', 'released'), field),
        facilityId: fc.oneof(fc.constant(facilityId), fc.integer(), field),
        gender: fc.oneof(fc.constantFrom('male', 'female'), field),
        bioEn: field,
        languages: fc.oneof(fc.array(weirdText, { maxLength: 3 }), field),
        extra: field,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, anyJson), async (payload) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: payload as object });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(typeof res.json().message).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('printable names round-trip: what an organizer enters is what is stored (NFC, spaces folded)', async () => {
    const cyrWord = fc.stringMatching(/^[А-ЯЁ][а-яё]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(cyrWord, cyrWord, fc.option(cyrWord), async (surname, givenName, patronymic) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/admin/prisoners',
          headers: h,
          payload: { surname: ` ${surname} `, givenName, patronymic, gender: 'female', birthYear: 1990, status: 'pretrial', facilityId },
        });
        expect(res.statusCode).toBe(201);
        const stored = (await t.app.inject({ url: `/api/admin/prisoners/${res.json().id}`, headers: h })).json();
        expect([stored.surname, stored.givenName, stored.patronymic]).toEqual([surname.normalize('NFC'), givenName.normalize('NFC'), patronymic ?? null]);
      }),
      { numRuns: 60 },
    );
  });
});

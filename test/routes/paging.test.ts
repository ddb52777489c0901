import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

const PEOPLE = 50_000;
// Generated person i (1-based): released every 10th, support withdrawn every 7th, i % 5 items printed.
const released = (i: number) => i % 10 === 0;
const withdrawn = (i: number) => i % 7 === 0;
const printed = (i: number) => i % 5;

interface Row { id: number; surname: string; givenName: string; printedCount?: number }

/** Binary order, as SQLite compares text (every name here is in the Basic Multilingual Plane). */
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

describe('paged lists and search over 50,000 people', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let firstId: number;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const facility = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody });
    const facilityId = facility.json().id as number;
    // One statement in one transaction: surnames cycle through 997 values so many people share one and the id decides.
    await t.database.db.transaction().execute(async (trx) => {
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${PEOPLE})
        insert into prisoners (surname, given_name, latin_name, gender, status, languages, support_withdrawn, facility_id, birth_year, search_text)
        select printf('Проверкин%03d', (i * 31) % 997), printf('Имя%d', i % 13), printf('Test Person %d', i), 'male',
          case when i % 10 = 0 then 'released' else 'colony' end, 'ru', case when i % 7 = 0 then 1 else 0 end, ${facilityId}, 1990,
          printf('проверкин%03d имя%d test person %d', (i * 31) % 997, i % 13, i)
        from n`.execute(trx);
      firstId = (await trx.selectFrom('prisoners').select((eb) => eb.fn.min<number>('id').as('m')).executeTakeFirstOrThrow()).m;
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${PEOPLE}),
          k(j) as (select 1 union all select j + 1 from k where j < 4)
        insert into printed_items (prisoner_id, kind, language, printed_at)
        select ${firstId} - 1 + i, 'letter', 'ru', printf('2026-01-%02dT10:00:00.000Z', j) from n join k on j <= i % 5`.execute(trx);
    });
  }, 120_000);
  afterAll(() => t.close());

  const index = (id: number) => id - firstId + 1;

  async function everyPage<T>(url: string, key: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const pageQuery: Record<string, string> = { ...query, limit: '200', ...(cursor ? { cursor } : {}) };
      const res = await t.app.inject({ url, headers, query: pageQuery });
      expect(res.statusCode).toBe(200);
      const body = res.json() as Record<string, unknown>;
      pages.push(body[key] as T[]);
      cursor = body.next as string | null;
    } while (cursor);
    return pages;
  }

  function expectDisjointAndOrdered<R extends { id: number }>(pages: R[][], key: (r: R) => (string | number)[]) {
    const seen = new Set<number>();
    const all = pages.flat();
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(200);
      for (const r of page) {
        expect(seen.has(r.id)).toBe(false);
        seen.add(r.id);
      }
    }
    for (let i = 1; i < all.length; i++) {
      const a = key(all[i - 1]!);
      const b = key(all[i]!);
      const order = a.map((v, k) => cmp(v, b[k]!)).find((c) => c !== 0) ?? 0;
      expect(order).toBe(-1);
    }
    return seen;
  }

  it('pages the console list by name: every page disjoint, all 50,000 in order, with a total', async () => {
    const first = (await t.app.inject({ url: '/api/admin/prisoners', headers: h })).json();
    expect(first.prisoners).toHaveLength(50);
    expect(first.total).toBe(PEOPLE);
    expect(typeof first.next).toBe('string');
    const pages = await everyPage<Row>('/api/admin/prisoners', 'prisoners', {}, h);
    expect(pages).toHaveLength(PEOPLE / 200);
    expect(expectDisjointAndOrdered(pages, (r) => [r.surname, r.givenName, r.id]).size).toBe(PEOPLE);
  }, 120_000);

  it('pages the kiosk list fewest printed first and never offers a released or withdrawn person', async () => {
    const pages = await everyPage<Row>('/api/prisoners', 'prisoners');
    const seen = expectDisjointAndOrdered(pages, (r) => [r.printedCount!, r.surname, r.givenName, r.id]);
    let open = 0;
    for (let i = 1; i <= PEOPLE; i++) if (!released(i) && !withdrawn(i)) open++;
    expect(seen.size).toBe(open);
    for (const r of pages.flat()) {
      const i = index(r.id);
      expect(released(i) || withdrawn(i)).toBe(false);
      expect(r.printedCount).toBe(printed(i));
    }
  }, 120_000);

  it('pages the per-person statistics, fewest first, while the totals stay whole', async () => {
    const first = (await t.app.inject({ url: '/api/admin/stats', headers: h, query: { to: '2026-01-31' } })).json();
    // Items per person: 0,1,2,3,4 in turn, so 10,000 × (0+1+2+3+4) in January.
    expect(first.total).toBe(100_000);
    expect(first.people).toBe(PEOPLE);
    const pages = await everyPage<{ id: number; count: number; latinName: string }>('/api/admin/stats', 'perPerson', { to: '2026-01-31' }, h);
    expect(expectDisjointAndOrdered(pages, (r) => [r.count, r.latinName, r.id]).size).toBe(PEOPLE);
    for (const r of pages.flat().slice(0, 500)) expect(r.count).toBe(0);
  }, 120_000);

  let counted = 0;
  it('keeps the kiosk count when an item is printed: the person moves behind those with fewer', async () => {
    const make = async (givenName: string, gender: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname: 'Счетоводова', givenName, gender, birthYear: 1980, status: 'colony' } })).json().id as number;
    const anna = await make('Анна', 'female');
    const bella = await make('Белла', 'female');
    const order = async () => ((await t.app.inject({ url: '/api/prisoners?q=Счетоводова' })).json().prisoners as Row[]).map((r) => [r.id, r.printedCount]);
    expect(await order()).toEqual([[anna, 0], [bella, 0]]);
    expect((await t.app.inject({ method: 'POST', url: '/api/printed', payload: { prisonerId: anna, kind: 'letter', language: 'ru' } })).statusCode).toBe(201);
    expect(await order()).toEqual([[bella, 0], [anna, 1]]);
    counted = anna;
  });

  it('refuses a cursor that is not one and a limit over 200, naming the field', async () => {
    const bad = await t.app.inject({ url: '/api/admin/prisoners?cursor=nonsense', headers: h });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('cursor');
    const next = (await t.app.inject({ url: '/api/admin/prisoners', headers: h })).json().next as string;
    const other = await t.app.inject({ url: `/api/admin/prisoners?sort=lastLetter&cursor=${next}`, headers: h });
    expect(other.statusCode).toBe(400);
    expect(other.json().field).toBe('cursor');
    expect((await t.app.inject({ url: '/api/prisoners?limit=201' })).statusCode).toBe(400);
  });

  it('filters by last letter and sorts by it', async () => {
    const never = (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { lastLetterBefore: '2026-01-01', limit: '5' } })).json();
    // Every fifth generated person has none printed, and so has Белла.
    expect(never.total).toBe(PEOPLE / 5 + 1);
    const recent = (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { lastLetterSince: '2026-01-04', limit: '5' } })).json();
    // People with 4 items printed on 1–4 January, and the one counted today.
    expect(recent.total).toBe(PEOPLE / 5 + 1);
    const newest = (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { sort: 'lastLetter', order: 'desc', limit: '1' } })).json();
    expect(newest.prisoners[0].id).toBe(counted);
  });

  it('filters by region and by a doubtful address', async () => {
    const total = async (query: Record<string, string>) => (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { ...query, limit: '1' } })).json().total;
    // Everyone generated is at the one facility of that region; Анна and Белла have none.
    expect(await total({ region: facilityBody.region })).toBe(PEOPLE);
    expect(await total({ region: 'Нет такого региона' })).toBe(0);
    // No address date or source on anyone generated: every one open for letters is doubtful, and so are the two.
    let open = 0;
    for (let i = 1; i <= PEOPLE; i++) if (!released(i) && !withdrawn(i)) open++;
    expect(await total({ suspect: 'true' })).toBe(open + 2);
    expect(await total({ suspect: 'true', status: 'released' })).toBe(0);
  });

  it('pages facilities by name, region or kind, filtered by kind, with their people counted', async () => {
    const made = [
      { name: 'ИК-1 Б', kind: 'ik', region: 'Пермский край' },
      { name: 'ИК-2 А', kind: 'ik', region: 'Алтайский край' },
      { name: 'СИЗО-3 В', kind: 'sizo', region: 'Пермский край' },
    ];
    for (const f of made) {
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, ...f } })).statusCode).toBe(201);
    }
    const names = (pages: { name: string }[][]) => pages.map((p) => p.map((f) => f.name));
    const walk = async (query: Record<string, string>) => {
      const pages: { name: string; people: number }[][] = [];
      let cursor: string | null = null;
      do {
        const pageQuery: Record<string, string> = { ...query, limit: '2', ...(cursor ? { cursor } : {}) };
        const body = (await t.app.inject({ url: '/api/admin/facilities', headers: h, query: pageQuery })).json() as { facilities: { name: string; people: number }[]; next: string | null };
        pages.push(body.facilities);
        cursor = body.next;
      } while (cursor);
      return pages;
    };
    const byName = await walk({});
    expect(names(byName)).toEqual([['ИК-1 Б', 'ИК-2 А'], ['СИЗО-3 В', facilityBody.name]]);
    expect(byName[1]![1]!.people).toBe(PEOPLE);
    expect(names(await walk({ sort: 'region' }))).toEqual([['ИК-2 А', 'ИК-1 Б'], ['СИЗО-3 В', facilityBody.name]]);
    expect(names(await walk({ sort: 'kind' }))).toEqual([['ИК-1 Б', 'ИК-2 А'], ['СИЗО-3 В', facilityBody.name]]);
    expect(names(await walk({ kind: 'sizo' }))).toEqual([['СИЗО-3 В', facilityBody.name]]);
    const regional = (await t.app.inject({ url: '/api/admin/facilities', headers: h, query: { region: 'Пермский край' } })).json();
    expect([regional.total, regional.facilities.map((f: { name: string }) => f.name)]).toEqual([2, ['ИК-1 Б', 'СИЗО-3 В']]);
  });

  describe('search', () => {
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      const people = {
        ivanov: { surname: 'Иванов', givenName: 'Сергей', patronymic: 'Петрович', knownAs: 'Serguei Ivanoff' },
        kovaleva: { surname: 'Ковалёва', givenName: 'Юлия', patronymic: null, knownAs: null },
        shchukin: { surname: 'Щукин', givenName: 'Артём', patronymic: null, knownAs: null },
        khrushchev: { surname: 'Хрущёв', givenName: 'Никита', patronymic: null, knownAs: null },
      };
      for (const [key, p] of Object.entries(people)) {
        const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...p, birthYear: 1980, status: 'colony' } });
        expect(res.statusCode).toBe(201);
        ids[key] = res.json().id;
      }
    });

    const found = async (q: string) => {
      const res = await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { q } });
      expect(res.statusCode).toBe(200);
      const kiosk = await t.app.inject({ url: '/api/prisoners', query: { q } });
      const ids = (res.json().prisoners as Row[]).map((p) => p.id);
      expect((kiosk.json().prisoners as Row[]).map((p) => p.id)).toEqual(ids);
      return ids;
    };

    it.each([
      ['Cyrillic', 'Иванов', 'ivanov'],
      ['Cyrillic, reversed order', 'Сергей Иванов', 'ivanov'],
      ['Cyrillic with the patronymic, any order', 'Петрович Иванов Сергей', 'ivanov'],
      ['Wikipedia, surname first', 'Ivanov Sergey', 'ivanov'],
      ['ICAO (passports)', 'Sergei Ivanov', 'ivanov'],
      ['scientific', 'Sergej Ivanov', 'ivanov'],
      ['known as', 'Serguei', 'ivanov'],
      ['known as, the other word', 'ivanoff', 'ivanov'],
      ['word prefixes', 'iva serg', 'ivanov'],
      ['ё written е', 'Ковалева', 'kovaleva'],
      ['ё written ё', 'КОВАЛЁВА', 'kovaleva'],
      ['Wikipedia yo', 'Yuliya Kovalyova', 'kovaleva'],
      ['ICAO', 'Iuliia Kovaleva', 'kovaleva'],
      ['scientific j', 'Julija', 'kovaleva'],
      ['Wikipedia shch', 'Shchukin Artyom', 'shchukin'],
      ['Mosmetro', 'Schukin', 'shchukin'],
      ['scientific with its háček', 'Ščukin', 'shchukin'],
      ['scientific without it', 'Scukin', 'shchukin'],
      ['Wikipedia', 'Khrushchyov', 'khrushchev'],
      ['ICAO', 'Khrushchev Nikita', 'khrushchev'],
    ])('finds by %s: %s', async (_how, q, who) => {
      expect(await found(q)).toEqual([ids[who]]);
    });

    it('needs every word: a word no one has finds no one', async () => {
      expect(await found('Ivanov Yuliya')).toEqual([]);
      expect(await found('"*')).toEqual([]);
    });

    it('finds the generated people by prefix too, paged', async () => {
      const res = (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { q: 'проверкин001 имя1', limit: '200' } })).json();
      // Surname 001 is i·31 ≡ 1 (mod 997); given names Имя1, Имя10, Имя11, Имя12 match the prefix "имя1".
      let expected = 0;
      for (let i = 1; i <= PEOPLE; i++) if ((i * 31) % 997 === 1 && [1, 10, 11, 12].includes(i % 13)) expected++;
      expect(res.total).toBe(expected);
    });
  });
});

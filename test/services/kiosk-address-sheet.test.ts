/** A letter printed at the kiosk for a post route carries its address sheet; by forward or relay it does not. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { createRoute } from '../../server/services/routes.js';
import { noCups } from '../printing/stand-in-cups.js';
import { readPdf } from '../pdf/pdf-read.js';

describe('the address sheet of a kiosk letter', () => {
  let t: TestApp;
  let people: { id: number; surname: string }[];
  beforeEach(async () => {
    t = await makeTestApp({ app: { cups: noCups } });
    people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    const forward = await createRoute(t.app.db, { id: null, username: 'test' }, {
      kind: 'forward', name: 'Via Berlin', partnerName: 'Partner', partnerAddress: 'Postfach 1\n10115 Berlin', partnerCountry: 'DE',
    });
    const post = await createRoute(t.app.db, { id: null, username: 'test' }, { kind: 'post', name: 'Posted here' });
    await t.app.db.updateTable('prisoners').set({ preferredRouteId: post.id }).where('id', '=', people[0]!.id).execute();
    await t.app.db.updateTable('prisoners').set({ preferredRouteId: forward.id }).where('id', '=', people[1]!.id).execute();
  });
  afterEach(() => t.close());

  const pdf = (prisonerId: number, addressSheet: boolean) =>
    t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId, text: 'Дорогой друг! Держись.', options: { addressSheet } } });

  it('adds the page with the full address for post, and nothing for forward', async () => {
    const plain = await readPdf((await pdf(people[0]!.id, false)).rawPayload);
    const sheetRes = await pdf(people[0]!.id, true);
    if (process.env.VOLYA_KEEP_PDF) (await import('node:fs')).writeFileSync(process.env.VOLYA_KEEP_PDF, sheetRes.rawPayload);
    const withSheet = await readPdf(sheetRes.rawPayload);
    expect(withSheet.length).toBe(plain.length + 1);
    const sheet = withSheet.at(-1)!.texts.map((x) => x.str).join(' ');
    expect(sheet).toContain('Адрес для конверта');
    expect(sheet).toContain('RUSSIA');
    const person = (await t.app.db.selectFrom('prisoners').innerJoin('facilities', 'facilities.id', 'prisoners.facilityId').select(['facilities.postalCode']).where('prisoners.id', '=', people[0]!.id).executeTakeFirstOrThrow());
    expect(sheet).toContain(person.postalCode);
    const forward = await readPdf((await pdf(people[1]!.id, true)).rawPayload);
    expect(forward.length).toBe(plain.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteUrl, makeTestApp, type TestApp, putPrintSettings } from '../helpers.js';
import { isLoopback, isThisMachine, phoneMayUse } from '../../server/plugins/client-kind.js';
import { lanAddresses } from '../../server/services/phones.js';
import { noCups } from '../printing/stand-in-cups.js';

const PHONE = '192.168.1.50';
const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады.';

describe('phones on the local network', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let personId: number;
  beforeAll(async () => {
    t = await makeTestApp({ app: { cups: noCups, phoneQueueLimit: 3, phoneRequestsPerMinute: 1000 } });
    h = await t.login();
    personId = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners[0].id;
  });
  afterAll(() => t.close());

  const phone = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: method as 'GET', url, payload: payload as object, headers, remoteAddress: PHONE });
  const setPhones = async (on: boolean) =>
    expect((await putPrintSettings(t, h, { phonesAllowed: on })).statusCode).toBe(200);

  it('tells loopback from the network', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.3.4.5'].map(isLoopback)).toEqual([true, true, true, true]);
    expect([PHONE, '::ffff:10.0.0.3', 'fe80::1', '128.0.0.1'].map(isLoopback)).toEqual([false, false, false, false]);
    // The laptop's browser on the LAN URL is still the laptop.
    for (const own of lanAddresses()) expect(isThisMachine(own)).toBe(true);
    expect(isThisMachine(PHONE)).toBe(lanAddresses().includes(PHONE));
    expect(['/admin', '/admin/', '/admin/print-runs.html', '/api/admin/session', '/api/print', '/api/anything'].map(phoneMayUse)).toEqual([false, false, false, false, false, false]);
    expect(['/', '/index.html', '/kiosk.js', '/api/prisoners', '/api/queue', '/api/print/capabilities', '/api/pdf'].map(phoneMayUse)).toEqual([true, true, true, true, true, true, true]);
  });

  it('gets 403 everywhere while phone access is off (the default)', async () => {
    for (const [method, url] of [['GET', '/'], ['GET', '/api/prisoners'], ['POST', '/api/queue'], ['GET', '/api/print/capabilities']]) {
      const res = await phone(method!, url!, method === 'POST' ? { kind: 'letter', prisonerId: personId, text: LETTER } : undefined);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      expect(res.json().message).toMatch(/switched off/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await t.app.inject({ url: '/api/prisoners' })).statusCode).toBe(200); // the kiosk itself is unaffected
  });

  it('gets 403 on every organizer route, the console pages and direct printing, even with a valid session', async () => {
    await setPhones(true);
    const organizer = t.routes.filter((r) => r.url.startsWith('/api/admin'));
    expect(organizer.length).toBeGreaterThan(20);
    for (const r of organizer) {
      const res = await phone(r.method, concreteUrl(r.url), ['GET', 'DELETE'].includes(r.method) ? undefined : {}, h);
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 403 });
    }
    for (const url of ['/admin', '/admin/', '/admin/index.html', '/admin/print-runs.html', '/admin/print-runs.js']) {
      expect({ url, status: (await phone('GET', url)).statusCode }).toEqual({ url, status: 403 });
    }
    const print = await phone('POST', '/api/print', { kind: 'letter', prisonerId: personId, text: LETTER });
    expect(print.statusCode).toBe(403);
  });

  it('may use the kiosk: list, page, capabilities (phone: true, no printer), and queue — rate-limited', async () => {
    await setPhones(true);
    expect((await phone('GET', '/api/prisoners')).statusCode).toBe(200);
    expect((await phone('GET', '/')).statusCode).toBe(200);
    expect((await phone('GET', '/api/print/capabilities')).json()).toEqual({ queue: true, printer: null, phone: true });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await phone('POST', '/api/queue', { kind: 'letter', prisonerId: personId, text: LETTER })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    // The laptop's own browser on its LAN address is the kiosk, not a phone.
    for (const own of lanAddresses()) {
      expect((await t.app.inject({ url: '/api/print/capabilities', remoteAddress: own })).json().phone).toBe(false);
    }
    // The kiosk laptop is not limited by the phones' allowance.
    expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: personId, text: LETTER } })).statusCode).toBe(201);
  });

  it('limits how many API requests one phone makes per minute', async () => {
    const limited = await makeTestApp({ app: { cups: noCups, phoneRequestsPerMinute: 5 } });
    const lh = await limited.login();
    await putPrintSettings(limited, lh, { phonesAllowed: true });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await limited.app.inject({ url: '/api/prisoners', remoteAddress: PHONE })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Another phone has its own allowance.
    expect((await limited.app.inject({ url: '/api/prisoners', remoteAddress: '192.168.1.51' })).statusCode).toBe(200);
    await limited.close();
  });

  it('decides on the decoded path: percent-encoding reaches neither the console nor the organizer API', async () => {
    await setPhones(true);
    // Each spelling is what the router decodes to an organizer route or a console page.
    for (const url of ['/%61pi/admin/session', '/%61pi/admin/prisoners', '/api/%61dmin/session', '/%61dmin/index.html', '/%61dmin/', '/admin%2Findex.html', '/%2e/admin/index.html', '/api/prisoners/%2e%2e/admin/session', '//admin/index.html']) {
      const res = await phone('GET', url, undefined, h);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
    }
    const login = await phone('POST', '/%61pi/admin/login', { username: 'admin', password: 'correct-horse-battery' });
    expect(login.statusCode).toBe(403);
    expect(login.cookies).toEqual([]);
    // The same paths unencoded still work for the kiosk.
    expect((await phone('GET', '/%61pi/prisoners')).statusCode).toBe(200);
  });

  it('counts an encoded API path against the phone\'s allowance', async () => {
    const limited = await makeTestApp({ app: { cups: noCups, phoneRequestsPerMinute: 3 } });
    const lh = await limited.login();
    await putPrintSettings(limited, lh, { phonesAllowed: true });
    const statuses: number[] = [];
    for (const url of ['/api/prisoners', '/%61pi/prisoners', '/ap%69/prisoners', '/%61%70%69/prisoners']) {
      statuses.push((await limited.app.inject({ url, remoteAddress: PHONE })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    await limited.close();
  });

  it('may use every public route the kiosk page calls', async () => {
    await setPhones(true);
    const calls: [string, string, unknown?][] = [
      ['GET', '/'], ['GET', '/kiosk/main.js'], ['GET', '/i18n/en.json'], ['GET', '/i18n/ru.json'], ['GET', '/vendor/pdfjs/pdf.min.mjs'],
      ['GET', '/api/kiosk/config'], ['GET', '/api/print/capabilities'], ['GET', '/api/prisoners?q=%D0%B8%D0%B2'], ['GET', `/api/prisoners/${personId}`],
      ['GET', '/api/templates'], ['GET', '/api/phrasebook?recipientGender=male&sender=group'],
      ['POST', '/api/hints', { text: 'Привет, hello', kind: 'postcard', uiLanguage: 'en' }],
      ['POST', '/api/compose', { kind: 'letter', templateId: 'x', prisonerId: personId, writer: 'group' }],
      ['POST', '/api/pdf', { kind: 'postcard', prisonerId: personId, text: LETTER }],
      ['POST', '/api/pdf/report', { kind: 'postcard', prisonerId: personId, text: LETTER }],
      ['POST', '/api/queue', { kind: 'letter', prisonerId: personId, text: 'x' }],
    ];
    for (const [method, url, payload] of calls) {
      const res = await phone(method, url, payload);
      expect({ url, status: res.statusCode, phoneRefused: res.statusCode === 403 }).toEqual({ url, status: res.statusCode, phoneRefused: false });
      expect({ url, status: res.statusCode < 500 }).toEqual({ url, status: true });
    }
    const hints = await phone('POST', '/api/hints', { text: 'Hello friend', kind: 'postcard', uiLanguage: 'en' });
    expect(hints.statusCode).toBe(200);
    expect(hints.json().hints.map((x: { type: string }) => x.type)).toContain('latin');
  });

  it('gives organizers a QR code for the phone URL, generated locally', async () => {
    const qr = (await t.app.inject({ url: '/api/admin/phone-qr', headers: h })).json();
    expect(qr).toMatchObject({ host: '127.0.0.1', port: 3000, listensOnLan: false, phonesAllowed: expect.any(Boolean) });
    if (qr.url) {
      expect(qr.url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:3000\/$/);
      expect(qr.qr).toMatch(/^data:image\/png;base64,/);
    } else {
      expect(qr.addresses).toEqual([]);
    }
  });
});

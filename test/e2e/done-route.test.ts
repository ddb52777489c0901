/**
 * The kiosk's Done screen tells the truth about the way out, in Chromium against the real server: a stamp only for
 * a post route, the partner's country for a forward route, the relay's name for an e-letter, in English and Russian.
 * Screens are saved under test-artifacts/screens/done-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, guardedContext, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

const en = JSON.parse(readFileSync('public/i18n/en.json', 'utf8')) as Record<string, string>;
const ru = JSON.parse(readFileSync('public/i18n/ru.json', 'utf8')) as Record<string, string>;

describe('the Done screen names the route', () => {
  let server: RunningServer;
  let browser: Browser;
  let headers: Record<string, string>;

  async function admin(method: string, url: string, body?: unknown) {
    const res = await fetch(`${server.url}${url}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async function prefer(latin: string, routeId: number) {
    const found = (await (await fetch(`${server.url}/api/prisoners?q=${encodeURIComponent(latin)}`)).json()).prisoners[0];
    const person = await admin('GET', `/api/admin/prisoners/${found.id}`);
    await admin('POST', `/api/admin/prisoners/${found.id}/preferred-route`, { routeId, version: person.version });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookie = /volya_session=[^;]+/u.exec(login.headers.get('set-cookie') ?? '')![0];
    headers = { cookie, 'x-csrf-token': (await login.json()).csrfToken };
    const post = await admin('POST', '/api/admin/routes', { kind: 'post', name: 'Post from here' });
    const forward = await admin('POST', '/api/admin/routes', {
      kind: 'forward', name: 'Via Berlin', partnerName: 'Briefe nach Russland', partnerAddress: 'Postfach 1\n10115 Berlin\nGERMANY', partnerCountry: 'DE', returnAddressOf: 'collective',
    });
    const relay = await admin('POST', '/api/admin/routes', { kind: 'relay', name: 'Письмо-сервис', accepts: 'text' });
    await prefer('Kirill Bondarenko', post.id);
    await prefer('Rashad Guseynov', forward.id);
    await prefer('Yuliya Kovalyova', relay.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function writeAndQueue(latin: string, lang: 'en' | 'ru') {
    const g = await guardedContext(browser, server.url);
    const { page } = g;
    await page.goto(server.url);
    await page.locator('[data-screen="start"]').waitFor({ state: 'visible' });
    if (lang === 'ru') await page.locator('.lang[data-lang="ru"]').click();
    await page.locator('.choice[data-kind="letter"]').click();
    await page.locator('[data-screen="person"]').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: latin }).click();
    await page.locator('[data-screen="write"]').waitFor({ state: 'visible' });
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.locator('#write-next').click();
    await page.locator('[data-screen="sign"]').waitFor({ state: 'visible' });
    await page.locator('#sign-next').click();
    await page.locator('[data-screen="preview"]').waitFor({ state: 'visible' });
    await page.locator('#pages canvas').first().waitFor();
    await page.locator('#queue').click();
    await page.locator('[data-screen="done"]').waitFor({ state: 'visible' });
    return g;
  }

  it('post: the stamp and the mailbox', async () => {
    const { page, context } = await writeAndQueue('Kirill Bondarenko', 'en');
    expect(await page.locator('#done-route').getAttribute('data-route-kind')).toBe('post');
    expect(await page.locator('#done-route').textContent()).toBe(en['done.route.post']);
    expect(await page.locator('#done-stamp').isVisible()).toBe(true);
    expect(await page.locator('#done-mailbox').isVisible()).toBe(true);
    await screenshot(page, 'done-post');
    await context.close();
  });

  it('forward: our partners in Germany post it, no stamp', async () => {
    const { page, context } = await writeAndQueue('Rashad Guseynov', 'en');
    const text = await page.locator('#done-route').textContent();
    expect(text).toContain('The organizers send your letter with the others to our partners in Germany, who post it. Letters take 4 to 8 weeks.');
    expect(await page.locator('#done-stamp').isVisible()).toBe(false);
    await screenshot(page, 'done-forward');
    // The same screen in Russian.
    await page.locator('.lang[data-lang="ru"]').click();
    expect(await page.locator('#done-route').textContent()).toContain(ru['done.route.forward']!.replace('{country}', 'Германия'));
    await screenshot(page, 'done-forward-ru');
    await context.close();
  });

  it('relay: an e-letter through the relay, nothing to post', async () => {
    const { page, context } = await writeAndQueue('Yuliya Kovalyova', 'ru');
    expect(await page.locator('#done-route').textContent()).toContain('Ваше письмо уйдёт в Россию электронным письмом через «Письмо-сервис».');
    for (const id of ['#done-stamp', '#done-mailbox', '#done-envelope']) expect(await page.locator(id).isVisible()).toBe(false);
    await screenshot(page, 'done-relay-ru');
    await page.locator('.lang[data-lang="en"]').click();
    expect(await page.locator('#done-route').textContent()).toContain('Your letter goes to Russia as an e-letter through Письмо-сервис.');
    await context.close();
  });
});

/** Two chapters in Chromium: one makes its key and publishes, the other adds it by public key and takes the feed in. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, guardedContext, launchBrowser, screenshot, startServer, type GuardedContext, type RunningServer } from './harness.js';

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/admin/login.html`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'People' }).waitFor();
}

/** An organizer request from the page, with the session's CSRF token. */
function request(page: Page, method: string, url: string, body: unknown) {
  return page.evaluate(async ([m, u, b]) => {
    const session = await (await fetch('/api/admin/session')).json();
    const res = await fetch(u as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify(b) });
    return res.json();
  }, [method, url, body] as const);
}

describe('list feeds in the console', () => {
  let north: RunningServer;
  let south: RunningServer;
  let browser: Browser;
  let a: GuardedContext;
  let b: GuardedContext;
  beforeAll(async () => {
    [north, south] = await Promise.all([startServer(), startServer()]);
    browser = await launchBrowser();
    a = await guardedContext(browser, north.url, { acceptDownloads: true });
    b = await guardedContext(browser, south.url);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([north?.stop(), south?.stop()]);
  });

  it('publishes from one chapter and takes the feed in at the other after the review', async () => {
    await signIn(a.page, north.url);
    const facility = await request(a.page, 'POST', '/api/admin/facilities', {
      name: 'ФКУ СИЗО-2 УФСИН России по Тестовой области', kind: 'sizo', street: 'ул. Тестовая, 1', city: 'г. Тестов', postalCode: '123456', country: 'RU',
    });
    await request(a.page, 'POST', '/api/admin/prisoners', { surname: 'Лесной', givenName: 'Павел', birthYear: 1988, facilityId: facility.id, status: 'pretrial' });

    // The Feeds page's own load is waited for here, so that the load awaited next is the reload that making the key
    // causes, not this page's late one.
    await Promise.all([a.page.waitForEvent('load'), a.page.getByRole('link', { name: 'Feeds' }).click()]);
    // Making the key reloads the page: the fingerprint is read from the reloaded one, once it is drawn.
    await Promise.all([a.page.waitForEvent('load'), a.page.getByRole('button', { name: 'Make the key pair' }).click()]);
    const fingerprintText = () => a.page.locator('strong.fingerprint').innerText().then((s) => s.trim(), () => '');
    await expect.poll(fingerprintText).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    await a.page.waitForLoadState('load');
    const fingerprint = await fingerprintText();
    const publicKey = (await a.page.locator('code').first().innerText()).trim();
    await a.page.getByLabel('The feed includes').selectOption('all');
    // Saving reloads the page: publishing is clicked on the reloaded page, or the reload would cut the download off.
    await Promise.all([a.page.waitForEvent('load'), a.page.getByRole('button', { name: 'Save' }).click()]);
    await a.page.getByText('Publish and download', { exact: true }).waitFor();
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByText('Publish and download', { exact: true }).click()]);
    const file = fs.readFileSync((await download.path())!);
    expect(JSON.parse(file.toString())).toMatchObject({ format: 'volya-feed', version: 1, sequence: 1 });
    await screenshot(a.page, 'admin-feeds-publisher');

    await signIn(b.page, south.url);
    // No feed taken yet from any publisher: nothing to warn about.
    expect(await b.page.getByText('Take in a feed').count()).toBe(0);
    await b.page.getByRole('link', { name: 'Feeds' }).click();
    await b.page.getByLabel('Publisher', { exact: true }).fill('North chapter');
    await b.page.getByLabel('Their public key (64 hex digits)').fill(publicKey);
    const shown = new Promise<string>((resolve) => b.page.once('dialog', (d) => { resolve(d.message()); void d.accept(); }));
    await b.page.getByRole('button', { name: 'Add a publisher' }).click();
    expect(await shown).toContain(fingerprint);
    await b.page.locator('td', { hasText: 'North chapter' }).waitFor();
    await b.page.getByText('No list feed has been taken yet').waitFor();

    await b.page.setInputFiles('input[type=file]', { name: 'volya-feed-list-1.json', mimeType: 'application/json', buffer: file });
    await b.page.getByRole('button', { name: 'Check and show the changes' }).click();
    await b.page.getByText('New: 1 person').waitFor();
    await screenshot(b.page, 'admin-feeds-review');
    await b.page.getByRole('button', { name: 'Apply all changes' }).click();
    await b.page.getByText('Applied: from feed North chapter #1.').waitFor();

    await b.page.reload();
    await b.page.locator('td', { hasText: '#1' }).waitFor();
    expect(await b.page.getByText('No list feed has been taken yet').count()).toBe(0);
    expect([...a.errors, ...b.errors, ...a.offHost, ...b.offHost]).toEqual([]);
  });
});

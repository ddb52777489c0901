import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_PASSWORD, ARTIFACTS, guardedContext, launchBrowser, startServer, type GuardedContext, type RunningServer } from './harness.js';

interface Organizer {
  cookie: string;
  csrf: string;
}

/** A second organizer working from another machine: a session of its own, plain HTTP. */
async function signIn(server: RunningServer): Promise<Organizer> {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function call(server: RunningServer, who: Organizer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown> & { version: number };
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

describe('two organizers and an ended session in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let g: GuardedContext;
  let page: Page;
  let other: Organizer;
  let personId: number;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    g = await guardedContext(browser, server.url);
    page = g.page;
    other = await signIn(server);
    const people = (await call(server, other, 'GET', '/api/admin/prisoners')).prisoners as { id: number; supportWithdrawn: boolean; status: string }[];
    personId = people.find((p) => !p.supportWithdrawn && p.status !== 'released')!.id;
    await page.goto(`${server.url}/admin/login.html`);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/admin/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openPerson = async () => {
    await page.goto(`${server.url}/admin/person.html?id=${personId}`);
    await page.locator('body.is-ready').waitFor();
    await page.getByLabel('Case').waitFor();
  };

  it('shows both versions after another organizer saved, keeps one field of each, and the withdrawal stays', async () => {
    await openPerson();
    // Meanwhile the other organizer edits the case and the bio, then withdraws support with a note.
    const seen = await call(server, other, 'GET', `/api/admin/prisoners/${personId}`);
    const kept = ['surname', 'givenName', 'patronymic', 'nameDative', 'gender', 'birthYear', 'birthDate', 'addressAsOf', 'addressSource', 'bioRu', 'languages', 'privateNotes'];
    const edited = await call(server, other, 'PUT', `/api/admin/prisoners/${personId}`, {
      ...Object.fromEntries(kept.map((k) => [k, seen[k]])), latinName: seen.latinNameSet ? seen.latinName : null,
      caseName: 'Их дело', bioEn: 'Their bio.', version: seen.version,
    });
    await call(server, other, 'POST', `/api/admin/prisoners/${personId}/withdraw-support`, { note: 'Asked us to stop writing', version: edited.version });

    await page.getByLabel('Case').fill('Моё дело');
    await page.getByLabel('About (English)').fill('My bio.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Another organizer saved this meanwhile' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Asked us to stop writing');
    const caseRow = dialog.locator('fieldset[data-field="caseName"]');
    const bioRow = dialog.locator('fieldset[data-field="bioEn"]');
    expect(await caseRow.innerText()).toMatch(/Yours\s*Моё дело[\s\S]*Stored now\s*Их дело/);
    expect(await bioRow.getByRole('radio', { name: /Yours/ }).isChecked()).toBe(true);
    // The dialog as the organizer sees it: the viewport, not the page behind it.
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'conflict-dialog-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'conflict-dialog-390.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // Keep my case, take their bio.
    await bioRow.getByRole('radio', { name: /Stored now/ }).check();
    await dialog.getByRole('button', { name: 'Save with these choices' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = await call(server, other, 'GET', `/api/admin/prisoners/${personId}`);
    expect(stored).toMatchObject({ caseName: 'Моё дело', bioEn: 'Their bio.', supportWithdrawn: true, withdrawnNote: 'Asked us to stop writing' });
    const kiosk = await (await fetch(`${server.url}/api/prisoners`)).json() as { prisoners: { id: number }[] };
    expect(kiosk.prisoners.map((p) => p.id)).not.toContain(personId);
    // The refused save is logged by the browser as a failed load; nothing else went wrong on the page.
    expect(g.errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
  });

  it('signs in again in a dialog when the session ended, and the save lands', async () => {
    await openPerson();
    await page.getByLabel('Case').fill('Сохранено после входа');
    // The page's session ends elsewhere: signed out with its own cookie, as from another tab.
    const cookie = (await g.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (await (await page.request.get(`${server.url}/api/admin/session`)).json()).csrfToken as string;
    await call(server, { cookie, csrf }, 'POST', '/api/admin/logout', {});

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('User name').inputValue()).toBe('admin');
    await dialog.getByLabel('Password').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign in and go on' }).click();
    await dialog.getByText('Wrong user name or password.').waitFor();
    await dialog.getByLabel('Password').fill(ADMIN_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in and go on' }).click();
    await page.getByText('Saved.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/person.html');
    expect((await call(server, other, 'GET', `/api/admin/prisoners/${personId}`)).caseName).toBe('Сохранено после входа');
    expect(g.errors.filter((e) => !/status of (401|409)/.test(e))).toEqual([]);
  });

  it('saves after the session was renewed in another tab of the same browser', async () => {
    await openPerson();
    await page.getByLabel('Case').fill('Сохранено из первой вкладки');
    // Another tab signs in again: the browser's cookie is a new session's, this page's CSRF token an old one.
    const tab = await g.context.newPage();
    await tab.goto(`${server.url}/admin/login.html`);
    await tab.getByLabel('User name').fill('admin');
    await tab.getByLabel('Password').fill(ADMIN_PASSWORD);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.waitForURL(`${server.url}/admin/`);
    await tab.close();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    expect((await call(server, other, 'GET', `/api/admin/prisoners/${personId}`)).caseName).toBe('Сохранено из первой вкладки');
  });

  it('asks before leaving a page with unsaved changes', async () => {
    await openPerson();
    await page.getByLabel('Case').fill('Не сохранено');
    await page.getByRole('link', { name: 'People', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Leave without saving?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Stay on the page' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/person.html');
    expect(await page.getByLabel('Case').inputValue()).toBe('Не сохранено');
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await ask.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL(`${server.url}/admin/`);
  });
});

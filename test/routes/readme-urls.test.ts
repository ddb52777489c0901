/** Every http://localhost:3000 address the README and docs/ give a reader answers, after at most one redirect. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';

const ORIGIN = 'http://localhost:3000';

function documents(): string[] {
  const docs = path.resolve('docs');
  const inDocs = fs.existsSync(docs)
    ? fs.readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join(docs, f))
    : [];
  return [path.resolve('README.md'), ...inDocs];
}

/** The path and query of every local address in the documents; prose punctuation after a URL is not part of it. */
function documentedPaths(): string[] {
  const found = new Set<string>();
  for (const file of documents()) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/http:\/\/localhost:3000[^\s`'"<>()[\]]*/g)) {
      const url = match[0].replace(/[.,;:!?]+$/, '');
      found.add(url.slice(ORIGIN.length) || '/');
    }
  }
  return [...found].sort();
}

describe('addresses in the README and docs/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const paths = documentedPaths();

  it('include the kiosk and the organizer console', () => {
    expect(paths).toEqual(expect.arrayContaining(['/', '/admin']));
  });

  it.each(paths)('%s answers with a status below 400', async (url) => {
    let res = await t.app.inject({ method: 'GET', url });
    if (res.statusCode >= 300 && res.statusCode < 400) {
      const location = res.headers.location;
      expect(location, `${url} redirects without a Location`).toBeTypeOf('string');
      const next = new URL(String(location), ORIGIN + url);
      expect(next.origin, `${url} redirects off the server`).toBe(ORIGIN);
      res = await t.app.inject({ method: 'GET', url: next.pathname + next.search });
    }
    expect(res.statusCode, `GET ${url}`).toBeLessThan(400);
  });

  it('/admin keeps its query string on the way to /admin/', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin?lang=ru' });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/admin/?lang=ru');
  });
});

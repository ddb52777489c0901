import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { readPdf } from './read-pdf.js';

let t: TestApp;
let open: { id: number; surname: string; gender: string }[];
let hidden: { released: number; withdrawn: number };

beforeAll(async () => {
  t = await makeTestApp();
  open = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners;
  const rows = await t.database.db.selectFrom('prisoners').select(['id', 'status', 'supportWithdrawn']).execute();
  hidden = { released: rows.find((r) => r.status === 'released')!.id, withdrawn: rows.find((r) => r.supportWithdrawn)!.id };
});
afterAll(() => t.close());

const pdf = (payload: object) => t.app.inject({ method: 'POST', url: '/api/pdf', payload });
const report = (payload: object) => t.app.inject({ method: 'POST', url: '/api/pdf/report', payload });

describe('POST /api/pdf', () => {
  it('renders a letter from a template with headers for pages, replaced characters and a Latin file name', async () => {
    const person = open[0]!;
    const res = await pdf({ kind: 'letter', prisonerId: person.id, templateId: 'first-letter-ru', sender: { kind: 'group' }, options: { englishCopy: true } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="volya-letter-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf"$/u);
    expect(res.headers['x-volya-pages']).toBe('3');
    expect(JSON.parse(decodeURIComponent(String(res.headers['x-volya-replaced'])))).toEqual([]);
    const pages = await readPdf(new Uint8Array(res.rawPayload));
    expect(pages[0]!.lines.join('\n')).toMatch(/^(Дорогой|Дорогая) /mu);
    expect(pages[0]!.lines.at(-1)).toMatch(/ г\.р\. стр\. 1 из 1$/u);
  });

  it('fills template fields in the PDF for a man, a woman, one writer and a group', async () => {
    const man = open.find((p) => p.gender === 'male')!;
    const woman = open.find((p) => p.gender === 'female')!;
    const text = async (prisonerId: number, sender: object) => {
      const res = await pdf({ kind: 'letter', prisonerId, templateId: 'first-letter-ru', sender });
      expect(res.statusCode).toBe(200);
      return (await readPdf(new Uint8Array(res.rawPayload)))[0]!.lines.join(' ').replace(/- /gu, '');
    };
    const a = await text(man.id, { kind: 'single', gender: 'female', name: 'Анна' });
    expect(a).toMatch(/Дорогой .+!/u);
    expect(a).toContain('Я хотела написать тебе, чтобы ты знал: ты не один.');
    expect(a).toContain('С теплом, Анна');
    const b = await text(woman.id, { kind: 'group' });
    expect(b).toMatch(/Дорогая .+!/u);
    expect(b).toContain('Мы хотели написать тебе, чтобы ты знала: ты не одна.');
    expect(b).toContain('Твои друзья из Канады');
  });

  it('reports replaced characters of the writer’s own text', async () => {
    const res = await report({ kind: 'letter', prisonerId: open[0]!.id, text: 'Привет 🙂 你好' });
    expect(res.statusCode).toBe(200);
    expect(res.json().replaced.map((r: { codePoint: string }) => r.codePoint)).toEqual(['U+1F642', 'U+4F60', 'U+597D']);
  });

  it('prints labels and envelopes for a list, postcards four to a sheet', async () => {
    const ids = open.map((p) => p.id);
    expect((await report({ kind: 'labels', prisonerIds: ids, paper: 'letter' })).json().pages).toBe(1);
    expect((await report({ kind: 'envelope', prisonerIds: ids.slice(0, 3), options: { envelopeSize: 'C6' } })).json().pages).toBe(3);
    expect((await report({ kind: 'postcard-sheet', prisonerIds: ids.slice(0, 5), templateId: 'remember-ru' })).json().pages).toBe(4);
  });

  it('refuses a text over the limit with 422 naming the field', async () => {
    const res = await report({ kind: 'letter', prisonerId: open[0]!.id, text: 'а'.repeat(20_001) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ field: 'text', message: 'text: the text is 20001 characters; the limit is 20000' });
  });

  it('refuses people who were released or from whom support was withdrawn exactly as unknown ids (404, same words)', async () => {
    const released = await pdf({ kind: 'letter', prisonerId: hidden.released, text: 'Привет' });
    const unknown = await pdf({ kind: 'letter', prisonerId: 99_999, text: 'Привет' });
    expect(released.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(released.json().message.replace(String(hidden.released), 'N')).toBe(unknown.json().message.replace('99999', 'N'));
    expect((await pdf({ kind: 'labels', prisonerIds: [open[0]!.id, hidden.withdrawn] })).json()).toMatchObject({ field: 'prisonerIds' });
    expect((await pdf({ kind: 'labels', prisonerIds: [open[0]!.id, hidden.withdrawn] })).statusCode).toBe(404);
  });

  it('accepts a PNG picture of a few megabytes and refuses anything that is not PNG or JPEG', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/gL+5eIzGQAAAABJRU5ErkJggg==', 'base64');
    // Padding after IEND keeps the file valid while making the body bigger than the app's 1 MB default.
    const big = Buffer.concat([png, Buffer.alloc(1.2 * 1024 * 1024)]);
    const ok = await report({ kind: 'postcard', prisonerId: open[0]!.id, templateId: 'remember-ru', image: `data:image/png;base64,${big.toString('base64')}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().pages).toBe(2);
    const bad = await report({ kind: 'postcard', prisonerId: open[0]!.id, text: 'x', image: `data:image/png;base64,${Buffer.from('GIF89a').toString('base64')}` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('image');
  });

  it('refuses a picture with a PNG or JPEG signature and nonsense inside (422), and a PNG claiming a huge size (413 or, when its data is too short for it, 422)', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/gL+5eIzGQAAAABJRU5ErkJggg==', 'base64');
    const corrupt = Buffer.concat([png.subarray(0, 8), Buffer.from('garbage after the signature')]);
    const truncated = png.subarray(0, 40);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0x01, 0x02, 0x03]);
    // A bomb: a tiny file whose header claims 20,000 × 20,000 pixels (1.6 GB once decoded).
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20_000, 16);
    huge.writeUInt32BE(20_000, 20);
    // Found by fuzzing: within the pixel limit (1 × 13,893,633), but 13 bytes of data cannot fill it; decoding it
    // took seconds before it failed.
    const tall = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEA1AABCAbvAAAfFcSJAAAADUlEQVR42mNk+M9QD4gDhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    // Found by fuzzing: a valid header and broken image data on which pdf-lib's inflater never returned.
    const endless = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAK4AAAABCAYAALYfs8SJAAAADUlEQVR42uRk+M9QDwADhgGEWjR9awAAAABJRYpErkJggg==', 'base64');
    endless[28] = 0; // not interlaced: the header itself is valid
    for (const [name, bytes, type, status] of [
      ['corrupt png', corrupt, 'png', 422],
      ['png whose data cannot fill its size', tall, 'png', 422],
      ['png whose data does not inflate', endless, 'png', 422],
      ['truncated png', truncated, 'png', 422],
      ['corrupt jpeg', jpeg, 'jpeg', 422],
      ['huge png', huge, 'png', 413],
    ] as const) {
      for (const kind of ['postcard', 'postcard-sheet']) {
        const res = await pdf({ kind, prisonerId: open[0]!.id, text: 'Привет', image: `data:image/${type};base64,${bytes.toString('base64')}` });
        expect(res.statusCode, `${name} ${kind}`).toBe(status);
        expect(res.json().field).toBe('image');
      }
    }
  });

  it('draws a PNG carrying animation frames, a second header or an unterminated text chunk as the plain picture it starts with', async () => {
    // Each of these sent pdf-lib's PNG decoder into a loop or past the checks; only the chunks needed to draw reach it.
    const { crc32 } = await import('node:zlib');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/gL+5eIzGQAAAABJRU5ErkJggg==', 'base64');
    const chunk = (type: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(data.length, 0);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
      return Buffer.concat([head, data, crc]);
    };
    const iend = png.length - 12;
    const before = (...chunks: Buffer[]) => Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)]);
    // Image data on which pdf-lib's inflater never returned (found by fuzzing), inside an animation frame.
    const endless = Buffer.from('eNrkZPjPUA8AA4YBhA==', 'base64');
    const fcTL = Buffer.alloc(26);
    fcTL.writeUInt32BE(2, 4);
    fcTL.writeUInt32BE(1, 8);
    const animated = before(chunk('acTL', Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])), chunk('fcTL', fcTL), chunk('fdAT', Buffer.concat([Buffer.alloc(4), endless])));
    const ihdr = Buffer.from(png.subarray(16, 29));
    ihdr.writeUInt32BE(13_893_633, 4);
    const secondHeader = before(chunk('IHDR', ihdr));
    // A file ending inside a text chunk that has no terminating zero: pdf-lib searched for the zero for good.
    const text = Buffer.concat([png.subarray(0, iend), chunk('tEXt', Buffer.from('Comment without its terminating zero')).subarray(0, 44)]);
    for (const [name, bytes] of [['animated', animated], ['second header', secondHeader], ['unterminated text', text]] as const) {
      const res = await report({ kind: 'postcard', prisonerId: open[0]!.id, text: 'Привет', image: `data:image/png;base64,${bytes.toString('base64')}` });
      expect(res.statusCode, name).toBe(200);
    }
  });

  it('validates the body schema', async () => {
    const res = await pdf({ kind: 'poster', prisonerId: 1 });
    expect(res.statusCode).toBe(400);
  });
});

describe('templates, compose and phrasebook', () => {
  it('lists templates with their counterparts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/templates' });
    const list = res.json().templates as { id: string; counterpartId: string; kind: string; language: string }[];
    expect(list.find((x) => x.id === 'first-letter-ru')).toMatchObject({ kind: 'letter', language: 'ru', counterpartId: 'first-letter-en' });
  });

  it('composes a template for a person in Russian with its English meaning', async () => {
    const person = open.find((p) => p.gender === 'female')!;
    const res = await t.app.inject({ method: 'POST', url: '/api/compose', payload: { kind: 'postcard', templateId: 'remember-en', prisonerId: person.id, writer: 'group', register: 'ty' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().paragraphs[0].ru).toMatch(/^Дорогая .+! Мы помним о тебе\. Ты не одна/u);
    expect(res.json().paragraphs[0].en).toMatch(/^Dear .+! We remember you\./u);
    const gone = await t.app.inject({ method: 'POST', url: '/api/compose', payload: { kind: 'postcard', templateId: 'remember-ru', prisonerId: hidden.withdrawn, writer: 'group' } });
    expect(gone.statusCode).toBe(404);
  });

  it('gives the phrasebook resolved for the choices, or raw with every variant', async () => {
    const resolved = (await t.app.inject({ method: 'GET', url: '/api/phrasebook?recipientGender=female&sender=single-male' })).json();
    const notAlone = resolved.categories.flatMap((c: { phrases: { id: string }[] }) => c.phrases).find((p: { id: string }) => p.id === 'support.not-alone');
    expect(notAlone).toEqual({ id: 'support.not-alone', ru: 'Ты не одна.', en: 'You are not alone.' });
    const raw = (await t.app.inject({ method: 'GET', url: '/api/phrasebook' })).json();
    const rawNotAlone = raw.categories[2].phrases.find((p: { id: string }) => p.id === 'support.not-alone');
    expect(rawNotAlone.ru).toBe('{r:Ты|Вы} не {g:один|одна}.');
    expect(rawNotAlone.variants.map((v: { ru: string }) => v.ru).sort()).toEqual(['Вы не один.', 'Вы не одна.', 'Ты не один.', 'Ты не одна.']);
  });
});

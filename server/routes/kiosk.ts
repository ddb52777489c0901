/**
 * Public kiosk routes: the public part of the settings, counting a printed item, live hints while writing,
 * and the vendor files the kiosk page loads (pdf.js, fonts) — served from node_modules, never a CDN.
 * Nothing here stores or logs letter text or a writer's name.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSettings } from '../db/settings.js';
import { findPrisoner } from '../db/prisoners.js';
import type { Hint, HintContext, HintKind, HintMessages } from '../domain/hints.js';
import { compileAvoidTopics, type AvoidTopicSource } from '../domain/avoid-topics.js';
import { MAX_LETTER_CHARS, MAX_POSTCARD_CHARS } from '../pdf/limits.js';
import { HttpError } from '../http-error.js';
import { ErrorReply } from './schemas.js';
import { projectRoot } from '../paths.js';

const require = createRequire(import.meta.url);

/**
 * The editable topics-to-avoid list and the hint texts from the kiosk's translation files, read and checked once
 * at start. The checker itself measures text with the PDF fonts, so it is loaded on the first hint request.
 */
function loadHintContext(): HintContext {
  const avoid = JSON.parse(readFileSync(path.join(projectRoot, 'templates/avoid-topics.json'), 'utf8')) as { topics: AvoidTopicSource[] };
  const messages = (lang: string): HintMessages => {
    const strings = JSON.parse(readFileSync(path.join(projectRoot, `public/i18n/${lang}.json`), 'utf8')) as Record<string, string>;
    const get = (key: string) => {
      const v = strings[`hints.${key}`];
      if (!v) throw new Error(`public/i18n/${lang}.json lacks hints.${key}`);
      return v;
    };
    return { latin: get('latin'), notRussian: get('notRussian'), length: get('length'), lines: get('lines'), unprintable: get('unprintable') };
  };
  return { topics: compileAvoidTopics(avoid.topics), messages: { en: messages('en'), ru: messages('ru') }, postcardLimit: MAX_POSTCARD_CHARS };
}

const Kind = Type.Union([Type.Literal('letter'), Type.Literal('postcard')]);
const Language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

const HintSchema = Type.Object({
  type: Type.Union([Type.Literal('latin'), Type.Literal('topic'), Type.Literal('length'), Type.Literal('unprintable')]),
  message: Type.String(),
  excerpt: Type.Optional(Type.String()),
  chars: Type.Optional(Type.Array(Type.String())),
  topic: Type.Optional(Type.String()),
});

export const kioskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const hintContext = loadHintContext();
  const findHints = async (text: string, kind: HintKind, language: 'en' | 'ru'): Promise<Hint[]> =>
    (await import('../domain/hints.js')).findHints(text, kind, language, hintContext);

  app.get(
    '/kiosk/config',
    {
      schema: {
        response: {
          200: Type.Object({
            idleSeconds: Type.Integer(),
            paperSize: Type.String(),
            collectiveName: Type.String(),
            returnAddress: Type.String(),
            uiLanguage: Type.String(),
            postcardMaxChars: Type.Integer(),
          }),
        },
      },
    },
    async () => {
      const s = await getSettings(app.db);
      return {
        idleSeconds: s.kioskIdleSeconds,
        paperSize: s.paperSize,
        collectiveName: s.collectiveName,
        returnAddress: s.returnAddress,
        uiLanguage: s.uiLanguage,
        postcardMaxChars: MAX_POSTCARD_CHARS,
      };
    },
  );

  app.post(
    '/printed',
    {
      schema: {
        body: Type.Object(
          {
            prisonerId: Type.Integer({ minimum: 1 }),
            kind: Kind,
            language: Language,
            templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ counted: Type.Boolean() }), 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const { prisonerId, kind, language, templateId } = request.body;
      const person = await findPrisoner(app.db, prisonerId);
      if (!person || person.status === 'released' || person.supportWithdrawn) {
        throw new HttpError(404, `prisonerId: no person with id ${prisonerId} is open for letters`, 'prisonerId');
      }
      await app.db.insertInto('printedItems').values({ prisonerId, kind, language, templateId: templateId ?? null }).execute();
      return reply.status(201).send({ counted: true });
    },
  );

  app.post(
    '/hints',
    {
      schema: {
        body: Type.Object(
          {
            text: Type.String({ maxLength: MAX_LETTER_CHARS }),
            kind: Kind,
            uiLanguage: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ hints: Type.Array(HintSchema) }) },
      },
    },
    async (request) => {
      const { text, kind, uiLanguage } = request.body;
      return { hints: await findHints(text, kind, uiLanguage ?? 'en') };
    },
  );
};

/** Files the kiosk page loads from npm packages: a fixed table, so nothing else in node_modules is reachable. */
const VENDOR_FILES: Record<string, { module: string; type: string }> = {
  'pdfjs/pdf.min.mjs': { module: 'pdfjs-dist/build/pdf.min.mjs', type: 'text/javascript; charset=utf-8' },
  'pdfjs/pdf.worker.min.mjs': { module: 'pdfjs-dist/build/pdf.worker.min.mjs', type: 'text/javascript; charset=utf-8' },
  'fonts/pt-serif-regular.ttf': { module: '@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf', type: 'font/ttf' },
  'fonts/pt-serif-bold.ttf': { module: '@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf', type: 'font/ttf' },
  'fonts/dejavu-sans.ttf': { module: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', type: 'font/ttf' },
  'fonts/dejavu-sans-bold.ttf': { module: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', type: 'font/ttf' },
};

export const kioskAssets: FastifyPluginAsync = async (app) => {
  // A Map, not an object: a name such as `constructor` or `__proto__` must find nothing, not an inherited member.
  const files = new Map(Object.entries(VENDOR_FILES).map(([name, f]) => [name, { path: require.resolve(f.module), type: f.type }]));
  app.get<{ Params: { '*': string } }>('/vendor/*', async (request, reply) => {
    const file = files.get(request.params['*']);
    if (!file) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.type(file.type).header('cache-control', 'public, max-age=86400').send(createReadStream(file.path));
  });
};

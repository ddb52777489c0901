/**
 * Public kiosk routes: the public part of the settings, counting a printed item, live hints while writing,
 * and the vendor files the kiosk page loads (pdf.js, fonts) — served from node_modules, never a CDN.
 * Nothing here stores or logs letter text or a writer's name.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LanguageSchema, QueueKindSchema } from '../model/schemas.js';
import { MAX_LETTER_CHARS } from '../model/limits.js';
import { countPrinted, hintsFor, kioskConfig, loadHintContext } from '../services/kiosk.js';
import { ErrorReply } from './schemas.js';

const require = createRequire(import.meta.url);

const HintSchema = Type.Object({
  type: Type.Union([Type.Literal('latin'), Type.Literal('topic'), Type.Literal('length'), Type.Literal('unprintable')]),
  message: Type.String(),
  excerpt: Type.Optional(Type.String()),
  chars: Type.Optional(Type.Array(Type.String())),
  topic: Type.Optional(Type.String()),
});

export const kioskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const hintContext = loadHintContext();

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
    async () => kioskConfig(app.db),
  );

  app.post(
    '/printed',
    {
      schema: {
        body: Type.Object(
          {
            prisonerId: Type.Integer({ minimum: 1 }),
            kind: QueueKindSchema,
            language: LanguageSchema,
            templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ counted: Type.Boolean() }), 404: ErrorReply },
      },
    },
    async (request, reply) => {
      await countPrinted(app.db, request.body);
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
            kind: QueueKindSchema,
            uiLanguage: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ hints: Type.Array(HintSchema) }) },
      },
    },
    async (request) => {
      const { text, kind, uiLanguage } = request.body;
      return { hints: await hintsFor(hintContext, text, kind, uiLanguage ?? 'en') };
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

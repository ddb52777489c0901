/** Templates, composing a template for one person, and the phrasebook — for the kiosk. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { templateLibrary } from '../domain/compose.js';
import { phrasebook, phraseVariants, resolvedPhrasebook } from '../domain/phrasebook.js';
import { ComposeRequestSchema, GenderSchema, RegisterSchema } from '../model/schemas.js';
import { composeTemplate } from '../services/kiosk.js';
import { ErrorReply } from './schemas.js';

const Gender = GenderSchema;
const SenderForm = Type.Union([Type.Literal('single-male'), Type.Literal('single-female'), Type.Literal('group')]);

const TemplateInfo = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('letter'), Type.Literal('postcard')]),
  language: Type.Union([Type.Literal('ru'), Type.Literal('en')]),
  counterpartId: Type.String(),
  register: RegisterSchema,
  title: Type.String(),
  description: Type.String(),
});

const Variant = Type.Object({ recipientGender: Gender, sender: SenderForm, register: RegisterSchema, ru: Type.String() });
const Phrase = Type.Object({ id: Type.String(), ru: Type.String(), en: Type.String(), variants: Type.Optional(Type.Array(Variant)) });
const Category = Type.Object({ id: Type.String(), titleEn: Type.String(), titleRu: Type.String(), phrases: Type.Array(Phrase) });

export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Loaded here so that a broken template or phrasebook stops the server at start, with file and line.
  const library = templateLibrary();
  phrasebook();

  app.get('/templates', { schema: { response: { 200: Type.Object({ templates: Type.Array(TemplateInfo) }) } } }, async () => ({
    templates: library.list(),
  }));

  app.post(
    '/compose',
    {
      schema: {
        body: ComposeRequestSchema,
        response: { 200: Type.Object({ ru: Type.String(), en: Type.String() }), 404: ErrorReply, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => composeTemplate(app.db, request.body),
  );

  app.get(
    '/phrasebook',
    {
      schema: {
        querystring: Type.Object(
          { recipientGender: Type.Optional(Gender), sender: Type.Optional(SenderForm), register: Type.Optional(RegisterSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ categories: Type.Array(Category) }) },
      },
    },
    async (request) => {
      const { recipientGender, sender, register } = request.query;
      if (recipientGender || sender || register) {
        return { categories: resolvedPhrasebook({ recipientGender: recipientGender ?? 'male', sender: sender ?? 'single-male', register: register ?? 'ty' }) };
      }
      // No choices given: the phrases as stored, each with every distinct form it can take.
      return { categories: phrasebook().map((c) => ({ ...c, phrases: c.phrases.map((p) => ({ ...p, variants: phraseVariants(p.ru) })) })) };
    },
  );
};

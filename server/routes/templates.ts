/** Templates, composing a template for one person, and the phrasebook — for the kiosk. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SECTIONS, templateLibrary } from '../domain/compose.js';
import { phrasebook, phraseVariants, resolvedPhrasebook } from '../domain/phrasebook.js';
import { ComposeRequestSchema, GenderSchema, oneOf, RegisterSchema } from '../model/schemas.js';
import { composeForPerson, loadHintContext, phrasesForPerson } from '../services/kiosk.js';
import { ErrorReply } from './schemas.js';

const Writer = Type.Union([Type.Literal('man'), Type.Literal('woman'), Type.Literal('group')]);
const Section = oneOf(SECTIONS);
const ComposedParagraph = Type.Object({
  id: Type.String(),
  section: Section,
  ru: Type.String(),
  en: Type.String(),
  source: Type.Union([Type.Literal('template'), Type.Literal('phrase'), Type.Literal('own')]),
  formula: Type.Optional(Type.Boolean()),
  needsTranslation: Type.Optional(Type.Boolean()),
});
const Suggestion = Type.Object({ field: Type.String(), latin: Type.String(), cyrillic: Type.String(), source: Type.String() });
export const HintSchema = Type.Object({
  type: Type.Union([Type.Literal('latin'), Type.Literal('topic'), Type.Literal('length'), Type.Literal('unprintable')]),
  message: Type.String(),
  excerpt: Type.Optional(Type.String()),
  chars: Type.Optional(Type.Array(Type.String())),
  topic: Type.Optional(Type.String()),
  /** The own paragraph the hint is about. */
  paragraph: Type.Optional(Type.String()),
});

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
  covers: Type.Array(Type.String()),
  review: Type.Union([Type.Literal('draft'), Type.Literal('checked')]),
});

const Variant = Type.Object({ recipientGender: Gender, sender: SenderForm, register: RegisterSchema, ru: Type.String() });
const Phrase = Type.Object({ id: Type.String(), ru: Type.String(), en: Type.String(), variants: Type.Optional(Type.Array(Variant)) });
const Category = Type.Object({ id: Type.String(), titleEn: Type.String(), titleRu: Type.String(), phrases: Type.Array(Phrase) });

export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Loaded here so that a broken template or phrasebook stops the server at start, with file and line.
  const library = templateLibrary();
  phrasebook();
  const hintContext = loadHintContext();

  app.get('/templates', { schema: { response: { 200: Type.Object({ templates: Type.Array(TemplateInfo) }) } } }, async () => ({
    templates: library.list(),
  }));

  app.post(
    '/compose',
    {
      schema: {
        body: ComposeRequestSchema,
        response: {
          200: Type.Object({
            paragraphs: Type.Array(ComposedParagraph),
            register: RegisterSchema,
            needsTranslation: Type.Boolean(),
            hints: Type.Array(HintSchema),
            suggestions: Type.Array(Suggestion),
          }),
          404: ErrorReply,
          409: ErrorReply,
          422: ErrorReply,
        },
      },
    },
    async (request) => composeForPerson(app.db, hintContext, request.body),
  );

  app.get(
    '/compose/phrases',
    {
      schema: {
        querystring: Type.Object(
          { prisonerId: Type.Integer({ minimum: 1 }), writer: Writer, register: Type.Optional(RegisterSchema), templateId: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            register: RegisterSchema,
            categories: Type.Array(
              Type.Object({
                id: Type.String(),
                titleEn: Type.String(),
                titleRu: Type.String(),
                phrases: Type.Array(
                  Type.Object({ id: Type.String(), section: Type.String(), ru: Type.String(), en: Type.String(), gap: Type.Optional(Type.String()), formula: Type.Boolean() }),
                ),
              }),
            ),
          }),
          404: ErrorReply,
        },
      },
    },
    async (request) => phrasesForPerson(app.db, request.query),
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

/**
 * The translation hand-off: letters written in English wait here until a Russian-speaking volunteer
 * (an organizer or a translator) writes the Russian letter beside the writer's English and releases it to
 * the print queue. Only the Russian is ever printed in the letter.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findQueueItem, listWaitingTranslation, saveContent } from '../db/print-queue.js';
import { MAX_LETTER_CHARS, MAX_POSTCARD_CHARS } from '../pdf/limits.js';
import { HttpError } from '../http-error.js';
import { IdParams } from './schemas.js';
import { recordAudit } from '../db/audit.js';
import { actorOf } from './admin-prisoners.js';

const TRANSLATORS = { roles: ['organizer', 'translator'] as ('organizer' | 'translator')[] };

/**
 * Refuses a "translation" that is still the writer's English: a sentence of the English copied in, or a
 * text mostly in Latin letters (a few Latin letters, like a signature, are fine).
 */
export function checkRussian(russian: string, english: string): void {
  const flat = (s: string) => s.toLowerCase().replace(/\s+/gu, ' ');
  const ru = flat(russian);
  const copied = english
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => flat(s).trim())
    .find((s) => s.length >= 12 && ru.includes(s));
  if (copied) throw new HttpError(400, `text: the writer's English must not go into the Russian letter ("${copied.slice(0, 40)}")`, 'text');
  const letters = russian.match(/\p{L}/gu) ?? [];
  const cyrillic = letters.filter((ch) => /\p{Script=Cyrillic}/u.test(ch)).length;
  if (!cyrillic) throw new HttpError(400, 'text: write the letter in Russian', 'text');
  if (letters.length - cyrillic > letters.length * 0.2) {
    throw new HttpError(400, 'text: the letter is largely in Latin letters; letters not fully in Russian are held by the censor', 'text');
  }
}

export const adminTranslateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/translations', { config: TRANSLATORS }, async () => {
    const items = await listWaitingTranslation(app.db);
    return {
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind,
        person: { id: i.prisonerId, nameRu: `${i.surname} ${i.givenName}`, latinName: i.latinName, gender: i.gender },
        englishText: i.content?.englishText ?? '',
        text: i.content?.text ?? '',
        sender: i.content?.sender ?? null,
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
      })),
    };
  });

  app.put(
    '/translations/:id',
    {
      config: TRANSLATORS,
      schema: {
        params: IdParams,
        body: Type.Object(
          { text: Type.String({ maxLength: MAX_LETTER_CHARS }), release: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const item = await findQueueItem(app.db, request.params.id);
      if (!item?.content || item.status !== 'waiting-translation') {
        throw new HttpError(404, `No letter ${request.params.id} is waiting for a translation (printed, held or deleted)`);
      }
      const { text, release } = request.body;
      if (item.kind === 'postcard' && text.length > MAX_POSTCARD_CHARS) {
        throw new HttpError(422, `text: a postcard holds at most ${MAX_POSTCARD_CHARS} characters`, 'text');
      }
      if (release) {
        if (!text.trim()) throw new HttpError(400, 'text: the Russian letter is empty', 'text');
        checkRussian(text, item.content.englishText ?? '');
        // Released means printable: the card must hold the message, as the queue's door demands.
        if (item.kind === 'postcard') (await import('../domain/printable.js')).checkPostcardMessage(text);
      }
      await app.db.transaction().execute(async (trx) => {
        await saveContent(trx, item.id, { ...item.content!, language: 'ru', text }, release ? 'queued' : undefined);
        // The audit names the act, never the letter's words.
        await recordAudit(trx, actorOf(request), { action: release ? 'release-translation' : 'save-translation', entity: 'print_queue', entityId: item.id, after: { chars: text.length } });
      });
      return { id: item.id, status: release ? 'queued' : 'waiting-translation' };
    },
  );
};

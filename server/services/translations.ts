/**
 * The translation hand-off: letters written in English wait here until a Russian-speaking volunteer (an organizer or
 * a translator) writes the Russian letter beside the writer's English and releases it to the print queue. Only the
 * Russian is ever printed in the letter.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { recordAudit, type Actor } from '../db/audit.js';
import { findQueueItem, listWaitingTranslation, saveContent } from '../db/print-queue.js';
import { checkTextLength } from '../domain/letter-spec.js';
import { checkRussian } from '../domain/translation.js';
import { checkRouteLimits } from '../domain/relay.js';
import { findRoute } from '../db/routes.js';
import { DomainError, invalid } from '../model/errors.js';
import { MAX_POSTCARD_CHARS } from '../model/limits.js';
import type { PdfRenderer } from '../render/render-pool.js';

export async function listTranslations(db: Kysely<DB>) {
  const items = await listWaitingTranslation(db);
  return items.map((i) => ({
    id: i.id,
    kind: i.kind,
    person: { id: i.prisonerId, nameRu: `${i.surname} ${i.givenName}`, latinName: i.latinName, gender: i.gender },
    englishText: i.content?.englishText ?? '',
    text: i.content?.text ?? '',
    sender: i.content?.sender ?? null,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
  }));
}

/** Saves the Russian; with `release` it is checked and goes to the print queue. The audit names the act, never the words. */
export async function saveTranslation(db: Kysely<DB>, renderer: PdfRenderer, actor: Actor, id: number, body: { text: string; release?: boolean }) {
  const item = await findQueueItem(db, id);
  if (!item?.content || item.status !== 'waiting-translation') {
    throw new DomainError('not-found', `id: no letter ${id} is waiting for a translation (printed, held or deleted)`, 'id');
  }
  const { text, release } = body;
  if (item.kind === 'postcard') checkTextLength(text, MAX_POSTCARD_CHARS);
  if (release) {
    if (!text.trim()) throw invalid('text', 'the Russian letter is empty');
    checkRussian(text, item.content.englishText ?? '');
    // The relay's limits, as at the kiosk: the translation must fit the route the item was queued for.
    if (item.routeId !== null) {
      const route = await findRoute(db, item.routeId);
      if (route) checkRouteLimits(text, route);
    }
    // Released means printable: the card must hold the message, as the queue's door demands.
    await renderer.check({ kind: item.kind, text });
  }
  await db.transaction().execute(async (trx) => {
    await saveContent(trx, item.id, { ...item.content!, language: 'ru', text }, release ? 'queued' : undefined);
    await recordAudit(trx, actor, { action: release ? 'release-translation' : 'save-translation', entity: 'print_queue', entityId: item.id, after: { chars: text.length } });
  });
  return { id: item.id, status: release ? 'queued' : 'waiting-translation' };
}

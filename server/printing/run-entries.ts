/** Turns queue items into what the PDF engine draws: the person's address blocks, sender lines, picture. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings } from '../db/settings.js';
import type { QueueItem } from '../db/print-queue.js';
import { findPrisonerWithFacility } from '../db/prisoners.js';
import { recipientBlock, senderBlock } from '../domain/address.js';
import { dativeFullName, nominativeFullName } from '../domain/names.js';
import type { RunEntry, RunPerson } from '../domain/print-run.js';
import { decodeImage } from '../domain/pdf-inputs.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The person as a run needs them, or undefined when they have no facility address. */
export async function runPerson(db: Db, prisonerId: number, settings: Settings): Promise<RunPerson | undefined> {
  const p = await findPrisonerWithFacility(db, prisonerId);
  if (!p?.facility) return undefined;
  const dative = dativeFullName(p);
  return {
    id: p.id,
    nameRu: nominativeFullName(p),
    latinName: p.latinName,
    recipientLine: p.birthYear ? `${dative}, ${p.birthYear}\u00A0г.р.` : dative,
    recipientLines: recipientBlock(p, p.facility, { fromCountry: settings.collectiveCountry }),
  };
}

export async function runEntry(db: Db, item: Pick<QueueItem, 'id' | 'kind' | 'prisonerId' | 'content'>, settings: Settings): Promise<RunEntry | undefined> {
  const person = await runPerson(db, item.prisonerId, settings);
  if (!person || !item.content) return undefined;
  const c = item.content;
  return {
    itemId: item.id,
    kind: item.kind,
    person,
    language: c.language,
    // Only the printed text: the writer's English (englishText) never goes into the letter.
    text: c.text,
    senderLines: senderBlock(settings, { name: c.sender?.name }),
    image: c.image ? decodeImage(c.image) : undefined,
  };
}

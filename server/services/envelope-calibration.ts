/** The envelope calibration page: drawn with the current offset of that size, in the batch thread. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { EnvelopeSize } from '../model/vocabulary.js';
import type { BatchRunner } from '../render/batch-pool.js';
import { getSettings } from './settings.js';

export async function calibrationPdf(db: Kysely<DB>, batch: BatchRunner, size: EnvelopeSize) {
  const offset = (await getSettings(db)).envelopeOffsets[size];
  const result = await batch.run({ job: 'calibration', size, offset, date: new Date() });
  return { ...result, fileName: `volya-calibration-${size}.pdf` };
}

/**
 * The settings organizers change while Volya runs, with their defaults. Stored as JSON values under keys
 * (db/settings.ts); services/settings.ts reads them with these defaults filled in.
 */
import type { EnvelopeSize, PaperSize } from '../model/vocabulary.js';

export interface Settings {
  collectiveName: string;
  /** Multi-line, Latin script: printed as the sender block and inside each letter. */
  returnAddress: string;
  /** ISO code of the country the mail is posted from; decides the country line of the address. */
  collectiveCountry: string;
  paperSize: PaperSize;
  envelopeOffsets: Record<EnvelopeSize, { xMm: number; yMm: number }>;
  kioskIdleSeconds: number;
  /** An address older than this many months is flagged stale. */
  staleMonths: number;
  uiLanguage: 'en' | 'ru';
  /** How long an organizer session lasts. */
  sessionHours: number;
  /** Hours a queued letter's content is kept at most before it is deleted unprinted. */
  printRetentionHours: number;
  /** CUPS queue that runs and direct prints go to; null: the system default. */
  defaultPrinter: string | null;
  /** Let phones on the local network use the kiosk (the server must listen on HOST=0.0.0.0). */
  phonesAllowed: boolean;
  /** The last CSV import's column mapping (field → column header), offered again on the next import. */
  importMapping: Record<string, string>;
  /** What a published list feed includes: every person, or only those marked shared. */
  feedScope: 'all' | 'shared';
  /** Serve the last published feed read-only at /feed/<feedName>.json for chapters on the same network. */
  feedServe: boolean;
  /** The <name> in /feed/<name>.json: lower-case letters, digits and dashes. */
  feedName: string;
  /** The console warns when the newest feed taken is older than this many days. */
  feedStaleDays: number;
  /** Print runs end each letter with the reply line: where to answer, in block letters (domain/reply.ts). */
  replyLine: boolean;
  /** Print runs add a reply kit page per post or forward route (blank paper and an envelope to enclose). */
  replyKit: boolean;
}

export const defaultSettings: Settings = {
  collectiveName: 'Letter-writing collective',
  returnAddress: 'Letter-writing collective\nPO Box 000, Station A\nToronto ON  M5W 1A1\nCANADA',
  collectiveCountry: 'CA',
  paperSize: 'letter',
  envelopeOffsets: {
    DL: { xMm: 0, yMm: 0 },
    C5: { xMm: 0, yMm: 0 },
    C6: { xMm: 0, yMm: 0 },
    US10: { xMm: 0, yMm: 0 },
  },
  kioskIdleSeconds: 180,
  staleMonths: 6,
  uiLanguage: 'en',
  sessionHours: 12,
  printRetentionHours: 12,
  defaultPrinter: null,
  phonesAllowed: false,
  importMapping: {},
  feedScope: 'shared',
  feedServe: false,
  feedName: 'list',
  feedStaleDays: 14,
  replyLine: false,
  replyKit: false,
};

/**
 * Table types for Kysely. Columns are snake_case in SQLite; the CamelCasePlugin maps them to these names.
 * Booleans are stored as 0/1 integers. Dates are ISO text: 'YYYY-MM-DD' for days, full ISO for instants.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { FacilityRecord, PersonRecord } from '../model/records.js';
import type { Addressing, EnvelopeSize, OrganizerRole, PaperSize, PrintedKind, PrintRunStatus, QueueKind, QueueStatus } from '../model/vocabulary.js';

export type { FacilityKind, Gender, OrganizerRole, PrintedKind, PrintRunStatus, PrisonerStatus, QueueKind, QueueStatus } from '../model/vocabulary.js';

type Timestamp = ColumnType<string, string | undefined, string>;
type Flag = ColumnType<number, number | undefined, number>;
/** Starts at 1; the repositories add one on every update, in the update's own statement. */
type Version = ColumnType<number, never, number>;

/** The columns of model/records.ts, with what the database fills in itself. */
export interface FacilityTable extends Omit<FacilityRecord, 'id' | 'isDemo' | 'createdAt' | 'updatedAt' | 'version'> {
  id: Generated<number>;
  isDemo: Flag;
  version: Version;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PrisonerTable extends Omit<PersonRecord, 'id' | 'latinNameSet' | 'supportWithdrawn' | 'isDemo' | 'createdAt' | 'updatedAt' | 'version' | 'knownAs' | 'printedCount' | 'lastPrintedAt'> {
  id: Generated<number>;
  version: Version;
  knownAs: ColumnType<string | null, string | null | undefined, string | null>;
  // Kept by triggers on printed_items: never written by the app.
  printedCount: ColumnType<number, never, never>;
  lastPrintedAt: ColumnType<string | null, never, never>;
  latinNameSet: Flag;
  supportWithdrawn: Flag;
  isDemo: Flag;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganizerTable {
  id: Generated<number>;
  username: string;
  passwordHash: string;
  role: ColumnType<OrganizerRole, OrganizerRole | undefined, OrganizerRole>;
  createdAt: Timestamp;
  version: Version;
}

export interface SessionTable {
  /** sha256 of the cookie token: a stolen database file does not yield live sessions. */
  tokenHash: string;
  organizerId: number;
  csrfToken: string;
  createdAt: Timestamp;
  expiresAt: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  organizerId: number | null;
  organizerName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** JSON of the row before the change, null on create. */
  before: string | null;
  /** JSON of the row after the change, null on delete. */
  after: string | null;
  /** The import this change was part of (import_batches), so the history groups it and an undo finds it. */
  importBatchId: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ImportBatchTable {
  id: Generated<number>;
  at: Timestamp;
  organizerId: number | null;
  organizerName: string | null;
  target: 'people' | 'facilities';
  filename: string;
  /** JSON of the import's summary. */
  summary: string;
  undoneAt: string | null;
}

export interface FacilityKeyTable {
  key: string;
  facilityId: number;
}

export interface SettingTable {
  key: string;
  /** JSON-encoded value. */
  value: string;
  /** The settings version at which this key last changed; the settings' version is the highest of them. */
  version: ColumnType<number, number | undefined, number>;
}

export interface PrintedItemTable {
  id: Generated<number>;
  prisonerId: number | null;
  kind: PrintedKind;
  language: string;
  templateId: string | null;
  printedAt: Timestamp;
}


export interface PrintQueueTable {
  id: Generated<number>;
  kind: QueueKind;
  prisonerId: number;
  /** JSON of the letter or postcard (text, English text, sender, drawing); null once printed. */
  content: string | null;
  needsTranslation: ColumnType<number, number | undefined, number>;
  status: QueueStatus;
  /** Why a held item is not printed (person released or support withdrawn meanwhile). */
  heldReason: string | null;
  createdAt: string;
  expiresAt: string;
  printRunId: number | null;
}

export interface PrintRunTable {
  id: Generated<number>;
  createdAt: Timestamp;
  status: ColumnType<PrintRunStatus, PrintRunStatus | undefined, PrintRunStatus>;
  paper: PaperSize;
  addressing: Addressing;
  envelopeSize: EnvelopeSize;
  pages: ColumnType<number, number | undefined, number>;
  /** JSON array of the run's print jobs. */
  parts: ColumnType<string, string | undefined, string>;
  /** JSON: counts per person. */
  manifest: ColumnType<string, string | undefined, string>;
  sentAt: string | null;
  printer: string | null;
  jobId: string | null;
  error: string | null;
}

export interface DB {
  facilities: FacilityTable;
  prisoners: PrisonerTable;
  organizers: OrganizerTable;
  sessions: SessionTable;
  auditLog: AuditLogTable;
  settings: SettingTable;
  printedItems: PrintedItemTable;
  printQueue: PrintQueueTable;
  printRuns: PrintRunTable;
  importBatches: ImportBatchTable;
  facilityKeys: FacilityKeyTable;
}

export type Facility = Selectable<FacilityTable>;
export type NewFacility = Insertable<FacilityTable>;
export type FacilityUpdate = Updateable<FacilityTable>;
export type Prisoner = Selectable<PrisonerTable>;
export type NewPrisoner = Insertable<PrisonerTable>;
export type PrisonerUpdate = Updateable<PrisonerTable>;
export type Organizer = Selectable<OrganizerTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type PrintedItem = Selectable<PrintedItemTable>;
export type QueueRow = Selectable<PrintQueueTable>;
export type PrintRun = Selectable<PrintRunTable>;
export type ImportBatch = Selectable<ImportBatchTable>;

/*
 * List feeds (migration 0006): declared as additions so the feed columns and tables stay in one place.
 * feedBase is the JSON of the feed's values as last applied; a local value that differs is a local override.
 */
export interface PrisonerTable {
  shared: Flag;
  feedPublisherId: number | null;
  feedKey: string | null;
  feedBase: string | null;
}

export interface FacilityTable {
  feedPublisherId: number | null;
  feedKey: string | null;
  feedBase: string | null;
}

export interface FeedSigningKeyTable {
  id: number;
  /** Ed25519 public key, 64 hex digits (the raw 32 bytes). */
  publicKey: string;
  /** PKCS#8 PEM, stored as it is: whoever holds the database file can sign feeds (the console says so). */
  privateKey: string;
  createdAt: Timestamp;
  lastSequence: ColumnType<number, number | undefined, number>;
  lastPublishedAt: string | null;
  /** The last published file, served at /feed/<name>.json when serving is on. */
  lastFile: string | null;
}

export interface FeedPublisherTable {
  id: Generated<number>;
  name: string;
  publicKey: string;
  fingerprint: string;
  lastSequence: number | null;
  /** publishedAt of the last feed taken. */
  lastFeedAt: string | null;
  lastTakenAt: string | null;
  createdAt: Timestamp;
}

export interface FeedPreviewTable {
  id: string;
  publisherId: number;
  sequence: number;
  /** The verified feed, canonical JSON. */
  body: string;
  createdAt: Timestamp;
}

export interface DB {
  feedSigningKey: FeedSigningKeyTable;
  feedPublishers: FeedPublisherTable;
  feedPreviews: FeedPreviewTable;
}

export type FeedPublisher = Selectable<FeedPublisherTable>;

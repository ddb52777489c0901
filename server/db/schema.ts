/**
 * Table types for Kysely. Columns are snake_case in SQLite; the CamelCasePlugin maps them to these names.
 * Booleans are stored as 0/1 integers. Dates are ISO text: 'YYYY-MM-DD' for days, full ISO for instants.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { FacilityRecord, PersonRecord } from '../model/records.js';
import type {
  Addressing, EnvelopeSize, LedgerOutcome, OrganizerRole, PaperSize, PostalStatus, PrintedKind, PrintRunStatus, QueueKind, QueueStatus, RelayAccepts,
  ReturnAddressOf, ReturnReason, RouteKind,
} from '../model/vocabulary.js';

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

/*
 * Delivery routes, postal status and the ledger (migration 0007). The ledger keeps person, number, kind, route,
 * dates and outcome of every printed item: never its text or its writer.
 */
export interface PrisonerTable {
  /** The route this person's items take when it is enabled (some are reachable through one relay only). */
  preferredRouteId: ColumnType<number | null, number | null | undefined, number | null>;
  /** A letter came back: the address is suspect until an organizer confirms or changes it. */
  addressSuspect: Flag;
  addressSuspectSince: ColumnType<string | null, string | null | undefined, string | null>;
  addressSuspectReason: ColumnType<string | null, string | null | undefined, string | null>;
  /** An organizer said letters may still go to this suspect address. */
  allowWhileSuspect: Flag;
}

export interface PrintQueueTable {
  routeId: ColumnType<number | null, number | null | undefined, number | null>;
  /** The person's item number, given when the item was put in a run (it is printed in the footer). */
  itemNumber: ColumnType<number | null, number | null | undefined, number | null>;
  ledgerId: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface RouteTable {
  id: Generated<number>;
  kind: RouteKind;
  name: string;
  notes: string | null;
  enabled: Flag;
  isDefault: Flag;
  partnerName: string | null;
  /** Multi-line: the lines of the partner's postal address. */
  partnerAddress: string | null;
  /** ISO-2 */
  partnerCountry: string | null;
  returnAddressOf: ReturnAddressOf | null;
  contact: string | null;
  accepts: RelayAccepts | null;
  charLimit: number | null;
  pageLimit: number | null;
  currency: string | null;
  pricePerLetter: number | null;
  pricePerPage: number | null;
  pricePerImage: number | null;
  priceReplyForm: number | null;
  canReply: Flag;
  isDemo: Flag;
  version: Version;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PostalStatusTable {
  /** ISO-2 of the sending country. */
  country: string;
  status: PostalStatus;
  asOf: string | null;
  source: string;
  version: Version;
  updatedAt: Timestamp;
}

export interface LedgerTable {
  id: Generated<number>;
  prisonerId: number;
  itemNumber: number;
  kind: QueueKind;
  routeId: number | null;
  routeName: string;
  routeKind: RouteKind;
  /** When the number was given (ISO instant). */
  date: Timestamp;
  /** When the item was printed or handed over; null while its run is not printed yet. */
  printedAt: ColumnType<string | null, string | null | undefined, string | null>;
  runId: ColumnType<number | null, number | null | undefined, number | null>;
  outcome: ColumnType<LedgerOutcome | null, LedgerOutcome | null | undefined, LedgerOutcome | null>;
  outcomeReason: ColumnType<ReturnReason | null, ReturnReason | null | undefined, ReturnReason | null>;
  /** YYYY-MM-DD */
  outcomeDate: ColumnType<string | null, string | null | undefined, string | null>;
  replyFileId: ColumnType<number | null, number | null | undefined, number | null>;
  version: Version;
}

export interface ReplyFileTable {
  id: Generated<number>;
  ledgerId: number;
  mime: 'image/png' | 'image/jpeg' | 'application/pdf';
  bytes: Uint8Array;
  size: number;
  createdAt: Timestamp;
}

export interface DB {
  routes: RouteTable;
  postalStatus: PostalStatusTable;
  ledger: LedgerTable;
  replyFiles: ReplyFileTable;
}

export type Route = Selectable<RouteTable>;
export type NewRoute = Insertable<RouteTable>;
export type RouteUpdate = Updateable<RouteTable>;
export type PostalStatusRow = Selectable<PostalStatusTable>;
export type LedgerRow = Selectable<LedgerTable>;

/**
 * Table types for Kysely. Columns are snake_case in SQLite; the CamelCasePlugin maps them to these names.
 * Booleans are stored as 0/1 integers. Dates are ISO text: 'YYYY-MM-DD' for days, full ISO for instants.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type FacilityKind = 'sizo' | 'ik' | 'kp' | 'liu' | 'prison' | 'house_arrest' | 'other';
export type PrisonerStatus = 'pretrial' | 'house_arrest' | 'colony' | 'released' | 'unknown';
export type Gender = 'male' | 'female';
export type OrganizerRole = 'organizer' | 'translator';
export type PrintedKind = 'letter' | 'postcard' | 'envelope' | 'label';

type Timestamp = ColumnType<string, string | undefined, string>;

export interface FacilityTable {
  id: Generated<number>;
  /** Official Russian name, e.g. «ФКУ СИЗО-1 УФСИН России по Пензенской области». */
  name: string;
  kind: FacilityKind;
  /** Street and house, e.g. «ул. Голубинская, 3». */
  street: string;
  city: string;
  district: string | null;
  region: string | null;
  postalCode: string;
  /** ISO 3166-1 alpha-2, 'RU' for Russia. */
  country: string;
  mailRules: string | null;
  /** Organizer-only. */
  notes: string | null;
  isDemo: ColumnType<number, number | undefined, number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PrisonerTable {
  id: Generated<number>;
  surname: string;
  givenName: string;
  patronymic: string | null;
  /** Latin spelling shown to writers: derived with iuliia (Wikipedia) unless latinNameSet. */
  latinName: string;
  latinNameSet: ColumnType<number, number | undefined, number>;
  /** Organizer override for the dative form on envelopes, when automatic declension is wrong. */
  nameDative: string | null;
  gender: Gender;
  birthYear: number | null;
  /** Full birth date 'YYYY-MM-DD' when known; its year equals birthYear. */
  birthDate: string | null;
  facilityId: number | null;
  status: PrisonerStatus;
  addressAsOf: string | null;
  addressSource: string | null;
  caseName: string | null;
  bioEn: string | null;
  bioRu: string | null;
  /** Comma-separated language codes the person reads, e.g. 'ru,en'. */
  languages: string;
  supportWithdrawn: ColumnType<number, number | undefined, number>;
  withdrawnNote: string | null;
  /** Organizer-only. Never leaves the admin API. */
  privateNotes: string | null;
  isDemo: ColumnType<number, number | undefined, number>;
  /** Lower-cased, ё→е folded Cyrillic + Latin names, for search. */
  searchText: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganizerTable {
  id: Generated<number>;
  username: string;
  passwordHash: string;
  role: ColumnType<OrganizerRole, OrganizerRole | undefined, OrganizerRole>;
  createdAt: Timestamp;
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
}

export interface SettingTable {
  key: string;
  /** JSON-encoded value. */
  value: string;
}

export interface PrintedItemTable {
  id: Generated<number>;
  prisonerId: number | null;
  kind: PrintedKind;
  language: string;
  templateId: string | null;
  printedAt: Timestamp;
}

export type QueueKind = 'letter' | 'postcard';
export type QueueStatus = 'waiting-translation' | 'queued' | 'held' | 'printed';
export type PrintRunStatus = 'ready' | 'sending' | 'interrupted' | 'printed';

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
  paper: 'a4' | 'letter';
  addressing: 'envelope' | 'labels';
  envelopeSize: 'DL' | 'C5' | 'C6' | 'US10';
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

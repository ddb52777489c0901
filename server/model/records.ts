/**
 * The stored records as every layer reads them: the database's table types are built on these (db/schema.ts), and
 * the rules in domain/ take them. Booleans are 0/1 integers; days are 'YYYY-MM-DD'; instants are full ISO text.
 */
import type { Sender } from './schemas.js';
import type { FacilityKind, Gender, Language, PrisonerStatus, Register } from './vocabulary.js';

export interface FacilityRecord {
  id: number;
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
  /** The facility's mail rules in English, for the attendees. */
  mailRules: string | null;
  /** The same rules in Russian, as the facility states them. */
  mailRulesRu: string | null;
  /** Organizer-only. */
  notes: string | null;
  isDemo: number;
  createdAt: string;
  updatedAt: string;
  /** One more on every write: an edit names the version it was made from (optimistic concurrency). */
  version: number;
}

export interface PersonRecord {
  id: number;
  surname: string;
  givenName: string;
  patronymic: string | null;
  /** Latin spelling shown to writers: derived with iuliia (Wikipedia) unless latinNameSet. */
  latinName: string;
  latinNameSet: number;
  /** Organizer override for the dative form on envelopes, when automatic declension is wrong. */
  nameDative: string | null;
  gender: Gender;
  /** ты or Вы in letters, as organizers set it; null for the kiosk's default. */
  register: Register | null;
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
  supportWithdrawn: number;
  withdrawnNote: string | null;
  /** Organizer-only. Never leaves the admin API. */
  privateNotes: string | null;
  isDemo: number;
  /** Lower-cased, ё→е folded Cyrillic + Latin names, for search. */
  searchText: string;
  /** Organizer-entered other spellings ("known as"), searched with the rest. */
  knownAs: string | null;
  /** Printed items for this person, kept by the database (triggers on printed_items). */
  printedCount: number;
  /** When the last item for this person was printed, kept like printedCount. */
  lastPrintedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** One more on every write: an edit names the version it was made from (optimistic concurrency). */
  version: number;
}

export type PersonWithFacility = PersonRecord & { facility: FacilityRecord | null };

/** What a queued letter or postcard says; stored only until it is printed, never logged, never listed. */
export interface QueueContent {
  language: Language;
  /** The text that is printed (Russian for Russian letters); empty while waiting for a translator. */
  text: string;
  /** The writer's English, shown to the translator and never printed inside the letter. */
  englishText?: string;
  templateId?: string;
  sender?: Sender;
  /** Postcard picture side: a PNG or JPEG data URL. */
  image?: string;
  /** The writer asked for a relay's paid reply form (relay routes that can return a reply). */
  replyForm?: boolean;
}

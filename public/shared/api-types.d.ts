// The JSON replies of the Volya server that the pages read, as the routes in server/routes/ send them. A page
// names the reply it expects (`/** @type {KioskConfig} */ (await api.get(...))`), so a field renamed here or
// misspelt in a page fails `npm run typecheck`.

// The vocabularies come from the server's own model, so a value added or renamed there reaches the pages' type check.
export type Language = import('../../server/model/vocabulary.js').Language;
export type Gender = import('../../server/model/vocabulary.js').Gender;
export type PersonStatus = import('../../server/model/vocabulary.js').PrisonerStatus;
export type FacilityKind = import('../../server/model/vocabulary.js').FacilityKind;
export type Paper = import('../../server/model/vocabulary.js').PaperSize;
export type ItemKind = import('../../server/model/vocabulary.js').QueueKind;
export type EnvelopeSize = import('../../server/model/vocabulary.js').EnvelopeSize;

/** Every 4xx/5xx reply. */
export interface ErrorReply {
  error: string;
  message: string;
  field?: string;
  /** A 409 on a stale version: the record as it is now (with its version). */
  current?: Record<string, unknown> & { version: number };
  /** A 409 on a stale version: the fields changed since the version the client sent. */
  changed?: string[];
}

export interface Ok {
  ok: boolean;
}

// ——— Kiosk (and phones) ———

/** GET /api/kiosk/config */
export interface KioskConfig {
  idleSeconds: number;
  paperSize: string;
  collectiveName: string;
  returnAddress: string;
  uiLanguage: string;
  postcardMaxChars: number;
}

/** GET /api/print/capabilities: `printer` is the CUPS queue direct prints go to, null without one. */
export interface PrintCapabilities {
  queue: boolean;
  printer: string | null;
  phone: boolean;
}

export interface PublicFacility {
  id: number;
  name: string;
  kind: string;
  street: string;
  city: string;
  district: string | null;
  region: string | null;
  postalCode: string;
  country: string;
  /** In English. */
  mailRules: string | null;
  /** In Russian. */
  mailRulesRu: string | null;
}

interface PublicPersonFields {
  id: number;
  surname: string;
  givenName: string;
  patronymic: string | null;
  latinName: string;
  gender: string;
  birthYear: number | null;
  birthDate: string | null;
  status: string;
  caseName: string | null;
  bioEn: string | null;
  bioRu: string | null;
  languages: string[];
  addressAsOf: string | null;
  /** A letter came back and an organizer allowed letters anyway: shown like a stale address. */
  addressSuspect: boolean;
  /** How this person's items leave (docs/delivery.md); null only when no default route exists. */
  route: PublicRoute | null;
}

/** What the kiosk knows of a delivery route: never notes, contacts or prices. */
export interface PublicRoute {
  id: number;
  kind: RouteKind;
  name: string;
  /** The partner's country (ISO-2), forward routes only. */
  partnerCountry?: string;
}

/** One card of GET /api/prisoners. */
export interface PersonListItem extends PublicPersonFields {
  facilityName: string | null;
  /** The facility's kind (sizo, ik, …): the card names it in the UI language. */
  facilityKind: FacilityKind | null;
  city: string | null;
  /** The town in Latin letters, for an English card. */
  cityLatin: string | null;
  /** The address is older than the staleness setting, or undated: such people come after the others. */
  addressStale: boolean;
  printedCount: number;
  birthdaySoon: boolean;
  fewLetters: boolean;
}

/** GET /api/prisoners?q=&cursor=&limit= */
export interface PersonList {
  prisoners: PersonListItem[];
  next: string | null;
}

/** GET /api/prisoners/:id */
export interface PublicPerson extends PublicPersonFields {
  facility: PublicFacility | null;
}

/** One of GET /api/templates: each Russian template names its English counterpart. */
export interface TemplateInfo {
  id: string;
  kind: ItemKind;
  language: Language;
  counterpartId: string;
  register: 'ty' | 'vy';
  title: string;
  description: string;
  /** Phrase ids the template already says: not offered with it. */
  covers: string[];
  review: 'draft' | 'checked';
}

export interface TemplateList {
  templates: TemplateInfo[];
}

export interface Phrase {
  id: string;
  ru: string;
  en: string;
}

export interface PhraseCategory {
  id: string;
  titleEn: string;
  titleRu: string;
  phrases: Phrase[];
}

/** GET /api/phrasebook?recipientGender=&sender= */
export interface Phrasebook {
  categories: PhraseCategory[];
}

export type Section = 'greeting' | 'introduction' | 'about-us' | 'body' | 'questions' | 'wishes' | 'closing' | 'signature';

/** What the kiosk sends to POST /api/compose (with prisonerId), and as `draft` to /api/pdf and /api/queue. */
export type DraftStructure = import('../../server/model/schemas.js').DraftRequest;

export interface ComposedParagraph {
  id: string;
  section: Section;
  ru: string;
  en: string;
  source: 'template' | 'phrase' | 'own';
  formula?: boolean;
  needsTranslation?: boolean;
}

export interface Suggestion {
  field: string;
  latin: string;
  cyrillic: string;
  source: string;
}

/** POST /api/compose */
export interface Composition {
  paragraphs: ComposedParagraph[];
  register: 'ty' | 'vy';
  needsTranslation: boolean;
  hints: Hint[];
  suggestions: Suggestion[];
}

/** GET /api/compose/phrases?prisonerId=&writer=&register=&templateId= */
export interface OfferedPhrases {
  register: 'ty' | 'vy';
  categories: { id: string; titleEn: string; titleRu: string; phrases: { id: string; section: Section; ru: string; en: string; gap?: string; formula: boolean }[] }[];
}

export interface Hint {
  type: 'latin' | 'topic' | 'length' | 'unprintable';
  message: string;
  excerpt?: string;
  chars?: string[];
  topic?: string;
  /** The own paragraph the hint is about. */
  paragraph?: string;
}

/** POST /api/hints */
export interface HintList {
  hints: Hint[];
}

// ——— Organizer console ———

export type Role = 'organizer' | 'translator';

/** GET /api/admin/session and POST /api/admin/login */
export interface Session {
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

export interface EnvelopeOffset {
  xMm: number;
  yMm: number;
}

/** GET and PUT /api/admin/settings */
export interface Settings {
  collectiveName: string;
  returnAddress: string;
  collectiveCountry: string;
  paperSize: Paper;
  envelopeOffsets: Record<EnvelopeSize, EnvelopeOffset>;
  kioskIdleSeconds: number;
  staleMonths: number;
  uiLanguage: Language;
  sessionHours: number;
  printRetentionHours: number;
  defaultPrinter: string | null;
  phonesAllowed: boolean;
  importMapping: Record<string, string>;
  /** Sent back with every change; a key changed since answers 409. */
  version: number;
}

/** A facility as organizers see it, with how many people it holds. */
export interface Facility {
  id: number;
  name: string;
  kind: FacilityKind;
  street: string;
  city: string;
  district: string | null;
  region: string | null;
  postalCode: string;
  country: string;
  /** In English. */
  mailRules: string | null;
  /** In Russian. */
  mailRulesRu: string | null;
  notes: string | null;
  isDemo: boolean;
  people: number;
  createdAt: string;
  updatedAt: string;
  /** Sent back with every edit; a stale one answers 409. */
  version: number;
}

/** GET /api/admin/facilities?kind=&region=&sort=&cursor=&limit= */
export interface FacilityList {
  facilities: Facility[];
  next: string | null;
  /** How many match, on the first page only. */
  total?: number;
}

/** A person as organizers see it: every field, private notes included. */
export interface Person {
  id: number;
  surname: string;
  givenName: string;
  patronymic: string | null;
  latinName: string;
  latinNameSet: boolean;
  nameDative: string | null;
  gender: Gender;
  /** ты or Вы in letters; null for the kiosk's default. */
  register: 'ty' | 'vy' | null;
  birthYear: number | null;
  birthDate: string | null;
  facilityId: number | null;
  status: PersonStatus;
  addressAsOf: string | null;
  addressSource: string | null;
  caseName: string | null;
  bioEn: string | null;
  bioRu: string | null;
  languages: string[];
  supportWithdrawn: boolean;
  withdrawnNote: string | null;
  privateNotes: string | null;
  /** Other spellings writers may search for. */
  knownAs: string | null;
  printedCount: number;
  lastPrintedAt: string | null;
  isDemo: boolean;
  stale: boolean;
  /** The route this person's items take while it is enabled; null: the default. */
  preferredRouteId: number | null;
  /** A letter came back: the address is suspect until confirmed or changed. */
  addressSuspect: boolean;
  addressSuspectSince: string | null;
  addressSuspectReason: string | null;
  /** An organizer allowed letters to the suspect address. */
  allowWhileSuspect: boolean;
  createdAt: string;
  updatedAt: string;
  /** Sent back with every edit and status action; a stale one answers 409. */
  version: number;
}

/** GET /api/admin/prisoners/:id */
export interface PersonWithFacility extends Person {
  facility: PublicFacility | null;
}

/** GET /api/admin/prisoners?q=&status=&facilityId=&region=&stale=&suspect=&lastLetterBefore=&lastLetterSince=&sort=&order=&cursor=&limit= */
export interface PersonAdminList {
  prisoners: Person[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
  /** How many match, on the first page only. */
  total?: number;
}

/** POST /api/admin/demo/remove */
export interface DemoRemoved {
  prisoners: number;
  facilities: number;
}

/** POST /api/admin/facilities/:id/move-everyone */
export interface MoveResult {
  moved: number;
  facilityId: number;
  removedOld: boolean;
}

export interface Account {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  version: number;
}

/** GET /api/admin/organizers: `me` is the signed-in account's id. */
export interface AccountList {
  organizers: Account[];
  me: number;
}

/** One entry of GET /api/admin/audit: `before` / `after` are the record's snapshots (null on create / delete). */
export interface AuditEntry {
  id: number;
  at: string;
  organizerId: number | null;
  organizerName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  importBatchId: number | null;
  /** The person's or facility's name, the account, the file. */
  subject: string | null;
  /** Fields as the history shows them: names for ids, 'yes'/'no' for flags; a side absent when created or deleted. */
  changes: { field: string; before?: unknown; after?: unknown }[];
  /** An import's one entry: its batch and how many rows it wrote (listed with ?importBatchId=). */
  batch: { id: number; rows: number } | null;
}

export interface AuditList {
  entries: AuditEntry[];
}

/** GET /api/admin/import/limits */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  fields: string[];
  required: string[];
  facilityFields: string[];
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'duplicate' | 'error';

export interface ImportRow {
  line: number;
  action: ImportAction;
  name: string;
  personId: number | null;
  facility: 'create' | 'update' | null;
  changes: { field: string; before: unknown; after: unknown }[];
  errors: { field: string; rule: string }[];
  duplicateOf: number | null;
}

/** POST /api/admin/import/dry-run and /apply */
export interface ImportReport {
  filename: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  fields: string[];
  required: string[];
  mapping: Record<string, string>;
  missingRequired: string[];
  warnings: string[];
  summary: Record<ImportAction, number>;
  facilities: { create: number; update: number };
  canApply: boolean;
  rows: ImportRow[];
  target: 'people' | 'facilities';
  unmappedColumns: string[];
  sharedFacilityChanges: SharedFacilityChange[];
  needsConfirmation: boolean;
  applied: boolean;
  batchId: number | null;
}

/** A change to a facility that people outside the file share (the dry run shows it; apply needs a confirmation). */
export interface SharedFacilityChange {
  facilityId: number;
  name: string;
  line: number;
  changes: { field: string; before: unknown; after: unknown }[];
  affectedCount: number;
  affected: { id: number; name: string }[];
}

/** POST /api/admin/import/:id/undo */
export interface ImportUndo {
  id: number;
  undone: true;
  people: { deleted: number; restored: number };
  facilities: { deleted: number; restored: number };
}

export interface Birthday {
  id: number;
  latinName: string;
  cyrillicName: string;
  birthDate: string;
  nextBirthday: string;
  daysUntil: number;
  age: number;
  facilityName: string | null;
  addressLines: string[];
}

/** GET /api/admin/birthdays?weeks= */
export interface BirthdayList {
  from: string;
  to: string;
  people: Birthday[];
}

/** GET /api/admin/stats */
export interface Stats {
  from: string | null;
  to: string | null;
  total: number;
  /** One page of the per-person table (fewest first); the totals and the other tables are whole. */
  perPerson: { id: number; latinName: string; name: string; count: number; offered: boolean }[];
  next: string | null;
  /** Everyone in the per-person table. */
  people: number;
  perKindLanguage: { kind: 'letter' | 'postcard' | 'envelope' | 'label'; language: string; count: number }[];
  perDay: { day: string; count: number }[];
  delivery: { byRoute: DeliveryStatRow[]; byFacility: DeliveryStatRow[] };
}

/** Per route or per facility, from the ledger. */
export interface DeliveryStatRow {
  id: number | null;
  name: string | null;
  sent: number;
  returned: number;
  delivered: number;
  replied: number;
  medianDaysToReply: number | null;
}

export type RouteKind = 'post' | 'forward' | 'relay';

/** One of GET /api/admin/routes. */
export interface Route {
  id: number;
  kind: RouteKind;
  name: string;
  notes: string | null;
  enabled: boolean;
  isDefault: boolean;
  partnerName: string | null;
  partnerAddress: string | null;
  partnerCountry: string | null;
  returnAddressOf: 'collective' | 'partner' | null;
  contact: string | null;
  accepts: 'text' | 'text-images' | null;
  charLimit: number | null;
  pageLimit: number | null;
  currency: string | null;
  pricePerLetter: number | null;
  pricePerPage: number | null;
  pricePerImage: number | null;
  priceReplyForm: number | null;
  canReply: boolean;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryWarning {
  code: 'post-suspended' | 'post-unknown';
  message: string;
}

/** GET /api/admin/routes */
export interface RouteList {
  routes: Route[];
  warnings: DeliveryWarning[];
}

/** One row of GET /api/admin/postal-status */
export interface PostalStatusRow {
  country: string;
  status: 'running' | 'suspended' | 'unknown';
  asOf: string | null;
  source: string;
  version: number;
  updatedAt: string;
}

/** GET /api/admin/postal-status */
export interface PostalStatusList {
  countries: PostalStatusRow[];
  warnings: DeliveryWarning[];
}

export type LedgerOutcome = 'returned' | 'delivered' | 'reply';
export type ReturnReason = 'refused' | 'unknown-addressee' | 'transferred' | 'other';

/** One row of GET /api/admin/ledger: never the text or the writer. */
export interface LedgerItem {
  id: number;
  prisonerId: number;
  surname: string;
  givenName: string;
  latinName: string;
  itemNumber: number;
  kind: 'letter' | 'postcard';
  routeId: number | null;
  routeName: string;
  routeKind: RouteKind;
  date: string;
  printedAt: string | null;
  runId: number | null;
  outcome: LedgerOutcome | null;
  outcomeReason: ReturnReason | null;
  outcomeDate: string | null;
  replyFileId: number | null;
  hasReplyFile: boolean;
  version: number;
}

/** GET /api/admin/ledger?personId=&route=&from=&to=&cursor=&limit= */
export interface LedgerPage {
  items: LedgerItem[];
  next: string | null;
  total: number;
}

/** POST /api/admin/restore */
export interface Restored {
  ok: boolean;
  keptAs: string;
  prisoners: number;
  stillSignedIn: boolean;
}

export type QueueStatus = 'waiting-translation' | 'queued' | 'held' | 'printed';
export type RunStatus = 'ready' | 'sending' | 'interrupted' | 'printed';
export type RunSection = 'sheets' | 'envelopes' | 'labels' | 'forward' | 'relay';

export interface QueueItem {
  id: number;
  kind: ItemKind;
  status: QueueStatus;
  needsTranslation: boolean;
  heldReason: string | null;
  createdAt: string;
  expiresAt: string;
  printRunId: number | null;
  prisonerId: number;
  surname: string;
  givenName: string;
  latinName: string;
}

export interface RunPart {
  section: RunSection;
  /** The delivery route an addressing, forward or relay part is packed for. */
  routeId?: number;
  routeName?: string;
  pages: number;
  duplex: boolean;
  media: string;
  items: number;
  sent: boolean;
  jobId: string | null;
}

export interface ManifestRow {
  prisonerId: number;
  nameRu: string;
  latinName: string;
  letters: number;
  postcards: number;
}

/** A print run as GET /api/admin/print/queue and the run routes show it. */
export interface PrintRun {
  id: number;
  createdAt: string;
  status: RunStatus;
  paper: Paper;
  addressing: 'envelope' | 'labels';
  pages: number;
  parts: RunPart[];
  manifest: ManifestRow[];
  sentAt: string | null;
  printer: string | null;
  jobId: string | null;
  error: string | null;
  /** Whether the run's PDF is still at hand to print a second time. */
  reprintable: boolean;
}

/** GET /api/admin/print/queue */
export interface PrintQueue {
  counts: Record<QueueStatus, number>;
  /** One page of items, oldest first. */
  items: QueueItem[];
  next: string | null;
  runs: PrintRun[];
}

/** POST /api/admin/print/runs/:id/send */
export interface SentRun extends PrintRun {
  printer: string;
  jobId: string;
}

/** GET /api/admin/print/runs/:id/jobs */
export interface RunJobs {
  jobs: { section: RunSection; jobId: string; state: string }[];
}

/** GET /api/admin/print/printers */
export interface Printers {
  cups: boolean;
  printers: { name: string; state: string; description: string }[];
  systemDefault: string | null;
  defaultPrinter: string | null;
  error: string | null;
}

/** GET /api/admin/phone-qr: `qr` is a PNG data URL of `url`. */
export interface PhoneQr {
  url: string | null;
  qr: string | null;
  addresses: string[];
  host: string;
  port: number;
  listensOnLan: boolean;
  phonesAllowed: boolean;
}

export interface TranslationItem {
  id: number;
  kind: ItemKind;
  person: { id: number; nameRu: string; latinName: string; gender: string };
  englishText: string;
  text: string;
  sender: { kind: 'single' | 'group'; gender?: Gender; name?: string; city?: string } | null;
  createdAt: string;
  expiresAt: string;
}

/** GET /api/admin/translations */
export interface TranslationList {
  items: TranslationItem[];
}

/** A record the console just created: it goes on to the record's page. */
export interface Created {
  id: number;
}

/** A publisher this chapter takes list feeds from (GET /api/admin/feed/publishers). */
export interface FeedPublisher {
  id: number;
  name: string;
  publicKey: string;
  /** Four groups of four base32 characters, to compare aloud with the publisher's console. */
  fingerprint: string;
  lastSequence: number | null;
  lastFeedAt: string | null;
  lastTakenAt: string | null;
  /** Days since the last feed taken was published; null before the first. */
  ageDays: number | null;
  createdAt: string;
}

/** The newest feed taken is older than the setting (or none was taken yet). */
export interface FeedStale {
  newestFeedAt: string | null;
  ageDays: number | null;
  staleDays: number;
}

export interface FeedSettings {
  scope: 'all' | 'shared';
  serve: boolean;
  name: string;
  staleDays: number;
}

/** GET /api/admin/feed */
export interface FeedStatus {
  key: { publicKey: string; fingerprint: string; createdAt: string; lastSequence: number; lastPublishedAt: string | null } | null;
  settings: FeedSettings;
  publishers: FeedPublisher[];
  stale: FeedStale | null;
}

/** GET /api/admin/feed/freshness */
export interface FeedFreshness {
  stale: FeedStale | null;
}

/** GET /api/admin/feed/sharing */
export interface FeedSharing {
  people: { id: number; surname: string; givenName: string; patronymic: string | null; latinName: string; shared: boolean; isDemo: boolean; feedPublisherId: number | null }[];
}

export interface FeedPersonRef {
  feedId: string;
  localId: number | null;
  name: string;
}

export interface FeedConflict extends FeedPersonRef {
  field: string;
  local: unknown;
  feed: unknown;
  /** A withdrawal or release taken over the local edit, which stays for review. */
  applied: boolean;
}

export interface FeedDiff {
  withdrawn: FeedPersonRef[];
  released: FeedPersonRef[];
  transfers: (FeedPersonRef & { from: string | null; to: string | null })[];
  newPeople: FeedPersonRef[];
  addressCorrections: { feedId: string; localId: number | null; name: string; fields: { field: string; from: unknown; to: unknown }[] }[];
  otherChanges: (FeedPersonRef & { fields: string[] })[];
  conflicts: FeedConflict[];
  noLongerInFeed: FeedPersonRef[];
}

/** POST /api/admin/feed/preview */
export interface FeedPreview {
  previewId: string;
  publisher: { id: number; name: string; fingerprint: string; lastSequence: number | null };
  feed: { name: string; sequence: number; publishedAt: string; people: number; facilities: number };
  counts: Record<keyof FeedDiff, number>;
  diff: FeedDiff;
}

/** POST /api/admin/feed/apply */
export interface FeedApplied {
  source: string;
  sequence: number;
  counts: Record<keyof FeedDiff, number>;
  conflicts: FeedConflict[];
}

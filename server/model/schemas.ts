/**
 * TypeBox schemas of what callers send, and their types: a request type is `Static<typeof …>` of its schema, so
 * the route's validation and the code that uses the request cannot drift apart. Response schemas stay with the
 * routes; these are the contracts the services, the render threads and the CLI share.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { MAX_LETTER_CHARS, MAX_PEOPLE_PER_REQUEST } from './limits.js';
import {
  ADDRESSING, ENVELOPE_SIZES, FACILITY_KINDS, GENDERS, LABEL_SHEETS, LANGUAGES, LEDGER_OUTCOMES, PAPER_SIZES, PDF_KINDS, POSTAL_STATUSES,
  PRISONER_STATUSES, QUEUE_KINDS, REGISTERS, RELAY_ACCEPTS, RETURN_ADDRESS_OF, RETURN_REASONS, ROUTE_KINDS,
} from './vocabulary.js';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> } extends infer L extends TSchema[] ? L : never;

/** A schema accepting exactly the strings of a vocabulary list. */
export function oneOf<const T extends readonly string[]>(values: T): TUnion<Literals<T>> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<Literals<T>>;
}

export const PaperSchema = oneOf(PAPER_SIZES);
export const EnvelopeSizeSchema = oneOf(ENVELOPE_SIZES);
export const LabelSheetSchema = oneOf(LABEL_SHEETS);
export const AddressingSchema = oneOf(ADDRESSING);
export const FacilityKindSchema = oneOf(FACILITY_KINDS);
export const StatusSchema = oneOf(PRISONER_STATUSES);
export const GenderSchema = oneOf(GENDERS);
export const LanguageSchema = oneOf(LANGUAGES);
export const RegisterSchema = oneOf(REGISTERS);
export const QueueKindSchema = oneOf(QUEUE_KINDS);

/** Who writes: one person (with a gender for Russian agreement) or a group; the first name and town are optional. */
export const SenderSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('single'), Type.Literal('group')]),
    gender: Type.Optional(GenderSchema),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type Sender = Static<typeof SenderSchema>;

/**
 * The structure of a draft: what the writer chose, never the assembled text. The server composes the letter from it
 * (domain/letter-compose.ts) for the preview, the PDF, the queue and print runs.
 */
export const DraftSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('letter'), Type.Literal('postcard')]),
    templateId: Type.Optional(Type.String({ maxLength: 100 })),
    writer: Type.Union([Type.Literal('man'), Type.Literal('woman'), Type.Literal('group')]),
    register: Type.Optional(RegisterSchema),
    sender: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 100 })),
          nameRu: Type.Optional(Type.String({ maxLength: 100 })),
          town: Type.Optional(Type.String({ maxLength: 100 })),
          townRu: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    phrases: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String({ maxLength: 100 }), gap: Type.Optional(Type.String({ maxLength: 100 })), gapRu: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    own: Type.Optional(
      Type.Array(
        Type.Object({ text: Type.String({ maxLength: MAX_LETTER_CHARS * 4 }), needsTranslation: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        { maxItems: 50 },
      ),
    ),
    order: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 300 })),
    removed: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 100 })),
    keepEmptyGaps: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DraftRequest = Static<typeof DraftSchema>;

/**
 * A print request: what the kiosk previews and prints, and what `npm run render` takes. The text limit is checked
 * by the letters service (an answer naming the field, with the actual length); the schema's generous cap only keeps
 * absurd bodies out.
 */
export const PdfRequestSchema = Type.Object(
  {
    kind: oneOf(PDF_KINDS),
    prisonerId: Type.Optional(Type.Integer({ minimum: 1 })),
    prisonerIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: MAX_PEOPLE_PER_REQUEST })),
    templateId: Type.Optional(Type.String({ maxLength: 100 })),
    /** The draft's structure: the server composes the text (text and englishText are then not taken). */
    draft: Type.Optional(DraftSchema),
    text: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS * 4 })),
    englishText: Type.Optional(Type.String({ maxLength: MAX_LETTER_CHARS * 4 })),
    language: Type.Optional(LanguageSchema),
    sender: Type.Optional(SenderSchema),
    register: Type.Optional(RegisterSchema),
    paper: Type.Optional(PaperSchema),
    /** data:image/png;base64,… or data:image/jpeg;base64,… */
    image: Type.Optional(Type.String({ maxLength: 4_300_000 })),
    options: Type.Optional(
      Type.Object(
        {
          englishCopy: Type.Optional(Type.Boolean()),
          /** A letter printed at the kiosk for a post route: add the address sheet (docs/delivery.md). */
          addressSheet: Type.Optional(Type.Boolean()),
          envelopeSize: Type.Optional(EnvelopeSizeSchema),
          labelSheet: Type.Optional(LabelSheetSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PdfRequest = Static<typeof PdfRequestSchema>;

/** A print request narrowed to what can be queued (a letter or a postcard for one person), plus the translation flag. */
export const QueueRequestSchema = Type.Composite(
  [
    Type.Omit(PdfRequestSchema, ['kind', 'prisonerId', 'prisonerIds']),
    Type.Object({
      kind: QueueKindSchema,
      prisonerId: Type.Integer({ minimum: 1 }),
      needsTranslation: Type.Optional(Type.Boolean()),
      /** For a relay that can bring back an answer: the writer wants its (paid) reply form. */
      replyForm: Type.Optional(Type.Boolean()),
    }),
  ],
  { additionalProperties: false },
);
export type QueueRequest = Static<typeof QueueRequestSchema>;

/** A draft composed for one person: POST /api/compose. */
export const ComposeRequestSchema = Type.Composite(
  [Type.Object({ prisonerId: Type.Integer({ minimum: 1 }), uiLanguage: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])) }), DraftSchema],
  { additionalProperties: false },
);
export type ComposeRequest = Static<typeof ComposeRequestSchema>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Short = (max = 200) => Type.String({ maxLength: max });
const OptText = (max = 200) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

export const FacilityInputSchema = Type.Object(
  {
    name: Short(300),
    kind: FacilityKindSchema,
    street: Short(),
    city: Short(),
    district: OptText(),
    region: OptText(),
    postalCode: Short(20),
    country: Type.Optional(Type.String({ maxLength: 2 })),
    /** In English, for the attendees. */
    mailRules: OptText(4000),
    /** In Russian, as the facility states them. */
    mailRulesRu: OptText(4000),
    notes: OptText(4000),
  },
  { additionalProperties: false },
);
export type FacilityInput = Static<typeof FacilityInputSchema>;

export const PersonInputSchema = Type.Object(
  {
    surname: Short(100),
    givenName: Short(100),
    patronymic: OptText(100),
    latinName: OptText(200),
    nameDative: OptText(300),
    gender: Type.Optional(Type.Union([GenderSchema, Type.Null()])),
    register: Type.Optional(Type.Union([RegisterSchema, Type.Null()])),
    birthYear: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    birthDate: Type.Optional(Type.Union([Day, Type.Null()])),
    facilityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    status: StatusSchema,
    addressAsOf: Type.Optional(Type.Union([Day, Type.Null()])),
    addressSource: OptText(500),
    caseName: OptText(300),
    bioEn: OptText(4000),
    bioRu: OptText(4000),
    languages: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 10 })),
    supportWithdrawn: Type.Optional(Type.Boolean()),
    withdrawnNote: OptText(4000),
    privateNotes: OptText(10000),
    /** Other spellings of the name writers may search for, separated by commas or spaces. */
    knownAs: OptText(500),
  },
  { additionalProperties: false },
);
export type PersonInput = Static<typeof PersonInputSchema>;

/** The version of a record the client saw: every edit names it, and a stale one is refused with 409. */
export const VersionSchema = Type.Integer({ minimum: 1 });
export const VersionedSchema = Type.Object({ version: VersionSchema }, { additionalProperties: false });

/**
 * An edit of a person: the form's fields and the version it was opened at. Support withdrawal changes only through
 * its own actions; status and facility are sent only when the form itself changed them (absent: left as they are).
 */
export const PersonEditSchema = Type.Composite(
  [
    Type.Omit(PersonInputSchema, ['status', 'facilityId', 'supportWithdrawn', 'withdrawnNote']),
    Type.Object({
      version: VersionSchema,
      status: Type.Optional(StatusSchema),
      facilityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    }),
  ],
  { additionalProperties: false },
);
export type PersonEdit = Static<typeof PersonEditSchema>;

export const FacilityEditSchema = Type.Composite([FacilityInputSchema, Type.Object({ version: VersionSchema })], { additionalProperties: false });
export type FacilityEdit = Static<typeof FacilityEditSchema>;

/** A new address for a transfer or a facility move: an existing facility or a new one, with date and source. */
export const NewAddressSchema = {
  facilityId: Type.Optional(Type.Integer({ minimum: 1 })),
  newFacility: Type.Optional(FacilityInputSchema),
  addressAsOf: Day,
  addressSource: Type.String({ minLength: 1, maxLength: 500 }),
};
export const TransferRequestSchema = Type.Object({ ...NewAddressSchema, status: Type.Optional(StatusSchema), version: VersionSchema }, { additionalProperties: false });
export type TransferRequest = Static<typeof TransferRequestSchema>;
export const MoveEveryoneRequestSchema = Type.Object({ ...NewAddressSchema, removeOld: Type.Optional(Type.Boolean()), version: VersionSchema }, { additionalProperties: false });
export type MoveEveryoneRequest = Static<typeof MoveEveryoneRequestSchema>;

/* Delivery routes, postal status and the ledger (docs/delivery.md). */
export const RouteKindSchema = oneOf(ROUTE_KINDS);
const OptNumber = (opts: { integer?: boolean } = {}) =>
  Type.Optional(Type.Union([opts.integer ? Type.Integer({ minimum: 1, maximum: 1_000_000 }) : Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()]));

/** A route as organizers enter it; fields of the other kinds are ignored (stored empty). */
export const RouteInputSchema = Type.Object(
  {
    kind: RouteKindSchema,
    name: Short(200),
    notes: OptText(4000),
    enabled: Type.Optional(Type.Boolean()),
    isDefault: Type.Optional(Type.Boolean()),
    // forward
    partnerName: OptText(200),
    partnerAddress: OptText(1000),
    partnerCountry: OptText(2),
    returnAddressOf: Type.Optional(Type.Union([oneOf(RETURN_ADDRESS_OF), Type.Null()])),
    // relay
    contact: OptText(500),
    accepts: Type.Optional(Type.Union([oneOf(RELAY_ACCEPTS), Type.Null()])),
    charLimit: OptNumber({ integer: true }),
    pageLimit: OptNumber({ integer: true }),
    currency: OptText(3),
    pricePerLetter: OptNumber(),
    pricePerPage: OptNumber(),
    pricePerImage: OptNumber(),
    priceReplyForm: OptNumber(),
    canReply: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RouteInput = Static<typeof RouteInputSchema>;

export const RouteEditSchema = Type.Composite([RouteInputSchema, Type.Object({ version: VersionSchema })], { additionalProperties: false });
export type RouteEdit = Static<typeof RouteEditSchema>;

export const PostalStatusInputSchema = Type.Object(
  {
    status: oneOf(POSTAL_STATUSES),
    asOf: Type.Union([Day, Type.Null()]),
    source: Short(1000),
    /** The row's version as the client saw it; absent when adding a country. */
    version: Type.Optional(VersionSchema),
  },
  { additionalProperties: false },
);
export type PostalStatusInput = Static<typeof PostalStatusInputSchema>;

export const OutcomeRequestSchema = Type.Object(
  {
    outcome: oneOf(LEDGER_OUTCOMES),
    reason: Type.Optional(oneOf(RETURN_REASONS)),
    date: Type.String({ maxLength: 10 }),
  },
  { additionalProperties: false },
);
export type OutcomeRequest = Static<typeof OutcomeRequestSchema>;

export const PreferredRouteRequestSchema = Type.Object(
  { routeId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), version: VersionSchema },
  { additionalProperties: false },
);
export type PreferredRouteRequest = Static<typeof PreferredRouteRequestSchema>;

export const AllowWhileSuspectSchema = Type.Object({ allow: Type.Boolean(), version: VersionSchema }, { additionalProperties: false });

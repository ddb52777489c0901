/** TypeBox schemas shared by routes. Response schemas double as a filter: fields not listed never leave. */
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const FacilityKindSchema = Type.Union([
  Type.Literal('sizo'),
  Type.Literal('ik'),
  Type.Literal('kp'),
  Type.Literal('liu'),
  Type.Literal('prison'),
  Type.Literal('house_arrest'),
  Type.Literal('other'),
]);

export const StatusSchema = Type.Union([
  Type.Literal('pretrial'),
  Type.Literal('house_arrest'),
  Type.Literal('colony'),
  Type.Literal('released'),
  Type.Literal('unknown'),
]);
export const GenderSchema = Type.Union([Type.Literal('male'), Type.Literal('female')]);

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Short = (max = 200) => Type.String({ maxLength: max });
const OptText = (max = 200) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

/** The public facility: address and mail rules, never the organizers' notes. */
export const PublicFacility = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  street: Type.String(),
  city: Type.String(),
  district: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postalCode: Type.String(),
  country: Type.String(),
  mailRules: Nullable(Type.String()),
});

const publicPersonFields = {
  id: Type.Integer(),
  surname: Type.String(),
  givenName: Type.String(),
  patronymic: Nullable(Type.String()),
  latinName: Type.String(),
  gender: Type.String(),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  birthDate: Nullable(Type.String()),
  status: Type.String(),
  caseName: Nullable(Type.String()),
  bioEn: Nullable(Type.String()),
  bioRu: Nullable(Type.String()),
  languages: Type.Array(Type.String()),
  addressAsOf: Nullable(Type.String()),
};

export const PublicPersonListItem = Type.Object({
  ...publicPersonFields,
  facilityName: Nullable(Type.String()),
  city: Nullable(Type.String()),
  printedCount: Type.Integer(),
  birthdaySoon: Type.Boolean(),
  fewLetters: Type.Boolean(),
});

export const PublicPerson = Type.Object({
  ...publicPersonFields,
  facility: Type.Union([PublicFacility, Type.Null()]),
});

export const FacilityBody = Type.Object(
  {
    name: Short(300),
    kind: FacilityKindSchema,
    street: Short(),
    city: Short(),
    district: OptText(),
    region: OptText(),
    postalCode: Short(20),
    country: Type.Optional(Type.String({ maxLength: 2 })),
    mailRules: OptText(4000),
    notes: OptText(4000),
  },
  { additionalProperties: false },
);
export type FacilityBodyType = Static<typeof FacilityBody>;

export const PrisonerBody = Type.Object(
  {
    surname: Short(100),
    givenName: Short(100),
    patronymic: OptText(100),
    latinName: OptText(200),
    nameDative: OptText(300),
    gender: Type.Optional(Type.Union([GenderSchema, Type.Null()])),
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
  },
  { additionalProperties: false },
);
export type PrisonerBodyType = Static<typeof PrisonerBody>;

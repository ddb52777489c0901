/**
 * Response schemas shared by routes (request contracts are in model/schemas.ts). A response schema doubles as a
 * filter: fields not listed never leave — the kiosk API never sends organizer notes.
 */
import { Type } from '@sinclair/typebox';
import { MAX_PAGE_LIMIT } from '../model/limits.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Query fields of a paged list: `cursor` is the `next` of the previous page. */
export const PageQuery = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT })),
};
export const NextCursor = Type.Union([Type.String(), Type.Null()]);

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
  mailRulesRu: Nullable(Type.String()),
});

/** What the kiosk may know of a delivery route. */
export const PublicRouteSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('post'), Type.Literal('forward'), Type.Literal('relay')]),
  name: Type.String(),
  partnerCountry: Type.Optional(Type.String()),
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
  /** A letter came back and an organizer allowed letters anyway: the kiosk shows it like a stale address. */
  addressSuspect: Type.Boolean(),
  /** How the item leaves (docs/delivery.md): never the route's notes, contacts or prices. */
  route: Type.Union([PublicRouteSchema, Type.Null()]),
};

export const PublicPersonListItem = Type.Object({
  ...publicPersonFields,
  facilityName: Nullable(Type.String()),
  facilityKind: Nullable(Type.String()),
  city: Nullable(Type.String()),
  cityLatin: Nullable(Type.String()),
  addressStale: Type.Boolean(),
  printedCount: Type.Integer(),
  birthdaySoon: Type.Boolean(),
  fewLetters: Type.Boolean(),
});

export const PublicPerson = Type.Object({
  ...publicPersonFields,
  facility: Type.Union([PublicFacility, Type.Null()]),
});

/**
 * The list feed, format version 1 (docs/feeds.md): what a published file holds, its canonical JSON (what the
 * Ed25519 signature covers), the fingerprint of a publisher's key, reading a file (gzip or not) with every problem
 * named, and the merge rules: what a feed changes in the local list, and where a local edit meets a feed change.
 * Pure: the keys come in as values; node:crypto does the signing, nothing here is home-made cryptography.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import zlib from 'node:zlib';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError, invalid } from '../model/errors.js';
import type { FacilityRecord, PersonRecord } from '../model/records.js';
import { FACILITY_KINDS, PRISONER_STATUSES } from '../model/vocabulary.js';
import { normalizeFacility, normalizePrisoner } from './records.js';

export const FEED_FORMAT = 'volya-feed';
export const FEED_VERSION = 1;
/** A feed file as carried (gzip or plain) and as read once unpacked. */
export const FEED_MAX_BYTES = 32 * 1024 * 1024;
export const FEED_MAX_PEOPLE = 50_000;

const Text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Hex = (bytes: number) => Type.String({ pattern: `^[0-9a-f]{${bytes * 2}}$` });
const Day = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]);

export const FeedFacilitySchema = Type.Object(
  {
    id: Key,
    name: Type.String({ minLength: 1, maxLength: 300 }),
    kind: Type.Union(FACILITY_KINDS.map((k) => Type.Literal(k))),
    street: Type.String({ minLength: 1, maxLength: 300 }),
    city: Type.String({ minLength: 1, maxLength: 200 }),
    district: Text(200),
    region: Text(200),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    /** In English. */
    mailRules: Text(4000),
    /** In Russian. Optional: a feed published before the field existed does not carry it, and then leaves it as it is here. */
    mailRulesRu: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type FeedFacility = Static<typeof FeedFacilitySchema>;

export const FeedPersonSchema = Type.Object(
  {
    id: Key,
    surname: Type.String({ minLength: 1, maxLength: 100 }),
    givenName: Type.String({ minLength: 1, maxLength: 100 }),
    patronymic: Text(100),
    /** The Latin spelling when the publisher set one by hand; null: derived. */
    latinName: Text(200),
    nameDative: Text(300),
    gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
    birthYear: Type.Union([Type.Integer(), Type.Null()]),
    birthDate: Day,
    status: Type.Union(PRISONER_STATUSES.map((s) => Type.Literal(s))),
    /** A facility's id in this feed. */
    facilityId: Type.Union([Key, Type.Null()]),
    addressAsOf: Day,
    addressSource: Text(500),
    caseName: Text(300),
    bioEn: Text(4000),
    bioRu: Text(4000),
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { minItems: 1, maxItems: 10 }),
    supportWithdrawn: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type FeedPerson = Static<typeof FeedPersonSchema>;

const FeedBodyFields = {
  format: Type.Literal(FEED_FORMAT),
  version: Type.Literal(FEED_VERSION),
  publisher: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), publicKey: Hex(32) }, { additionalProperties: false }),
  sequence: Type.Integer({ minimum: 1 }),
  publishedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' }),
  facilities: Type.Array(FeedFacilitySchema, { maxItems: FEED_MAX_PEOPLE }),
  people: Type.Array(FeedPersonSchema, { maxItems: FEED_MAX_PEOPLE }),
};
const SignedFeedSchema = Type.Object({ ...FeedBodyFields, signature: Hex(64) }, { additionalProperties: false });
export type SignedFeed = Static<typeof SignedFeedSchema>;
export type FeedBody = Omit<SignedFeed, 'signature'>;

/** JSON with object keys sorted at every level and no spaces: the exact bytes a signature covers. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no place for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no place for a ${typeof value}`);
}

/** A new Ed25519 key pair: the public key as 64 hex digits, the private key as PKCS#8 PEM. */
export function makeKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { publicKey: rawPublicKey(publicKey), privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function rawPublicKey(key: crypto.KeyObject): string {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
}

function publicKeyObject(hex: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/** A pasted public key, checked and in its one spelling (64 lower-case hex digits). */
export function parsePublicKey(text: string): string {
  const hex = text.replace(/[\s:-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw invalid('publicKey', 'must be the 64 hex digits of an Ed25519 public key, as the publisher\'s console shows it');
  try {
    publicKeyObject(hex);
  } catch {
    throw invalid('publicKey', 'is not a valid Ed25519 public key');
  }
  return hex;
}

// Where a feed may be fetched from: loopback, private and link-local ranges, never the internet.
const LOCAL_NETWORK = new net.BlockList();
for (const [prefix, bits] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const) {
  LOCAL_NETWORK.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) LOCAL_NETWORK.addSubnet(prefix, bits, 'ipv6');

/** Whether an IP address is on this machine or the local network (IPv4-mapped IPv6 judged as IPv4). */
export function isLocalNetworkAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return LOCAL_NETWORK.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  return family !== 0 && LOCAL_NETWORK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The key's fingerprint to read out or print: the first 80 bits of SHA-256 over the raw public key, in base32
 * (no 0/1/8/9 to confuse with letters), four groups of four.
 */
export function fingerprint(publicKeyHex: string): string {
  const digest = crypto.createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest().subarray(0, 10);
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5), 2)];
  return out.match(/.{4}/g)!.join('-');
}

/** The file: the body and its signature, canonical JSON. */
export function signFeed(body: FeedBody, privateKeyPem: string): string {
  const signature = crypto.sign(null, Buffer.from(canonicalJson(body)), crypto.createPrivateKey(privateKeyPem)).toString('hex');
  return canonicalJson({ ...body, signature });
}

function refuse(field: string, message: string): never {
  throw new DomainError('unprocessable', `${field}: ${message}`, field);
}

/** Unpacks (gzip, by its magic bytes) and parses a feed file, checking its shape and every record. */
export function readFeedFile(bytes: Buffer): SignedFeed {
  let text: Buffer = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = zlib.gunzipSync(bytes, { maxOutputLength: FEED_MAX_BYTES });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DomainError('too-large', 'file: the unpacked feed is larger than the limit', 'file');
      refuse('file', 'the gzip file is damaged or cut short');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch {
    refuse('file', 'is not a feed: not UTF-8 JSON (damaged, cut short, or another kind of file)');
  }
  const head = parsed as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== FEED_FORMAT) refuse('format', `is not a Volya list feed (format "${FEED_FORMAT}" expected)`);
  if (head.version !== FEED_VERSION) refuse('version', `feed format version ${String(head.version)} is not supported; this Volya reads version ${FEED_VERSION}`);
  const error = Value.Errors(SignedFeedSchema, parsed).First();
  if (error) refuse(`feed${error.path.replace(/\//g, '.')}`, error.message);
  const feed = parsed as SignedFeed;
  checkRecords(feed);
  return feed;
}

/** Ids unique, facility references resolved, and every record valid by the same rules the console applies. */
function checkRecords(feed: SignedFeed): void {
  const facilities = new Map<string, FeedFacility>();
  feed.facilities.forEach((f, i) => {
    if (facilities.has(f.id)) refuse(`feed.facilities.${i}.id`, `"${f.id}" appears twice`);
    facilities.set(f.id, f);
    try {
      normalizeFacility(f);
    } catch (e) {
      if (e instanceof DomainError) refuse(`feed.facilities.${i}`, e.message);
      throw e;
    }
  });
  const people = new Set<string>();
  feed.people.forEach((p, i) => {
    if (people.has(p.id)) refuse(`feed.people.${i}.id`, `"${p.id}" appears twice`);
    people.add(p.id);
    const facility = p.facilityId === null ? null : facilities.get(p.facilityId);
    if (facility === undefined) refuse(`feed.people.${i}.facilityId`, `no facility "${p.facilityId}" in the feed`);
    try {
      normalizePrisoner({ ...p, facilityId: null }, facility?.country ?? null);
    } catch (e) {
      if (e instanceof DomainError) refuse(`feed.people.${i}`, e.message);
      throw e;
    }
  });
}

/** Whether the feed is signed by this key (the one taken when the publisher was added). */
export function verifyFeed(feed: SignedFeed, publicKeyHex: string): boolean {
  const { signature, ...body } = feed;
  if (body.publisher.publicKey !== publicKeyHex) return false;
  return crypto.verify(null, Buffer.from(canonicalJson(body)), publicKeyObject(publicKeyHex), Buffer.from(signature, 'hex'));
}

/** A local record as a feed record: what publishing writes. */
export function feedFacilityOf(f: FacilityRecord): FeedFacility {
  return {
    id: String(f.id), name: f.name, kind: f.kind, street: f.street, city: f.city, district: f.district, region: f.region,
    postalCode: f.postalCode, country: f.country, mailRules: f.mailRules, mailRulesRu: f.mailRulesRu,
  };
}

export function feedPersonOf(p: PersonRecord): FeedPerson {
  return {
    id: String(p.id), surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, latinName: p.latinNameSet ? p.latinName : null,
    nameDative: p.nameDative, gender: p.gender, birthYear: p.birthYear, birthDate: p.birthDate, status: p.status,
    facilityId: p.facilityId === null ? null : String(p.facilityId), addressAsOf: p.addressAsOf, addressSource: p.addressSource,
    caseName: p.caseName, bioEn: p.bioEn, bioRu: p.bioRu, languages: p.languages.split(','), supportWithdrawn: p.supportWithdrawn === 1,
  };
}

/** The fields a feed carries for a person and a facility (their id aside): what the merge compares. */
export type PersonFields = Omit<FeedPerson, 'id'>;
export type FacilityFields = Omit<FeedFacility, 'id'>;

export interface FieldConflict {
  field: string;
  local: unknown;
  feed: unknown;
  /** Withdrawals and releases take effect over a local edit; the edit is kept for review. */
  applied: boolean;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Three-way merge of one record: `base` is the feed's value as last applied, `local` what the list holds now.
 * A field the feed did not change stays as it is locally; a field the feed changed is taken unless it was edited
 * locally (a local override), which is a conflict: kept, except for `forced` values.
 */
export function mergeFields<T extends object>(
  base: T, incoming: T, local: T, forced: (field: keyof T, value: unknown) => boolean,
): { set: Partial<T>; conflicts: FieldConflict[] } {
  const set: Partial<T> = {};
  const conflicts: FieldConflict[] = [];
  for (const field of Object.keys(incoming) as (keyof T)[]) {
    const b = base[field], inc = incoming[field], l = local[field];
    if (same(inc, b) || same(l, inc)) continue;
    if (same(l, b)) {
      set[field] = inc;
      continue;
    }
    const applied = forced(field, inc);
    if (applied) set[field] = inc;
    conflicts.push({ field: String(field), local: l, feed: inc, applied });
  }
  return { set, conflicts };
}

/** The feed's withdrawals and releases stop letters: they win over a local edit. */
export const forcedPersonField = (field: keyof PersonFields, value: unknown) =>
  (field === 'status' && value === 'released') || (field === 'supportWithdrawn' && value === true);

const fieldsOf = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;

/** A local record linked to a feed record: its id, the feed's key, the base, and its own values in feed form. */
export interface Linked<T> {
  localId: number;
  feedKey: string;
  name: string;
  base: T;
  local: T;
}

export interface PersonRef {
  feedId: string;
  localId: number | null;
  name: string;
}

export interface FeedDiff {
  withdrawn: PersonRef[];
  released: PersonRef[];
  transfers: (PersonRef & { from: string | null; to: string | null })[];
  newPeople: PersonRef[];
  addressCorrections: { feedId: string; localId: number | null; name: string; fields: { field: string; from: unknown; to: unknown }[] }[];
  otherChanges: (PersonRef & { fields: string[] })[];
  conflicts: (PersonRef & FieldConflict)[];
  noLongerInFeed: PersonRef[];
}

export interface FeedPlan {
  newFacilities: FeedFacility[];
  facilityUpdates: { localId: number; feedKey: string; set: Partial<FacilityFields>; base: FacilityFields }[];
  newPeople: FeedPerson[];
  personUpdates: { localId: number; feedKey: string; set: Partial<PersonFields>; base: PersonFields; conflicts: FieldConflict[] }[];
  diff: FeedDiff;
}

const personName = (p: { surname: string; givenName: string; patronymic: string | null }) => [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ');

/**
 * What applying `feed` does to the local list. `people` and `facilities` are the local records linked to this
 * publisher (their `local.facilityId` is the feed key of a linked facility, or `local:<id>`); `facilityNames` names
 * every local facility key for the diff. Local-only records are not passed in and so never touched.
 */
export function planFeed(
  feed: SignedFeed,
  people: Linked<PersonFields>[],
  facilities: Linked<FacilityFields>[],
  facilityNames: Map<string, string>,
): FeedPlan {
  const linkedFacilities = new Map(facilities.map((f) => [f.feedKey, f]));
  const feedFacilityNames = new Map(feed.facilities.map((f) => [f.id, f.name]));
  const nameOf = (key: string | null) => (key === null ? null : (feedFacilityNames.get(key) ?? facilityNames.get(key) ?? key));
  const plan: FeedPlan = {
    newFacilities: [], facilityUpdates: [], newPeople: [], personUpdates: [],
    diff: { withdrawn: [], released: [], transfers: [], newPeople: [], addressCorrections: [], otherChanges: [], conflicts: [], noLongerInFeed: [] },
  };
  const { diff } = plan;
  for (const f of feed.facilities) {
    const linked = linkedFacilities.get(f.id);
    if (!linked) {
      plan.newFacilities.push(f);
      continue;
    }
    // A field the feed (or the base it was last applied from) does not carry is left as it is here.
    const incoming = { ...fieldsOf(f), mailRulesRu: f.mailRulesRu === undefined ? linked.local.mailRulesRu : f.mailRulesRu };
    const base = { ...linked.base, mailRulesRu: linked.base.mailRulesRu === undefined ? linked.local.mailRulesRu : linked.base.mailRulesRu };
    const { set } = mergeFields(base, incoming, linked.local, () => false);
    if (!same(incoming, base)) plan.facilityUpdates.push({ localId: linked.localId, feedKey: f.id, set, base: incoming });
    const fields = Object.entries(set).map(([field, to]) => ({ field, from: linked.local[field as keyof FacilityFields], to }));
    if (fields.length) diff.addressCorrections.push({ feedId: f.id, localId: linked.localId, name: linked.name, fields });
  }
  const linkedPeople = new Map(people.map((p) => [p.feedKey, p]));
  const inFeed = new Set<string>();
  for (const p of feed.people) {
    inFeed.add(p.id);
    const linked = linkedPeople.get(p.id);
    const incoming = fieldsOf(p);
    if (!linked) {
      plan.newPeople.push(p);
      diff.newPeople.push({ feedId: p.id, localId: null, name: personName(p) });
      continue;
    }
    const ref: PersonRef = { feedId: p.id, localId: linked.localId, name: personName(linked.local) };
    const { set, conflicts } = mergeFields(linked.base, incoming, linked.local, forcedPersonField);
    if (!same(incoming, linked.base)) plan.personUpdates.push({ localId: linked.localId, feedKey: p.id, set, base: incoming, conflicts });
    if (set.supportWithdrawn === true) diff.withdrawn.push(ref);
    if (set.status === 'released') diff.released.push(ref);
    if (set.facilityId !== undefined) diff.transfers.push({ ...ref, from: nameOf(linked.local.facilityId), to: nameOf(set.facilityId) });
    const other = Object.keys(set).filter((k) => k !== 'facilityId' && !(k === 'status' && set.status === 'released') && !(k === 'supportWithdrawn' && set.supportWithdrawn === true));
    if (other.length) diff.otherChanges.push({ ...ref, fields: other });
    for (const c of conflicts) diff.conflicts.push({ ...ref, ...c });
  }
  for (const p of people) if (!inFeed.has(p.feedKey)) diff.noLongerInFeed.push({ feedId: p.feedKey, localId: p.localId, name: personName(p.local) });
  return plan;
}

/**
 * List feeds between chapters (docs/feeds.md): the publishing key pair, publishing and serving the signed file,
 * the publishers a chapter takes feeds from, the preview (verify, then diff against the local list) and the apply
 * (one transaction, one grouped audit entry). The private key is stored in the database as it is: whoever holds
 * the database file or a backup can sign feeds as this chapter, and the console says so where the key is made.
 */
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Kysely, Transaction } from 'kysely';
import { recordAudit, type Actor } from '../db/audit.js';
import { findFacility, listAllFacilities, updateFacility } from '../db/facilities.js';
import {
  deletePreviews, deletePublisher, findPreview, findPublisher, findPublisherByKey, findSigningKey, insertLinkedFacility, insertPreview,
  insertPrisonersChunked, insertPublisher, listFacilitiesByIds, listLinkedFacilities, listLinkedPrisoners, listPublishablePrisoners,
  listPublishers, listSharingChoices, markFeedTaken, recordPublished, saveSigningKey, setPrisonersShared,
} from '../db/feeds.js';
import { updatePrisoner } from '../db/prisoners.js';
import type { DB, Facility, FeedPublisher, NewPrisoner, Prisoner } from '../db/schema.js';
import {
  canonicalJson, FEED_FORMAT, FEED_MAX_BYTES, FEED_VERSION, feedFacilityOf, feedPersonOf, fingerprint, isLocalNetworkAddress, makeKeyPair,
  parsePublicKey, planFeed, readFeedFile, signFeed, verifyFeed,
  type FacilityFields, type FeedPerson, type FeedPlan, type Linked, type PersonFields, type SignedFeed,
} from '../domain/feed.js';
import { clean, normalizeFacility, normalizePrisoner } from '../domain/records.js';
import type { Settings } from '../domain/settings.js';
import { DomainError, invalid } from '../model/errors.js';
import type { FeedSettingsRequest } from '../model/feed-schemas.js';
import type { FacilityInput, PersonInput } from '../model/schemas.js';
import { getSettings, updateSettings } from './settings.js';

type Db = Kysely<DB> | Transaction<DB>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A preview not applied within a day is dropped: the list it was compared with has moved on. */
const PREVIEW_HOURS = 24;
const FETCH_TIMEOUT_MS = 15_000;
const previewCutoff = (now: Date) => new Date(now.getTime() - PREVIEW_HOURS * 3600_000).toISOString();

const ageDays = (iso: string | null, now: Date) => (iso === null ? null : Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));

function publisherView(p: FeedPublisher, now: Date) {
  return {
    id: p.id, name: p.name, publicKey: p.publicKey, fingerprint: p.fingerprint, lastSequence: p.lastSequence, lastFeedAt: p.lastFeedAt,
    lastTakenAt: p.lastTakenAt, ageDays: ageDays(p.lastFeedAt, now), createdAt: p.createdAt,
  };
}

const pickFeedSettings = (s: Settings) => ({ scope: s.feedScope, serve: s.feedServe, name: s.feedName, staleDays: s.feedStaleDays });

/** The newest feed taken, when it is older than the setting (or none was ever taken from a publisher added). */
function staleWarning(publishers: FeedPublisher[], staleDays: number, now: Date) {
  if (!publishers.length) return null;
  const newest = publishers.map((p) => p.lastFeedAt).filter((at): at is string => at !== null).sort().at(-1) ?? null;
  const days = ageDays(newest, now);
  return days === null || days > staleDays ? { newestFeedAt: newest, ageDays: days, staleDays } : null;
}

/** What the console's feed page shows. */
export async function feedStatus(db: Db, now = new Date()) {
  const settings = await getSettings(db);
  const key = await findSigningKey(db);
  const publishers = await listPublishers(db);
  return {
    key: key ? { publicKey: key.publicKey, fingerprint: fingerprint(key.publicKey), createdAt: key.createdAt, lastSequence: key.lastSequence, lastPublishedAt: key.lastPublishedAt } : null,
    settings: pickFeedSettings(settings),
    publishers: publishers.map((p) => publisherView(p, now)),
    stale: staleWarning(publishers, settings.feedStaleDays, now),
  };
}

/** Just the warning, for the page organizers open before an evening. */
export async function feedFreshness(db: Db, now = new Date()) {
  return { stale: staleWarning(await listPublishers(db), (await getSettings(db)).feedStaleDays, now) };
}

export function updateFeedSettings(db: Kysely<DB>, actor: Actor, changes: FeedSettingsRequest) {
  if (changes.name !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(changes.name)) {
    throw invalid('name', 'use lower-case Latin letters, digits and dashes (it becomes /feed/<name>.json)');
  }
  return updateSettings(db, actor, { feedScope: changes.scope, feedServe: changes.serve, feedName: changes.name, feedStaleDays: changes.staleDays }, changes.version, pickFeedSettings);
}

/** Makes the publishing key pair; replacing one needs saying so, since every chapter must add the new key. */
export function makeSigningKey(db: Kysely<DB>, actor: Actor, replace: boolean) {
  return db.transaction().execute(async (trx) => {
    const before = await findSigningKey(trx);
    if (before && !replace) throw new DomainError('conflict', 'replace: a key pair exists; chapters would have to add a new key (send replace: true)', 'replace');
    const pair = makeKeyPair();
    await saveSigningKey(trx, pair);
    const view = { publicKey: pair.publicKey, fingerprint: fingerprint(pair.publicKey) };
    await recordAudit(trx, actor, { action: before ? 'replace-key' : 'create-key', entity: 'feed', entityId: null, before: before ? { publicKey: before.publicKey } : null, after: view });
    return view;
  });
}

/**
 * Publishes the next feed: the chosen people (never demo records) and the facilities they are at, with public
 * fields only — no private notes, withdrawal notes, facility notes, accounts, queue or ledger — signed.
 */
export async function publishFeed(db: Kysely<DB>, actor: Actor, options: { gzip: boolean }, now = new Date()) {
  const { file, sequence, name } = await signNextFeed(db, actor, now);
  return { body: options.gzip ? zlib.gzipSync(file) : file, filename: `volya-feed-${name}-${sequence}.json${options.gzip ? '.gz' : ''}` };
}

function signNextFeed(db: Kysely<DB>, actor: Actor, now: Date) {
  return db.transaction().execute(async (trx) => {
    const key = await findSigningKey(trx);
    if (!key) throw new DomainError('conflict', 'key: make the publishing key pair first', 'key');
    const settings = await getSettings(trx);
    const people = await listPublishablePrisoners(trx, settings.feedScope === 'shared');
    const facilityIds = [...new Set(people.map((p) => p.facilityId).filter((id): id is number => id !== null))];
    const facilities = await listFacilitiesByIds(trx, facilityIds);
    const sequence = key.lastSequence + 1;
    const publishedAt = now.toISOString();
    const file = signFeed(
      {
        format: FEED_FORMAT, version: FEED_VERSION, publisher: { name: settings.collectiveName, publicKey: key.publicKey }, sequence, publishedAt,
        facilities: facilities.map(feedFacilityOf), people: people.map(feedPersonOf),
      },
      key.privateKey,
    );
    await recordPublished(trx, sequence, publishedAt, file);
    await recordAudit(trx, actor, { action: 'publish', entity: 'feed', entityId: sequence, after: { sequence, scope: settings.feedScope, people: people.length, facilities: facilities.length } });
    return { file, sequence, name: settings.feedName };
  });
}

/** The last published file, when serving is on and the name matches; otherwise not found. */
export async function servedFeed(db: Db, name: string): Promise<string> {
  const settings = await getSettings(db);
  const key = await findSigningKey(db);
  if (!settings.feedServe || name !== settings.feedName || !key?.lastFile) throw new DomainError('not-found', 'name: no feed is served under this name', 'name');
  return key.lastFile;
}

export async function listSharing(db: Db) {
  return (await listSharingChoices(db)).map((p) => ({ ...p, shared: p.shared === 1, isDemo: p.isDemo === 1 }));
}

export function setShared(db: Kysely<DB>, actor: Actor, ids: number[], shared: boolean) {
  return db.transaction().execute(async (trx) => {
    const changed = await setPrisonersShared(trx, ids, shared);
    await recordAudit(trx, actor, { action: shared ? 'share' : 'unshare', entity: 'feed', entityId: null, after: { ids } });
    return { changed };
  });
}

export async function listFeedPublishers(db: Db, now = new Date()) {
  return (await listPublishers(db)).map((p) => publisherView(p, now));
}

export function addPublisher(db: Kysely<DB>, actor: Actor, input: { name: string; publicKey: string }, now = new Date()) {
  const name = clean(input.name);
  if (!name) throw invalid('name', 'must not be empty');
  const publicKey = parsePublicKey(input.publicKey);
  return db.transaction().execute(async (trx) => {
    if (await findPublisherByKey(trx, publicKey)) throw new DomainError('conflict', 'publicKey: this key is already added', 'publicKey');
    if ((await findSigningKey(trx))?.publicKey === publicKey) throw invalid('publicKey', 'is this Volya\'s own publishing key');
    const row = await insertPublisher(trx, { name, publicKey, fingerprint: fingerprint(publicKey) });
    await recordAudit(trx, actor, { action: 'create', entity: 'feed-publisher', entityId: row.id, after: row });
    return publisherView(row, now);
  });
}

export function removePublisher(db: Kysely<DB>, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const before = await findPublisher(trx, id);
    if (!before) throw new DomainError('not-found', `id: no publisher with id ${id}`, 'id');
    await deletePublisher(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'feed-publisher', entityId: id, before });
  });
}

/** Fetches a feed from a chapter on the local network: loopback and private addresses only, bounded in size and time. */
async function fetchFeed(url: string): Promise<Buffer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalid('url', 'is not a web address');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw invalid('url', 'must start with http:// or https://');
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw invalid('url', `the name ${host} is not known on this network`);
  }
  if (!addresses.length || !addresses.every(isLocalNetworkAddress)) {
    throw invalid('url', `${host} is not on the local network: feeds are taken from this machine or the local network only`);
  }
  return download(target, addresses, host);
}

/** GET over http(s) to the addresses already checked (a second lookup could answer with others), no redirects. */
function download(target: URL, addresses: string[], host: string): Promise<Buffer> {
  const checked = addresses.map((address) => ({ address, family: net.isIP(address) }));
  const lookup = ((_name: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    options.all ? callback(null, checked) : callback(null, checked[0]!.address, checked[0]!.family)) as unknown as net.LookupFunction;
  const unreachable = () => new DomainError('unavailable', `url: ${host} could not be reached, or took longer than ${FETCH_TIMEOUT_MS / 1000} s`, 'url');
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).get(target, { lookup, timeout: FETCH_TIMEOUT_MS }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new DomainError('unprocessable', `url: the other Volya answered ${response.statusCode}`, 'url'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= FEED_MAX_BYTES) return void chunks.push(chunk);
        reject(new DomainError('too-large', 'url: the feed is larger than the limit', 'url'));
        request.destroy();
      });
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('aborted', () => reject(unreachable()));
    });
    // The whole download, not only an idle socket, is bounded in time.
    const deadline = setTimeout(() => request.destroy(), FETCH_TIMEOUT_MS);
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy());
    request.on('error', () => reject(unreachable()));
  });
}

/** A verified feed from a publisher that was added, newer than the last one taken; otherwise refused with the reason. */
async function verifiedFeed(db: Db, bytes: Buffer): Promise<{ feed: SignedFeed; publisher: FeedPublisher }> {
  const feed = readFeedFile(bytes);
  const publisher = await findPublisherByKey(db, feed.publisher.publicKey);
  if (!publisher) {
    throw new DomainError('unprocessable', `key: the feed is signed with a key not added as a publisher (fingerprint ${fingerprint(feed.publisher.publicKey)})`, 'key');
  }
  if (!verifyFeed(feed, publisher.publicKey)) {
    throw new DomainError('unprocessable', `signature: the signature does not match: the file was changed after ${publisher.name} signed it`, 'signature');
  }
  if (publisher.lastSequence !== null && feed.sequence <= publisher.lastSequence) {
    throw new DomainError('conflict', `sequence: feed #${feed.sequence} is not newer than #${publisher.lastSequence}, the last one taken from ${publisher.name}`, 'sequence');
  }
  return { feed, publisher };
}

const linkedBase = <T>(row: { feedBase: string | null }) => JSON.parse(row.feedBase ?? 'null') as T;
const fieldsOnly = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

interface Loaded {
  plan: FeedPlan;
  people: Map<number, Prisoner>;
  facilityKeys: Map<string, number>;
  facilities: Facility[];
}

/** The local records linked to this publisher in feed form, and the plan for the feed. */
async function planFor(db: Db, publisherId: number, feed: SignedFeed): Promise<Loaded> {
  const linkedFacilities = await listLinkedFacilities(db, publisherId);
  const keyOf = new Map(linkedFacilities.map((f) => [f.id, f.feedKey!]));
  const facilities = await listAllFacilities(db);
  const facilityNames = new Map(facilities.map((f) => [keyOf.get(f.id) ?? `local:${f.id}`, f.name]));
  const rows = await listLinkedPrisoners(db, publisherId);
  const people: Linked<PersonFields>[] = rows.map((p) => {
    const local = fieldsOnly(feedPersonOf(p));
    local.facilityId = p.facilityId === null ? null : (keyOf.get(p.facilityId) ?? `local:${p.facilityId}`);
    return { localId: p.id, feedKey: p.feedKey!, name: [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' '), base: linkedBase<PersonFields>(p), local };
  });
  const linked: Linked<FacilityFields>[] = linkedFacilities.map((f) => ({ localId: f.id, feedKey: f.feedKey!, name: f.name, base: linkedBase<FacilityFields>(f), local: fieldsOnly(feedFacilityOf(f)) }));
  return {
    plan: planFeed(feed, people, linked, facilityNames),
    people: new Map(rows.map((p) => [p.id, p])),
    facilityKeys: new Map(linkedFacilities.map((f) => [f.feedKey!, f.id])),
    facilities,
  };
}

const counts = (plan: FeedPlan) => Object.fromEntries(Object.entries(plan.diff).map(([k, v]) => [k, v.length])) as Record<keyof FeedPlan['diff'], number>;

/**
 * Verifies the file (uploaded, or fetched from the local network) and returns what applying it would change, with
 * the id to apply it by. Nothing changes yet.
 */
export async function previewFeed(db: Kysely<DB>, source: { bytes: Buffer } | { url: string }, now = new Date()) {
  const bytes = 'bytes' in source ? source.bytes : await fetchFeed(source.url);
  const { feed, publisher } = await verifiedFeed(db, bytes);
  const { plan } = await planFor(db, publisher.id, feed);
  const id = crypto.randomUUID();
  await db.transaction().execute(async (trx) => {
    await deletePreviews(trx, { before: previewCutoff(now) });
    await insertPreview(trx, { id, publisherId: publisher.id, sequence: feed.sequence, body: canonicalJson(feed) });
  });
  return {
    previewId: id,
    publisher: { id: publisher.id, name: publisher.name, fingerprint: publisher.fingerprint, lastSequence: publisher.lastSequence },
    feed: { name: feed.publisher.name, sequence: feed.sequence, publishedAt: feed.publishedAt, people: feed.people.length, facilities: feed.facilities.length },
    counts: counts(plan),
    diff: plan.diff,
  };
}

function facilityInputOf(f: Facility): FacilityInput {
  return { name: f.name, kind: f.kind, street: f.street, city: f.city, district: f.district, region: f.region, postalCode: f.postalCode, country: f.country, mailRules: f.mailRules, mailRulesRu: f.mailRulesRu, notes: f.notes };
}

function personInputOf(p: Prisoner): PersonInput {
  return {
    surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, latinName: p.latinNameSet ? p.latinName : null, nameDative: p.nameDative,
    gender: p.gender, birthYear: p.birthYear, birthDate: p.birthDate, facilityId: p.facilityId, status: p.status, addressAsOf: p.addressAsOf,
    addressSource: p.addressSource, caseName: p.caseName, bioEn: p.bioEn, bioRu: p.bioRu, languages: p.languages.split(','),
    supportWithdrawn: p.supportWithdrawn === 1, withdrawnNote: p.withdrawnNote, privateNotes: p.privateNotes,
  };
}

/**
 * Applies a previewed feed: all of it in one transaction with one grouped audit entry, or nothing. The plan is
 * made again inside the transaction, against the list as it is now.
 */
export function applyFeed(db: Kysely<DB>, actor: Actor, previewId: string, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const preview = await findPreview(trx, previewId);
    const fresh = preview && preview.createdAt >= previewCutoff(now) ? preview : undefined;
    const publisher = fresh && (await findPublisher(trx, fresh.publisherId));
    if (!preview || !publisher) throw new DomainError('not-found', 'previewId: no such preview (already applied, or older than a day): take the feed in again', 'previewId');
    if (publisher.lastSequence !== null && preview.sequence <= publisher.lastSequence) {
      throw new DomainError('conflict', `sequence: feed #${preview.sequence} is not newer than #${publisher.lastSequence}, the last one taken`, 'sequence');
    }
    const feed = JSON.parse(preview.body) as SignedFeed;
    const source = `from feed ${publisher.name} #${feed.sequence}`;
    const { plan, people, facilityKeys, facilities } = await planFor(trx, publisher.id, feed);
    const countries = new Map(facilities.map((f) => [f.id, f.country]));
    const link = (feedKey: string, fields: object) => ({ feedPublisherId: publisher.id, feedKey, feedBase: canonicalJson(fields) });

    for (const f of plan.newFacilities) {
      const row = await insertLinkedFacility(trx, { ...normalizeFacility(f), ...link(f.id, fieldsOnly(f)) });
      facilityKeys.set(f.id, row.id);
      countries.set(row.id, row.country);
    }
    for (const u of plan.facilityUpdates) {
      const current = (await findFacility(trx, u.localId))!;
      const values = Object.keys(u.set).length ? normalizeFacility({ ...facilityInputOf(current), ...u.set }) : {};
      const row = await updateFacility(trx, u.localId, { ...values, feedBase: canonicalJson(u.base) });
      countries.set(row.id, row.country);
    }
    const localFacility = (key: string | null) => (key === null ? null : key.startsWith('local:') ? Number(key.slice(6)) : facilityKeys.get(key)!);
    const note = (withdrawn: boolean, existing: string | null) => (withdrawn ? (existing ?? `Support withdrawn ${source}`) : existing);

    const created: NewPrisoner[] = plan.newPeople.map((p: FeedPerson) => {
      const facilityId = localFacility(p.facilityId);
      const values = normalizePrisoner({ ...p, facilityId, withdrawnNote: note(p.supportWithdrawn, null) }, facilityId === null ? null : countries.get(facilityId)!, now);
      return { ...values, ...link(p.id, fieldsOnly(p)) };
    });
    await insertPrisonersChunked(trx, created);
    for (const u of plan.personUpdates) {
      const current = people.get(u.localId)!;
      const input = personInputOf(current);
      const { facilityId: facilityKey, ...rest } = u.set;
      Object.assign(input, rest);
      if (facilityKey !== undefined) input.facilityId = localFacility(facilityKey);
      input.withdrawnNote = note(input.supportWithdrawn === true, current.withdrawnNote);
      const facilityId = input.facilityId ?? null;
      const values = Object.keys(u.set).length ? normalizePrisoner(input, facilityId === null ? null : countries.get(facilityId)!, now) : {};
      await updatePrisoner(trx, u.localId, { ...values, feedBase: canonicalJson(u.base) });
    }
    await markFeedTaken(trx, publisher.id, { sequence: feed.sequence, feedAt: feed.publishedAt, at: now.toISOString() });
    await deletePreviews(trx, { publisherId: publisher.id, upTo: feed.sequence });
    const summary = { source, sequence: feed.sequence, counts: counts(plan), diff: plan.diff };
    await recordAudit(trx, actor, { action: 'apply-feed', entity: 'feed-publisher', entityId: publisher.id, after: summary });
    return { source, sequence: feed.sequence, counts: summary.counts, conflicts: plan.diff.conflicts };
  });
}

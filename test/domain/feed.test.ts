/** The feed's pure rules: canonical JSON, the fingerprint's shape, the local-network check, the three-way merge. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint, forcedPersonField, isLocalNetworkAddress, mergeFields, parsePublicKey, planFeed, type FacilityFields, type Linked, type SignedFeed } from '../../server/domain/feed.js';

// RFC 8032, section 7.1, test 1: a valid Ed25519 public key.
const RFC_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('feed rules', () => {
  it('writes canonical JSON: keys sorted at every level, no spaces, arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'ё' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":"ё","z":null}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'x"y' })).toBe('{"b":"x\\"y"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });

  it('reads a pasted public key in any spelling, and refuses what is not one', () => {
    expect(parsePublicKey(` ${RFC_KEY.toUpperCase().match(/.{8}/g)!.join(' ')}\n`)).toBe(RFC_KEY);
    expect(() => parsePublicKey('abc')).toThrow(/publicKey: must be the 64 hex digits/);
  });

  it('gives a fingerprint of four groups of four base32 characters, different for different keys', () => {
    const f = fingerprint(RFC_KEY);
    expect(f).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(fingerprint('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')).not.toBe(f);
  });

  it('takes loopback and private addresses only', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '172.31.255.1', '192.168.1.20', '169.254.3.4', '::1', 'fd12::1', 'fe80::1', '::ffff:192.168.0.2']) {
      expect(isLocalNetworkAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.64.0.1', '2001:db8::1', '::ffff:8.8.8.8', 'localhost', '']) {
      expect(isLocalNetworkAddress(a), a).toBe(false);
    }
  });

  it('merges three ways: feed changes taken, local edits kept, a conflict where both changed, withdrawals and releases forced', () => {
    const base = { status: 'pretrial', caseName: 'A', bioEn: 'old', supportWithdrawn: false };
    const local = { status: 'colony', caseName: 'A (local)', bioEn: 'old', supportWithdrawn: false };
    const incoming = { status: 'released', caseName: 'B', bioEn: 'new', supportWithdrawn: true };
    const { set, conflicts } = mergeFields(base, incoming, local, forcedPersonField as never);
    expect(set).toEqual({ status: 'released', bioEn: 'new', supportWithdrawn: true });
    expect(conflicts).toEqual([
      { field: 'status', local: 'colony', feed: 'released', applied: true },
      { field: 'caseName', local: 'A (local)', feed: 'B', applied: false },
    ]);
    // A feed that did not change a field leaves the local edit alone; a local edit equal to the feed's is no conflict.
    expect(mergeFields(base, base, local, () => false)).toEqual({ set: {}, conflicts: [] });
    expect(mergeFields(base, { ...base, caseName: 'A (local)' }, local, () => false)).toEqual({ set: {}, conflicts: [] });
  });
});

describe('feed plan: the facility rules in Russian', () => {
  const f: FacilityFields = {
    name: 'ФКУ СИЗО-1 УФСИН России по Тестовой области', kind: 'sizo', street: 'ул. Тестовая, 1', city: 'г. Тестов', district: null, region: null,
    postalCode: '123456', country: 'RU', mailRules: 'Letters only in Russian.', mailRulesRu: 'Письма только на русском языке.',
  };
  const feedOf = (facility: Record<string, unknown>) => ({ facilities: [{ id: 'f1', ...facility }], people: [] }) as unknown as SignedFeed;
  const linked = (base: Partial<FacilityFields>, local: FacilityFields): Linked<FacilityFields> =>
    ({ localId: 7, feedKey: 'f1', name: local.name, base: base as FacilityFields, local });

  it('takes a change of the Russian rules from the feed, and keeps a local edit of them', () => {
    const changed = planFeed(feedOf({ ...f, mailRulesRu: 'Открытки без конвертов.' }), [], [linked(f, f)], new Map());
    expect(changed.facilityUpdates).toEqual([expect.objectContaining({ localId: 7, set: { mailRulesRu: 'Открытки без конвертов.' } })]);
    expect(changed.diff.addressCorrections[0]!.fields).toEqual([{ field: 'mailRulesRu', from: f.mailRulesRu, to: 'Открытки без конвертов.' }]);
    const local = { ...f, mailRulesRu: 'Своё правило.' };
    const kept = planFeed(feedOf(f), [], [linked(f, local)], new Map());
    expect(kept.facilityUpdates.flatMap((u) => Object.keys(u.set))).toEqual([]);
  });

  it('leaves the Russian rules as they are here when the feed does not carry the field (a publisher before it existed)', () => {
    const { mailRulesRu: _ru, ...older } = f;
    const local = { ...f, mailRulesRu: 'Своё правило.' };
    // The base it was last applied from does not carry it either.
    const plan = planFeed(feedOf(older), [], [linked(older, local)], new Map());
    expect(plan.facilityUpdates.flatMap((u) => Object.keys(u.set))).toEqual([]);
    expect(plan.diff.addressCorrections).toEqual([]);
    // A feed that does carry it, over a base that did not: the feed's value is taken.
    const now = planFeed(feedOf(f), [], [linked(older, { ...f, mailRulesRu: null })], new Map());
    expect(now.facilityUpdates[0]!.set).toEqual({ mailRulesRu: f.mailRulesRu });
  });
});

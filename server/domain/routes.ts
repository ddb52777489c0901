/**
 * Rules for delivery routes as organizers enter them, and the postal-status warning. Pure: the caller loads the
 * routes and the status rows. A route keeps only the fields of its kind; the others are stored empty.
 */
import { invalid } from '../model/errors.js';
import type { RouteInput } from '../model/schemas.js';
import type { PostalStatus, RouteKind } from '../model/vocabulary.js';
import { clean, cleanMultiline } from './records.js';

const ISO2 = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The columns of a route from what the form sent, checked with the field named. */
export function normalizeRoute(input: RouteInput) {
  const name = clean(input.name);
  if (!name) throw invalid('name', 'must not be empty');
  const none = {
    partnerName: null, partnerAddress: null, partnerCountry: null, returnAddressOf: null,
    contact: null, accepts: null, charLimit: null, pageLimit: null, currency: null,
    pricePerLetter: null, pricePerPage: null, pricePerImage: null, priceReplyForm: null, canReply: 0,
  } as const;
  const base = { kind: input.kind as RouteKind, name, notes: cleanMultiline(input.notes), enabled: input.enabled === false ? 0 : 1 };
  if (input.kind === 'post') return { ...base, ...none };
  if (input.kind === 'forward') {
    const partnerName = clean(input.partnerName);
    if (!partnerName) throw invalid('partnerName', 'name the partner who posts the envelopes');
    const partnerAddress = cleanMultiline(input.partnerAddress);
    if (!partnerAddress) throw invalid('partnerAddress', 'give the partner\'s postal address, one line per line');
    const partnerCountry = (clean(input.partnerCountry) ?? '').toUpperCase();
    if (!ISO2.test(partnerCountry)) throw invalid('partnerCountry', 'must be a two-letter ISO country code such as DE');
    if (partnerCountry === 'RU') throw invalid('partnerCountry', 'a forwarding partner posts from outside Russia; for delivery inside Russia use a relay');
    return { ...base, ...none, partnerName, partnerAddress, partnerCountry, returnAddressOf: input.returnAddressOf ?? 'collective' };
  }
  const prices = { pricePerLetter: input.pricePerLetter ?? null, pricePerPage: input.pricePerPage ?? null, pricePerImage: input.pricePerImage ?? null, priceReplyForm: input.priceReplyForm ?? null };
  const currency = clean(input.currency)?.toUpperCase() ?? null;
  if (currency !== null && !CURRENCY.test(currency)) throw invalid('currency', 'must be a three-letter currency code such as RUB');
  if (currency === null && Object.values(prices).some((p) => p !== null)) throw invalid('currency', 'say which currency the prices are in (e.g. RUB)');
  return {
    ...base, ...none, ...prices, currency,
    contact: cleanMultiline(input.contact),
    accepts: input.accepts ?? 'text',
    charLimit: input.charLimit ?? null,
    pageLimit: input.pageLimit ?? null,
    canReply: input.canReply ? 1 : 0,
  };
}

/** Whether an ISO-2 country code is well formed (the postal-status table's key). */
export function requireCountryCode(country: string, field = 'country'): string {
  const c = country.toUpperCase();
  if (!ISO2.test(c)) throw invalid(field, 'must be a two-letter ISO country code such as CA');
  return c;
}

export interface DeliveryWarning {
  code: 'post-suspended' | 'post-unknown';
  message: string;
}

/**
 * The console's warning about the default route: `post` from a country where mail to Russia is marked suspended
 * (or not known) will not arrive, and the organizers should switch to a forward or relay route.
 */
export function defaultRouteWarnings(
  defaultRoute: { kind: RouteKind; name: string } | undefined,
  collectiveCountry: string,
  status: { status: PostalStatus; asOf: string | null; source: string } | undefined,
): DeliveryWarning[] {
  if (!defaultRoute || defaultRoute.kind !== 'post') return [];
  if (status?.status === 'suspended') {
    return [{
      code: 'post-suspended',
      message: `The default route "${defaultRoute.name}" posts letters from ${collectiveCountry}, but mail from ${collectiveCountry} to Russia is marked suspended${status.asOf ? ` since ${status.asOf}` : ''} (${status.source}). Letters posted there will not arrive: make a forward or relay route the default.`,
    }];
  }
  if (!status || status.status === 'unknown') {
    return [{
      code: 'post-unknown',
      message: `The default route "${defaultRoute.name}" posts letters from ${collectiveCountry}, and whether mail from ${collectiveCountry} to Russia runs is not known: check before the event and record it in the postal-status table.`,
    }];
  }
  return [];
}

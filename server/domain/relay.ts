/**
 * What a relay (a service or volunteer who delivers the text inside Russia: an e-letter service, volunteers who print
 * and post within Russia) takes, as rules on plain values: its character and page limits, Latin letters it cannot
 * carry, and the price of a letter. The kiosk's preview and queue and the relay bundle all call these, so a letter
 * refused at the relay is refused at the kiosk first, with the same words.
 */
import { DomainError } from '../model/errors.js';
import { textLength } from './text-length.js';

/** What Volya needs to know of a relay's terms. */
export interface RelayTerms {
  name: string;
  /** 'text': the text only; 'text-images': postcards' drawings too. */
  accepts: 'text' | 'text-images';
  /** Characters per letter at most (counted as the kiosk's counter counts), or null. */
  charLimit: number | null;
  /** Pages per letter at most (RELAY_PAGE_CHARS a page), or null. */
  pageLimit: number | null;
  prices: RelayPrices;
  /** Whether it can bring back an answer (the paid reply form of an e-letter service). */
  canReply: boolean;
}

export interface RelayPrices {
  perLetter: number;
  perPage: number;
  perImage: number;
  perReplyForm: number;
  /** ISO 4217, e.g. 'RUB'. */
  currency: string;
}

/**
 * Characters on one page as relays count them: e-letter services count an A4 page of typed text, about 1,800
 * characters with spaces (the "standard page" of Russian typing), and so does Volya, so the page count is the
 * same at the kiosk, in the manifest and in the price.
 */
export const RELAY_PAGE_CHARS = 1800;

/** Pages the relay counts for a text: at least one. */
export function relayPages(text: string): number {
  return Math.max(1, Math.ceil(textLength(text) / RELAY_PAGE_CHARS));
}

/**
 * Refuses (422) a text over the relay's character or page limit, naming the limit; called when the kiosk previews
 * and when it queues, not when the bundle is made.
 */
export function checkRelayLimits(text: string, relay: Pick<RelayTerms, 'name' | 'charLimit' | 'pageLimit'>, field = 'text'): void {
  const chars = textLength(text);
  if (relay.charLimit !== null && chars > relay.charLimit) {
    throw new DomainError('unprocessable', `${field}: the text is ${chars} characters; ${relay.name} takes at most ${relay.charLimit} characters a letter (charLimit)`, field);
  }
  const pages = relayPages(text);
  if (relay.pageLimit !== null && pages > relay.pageLimit) {
    throw new DomainError(
      'unprocessable',
      `${field}: the text is ${pages} pages of ${RELAY_PAGE_CHARS} characters; ${relay.name} takes at most ${relay.pageLimit} page${relay.pageLimit === 1 ? '' : 's'} a letter (pageLimit)`,
      field,
    );
  }
}

const LATIN_LETTER = /\p{Script=Latin}/gu;

/** The Latin letters of a text, each once, in the order they first appear. */
export function latinLetters(text: string): string[] {
  return [...new Set(text.match(LATIN_LETTER) ?? [])];
}

/** Why a text cannot go by a Russian-only relay, or undefined when it can. Never quotes more than the letters. */
export function latinRefusal(text: string): string | undefined {
  const found = latinLetters(text);
  if (!found.length) return undefined;
  const shown = found.slice(0, 12).join(' ');
  return `has Latin letters (${shown}${found.length > 12 ? ' …' : ''}); the relay takes Russian text only`;
}

/** The estimated price of one item: per letter, per page, per image, and the reply form if wanted. */
export function relayPrice(prices: RelayPrices, item: { pages: number; images: number; replyForm: boolean }): number {
  const total = prices.perLetter + prices.perPage * item.pages + prices.perImage * item.images + (item.replyForm ? prices.perReplyForm : 0);
  return Math.round(total * 100) / 100;
}

/** A route as stored (db/schema.ts RouteTable), as far as these rules read it. */
export interface RouteTermsSource {
  kind: 'post' | 'forward' | 'relay';
  name: string;
  accepts: 'text' | 'text-images' | null;
  charLimit: number | null;
  pageLimit: number | null;
  currency: string | null;
  pricePerLetter: number | null;
  pricePerPage: number | null;
  pricePerImage: number | null;
  priceReplyForm: number | null;
  canReply: number;
}

/** A relay route's terms (undefined for post and forward); prices not given count as 0. */
export function relayTermsOf(route: RouteTermsSource): RelayTerms | undefined {
  if (route.kind !== 'relay') return undefined;
  return {
    name: route.name,
    accepts: route.accepts ?? 'text',
    charLimit: route.charLimit,
    pageLimit: route.pageLimit,
    prices: {
      perLetter: route.pricePerLetter ?? 0,
      perPage: route.pricePerPage ?? 0,
      perImage: route.pricePerImage ?? 0,
      perReplyForm: route.priceReplyForm ?? 0,
      currency: route.currency ?? '',
    },
    canReply: route.canReply === 1,
  };
}

/**
 * The one check the kiosk's preview and queue make for the route an item takes: a relay's character and page
 * limits (422 naming the limit). Post and forward routes have none beyond the letter's own.
 */
export function checkRouteLimits(text: string, route: RouteTermsSource, field = 'text'): void {
  const relay = relayTermsOf(route);
  if (relay) checkRelayLimits(text, relay, field);
}

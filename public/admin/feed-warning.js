// @ts-check
// The warning that the newest list feed taken is old: on the feeds page and at the head of the people list,
// which organizers open when they prepare the kiosk for an evening.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api } from './shell.js';

/** @param {import('../shared/api-types.js').FeedStale} stale */
export function staleNotice(stale) {
  return el('div', { class: 'notice warn', role: 'status' },
    stale.ageDays === null ? t('feeds.staleNever') : t('feeds.stale', { count: stale.ageDays, limit: stale.staleDays }), ' ',
    el('a', { href: '/admin/feeds.html' }, t('feeds.takeNow')));
}

/**
 * The warning when the feeds taken are out of date, as a list to spread into a page: empty when they are current
 * (or the check itself failed).
 * @returns {Promise<HTMLElement[]>}
 */
export async function feedWarning() {
  const reply = /** @type {import('../shared/api-types.js').FeedFreshness | null} */ (await api.get('/api/admin/feed/freshness').catch(() => null));
  return reply?.stale ? [staleNotice(reply.stale)] : [];
}

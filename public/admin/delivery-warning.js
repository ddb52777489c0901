// @ts-check
// The warning that the default delivery route posts from a country where mail to Russia is suspended (or not
// known): at the head of the people list, which organizers open when they prepare the kiosk, and on the Routes page.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api } from './shell.js';

/** @param {import('../shared/api-types.js').DeliveryWarning[]} warnings */
export function deliveryNotices(warnings) {
  return warnings.map((w) => el('div', { class: 'notice warn', role: 'status' }, w.message, ' ', el('a', { href: '/admin/routes.html' }, t('nav.routes'))));
}

/**
 * The warnings as a list to spread into a page: empty when the default route is fine (or the check itself failed).
 * @returns {Promise<HTMLElement[]>}
 */
export async function deliveryWarning() {
  const reply = /** @type {{ warnings: import('../shared/api-types.js').DeliveryWarning[] } | null} */ (await api.get('/api/admin/delivery-warnings').catch(() => null));
  return reply ? deliveryNotices(reply.warnings) : [];
}

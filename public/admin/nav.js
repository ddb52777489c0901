// @ts-check
// The console's navigation, in one place: add a page by adding a line. `roles` limits who sees the link
// (organizers only when unset); `key` names the label in i18n/en.json and i18n/ru.json.

/** @typedef {{ id: string, href: string, key: string, roles?: import('../shared/api-types.js').Role[] }} NavLink */

/** @type {NavLink[]} */
export const NAV = [
  { id: 'people', href: '/admin/', key: 'nav.people' },
  { id: 'facilities', href: '/admin/facilities.html', key: 'nav.facilities' },
  { id: 'import', href: '/admin/import.html', key: 'nav.import' },
  { id: 'birthdays', href: '/admin/birthdays.html', key: 'nav.birthdays' },
  { id: 'stats', href: '/admin/stats.html', key: 'nav.stats' },
  { id: 'print-runs', href: '/admin/print-runs.html', key: 'nav.printRuns' },
  { id: 'routes', href: '/admin/routes.html', key: 'nav.routes' },
  { id: 'ledger', href: '/admin/ledger.html', key: 'nav.ledger' },
  { id: 'translate', href: '/admin/translate.html', key: 'nav.translate', roles: ['organizer', 'translator'] },
  { id: 'feeds', href: '/admin/feeds.html', key: 'nav.feeds' },
  { id: 'audit', href: '/admin/audit.html', key: 'nav.audit' },
  { id: 'backup', href: '/admin/backup.html', key: 'nav.backup' },
  { id: 'settings', href: '/admin/settings.html', key: 'nav.settings' },
  { id: 'accounts', href: '/admin/accounts.html', key: 'nav.accounts', roles: ['organizer', 'translator'] },
];

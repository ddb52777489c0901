// @ts-check
// Statistics: printed items per person (fewest first), per kind and language, per day. Counts only. And delivery
// per route and per facility from the ledger: sent, returned, delivered, replied, median days to a reply.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { pager } from './paging.js';
import { api, field, pageHead, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').Stats} Stats */

startPage('stats', async (main) => {
  const from = el('input', { type: 'date' });
  const to = el('input', { type: 'date' });
  const body = el('div');
  const csv = (/** @type {string} */ table) => el('a', { class: 'button', href: '#', dataset: { table } }, t('stats.csv'));
  const links = [csv('people'), csv('kinds'), csv('days')];
  main.append(...pageHead(t('stats.title'), t('stats.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, field('from', from, { label: t('stats.from') }), field('to', to, { label: t('stats.to') })), body);
  /**
   * @param {number} n
   * @param {number} max
   */
  const bar = (n, max) => { const b = el('span', { class: 'bar' }); b.style.width = `${max ? Math.round((n / max) * 12) : 0}rem`; return el('div', { class: 'bar-cell' }, b, String(n)); };
  async function load() {
    const q = new URLSearchParams();
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    for (const a of links) a.href = `/api/admin/stats.csv?${q}&table=${a.dataset.table}`;
    const s = /** @type {Stats} */ (await api.get(`/api/admin/stats?${q}`));
    const maxKind = Math.max(0, ...s.perKindLanguage.map((r) => r.count));
    const maxDay = Math.max(0, ...s.perDay.map((r) => r.count));
    // Bars scale to the largest count loaded when they are drawn (fewest first: later pages hold the larger counts).
    let maxPerson = Math.max(1, ...s.perPerson.map((r) => r.count));
    /**
     * @param {string[]} heads
     * @param {HTMLElement[]} rows
     */
    const table = (heads, rows) => el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, heads.map((h) => el('th', {}, h)))), el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: heads.length, class: 'empty' }, t('stats.none'))))));
    /** @param {Stats['perPerson']} rows */
    const personRows = (rows) => rows.map((p) => el('tr', {},
      el('td', {}, el('a', { href: `/admin/person.html?id=${p.id}` }, p.latinName), ' ', el('span', { class: 'name-cyr', lang: 'ru' }, p.name), p.offered ? null : el('span', { class: 'badge released' }, t('stats.notOffered'))),
      el('td', {}, bar(p.count, maxPerson))));
    /** @param {import('../shared/api-types.js').DeliveryStatRow[]} rows */
    const deliveryTable = (rows) => table([t('col.name'), t('stats.sent'), t('stats.returned'), t('stats.delivered'), t('stats.replied'), t('stats.medianDays')],
      rows.map((r) => el('tr', {}, el('td', { lang: 'ru' }, r.name ?? '—'), el('td', { class: 'num' }, r.sent), el('td', { class: 'num' }, r.returned),
        el('td', { class: 'num' }, r.delivered), el('td', { class: 'num' }, r.replied), el('td', { class: 'num' }, r.medianDaysToReply ?? '—'))));
    const personTable = table([t('col.name'), t('stats.printed')], personRows(s.perPerson));
    const more = pager(async (cursor) => {
      const page = /** @type {Stats} */ (await api.get(`/api/admin/stats?${q}&cursor=${encodeURIComponent(cursor ?? '')}`));
      return { rows: page.perPerson, next: page.next };
    }, (rows) => {
      maxPerson = Math.max(maxPerson, ...rows.map((r) => r.count));
      personTable.querySelector('tbody')?.append(...personRows(rows));
    });
    more.startAfter(s.next);
    body.replaceChildren(
      el('div', { class: 'summary' }, el('div', { class: 'count' }, el('strong', {}, String(s.total)), t('stats.total', { count: s.total }))),
      el('div', { class: 'columns' },
        el('section', {}, el('div', { class: 'page-head' }, el('h2', {}, t('stats.perPerson')), links[0]), el('p', { class: 'small muted' }, t('stats.perPersonLead')),
          personTable, more.button),
        el('section', {},
          el('div', { class: 'page-head' }, el('h2', {}, t('stats.perKind')), links[1]),
          table([t('stats.kind'), t('stats.language'), t('stats.printed')], s.perKindLanguage.map((r) => el('tr', {}, el('td', {}, t(`printed.${r.kind}`)), el('td', {}, r.language.toUpperCase()), el('td', {}, bar(r.count, maxKind))))),
          el('div', { class: 'page-head' }, el('h2', {}, t('stats.perDay')), links[2]),
          table([t('stats.day'), t('stats.printed')], s.perDay.map((r) => el('tr', {}, el('td', {}, r.day), el('td', {}, bar(r.count, maxDay))))))),
      el('section', {}, el('h2', {}, t('stats.delivery')), el('p', { class: 'small muted' }, t('stats.deliveryLead')),
        el('h3', {}, t('stats.byRoute')), deliveryTable(s.delivery.byRoute),
        el('h3', {}, t('stats.byFacility')), deliveryTable(s.delivery.byFacility)));
  }
  from.addEventListener('change', load);
  to.addEventListener('change', load);
  await load();
});

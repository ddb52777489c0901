// @ts-check
// The ledger of numbered items: every printed letter and postcard with its number per person, route and run,
// filtered by person, route and dates, page by page; and recording what came of one (returned with a reason,
// delivered, a reply, with its scan). Never the text or the writer: the ledger has neither.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { pager } from './paging.js';
import { api, field, fmtDate, option, pageHead, say, select, showError, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').LedgerItem} LedgerItem */
/** @typedef {import('../shared/api-types.js').LedgerPage} LedgerPage */
/** @typedef {import('../shared/api-types.js').RouteList} RouteList */

const OUTCOMES = ['returned', 'delivered', 'reply'];
const REASONS = ['refused', 'unknown-addressee', 'transferred', 'other'];

startPage('ledger', async (main) => {
  const params = new URLSearchParams(location.search);
  const routes = /** @type {RouteList} */ (await api.get('/api/admin/routes')).routes;
  const personId = el('input', { type: 'number', min: 1, value: params.get('personId') ?? '' });
  const route = select([option('', t('filter.any')), ...routes.map((r) => option(r.id, r.name))], '');
  const from = el('input', { type: 'date' });
  const to = el('input', { type: 'date' });
  const count = el('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const today = new Date().toISOString().slice(0, 10);

  /** @param {LedgerItem} i */
  function outcomeText(i) {
    if (!i.outcome) return '';
    return [t(`outcome.${i.outcome}`), i.outcomeReason ? `(${t(`reason.${i.outcomeReason}`)})` : null, i.outcomeDate].filter(Boolean).join(' ');
  }

  /** @param {LedgerItem} i */
  function row(i) {
    const outcome = select(OUTCOMES.map((o) => option(o, t(`outcome.${o}`))), i.outcome ?? 'delivered');
    outcome.setAttribute('aria-label', t('field.outcome'));
    const reason = select(REASONS.map((r) => option(r, t(`reason.${r}`))), i.outcomeReason ?? 'unknown-addressee');
    reason.setAttribute('aria-label', t('field.reason'));
    const date = el('input', { type: 'date', value: i.outcomeDate ?? today, max: today, 'aria-label': t('field.date') });
    const showReason = () => (reason.hidden = outcome.value !== 'returned');
    outcome.addEventListener('change', showReason);
    showReason();
    const shown = el('span', {}, outcomeText(i));
    const scan = el('input', { type: 'file', accept: 'image/png,image/jpeg,application/pdf', 'aria-label': t('ledger.attach') });
    const record = el('button', { type: 'button', onclick: async () => {
      try {
        const saved = /** @type {LedgerItem} */ (await api.post(`/api/admin/ledger/${i.id}/outcome`, {
          outcome: outcome.value, date: date.value, ...(outcome.value === 'returned' ? { reason: reason.value } : {}),
        }));
        Object.assign(i, saved);
        shown.textContent = outcomeText(i);
        scanBox.hidden = i.outcome !== 'reply';
        say(t('ledger.recorded'));
      } catch (e) {
        showError(null, e);
      }
    } }, t('ledger.record'));
    const attach = el('button', { type: 'button', onclick: async () => {
      const file = scan.files?.[0];
      if (!file) return;
      const body = new FormData();
      body.append('file', file);
      try {
        await api.post(`/api/admin/ledger/${i.id}/reply-file`, body);
        link.hidden = false;
        say(t('ledger.attached'));
      } catch (e) {
        showError(null, e);
      }
    } }, t('ledger.attach'));
    const link = el('a', { href: `/api/admin/ledger/${i.id}/reply-file`, hidden: !i.hasReplyFile }, t('ledger.scan'));
    const scanBox = el('div', { class: 'small', hidden: i.outcome !== 'reply' }, scan, attach, ' ', link);
    return el('tr', {},
      el('td', {}, fmtDate(i.date)),
      el('td', {}, el('a', { href: `/admin/person.html?id=${i.prisonerId}` }, i.latinName), ' ', el('span', { class: 'name-cyr', lang: 'ru' }, `${i.surname} ${i.givenName}`)),
      el('td', { class: 'num' }, `№\u00a0${i.itemNumber}`),
      el('td', {}, t(`ledger.kind.${i.kind}`)),
      el('td', {}, i.routeName),
      el('td', {}, i.printedAt ? fmtDate(i.printedAt) : el('span', { class: 'muted small' }, t('ledger.notPrinted'))),
      el('td', {}, shown, el('div', { class: 'inline' }, outcome, reason, date, record), scanBox));
  }

  const list = pager(async (cursor) => {
    const q = new URLSearchParams();
    if (personId.value) q.set('personId', personId.value);
    if (route.value) q.set('route', route.value);
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    if (cursor) q.set('cursor', cursor);
    const page = /** @type {LedgerPage} */ (await api.get(`/api/admin/ledger?${q}`));
    count.textContent = t('ledger.count', { count: page.total });
    return { rows: page.items, next: page.next };
  }, (rows, first) => {
    if (first) tbody.replaceChildren();
    tbody.append(...rows.map(row));
    if (first && !rows.length) tbody.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, t('ledger.none'))));
  });

  main.append(...pageHead(t('ledger.title'), t('ledger.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field('personId', personId, { label: t('ledger.personId') }),
      field('route', route, { label: t('field.route') }),
      field('from', from, { label: t('stats.from') }),
      field('to', to, { label: t('stats.to') })),
    count,
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('field.date'), t('col.name'), t('ledger.number'), t('stats.kind'), t('field.route'), t('ledger.printed'), t('field.outcome')].map((h) => el('th', {}, h)))),
      tbody)),
    list.button);
  for (const c of [personId, route, from, to]) c.addEventListener('change', () => void list.reload());
  await list.reload();
});

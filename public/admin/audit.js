// @ts-check
// The audit log: every change with who, when, and before → after per field (names, words, dates in the console's
// language); filter by person, record type, organizer and dates; an import is one entry that opens to its rows.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, field, option, pageHead, select, startPage } from './shell.js';
import { auditRow } from './diff.js';

/** @typedef {import('../shared/api-types.js').AccountList} AccountList */
/** @typedef {import('../shared/api-types.js').PersonAdminList} PersonAdminList */
/** @typedef {import('../shared/api-types.js').AuditList} AuditList */

const PAGE = 100;

startPage('audit', async (main) => {
  const params = new URLSearchParams(location.search);
  const { organizers } = /** @type {AccountList} */ (await api.get('/api/admin/organizers'));
  const entity = select([['', t('filter.any')], ...['prisoner', 'facility', 'settings', 'organizer', 'import', 'database', 'feed', 'feed-publisher', 'route', 'postal_status', 'ledger'].map((e) => option(e, t(`entity.${e}`)))], params.get('entity'));
  const entityId = el('input', { type: 'number', min: 1, value: params.get('entityId') ?? '' });
  // A search field with suggestions from the server, not a drop-down of everyone: the list may hold 50,000 people.
  const personChoices = el('datalist', { id: 'audit-people' });
  const person = el('input', { type: 'search', list: 'audit-people', placeholder: t('people.searchHint'),
    value: params.get('entity') === 'prisoner' && params.get('entityId') ? `#${params.get('entityId')}` : '' });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let suggestTimer;
  person.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      if (!person.value.trim() || /#\d+$/.test(person.value)) return;
      const { prisoners } = /** @type {PersonAdminList} */ (await api.get(`/api/admin/prisoners?limit=20&q=${encodeURIComponent(person.value.trim())}`));
      personChoices.replaceChildren(...prisoners.map((p) => el('option', { value: `${p.latinName} — ${p.surname} ${p.givenName} #${p.id}` })));
    }, 200);
  });
  const organizer = select([['', t('filter.any')], ...organizers.map((o) => option(o.id, o.username))], params.get('organizerId'));
  const from = el('input', { type: 'date', value: params.get('from') ?? '' });
  const to = el('input', { type: 'date', value: params.get('to') ?? '' });
  const tbody = el('tbody');
  const more = el('button', { type: 'button', onclick: () => load(true) }, t('audit.older'));
  let offset = 0;
  main.append(...pageHead(t('audit.title'), t('audit.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field('person', person, { label: t('audit.person') }), personChoices,
      field('entity', entity, { label: t('audit.what') }), field('entityId', entityId, { label: t('audit.id') }), field('organizerId', organizer, { label: t('audit.who') }),
      field('from', from, { label: t('audit.from') }), field('to', to, { label: t('audit.to') })),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.when'), t('col.who'), t('col.action'), t('col.subject'), t('col.change')].map((h) => el('th', {}, h)))), tbody)),
    el('p', {}, more));

  async function load(append = false) {
    offset = append ? offset + PAGE : 0;
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (entity.value) q.set('entity', entity.value);
    if (entityId.value) q.set('entityId', entityId.value);
    if (organizer.value) q.set('organizerId', organizer.value);
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    const shown = new URLSearchParams(q);
    shown.delete('limit');
    shown.delete('offset');
    history.replaceState(null, '', `?${shown}`);
    const { entries } = /** @type {AuditList} */ (await api.get(`/api/admin/audit?${q}`));
    const rows = entries.map((e) => auditRow(e, { loadBatch }));
    if (append) tbody.append(...rows);
    else tbody.replaceChildren(...rows);
    if (!append && !entries.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('audit.none'))));
    more.hidden = entries.length < PAGE;
  }
  // Choosing a person is the same as record type "person" and their number.
  person.addEventListener('change', () => {
    const only = personChoices.options.length === 1 ? personChoices.options[0]?.value : undefined;
    // A name typed that only one person has counts as picking them.
    if (only && !/#\d+$/.test(person.value) && person.value.trim()) person.value = only;
    const id = /#(\d+)$/.exec(person.value)?.[1] ?? '';
    if (person.value.trim() && !id) return; // still typing: wait for a suggestion to be picked
    entity.value = id ? 'prisoner' : '';
    entityId.value = id;
    load();
  });
  for (const c of [entity, entityId]) c.addEventListener('change', () => { person.value = entity.value === 'prisoner' && entityId.value ? `#${entityId.value}` : ''; load(); });
  for (const c of [organizer, from, to]) c.addEventListener('change', () => load());

  /** The rows of one import, the first page of them. @param {number} id */
  async function loadBatch(id) {
    return (/** @type {AuditList} */ (await api.get(`/api/admin/audit?importBatchId=${id}&limit=500`))).entries;
  }
  await load();
});

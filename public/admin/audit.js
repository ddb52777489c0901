// @ts-check
// The audit log: every change with who, when, and before → after per field; filter by person or organizer.
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
  const [{ organizers }, { prisoners }] = await Promise.all([
    /** @type {Promise<AccountList>} */ (api.get('/api/admin/organizers')),
    /** @type {Promise<PersonAdminList>} */ (api.get('/api/admin/prisoners')),
  ]);
  const entity = select([['', t('filter.any')], ...['prisoner', 'facility', 'settings', 'organizer', 'import', 'database', 'feed', 'feed-publisher'].map((e) => option(e, t(`entity.${e}`)))], params.get('entity'));
  const entityId = el('input', { type: 'number', min: 1, value: params.get('entityId') ?? '' });
  const person = select([['', t('filter.any')], ...prisoners.map((p) => option(p.id, `${p.latinName} — ${p.surname} ${p.givenName}`))],
    params.get('entity') === 'prisoner' ? params.get('entityId') : '');
  const organizer = select([['', t('filter.any')], ...organizers.map((o) => option(o.id, o.username))], params.get('organizerId'));
  const tbody = el('tbody');
  const more = el('button', { type: 'button', onclick: () => load(true) }, t('audit.older'));
  let offset = 0;
  main.append(...pageHead(t('audit.title'), t('audit.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field('person', person, { label: t('audit.person') }),
      field('entity', entity, { label: t('audit.what') }), field('entityId', entityId, { label: t('audit.id') }), field('organizerId', organizer, { label: t('audit.who') })),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.when'), t('col.who'), t('col.action'), t('col.subject'), t('col.change')].map((h) => el('th', {}, h)))), tbody)),
    el('p', {}, more));

  async function load(append = false) {
    offset = append ? offset + PAGE : 0;
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (entity.value) q.set('entity', entity.value);
    if (entityId.value) q.set('entityId', entityId.value);
    if (organizer.value) q.set('organizerId', organizer.value);
    const shown = new URLSearchParams(q);
    shown.delete('limit');
    shown.delete('offset');
    history.replaceState(null, '', `?${shown}`);
    const { entries } = /** @type {AuditList} */ (await api.get(`/api/admin/audit?${q}`));
    const rows = entries.map((e) => auditRow(e));
    if (append) tbody.append(...rows);
    else tbody.replaceChildren(...rows);
    if (!append && !entries.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('audit.none'))));
    more.hidden = entries.length < PAGE;
  }
  // Choosing a person is the same as record type "person" and their number.
  person.addEventListener('change', () => {
    entity.value = person.value ? 'prisoner' : '';
    entityId.value = person.value;
    load();
  });
  for (const c of [entity, entityId]) c.addEventListener('change', () => { person.value = entity.value === 'prisoner' ? entityId.value : ''; load(); });
  organizer.addEventListener('change', () => load());
  await load();
});

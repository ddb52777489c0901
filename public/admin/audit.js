// The audit log: every change with who, when, and before → after per field; filter by person or organizer.
import { api, el, field, pageHead, select, startPage, t } from './shell.js';
import { auditRow } from './diff.js';

const PAGE = 100;

startPage('audit', async (main) => {
  const params = new URLSearchParams(location.search);
  const { organizers } = await api.get('/api/admin/organizers');
  const entity = select([['', t('filter.any')], ...['prisoner', 'facility', 'settings', 'organizer', 'import', 'database'].map((e) => [e, t(`entity.${e}`)])], params.get('entity'));
  const entityId = el('input', { type: 'number', min: 1, value: params.get('entityId') ?? '' });
  const organizer = select([['', t('filter.any')], ...organizers.map((o) => [o.id, o.username])], params.get('organizerId'));
  const tbody = el('tbody');
  const more = el('button', { type: 'button', onclick: () => load(true) }, t('audit.older'));
  let offset = 0;
  main.append(...pageHead(t('audit.title'), t('audit.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field('entity', entity, { label: t('audit.what') }), field('entityId', entityId, { label: t('audit.id') }), field('organizerId', organizer, { label: t('audit.who') })),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.when'), t('col.who'), t('col.action'), t('col.subject'), t('col.change')].map((h) => el('th', {}, h)))), tbody)),
    el('p', {}, more));

  async function load(append = false) {
    offset = append ? offset + PAGE : 0;
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (entity.value) q.set('entity', entity.value);
    if (entityId.value) q.set('entityId', entityId.value);
    if (organizer.value) q.set('organizerId', organizer.value);
    const { entries } = await api.get(`/api/admin/audit?${q}`);
    const rows = entries.map((e) => auditRow(e));
    if (append) tbody.append(...rows);
    else tbody.replaceChildren(...rows);
    if (!append && !entries.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('audit.none'))));
    more.hidden = entries.length < PAGE;
  }
  for (const c of [entity, entityId, organizer]) c.addEventListener('change', () => load());
  await load();
});

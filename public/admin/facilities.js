// @ts-check
// Facilities: the list with how many people each holds (filtered by kind, sorted by name, region or kind, page by
// page from the server), and a link to each one's form.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { pager } from './paging.js';
import { api, field, option, pageHead, select, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').FacilityList} FacilityList */
/** @typedef {import('../shared/api-types.js').Facility} Facility */

const KINDS = ['sizo', 'ik', 'kp', 'liu', 'prison', 'house_arrest', 'other'];

startPage('facilities', async (main) => {
  const kind = select([['', t('filter.any')], ...KINDS.map((k) => option(k, t(`kind.${k}`)))], '');
  const sort = select(['name', 'region', 'kind'].map((s) => option(s, t(`facilities.sort.${s}`))), 'name');
  const tbody = el('tbody');
  const count = el('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  /** @param {Facility} f */
  const row = (f) => el('tr', { class: 'clickable', onclick: () => (location.href = `/admin/facility.html?id=${f.id}`) },
    el('td', { lang: 'ru' }, el('a', { href: `/admin/facility.html?id=${f.id}` }, f.name)),
    el('td', {}, t(`kind.${f.kind}`)),
    el('td', { lang: 'ru', class: 'small' }, [f.street, f.city, f.region, f.postalCode].filter(Boolean).join(', ')),
    el('td', { class: 'num' }, f.people),
    el('td', {}, f.isDemo ? el('span', { class: 'badge demo' }, t('badge.demo')) : null));
  const list = pager(async (cursor) => {
    const q = new URLSearchParams();
    if (kind.value) q.set('kind', kind.value);
    if (sort.value !== 'name') q.set('sort', sort.value);
    if (cursor) q.set('cursor', cursor);
    const page = /** @type {FacilityList} */ (await api.get(`/api/admin/facilities?${q}`));
    if (page.total !== undefined) count.textContent = t('facilities.count', { count: page.total });
    return { rows: page.facilities, next: page.next };
  }, (rows, first) => {
    if (first) tbody.replaceChildren();
    tbody.append(...rows.map(row));
    if (first && !rows.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('facilities.none'))));
  });
  main.append(...pageHead(t('facilities.title'), t('facilities.lead'), el('a', { class: 'button primary', href: '/admin/facility.html' }, t('facilities.new'))),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field('kind', kind, { label: t('field.facilityKind') }),
      field('sort', sort, { label: t('people.sort') })),
    count,
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('field.facilityName'), t('field.facilityKind'), t('col.address'), t('col.people'), ''].map((h) => el('th', {}, h)))),
      tbody)),
    list.button);
  for (const c of [kind, sort]) c.addEventListener('change', () => void list.reload());
  await list.reload();
});

// @ts-check
// People: search and filters (status, facility, stale address, demo), the list, and "remove demo data".
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, option, field, pageHead, say, select, startPage, STATUSES } from './shell.js';
import { feedWarning } from './feed-warning.js';

/** @typedef {import('../shared/api-types.js').FacilityList} FacilityList */
/** @typedef {import('../shared/api-types.js').PersonAdminList} PersonAdminList */
/** @typedef {import('../shared/api-types.js').DemoRemoved} DemoRemoved */

startPage('people', async (main) => {
  const { facilities } = /** @type {FacilityList} */ (await api.get('/api/admin/facilities'));
  const params = new URLSearchParams(location.search);
  const q = el('input', { type: 'search', value: params.get('q') ?? '', placeholder: t('people.searchHint') });
  const status = select([['', t('filter.any')], ...STATUSES.map((s) => option(s, t(`status.${s}`)))], params.get('status'));
  const facility = select([['', t('filter.any')], ...facilities.map((f) => option(f.id, f.name))], params.get('facilityId'));
  const demo = select([['', t('filter.any')], ['false', t('people.realOnly')], ['true', t('people.demoOnly')]], params.get('demo'));
  const stale = el('input', { type: 'checkbox', id: 'f-stale', checked: params.get('stale') === 'true' });
  const tbody = el('tbody');
  const count = el('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const demoButton = el('button', { type: 'button', class: 'danger', onclick: removeDemo }, t('people.removeDemo'));

  main.append(
    ...pageHead(t('people.title'), t('people.lead'),
      el('a', { class: 'button', href: '/api/admin/export.csv' }, t('action.exportCsv')),
      el('a', { class: 'button primary', href: '/admin/person.html' }, t('people.new'))),
    ...(await feedWarning()),
    el('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('q', q, { label: t('people.search'), cls: 'grow' }),
      field('status', status, { label: t('field.status') }),
      field('facilityId', facility, { label: t('field.facility') }),
      field('demo', demo, { label: t('people.demo') }),
      el('label', { class: 'check field' }, stale, t('people.staleOnly'))),
    count,
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('col.name'), t('field.birthYear'), t('field.status'), t('field.facility'), t('col.addressAsOf'), ''].map((h) => el('th', {}, h)))),
      tbody)),
    el('div', { class: 'actions' }, demoButton));

  async function load() {
    const query = new URLSearchParams();
    if (q.value.trim()) query.set('q', q.value.trim());
    if (status.value) query.set('status', status.value);
    if (facility.value) query.set('facilityId', facility.value);
    if (demo.value) query.set('demo', demo.value);
    if (stale.checked) query.set('stale', 'true');
    history.replaceState(null, '', `?${query}`);
    const { prisoners } = /** @type {PersonAdminList} */ (await api.get(`/api/admin/prisoners?${query}`));
    const names = new Map(facilities.map((f) => [f.id, f.name]));
    tbody.replaceChildren(...prisoners.map((p) => {
      const open = () => (location.href = `/admin/person.html?id=${p.id}`);
      return el('tr', { class: 'clickable', onclick: open },
        el('td', {},
          el('a', { href: `/admin/person.html?id=${p.id}`, class: 'name-latin' }, p.latinName),
          el('div', { class: 'name-cyr', lang: 'ru' }, [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' '))),
        el('td', { class: 'num' }, p.birthYear ?? '—'),
        el('td', {}, el('span', { class: `badge ${p.status === 'released' ? 'released' : ''}` }, t(`status.${p.status}`))),
        el('td', { class: 'small', lang: 'ru' }, p.facilityId ? names.get(p.facilityId) : el('span', { class: 'muted' }, t('people.noFacility'))),
        el('td', { class: 'small' }, p.addressAsOf ?? '—', p.stale ? el('div', {}, el('span', { class: 'badge stale' }, t('badge.stale'))) : null),
        el('td', {},
          p.supportWithdrawn ? el('span', { class: 'badge bad' }, t('badge.withdrawn')) : null,
          p.isDemo ? el('span', { class: 'badge demo' }, t('badge.demo')) : null));
    }));
    if (!prisoners.length) tbody.append(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, t('people.none'))));
    count.textContent = t('people.count', { count: prisoners.length });
    demoButton.hidden = !(/** @type {PersonAdminList} */ (await api.get('/api/admin/prisoners?demo=true'))).prisoners.length;
  }

  async function removeDemo() {
    if (!confirm(t('people.removeDemoConfirm'))) return;
    const r = /** @type {DemoRemoved} */ (await api.post('/api/admin/demo/remove'));
    say(t('people.demoRemoved', {
      prisoners: t('people.demoPeople', { count: r.prisoners }),
      facilities: t('people.demoFacilities', { count: r.facilities }),
    }));
    await load();
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  for (const c of [status, facility, demo, stale]) c.addEventListener('change', load);
  await load();
});

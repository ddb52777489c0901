// @ts-check
// People: search and filters (status, facility, region, stale or suspect address, last letter, demo), sort, the list
// page by page from the server, and "remove demo data".
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { allFacilities, pager } from './paging.js';
import { api, fmtDate, option, field, pageHead, say, select, startPage, STATUSES } from './shell.js';
import { deliveryWarning } from './delivery-warning.js';
import { feedWarning } from './feed-warning.js';

/** @typedef {import('../shared/api-types.js').PersonAdminList} PersonAdminList */
/** @typedef {import('../shared/api-types.js').DemoRemoved} DemoRemoved */

startPage('people', async (main) => {
  const facilities = await allFacilities();
  const params = new URLSearchParams(location.search);
  const q = el('input', { type: 'search', value: params.get('q') ?? '', placeholder: t('people.searchHint') });
  const status = select([['', t('filter.any')], ...STATUSES.map((s) => option(s, t(`status.${s}`)))], params.get('status'));
  const facility = select([['', t('filter.any')], ...facilities.map((f) => option(f.id, f.name))], params.get('facilityId'));
  const demo = select([['', t('filter.any')], ['false', t('people.realOnly')], ['true', t('people.demoOnly')]], params.get('demo'));
  const regions = [...new Set(facilities.map((f) => f.region).filter((r) => r !== null))].sort();
  const region = select([['', t('filter.any')], ...regions.map((r) => option(r, r))], params.get('region'));
  const noLetterSince = el('input', { type: 'date', value: params.get('lastLetterBefore') ?? '' });
  const sort = select(['name', 'lastLetter', 'lastLetter-desc', 'addressAsOf', 'printed'].map((v) => option(v, t(`people.sort.${v}`))),
    params.get('order') === 'desc' ? `${params.get('sort')}-desc` : params.get('sort') ?? 'name');
  const stale = el('input', { type: 'checkbox', id: 'f-stale', checked: params.get('stale') === 'true' });
  const suspect = el('input', { type: 'checkbox', id: 'f-suspect', checked: params.get('suspect') === 'true' });
  const tbody = el('tbody');
  const count = el('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const demoButton = el('button', { type: 'button', class: 'danger', onclick: removeDemo }, t('people.removeDemo'));

  function query() {
    const query = new URLSearchParams();
    if (q.value.trim()) query.set('q', q.value.trim());
    if (status.value) query.set('status', status.value);
    if (facility.value) query.set('facilityId', facility.value);
    if (region.value) query.set('region', region.value);
    if (noLetterSince.value) query.set('lastLetterBefore', noLetterSince.value);
    if (demo.value) query.set('demo', demo.value);
    const [by, order] = sort.value.split('-');
    if (by && by !== 'name') query.set('sort', by);
    if (order) query.set('order', order);
    if (stale.checked) query.set('stale', 'true');
    if (suspect.checked) query.set('suspect', 'true');
    return query;
  }

  const names = new Map(facilities.map((f) => [f.id, f.name]));
  /** @param {import('../shared/api-types.js').Person} p */
  const row = (p) => {
    const open = () => (location.href = `/admin/person.html?id=${p.id}`);
    return el('tr', { class: 'clickable', onclick: open },
      el('td', {},
        el('a', { href: `/admin/person.html?id=${p.id}`, class: 'name-latin' }, p.latinName),
        el('div', { class: 'name-cyr', lang: 'ru' }, [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' '))),
      el('td', { class: 'num' }, p.birthYear ?? '—'),
      el('td', {}, el('span', { class: `badge ${p.status === 'released' ? 'released' : ''}` }, t(`status.${p.status}`))),
      el('td', { class: 'small', lang: 'ru' }, p.facilityId ? names.get(p.facilityId) : el('span', { class: 'muted' }, t('people.noFacility'))),
      el('td', { class: 'small' }, p.addressAsOf ?? '—', p.stale ? el('div', {}, el('span', { class: 'badge stale' }, t('badge.stale'))) : null,
        p.addressSuspect ? el('div', {}, el('span', { class: 'badge bad' }, t('people.suspect'))) : null),
      el('td', { class: 'small' }, p.lastPrintedAt ? fmtDate(p.lastPrintedAt) : '—'),
      el('td', {},
        p.supportWithdrawn ? el('span', { class: 'badge bad' }, t('badge.withdrawn')) : null,
        p.isDemo ? el('span', { class: 'badge demo' }, t('badge.demo')) : null));
  };

  const list = pager(async (cursor) => {
    const params = query();
    if (cursor === null) history.replaceState(null, '', `?${params}`);
    else params.set('cursor', cursor);
    const page = /** @type {PersonAdminList} */ (await api.get(`/api/admin/prisoners?${params}`));
    if (page.total !== undefined) count.textContent = t('people.count', { count: page.total });
    return { rows: page.prisoners, next: page.next };
  }, (rows, first) => {
    if (first) tbody.replaceChildren();
    tbody.append(...rows.map(row));
    if (first && !rows.length) tbody.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, t('people.none'))));
  });

  main.append(
    ...pageHead(t('people.title'), t('people.lead'),
      el('a', { class: 'button', href: '/api/admin/export.csv' }, t('action.exportCsv')),
      el('a', { class: 'button primary', href: '/admin/person.html' }, t('people.new'))),
    ...(await feedWarning()),
    ...(await deliveryWarning()),
    el('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field('q', q, { label: t('people.search'), cls: 'grow' }),
      field('status', status, { label: t('field.status') }),
      field('facilityId', facility, { label: t('field.facility') }),
      field('region', region, { label: t('field.region') }),
      field('lastLetterBefore', noLetterSince, { label: t('people.noLetterSince') }),
      field('demo', demo, { label: t('people.demo') }),
      field('sort', sort, { label: t('people.sort') }),
      el('label', { class: 'check field' }, stale, t('people.staleOnly')),
      el('label', { class: 'check field' }, suspect, t('people.suspectOnly'))),
    count,
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('col.name'), t('field.birthYear'), t('field.status'), t('field.facility'), t('col.addressAsOf'), t('people.lastLetter'), ''].map((h) => el('th', {}, h)))),
      tbody)),
    list.button,
    el('div', { class: 'actions' }, demoButton));

  async function load() {
    await list.reload();
    demoButton.hidden = !(/** @type {PersonAdminList} */ (await api.get('/api/admin/prisoners?demo=true&limit=1'))).prisoners.length;
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
  for (const c of [status, facility, region, noLetterSince, demo, sort, stale, suspect]) c.addEventListener('change', load);
  await load();
});

// @ts-check
// Facilities: the list with how many people each holds, and a link to each one's form.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, pageHead, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').FacilityList} FacilityList */

startPage('facilities', async (main) => {
  const { facilities } = /** @type {FacilityList} */ (await api.get('/api/admin/facilities'));
  main.append(...pageHead(t('facilities.title'), t('facilities.lead'), el('a', { class: 'button primary', href: '/admin/facility.html' }, t('facilities.new'))),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('field.facilityName'), t('field.facilityKind'), t('col.address'), t('col.people'), ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, facilities.length ? facilities.map((f) => el('tr', { class: 'clickable', onclick: () => (location.href = `/admin/facility.html?id=${f.id}`) },
        el('td', { lang: 'ru' }, el('a', { href: `/admin/facility.html?id=${f.id}` }, f.name)),
        el('td', {}, t(`kind.${f.kind}`)),
        el('td', { lang: 'ru', class: 'small' }, [f.street, f.city, f.region, f.postalCode].filter(Boolean).join(', ')),
        el('td', { class: 'num' }, f.people),
        el('td', {}, f.isDemo ? el('span', { class: 'badge demo' }, t('badge.demo')) : null)))
        : el('tr', {}, el('td', { colspan: 5, class: 'empty' }, t('facilities.none')))))));
});

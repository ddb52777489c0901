// @ts-check
// Birthdays in the next N weeks, and the printable list (PDF) for letter-writing nights.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, field, option, pageHead, select, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').BirthdayList} BirthdayList */

startPage('birthdays', async (main, { settings }) => {
  const weeks = select([1, 2, 4, 6, 8, 12].map((w) => option(w, t('birthdays.weeks', { count: w }))), 4);
  const paper = select([['letter', 'US Letter'], ['a4', 'A4']], settings?.paperSize ?? 'letter');
  const print = el('a', { class: 'button primary', target: '_blank', rel: 'noopener' }, t('birthdays.print'));
  const tbody = el('tbody');
  const range = el('p', { class: 'muted' });
  main.append(...pageHead(t('birthdays.title'), t('birthdays.lead')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, field('weeks', weeks, { label: t('birthdays.within') }), field('paper', paper, { label: t('field.paperSize') }), print),
    range,
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.birthday'), t('col.age'), t('col.name'), t('col.address')].map((h) => el('th', {}, h)))), tbody)));
  async function load() {
    print.href = `/api/admin/birthdays.pdf?weeks=${weeks.value}&paper=${paper.value}`;
    const r = /** @type {BirthdayList} */ (await api.get(`/api/admin/birthdays?weeks=${weeks.value}`));
    range.textContent = t('birthdays.range', { from: r.from, to: r.to, count: r.people.length });
    tbody.replaceChildren(...r.people.map((p) => el('tr', {},
      el('td', {}, el('strong', {}, p.nextBirthday), el('div', { class: 'small muted' }, p.daysUntil === 0 ? t('birthdays.today') : t('birthdays.inDays', { count: p.daysUntil }))),
      el('td', { class: 'num' }, p.age),
      el('td', {}, el('a', { class: 'name-latin', href: `/admin/person.html?id=${p.id}` }, p.latinName), el('div', { class: 'name-cyr', lang: 'ru' }, p.cyrillicName)),
      el('td', { class: 'small', lang: 'ru' }, p.addressLines.length ? p.addressLines.map((l) => el('div', {}, l)) : el('span', { class: 'muted' }, t('people.noFacility'))))));
    if (!r.people.length) tbody.append(el('tr', {}, el('td', { colspan: 4, class: 'empty' }, t('birthdays.none'))));
  }
  weeks.addEventListener('change', load);
  paper.addEventListener('change', load);
  await load();
});

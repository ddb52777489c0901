// @ts-check
// Choose a person: cards with both spellings, place, case, bio in the UI language, badges; fewest letters first.
import { byId, el } from '../shared/dom.js';
import { language, t } from '../shared/i18n.js';
import { api } from './api.js';
import { attempt } from './ui.js';

/** @typedef {import('../shared/api-types.js').PersonListItem} PersonListItem */
/** @typedef {import('../shared/api-types.js').PersonList} PersonList */

/** @type {PersonListItem[]} */
let lastList = [];
let lastQuery = '';
/** @type {(p: PersonListItem) => void} */
let onChoose = () => {};
/** @type {ReturnType<typeof setTimeout> | undefined} */
let searchTimer;

/** @param {PersonListItem} p */
function cyrillicName(p) {
  return [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ');
}

/** @param {PersonListItem} p */
function card(p) {
  const id = `person-${p.id}`;
  const badges = el('span', { class: 'badges', id: `${id}-badges` },
    p.birthdaySoon ? el('span', { class: 'badge badge-birthday', text: t('people.birthdaySoon') }) : null,
    p.fewLetters ? el('span', { class: 'badge badge-few', text: t('people.fewLetters') }) : null,
  );
  const bio = language() === 'ru' ? (p.bioRu ?? p.bioEn) : (p.bioEn ?? p.bioRu);
  // Named by the person's name; everything else on the card is read as its description.
  const button = el('button', { type: 'button', class: 'person', 'data-person': p.id, 'aria-labelledby': `${id}-name`, 'aria-describedby': `${id}-badges ${id}-more` },
    el('span', { class: 'person-top' },
      el('span', { class: 'person-name', id: `${id}-name`, text: p.latinName }),
      badges),
    el('span', { class: 'person-more', id: `${id}-more` },
      el('span', { class: 'person-cyr', lang: 'ru', text: cyrillicName(p) + (p.birthYear ? `, ${t('people.born', { year: p.birthYear })}` : '') }),
      el('span', { class: 'person-place', lang: 'ru', text: [p.city, p.facilityName].filter(Boolean).join(' · ') }),
      p.caseName ? el('span', { class: 'person-case', text: t('people.case', { case: p.caseName }) }) : null,
      bio ? el('span', { class: 'person-bio', lang: bio === p.bioRu ? 'ru' : 'en', text: bio }) : null),
  );
  button.addEventListener('click', () => onChoose(p));
  return el('li', {}, button);
}

export function renderPeople() {
  byId('people').replaceChildren(...lastList.map(card));
  byId('people-status').textContent = lastList.length ? t('people.count', { count: lastList.length }) : lastQuery ? t('people.none', { q: lastQuery }) : '';
}

export async function loadPeople(q = '') {
  lastQuery = q;
  byId('people-status').textContent = t('people.loading');
  await attempt(async () => {
    const { prisoners } = /** @type {PersonList} */ (await api.get(`/api/prisoners${q ? `?q=${encodeURIComponent(q)}` : ''}`));
    if (q !== lastQuery) return; // a newer search is on its way
    lastList = prisoners;
    renderPeople();
  });
}

/** @param {(p: PersonListItem) => void} choose */
export function wirePeople(choose) {
  onChoose = choose;
  const search = byId('search', HTMLInputElement);
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadPeople(search.value.trim()), 200);
  });
}

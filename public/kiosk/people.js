// Choose a person: cards with both spellings, place, case, bio in the UI language, badges; fewest letters first.
import { getJson } from './api.js';
import { t, uiLanguage } from './i18n.js';
import { attempt, el } from './ui.js';

let lastList = [];
let lastQuery = '';
let onChoose = () => {};
let searchTimer;

function cyrillicName(p) {
  return [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ');
}

function card(p) {
  const id = `person-${p.id}`;
  const badges = el('span', { class: 'badges', id: `${id}-badges` },
    p.birthdaySoon ? el('span', { class: 'badge badge-birthday', text: t('people.birthdaySoon') }) : null,
    p.fewLetters ? el('span', { class: 'badge badge-few', text: t('people.fewLetters') }) : null,
  );
  const bio = uiLanguage() === 'ru' ? (p.bioRu ?? p.bioEn) : (p.bioEn ?? p.bioRu);
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
  const list = document.getElementById('people');
  list.replaceChildren(...lastList.map(card));
  const status = document.getElementById('people-status');
  status.textContent = lastList.length ? t('people.count', { count: lastList.length }) : lastQuery ? t('people.none', { q: lastQuery }) : '';
}

export async function loadPeople(q = '') {
  lastQuery = q;
  document.getElementById('people-status').textContent = t('people.loading');
  await attempt(async () => {
    const { prisoners } = await getJson(`/api/prisoners${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    if (q !== lastQuery) return; // a newer search is on its way
    lastList = prisoners;
    renderPeople();
  });
}

export function wirePeople(choose) {
  onChoose = choose;
  const search = document.getElementById('search');
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadPeople(search.value.trim()), 200);
  });
}

// @ts-check
// Choose a person: cards with both spellings, place, case, bio in the UI language, badges; fewest letters first,
// page by page from the server (more as the list scrolls, or with the button under it).
import { byId, el } from '../shared/dom.js';
import { language, t } from '../shared/i18n.js';
import { api } from './api.js';
import { attempt } from './ui.js';

/** @typedef {import('../shared/api-types.js').PersonListItem} PersonListItem */
/** @typedef {import('../shared/api-types.js').PersonList} PersonList */

/** @type {PersonListItem[]} */
let lastList = [];
let lastQuery = '';
/** @type {string | null} */
let nextCursor = null;
let loadingMore = false;
const more = el('button', { type: 'button', class: 'more' });
more.hidden = true;
/** @type {(p: PersonListItem) => void} */
let onChoose = () => {};
/** @type {ReturnType<typeof setTimeout> | undefined} */
let searchTimer;

/** @param {PersonListItem} p */
function cyrillicName(p) {
  return [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ');
}

/** The facility kinds' names in the UI language ("pre-trial detention", «СИЗО»). */
const KIND_KEYS = {
  sizo: 'people.kind.sizo',
  ik: 'people.kind.ik',
  kp: 'people.kind.kp',
  liu: 'people.kind.liu',
  prison: 'people.kind.prison',
  house_arrest: 'people.kind.house_arrest',
  other: 'people.kind.other',
};

/** @param {PersonListItem} p */
function card(p) {
  const id = `person-${p.id}`;
  const badges = el('span', { class: 'badges', id: `${id}-badges` },
    p.birthdaySoon ? el('span', { class: 'badge badge-birthday', text: t('people.birthdaySoon') }) : null,
    p.fewLetters ? el('span', { class: 'badge badge-few', text: t('people.fewLetters') }) : null,
    p.addressSuspect ? el('span', { class: 'badge badge-address', text: t('people.suspectAddress') })
      : p.addressStale ? el('span', { class: 'badge badge-address', text: t('people.staleAddress') }) : null,
  );
  // "pre-trial detention, Penza" in the UI language, the facility's own name in Russian beside it.
  const kind = p.facilityKind ? t(KIND_KEYS[p.facilityKind]) : '';
  const town = language() === 'ru' ? p.city : (p.cityLatin ?? p.city);
  const where = [kind, town].filter(Boolean).join(', ');
  const bio = language() === 'ru' ? (p.bioRu ?? p.bioEn) : (p.bioEn ?? p.bioRu);
  // Named by the person's name; everything else on the card is read as its description.
  const button = el('button', { type: 'button', class: 'person', 'data-person': p.id, 'aria-labelledby': `${id}-name`, 'aria-describedby': `${id}-badges ${id}-more` },
    el('span', { class: 'person-top' },
      el('span', { class: 'person-name', id: `${id}-name`, text: p.latinName }),
      badges),
    el('span', { class: 'person-more', id: `${id}-more` },
      el('span', { class: 'person-cyr', lang: 'ru', text: cyrillicName(p) + (p.birthYear ? `, ${t('people.born', { year: p.birthYear })}` : '') }),
      where ? el('span', { class: 'person-where', text: where }) : null,
      el('span', { class: 'person-place', lang: 'ru', text: [p.city, p.facilityName].filter(Boolean).join(' · ') }),
      p.caseName ? el('span', { class: 'person-case', text: t('people.case', { case: p.caseName }) }) : null,
      bio ? el('span', { class: 'person-bio', lang: bio === p.bioRu ? 'ru' : 'en', text: bio }) : null),
  );
  button.addEventListener('click', () => onChoose(p));
  return el('li', {}, button);
}

export function renderPeople() {
  byId('people').replaceChildren(...lastList.map(card));
  if (!more.isConnected) byId('people').after(more);
  more.textContent = t('people.more');
  if (lastList.length) renderStatus();
  else byId('people-status').textContent = lastQuery ? t('people.none', { q: lastQuery }) : '';
}

/** @param {string} q @param {string | null} cursor */
const listUrl = (q, cursor) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  return `/api/prisoners${params.size ? `?${params}` : ''}`;
};

async function loadMore() {
  if (!nextCursor || loadingMore) return;
  loadingMore = true;
  const q = lastQuery;
  try {
    await attempt(async () => {
      const page = /** @type {PersonList} */ (await api.get(listUrl(q, nextCursor)));
      if (q !== lastQuery) return; // a new search replaced this list
      const known = new Set(lastList.map((p) => p.id));
      // Someone printed for meanwhile moves down the order and may come again: shown once.
      const fresh = page.prisoners.filter((p) => !known.has(p.id));
      lastList = [...lastList, ...fresh];
      nextCursor = page.next;
      byId('people').append(...fresh.map(card));
      renderStatus();
    });
  } finally {
    loadingMore = false;
  }
}

/** The count is known once the last page is in; before that the list only shows there is more. */
function renderStatus() {
  more.hidden = nextCursor === null;
  byId('people-status').textContent = nextCursor === null ? t('people.count', { count: lastList.length }) : '';
}

more.addEventListener('click', () => void loadMore());
new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) void loadMore(); }).observe(more);

export async function loadPeople(q = '') {
  lastQuery = q;
  byId('people-status').textContent = t('people.loading');
  await attempt(async () => {
    const { prisoners, next } = /** @type {PersonList} */ (await api.get(listUrl(q, null)));
    if (q !== lastQuery) return; // a newer search is on its way
    lastList = prisoners;
    nextCursor = next;
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

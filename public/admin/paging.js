// @ts-check
// Paged lists in the console: a "more" button (pressed by itself when it scrolls into view) that fetches the next
// page with the cursor the last page gave, and the whole facility list for drop-downs, page by page.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api } from './shell.js';

/** @typedef {import('../shared/api-types.js').Facility} Facility */
/** @typedef {import('../shared/api-types.js').FacilityList} FacilityList */

/**
 * @template T
 * @param {(cursor: string | null) => Promise<{ rows: T[], next: string | null }>} fetchPage
 * @param {(rows: T[], first: boolean) => void} show  first: the rows replace what is shown
 */
export function pager(fetchPage, show) {
  const button = el('button', { type: 'button', class: 'more' }, t('list.more'));
  button.hidden = true;
  /** @type {string | null} */
  let next = null;
  let generation = 0;
  let busy = false;
  /** @param {string | null} cursor */
  async function load(cursor) {
    const mine = ++generation;
    busy = true;
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return; // a newer search or filter is on its way
      next = page.next;
      show(page.rows, cursor === null);
      button.hidden = next === null;
    } finally {
      if (mine === generation) busy = false;
    }
  }
  button.addEventListener('click', () => { if (next && !busy) void load(next); });
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && next && !busy) void load(next);
  }).observe(button);
  /** The first page came with another answer: only its cursor is taken. @param {string | null} cursor */
  const startAfter = (cursor) => { generation++; busy = false; next = cursor; button.hidden = next === null; };
  return { button, reload: () => load(null), startAfter };
}

/** Every facility, name order: drop-downs need them all, and there are a few hundred at most. */
export async function allFacilities() {
  /** @type {Facility[]} */
  const all = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    const page = /** @type {FacilityList} */ (await api.get(`/api/admin/facilities?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    all.push(...page.facilities);
    cursor = page.next;
  } while (cursor);
  return all;
}

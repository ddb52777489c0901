// @ts-check
// A readable before → after per field for audit entries and import updates.
import { el } from '../shared/dom.js';
import { hasText, language, t } from '../shared/i18n.js';

/** @typedef {import('../shared/api-types.js').AuditEntry} AuditEntry */
/** A changed field: its name, the value before and after (undefined: not part of that side). */
/** @typedef {[field: string, before: unknown, after: unknown]} Change */

// The version goes up with every write: a bookkeeping number, not a change anyone made.
const SKIP = new Set(['updatedAt', 'createdAt', 'searchText', 'passwordHash', 'version']);
/** @param {unknown} v */
const show = (v) => {
  if (v === null || v === undefined || v === '') return '∅';
  // The history sends flags as yes/no and days as YYYY-MM-DD: both read in the console's language.
  if (v === 'yes' || v === 'no') return t(`value.${v}`);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-CA', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`));
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k} ${typeof x === 'object' && x !== null ? JSON.stringify(x) : x}`).join(' · ');
  return String(v);
};

/** @param {Change[]} changes */
export function diffList(changes) {
  return el('ul', { class: 'diff' }, changes.map(([k, b, a]) =>
    el('li', {}, el('span', { class: 'field-name' }, hasText(`field.${k}`) ? t(`field.${k}`) : k), ': ',
      b !== undefined ? mark('del', b) : null, b !== undefined && a !== undefined ? ' → ' : null,
      a !== undefined ? mark('ins', a) : null)));
}

/**
 * An empty value is shown as a quiet ∅, not as text struck out or inserted.
 * @param {'del' | 'ins'} tag
 * @param {unknown} v
 */
function mark(tag, v) {
  return v === null || v === '' ? el('span', { class: 'muted' }, '∅') : el(tag, {}, show(v));
}

/** When, in the console's language. */
const when = (/** @type {string} */ iso) => new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/**
 * One audit entry as a table row: when, who, action, what, and each field before → after (names resolved by the
 * server). An import is one row that opens to its rows, loaded on demand by `loadBatch`.
 * @param {AuditEntry} e
 * @param {{ showEntity?: boolean, loadBatch?: (id: number) => Promise<AuditEntry[]> }} [options]
 */
export function auditRow(e, { showEntity = true, loadBatch } = {}) {
  const name = e.subject ?? '';
  const link = e.entity === 'prisoner' && e.entityId ? el('a', { href: `/admin/person.html?id=${e.entityId}` }, name || `#${e.entityId}`)
    : e.entity === 'facility' && e.entityId ? el('a', { href: `/admin/facility.html?id=${e.entityId}` }, name || `#${e.entityId}`) : name;
  /** @type {import('../shared/dom.js').Child} */
  let detail;
  if (e.entity === 'import' && e.after) detail = importSummary(e, loadBatch);
  // A feed taken in: its source and counts; the full diff stays in the entry for review, not in the row.
  else if (e.entity === 'feed' || e.action === 'apply-feed') detail = diffList(Object.entries(e.after ?? {}).filter(([k]) => k !== 'diff').map(([k, v]) => [k, undefined, v]));
  else if (e.entity === 'database') detail = diffList(Object.entries(e.after ?? {}).map(([k, v]) => [k, undefined, v]));
  else if (e.changes.length) {
    detail = [e.before && e.after ? null : el('div', { class: 'muted small' }, e.before ? t('audit.removed') : t('audit.created')),
      diffList(e.changes.map((c) => [c.field, 'before' in c ? c.before : undefined, 'after' in c ? c.after : undefined]))];
  } else detail = el('span', { class: 'muted small' }, e.before && e.after ? '' : e.before ? t('audit.removed') : t('audit.created'));
  return el('tr', {},
    el('td', { class: 'small when' }, when(e.at)),
    el('td', {}, e.organizerName ?? '—'),
    el('td', {}, el('span', { class: 'badge' }, hasText(`did.${e.action}`) ? t(`did.${e.action}`) : e.action)),
    showEntity ? el('td', { lang: 'ru' }, el('div', { class: 'small muted' }, t(`entity.${e.entity}`)), link) : null,
    el('td', {}, detail));
}

/**
 * An import's entry: its counts, and its rows behind a toggle.
 * @param {AuditEntry} e
 * @param {((id: number) => Promise<AuditEntry[]>) | undefined} loadBatch
 */
function importSummary(e, loadBatch) {
  const after = /** @type {{ summary?: Record<string, number>, facilities?: Record<string, number> }} */ (e.after ?? {});
  const counts = el('p', { class: 'small' }, Object.entries(after.summary ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${t(`import.action.${k}`)}`).join(' · '));
  if (!e.batch || !loadBatch) return counts;
  const batchId = e.batch.id;
  const body = el('tbody');
  const box = el('details', { class: 'import-rows', 'data-batch': batchId },
    el('summary', {}, t('audit.importRows', { count: e.batch.rows })),
    el('div', { class: 'table-wrap' }, el('table', {}, body)));
  box.addEventListener('toggle', async () => {
    if (!box.open || body.childElementCount) return;
    body.replaceChildren(...(await loadBatch(batchId)).map((row) => auditRow(row)));
  }, { once: false });
  return [counts, box];
}

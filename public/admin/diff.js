// @ts-check
// A readable before → after per field for audit entries and import updates.
import { el } from '../shared/dom.js';
import { hasText, t } from '../shared/i18n.js';
import { fmtDate } from './shell.js';

/** @typedef {import('../shared/api-types.js').AuditEntry} AuditEntry */
/** A changed field: its name, the value before and after (undefined: not part of that side). */
/** @typedef {[field: string, before: unknown, after: unknown]} Change */

const SKIP = new Set(['updatedAt', 'createdAt', 'searchText', 'passwordHash']);
/** @param {unknown} v */
const show = (v) => {
  if (v === null || v === undefined || v === '') return '∅';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k} ${typeof x === 'object' && x !== null ? JSON.stringify(x) : x}`).join(' · ');
  return String(v);
};

/**
 * The fields that changed between two row snapshots.
 * @param {Record<string, unknown> | null} before
 * @param {Record<string, unknown> | null} after
 * @returns {Change[]}
 */
export function changedFields(before, after) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((k) => !SKIP.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .map((k) => [k, before?.[k], after?.[k]]);
}

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

/** @param {unknown} v */
const textOf = (v) => (typeof v === 'string' ? v : '');

/**
 * One audit entry as a table row: when, who, action, what, and the diff.
 * @param {AuditEntry} e
 * @param {{ showEntity?: boolean }} [options]
 */
export function auditRow(e, { showEntity = true } = {}) {
  const subject = e.after ?? e.before ?? {};
  const name = subject.surname ? `${textOf(subject.surname)} ${textOf(subject.givenName)}` : textOf(subject.name ?? subject.username ?? subject.filename);
  const link = e.entity === 'prisoner' && e.entityId ? el('a', { href: `/admin/person.html?id=${e.entityId}` }, name || `#${e.entityId}`)
    : e.entity === 'facility' && e.entityId ? el('a', { href: `/admin/facility.html?id=${e.entityId}` }, name || `#${e.entityId}`) : name;
  let detail;
  if (e.before && e.after) detail = diffList(changedFields(e.before, e.after));
  // A feed taken in: its source and counts; the full diff stays in the entry for review, not in the row.
  else if (e.entity === 'import' || e.entity === 'database' || e.entity === 'feed' || e.action === 'apply-feed') detail = diffList(Object.entries(e.after ?? {}).filter(([k]) => k !== 'diff').map(([k, v]) => [k, undefined, v]));
  else detail = el('span', { class: 'muted small' }, e.before ? t('audit.removed') : t('audit.created'));
  return el('tr', {},
    el('td', { class: 'small when' }, fmtDate(e.at)),
    el('td', {}, e.organizerName ?? '—'),
    el('td', {}, el('span', { class: 'badge' }, hasText(`did.${e.action}`) ? t(`did.${e.action}`) : e.action)),
    showEntity ? el('td', { lang: 'ru' }, el('div', { class: 'small muted' }, t(`entity.${e.entity}`)), link) : null,
    el('td', {}, detail));
}

// @ts-check
// Backup (a consistent snapshot downloaded while Volya runs) and restore (validated, the current database kept aside).
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, explain, field, fieldErrorOf, pageHead, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').Restored} Restored */

startPage('backup', async (main) => {
  const file = el('input', { type: 'file', name: 'file', accept: '.db,.sqlite,.sqlite3,application/vnd.sqlite3' });
  const confirmBox = el('input', { type: 'checkbox', id: 'restore-confirm' });
  const outcome = el('div', { role: 'status', 'aria-live': 'polite' });
  const restoreButton = el('button', { class: 'danger', type: 'submit' }, t('backup.restore'));
  const form = el('form', { class: 'panel', novalidate: true },
    el('h2', {}, t('backup.restoreTitle')),
    el('p', {}, t('backup.restoreLead')),
    el('ul', { class: 'small' }, ['check1', 'check2', 'check3', 'check4'].map((k) => el('li', {}, t(`backup.${k}`)))),
    field('file', file, { label: t('backup.snapshot') }),
    el('label', { class: 'check field' }, confirmBox, t('backup.confirm')),
    restoreButton, outcome);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return outcome.replaceChildren(el('div', { class: 'notice bad' }, t('backup.chooseFile')));
    if (!confirmBox.checked) return outcome.replaceChildren(el('div', { class: 'notice bad' }, t('backup.confirmFirst')));
    restoreButton.disabled = true;
    outcome.replaceChildren(el('p', { class: 'muted' }, t('backup.restoring')));
    const data = new FormData();
    data.append('file', chosen);
    try {
      const r = /** @type {Restored} */ (await api.post('/api/admin/restore', data));
      outcome.replaceChildren(el('div', { class: 'notice ok' }, el('strong', {}, t('backup.restored', { count: r.prisoners })), ' ', t('backup.keptAs', { file: r.keptAs }),
        r.stillSignedIn ? null : el('p', {}, el('a', { href: '/admin/login.html' }, t('backup.signInAgain')))));
    } catch (e) {
      const err = fieldErrorOf(e);
      outcome.replaceChildren(el('div', { class: 'notice bad', role: 'alert' }, el('strong', {}, t('backup.refused')), ' ', explain(err.message, err.field)));
    } finally {
      restoreButton.disabled = false;
    }
  });
  main.append(...pageHead(t('backup.title'), t('backup.lead')),
    el('div', { class: 'columns' },
      el('section', { class: 'panel' }, el('h2', {}, t('backup.downloadTitle')), el('p', {}, t('backup.downloadLead')),
        el('a', { class: 'button primary', href: '/api/admin/backup', download: '' }, t('backup.download')),
        el('p', { class: 'small muted' }, t('backup.where'))),
      form));
});

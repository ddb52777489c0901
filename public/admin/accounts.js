// @ts-check
// Accounts: organizers and translators (add, remove), and changing one's own password.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, clearErrors, field, fmtDate, pageHead, say, select, showError, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').AccountList} AccountList */
/** @typedef {import('../shared/api-types.js').Account} Account */

startPage('accounts', async (main, { session }) => {
  const mine = passwordForm();
  main.append(...pageHead(t('accounts.title'), t('accounts.lead')));
  if (session.role !== 'organizer') return main.append(mine);
  const { organizers, me } = /** @type {AccountList} */ (await api.get('/api/admin/organizers'));
  const list = el('section', { class: 'panel' }, el('h2', {}, t('accounts.list')),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('field.username'), t('field.role'), t('col.since'), ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, organizers.map((o) => el('tr', {},
        el('td', {}, el('strong', {}, o.username), o.id === me ? el('span', { class: 'small muted' }, ` (${t('accounts.you')})`) : null),
        el('td', {}, t(`role.${o.role}`)), el('td', { class: 'small' }, fmtDate(o.createdAt)),
        el('td', {}, o.id === me ? null : el('button', { type: 'button', class: 'danger', onclick: () => remove(o) }, t('action.remove')))))))));
  main.append(el('div', { class: 'columns' }, el('div', {}, list, addForm()), mine));

  /** @param {Account} o */
  async function remove(o) {
    if (!confirm(t('accounts.removeConfirm', { name: o.username }))) return;
    await api.del(`/api/admin/organizers/${o.id}`);
    location.reload();
  }

  function addForm() {
    const username = el('input', { type: 'text', name: 'username', autocomplete: 'off' });
    const password = el('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 10 });
    const role = select([['organizer', t('role.organizer')], ['translator', t('role.translator')]], 'organizer');
    role.name = 'role';
    const f = el('form', { class: 'panel', novalidate: true }, el('h2', {}, t('accounts.add')),
      el('div', { class: 'grid3' }, field('username', username, { hint: t('accounts.usernameHint') }), field('password', password, { hint: t('accounts.passwordHint') }), field('role', role)),
      el('p', { class: 'small muted' }, t('accounts.rolesLead')),
      el('button', { class: 'primary', type: 'submit' }, t('accounts.add')));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(f);
      try {
        await api.post('/api/admin/organizers', { username: username.value.trim(), password: password.value, role: role.value });
        location.reload();
      } catch (e) {
        showError(f, e);
      }
    });
    return f;
  }

  function passwordForm() {
    const current = el('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password' });
    const next = el('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', minlength: 10 });
    const again = el('input', { type: 'password', name: 'repeat', autocomplete: 'new-password' });
    const f = el('form', { class: 'panel', novalidate: true }, el('h2', {}, t('accounts.myPassword')),
      field('currentPassword', current), field('newPassword', next, { hint: t('accounts.passwordHint') }), field('repeat', again, { label: t('field.repeat') }),
      el('button', { class: 'primary', type: 'submit' }, t('accounts.change')));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(f);
      if (next.value !== again.value) return showError(f, { field: 'repeat', message: 'repeat: does not match the new password' });
      try {
        await api.post('/api/admin/organizers/me/password', { currentPassword: current.value, newPassword: next.value });
        f.reset();
        say(t('accounts.changed'));
      } catch (e) {
        showError(f, e);
      }
    });
    return f;
  }
});

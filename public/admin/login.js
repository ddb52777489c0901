// @ts-check
// Sign-in: the only console page without a session.
import { ApiError } from '../shared/api.js';
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, explain, field, fieldErrorOf, startPublicPage } from './shell.js';

startPublicPage('login', (main) => {
  const user = el('input', { type: 'text', autocomplete: 'username', required: true });
  const password = el('input', { type: 'password', autocomplete: 'current-password', required: true });
  const error = el('div', { class: 'notice bad', role: 'alert', hidden: true });
  const form = el('form', { class: 'panel signin' },
    el('h1', {}, t('login.title')),
    el('p', { class: 'muted' }, t('login.lead')),
    field('username', user, { label: t('field.username') }),
    field('password', password, { label: t('field.password') }),
    error,
    el('button', { class: 'primary', type: 'submit' }, t('action.signIn')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    try {
      await api.post('/api/admin/login', { username: user.value, password: password.value });
      const next = new URLSearchParams(location.search).get('next');
      // Only same-site paths: the next parameter must not send anyone elsewhere.
      location.href = next && next.startsWith('/admin') ? next : '/admin/';
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      const err = fieldErrorOf(e);
      // A 429 is either the per-client limit or this account's wait, which says how long.
      const accountWait = status === 429 && err.message.startsWith('too many wrong passwords');
      error.textContent = accountWait ? explain(err.message, err.field) : status === 429 ? t('login.tooMany') : status === 401 ? t('login.wrong') : explain(err.message, err.field);
      error.hidden = false;
      password.value = '';
      password.focus();
    }
  });
  main.append(form);
  user.focus();
});

// Sign-in: the only console page without a session.
import { api, el, explain, field, startPublicPage, t } from './shell.js';

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
      error.textContent = e.status === 429 ? t('login.tooMany') : e.status === 401 ? t('login.wrong') : explain(e.message, e.field);
      error.hidden = false;
      password.value = '';
      password.focus();
    }
  });
  main.append(form);
  user.focus();
});

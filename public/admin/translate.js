// The translation hand-off: the writer's English beside an editable Russian letter, saved as a draft or
// released to the print queue.
import { $, api, el, explain, say, startPage } from './shell.js';
import { applyLanguage, L, when } from './print-i18n.js';

function senderText(sender) {
  if (!sender) return '';
  const who = sender.kind === 'group' ? L('from a group', 'от группы') : L('from one person', 'от одного человека');
  return sender.name ? `${who}, ${L('signed', 'подпись')} ${sender.name}` : who;
}

function card(item) {
  const russian = el('textarea', { lang: 'ru', id: `ru-${item.id}`, spellcheck: 'true', 'aria-describedby': `err-${item.id}` });
  russian.value = item.text;
  const error = el('p', { class: 'notice bad small', id: `err-${item.id}`, role: 'alert', hidden: true });
  const save = async (release, button) => {
    button.disabled = true;
    error.hidden = true;
    try {
      await api.put(`/api/admin/translations/${item.id}`, { text: russian.value, release });
      if (release) {
        say(L(`Letter to ${item.person.latinName} released to the print queue.`, `Письмо для ${item.person.latinName} отправлено в очередь печати.`));
        await load();
      } else {
        say(L('Draft saved.', 'Черновик сохранён.'));
      }
    } catch (e) {
      const text = explain(e.message, e.field);
      error.textContent = text.charAt(0).toUpperCase() + text.slice(1);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  };
  const about = [
    item.person.gender === 'female' ? L('she', 'она') : L('he', 'он'),
    senderText(item.sender),
    `${L('written', 'написано')} ${when(item.createdAt)}`,
    `${L('deleted', 'удаляется')} ${when(item.expiresAt)} ${L('if not released', 'если не отправить')}`,
  ].filter(Boolean).join(' · ');
  return el('article', { class: 'panel', dataset: { item: String(item.id) } },
    el('h2', {}, item.kind === 'postcard' ? L('Postcard to ', 'Открытка: ') : L('Letter to ', 'Письмо: '), el('span', { lang: 'ru', class: 'name-cyr' }, item.person.nameRu), ` (${item.person.latinName})`),
    el('p', { class: 'small muted' }, about),
    el('div', { class: 'translation' },
      el('div', {}, el('h3', {}, L('What the writer wrote (English)', 'Что написал автор (по-английски)')), el('div', { class: 'source', lang: 'en' }, item.englishText)),
      el('div', {}, el('h3', {}, el('label', { for: `ru-${item.id}` }, L('The letter in Russian', 'Письмо по-русски'))), russian)),
    error,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: (ev) => save(false, ev.currentTarget) }, L('Save draft', 'Сохранить черновик')),
      el('button', { type: 'button', class: 'primary', onclick: (ev) => save(true, ev.currentTarget) }, L('Release to print queue', 'В очередь печати'))));
}

async function load() {
  const { items } = await api.get('/api/admin/translations');
  $('#items').replaceChildren(...items.map(card));
  $('#empty').hidden = items.length > 0;
}

startPage('translate', async () => {
  document.title = `${L('Translations', 'Переводы')} · Volya`;
  applyLanguage();
  await load();
});

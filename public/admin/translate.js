// @ts-check
// The translation hand-off: the writer's English beside an editable Russian letter, saved as a draft or
// released to the print queue.
import { byId, el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, explain, fieldErrorOf, fmtDay, say, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').TranslationItem} TranslationItem */
/** @typedef {import('../shared/api-types.js').TranslationList} TranslationList */

/** @param {TranslationItem['sender']} sender */
function senderText(sender) {
  if (!sender) return '';
  const who = sender.kind === 'group' ? t('translate.fromGroup') : t('translate.fromOne');
  return sender.name ? t('translate.signed', { who, name: sender.name }) : who;
}

/** @param {TranslationItem} item */
function card(item) {
  const russian = el('textarea', { lang: 'ru', id: `ru-${item.id}`, spellcheck: 'true', 'aria-describedby': `err-${item.id}` });
  russian.value = item.text;
  const error = el('p', { class: 'notice bad small', id: `err-${item.id}`, role: 'alert', hidden: true });
  /**
   * @param {boolean} release
   * @param {HTMLButtonElement} button
   */
  const save = async (release, button) => {
    button.disabled = true;
    error.hidden = true;
    try {
      await api.put(`/api/admin/translations/${item.id}`, { text: russian.value, release });
      if (release) {
        say(t('translate.released', { name: item.person.latinName }));
        await load();
      } else {
        say(t('translate.draftSaved'));
      }
    } catch (e) {
      const err = fieldErrorOf(e);
      const text = explain(err.message, err.field);
      error.textContent = text.charAt(0).toUpperCase() + text.slice(1);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  };
  const saveDraft = el('button', { type: 'button' }, t('translate.saveDraft'));
  saveDraft.addEventListener('click', () => save(false, saveDraft));
  const release = el('button', { type: 'button', class: 'primary' }, t('translate.release'));
  release.addEventListener('click', () => save(true, release));
  const about = [
    item.person.gender === 'female' ? t('translate.she') : t('translate.he'),
    senderText(item.sender),
    t('translate.written', { when: fmtDay(item.createdAt) }),
    t('translate.deleted', { when: fmtDay(item.expiresAt) }),
  ].filter(Boolean).join(' · ');
  return el('article', { class: 'panel', dataset: { item: String(item.id) } },
    el('h2', {}, item.kind === 'postcard' ? t('translate.postcardTo') : t('translate.letterTo'), el('span', { lang: 'ru', class: 'name-cyr' }, item.person.nameRu), ` (${item.person.latinName})`),
    el('p', { class: 'small muted' }, about),
    el('div', { class: 'translation' },
      el('div', {}, el('h3', {}, t('translate.english')), el('div', { class: 'source', lang: 'en' }, item.englishText)),
      el('div', {}, el('h3', {}, el('label', { for: `ru-${item.id}` }, t('translate.russian'))), russian)),
    error,
    el('div', { class: 'actions' }, saveDraft, release));
}

async function load() {
  const { items } = /** @type {TranslationList} */ (await api.get('/api/admin/translations'));
  byId('items').replaceChildren(...items.map(card));
  byId('empty').hidden = items.length > 0;
}

startPage('translate', async () => {
  await load();
});

// The translation hand-off: the writer's English beside an editable Russian letter, saved as a draft or
// released to the print queue.
import { $, api, el, say, session, showWho, when } from './print-api.js';

const SENDER = { single: 'one person', group: 'a group' };

function card(item) {
  const russian = el('textarea', { lang: 'ru', id: `ru-${item.id}`, spellcheck: 'true', 'aria-describedby': `err-${item.id}` });
  russian.value = item.text;
  const error = el('p', { class: 'notice bad small', id: `err-${item.id}`, hidden: true });
  const save = async (release, button) => {
    button.disabled = true;
    error.hidden = true;
    try {
      await api('PUT', `/api/admin/translations/${item.id}`, { text: russian.value, release });
      if (release) {
        say(`Letter to ${item.person.latinName} released to the print queue.`);
        await load();
      } else {
        say('Draft saved.');
      }
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  };
  const sender = item.sender ? `from ${SENDER[item.sender.kind]}${item.sender.gender ? ` (${item.sender.gender})` : ''}${item.sender.name ? `, signed ${item.sender.name}` : ''}` : '';
  return el('article', { class: 'panel', dataset: { item: String(item.id) } },
    el('header', {},
      el('h2', {}, `${item.kind === 'postcard' ? 'Postcard' : 'Letter'} to `, el('span', { lang: 'ru' }, item.person.nameRu), ` (${item.person.latinName})`),
      el('span', { class: 'small muted' }, [item.person.gender === 'female' ? 'she' : 'he', sender, `written ${when(item.createdAt)}`, `deleted ${when(item.expiresAt)} if not released`].filter(Boolean).join(' · '))),
    el('div', { class: 'translation' },
      el('div', {}, el('h3', {}, 'What the writer wrote (English)'), el('div', { class: 'source', lang: 'en' }, item.englishText)),
      el('div', {}, el('h3', {}, el('label', { for: `ru-${item.id}` }, 'The letter in Russian')), russian)),
    error,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: (ev) => save(false, ev.currentTarget) }, 'Save draft'),
      el('button', { type: 'button', class: 'primary', onclick: (ev) => save(true, ev.currentTarget) }, 'Release to print queue')));
}

async function load() {
  const { items } = await api('GET', '/api/admin/translations');
  $('items').replaceChildren(...items.map(card));
  $('empty').hidden = items.length > 0;
}

async function boot() {
  const s = await session();
  showWho(s);
  if (s.role !== 'organizer') for (const a of document.querySelectorAll('.organizer-only')) a.hidden = true;
  await load().catch((e) => say(e.message, 'bad'));
  document.body.dataset.ready = 'true';
}

boot();

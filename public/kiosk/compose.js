// Compose: template + phrasebook (Russian with its English meaning always beside it), own words, live hints.
import { getJson, postJson } from './api.js';
import { hasGap, phraseText, russianText, senderSpec, splitTemplate } from './draft.js';
import { t, uiLanguage } from './i18n.js';
import { attempt, el } from './ui.js';

let draft;
let config;
let templates = null;
let phrasebook = { categories: [] };
let activeCategory = null;
let hintTimer;
let hintSeq = 0;

const $ = (id) => document.getElementById(id);

function recipientGender() {
  return draft.person.gender === 'female' ? 'female' : 'male';
}

/** The person's name as the UI language writes it. */
function personName() {
  const p = draft.person;
  return uiLanguage() === 'ru' ? `${p.givenName} ${p.surname}` : p.latinName;
}

/** The Russian templates for this kind, each with its English counterpart (shown as the meaning). */
function templatesForKind() {
  const byId = new Map((templates ?? []).map((tpl) => [tpl.id, tpl]));
  return (templates ?? [])
    .filter((tpl) => tpl.kind === draft.kind && tpl.language === 'ru')
    .map((tpl) => {
      const en = byId.get(tpl.counterpartId);
      return { id: tpl.id, ru: tpl.title, en: en?.title ?? '', about: uiLanguage() === 'ru' ? tpl.description : (en?.description ?? '') };
    });
}

async function loadTemplates() {
  if (templates) return;
  templates = (await getJson('/api/templates')).templates;
}

async function loadPhrasebook() {
  phrasebook = await getJson(`/api/phrasebook?recipientGender=${recipientGender()}&sender=${draft.who}`);
  if (!phrasebook.categories.some((c) => c.id === activeCategory)) activeCategory = phrasebook.categories[0]?.id ?? null;
  // The same phrase in the forms for the new sender / recipient.
  const byId = new Map(phrasebook.categories.flatMap((c) => c.phrases).map((p) => [p.id, p]));
  draft.phrases = draft.phrases.map((p) => (byId.has(p.id) ? { ...p, ru: byId.get(p.id).ru, en: byId.get(p.id).en } : p));
}

/** Fills the chosen template for this person and sender (the sender's name and city may appear in it). */
export async function composeTemplate() {
  if (!draft.templateId) {
    draft.template = { head: [], tail: null };
    return;
  }
  const { ru, en } = await postJson('/api/compose', { templateId: draft.templateId, prisonerId: draft.person.id, sender: senderSpec(draft) });
  draft.template = splitTemplate(ru, en);
}

function renderTemplates() {
  const box = $('templates');
  const options = [...templatesForKind(), { id: null, ru: null, en: t('compose.templateNone'), about: '' }];
  box.replaceChildren(...options.map((tpl) => {
    const checked = tpl.id === draft.templateId;
    const input = el('input', { type: 'radio', name: 'template', value: tpl.id ?? '', checked });
    input.addEventListener('change', () => chooseTemplate(tpl.id));
    return el('label', { class: tpl.id ? 'template' : 'template template-none' }, input,
      el('span', { class: 'template-text' },
        tpl.ru ? el('span', { class: 'ru', lang: 'ru', text: tpl.ru }) : null,
        el('span', { class: tpl.ru ? 'en' : 'en-only' }, el('span', { lang: 'en', text: tpl.en })),
        tpl.about ? el('span', { class: 'about', lang: uiLanguage(), text: tpl.about }) : null));
  }));
}

function chooseTemplate(id) {
  return attempt(async () => {
    draft.templateId = id;
    await composeTemplate();
    renderTemplates();
    renderLetter();
  });
}

function renderPhrases() {
  $('phrases-hint').textContent = t('compose.phrasesHint', { name: personName() });
  $('categories').replaceChildren(...phrasebook.categories.map((c) => {
    const b = el('button', { type: 'button', class: 'category', 'aria-pressed': String(c.id === activeCategory) },
      el('span', { text: uiLanguage() === 'ru' ? c.titleRu : c.titleEn }));
    b.addEventListener('click', () => {
      activeCategory = c.id;
      renderPhrases();
      $('categories').querySelector('[aria-pressed="true"]')?.focus();
    });
    return b;
  }));
  const category = phrasebook.categories.find((c) => c.id === activeCategory);
  $('phrases').replaceChildren(...(category?.phrases ?? []).map((p) => {
    const added = draft.phrases.some((x) => x.id === p.id);
    const shown = phraseText(p, draft.person);
    const b = el('button', { type: 'button', class: 'phrase', 'data-phrase': p.id, 'aria-pressed': String(added) },
      el('span', { class: 'ru', lang: 'ru', text: shown.ru }),
      el('span', { class: 'en', lang: 'en', text: shown.en }));
    b.addEventListener('click', () => togglePhrase(p));
    return el('li', {}, b);
  }));
}

function togglePhrase(p) {
  const i = draft.phrases.findIndex((x) => x.id === p.id);
  if (i >= 0) draft.phrases.splice(i, 1);
  else draft.phrases.push({ id: p.id, category: activeCategory, ru: p.ru, en: p.en, gap: '' });
  renderPhrases();
  renderLetter();
  $('phrases').querySelector(`[data-phrase="${CSS.escape(p.id)}"]`)?.focus();
  // Keep the letter's newest line in view while the phrase list stays put beside it.
  if (i < 0) $('letter').lastElementChild?.scrollIntoView({ block: 'nearest' });
}

function movePhrase(i, delta) {
  const j = i + delta;
  if (j < 0 || j >= draft.phrases.length) return;
  [draft.phrases[i], draft.phrases[j]] = [draft.phrases[j], draft.phrases[i]];
  renderLetter();
  $('letter').querySelectorAll('.block-phrase')[j]?.querySelector(delta < 0 ? '.move-up' : '.move-down')?.focus();
}

function block(ru, en, cls, controls = null, tag = null, extra = null) {
  return el('li', { class: `block ${cls}` },
    el('span', { class: 'ru', lang: 'ru', text: ru }),
    el('span', { class: 'en', lang: 'en', text: en }),
    tag ? el('span', { class: 'block-tag', text: tag }) : null,
    controls,
    extra);
}

/** An input for a phrase's gap (…): the writer's name, city, cat — updates the block in place, keeping focus. */
function gapField(p, i) {
  const id = `gap-${i}`;
  const input = el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', maxlength: '60', value: p.gap });
  input.addEventListener('input', () => {
    p.gap = input.value;
    const text = phraseText(p, draft.person);
    const li = input.closest('li');
    li.querySelector('.ru').textContent = text.ru;
    li.querySelector('.en').textContent = text.en;
    renderCount();
    scheduleHints();
  });
  return el('span', { class: 'gap' }, el('label', { for: id, text: t('compose.gap', { en: p.en }) }), input);
}

function phraseControls(i) {
  const n = draft.phrases.length;
  const button = (cls, label, symbol, action, disabled) => {
    const b = el('button', { type: 'button', class: `icon ${cls}`, 'aria-label': label, title: label, disabled }, symbol);
    b.addEventListener('click', action);
    return b;
  };
  const p = draft.phrases[i];
  return el('span', { class: 'block-controls' },
    button('move-up', `${t('compose.moveUp')}: ${p.en}`, '↑', () => movePhrase(i, -1), i === 0),
    button('move-down', `${t('compose.moveDown')}: ${p.en}`, '↓', () => movePhrase(i, 1), i === n - 1),
    button('remove', `${t('compose.remove')}: ${p.en}`, '✕', () => {
      draft.phrases.splice(i, 1);
      renderPhrases();
      renderLetter();
      $('own-text').focus();
    }, false));
}

export function renderLetter() {
  const items = [];
  for (const p of draft.template.head) items.push(block(p.ru, p.en, 'block-template', null, t('compose.fromTemplate')));
  draft.phrases.forEach((p, i) => {
    const text = phraseText(p, draft.person);
    items.push(block(text.ru, text.en, 'block-phrase', phraseControls(i), null, hasGap(p) ? gapField(p, i) : null));
  });
  if (!items.length && !draft.template.tail) items.push(el('li', { class: 'block block-empty', text: t('compose.empty') }));
  $('letter').replaceChildren(...items);
  const tail = draft.template.tail;
  $('letter-tail').replaceChildren(...(tail ? [block(tail.ru, tail.en, 'block-template', null, t('compose.fromTemplate'))] : []));
  renderCount();
  scheduleHints();
}

function renderCount() {
  const count = $('own-count');
  if (draft.kind !== 'postcard') {
    count.textContent = '';
    return;
  }
  const length = [...russianText(draft)].length;
  count.textContent = t('compose.length', { count: length, limit: config.postcardMaxChars });
  count.classList.toggle('over', length > config.postcardMaxChars);
}

function scheduleHints() {
  clearTimeout(hintTimer);
  hintTimer = setTimeout(refreshHints, 400);
}

/** Live hints; a failure keeps the last ones (hints help, they never block writing). */
async function refreshHints() {
  const seq = ++hintSeq;
  const text = russianText(draft);
  const list = $('hints');
  if (!text.trim()) {
    list.replaceChildren(el('li', { class: 'hint-ok', text: t('compose.hintsNone') }));
    return;
  }
  try {
    const { hints } = await postJson('/api/hints', { text, kind: draft.kind, uiLanguage: uiLanguage() });
    if (seq !== hintSeq) return;
    list.replaceChildren(...(hints.length
      ? hints.map((h) => el('li', { class: `hint-item hint-${h.type}`, 'data-hint': h.type },
        el('span', { text: h.message }),
        h.type === 'topic' && h.excerpt ? el('span', { class: 'hint-excerpt', text: ` (${h.excerpt})` }) : null))
      : [el('li', { class: 'hint-ok', text: t('compose.hintsNone') })]));
  } catch {
    // keep the previous hints
  }
}

export function renderCompose() {
  $('write-heading').textContent = t(draft.kind === 'postcard' ? 'compose.headingPostcard' : 'compose.headingLetter', { name: personName() });
  $('letter-heading').textContent = t(draft.kind === 'postcard' ? 'compose.postcardHeading' : 'compose.letterHeading');
  for (const r of document.querySelectorAll('input[name="who"]')) r.checked = r.value === draft.who;
  $('own-text').value = draft.ownText;
  $('needs-translation').checked = draft.needsTranslation;
  const rules = draft.person.facility?.mailRules;
  $('mail-rules').hidden = !rules;
  $('mail-rules-text').textContent = rules ?? '';
  renderTemplates();
  renderPhrases();
  renderLetter();
}

/** Loads what the compose screen needs for this draft and draws it; throws if the server could not be reached. */
export async function openCompose(d, cfg) {
  draft = d;
  config = cfg;
  await Promise.all([loadTemplates(), loadPhrasebook()]);
  renderCompose();
}

export function wireCompose() {
  for (const r of document.querySelectorAll('input[name="who"]')) {
    r.addEventListener('change', async () => {
      if (!r.checked) return;
      draft.who = r.value;
      await attempt(async () => {
        await Promise.all([loadPhrasebook(), composeTemplate()]);
        renderPhrases();
        renderLetter();
      });
    });
  }
  $('own-text').addEventListener('input', (e) => {
    draft.ownText = e.target.value;
    renderCount();
    scheduleHints();
  });
  $('needs-translation').addEventListener('change', (e) => {
    draft.needsTranslation = e.target.checked;
  });
}

/** Forgets the cached phrasebook forms and hint timers (templates are public and may stay). */
export function forgetCompose() {
  clearTimeout(hintTimer);
  hintSeq++;
  draft = null;
  phrasebook = { categories: [] };
}


// @ts-check
// Compose: template + phrasebook (Russian with its English meaning always beside it), own words, live hints.
import { all, byId, el } from '../shared/dom.js';
import { language, t } from '../shared/i18n.js';
import { api } from './api.js';
import { emptyDraft, hasGap, phraseText, recipientOf, russianText, senderSpec, splitTemplate } from './draft.js';
import { attempt } from './ui.js';
import { textLength } from '../shared/text-length.js';

/** @typedef {import('./draft.js').Draft} Draft */
/** @typedef {import('./draft.js').DraftPhrase} DraftPhrase */
/** @typedef {import('../shared/api-types.js').KioskConfig} KioskConfig */
/** @typedef {import('../shared/api-types.js').TemplateInfo} TemplateInfo */
/** @typedef {import('../shared/api-types.js').TemplateList} TemplateList */
/** @typedef {import('../shared/api-types.js').Phrasebook} Phrasebook */
/** @typedef {import('../shared/api-types.js').Phrase} Phrase */
/** @typedef {import('../shared/api-types.js').ComposedTemplate} ComposedTemplate */
/** @typedef {import('../shared/api-types.js').HintList} HintList */
/** A template as the list shows it: the Russian title with its English meaning; null id for "no template". */
/** @typedef {{ id: string | null, ru: string | null, en: string, about: string }} TemplateChoice */

/** @type {Draft} the draft being composed, from openCompose on */
let draft;
/** @type {KioskConfig} */
let config;
/** @type {TemplateInfo[] | null} */
let templates = null;
/** @type {Phrasebook} */
let phrasebook = { categories: [] };
/** @type {string | null} */
let activeCategory = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let hintTimer;
let hintSeq = 0;

const $ = byId;
const ownText = () => byId('own-text', HTMLTextAreaElement);

function recipientGender() {
  return recipientOf(draft).gender === 'female' ? 'female' : 'male';
}

/** The person's name as the UI language writes it. */
function personName() {
  const p = recipientOf(draft);
  return language() === 'ru' ? `${p.givenName} ${p.surname}` : p.latinName;
}

/**
 * The Russian templates for this kind, each with its English counterpart (shown as the meaning).
 * @returns {TemplateChoice[]}
 */
function templatesForKind() {
  const templateById = new Map((templates ?? []).map((tpl) => [tpl.id, tpl]));
  return (templates ?? [])
    .filter((tpl) => tpl.kind === draft.kind && tpl.language === 'ru')
    .map((tpl) => {
      const en = templateById.get(tpl.counterpartId);
      return { id: tpl.id, ru: tpl.title, en: en?.title ?? '', about: language() === 'ru' ? tpl.description : (en?.description ?? '') };
    });
}

async function loadTemplates() {
  if (templates) return;
  templates = /** @type {TemplateList} */ (await api.get('/api/templates')).templates;
}

async function loadPhrasebook() {
  phrasebook = /** @type {Phrasebook} */ (await api.get(`/api/phrasebook?recipientGender=${recipientGender()}&sender=${draft.who}`));
  if (!phrasebook.categories.some((c) => c.id === activeCategory)) activeCategory = phrasebook.categories[0]?.id ?? null;
  // The same phrase in the forms for the new sender / recipient.
  const phraseById = new Map(phrasebook.categories.flatMap((c) => c.phrases).map((p) => [p.id, p]));
  draft.phrases = draft.phrases.map((p) => {
    const now = phraseById.get(p.id);
    return now ? { ...p, ru: now.ru, en: now.en } : p;
  });
}

/** Fills the chosen template for this person and sender (the sender's name and city may appear in it). */
export async function composeTemplate() {
  if (!draft.templateId) {
    draft.template = { head: [], tail: null };
    return;
  }
  const { ru, en } = /** @type {ComposedTemplate} */ (await api.post('/api/compose', { templateId: draft.templateId, prisonerId: recipientOf(draft).id, sender: senderSpec(draft) }));
  draft.template = splitTemplate(ru, en);
}

function renderTemplates() {
  const box = $('templates');
  /** @type {TemplateChoice[]} */
  const options = [...templatesForKind(), { id: null, ru: null, en: t('compose.templateNone'), about: '' }];
  box.replaceChildren(...options.map((tpl) => {
    const checked = tpl.id === draft.templateId;
    const input = el('input', { type: 'radio', name: 'template', value: tpl.id ?? '', checked });
    input.addEventListener('change', () => chooseTemplate(tpl.id));
    return el('label', { class: tpl.id ? 'template' : 'template template-none' }, input,
      el('span', { class: 'template-text' },
        tpl.ru ? el('span', { class: 'ru', lang: 'ru', text: tpl.ru }) : null,
        el('span', { class: tpl.ru ? 'en' : 'en-only' }, el('span', { lang: 'en', text: tpl.en })),
        tpl.about ? el('span', { class: 'about', lang: language(), text: tpl.about }) : null));
  }));
}

/** @param {string | null} id */
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
      el('span', { text: language() === 'ru' ? c.titleRu : c.titleEn }));
    b.addEventListener('click', () => {
      activeCategory = c.id;
      renderPhrases();
      all('[aria-pressed="true"]', HTMLElement, $('categories'))[0]?.focus();
    });
    return b;
  }));
  const category = phrasebook.categories.find((c) => c.id === activeCategory);
  $('phrases').replaceChildren(...(category?.phrases ?? []).map((p) => {
    const added = draft.phrases.some((x) => x.id === p.id);
    const shown = phraseText(p, recipientOf(draft));
    const b = el('button', { type: 'button', class: 'phrase', 'data-phrase': p.id, 'aria-pressed': String(added) },
      el('span', { class: 'ru', lang: 'ru', text: shown.ru }),
      el('span', { class: 'en', lang: 'en', text: shown.en }));
    b.addEventListener('click', () => togglePhrase(p));
    return el('li', {}, b);
  }));
}

/** @param {Phrase} p */
function togglePhrase(p) {
  const i = draft.phrases.findIndex((x) => x.id === p.id);
  if (i >= 0) draft.phrases.splice(i, 1);
  else draft.phrases.push({ id: p.id, category: activeCategory, ru: p.ru, en: p.en, gap: '' });
  renderPhrases();
  renderLetter();
  all(`[data-phrase="${CSS.escape(p.id)}"]`, HTMLElement, $('phrases'))[0]?.focus();
  // Keep the letter's newest line in view while the phrase list stays put beside it.
  if (i < 0) $('letter').lastElementChild?.scrollIntoView({ block: 'nearest' });
}

/**
 * @param {number} i
 * @param {number} delta
 */
function movePhrase(i, delta) {
  const j = i + delta;
  if (j < 0 || j >= draft.phrases.length) return;
  [draft.phrases[i], draft.phrases[j]] = [draft.phrases[j], draft.phrases[i]];
  renderLetter();
  const moved = $('letter').querySelectorAll('.block-phrase')[j];
  if (moved) all(delta < 0 ? '.move-up' : '.move-down', HTMLElement, moved)[0]?.focus();
}

/**
 * @param {string} ru
 * @param {string} en
 * @param {string} cls
 * @param {HTMLElement | null} [controls]
 * @param {string | null} [tag]
 * @param {HTMLElement | null} [extra]
 */
function block(ru, en, cls, controls = null, tag = null, extra = null) {
  return el('li', { class: `block ${cls}` },
    el('span', { class: 'ru', lang: 'ru', text: ru }),
    el('span', { class: 'en', lang: 'en', text: en }),
    tag ? el('span', { class: 'block-tag', text: tag }) : null,
    controls,
    extra);
}

/**
 * An input for a phrase's gap (…): the writer's name, city, cat — updates the block in place, keeping focus.
 * @param {DraftPhrase} p
 * @param {number} i
 */
function gapField(p, i) {
  const id = `gap-${i}`;
  const input = el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', maxlength: '60', value: p.gap });
  input.addEventListener('input', () => {
    p.gap = input.value;
    const text = phraseText(p, recipientOf(draft));
    const li = input.closest('li');
    const ru = li?.querySelector('.ru');
    const en = li?.querySelector('.en');
    if (ru) ru.textContent = text.ru;
    if (en) en.textContent = text.en;
    renderCount();
    scheduleHints();
  });
  return el('span', { class: 'gap' }, el('label', { for: id, text: t('compose.gap', { en: p.en }) }), input);
}

/** @param {number} i */
function phraseControls(i) {
  const n = draft.phrases.length;
  /**
   * @param {string} cls
   * @param {string} label
   * @param {string} symbol
   * @param {() => void} action
   * @param {boolean} disabled
   */
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
      ownText().focus();
    }, false));
}

export function renderLetter() {
  const items = [];
  for (const p of draft.template.head) items.push(block(p.ru, p.en, 'block-template', null, t('compose.fromTemplate')));
  draft.phrases.forEach((p, i) => {
    const text = phraseText(p, recipientOf(draft));
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
  const length = textLength(russianText(draft));
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
    const { hints } = /** @type {HintList} */ (await api.post('/api/hints', { text, kind: draft.kind, uiLanguage: language() }));
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
  for (const r of all('input[name="who"]', HTMLInputElement)) r.checked = r.value === draft.who;
  ownText().value = draft.ownText;
  byId('needs-translation', HTMLInputElement).checked = draft.needsTranslation;
  const rules = recipientOf(draft).facility?.mailRules;
  $('mail-rules').hidden = !rules;
  $('mail-rules-text').textContent = rules ?? '';
  renderTemplates();
  renderPhrases();
  renderLetter();
}

/**
 * Loads what the compose screen needs for this draft and draws it; throws if the server could not be reached.
 * @param {Draft} d
 * @param {KioskConfig} cfg
 */
export async function openCompose(d, cfg) {
  draft = d;
  config = cfg;
  await Promise.all([loadTemplates(), loadPhrasebook()]);
  renderCompose();
}

export function wireCompose() {
  for (const r of all('input[name="who"]', HTMLInputElement)) {
    r.addEventListener('change', async () => {
      if (!r.checked) return;
      draft.who = r.value === 'single-male' || r.value === 'single-female' ? r.value : 'group';
      await attempt(async () => {
        await Promise.all([loadPhrasebook(), composeTemplate()]);
        renderPhrases();
        renderLetter();
      });
    });
  }
  ownText().addEventListener('input', () => {
    draft.ownText = ownText().value;
    renderCount();
    scheduleHints();
  });
  const needsTranslation = byId('needs-translation', HTMLInputElement);
  needsTranslation.addEventListener('change', () => {
    draft.needsTranslation = needsTranslation.checked;
  });
}

/** Forgets the cached phrasebook forms and hint timers (templates are public and may stay). */
export function forgetCompose() {
  clearTimeout(hintTimer);
  hintSeq++;
  draft = emptyDraft();
  phrasebook = { categories: [] };
}


// @ts-check
// Compose: who writes, ты/Вы, template, phrases (Russian with its English meaning beside it), own words. The letter
// itself comes from the server (POST /api/compose) as paragraphs in reading order; this page only shows them, lets
// the writer move or remove them, and fills gaps. It never assembles Russian text.
import { all, byId, el } from '../shared/dom.js';
import { language, t } from '../shared/i18n.js';
import { api } from './api.js';
import { emptyDraft, ownParagraphs, recipientOf, structureOf, takeSuggestions, writerOf } from './draft.js';
import { attempt } from './ui.js';
import { textLength } from '../shared/text-length.js';

/** @typedef {import('./draft.js').Draft} Draft */
/** @typedef {import('./draft.js').DraftPhrase} DraftPhrase */
/** @typedef {import('../shared/api-types.js').KioskConfig} KioskConfig */
/** @typedef {import('../shared/api-types.js').TemplateInfo} TemplateInfo */
/** @typedef {import('../shared/api-types.js').TemplateList} TemplateList */
/** @typedef {import('../shared/api-types.js').OfferedPhrases} OfferedPhrases */
/** @typedef {import('../shared/api-types.js').Composition} Composition */
/** @typedef {import('../shared/api-types.js').ComposedParagraph} ComposedParagraph */
/** A template as the list shows it: the Russian title with its English meaning; null id for "no template". */
/** @typedef {{ id: string | null, ru: string | null, en: string, about: string }} TemplateChoice */

/** @type {Draft} the draft being composed, from openCompose on */
let draft;
/** @type {KioskConfig} */
let config;
/** @type {TemplateInfo[] | null} */
let templates = null;
/** @type {OfferedPhrases} */
let phrasebook = { register: 'ty', categories: [] };
/** @type {string | null} */
let activeCategory = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let composeTimer;
let composeSeq = 0;

const $ = byId;
const ownText = () => byId('own-text', HTMLTextAreaElement);

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

/** The phrases offered for this person, writer, register and template (repeats of the template are not offered). */
async function loadPhrasebook() {
  const q = new URLSearchParams({ prisonerId: String(recipientOf(draft).id), writer: writerOf(draft.who) });
  if (draft.register) q.set('register', draft.register);
  if (draft.templateId) q.set('templateId', draft.templateId);
  phrasebook = /** @type {OfferedPhrases} */ (await api.get(`/api/compose/phrases?${q}`));
  if (!phrasebook.categories.some((c) => c.id === activeCategory)) activeCategory = phrasebook.categories[0]?.id ?? null;
  const offered = new Set(phrasebook.categories.flatMap((c) => c.phrases).map((p) => p.id));
  draft.phrases = draft.phrases.filter((p) => offered.has(p.id));
}

/**
 * Asks the server for the letter as it stands; gaps left empty show as «…» until *Next*.
 * @returns {Promise<Composition>}
 */
export async function composeDraft(opts = { keepEmptyGaps: true }) {
  const seq = ++composeSeq;
  const body = { prisonerId: recipientOf(draft).id, uiLanguage: language(), ...structureOf(draft, opts) };
  let c = /** @type {Composition} */ (await api.post('/api/compose', body));
  // Cyrillic spellings offered for what was typed in Latin go into the fields at once, to accept or correct.
  if (takeSuggestions(draft, c)) c = /** @type {Composition} */ (await api.post('/api/compose', { ...body, ...structureOf(draft, opts) }));
  if (seq === composeSeq) draft.composed = c;
  return c;
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
    draft.order = null;
    draft.removed = [];
    await loadPhrasebook();
    renderTemplates();
    renderPhrases();
    await refresh();
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
    const b = el('button', { type: 'button', class: 'phrase', 'data-phrase': p.id, 'aria-pressed': String(added) },
      el('span', { class: 'ru', lang: 'ru', text: p.ru }),
      el('span', { class: 'en', lang: 'en', text: p.en }));
    b.addEventListener('click', () => togglePhrase(p));
    return el('li', {}, b);
  }));
}

/** @param {OfferedPhrases['categories'][number]['phrases'][number]} p */
function togglePhrase(p) {
  const i = draft.phrases.findIndex((x) => x.id === p.id);
  if (i >= 0) draft.phrases.splice(i, 1);
  else {
    // One closing formula: choosing another replaces the one chosen before.
    if (p.formula) {
      const formulas = new Set(phrasebook.categories.flatMap((c) => c.phrases).filter((x) => x.formula).map((x) => x.id));
      draft.phrases = draft.phrases.filter((x) => !formulas.has(x.id));
    }
    draft.phrases.push({ id: p.id, gap: '', gapRu: '', gapRuEdited: false });
  }
  renderPhrases();
  all(`[data-phrase="${CSS.escape(p.id)}"]`, HTMLElement, $('phrases'))[0]?.focus();
  void attempt(async () => {
    await refresh();
    if (i < 0) $('letter').querySelector(`[data-paragraph="${CSS.escape(`p:${p.id}`)}"]`)?.scrollIntoView({ block: 'nearest' });
  });
}

/**
 * Moves a paragraph up or down across sections (the server keeps the writer's order).
 * @param {number} i
 * @param {number} delta
 */
function moveParagraph(i, delta) {
  const ids = (draft.composed?.paragraphs ?? []).map((p) => p.id);
  const j = i + delta;
  if (j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j] ?? '', ids[i] ?? ''];
  draft.order = ids;
  void attempt(async () => {
    await refresh();
    const moved = $('letter').querySelector(`[data-paragraph="${CSS.escape(ids[j] ?? '')}"]`);
    if (moved) all(delta < 0 ? '.move-up' : '.move-down', HTMLElement, moved)[0]?.focus();
  });
}

/** @param {ComposedParagraph} p */
function removeParagraph(p) {
  if (p.source === 'template') draft.removed = [...draft.removed, p.id];
  else if (p.source === 'phrase') draft.phrases = draft.phrases.filter((x) => `p:${x.id}` !== p.id);
  renderPhrases();
  void attempt(refresh);
  ownText().focus();
}

/**
 * The gap of a phrase: what the writer types (a name, a town, a word), and beside it the Cyrillic that goes into
 * the letter, suggested by the server, to accept or correct.
 * @param {DraftPhrase} p
 * @param {number} i
 * @param {string} en
 */
function gapField(p, i, en) {
  const id = `gap-${i}`;
  const input = el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', maxlength: '60', value: p.gap, 'data-gap': p.id });
  const ru = el('input', { type: 'text', id: `${id}-ru`, autocomplete: 'off', spellcheck: 'false', maxlength: '60', value: p.gapRu, lang: 'ru', 'data-gap-ru': p.id });
  input.addEventListener('input', () => {
    p.gap = input.value;
    $('write-problem').hidden = true;
    if (!p.gapRuEdited) p.gapRu = /\p{Script=Cyrillic}/u.test(p.gap) ? p.gap : '';
    scheduleRefresh();
  });
  ru.addEventListener('input', () => {
    p.gapRu = ru.value;
    p.gapRuEdited = ru.value.trim() !== '';
    scheduleRefresh();
  });
  return el('span', { class: 'gap' },
    el('label', { for: id, text: t('compose.gap', { en }) }), input,
    el('label', { for: `${id}-ru`, class: 'small', text: t('compose.gapCyrillic') }), ru);
}

/**
 * @param {ComposedParagraph} p
 * @param {number} i
 * @param {number} n
 */
function paragraphControls(p, i, n) {
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
  const name = p.en.slice(0, 40);
  return el('span', { class: 'block-controls' },
    button('move-up', `${t('compose.moveUp')}: ${name}`, '↑', () => moveParagraph(i, -1), i === 0),
    button('move-down', `${t('compose.moveDown')}: ${name}`, '↓', () => moveParagraph(i, 1), i === n - 1),
    p.source === 'own' || p.section === 'signature' ? null : button('remove', `${t('compose.remove')}: ${name}`, '✕', () => removeParagraph(p), false));
}

export function renderLetter() {
  // Redrawn on every composition: the gap field being typed in keeps its focus and caret.
  const active = document.activeElement instanceof HTMLInputElement && document.activeElement.closest('#letter') ? document.activeElement : null;
  const keep = active ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
  const paragraphs = draft.composed?.paragraphs ?? [];
  const n = paragraphs.length;
  const items = paragraphs.map((p, i) => {
    const phrase = p.source === 'phrase' ? draft.phrases.find((x) => `p:${x.id}` === p.id) : undefined;
    const offered = phrase ? phrasebook.categories.flatMap((c) => c.phrases).find((x) => x.id === phrase.id) : undefined;
    const tag = p.source === 'template' ? t('compose.fromTemplate') : p.source === 'own' ? t('compose.ownTag') : null;
    return el('li', { class: `block block-${p.source}`, 'data-paragraph': p.id, 'data-section': p.section },
      el('span', { class: 'ru', lang: 'ru', text: p.ru }),
      el('span', { class: 'en', lang: 'en', text: p.en }),
      tag ? el('span', { class: 'block-tag', text: tag }) : null,
      paragraphControls(p, i, n),
      phrase && offered?.gap ? gapField(phrase, draft.phrases.indexOf(phrase), offered.en) : null);
  });
  if (!items.length) items.push(el('li', { class: 'block block-empty', text: t('compose.empty') }));
  $('letter').replaceChildren(...items);
  if (keep) {
    const again = document.getElementById(keep.id);
    if (again instanceof HTMLInputElement) {
      again.focus();
      again.setSelectionRange(keep.start, keep.end);
    }
  }
  renderCount();
  renderHints();
}

function renderCount() {
  const count = $('own-count');
  if (draft.kind !== 'postcard') {
    count.textContent = '';
    return;
  }
  const text = (draft.composed?.paragraphs ?? []).map((p) => p.ru).join('\n\n');
  const length = textLength(text);
  count.textContent = t('compose.length', { count: length, limit: config.postcardMaxChars });
  count.classList.toggle('over', length > config.postcardMaxChars);
}

function renderHints() {
  const list = $('hints');
  const hints = draft.composed?.hints ?? [];
  list.replaceChildren(...(hints.length
    ? hints.map((h) => el('li', { class: `hint-item hint-${h.type}`, 'data-hint': h.type },
      el('span', { text: h.message }),
      h.type === 'topic' && h.excerpt ? el('span', { class: 'hint-excerpt', text: ` (${h.excerpt})` }) : null))
    : [el('li', { class: 'hint-ok', text: t('compose.hintsNone') })]));
}

function renderRegister() {
  const register = draft.register ?? draft.composed?.register ?? phrasebook.register;
  for (const r of all('input[name="register"]', HTMLInputElement)) r.checked = r.value === register;
}

/** Composes the draft on the server and shows it; pre-ticks *needs translation* for own words not in Russian. */
export async function refresh() {
  const c = await composeDraft();
  if (c !== draft.composed) return;
  const notRussian = c.hints.some((h) => h.type === 'latin' && h.paragraph);
  if (notRussian && !draft.needsTranslation && !draft.needsTranslationTouched) {
    draft.needsTranslation = true;
    byId('needs-translation', HTMLInputElement).checked = true;
    await composeDraft();
  }
  renderLetter();
  renderRegister();
}

function scheduleRefresh() {
  clearTimeout(composeTimer);
  composeTimer = setTimeout(() => void refresh().catch(() => {}), 300);
}

/** The facility's mail rules in the kiosk's language; in the other one, marked as such, when only that was entered. */
function renderMailRules() {
  const f = recipientOf(draft).facility;
  const ru = language() === 'ru';
  const own = (ru ? f?.mailRulesRu : f?.mailRules) ?? null;
  const other = (ru ? f?.mailRules : f?.mailRulesRu) ?? null;
  const rules = own ?? other;
  $('mail-rules').hidden = !rules;
  const text = $('mail-rules-text');
  text.textContent = rules ?? '';
  text.lang = own ? (ru ? 'ru' : 'en') : (ru ? 'en' : 'ru');
  const note = $('mail-rules-lang');
  note.hidden = !rules || own !== null;
  note.textContent = ru ? t('compose.mailRulesOnlyEn') : t('compose.mailRulesOnlyRu');
}

export function renderCompose() {
  $('write-heading').textContent = t(draft.kind === 'postcard' ? 'compose.headingPostcard' : 'compose.headingLetter', { name: personName() });
  $('letter-heading').textContent = t(draft.kind === 'postcard' ? 'compose.postcardHeading' : 'compose.letterHeading');
  for (const r of all('input[name="who"]', HTMLInputElement)) r.checked = r.value === draft.who;
  ownText().value = draft.ownText;
  byId('needs-translation', HTMLInputElement).checked = draft.needsTranslation;
  renderMailRules();
  renderTemplates();
  renderPhrases();
  renderLetter();
  renderRegister();
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
  await composeDraft();
  renderCompose();
}

/** The paragraphs of the own words, for the hint counter. */
export function ownWordCount() {
  return ownParagraphs(draft.ownText).length;
}

export function wireCompose() {
  for (const r of all('input[name="who"]', HTMLInputElement)) {
    r.addEventListener('change', async () => {
      if (!r.checked) return;
      draft.who = r.value === 'single-male' || r.value === 'single-female' ? r.value : 'group';
      await attempt(async () => {
        await loadPhrasebook();
        renderPhrases();
        await refresh();
      });
    });
  }
  for (const r of all('input[name="register"]', HTMLInputElement)) {
    r.addEventListener('change', async () => {
      if (!r.checked) return;
      draft.register = r.value === 'vy' ? 'vy' : 'ty';
      await attempt(async () => {
        await loadPhrasebook();
        renderPhrases();
        await refresh();
      });
    });
  }
  ownText().addEventListener('input', () => {
    draft.ownText = ownText().value;
    scheduleRefresh();
  });
  const needsTranslation = byId('needs-translation', HTMLInputElement);
  needsTranslation.addEventListener('change', () => {
    draft.needsTranslation = needsTranslation.checked;
    draft.needsTranslationTouched = true;
    scheduleRefresh();
  });
}

/** Forgets the cached phrasebook forms and timers (templates are public and may stay). */
export function forgetCompose() {
  clearTimeout(composeTimer);
  composeSeq++;
  draft = emptyDraft();
  phrasebook = { register: 'ty', categories: [] };
}

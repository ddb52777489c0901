// @ts-check
// Kiosk flow: start → person → write → sign → (draw) → preview → print → done → reset.
// The draft lives only in memory. Screens change without history entries, and a reset reloads the page with
// location.replace, so neither Back nor a restored page can show a previous writer's text.
import { ApiError } from '../shared/api.js';
import { all, byId, el } from '../shared/dom.js';
import { applyTranslations, language, loadStrings, setLanguage, t } from '../shared/i18n.js';
import { api } from './api.js';
import { emptyDraft, recipientOf } from './draft.js';
import { startIdleWatch } from './idle.js';
import { loadPeople, renderPeople, wirePeople } from './people.js';
import { composeDraft, forgetCompose, openCompose, renderCompose, wireCompose } from './compose.js';
import { clearDrawing, drawingImage, wireDrawing } from './draw.js';
import { forgetPreview, madeAhead, makePreview, pdfSpec, printPreview, renderPreviewStatus, speculate, warmPreview } from './preview.js';
import { attempt, hideError, showError, wireErrorBanner } from './ui.js';

/** @typedef {import('../shared/api-types.js').KioskConfig} KioskConfig */
/** @typedef {import('../shared/api-types.js').PrintCapabilities} PrintCapabilities */
/** @typedef {import('../shared/api-types.js').PublicPerson} PublicPerson */
/** @typedef {import('../shared/api-types.js').PersonListItem} PersonListItem */
/** @typedef {import('../shared/api-types.js').HintList} HintList */

const DONE_RESET_SECONDS = 30;
/** @type {Record<string, string>} */
const STEP_OF = { person: 'person', write: 'write', sign: 'sign', draw: 'draw', preview: 'preview', done: 'print' };

/** @type {KioskConfig} set by boot before any screen shows */
let config;
/** @type {PrintCapabilities | null} */
let capabilities = null;
let draft = emptyDraft();
let screen = 'start';
/** @type {ReturnType<typeof setTimeout> | undefined} */
let doneTimer;

const $ = byId;
const input = (/** @type {string} */ id) => byId(id, HTMLInputElement);
const button = (/** @type {string} */ id) => byId(id, HTMLButtonElement);

/** @param {string} name */
function show(name) {
  screen = name;
  hideError();
  for (const s of all('[data-screen]', HTMLElement)) s.hidden = s.dataset.screen !== name;
  $('start-over').hidden = name === 'start';
  document.body.classList.toggle('in-flow', name !== 'start');
  renderSteps();
  all(`[data-screen="${name}"] h1`, HTMLElement)[0]?.focus();
  window.scrollTo(0, 0);
  if (isLastBeforePreview()) ahead(0);
}

/** The sign screen of a letter, the draw screen of a postcard: *Next* from here shows the preview. */
function isLastBeforePreview() {
  return (screen === 'sign' && draft.kind === 'letter') || (screen === 'draw' && draft.kind === 'postcard');
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let aheadTimer;
/**
 * The preview made ahead of *Next* once the inputs settle (see preview.js); only on the screen before the preview.
 * @param {number} ms
 */
function ahead(ms) {
  clearTimeout(aheadTimer);
  aheadTimer = setTimeout(() => {
    if (!isLastBeforePreview()) return;
    speculate(draft.kind === 'postcard' ? { ...draft, image: drawingImage() } : draft);
  }, ms);
}

function renderSteps() {
  const [nav] = all('.steps', HTMLElement);
  if (!nav) return;
  nav.hidden = screen === 'start';
  const current = STEP_OF[screen];
  let n = 0;
  let passed = true;
  for (const li of nav.querySelectorAll('li')) {
    const step = li.dataset.step;
    li.hidden = step === 'draw' && draft.kind !== 'postcard';
    if (li.hidden) continue;
    const number = li.querySelector('.step-n');
    if (number) number.textContent = String(++n);
    if (step === current) {
      li.setAttribute('aria-current', 'step');
      passed = false;
    } else li.removeAttribute('aria-current');
    li.classList.toggle('is-done', passed && step !== current);
  }
}

/** Wipes the writer's session: memory, blobs, DOM, then a fresh page that replaces this history entry. */
function reset() {
  clearTimeout(doneTimer);
  clearTimeout(aheadTimer);
  clearTimeout(signTimer);
  forgetPreview();
  forgetCompose();
  clearDrawing();
  draft = emptyDraft();
  for (const field of all('input[type="text"], input[type="search"]', HTMLInputElement)) field.value = '';
  for (const field of all('textarea', HTMLTextAreaElement)) field.value = '';
  for (const id of ['letter', 'hints', 'people', 'phrases']) $(id).replaceChildren();
  location.replace(location.pathname);
}

/**
 * Each step's request and what follows it run together, so "try again" repeats the whole step.
 * @param {PersonListItem} p
 */
function choosePerson(p) {
  return attempt(async () => {
    draft.person = /** @type {PublicPerson} */ (await api.get(`/api/prisoners/${p.id}`));
    await openCompose(draft, config);
    show('write');
  });
}

/** @param {'letter' | 'postcard'} kind */
function startFlow(kind) {
  warmPreview();
  draft = emptyDraft();
  draft.kind = kind;
  draft.paper = config.paperSize === 'a4' ? 'a4' : 'letter';
  input('search').value = '';
  show('person');
  loadPeople('');
}

async function goPreview() {
  show('preview');
  $('preview-postcard-note').hidden = draft.kind !== 'postcard';
  // The English copy prints with a direct print only: a queued letter's run prints the Russian, so a letter that goes
  // to the queue first (waiting for its translator) is not offered it.
  $('english-copy-row').hidden = draft.kind !== 'letter' || Boolean(capabilities?.queue && draft.needsTranslation);
  $('paper-choice').hidden = draft.kind !== 'letter';
  for (const r of all('input[name="paper"]', HTMLInputElement)) r.checked = r.value === draft.paper;
  input('english-copy').checked = draft.englishCopy;
  // A letter waiting for its translator goes to the queue first, not straight to paper.
  const queueFirst = Boolean(capabilities?.queue && draft.needsTranslation);
  $('queue').classList.toggle('primary', queueFirst);
  $('print').classList.toggle('primary', !queueFirst);
  // Its letter still holds the writer's English: it may only go to the queue, for the translator.
  $('send-printer').hidden = !capabilities?.printer || draft.needsTranslation;
  $('print').hidden = Boolean(capabilities?.phone) || (draft.needsTranslation && Boolean(capabilities?.queue));
  await refreshPreview();
}

function refreshPreview() {
  return attempt(() => makePreview(draft));
}

/** Something the writer would lose: a person chosen, words written. */
function hasWork() {
  return Boolean(draft.person) && screen !== 'done';
}

/** *Start over* asks before it wipes: a wrong tap at a loud event must not lose five minutes of writing. */
function confirmStartOver() {
  if (!hasWork()) {
    reset();
    return;
  }
  const keep = el('button', { type: 'button', class: 'primary', id: 'start-over-keep', text: t('app.startOverKeep') });
  const wipe = el('button', { type: 'button', class: 'quiet', id: 'start-over-confirm', text: t('app.startOverConfirm') });
  const overlay = el('div', { class: 'overlay', id: 'start-over-dialog' },
    el('div', { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'start-over-title' },
      el('h2', { id: 'start-over-title', text: t('app.startOverTitle') }),
      el('p', { text: t('app.startOverLead') }),
      el('div', { class: 'nav-row' }, wipe, keep)));
  keep.addEventListener('click', () => {
    overlay.remove();
    $('start-over').focus();
  });
  wipe.addEventListener('click', reset);
  document.body.append(overlay);
  keep.focus();
}

/**
 * The letter composed without gaps left open: a gap left empty stops *Next* with the server's message naming it.
 * @param {string} problemId
 */
async function strictCompose(problemId) {
  try {
    const c = await composeDraft({ keepEmptyGaps: false });
    $(problemId).hidden = true;
    return c;
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) {
      const message = e.message.replace(/^phrases\[\d+\](\.gap)?: /, '');
      $(problemId).textContent = message.charAt(0).toUpperCase() + message.slice(1);
      $(problemId).hidden = false;
      return null;
    }
    throw e;
  }
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let signTimer;
/** The Cyrillic spellings for what was last typed on the sign screen are not in the draft yet. */
let suggestionsPending = false;
/** Counts the keystrokes on the sign screen: only the answer for the latest one settles the draft. */
let signGeneration = 0;
/** Shows the Cyrillic spelling of the name and town typed on the sign screen, to accept or correct. */
function refreshSignSuggestions() {
  clearTimeout(signTimer);
  const generation = ++signGeneration;
  suggestionsPending = true;
  signTimer = setTimeout(() => void composeDraft().then(() => {
    if (generation !== signGeneration) return;
    input('sender-name-ru').value = draft.senderNameRu;
    input('sender-city-ru').value = draft.senderCityRu;
  }).catch(() => {}).finally(() => {
    // An answer for an earlier keystroke (the writer typed on while it was on its way) settles nothing: the
    // suggestion for what the field holds now is still to come, and a preview made now would lack it.
    if (generation !== signGeneration) return;
    suggestionsPending = false;
    // The draft is final until the next keystroke: the preview is made ahead with the Cyrillic spellings in it.
    ahead(0);
  }), 300);
}

/**
 * The Done screen's words for the route the item takes (the person's route from the kiosk API): a stamp only where
 * the post runs from here, the partner's country for a forward route, the relay's name for an e-letter.
 */
function renderDoneRoute() {
  const route = draft.person?.route;
  const kind = route?.kind ?? 'post';
  const line = $('done-route');
  line.dataset.routeKind = route ? kind : '';
  line.hidden = !route;
  if (route?.kind === 'forward') {
    const country = route.partnerCountry ? countryName(route.partnerCountry) : '';
    line.textContent = `${t('done.route.forward', { country })} ${t('done.forwardNoStamp')}`;
  } else if (route?.kind === 'relay') {
    line.textContent = `${t('done.route.relay', { name: route.name })} ${t('done.relayKeep')}`;
  } else if (route) {
    line.textContent = t('done.route.post');
  }
  // An e-letter is not handed out on paper: the queue's "a volunteer will hand it to you" does not apply.
  if (kind === 'relay') $('done-queued').hidden = true;
  $('done-stamp').hidden = kind !== 'post';
  $('done-mailbox').hidden = kind === 'relay';
  $('done-sign').hidden = kind === 'relay';
  $('done-envelope').hidden = draft.kind === 'postcard' || kind === 'relay';
}

/** "Germany" / «Германия» from an ISO code, in the kiosk's language (the browser's own country names). */
function countryName(/** @type {string} */ code) {
  try {
    return new Intl.DisplayNames([language()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** @param {{ queued: boolean }} outcome */
function finish({ queued }) {
  show('done');
  $('done-queued').hidden = !queued;
  $('done-translate').hidden = !draft.needsTranslation;
  renderDoneRoute();
  let left = DONE_RESET_SECONDS;
  const tick = () => {
    $('done-countdown').textContent = t('done.resetIn', { seconds: left });
    if (left-- <= 0) reset();
    else doneTimer = setTimeout(tick, 1000);
  };
  tick();
}

function countPrinted() {
  /** @type {{ prisonerId: number, kind: string | null, language: 'ru', templateId?: string }} */
  const body = { prisonerId: recipientOf(draft).id, kind: draft.kind, language: 'ru' };
  if (draft.templateId) body.templateId = draft.templateId;
  return api.post('/api/printed', body);
}

/**
 * Sends the letter with both send buttons disabled until the answer: a double tap prints or queues it once.
 * @param {() => Promise<void>} action
 */
async function sendOnce(action) {
  const buttons = [button('send-printer'), button('queue')];
  if (buttons.some((b) => b.disabled)) return;
  for (const b of buttons) b.disabled = true;
  try {
    await attempt(action);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** Sets the UI language, re-labels the page and marks the pressed language button. */
function setUiLanguage(/** @type {string | null | undefined} */ lang) {
  setLanguage(lang);
  applyTranslations();
  for (const b of all('.lang', HTMLButtonElement)) b.setAttribute('aria-pressed', String(b.dataset.lang === language()));
}

function wireFlow() {
  for (const b of all('.choice', HTMLButtonElement)) b.addEventListener('click', () => startFlow(b.dataset.kind === 'postcard' ? 'postcard' : 'letter'));
  for (const b of all('[data-go]', HTMLButtonElement)) b.addEventListener('click', () => show(b.dataset.go ?? 'start'));
  for (const b of all('.lang', HTMLButtonElement)) {
    b.addEventListener('click', () => {
      setUiLanguage(b.dataset.lang);
      renderSteps();
      if (screen === 'person') renderPeople();
      if (draft.person && screen === 'write') renderCompose();
      if (screen === 'preview') renderPreviewStatus();
      if (screen === 'done') renderDoneRoute();
    });
  }
  $('start-over').addEventListener('click', confirmStartOver);
  $('write-next').addEventListener('click', () => attempt(async () => {
    const c = await strictCompose('write-problem');
    if (!c) return;
    const empty = !c.paragraphs.some((p) => p.source !== 'template' || !['greeting', 'closing', 'signature'].includes(p.section));
    // The server measures the card as the PDF lays it out: a message it would cut stops here.
    const tooLong = draft.kind === 'postcard' && c.hints.some((h) => h.type === 'length');
    const problem = empty ? 'compose.needText' : tooLong ? 'compose.tooLong' : null;
    $('write-problem').hidden = !problem;
    if (problem) {
      $('write-problem').textContent = t(problem);
      return;
    }
    $('return-address').textContent = config.returnAddress;
    input('sender-name').value = draft.senderName;
    input('sender-city').value = draft.senderCity;
    input('sender-name-ru').value = draft.senderNameRu;
    input('sender-city-ru').value = draft.senderCityRu;
    show('sign');
  }));
  const cyrillic = /\p{Script=Cyrillic}/u;
  input('sender-name').addEventListener('input', () => {
    draft.senderName = input('sender-name').value;
    if (!draft.senderNameRuEdited) draft.senderNameRu = cyrillic.test(draft.senderName) ? draft.senderName : '';
    input('sender-name-ru').value = draft.senderNameRu;
    refreshSignSuggestions();
  });
  input('sender-city').addEventListener('input', () => {
    draft.senderCity = input('sender-city').value;
    if (!draft.senderCityRuEdited) draft.senderCityRu = cyrillic.test(draft.senderCity) ? draft.senderCity : '';
    input('sender-city-ru').value = draft.senderCityRu;
    refreshSignSuggestions();
  });
  input('sender-name-ru').addEventListener('input', () => {
    draft.senderNameRu = input('sender-name-ru').value;
    draft.senderNameRuEdited = draft.senderNameRu.trim() !== '';
  });
  input('sender-city-ru').addEventListener('input', () => {
    draft.senderCityRu = input('sender-city-ru').value;
    draft.senderCityRuEdited = draft.senderCityRu.trim() !== '';
  });
  $('sign-next').addEventListener('click', () => attempt(async () => {
    clearTimeout(signTimer);
    // A letter whose PDF the server already made for this very draft passed the same checks: straight to its preview.
    const checked = draft.kind === 'letter' && !suggestionsPending && madeAhead(draft);
    suggestionsPending = false;
    // A suggestion still on its way belongs to the sign screen just left: it no longer fills the fields or makes ahead.
    signGeneration++;
    if (checked) $('sign-problem').hidden = true;
    else if (!(await strictCompose('sign-problem'))) return;
    if (draft.kind === 'postcard') show('draw');
    else void goPreview();
  }));
  // The name and town wait for their Cyrillic suggestions (refreshSignSuggestions); the Cyrillic fields for the typing to settle.
  for (const id of ['sender-name-ru', 'sender-city-ru']) input(id).addEventListener('input', () => ahead(300));
  $('canvas').addEventListener('pointerup', () => ahead(300));
  $('canvas').addEventListener('keyup', () => ahead(300));
  for (const id of ['draw-undo', 'draw-clear']) $(id).addEventListener('click', () => ahead(300));
  for (const id of ['sign-next', 'draw-next']) {
    $(id).addEventListener('pointerdown', () => ahead(0));
    $(id).addEventListener('focus', () => ahead(0));
  }
  $('draw-next').addEventListener('click', () => {
    draft.image = drawingImage();
    goPreview();
  });
  $('preview-back').addEventListener('click', () => show('write'));
  for (const r of all('input[name="paper"]', HTMLInputElement)) {
    r.addEventListener('change', () => {
      draft.paper = r.value === 'a4' ? 'a4' : 'letter';
      refreshPreview();
    });
  }
  input('english-copy').addEventListener('change', () => {
    draft.englishCopy = input('english-copy').checked;
    refreshPreview();
  });
  button('print').addEventListener('click', async () => {
    button('print').disabled = true;
    $('preview-status').textContent = t('print.printing');
    const printed = await printPreview();
    button('print').disabled = false;
    if (!printed) {
      showError(() => button('print').click());
      return;
    }
    await attempt(async () => {
      await countPrinted();
      finish({ queued: false });
    });
  });
  $('send-printer').addEventListener('click', () => sendOnce(async () => {
    // The server counts what it prints itself, and refuses a letter still waiting for its translator.
    await api.post('/api/print', { ...pdfSpec(draft), needsTranslation: draft.needsTranslation });
    finish({ queued: false });
  }));
  $('queue').addEventListener('click', () => sendOnce(async () => {
    await api.post('/api/queue', { ...pdfSpec(draft), needsTranslation: draft.needsTranslation });
    finish({ queued: true });
  }));
  $('done-again').addEventListener('click', reset);
}

/**
 * GET that answers null for a 404 or 401: optional features (print queue, printer) that may not exist.
 * @param {string} url
 */
async function getOptional(url) {
  try {
    return await api.get(url);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 401)) return null;
    throw e;
  }
}

async function boot() {
  try {
    await loadStrings('/i18n');
    config = /** @type {KioskConfig} */ (await api.get('/api/kiosk/config'));
    capabilities = /** @type {PrintCapabilities | null} */ (await getOptional('/api/print/capabilities'));
  } catch (e) {
    console.warn('start failed', e instanceof ApiError ? e.status : '', e instanceof Error ? e.message : e);
    showError(boot);
    return;
  }
  hideError();
  setUiLanguage(config.uiLanguage);
  $('queue').hidden = !capabilities?.queue;
  $('send-printer').hidden = !capabilities?.printer;
  // A phone has no printer of its own: it queues for the organizers' printer.
  $('print').hidden = Boolean(capabilities?.phone);
  wirePeople(choosePerson);
  wireCompose();
  wireDrawing();
  wireFlow();
  // The start screen in another UI language than the default is also the last writer's trace.
  startIdleWatch({ seconds: config.idleSeconds, active: () => screen !== 'start' || language() !== config.uiLanguage, expire: reset });
  // A page restored from the back-forward cache would still hold the last writer's draft.
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) reset();
  });
  document.body.classList.add('is-ready');
  show('start');
}

wireErrorBanner();
boot();

// Kiosk flow: start → person → write → sign → (draw) → preview → print → done → reset.
// The draft lives only in memory. Screens change without history entries, and a reset reloads the page with
// location.replace, so neither Back nor a restored page can show a previous writer's text.
import { getJson, getOptional, onBusy, post, postJson } from './api.js';
import { emptyDraft, englishText, russianText } from './draft.js';
import { loadDictionaries, setUiLanguage, t, uiLanguage } from './i18n.js';
import { startIdleWatch } from './idle.js';
import { loadPeople, renderPeople, wirePeople } from './people.js';
import { composeTemplate, forgetCompose, openCompose, renderCompose, wireCompose } from './compose.js';
import { clearDrawing, drawingImage, wireDrawing } from './draw.js';
import { forgetPreview, makePreview, pdfSpec, printPreview, renderPreviewStatus } from './preview.js';
import { attempt, hideError, showBusy, showError, wireErrorBanner } from './ui.js';

const DONE_RESET_SECONDS = 30;
const STEP_OF = { person: 'person', write: 'write', sign: 'sign', draw: 'draw', preview: 'preview', done: 'print' };

let config = null;
let capabilities = null;
let draft = emptyDraft();
let screen = 'start';
let doneTimer = null;

const $ = (id) => document.getElementById(id);

function show(name) {
  screen = name;
  hideError();
  for (const s of document.querySelectorAll('[data-screen]')) s.hidden = s.dataset.screen !== name;
  $('start-over').hidden = name === 'start';
  document.body.classList.toggle('in-flow', name !== 'start');
  renderSteps();
  document.querySelector(`[data-screen="${name}"] h1`)?.focus();
  window.scrollTo(0, 0);
}

function renderSteps() {
  const nav = document.querySelector('.steps');
  nav.hidden = screen === 'start';
  const current = STEP_OF[screen];
  let n = 0;
  let passed = true;
  for (const li of nav.querySelectorAll('li')) {
    const step = li.dataset.step;
    li.hidden = step === 'draw' && draft.kind !== 'postcard';
    if (li.hidden) continue;
    li.querySelector('.step-n').textContent = String(++n);
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
  forgetPreview();
  forgetCompose();
  clearDrawing();
  draft = emptyDraft();
  for (const input of document.querySelectorAll('input[type="text"], input[type="search"], textarea')) input.value = '';
  for (const id of ['letter', 'letter-tail', 'hints', 'people', 'phrases']) $(id).replaceChildren();
  location.replace(location.pathname);
}

/** Each step's request and what follows it run together, so "try again" repeats the whole step. */
function choosePerson(p) {
  return attempt(async () => {
    draft.person = await getJson(`/api/prisoners/${p.id}`);
    await openCompose(draft, config);
    show('write');
  });
}

function startFlow(kind) {
  draft = emptyDraft();
  draft.kind = kind;
  draft.paper = config.paperSize === 'a4' ? 'a4' : 'letter';
  $('search').value = '';
  show('person');
  loadPeople('');
}

async function goPreview() {
  show('preview');
  $('preview-postcard-note').hidden = draft.kind !== 'postcard';
  $('english-copy-row').hidden = draft.kind !== 'letter';
  $('paper-choice').hidden = draft.kind !== 'letter';
  for (const r of document.querySelectorAll('input[name="paper"]')) r.checked = r.value === draft.paper;
  $('english-copy').checked = draft.englishCopy;
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
  return attempt(async () => {
    await composeTemplate();
    await makePreview(draft);
  });
}

function finish({ queued }) {
  show('done');
  $('done-queued').hidden = !queued;
  $('done-translate').hidden = !draft.needsTranslation || queued;
  $('done-envelope').hidden = draft.kind === 'postcard';
  let left = DONE_RESET_SECONDS;
  const tick = () => {
    $('done-countdown').textContent = t('done.resetIn', { seconds: left });
    if (left-- <= 0) reset();
    else doneTimer = setTimeout(tick, 1000);
  };
  tick();
}

function countPrinted() {
  const body = { prisonerId: draft.person.id, kind: draft.kind, language: 'ru' };
  if (draft.templateId) body.templateId = draft.templateId;
  return postJson('/api/printed', body);
}

/** Sends the letter with both send buttons disabled until the answer: a double tap prints or queues it once. */
async function sendOnce(action) {
  const buttons = [$('send-printer'), $('queue')];
  if (buttons.some((b) => b.disabled)) return;
  for (const b of buttons) b.disabled = true;
  try {
    await attempt(action);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

function wireFlow() {
  for (const b of document.querySelectorAll('.choice')) b.addEventListener('click', () => startFlow(b.dataset.kind));
  for (const b of document.querySelectorAll('[data-go]')) b.addEventListener('click', () => show(b.dataset.go));
  for (const b of document.querySelectorAll('.lang')) {
    b.addEventListener('click', () => {
      setUiLanguage(b.dataset.lang);
      renderSteps();
      if (screen === 'person') renderPeople();
      if (draft.person && screen === 'write') renderCompose();
      if (screen === 'preview') renderPreviewStatus();
    });
  }
  $('start-over').addEventListener('click', reset);
  $('write-next').addEventListener('click', () => attempt(async () => {
    const text = russianText(draft);
    // The server measures the card as the PDF lays it out: a message it would cut stops here.
    const tooLong = draft.kind === 'postcard' && text.trim()
      && (await postJson('/api/hints', { text, kind: 'postcard', uiLanguage: uiLanguage() })).hints.some((h) => h.type === 'length');
    const problem = !text.trim() ? 'compose.needText' : tooLong ? 'compose.tooLong' : null;
    $('write-problem').hidden = !problem;
    if (problem) {
      $('write-problem').textContent = t(problem);
      return;
    }
    $('return-address').textContent = config.returnAddress;
    $('sender-name').value = draft.senderName;
    $('sender-city').value = draft.senderCity;
    show('sign');
  }));
  $('sender-name').addEventListener('input', (e) => (draft.senderName = e.target.value));
  $('sender-city').addEventListener('input', (e) => (draft.senderCity = e.target.value));
  $('sign-next').addEventListener('click', () => (draft.kind === 'postcard' ? show('draw') : goPreview()));
  $('draw-next').addEventListener('click', () => {
    draft.image = drawingImage();
    goPreview();
  });
  $('preview-back').addEventListener('click', () => show('write'));
  for (const r of document.querySelectorAll('input[name="paper"]')) {
    r.addEventListener('change', () => {
      draft.paper = r.value;
      refreshPreview();
    });
  }
  $('english-copy').addEventListener('change', (e) => {
    draft.englishCopy = e.target.checked;
    refreshPreview();
  });
  $('print').addEventListener('click', async () => {
    $('print').disabled = true;
    $('preview-status').textContent = t('print.printing');
    const printed = await printPreview();
    $('print').disabled = false;
    if (!printed) {
      showError(() => $('print').click());
      return;
    }
    await attempt(async () => {
      await countPrinted();
      finish({ queued: false });
    });
  });
  $('send-printer').addEventListener('click', () => sendOnce(async () => {
    // The server counts what it prints itself, and refuses a letter still waiting for its translator.
    await post('/api/print', { ...pdfSpec(draft), needsTranslation: draft.needsTranslation });
    finish({ queued: false });
  }));
  $('queue').addEventListener('click', () => sendOnce(async () => {
    await post('/api/queue', { ...pdfSpec(draft), englishText: englishText(draft), needsTranslation: draft.needsTranslation });
    finish({ queued: true });
  }));
  $('done-again').addEventListener('click', reset);
}

async function boot() {
  try {
    await loadDictionaries();
    config = await getJson('/api/kiosk/config');
    capabilities = await getOptional('/api/print/capabilities');
  } catch (e) {
    console.warn('start failed', e?.status ?? '', e?.message ?? e);
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
  startIdleWatch({ seconds: config.idleSeconds, active: () => screen !== 'start' || uiLanguage() !== config.uiLanguage, expire: reset });
  // A page restored from the back-forward cache would still hold the last writer's draft.
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) reset();
  });
  document.body.classList.add('is-ready');
  show('start');
}

wireErrorBanner();
onBusy(showBusy);
boot();

// @ts-check
// The print-runs page: queue, runs (open, send to the printer, resume, print again), printer, phones, retention.
import { byId, el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { pager } from './paging.js';
import { api, conflictOf, explain, fieldErrorOf, fmtDay, say, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').PrintQueue} PrintQueue */
/** @typedef {import('../shared/api-types.js').QueueItem} QueueItem */
/** @typedef {import('../shared/api-types.js').PrintRun} PrintRun */
/** @typedef {import('../shared/api-types.js').SentRun} SentRun */
/** @typedef {import('../shared/api-types.js').RunJobs} RunJobs */
/** @typedef {import('../shared/api-types.js').Printers} Printers */
/** @typedef {import('../shared/api-types.js').PhoneQr} PhoneQr */

const input = (/** @type {string} */ id) => byId(id, HTMLInputElement);
const choice = (/** @type {string} */ id) => byId(id, HTMLSelectElement);
const submit = () => byId('make-run', HTMLButtonElement);

let cups = false;

/**
 * Runs an organizer's action with its control disabled until done; a refusal shows as a notice.
 * @param {HTMLButtonElement | HTMLInputElement} control
 * @param {() => Promise<void>} work
 */
async function act(control, work) {
  control.disabled = true;
  try {
    await work();
  } catch (e) {
    const err = fieldErrorOf(e);
    say(explain(err.message, err.field), 'bad');
  } finally {
    control.disabled = false;
  }
}

/**
 * A button that runs `work` through act().
 * @param {string} label
 * @param {(button: HTMLButtonElement) => Promise<void>} work
 * @param {string} [cls]
 */
function actionButton(label, work, cls) {
  const button = el('button', { type: 'button', class: cls }, label);
  button.addEventListener('click', () => act(button, () => work(button)));
  return button;
}

/** @param {QueueItem} item */
function queueRow(item) {
  const actions = el('div', { class: 'actions' });
  if (item.status === 'held') {
    actions.append(actionButton(t('printRuns.queueAgain'), async () => {
      await api.post(`/api/admin/print/queue/${item.id}/requeue`);
      say(t('printRuns.queuedAgain'));
      await refresh();
    }));
  }
  actions.append(actionButton(t('printRuns.discard'), async () => {
    if (!confirm(t('printRuns.discardConfirm', { id: item.id, name: item.latinName }))) return;
    await api.del(`/api/admin/print/queue/${item.id}`);
    say(t('printRuns.discarded'));
    await refresh();
  }, 'danger'));
  const status = el('td', {}, el('span', { class: `chip ${item.status}` }, t(`printRuns.status.${item.status}`)));
  if (item.printRunId && item.status === 'queued') status.append(' ', el('span', { class: 'small muted' }, t('printRuns.inRun', { id: item.printRunId })));
  if (item.heldReason) status.append(el('div', { class: 'reason' }, item.heldReason));
  return el('tr', { dataset: { id: String(item.id) } },
    el('td', {}, String(item.id)),
    el('td', {}, t(`printRuns.kind.${item.kind}`)),
    el('td', {}, el('span', { lang: 'ru', class: 'name-cyr' }, `${item.surname} ${item.givenName}`), el('div', { class: 'small muted' }, item.latinName)),
    status,
    el('td', { class: 'small' }, fmtDay(item.createdAt)),
    el('td', { class: 'small' }, fmtDay(item.expiresAt)),
    el('td', {}, actions));
}

/** The queue items loaded so far (oldest first), page by page. */
/** @type {QueueItem[]} */
let loaded = [];
/** @type {PrintQueue | null} */
let latest = null;
const moreQueue = pager(async (cursor) => {
  const page = /** @type {PrintQueue} */ (await api.get(`/api/admin/print/queue?cursor=${encodeURIComponent(cursor ?? '')}`));
  return { rows: page.items, next: page.next };
}, (rows) => {
  loaded.push(...rows);
  byId('queue-rows').append(...rows.map(queueRow));
  if (latest) renderRunButton(latest);
});

/** @param {PrintQueue} data */
function renderRunButton(data) {
  const free = loaded.filter((i) => i.status === 'queued' && (!i.printRunId || data.runs.find((r) => r.id === i.printRunId)?.status === 'printed')).length;
  // Items on pages not loaded yet go into the run too; they are counted as queued.
  const notLoaded = Math.max(0, data.counts.queued - loaded.filter((i) => i.status === 'queued').length);
  const total = free + notLoaded;
  submit().disabled = total === 0;
  submit().textContent = total ? t('printRuns.makeRun', { count: total }) : t('printRuns.nothingToRun');
}

/** @param {PrintQueue} data */
function renderQueue(data) {
  latest = data;
  loaded = [...data.items];
  const c = data.counts;
  byId('queue-counts').replaceChildren(
    el('span', { class: 'chip' }, t('printRuns.countQueued', { n: c.queued })),
    el('span', { class: 'chip waiting-translation' }, t('printRuns.countWaiting', { n: c['waiting-translation'] })),
    el('span', { class: 'chip held' }, t('printRuns.countHeld', { n: c.held })));
  byId('queue-rows').replaceChildren(...data.items.map(queueRow));
  byId('queue-table').hidden = data.items.length === 0;
  byId('queue-empty').hidden = data.items.length > 0;
  if (!moreQueue.button.isConnected) byId('queue-table').after(moreQueue.button);
  moreQueue.startAfter(data.next);
  renderRunButton(data);
}

/**
 * @param {PrintRun} run
 * @param {boolean} again a second print of a printed run
 */
async function sendRun(run, again) {
  try {
    const done = /** @type {SentRun} */ (await api.post(`/api/admin/print/runs/${run.id}/send`, again ? { again: true } : {}));
    say(t('printRuns.sent', { id: done.id, printer: done.printer, job: done.jobId }));
  } finally {
    await refresh();
  }
}

/** @param {PrintRun} run */
function runCard(run) {
  const letters = run.manifest.reduce((n, r) => n + r.letters, 0);
  const postcards = run.manifest.reduce((n, r) => n + r.postcards, 0);
  const printed = run.status === 'printed';
  const actions = el('div', { class: 'actions' });
  if (!printed) {
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf`, target: '_blank', rel: 'noopener' }, t('printRuns.openPdf')));
    if (cups) {
      const label = run.status === 'interrupted' ? t('printRuns.resume') : t('printRuns.sendToPrinter');
      actions.append(actionButton(label, () => sendRun(run, false), 'primary'));
    }
    actions.append(actionButton(t('printRuns.markPrinted'), async () => {
      if (!confirm(t('printRuns.markPrintedConfirm', { id: run.id }))) return;
      await api.post(`/api/admin/print/runs/${run.id}/mark-printed`, {});
      say(t('printRuns.markedPrinted', { id: run.id }));
      await refresh();
    }));
  } else if (run.reprintable) {
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf?again=true`, target: '_blank', rel: 'noopener', onclick: (ev) => {
      if (!confirm(t('printRuns.openAgainConfirm', { id: run.id }))) ev.preventDefault();
    } }, t('printRuns.openPdfAgain')));
    if (cups) {
      actions.append(actionButton(t('printRuns.printAgain'), async () => {
        if (confirm(t('printRuns.printAgainConfirm', { id: run.id }))) await sendRun(run, true);
      }));
    }
  }
  actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/manifest.csv` }, t('printRuns.manifest')));
  // A relay's letters are not on paper: its bundle is downloaded before the run is marked printed.
  if (!printed) {
    for (const p of run.parts.filter((x) => x.section === 'relay' && x.items > 0)) {
      actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/relay.zip?route=${p.routeId}`, dataset: { relay: String(p.routeId) } },
        t('printRuns.relayZip', { name: p.routeName ?? '' })));
    }
  }
  if (run.printer && run.jobId) {
    const jobs = el('span', { class: 'small muted' });
    actions.append(actionButton(t('printRuns.jobStatus'), async () => {
      const { jobs: list } = /** @type {RunJobs} */ (await api.get(`/api/admin/print/runs/${run.id}/jobs`));
      jobs.textContent = list.map((j) => `${t(`printRuns.section.${j.section}`)}: ${j.state}`).join(' · ');
    }), jobs);
  }
  const contents = t('printRuns.contents', {
    letters: t('printRuns.letters', { count: letters }),
    postcards: t('printRuns.postcards', { count: postcards }),
    people: t('printRuns.forPeople', { count: run.manifest.length }),
  });
  return el('article', { class: 'run', dataset: { run: String(run.id), status: run.status } },
    el('header', {},
      el('h3', {}, t('printRuns.run', { id: run.id })),
      el('span', { class: `chip ${run.status}` }, t(`printRuns.runStatus.${run.status}`)),
      el('span', { class: 'small muted' }, `${fmtDay(run.createdAt)} · ${run.paper === 'a4' ? 'A4' : 'US Letter'} · ${t('printRuns.pages', { count: run.pages })}`)),
    el('p', { class: 'small' }, contents),
    el('div', { class: 'parts' }, run.parts.map((p) => el('span', { class: `chip ${p.sent ? 'printed' : ''}` },
      p.section === 'relay' ? t('printRuns.relayPart', { name: p.routeName ?? '', count: p.items }) : t(p.sent ? 'printRuns.partSent' : 'printRuns.part', {
        section: p.routeName ? `${t(`printRuns.section.${p.section}`)} (${p.routeName})` : t(`printRuns.section.${p.section}`),
        pages: p.pages,
        sides: p.duplex ? t('printRuns.doubleSided') : t('printRuns.oneSided'),
        media: p.media,
      })))),
    run.error ? el('p', { class: 'notice bad small' }, run.error) : null,
    printed && run.printer ? el('p', { class: 'small muted' }, t('printRuns.sentAt', { printer: run.printer, when: fmtDay(run.sentAt) })) : null,
    actions);
}

async function refresh() {
  const data = /** @type {PrintQueue} */ (await api.get('/api/admin/print/queue'));
  renderQueue(data);
  byId('runs').replaceChildren(...data.runs.map(runCard));
  byId('runs-empty').hidden = data.runs.length > 0;
}

async function loadPrinters() {
  const p = /** @type {Printers} */ (await api.get('/api/admin/print/printers'));
  cups = p.cups && p.printers.length > 0;
  byId('printer-cups').hidden = !cups;
  byId('printer-none').hidden = p.cups;
  byId('printer-error').hidden = !p.error && !(p.cups && !p.printers.length);
  byId('printer-error').textContent = p.error ?? t('printRuns.noPrinters');
  const chosen = p.defaultPrinter ?? p.systemDefault;
  choice('printer-select').replaceChildren(...p.printers.map((pr) => el('option', { value: pr.name, selected: pr.name === chosen },
    `${pr.name} (${pr.state})${pr.name === p.systemDefault ? t('printRuns.systemDefault') : ''}`)));
  byId('printer-state').textContent = p.printers.find((pr) => pr.name === chosen)?.description ?? '';
}

async function loadPhones() {
  const q = /** @type {PhoneQr} */ (await api.get('/api/admin/phone-qr'));
  input('phones-allowed').checked = q.phonesAllowed;
  byId('phones-host').hidden = q.listensOnLan;
  byId('phones-noaddress').hidden = Boolean(q.url);
  byId('phones-qr').hidden = !q.url || !q.phonesAllowed;
  if (q.url && q.qr) {
    byId('qr-image', HTMLImageElement).src = q.qr;
    byId('qr-url').textContent = q.url;
  }
}

/** @param {number} hours */
function showRetention(hours) {
  input('retention').value = String(hours);
  byId('intro').textContent = t('printRuns.intro', { count: hours });
}

/** The settings version this page last saw; each print setting saved names it. */
let settingsVersion = 1;

/**
 * Saves print settings from the version this page saw. One another organizer changed since is refused: the page
 * then shows it as stored now and says so, and the organizer decides again.
 * @param {{ defaultPrinter?: string | null, phonesAllowed?: boolean, printRetentionHours?: number, replyLine?: boolean, replyKit?: boolean }} changes
 * @returns {Promise<boolean>} whether it was saved
 */
async function savePrintSettings(changes) {
  try {
    settingsVersion = /** @type {{ version: number }} */ (await api.put('/api/admin/print/settings', { ...changes, version: settingsVersion })).version;
    return true;
  } catch (e) {
    const conflict = conflictOf(e);
    if (!conflict) throw e;
    settingsVersion = conflict.current.version;
    showRetention(Number(conflict.current.printRetentionHours));
    input('phones-allowed').checked = conflict.current.phonesAllowed === true;
    input('reply-line').checked = conflict.current.replyLine === true;
    input('reply-kit').checked = conflict.current.replyKit === true;
    await Promise.all([loadPrinters(), loadPhones()]);
    say(t('conflict.printSettings'), 'bad');
    return false;
  }
}

function wire() {
  choice('run-addressing').addEventListener('change', () => (byId('envelope-size-label').hidden = choice('run-addressing').value !== 'envelope'));
  byId('new-run', HTMLFormElement).addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(submit(), async () => {
      const body = { paper: choice('run-paper').value, addressing: choice('run-addressing').value, envelopeSize: choice('run-envelope').value };
      const run = /** @type {PrintRun} */ (await api.post('/api/admin/print/runs', body));
      say(t('printRuns.ready', { id: run.id, pages: t('printRuns.pages', { count: run.pages }) }));
      await refresh();
    });
  });
  const savePrinter = byId('printer-save', HTMLButtonElement);
  savePrinter.addEventListener('click', () => act(savePrinter, async () => {
    if (!(await savePrintSettings({ defaultPrinter: choice('printer-select').value || null }))) return;
    say(t('printRuns.printerSaved'));
    await loadPrinters();
  }));
  const phones = input('phones-allowed');
  phones.addEventListener('change', () => act(phones, async () => {
    if (!(await savePrintSettings({ phonesAllowed: phones.checked }))) return;
    say(phones.checked ? t('printRuns.phonesOn') : t('printRuns.phonesOff'));
    await loadPhones();
  }));
  for (const [id, key] of /** @type {const} */ ([['reply-line', 'replyLine'], ['reply-kit', 'replyKit']])) {
    const box = input(id);
    box.addEventListener('change', () => act(box, async () => {
      if (await savePrintSettings({ [key]: box.checked })) say(t('printRuns.replySaved'));
    }));
  }
  const saveRetention = byId('retention-save', HTMLButtonElement);
  saveRetention.addEventListener('click', () => act(saveRetention, async () => {
    const hours = Number(input('retention').value);
    if (!(await savePrintSettings({ printRetentionHours: hours }))) return;
    showRetention(hours);
    say(t('printRuns.retentionSaved', { count: hours }));
  }));
}

startPage('print-runs', async (_main, { settings }) => {
  wire();
  settingsVersion = settings?.version ?? 1;
  showRetention(settings?.printRetentionHours ?? 12);
  if (settings) {
    choice('run-paper').value = settings.paperSize;
    input('reply-line').checked = /** @type {{ replyLine?: boolean }} */ (settings).replyLine === true;
    input('reply-kit').checked = /** @type {{ replyKit?: boolean }} */ (settings).replyKit === true;
    choice('run-envelope').value = settings.paperSize === 'a4' ? 'DL' : 'US10';
  }
  await loadPrinters().catch((e) => {
    const err = fieldErrorOf(e);
    say(explain(err.message, err.field), 'bad');
  });
  await Promise.all([loadPhones(), refresh()]);
});

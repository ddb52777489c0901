// The print-runs page: queue, runs (download, send to the printer, resume, print again), printer, phones, retention.
import { $, api, el, say, session, showWho, when } from './print-api.js';

const KIND = { letter: 'Letter', postcard: 'Postcard' };
const STATUS = { queued: 'queued', held: 'held', 'waiting-translation': 'waiting for translation', printed: 'printed' };
const RUN_STATUS = { ready: 'ready to print', sending: 'sending…', interrupted: 'interrupted — resume', printed: 'printed' };
const SECTION = { sheets: 'Letters and postcards', envelopes: 'Envelopes', labels: 'Labels' };

let cups = false;

async function act(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (e) {
    say(e.message, 'bad');
  } finally {
    button.disabled = false;
  }
}

function queueRow(item) {
  const actions = el('div', { class: 'actions' });
  if (item.status === 'held') {
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      await api('POST', `/api/admin/print/queue/${item.id}/requeue`);
      say('Queued again.');
      await refresh();
    }) }, 'Queue again'));
  }
  actions.append(el('button', { type: 'button', class: 'danger', onclick: (ev) => act(ev.currentTarget, async () => {
    if (!confirm(`Discard item ${item.id} for ${item.latinName}? Its content is deleted now.`)) return;
    await api('DELETE', `/api/admin/print/queue/${item.id}`);
    say('Discarded.');
    await refresh();
  }) }, 'Discard'));
  const status = el('td', {}, el('span', { class: `chip ${item.status}` }, STATUS[item.status]));
  if (item.printRunId && item.status === 'queued') status.append(' ', el('span', { class: 'small muted' }, `in run ${item.printRunId}`));
  if (item.heldReason) status.append(el('div', { class: 'reason' }, item.heldReason));
  return el('tr', { dataset: { id: String(item.id) } },
    el('td', {}, String(item.id)),
    el('td', {}, KIND[item.kind]),
    el('td', {}, el('span', { lang: 'ru' }, `${item.surname} ${item.givenName}`), el('div', { class: 'small muted' }, item.latinName)),
    status,
    el('td', { class: 'small' }, when(item.createdAt)),
    el('td', { class: 'small' }, when(item.expiresAt)),
    el('td', {}, actions));
}

function renderQueue(data) {
  const c = data.counts;
  $('queue-counts').replaceChildren(
    el('span', { class: 'chip' }, `${c.queued} queued`),
    el('span', { class: 'chip waiting-translation' }, `${c['waiting-translation']} waiting for translation`),
    el('span', { class: 'chip held' }, `${c.held} held`));
  $('queue-rows').replaceChildren(...data.items.map(queueRow));
  $('queue-table').hidden = data.items.length === 0;
  $('queue-empty').hidden = data.items.length > 0;
  const free = data.items.filter((i) => i.status === 'queued' && (!i.printRunId || data.runs.find((r) => r.id === i.printRunId)?.status === 'printed')).length;
  $('make-run').disabled = free === 0;
  $('make-run').textContent = free ? `Make a run of ${free} queued item${free === 1 ? '' : 's'}` : 'Nothing to put in a run';
}

async function sendRun(run, again, button) {
  await act(button, async () => {
    try {
      const done = await api('POST', `/api/admin/print/runs/${run.id}/send`, again ? { again: true } : {});
      say(`Run ${done.id} sent to ${done.printer} (job ${done.jobId}).`);
    } finally {
      await refresh();
    }
  });
}

function runCard(run) {
  const letters = run.manifest.reduce((n, r) => n + r.letters, 0);
  const postcards = run.manifest.reduce((n, r) => n + r.postcards, 0);
  const people = run.manifest.length;
  const printed = run.status === 'printed';
  const actions = el('div', { class: 'actions' });
  if (!printed) {
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf`, target: '_blank', rel: 'noopener' }, 'Open PDF'));
    if (cups) {
      const label = run.status === 'interrupted' ? 'Resume printing' : 'Send to printer';
      actions.append(el('button', { type: 'button', class: 'primary', onclick: (ev) => sendRun(run, false, ev.currentTarget) }, label));
    }
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      if (!confirm(`Mark run ${run.id} as printed? Its letters' content is deleted.`)) return;
      await api('POST', `/api/admin/print/runs/${run.id}/mark-printed`, {});
      say(`Run ${run.id} marked printed.`);
      await refresh();
    }) }, 'Mark printed'));
  } else if (run.reprintable) {
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf?again=true`, target: '_blank', rel: 'noopener', onclick: (ev) => {
      if (!confirm(`Run ${run.id} was printed already. Open it to print a second time?`)) ev.preventDefault();
    } }, 'Open PDF again'));
    if (cups) {
      actions.append(el('button', { type: 'button', onclick: (ev) => {
        if (confirm(`Run ${run.id} was printed already. Print it a second time?`)) sendRun(run, true, ev.currentTarget);
      } }, 'Print again'));
    }
  }
  actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/manifest.csv` }, 'Manifest CSV'));
  if (run.printer && run.jobId) {
    const jobs = el('span', { class: 'small muted' });
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      const { jobs: list } = await api('GET', `/api/admin/print/runs/${run.id}/jobs`);
      jobs.textContent = list.map((j) => `${SECTION[j.section]}: ${j.state}`).join(' · ');
    }) }, 'Job status'), jobs);
  }
  return el('article', { class: 'run', dataset: { run: String(run.id), status: run.status } },
    el('header', {},
      el('h3', {}, `Run ${run.id}`),
      el('span', { class: `chip ${run.status}` }, RUN_STATUS[run.status]),
      el('span', { class: 'small muted' }, `${when(run.createdAt)} · ${run.paper === 'a4' ? 'A4' : 'US Letter'} · ${run.pages} pages`)),
    el('p', { class: 'small' }, `${letters} letter${letters === 1 ? '' : 's'} and ${postcards} postcard${postcards === 1 ? '' : 's'} for ${people} ${people === 1 ? 'person' : 'people'}.`),
    el('div', { class: 'parts' }, run.parts.map((p) => el('span', { class: `chip ${p.sent ? 'printed' : ''}` },
      `${SECTION[p.section]}: ${p.pages} p., ${p.duplex ? 'double-sided' : 'one-sided'}, ${p.media}${p.sent ? ' — sent' : ''}`))),
    run.error ? el('p', { class: 'notice bad error small' }, run.error) : null,
    printed && run.printer ? el('p', { class: 'small muted' }, `Sent to ${run.printer} ${when(run.sentAt)}.`) : null,
    actions);
}

function renderRuns(runs) {
  $('runs').replaceChildren(...runs.map(runCard));
  $('runs-empty').hidden = runs.length > 0;
}

async function refresh() {
  const data = await api('GET', '/api/admin/print/queue');
  renderQueue(data);
  renderRuns(data.runs);
}

async function loadPrinters() {
  const p = await api('GET', '/api/admin/print/printers');
  cups = p.cups && p.printers.length > 0;
  $('printer-cups').hidden = !cups;
  $('printer-none').hidden = p.cups;
  $('printer-error').hidden = !p.error && !(p.cups && !p.printers.length);
  $('printer-error').textContent = p.error ?? 'CUPS has no printers. Add one in the system settings (or with lpadmin) and reload.';
  const chosen = p.defaultPrinter ?? p.systemDefault;
  $('printer-select').replaceChildren(...p.printers.map((pr) => el('option', { value: pr.name, selected: pr.name === chosen }, `${pr.name} (${pr.state})${pr.name === p.systemDefault ? ' — system default' : ''}`)));
  const current = p.printers.find((pr) => pr.name === chosen);
  $('printer-state').textContent = current ? current.description : '';
}

async function loadPhones() {
  const q = await api('GET', '/api/admin/phone-qr');
  $('phones-allowed').checked = q.phonesAllowed;
  $('phones-host').hidden = q.listensOnLan;
  $('phones-noaddress').hidden = Boolean(q.url);
  $('phones-qr').hidden = !q.url || !q.phonesAllowed;
  if (q.url) {
    $('qr-image').src = q.qr;
    $('qr-url').textContent = q.url;
  }
}

async function loadSettings() {
  const s = await api('GET', '/api/admin/settings');
  $('retention').value = s.printRetentionHours;
  $('retention-shown').textContent = s.printRetentionHours;
  $('run-paper').value = s.paperSize;
  $('run-envelope').value = s.paperSize === 'a4' ? 'DL' : 'US10';
}

function wire() {
  $('run-addressing').addEventListener('change', () => ($('envelope-size-label').hidden = $('run-addressing').value !== 'envelope'));
  $('new-run').addEventListener('submit', (ev) => {
    ev.preventDefault();
    act($('make-run'), async () => {
      const run = await api('POST', '/api/admin/print/runs', { paper: $('run-paper').value, addressing: $('run-addressing').value, envelopeSize: $('run-envelope').value });
      say(`Run ${run.id} is ready: ${run.pages} pages.`);
      await refresh();
    });
  });
  $('printer-save').addEventListener('click', (ev) => act(ev.currentTarget, async () => {
    await api('PUT', '/api/admin/print/settings', { defaultPrinter: $('printer-select').value || null });
    say('Printer saved.');
    await loadPrinters();
  }));
  $('phones-allowed').addEventListener('change', () => {
    const box = $('phones-allowed');
    act(box, async () => {
      await api('PUT', '/api/admin/print/settings', { phonesAllowed: box.checked });
      say(box.checked ? 'Phones are let in.' : 'Phones are switched off.');
      await loadPhones();
    });
  });
  $('retention-save').addEventListener('click', (ev) => act(ev.currentTarget, async () => {
    const hours = Number($('retention').value);
    await api('PUT', '/api/admin/print/settings', { printRetentionHours: hours });
    $('retention-shown').textContent = String(hours);
    say(`Unprinted content is now deleted after ${hours} hours.`);
  }));
}

async function boot() {
  wire();
  const s = await session();
  showWho(s);
  await loadPrinters().catch((e) => say(e.message, 'bad'));
  await Promise.all([loadSettings(), loadPhones(), refresh()]).catch((e) => say(e.message, 'bad'));
  document.body.dataset.ready = 'true';
}

boot();

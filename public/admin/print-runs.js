// The print-runs page: queue, runs (open, send to the printer, resume, print again), printer, phones, retention.
import { $, api, el, explain, say, startPage } from './shell.js';
import { applyLanguage, count, L, when } from './print-i18n.js';

const KIND = () => ({ letter: L('Letter', 'Письмо'), postcard: L('Postcard', 'Открытка') });
const STATUS = () => ({ queued: L('queued', 'в очереди'), held: L('held', 'задержано'), 'waiting-translation': L('waiting for translation', 'ждёт перевода'), printed: L('printed', 'напечатано') });
const RUN_STATUS = () => ({ ready: L('ready to print', 'готова к печати'), sending: L('sending…', 'отправляется…'), interrupted: L('interrupted — resume', 'прервана — продолжите'), printed: L('printed', 'напечатана') });
const SECTION = () => ({ sheets: L('Letters and postcards', 'Письма и открытки'), envelopes: L('Envelopes', 'Конверты'), labels: L('Labels', 'Наклейки') });
const LETTERS = [['letter', 'letters'], ['письмо', 'письма', 'писем']];
const POSTCARDS = [['postcard', 'postcards'], ['открытка', 'открытки', 'открыток']];

let cups = false;

async function act(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (e) {
    say(explain(e.message, e.field), 'bad');
  } finally {
    button.disabled = false;
  }
}

function queueRow(item) {
  const actions = el('div', { class: 'actions' });
  if (item.status === 'held') {
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      await api.post(`/api/admin/print/queue/${item.id}/requeue`);
      say(L('Queued again.', 'Снова в очереди.'));
      await refresh();
    }) }, L('Queue again', 'В очередь')));
  }
  actions.append(el('button', { type: 'button', class: 'danger', onclick: (ev) => act(ev.currentTarget, async () => {
    if (!confirm(L(`Discard item ${item.id} for ${item.latinName}? Its content is deleted now.`, `Удалить №${item.id} для ${item.latinName}? Текст будет удалён сразу.`))) return;
    await api.del(`/api/admin/print/queue/${item.id}`);
    say(L('Discarded.', 'Удалено.'));
    await refresh();
  }) }, L('Discard', 'Удалить')));
  const status = el('td', {}, el('span', { class: `chip ${item.status}` }, STATUS()[item.status]));
  if (item.printRunId && item.status === 'queued') status.append(' ', el('span', { class: 'small muted' }, L(`in run ${item.printRunId}`, `в партии ${item.printRunId}`)));
  if (item.heldReason) status.append(el('div', { class: 'reason' }, item.heldReason));
  return el('tr', { dataset: { id: String(item.id) } },
    el('td', {}, String(item.id)),
    el('td', {}, KIND()[item.kind]),
    el('td', {}, el('span', { lang: 'ru', class: 'name-cyr' }, `${item.surname} ${item.givenName}`), el('div', { class: 'small muted' }, item.latinName)),
    status,
    el('td', { class: 'small' }, when(item.createdAt)),
    el('td', { class: 'small' }, when(item.expiresAt)),
    el('td', {}, actions));
}

function renderQueue(data) {
  const c = data.counts;
  $('#queue-counts').replaceChildren(
    el('span', { class: 'chip' }, L(`${c.queued} queued`, `в очереди: ${c.queued}`)),
    el('span', { class: 'chip waiting-translation' }, L(`${c['waiting-translation']} waiting for translation`, `ждут перевода: ${c['waiting-translation']}`)),
    el('span', { class: 'chip held' }, L(`${c.held} held`, `задержано: ${c.held}`)));
  $('#queue-rows').replaceChildren(...data.items.map(queueRow));
  $('#queue-table').hidden = data.items.length === 0;
  $('#queue-empty').hidden = data.items.length > 0;
  const free = data.items.filter((i) => i.status === 'queued' && (!i.printRunId || data.runs.find((r) => r.id === i.printRunId)?.status === 'printed')).length;
  $('#make-run').disabled = free === 0;
  $('#make-run').textContent = free
    ? L(`Make a run of ${free} queued item${free === 1 ? '' : 's'}`, `Собрать партию (${free})`)
    : L('Nothing to put in a run', 'Нечего собирать');
}

async function sendRun(run, again, button) {
  await act(button, async () => {
    try {
      const done = await api.post(`/api/admin/print/runs/${run.id}/send`, again ? { again: true } : {});
      say(L(`Run ${done.id} sent to ${done.printer} (job ${done.jobId}).`, `Партия ${done.id} отправлена на ${done.printer} (задание ${done.jobId}).`));
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
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf`, target: '_blank', rel: 'noopener' }, L('Open PDF', 'Открыть PDF')));
    if (cups) {
      const label = run.status === 'interrupted' ? L('Resume printing', 'Продолжить печать') : L('Send to printer', 'На принтер');
      actions.append(el('button', { type: 'button', class: 'primary', onclick: (ev) => sendRun(run, false, ev.currentTarget) }, label));
    }
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      if (!confirm(L(`Mark run ${run.id} as printed? Its letters' content is deleted.`, `Отметить партию ${run.id} напечатанной? Тексты писем будут удалены.`))) return;
      await api.post(`/api/admin/print/runs/${run.id}/mark-printed`, {});
      say(L(`Run ${run.id} marked printed.`, `Партия ${run.id} отмечена напечатанной.`));
      await refresh();
    }) }, L('Mark printed', 'Напечатано')));
  } else if (run.reprintable) {
    actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/pdf?again=true`, target: '_blank', rel: 'noopener', onclick: (ev) => {
      if (!confirm(L(`Run ${run.id} was printed already. Open it to print a second time?`, `Партия ${run.id} уже напечатана. Открыть, чтобы напечатать ещё раз?`))) ev.preventDefault();
    } }, L('Open PDF again', 'Открыть PDF ещё раз')));
    if (cups) {
      actions.append(el('button', { type: 'button', onclick: (ev) => {
        if (confirm(L(`Run ${run.id} was printed already. Print it a second time?`, `Партия ${run.id} уже напечатана. Напечатать ещё раз?`))) sendRun(run, true, ev.currentTarget);
      } }, L('Print again', 'Напечатать ещё раз')));
    }
  }
  actions.append(el('a', { class: 'button', href: `/api/admin/print/runs/${run.id}/manifest.csv` }, L('Manifest CSV', 'Опись (CSV)')));
  if (run.printer && run.jobId) {
    const jobs = el('span', { class: 'small muted' });
    actions.append(el('button', { type: 'button', onclick: (ev) => act(ev.currentTarget, async () => {
      const { jobs: list } = await api.get(`/api/admin/print/runs/${run.id}/jobs`);
      jobs.textContent = list.map((j) => `${SECTION()[j.section]}: ${j.state}`).join(' · ');
    }) }, L('Job status', 'Состояние заданий')), jobs);
  }
  const who = L(`for ${people} ${people === 1 ? 'person' : 'people'}`, `для ${people} чел`);
  return el('article', { class: 'run', dataset: { run: String(run.id), status: run.status } },
    el('header', {},
      el('h3', {}, L(`Run ${run.id}`, `Партия ${run.id}`)),
      el('span', { class: `chip ${run.status}` }, RUN_STATUS()[run.status]),
      el('span', { class: 'small muted' }, `${when(run.createdAt)} · ${run.paper === 'a4' ? 'A4' : 'US Letter'} · ${count(run.pages, ['page', 'pages'], ['страница', 'страницы', 'страниц'])}`)),
    el('p', { class: 'small' }, `${count(letters, ...LETTERS)} ${L('and', 'и')} ${count(postcards, ...POSTCARDS)} ${who}.`),
    el('div', { class: 'parts' }, run.parts.map((p) => el('span', { class: `chip ${p.sent ? 'printed' : ''}` },
      `${SECTION()[p.section]}: ${p.pages} ${L('p.', 'с.')}, ${p.duplex ? L('double-sided', 'двусторонняя') : L('one-sided', 'односторонняя')}, ${p.media}${p.sent ? L(' — sent', ' — отправлено') : ''}`))),
    run.error ? el('p', { class: 'notice bad small' }, run.error) : null,
    printed && run.printer ? el('p', { class: 'small muted' }, L(`Sent to ${run.printer} ${when(run.sentAt)}.`, `Отправлено на ${run.printer}: ${when(run.sentAt)}.`)) : null,
    actions);
}

async function refresh() {
  const data = await api.get('/api/admin/print/queue');
  renderQueue(data);
  $('#runs').replaceChildren(...data.runs.map(runCard));
  $('#runs-empty').hidden = data.runs.length > 0;
}

async function loadPrinters() {
  const p = await api.get('/api/admin/print/printers');
  cups = p.cups && p.printers.length > 0;
  $('#printer-cups').hidden = !cups;
  $('#printer-none').hidden = p.cups;
  $('#printer-error').hidden = !p.error && !(p.cups && !p.printers.length);
  $('#printer-error').textContent = p.error ?? L('CUPS has no printers. Add one in the system settings (or with lpadmin) and reload.', 'В CUPS нет принтеров. Добавьте принтер в настройках системы (или через lpadmin) и обновите страницу.');
  const chosen = p.defaultPrinter ?? p.systemDefault;
  $('#printer-select').replaceChildren(...p.printers.map((pr) => el('option', { value: pr.name, selected: pr.name === chosen }, `${pr.name} (${pr.state})${pr.name === p.systemDefault ? L(' — system default', ' — по умолчанию в системе') : ''}`)));
  $('#printer-state').textContent = p.printers.find((pr) => pr.name === chosen)?.description ?? '';
}

async function loadPhones() {
  const q = await api.get('/api/admin/phone-qr');
  $('#phones-allowed').checked = q.phonesAllowed;
  $('#phones-host').hidden = q.listensOnLan;
  $('#phones-noaddress').hidden = Boolean(q.url);
  $('#phones-qr').hidden = !q.url || !q.phonesAllowed;
  if (q.url) {
    $('#qr-image').src = q.qr;
    $('#qr-url').textContent = q.url;
  }
}

function showRetention(hours) {
  $('#retention').value = hours;
  $('#intro').textContent = L(
    `Letters and postcards added to the queue at the kiosk and on phones wait here. A run prints them together as one PDF: a cover sheet with the manifest, each letter on its own sheets, postcards four to a sheet with crop marks, then an envelope or label for every letter. Queued content is deleted as soon as it is printed, and unprinted content after ${hours} hours.`,
    `Здесь ждут письма и открытки, добавленные в очередь на киоске и с телефонов. Партия печатает их одним PDF: титульный лист с описью, каждое письмо на своих листах, открытки по четыре на листе с метками реза, затем конверт или наклейка для каждого письма. Текст удаляется сразу после печати, а ненапечатанный — через ${hours} ч.`);
}

function wire() {
  $('#run-addressing').addEventListener('change', () => ($('#envelope-size-label').hidden = $('#run-addressing').value !== 'envelope'));
  $('#new-run').addEventListener('submit', (ev) => {
    ev.preventDefault();
    act($('#make-run'), async () => {
      const run = await api.post('/api/admin/print/runs', { paper: $('#run-paper').value, addressing: $('#run-addressing').value, envelopeSize: $('#run-envelope').value });
      say(L(`Run ${run.id} is ready: ${run.pages} pages.`, `Партия ${run.id} готова: ${count(run.pages, [], ['страница', 'страницы', 'страниц'])}.`));
      await refresh();
    });
  });
  $('#printer-save').addEventListener('click', (ev) => act(ev.currentTarget, async () => {
    await api.put('/api/admin/print/settings', { defaultPrinter: $('#printer-select').value || null });
    say(L('Printer saved.', 'Принтер сохранён.'));
    await loadPrinters();
  }));
  $('#phones-allowed').addEventListener('change', () => {
    const box = $('#phones-allowed');
    act(box, async () => {
      await api.put('/api/admin/print/settings', { phonesAllowed: box.checked });
      say(box.checked ? L('Phones are let in.', 'Телефоны пускаются.') : L('Phones are switched off.', 'Телефоны отключены.'));
      await loadPhones();
    });
  });
  $('#retention-save').addEventListener('click', (ev) => act(ev.currentTarget, async () => {
    const hours = Number($('#retention').value);
    await api.put('/api/admin/print/settings', { printRetentionHours: hours });
    showRetention(hours);
    say(L(`Unprinted content is now deleted after ${hours} hours.`, `Ненапечатанное теперь удаляется через ${hours} ч.`));
  }));
}

startPage('print-runs', async (_main, { settings }) => {
  document.title = `${L('Print runs', 'Печать')} · Volya`;
  applyLanguage();
  wire();
  showRetention(settings?.printRetentionHours ?? 12);
  if (settings) {
    $('#run-paper').value = settings.paperSize;
    $('#run-envelope').value = settings.paperSize === 'a4' ? 'DL' : 'US10';
  }
  await loadPrinters().catch((e) => say(explain(e.message, e.field), 'bad'));
  await Promise.all([loadPhones(), refresh()]);
});

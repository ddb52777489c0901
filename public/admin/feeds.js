// @ts-check
// List feeds: publish this chapter's list as a signed file (key pair, what it includes, download, serving), the
// publishers this chapter takes feeds from (added by public key, fingerprint shown), and taking a feed in: a file
// or a local address, the changes reviewed (withdrawals and releases first), then applied all at once.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { staleNotice } from './feed-warning.js';
import { api, clearErrors, explain, field, fieldErrorOf, fmtDate, pageHead, say, select, showError, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').FeedStatus} FeedStatus */
/** @typedef {import('../shared/api-types.js').FeedPublisher} FeedPublisher */
/** @typedef {import('../shared/api-types.js').FeedSharing} FeedSharing */
/** @typedef {import('../shared/api-types.js').FeedPreview} FeedPreview */
/** @typedef {import('../shared/api-types.js').FeedApplied} FeedApplied */
/** @typedef {import('../shared/api-types.js').FeedPersonRef} FeedPersonRef */

startPage('feeds', async (main) => {
  const status = /** @type {FeedStatus} */ (await api.get('/api/admin/feed'));
  main.append(...pageHead(t('feeds.title'), t('feeds.lead')));
  if (status.stale) main.append(staleNotice(status.stale));
  main.append(takeIn(), publishers(status.publishers), publishing(status));
  if (status.settings.scope === 'shared') main.append(await sharing());
});

/** @param {FeedStatus} status */
function publishing(status) {
  const panel = el('section', { class: 'panel' }, el('h2', {}, t('feeds.publish')));
  const { key, settings } = status;
  if (!key) {
    panel.append(el('p', {}, t('feeds.noKey')), el('p', { class: 'notice warn' }, t('feeds.keyWarning')),
      el('button', { type: 'button', class: 'primary', onclick: () => makeKey(false) }, t('feeds.makeKey')));
    return panel;
  }
  const scope = select([['shared', t('feeds.scopeShared')], ['all', t('feeds.scopeAll')]], settings.scope);
  const serve = el('input', { type: 'checkbox', id: 'f-serve', checked: settings.serve });
  const name = el('input', { type: 'text', value: settings.name, pattern: '[a-z0-9-]+' });
  const staleDays = el('input', { type: 'number', min: 1, max: 365, value: settings.staleDays });
  const form = el('form', { novalidate: true },
    el('div', { class: 'grid3' }, field('scope', scope, { label: t('feeds.scope') }), field('name', name, { label: t('feeds.name'), hint: `/feed/${settings.name}.json` }),
      field('staleDays', staleDays, { label: t('feeds.staleDays') })),
    el('label', { class: 'check field' }, serve, t('feeds.serve')),
    el('button', { type: 'submit' }, t('action.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const { version } = /** @type {{ version: number }} */ (await api.get('/api/admin/settings'));
      await api.put('/api/admin/feed/settings', { scope: scope.value, serve: serve.checked, name: name.value.trim(), staleDays: Number(staleDays.value), version });
      location.reload();
    } catch (e) {
      showError(form, e);
    }
  });
  panel.append(
    el('p', {}, t('feeds.fingerprint'), ' ', el('strong', { class: 'fingerprint' }, key.fingerprint)),
    el('p', { class: 'small' }, t('feeds.publicKey'), ' ', el('code', {}, key.publicKey)),
    el('p', { class: 'small muted' }, t('feeds.keyWarning')),
    el('p', {}, key.lastSequence ? t('feeds.lastPublished', { seq: key.lastSequence, at: fmtDate(key.lastPublishedAt) }) : t('feeds.neverPublished')),
    el('div', { class: 'actions' },
      el('a', { class: 'button primary', href: '/api/admin/feed/publish' }, t('feeds.download')),
      el('a', { class: 'button', href: '/api/admin/feed/publish?gzip=true' }, t('feeds.downloadGzip')),
      el('button', { type: 'button', class: 'danger', onclick: () => makeKey(true) }, t('feeds.replaceKey'))),
    ...(settings.serve ? [el('p', { class: 'notice' }, t('feeds.served', { url: `${location.origin}/feed/${settings.name}.json` }))] : []),
    form);
  return panel;
}

/** @param {boolean} replace */
async function makeKey(replace) {
  if (replace && !confirm(t('feeds.replaceConfirm'))) return;
  try {
    await api.post('/api/admin/feed/keys', { replace });
    location.reload();
  } catch (e) {
    const err = fieldErrorOf(e);
    say(explain(err.message, err.field), 'bad');
  }
}

/** @param {FeedPublisher[]} list */
function publishers(list) {
  const rows = list.map((p) => el('tr', {},
    el('td', {}, el('strong', {}, p.name)),
    el('td', {}, el('code', { class: 'fingerprint' }, p.fingerprint)),
    el('td', { class: 'num' }, p.lastSequence === null ? '—' : `#${p.lastSequence}`),
    el('td', { class: 'small' }, p.ageDays === null ? t('feeds.notYet') : t('feeds.age', { count: p.ageDays })),
    el('td', {}, el('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, t('action.remove')))));
  const name = el('input', { type: 'text', autocomplete: 'off' });
  const publicKey = el('textarea', { rows: 2, spellcheck: false });
  const form = el('form', { novalidate: true }, el('h3', {}, t('feeds.addPublisher')),
    el('div', { class: 'grid3' }, field('name', name, { label: t('feeds.publisherName') }), field('publicKey', publicKey, { label: t('feeds.publicKeyPaste'), cls: 'grow' })),
    el('button', { type: 'submit' }, t('feeds.addPublisher')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const added = /** @type {FeedPublisher} */ (await api.post('/api/admin/feed/publishers', { name: name.value, publicKey: publicKey.value }));
      alert(t('feeds.compareFingerprint', { fingerprint: added.fingerprint }));
      location.reload();
    } catch (e) {
      showError(form, e);
    }
  });
  return el('section', { class: 'panel' }, el('h2', {}, t('feeds.publishers')),
    list.length ? el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('feeds.publisherName'), t('feeds.fingerprint'), t('feeds.lastTaken'), t('feeds.ageCol'), ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows))) : el('p', { class: 'muted' }, t('feeds.noPublishers')),
    form);

  /** @param {FeedPublisher} p */
  async function remove(p) {
    if (!confirm(t('feeds.removeConfirm', { name: p.name }))) return;
    await api.del(`/api/admin/feed/publishers/${p.id}`);
    location.reload();
  }
}

function takeIn() {
  const file = el('input', { type: 'file', accept: '.json,.gz,application/json,application/gzip' });
  const url = el('input', { type: 'url', placeholder: 'http://192.168.1.20:8080/feed/list.json' });
  const result = el('div', { 'aria-live': 'polite' });
  const form = el('form', { novalidate: true },
    el('div', { class: 'grid3' }, field('file', file, { label: t('feeds.file') }), field('url', url, { label: t('feeds.url'), hint: t('feeds.urlHint') })),
    el('button', { type: 'submit', class: 'primary' }, t('feeds.preview')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const chosen = file.files?.[0];
    if (!chosen && !url.value.trim()) return say(t('feeds.chooseFile'), 'bad');
    result.replaceChildren(el('p', { class: 'muted' }, t('feeds.checking')));
    try {
      let body;
      if (chosen) {
        body = new FormData();
        body.append('file', chosen);
      } else {
        body = { url: url.value.trim() };
      }
      result.replaceChildren(review(/** @type {FeedPreview} */ (await api.post('/api/admin/feed/preview', body)), result));
    } catch (e) {
      const err = fieldErrorOf(e);
      result.replaceChildren(el('div', { class: 'notice bad', role: 'alert' }, el('strong', {}, t('feeds.refused')), ' ', err.message));
    }
  });
  return el('section', { class: 'panel' }, el('h2', {}, t('feeds.takeIn')), el('p', { class: 'small muted' }, t('feeds.takeInLead')), form, result);
}

/**
 * The changes a feed would make, the ones that stop letters first.
 * @param {FeedPreview} p
 * @param {HTMLElement} result
 */
function review(p, result) {
  const d = p.diff;
  /** @param {FeedPersonRef[]} people */
  const names = (people) => el('ul', {}, people.map((x) => el('li', { lang: 'ru' }, x.name)));
  /**
   * @param {string} key
   * @param {number} count
   * @param {HTMLElement | null} body
   * @param {string} [cls]
   */
  const group = (key, count, body, cls = '') => (count ? el('div', { class: `feed-group ${cls}` }, el('h3', {}, t(key, { count })), body) : null);
  const apply = el('button', { type: 'button', class: 'primary' }, t('feeds.apply'));
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    try {
      const done = /** @type {FeedApplied} */ (await api.post('/api/admin/feed/apply', { previewId: p.previewId }));
      result.replaceChildren(el('div', { class: 'notice ok', role: 'status' }, t('feeds.applied', { source: done.source })));
    } catch (e) {
      const err = fieldErrorOf(e);
      result.replaceChildren(el('div', { class: 'notice bad', role: 'alert' }, err.message));
    }
  });
  const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
  return el('div', {},
    el('p', {}, t('feeds.from', { name: p.publisher.name, seq: p.feed.sequence, at: fmtDate(p.feed.publishedAt) }), ' ',
      el('code', { class: 'fingerprint' }, p.publisher.fingerprint)),
    group('feeds.withdrawn', d.withdrawn.length, names(d.withdrawn), 'notice bad'),
    group('feeds.released', d.released.length, names(d.released), 'notice bad'),
    group('feeds.conflicts', d.conflicts.length, el('ul', {}, d.conflicts.map((c) => el('li', {},
      el('span', { lang: 'ru' }, c.name), `: ${c.field} — ${t('feeds.local')} «${String(c.local ?? '—')}», ${t('feeds.inFeed')} «${String(c.feed ?? '—')}» `,
      el('span', { class: `badge ${c.applied ? 'bad' : 'warn'}` }, c.applied ? t('feeds.conflictApplied') : t('feeds.conflictKept'))))), 'notice warn'),
    group('feeds.transfers', d.transfers.length, el('ul', {}, d.transfers.map((x) => el('li', { lang: 'ru' }, `${x.name}: ${x.from ?? '—'} → ${x.to ?? '—'}`)))),
    group('feeds.newPeople', d.newPeople.length, names(d.newPeople)),
    group('feeds.addressCorrections', d.addressCorrections.length, el('ul', {}, d.addressCorrections.map((x) => el('li', { lang: 'ru' },
      `${x.name}: ${x.fields.map((f) => `${f.field} «${String(f.from ?? '—')}» → «${String(f.to ?? '—')}»`).join('; ')}`)))),
    group('feeds.otherChanges', d.otherChanges.length, el('ul', {}, d.otherChanges.map((x) => el('li', {}, el('span', { lang: 'ru' }, x.name), `: ${x.fields.join(', ')}`)))),
    group('feeds.noLongerInFeed', d.noLongerInFeed.length, names(d.noLongerInFeed)),
    total ? null : el('p', { class: 'muted' }, t('feeds.noChanges')),
    el('div', { class: 'actions' }, apply));
}

async function sharing() {
  const { people } = /** @type {FeedSharing} */ (await api.get('/api/admin/feed/sharing'));
  const rows = people.filter((p) => !p.isDemo).map((p) => {
    const box = el('input', { type: 'checkbox', checked: p.shared, 'aria-label': p.latinName });
    box.addEventListener('change', async () => {
      try {
        await api.put('/api/admin/feed/sharing', { ids: [p.id], shared: box.checked });
      } catch (e) {
        box.checked = !box.checked;
        const err = fieldErrorOf(e);
        say(explain(err.message, err.field), 'bad');
      }
    });
    return el('tr', {}, el('td', {}, box), el('td', { lang: 'ru' }, [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ')), el('td', {}, p.latinName));
  });
  return el('section', { class: 'panel' }, el('h2', {}, t('feeds.sharing')), el('p', { class: 'small muted' }, t('feeds.sharingLead')),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('feeds.shared'), t('col.name'), ''].map((h) => el('th', {}, h)))), el('tbody', {}, rows))));
}

// @ts-check
// Delivery routes: the list (the default first), a form to add or change one (the fields of its kind only), the
// default switch, deleting (moving waiting items to another route), the warning when the default posts from a
// country where mail to Russia is suspended, and the postal-status table organizers keep.
import { ApiError } from '../shared/api.js';
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { deliveryNotices } from './delivery-warning.js';
import { api, clearErrors, field, option, pageHead, say, select, showError, startPage } from './shell.js';

/** @typedef {import('../shared/api-types.js').Route} Route */
/** @typedef {import('../shared/api-types.js').RouteList} RouteList */
/** @typedef {import('../shared/api-types.js').PostalStatusList} PostalStatusList */
/** @typedef {import('../shared/api-types.js').PostalStatusRow} PostalStatusRow */

const KINDS = /** @type {const} */ (['post', 'forward', 'relay']);
const TEXT_FIELDS = /** @type {const} */ (['partnerName', 'partnerCountry', 'contact', 'currency']);
const NUMBER_FIELDS = /** @type {const} */ (['charLimit', 'pageLimit', 'pricePerLetter', 'pricePerPage', 'pricePerImage', 'priceReplyForm']);

startPage('routes', async (main) => {
  const warnings = el('div');
  const tbody = el('tbody');
  const formBox = el('div');
  const postalBody = el('tbody');
  /** @type {Route[]} */
  let routes = [];

  async function load() {
    const list = /** @type {RouteList} */ (await api.get('/api/admin/routes'));
    routes = list.routes;
    warnings.replaceChildren(...deliveryNotices(list.warnings));
    tbody.replaceChildren(...(routes.length ? routes.map(row) : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, t('routes.none')))]));
  }

  /** @param {Route} r */
  function summary(r) {
    if (r.kind === 'forward') return [r.partnerName, r.partnerCountry].filter(Boolean).join(', ');
    if (r.kind === 'relay') {
      const price = r.pricePerLetter !== null ? `${r.pricePerLetter} ${r.currency ?? ''}` : null;
      return [r.accepts === 'text-images' ? t('routes.acceptsImages') : t('routes.acceptsText'), r.charLimit ? `≤ ${r.charLimit}` : null, price].filter(Boolean).join(' · ');
    }
    return '';
  }

  /** @param {Route} r */
  function row(r) {
    return el('tr', {},
      el('td', {}, r.name, ' ',
        r.isDefault ? el('span', { class: 'badge create' }, t('routes.default')) : null,
        r.enabled ? null : el('span', { class: 'badge released' }, t('routes.disabled')),
        r.isDemo ? el('span', { class: 'badge demo' }, t('badge.demo')) : null),
      el('td', {}, t(`routes.kind.${r.kind}`)),
      el('td', { class: 'small' }, summary(r)),
      el('td', { class: 'actions' },
        el('button', { type: 'button', onclick: () => edit(r) }, t('routes.edit')),
        r.isDefault || !r.enabled ? null : el('button', { type: 'button', onclick: () => makeDefault(r) }, t('routes.makeDefault')),
        r.isDefault ? null : el('button', { type: 'button', class: 'danger', onclick: () => remove(r) }, t('routes.delete'))));
  }

  /** The route's editable fields as the API takes them. @param {Route} r */
  const bodyOf = (r) => ({
    kind: r.kind, name: r.name, notes: r.notes, enabled: r.enabled,
    partnerName: r.partnerName, partnerAddress: r.partnerAddress, partnerCountry: r.partnerCountry, returnAddressOf: r.returnAddressOf,
    contact: r.contact, accepts: r.accepts, charLimit: r.charLimit, pageLimit: r.pageLimit, currency: r.currency,
    pricePerLetter: r.pricePerLetter, pricePerPage: r.pricePerPage, pricePerImage: r.pricePerImage, priceReplyForm: r.priceReplyForm, canReply: r.canReply,
  });

  /** @param {Route} r */
  async function makeDefault(r) {
    try {
      await api.put(`/api/admin/routes/${r.id}`, { ...bodyOf(r), isDefault: true, version: r.version });
      say(t('routes.saved'));
    } catch (e) {
      showError(null, e);
    }
    await load();
  }

  /** @param {Route} r */
  async function remove(r) {
    if (!confirm(t('routes.deleteConfirm', { name: r.name }))) return;
    try {
      await api.del(`/api/admin/routes/${r.id}`);
      say(t('routes.deleted'));
      await load();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409 || e.field !== 'id' || !/wait/.test(e.message)) return showError(null, e);
      // Items wait for it: offer to move them to another enabled route in the same step.
      const targets = routes.filter((x) => x.id !== r.id && x.enabled);
      const to = select(targets.map((x) => option(x.id, x.name)), targets.find((x) => x.isDefault)?.id ?? targets[0]?.id ?? null);
      formBox.replaceChildren(el('form', { class: 'panel', onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await api.del(`/api/admin/routes/${r.id}?moveTo=${encodeURIComponent(to.value)}`);
          say(t('routes.deleted'));
          formBox.replaceChildren();
          await load();
        } catch (err) {
          showError(/** @type {HTMLFormElement} */ (ev.target), err);
        }
      } }, el('p', { class: 'notice warn' }, e.message), field('moveTo', to, { label: t('routes.moveTo') }),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, t('routes.moveAndDelete')), el('button', { type: 'button', onclick: () => formBox.replaceChildren() }, t('action.cancel')))));
    }
  }

  /** The add/edit form. @param {Route | null} r */
  function edit(r) {
    const kind = select(KINDS.map((k) => option(k, t(`routes.kind.${k}`))), r?.kind ?? 'post');
    const name = el('input', { type: 'text', value: r?.name ?? '', maxlength: 200 });
    const notes = el('textarea', { rows: 2 });
    notes.value = r?.notes ?? '';
    const enabled = el('input', { type: 'checkbox', name: 'enabled', checked: r ? r.enabled : true });
    const partnerAddress = el('textarea', { rows: 4 });
    partnerAddress.value = r?.partnerAddress ?? '';
    const returnAddressOf = select([option('collective', t('routes.returnCollective')), option('partner', t('routes.returnPartner'))], r?.returnAddressOf ?? 'collective');
    const accepts = select([option('text', t('routes.acceptsText')), option('text-images', t('routes.acceptsImages'))], r?.accepts ?? 'text');
    const canReply = el('input', { type: 'checkbox', name: 'canReply', checked: r?.canReply ?? false });
    const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, el('input', { type: 'text', value: r?.[f] ?? '' })]));
    const num = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, el('input', { type: 'number', min: 0, step: f.endsWith('Limit') ? 1 : 0.01, value: r?.[f] ?? '' })]));
    const forward = el('fieldset', {}, el('legend', {}, t('routes.forward')),
      field('partnerName', text.partnerName), field('partnerAddress', partnerAddress), el('div', { class: 'grid2' }, field('partnerCountry', text.partnerCountry), field('returnAddressOf', returnAddressOf)));
    const relay = el('fieldset', {}, el('legend', {}, t('routes.relay')),
      el('div', { class: 'grid2' }, field('contact', text.contact), field('accepts', accepts), field('charLimit', num.charLimit), field('pageLimit', num.pageLimit),
        field('currency', text.currency), field('pricePerLetter', num.pricePerLetter), field('pricePerPage', num.pricePerPage), field('pricePerImage', num.pricePerImage),
        field('priceReplyForm', num.priceReplyForm)),
      el('label', { class: 'check field' }, canReply, t('field.canReply')));
    const showKind = () => { forward.hidden = kind.value !== 'forward'; relay.hidden = kind.value !== 'relay'; };
    kind.addEventListener('change', showKind);
    showKind();
    const nullable = (/** @type {string} */ v) => (v.trim() === '' ? null : v);
    const number = (/** @type {HTMLInputElement} */ i) => (i.value === '' ? null : Number(i.value));
    const form = el('form', { class: 'panel', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const body = {
        kind: kind.value, name: name.value, notes: nullable(notes.value), enabled: enabled.checked,
        ...(kind.value === 'forward' ? { partnerName: nullable(text.partnerName.value), partnerAddress: nullable(partnerAddress.value), partnerCountry: nullable(text.partnerCountry.value), returnAddressOf: returnAddressOf.value } : {}),
        ...(kind.value === 'relay' ? {
          contact: nullable(text.contact.value), accepts: accepts.value, currency: nullable(text.currency.value), canReply: canReply.checked,
          ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, number(num[f])])),
        } : {}),
      };
      try {
        if (r) await api.put(`/api/admin/routes/${r.id}`, { ...body, version: r.version });
        else await api.post('/api/admin/routes', body);
        say(t('routes.saved'));
        formBox.replaceChildren();
        await load();
      } catch (e) {
        showError(form, e);
      }
    } },
    el('h2', {}, r ? t('routes.edit') : t('routes.new')),
    el('div', { class: 'grid2' }, field('kind', kind), field('name', name, { label: t('routes.name') })),
    field('notes', notes),
    el('label', { class: 'check field' }, enabled, t('field.enabled')),
    forward, relay,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, t('action.save')), el('button', { type: 'button', onclick: () => formBox.replaceChildren() }, t('action.cancel'))));
    formBox.replaceChildren(form);
    name.focus();
  }

  async function loadPostal() {
    const list = /** @type {PostalStatusList} */ (await api.get('/api/admin/postal-status'));
    postalBody.replaceChildren(...list.countries.map(postalRow), postalRow(null));
  }

  /** One editable row; null: a new country. @param {PostalStatusRow | null} s */
  function postalRow(s) {
    const country = el('input', { type: 'text', maxlength: 2, size: 3, value: s?.country ?? '', readonly: s !== null, 'aria-label': t('field.country') });
    const status = select(['running', 'suspended', 'unknown'].map((v) => option(v, t(`postal.${v}`))), s?.status ?? 'unknown');
    status.setAttribute('aria-label', t('field.postalStatus'));
    const asOf = el('input', { type: 'date', value: s?.asOf ?? '', 'aria-label': t('field.asOf') });
    const source = el('input', { type: 'text', value: s?.source ?? '', class: 'grow', 'aria-label': t('field.source') });
    const save = el('button', { type: 'button', onclick: async () => {
      try {
        await api.put(`/api/admin/postal-status/${encodeURIComponent(country.value.trim().toUpperCase())}`, { status: status.value, asOf: asOf.value || null, source: source.value, ...(s ? { version: s.version } : {}) });
        say(t('routes.postalSaved'));
        await Promise.all([loadPostal(), load()]);
      } catch (e) {
        showError(null, e);
      }
    } }, s ? t('action.save') : t('routes.addCountry'));
    return el('tr', {}, el('td', {}, country), el('td', {}, status), el('td', {}, asOf), el('td', {}, source), el('td', {}, save));
  }

  main.append(...pageHead(t('routes.title'), t('routes.lead'), el('button', { type: 'button', class: 'primary', onclick: () => edit(null) }, t('routes.new'))),
    warnings,
    formBox,
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('routes.name'), t('field.kind'), '', ''].map((h) => el('th', {}, h)))), tbody)),
    el('h2', {}, t('routes.postal')),
    el('p', { class: 'small muted' }, t('routes.postalLead')),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, [t('field.country'), t('field.postalStatus'), t('field.asOf'), t('field.source'), ''].map((h) => el('th', {}, h)))), postalBody)));
  await Promise.all([load(), loadPostal()]);
});

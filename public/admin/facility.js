// @ts-check
// One facility: the form, and "move everyone here to a new address" in one step. Both name the version the page
// was opened at; when another organizer saved meanwhile, both versions are shown side by side to choose from.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, clearErrors, conflictOf, field, option, pageHead, say, select, showError, startPage, KINDS } from './shell.js';
import { conflictDialog, markSaved, watchForm } from './dialogs.js';

/** @typedef {import('../shared/api-types.js').Facility} Facility */
/** @typedef {import('../shared/api-types.js').Created} Created */
/** @typedef {import('../shared/api-types.js').MoveResult} MoveResult */
/** @typedef {import('../shared/dom.js').Props} Props */
/** @typedef {ReturnType<typeof facilityInputs>} FacilityInputs */

const text = (/** @type {string} */ v) => { const s = v.trim(); return s === '' ? null : s; };
const today = () => new Date().toISOString().slice(0, 10);

/** @param {Partial<Facility>} [f] the facility's values to start from */
function facilityInputs(f = {}) {
  /**
   * @param {'name' | 'street' | 'city' | 'district' | 'region' | 'postalCode' | 'country'} name
   * @param {Props} [extra]
   */
  const input = (name, extra = {}) => el('input', { type: 'text', name, value: f[name] ?? '', lang: 'ru', ...extra });
  /** @param {'mailRules' | 'mailRulesRu' | 'notes'} name @param {string | null} [lang] */
  const area = (name, lang = null) => { const a = el('textarea', { name, rows: 3, lang }); a.value = f[name] ?? ''; return a; };
  const kind = select(KINDS.map((k) => option(k, t(`kind.${k}`))), f.kind ?? 'sizo');
  kind.name = 'kind';
  return {
    name: input('name', { required: true }), kind, street: input('street', { required: true }), city: input('city', { required: true }),
    district: input('district'), region: input('region'), postalCode: input('postalCode', { inputmode: 'numeric', required: true }),
    country: input('country', { value: f.country ?? 'RU', maxlength: 2, lang: null }), mailRules: area('mailRules', 'en'), mailRulesRu: area('mailRulesRu', 'ru'), notes: area('notes'),
  };
}
/** The form's fields, in its order. */
const FORM_FIELDS = /** @type {const} */ (['name', 'kind', 'country', 'street', 'city', 'district', 'region', 'postalCode', 'mailRules', 'mailRulesRu', 'notes']);
/** @typedef {Record<typeof FORM_FIELDS[number], unknown>} FormValues */

/** @param {Partial<Facility>} f @returns {FormValues} */
const formValuesOf = (f) => /** @type {FormValues} */ (Object.fromEntries(FORM_FIELDS.map((name) => [name, f[name] ?? (name === 'country' ? 'RU' : null)])));

/** @param {FacilityInputs} c @param {FormValues} v */
function fillForm(c, v) {
  for (const name of FORM_FIELDS) c[name].value = v[name] === null || v[name] === undefined ? '' : String(v[name]);
}

/** @param {string} name @param {unknown} value */
const format = (name, value) => (value === null || value === undefined ? '' : name === 'kind' ? t(`kind.${value}`) : String(value));
const labelOf = (/** @type {string} */ name) => t(name === 'name' ? 'field.facilityName' : name === 'kind' ? 'field.facilityKind' : name === 'notes' ? 'field.facilityNotes' : `field.${name}`);

/**
 * Shows the stored version beside the form's; resolves with the values chosen, or null when the organizer closed it.
 * @param {FormValues} mine
 * @param {Partial<Facility>} opened
 * @param {Facility} theirs
 */
function resolveConflict(mine, opened, theirs) {
  const base = formValuesOf(opened);
  const stored = formValuesOf(theirs);
  return conflictDialog({ fields: FORM_FIELDS.map((name) => ({ name, label: labelOf(name), mine: mine[name], base: base[name], theirs: stored[name] })), format });
}

const bodyOf = (/** @type {FacilityInputs} */ c) => ({
  name: c.name.value, kind: c.kind.value, street: c.street.value, city: c.city.value, district: text(c.district.value), region: text(c.region.value),
  postalCode: c.postalCode.value, country: c.country.value.trim().toUpperCase() || 'RU', mailRules: text(c.mailRules.value), mailRulesRu: text(c.mailRulesRu.value), notes: text(c.notes.value),
});

startPage('facility', async (main) => {
  const id = Number(new URLSearchParams(location.search).get('id')) || null;
  /** @type {Partial<Facility>} */
  const f = id ? /** @type {Facility} */ (await api.get(`/api/admin/facilities/${id}`)) : {};
  const c = facilityInputs(f);
  const form = el('form', { class: 'panel', novalidate: true },
    field('name', c.name, { label: t('field.facilityName'), hint: t('facility.nameHint') }),
    el('div', { class: 'grid2' }, field('kind', c.kind, { label: t('field.facilityKind') }), field('country', c.country, { hint: t('facility.countryHint') })),
    el('div', { class: 'grid2' }, field('street', c.street), field('city', c.city)),
    el('div', { class: 'grid3' }, field('district', c.district), field('region', c.region), field('postalCode', c.postalCode, { hint: t('facility.postalHint') })),
    el('div', { class: 'grid2' }, field('mailRules', c.mailRules, { hint: t('facility.mailRulesHint') }), field('mailRulesRu', c.mailRulesRu, { hint: t('facility.mailRulesRuHint') })),
    field('notes', c.notes, { label: t('field.facilityNotes'), hint: t('person.privateHint') }),
    el('div', { class: 'actions' }, el('button', { class: 'primary', type: 'submit' }, id ? t('action.save') : t('facilities.new')), el('a', { class: 'button', href: '/admin/facilities.html' }, t('action.cancel'))));
  /** @param {FormValues} body */
  async function save(body) {
    if (!id) {
      const created = /** @type {Created} */ (await api.post('/api/admin/facilities', body));
      markSaved(form);
      location.href = `/admin/facility.html?id=${created.id}`;
      return;
    }
    try {
      const saved = /** @type {Facility} */ (await api.put(`/api/admin/facilities/${id}`, { ...body, version: f.version }));
      f.version = saved.version;
    } catch (e) {
      const conflict = conflictOf(e);
      if (!conflict) throw e;
      const theirs = /** @type {Facility} */ (/** @type {unknown} */ (conflict.current));
      const chosen = await resolveConflict(body, f, theirs);
      if (!chosen) return;
      // From here on the form stands on the stored version, with the organizer's choices in it.
      Object.assign(f, theirs);
      fillForm(c, /** @type {FormValues} */ (chosen));
      return save(/** @type {FormValues} */ (chosen));
    }
    Object.assign(f, body);
    markSaved(form);
    say(t('facility.saved'));
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      await save(bodyOf(c));
    } catch (e) {
      showError(form, e);
    }
  });
  main.append(...pageHead((id && f.name) || t('facilities.new'), id ? t('facility.people', { count: f.people ?? 0 }) : null,
    id ? el('a', { class: 'button', href: `/admin/?facilityId=${id}` }, t('facility.seePeople')) : null,
    id ? el('button', { type: 'button', class: 'danger', onclick: remove }, t('action.delete')) : null));
  if (!id) {
    main.append(form);
    return watchForm(form);
  }
  const move = movePanel();
  main.append(el('div', { class: 'columns' }, form, move));
  watchForm(form);
  watchForm(move);

  async function remove() {
    if (!confirm(t('facility.deleteConfirm'))) return;
    try {
      await api.del(`/api/admin/facilities/${id}`);
      location.href = '/admin/facilities.html';
    } catch (e) {
      showError(form, e);
    }
  }

  function movePanel() {
    const n = facilityInputs({ name: f.name, kind: f.kind, country: 'RU' });
    const asOf = el('input', { type: 'date', name: 'addressAsOf', value: today(), max: today() });
    const source = el('input', { type: 'text', name: 'addressSource' });
    const removeOld = el('input', { type: 'checkbox', name: 'removeOld', checked: true });
    const p = el('form', { class: 'panel', novalidate: true }, el('h2', {}, t('move.title')), el('p', { class: 'small muted' }, t('move.lead', { count: f.people ?? 0 })),
      field('name', n.name, { label: t('field.facilityName') }), field('kind', n.kind, { label: t('field.facilityKind') }),
      el('div', { class: 'grid2' }, field('street', n.street), field('city', n.city)),
      el('div', { class: 'grid2' }, field('region', n.region), field('postalCode', n.postalCode)),
      el('div', { class: 'grid2' }, field('addressAsOf', asOf), field('addressSource', source)),
      el('label', { class: 'check field' }, removeOld, t('move.removeOld')),
      el('button', { class: 'primary', type: 'submit', disabled: !f.people }, t('move.submit', { count: f.people ?? 0 })));
    p.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(p);
      const { mailRules, mailRulesRu, notes, ...newFacility } = bodyOf(n);
      try {
        const body = { newFacility: { ...newFacility, mailRules: mailRules ?? f.mailRules ?? null, mailRulesRu: mailRulesRu ?? f.mailRulesRu ?? null, notes }, addressAsOf: asOf.value, addressSource: source.value, removeOld: removeOld.checked };
        /** @type {MoveResult} */
        let r;
        try {
          r = /** @type {MoveResult} */ (await api.post(`/api/admin/facilities/${id}/move-everyone`, { ...body, version: f.version }));
        } catch (e) {
          const conflict = conflictOf(e);
          if (!conflict) throw e;
          // The facility changed since: its new values are shown, and the move waits for another click.
          const theirs = /** @type {Facility} */ (/** @type {unknown} */ (conflict.current));
          const goOn = await conflictDialog({ fields: [], kept: conflict.changed.map((name) => ({ label: labelOf(name), value: format(name, conflict.current[name]) })), format, saveLabel: t('conflict.goOn') });
          if (!goOn) return;
          r = /** @type {MoveResult} */ (await api.post(`/api/admin/facilities/${id}/move-everyone`, { ...body, version: theirs.version }));
        }
        markSaved(p);
        say(t('move.done', { count: r.moved }));
        setTimeout(() => (location.href = `/admin/facility.html?id=${r.facilityId}`), 800);
      } catch (e) {
        showError(p, e);
      }
    });
    return p;
  }
});

// @ts-check
// One facility: the form, and "move everyone here to a new address" in one step.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, clearErrors, field, option, pageHead, say, select, showError, startPage, KINDS } from './shell.js';

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
  const area = (/** @type {'mailRules' | 'notes'} */ name) => { const a = el('textarea', { name, rows: 3 }); a.value = f[name] ?? ''; return a; };
  const kind = select(KINDS.map((k) => option(k, t(`kind.${k}`))), f.kind ?? 'sizo');
  kind.name = 'kind';
  return {
    name: input('name', { required: true }), kind, street: input('street', { required: true }), city: input('city', { required: true }),
    district: input('district'), region: input('region'), postalCode: input('postalCode', { inputmode: 'numeric', required: true }),
    country: input('country', { value: f.country ?? 'RU', maxlength: 2, lang: null }), mailRules: area('mailRules'), notes: area('notes'),
  };
}
const bodyOf = (/** @type {FacilityInputs} */ c) => ({
  name: c.name.value, kind: c.kind.value, street: c.street.value, city: c.city.value, district: text(c.district.value), region: text(c.region.value),
  postalCode: c.postalCode.value, country: c.country.value.trim().toUpperCase() || 'RU', mailRules: text(c.mailRules.value), notes: text(c.notes.value),
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
    field('mailRules', c.mailRules, { hint: t('facility.mailRulesHint') }),
    field('notes', c.notes, { label: t('field.facilityNotes'), hint: t('person.privateHint') }),
    el('div', { class: 'actions' }, el('button', { class: 'primary', type: 'submit' }, id ? t('action.save') : t('facilities.new')), el('a', { class: 'button', href: '/admin/facilities.html' }, t('action.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const saved = /** @type {Created} */ (id ? await api.put(`/api/admin/facilities/${id}`, bodyOf(c)) : await api.post('/api/admin/facilities', bodyOf(c)));
      say(t('facility.saved'));
      if (!id) location.href = `/admin/facility.html?id=${saved.id}`;
    } catch (e) {
      showError(form, e);
    }
  });
  main.append(...pageHead((id && f.name) || t('facilities.new'), id ? t('facility.people', { count: f.people ?? 0 }) : null,
    id ? el('a', { class: 'button', href: `/admin/?facilityId=${id}` }, t('facility.seePeople')) : null,
    id ? el('button', { type: 'button', class: 'danger', onclick: remove }, t('action.delete')) : null));
  if (!id) return main.append(form);
  main.append(el('div', { class: 'columns' }, form, movePanel()));

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
      const { mailRules, notes, ...newFacility } = bodyOf(n);
      try {
        const r = /** @type {MoveResult} */ (await api.post(`/api/admin/facilities/${id}/move-everyone`, { newFacility: { ...newFacility, mailRules: mailRules ?? f.mailRules ?? null, notes }, addressAsOf: asOf.value, addressSource: source.value, removeOld: removeOld.checked }));
        say(t('move.done', { count: r.moved }));
        setTimeout(() => (location.href = `/admin/facility.html?id=${r.facilityId}`), 800);
      } catch (e) {
        showError(p, e);
      }
    });
    return p;
  }
});

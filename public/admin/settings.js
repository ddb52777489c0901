// @ts-check
// Settings: the collective's name and return address, country, paper, envelope offsets, kiosk idle time,
// address staleness, session length and the default UI language. A save names the settings version the page was
// opened at; a setting another organizer changed since is shown beside this page's value to choose from.
import { ApiError } from '../shared/api.js';
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, clearErrors, conflictOf, field, pageHead, say, select, showError, startPage } from './shell.js';
import { conflictDialog, markSaved, watchForm } from './dialogs.js';

/** @type {readonly import('../shared/api-types.js').EnvelopeSize[]} */
const ENVELOPES = ['DL', 'C5', 'C6', 'US10'];
/** The settings this page edits, in its order. */
const FORM_FIELDS = /** @type {const} */ ([
  'collectiveName', 'collectiveCountry', 'returnAddress', 'paperSize', 'envelopeOffsets', 'kioskIdleSeconds', 'staleMonths', 'sessionHours', 'uiLanguage',
]);
/** @typedef {Pick<import('../shared/api-types.js').Settings, typeof FORM_FIELDS[number]>} FormValues */

/** @param {string} name @param {unknown} value */
function format(name, value) {
  if (name === 'envelopeOffsets' && value && typeof value === 'object') {
    const offsets = /** @type {Record<string, { xMm: number, yMm: number }>} */ (value);
    return ENVELOPES.map((e) => `${e} ${t('settings.right')} ${offsets[e]?.xMm ?? 0}, ${t('settings.up')} ${offsets[e]?.yMm ?? 0}`).join(' · ');
  }
  if (name === 'uiLanguage') return value === 'ru' ? 'Русский' : 'English';
  if (name === 'paperSize') return value === 'a4' ? 'A4' : 'US Letter';
  return value === null || value === undefined ? '' : String(value);
}

startPage('settings', async (main, { settings: s }) => {
  // Only organizers read the settings; the page has nothing for anyone else.
  if (!s) return;
  /** The settings as the page last read or saved them. */
  const shown = s;
  /**
   * @param {'kioskIdleSeconds' | 'staleMonths' | 'sessionHours'} name
   * @param {number} min
   * @param {number} max
   */
  const num = (name, min, max, step = 1) => el('input', { type: 'number', name, min, max, step, value: s[name] });
  const returnAddress = el('textarea', { name: 'returnAddress', rows: 5 });
  returnAddress.value = s.returnAddress;
  const c = {
    collectiveName: el('input', { type: 'text', name: 'collectiveName', value: s.collectiveName }),
    collectiveCountry: el('input', { type: 'text', name: 'collectiveCountry', value: s.collectiveCountry, maxlength: 2 }),
    paperSize: select([['letter', 'US Letter'], ['a4', 'A4']], s.paperSize),
    kioskIdleSeconds: num('kioskIdleSeconds', 30, 3600), staleMonths: num('staleMonths', 1, 60), sessionHours: num('sessionHours', 1, 168),
    uiLanguage: select([['en', 'English'], ['ru', 'Русский']], s.uiLanguage),
  };
  const offsets = Object.fromEntries(ENVELOPES.map((e) => [e, {
    xMm: el('input', { type: 'number', name: `envelopeOffsets.${e}.xMm`, min: -30, max: 30, step: 0.5, value: s.envelopeOffsets[e].xMm }),
    yMm: el('input', { type: 'number', name: `envelopeOffsets.${e}.yMm`, min: -30, max: 30, step: 0.5, value: s.envelopeOffsets[e].yMm }),
  }]));
  const form = el('form', { class: 'panel', novalidate: true },
    el('fieldset', {}, el('legend', {}, t('settings.collective')),
      el('div', { class: 'grid2' }, field('collectiveName', c.collectiveName), field('collectiveCountry', c.collectiveCountry, { hint: t('settings.countryHint') })),
      field('returnAddress', returnAddress, { hint: t('settings.returnHint') })),
    el('fieldset', {}, el('legend', {}, t('settings.printing')),
      field('paperSize', c.paperSize),
      el('p', { class: 'small muted' }, t('settings.offsetsLead')),
      el('div', { class: 'grid4' }, ENVELOPES.map((e) => el('div', {}, el('h3', {}, e), field(`envelopeOffsets.${e}.xMm`, offsets[e].xMm, { label: t('settings.right') }), field(`envelopeOffsets.${e}.yMm`, offsets[e].yMm, { label: t('settings.up') }),
        el('a', { class: 'small', href: `/api/admin/print/calibration.pdf?size=${e}`, target: '_blank' }, t('settings.calibration')))))),
    el('fieldset', {}, el('legend', {}, t('settings.behaviour')),
      el('div', { class: 'grid4' }, field('kioskIdleSeconds', c.kioskIdleSeconds), field('staleMonths', c.staleMonths), field('sessionHours', c.sessionHours), field('uiLanguage', c.uiLanguage))),
    el('button', { class: 'primary', type: 'submit' }, t('action.save')));
  /** @param {FormValues} v */
  const fillForm = (v) => {
    for (const name of /** @type {const} */ (['collectiveName', 'collectiveCountry', 'paperSize', 'kioskIdleSeconds', 'staleMonths', 'sessionHours', 'uiLanguage'])) c[name].value = String(v[name]);
    returnAddress.value = v.returnAddress;
    for (const e of ENVELOPES) {
      offsets[e].xMm.value = String(v.envelopeOffsets[e].xMm);
      offsets[e].yMm.value = String(v.envelopeOffsets[e].yMm);
    }
  };
  /** @param {import('../shared/api-types.js').Settings} from */
  const formValuesOf = (from) => /** @type {FormValues} */ (Object.fromEntries(FORM_FIELDS.map((name) => [name, from[name]])));

  /** @param {FormValues} body */
  async function save(body) {
    try {
      const saved = /** @type {import('../shared/api-types.js').Settings} */ (await api.put('/api/admin/settings', { ...body, version: shown.version }));
      Object.assign(shown, saved);
    } catch (e) {
      const conflict = conflictOf(e);
      if (!conflict) throw e;
      const theirs = /** @type {import('../shared/api-types.js').Settings} */ (/** @type {unknown} */ (conflict.current));
      const base = formValuesOf(shown);
      const stored = formValuesOf(theirs);
      const chosen = await conflictDialog({ fields: FORM_FIELDS.map((name) => ({ name, label: t(`field.${name}`), mine: body[name], base: base[name], theirs: stored[name] })), format });
      if (!chosen) return;
      // From here on the form stands on the stored version, with the organizer's choices in it.
      Object.assign(shown, theirs);
      fillForm(/** @type {FormValues} */ (chosen));
      return save(/** @type {FormValues} */ (chosen));
    }
    markSaved(form);
    say(t('settings.saved'));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const n = (/** @type {HTMLInputElement} */ input) => (input.value === '' ? NaN : Number(input.value));
    const body = {
      collectiveName: c.collectiveName.value, returnAddress: returnAddress.value, collectiveCountry: c.collectiveCountry.value.trim().toUpperCase(),
      paperSize: c.paperSize.value, kioskIdleSeconds: n(c.kioskIdleSeconds), staleMonths: n(c.staleMonths), sessionHours: n(c.sessionHours), uiLanguage: c.uiLanguage.value,
      envelopeOffsets: Object.fromEntries(ENVELOPES.map((e) => [e, { xMm: n(offsets[e].xMm), yMm: n(offsets[e].yMm) }])),
    };
    for (const [k, v] of Object.entries(body)) if (Number.isNaN(v)) return showError(form, { field: k, message: `${k}: must be a number` });
    try {
      await save(/** @type {FormValues} */ (/** @type {unknown} */ (body)));
    } catch (e) {
      // Offsets are nested: the API names them like "envelopeOffsets/DL/xMm".
      showError(form, e instanceof ApiError ? { message: e.message, field: e.field?.replaceAll('/', '.') } : e);
    }
  });
  main.append(...pageHead(t('settings.title'), t('settings.lead')), form);
  watchForm(form);
});

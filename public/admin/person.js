// @ts-check
// One person: the edit form (every field, the API's validation shown at the field), status actions (transferred,
// released, support withdrawn) and the person's history from the audit log. Every save names the version the page
// was opened at; when another organizer saved meanwhile, both versions are shown side by side to choose from.
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, option, checkedRadio, clearErrors, conflictOf, field, pageHead, say, select, showError, startPage, STATUSES, KINDS } from './shell.js';
import { conflictDialog, markSaved, watchForm } from './dialogs.js';
import { auditRow } from './diff.js';
import { allFacilities } from './paging.js';

/** @typedef {import('../shared/api-types.js').PersonWithFacility} PersonWithFacility */
/** @typedef {import('../shared/api-types.js').Person} Person */
/** @typedef {import('../shared/api-types.js').Created} Created */
/** @typedef {import('../shared/api-types.js').AuditList} AuditList */
/** @typedef {import('../shared/dom.js').Props} Props */
/** @typedef {import('./shell.js').Option} Option */

const today = () => new Date().toISOString().slice(0, 10);
const text = (/** @type {string} */ v) => { const s = v.trim(); return s === '' ? null : s; };

/** The form's fields, in its order. */
const FORM_FIELDS = /** @type {const} */ ([
  'surname', 'givenName', 'patronymic', 'latinName', 'nameDative', 'knownAs', 'gender', 'birthYear', 'birthDate', 'facilityId', 'status',
  'addressAsOf', 'addressSource', 'caseName', 'languages', 'bioEn', 'bioRu', 'privateNotes',
]);
/** @typedef {Record<typeof FORM_FIELDS[number], unknown>} FormValues */

/**
 * A stored person as the form would send them: an automatic Latin spelling is no choice of the form.
 * @param {Partial<Person>} r
 * @returns {FormValues}
 */
const formValuesOf = (r) => ({
  surname: r.surname ?? '', givenName: r.givenName ?? '', patronymic: r.patronymic ?? null, latinName: r.latinNameSet ? (r.latinName ?? null) : null,
  nameDative: r.nameDative ?? null, knownAs: r.knownAs ?? null, gender: r.gender ?? null, birthYear: r.birthYear ?? null, birthDate: r.birthDate ?? null,
  facilityId: r.facilityId ?? null, status: r.status ?? 'pretrial', addressAsOf: r.addressAsOf ?? null, addressSource: r.addressSource ?? null,
  caseName: r.caseName ?? null, languages: r.languages ?? ['ru'], bioEn: r.bioEn ?? null, bioRu: r.bioRu ?? null, privateNotes: r.privateNotes ?? null,
});

startPage('person', async (main) => {
  const id = Number(new URLSearchParams(location.search).get('id')) || null;
  const [facilities, person] = await Promise.all([
    allFacilities(),
    id ? /** @type {Promise<PersonWithFacility>} */ (api.get(`/api/admin/prisoners/${id}`)) : null,
  ]);
  /** @type {Partial<PersonWithFacility>} */
  const p = person ?? { status: 'pretrial', languages: ['ru'] };
  /** @type {Option[]} */
  const facilityOptions = [['', t('person.noFacility')], ...facilities.map((f) => option(f.id, `${f.name} — ${f.city}`))];

  /** @typedef {'surname' | 'givenName' | 'patronymic' | 'latinName' | 'nameDative' | 'birthYear' | 'birthDate' | 'addressAsOf' | 'addressSource' | 'caseName' | 'languages' | 'knownAs'} InputField */
  /** @typedef {'bioEn' | 'bioRu' | 'privateNotes'} AreaField */
  /**
   * @param {InputField} name
   * @param {string} [type]
   * @param {Props} [extra]
   */
  const input = (name, type = 'text', extra = {}) => el('input', { type, name, value: p[name] ?? '', ...extra });
  /**
   * @param {AreaField} name
   * @param {number} [rows]
   * @param {Props} [extra]
   */
  const area = (name, rows = 3, extra = {}) => { const a = el('textarea', { name, rows, ...extra }); a.value = p[name] ?? ''; return a; };
  const c = {
    surname: input('surname', 'text', { required: true, lang: 'ru' }), givenName: input('givenName', 'text', { required: true, lang: 'ru' }),
    patronymic: input('patronymic', 'text', { lang: 'ru' }), latinName: input('latinName', 'text', { value: p.latinNameSet ? p.latinName : '', placeholder: p.latinName ?? '' }),
    nameDative: input('nameDative', 'text', { lang: 'ru' }), knownAs: input('knownAs'),
    gender: select([['', t('person.genderDetect')], ['male', t('gender.male')], ['female', t('gender.female')]], p.gender),
    birthYear: input('birthYear', 'number', { min: 1900, max: new Date().getFullYear() }), birthDate: input('birthDate', 'date'),
    facilityId: select(facilityOptions, p.facilityId), status: select(STATUSES.map((s) => option(s, t(`status.${s}`))), p.status),
    addressAsOf: input('addressAsOf', 'date', { max: today() }), addressSource: input('addressSource'),
    caseName: input('caseName'), bioEn: area('bioEn'), bioRu: area('bioRu', 3, { lang: 'ru' }),
    languages: input('languages', 'text', { value: (p.languages ?? ['ru']).join(', ') }), privateNotes: area('privateNotes'),
  };
  const form = el('form', { class: 'panel', novalidate: true },
    el('fieldset', {}, el('legend', {}, t('person.sectionName')),
      el('div', { class: 'grid3' }, field('surname', c.surname), field('givenName', c.givenName), field('patronymic', c.patronymic)),
      el('div', { class: 'grid3' },
        field('latinName', c.latinName, { hint: t('person.latinHint') }),
        field('nameDative', c.nameDative, { hint: t('person.dativeHint') }),
        field('gender', c.gender)),
      field('knownAs', c.knownAs, { hint: t('person.knownAsHint') })),
    el('fieldset', {}, el('legend', {}, t('person.sectionBirth')),
      el('div', { class: 'grid3' }, field('birthYear', c.birthYear, { hint: t('person.birthYearHint') }), field('birthDate', c.birthDate), el('div'))),
    el('fieldset', {}, el('legend', {}, t('person.sectionAddress')),
      el('div', { class: 'grid2' }, field('facilityId', c.facilityId, { label: t('field.facility') }), field('status', c.status)),
      el('div', { class: 'grid2' }, field('addressAsOf', c.addressAsOf), field('addressSource', c.addressSource, { hint: t('person.sourceHint') }))),
    el('fieldset', {}, el('legend', {}, t('person.sectionAbout')),
      el('div', { class: 'grid2' }, field('caseName', c.caseName), field('languages', c.languages, { hint: t('person.languagesHint') })),
      el('div', { class: 'grid2' }, field('bioEn', c.bioEn), field('bioRu', c.bioRu))),
    el('fieldset', {}, el('legend', {}, t('person.sectionPrivate')), field('privateNotes', c.privateNotes, { hint: t('person.privateHint') })),
    el('div', { class: 'actions' }, el('button', { class: 'primary', type: 'submit' }, id ? t('action.save') : t('person.create')),
      el('a', { class: 'button', href: '/admin/' }, t('action.cancel'))));

  /** @returns {FormValues} */
  const formValues = () => ({
    surname: c.surname.value, givenName: c.givenName.value, patronymic: text(c.patronymic.value), latinName: text(c.latinName.value),
    nameDative: text(c.nameDative.value), knownAs: text(c.knownAs.value), gender: c.gender.value || null,
    birthYear: c.birthYear.value === '' ? null : Number(c.birthYear.value), birthDate: c.birthDate.value || null,
    facilityId: c.facilityId.value ? Number(c.facilityId.value) : null, status: c.status.value,
    addressAsOf: c.addressAsOf.value || null, addressSource: text(c.addressSource.value), caseName: text(c.caseName.value),
    bioEn: text(c.bioEn.value), bioRu: text(c.bioRu.value),
    languages: c.languages.value.split(/[\s,;]+/).filter(Boolean), privateNotes: text(c.privateNotes.value),
  });
  /** @param {FormValues} v */
  const fillForm = (v) => {
    for (const name of FORM_FIELDS) {
      const value = v[name];
      c[name].value = name === 'languages' && Array.isArray(value) ? value.join(', ') : value === null || value === undefined ? '' : String(value);
    }
  };
  /** @type {Map<number, string>} */
  const facilityNames = new Map(facilities.map((f) => [f.id, `${f.name} — ${f.city}`]));
  /** @param {string} name @param {unknown} value */
  const format = (name, value) => {
    if (value === null || value === undefined || value === '') return '';
    if (name === 'facilityId') return facilityNames.get(Number(value)) ?? `#${value}`;
    if (name === 'status') return t(`status.${value}`);
    if (name === 'gender') return t(`gender.${value}`);
    if (Array.isArray(value)) return value.join(', ');
    if (typeof value === 'boolean') return value ? t('conflict.yes') : t('conflict.no');
    return String(value);
  };

  /**
   * Saves the form from the version it shows; status and facility go only when the form changed them.
   * @param {FormValues} body
   */
  async function save(body) {
    if (!id) {
      const created = /** @type {Created} */ (await api.post('/api/admin/prisoners', body));
      markSaved(form);
      location.href = `/admin/person.html?id=${created.id}&created=1`;
      return;
    }
    const opened = formValuesOf(p);
    const { status, facilityId, ...rest } = body;
    const edit = { ...rest, ...(status === opened.status ? {} : { status }), ...(facilityId === opened.facilityId ? {} : { facilityId }), version: p.version };
    try {
      await api.put(`/api/admin/prisoners/${id}`, edit);
    } catch (e) {
      const conflict = conflictOf(e);
      if (!conflict) throw e;
      const theirs = /** @type {Person} */ (/** @type {unknown} */ (conflict.current));
      const stored = formValuesOf(theirs);
      const kept = (theirs.supportWithdrawn !== p.supportWithdrawn || theirs.withdrawnNote !== p.withdrawnNote)
        ? [{ label: t('field.supportWithdrawn'), value: theirs.supportWithdrawn ? `${t('conflict.yes')} — ${theirs.withdrawnNote ?? ''}` : t('conflict.no') }]
        : [];
      const chosen = await conflictDialog({
        fields: FORM_FIELDS.map((name) => ({ name, label: t(name === 'facilityId' ? 'field.facility' : `field.${name}`), mine: body[name], base: opened[name], theirs: stored[name] })),
        kept, format,
      });
      if (!chosen) return;
      // From here on the form stands on the stored version, with the organizer's choices in it.
      Object.assign(p, theirs);
      fillForm(/** @type {FormValues} */ (chosen));
      return save(/** @type {FormValues} */ (chosen));
    }
    markSaved(form);
    say(t('person.saved'));
    setTimeout(() => location.reload(), 600);
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = formValues();
    if (Number.isNaN(body.birthYear)) return showError(form, { field: 'birthYear', message: 'birthYear: must be a year from 1900 to ' + new Date().getFullYear() });
    try {
      await save(body);
    } catch (e) {
      showError(form, e);
    }
  });

  const title = (id && p.latinName) || t('person.newTitle');
  main.append(...pageHead(title, id ? [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ') : t('person.newLead'),
    id ? el('button', { type: 'button', class: 'danger', onclick: remove }, t('action.delete')) : null));
  if (new URLSearchParams(location.search).get('created')) main.append(el('div', { class: 'notice ok', role: 'status' }, t('person.created')));
  if (p.stale) main.append(el('div', { class: 'notice warn', role: 'note' }, p.addressAsOf ? t('person.staleWarning', { date: p.addressAsOf }) : t('person.noAsOf')));
  if (p.supportWithdrawn) main.append(el('div', { class: 'notice bad' }, el('strong', {}, t('badge.withdrawn')), ' — ', p.withdrawnNote ?? ''));
  if (p.status === 'released') main.append(el('div', { class: 'notice' }, t('person.releasedNote')));
  if (!id) {
    main.append(form);
    return watchForm(form);
  }

  const transfer = transferPanel();
  const actions = statusPanel();
  const delivery = await deliveryPanel();
  main.append(el('div', { class: 'columns' }, form, el('div', {}, delivery, transfer, actions, historyPanel())));
  for (const f of [form, transfer, actions]) watchForm(f);

  /**
   * Sends a status action from the version the page shows. When another organizer saved meanwhile, their changes
   * are shown first, and the action goes ahead on the stored version only if the organizer says so.
   * @param {string} url
   * @param {object} body
   * @param {number} [version]
   * @returns {Promise<boolean>} whether it was done
   */
  async function action(url, body, version = p.version) {
    try {
      await api.post(url, { ...body, version });
      return true;
    } catch (e) {
      const conflict = conflictOf(e);
      if (!conflict) throw e;
      const kept = conflict.changed.map((name) => ({ label: t(name === 'facilityId' ? 'field.facility' : `field.${name}`), value: format(name, conflict.current[name]) }));
      const goOn = await conflictDialog({ fields: [], kept, format, saveLabel: t('conflict.goOn') });
      return goOn ? action(url, body, conflict.current.version) : false;
    }
  }

  /**
   * How this person's items leave (their preferred route, else the default), a suspect address (a letter came back)
   * with its two ways out, and the link to their numbered letters (docs/delivery.md).
   */
  async function deliveryPanel() {
    const routes = /** @type {import('../shared/api-types.js').RouteList} */ (await api.get('/api/admin/routes')).routes;
    const preferred = select([option('', t('person.defaultRoute')), ...routes.map((r) => option(r.id, `${r.name}${r.enabled ? '' : ` (${t('routes.disabled')})`}`))], p.preferredRouteId ?? '');
    preferred.addEventListener('change', async () => {
      if (await action(`/api/admin/prisoners/${id}/preferred-route`, { routeId: preferred.value ? Number(preferred.value) : null })) location.reload();
    });
    const suspect = p.addressSuspect
      ? el('div', { class: 'notice warn', role: 'note' },
        el('p', {}, t('person.suspect', { reason: p.addressSuspectReason ?? '' })),
        el('p', { class: 'small' }, p.allowWhileSuspect ? t('person.suspectAllowed') : t('person.suspectHeld')),
        el('div', { class: 'actions' },
          el('button', { type: 'button', onclick: async () => { if (await action(`/api/admin/prisoners/${id}/address-confirmed`, {})) location.reload(); } }, t('person.confirmAddress')),
          el('button', { type: 'button', onclick: async () => {
            if (await action(`/api/admin/prisoners/${id}/allow-while-suspect`, { allow: !p.allowWhileSuspect })) location.reload();
          } }, p.allowWhileSuspect ? t('person.holdSuspect') : t('person.allowSuspect'))))
      : null;
    return el('section', { class: 'panel' }, el('h2', {}, t('person.delivery')), suspect,
      field('preferredRouteId', preferred, { label: t('person.preferredRoute') }),
      el('p', { class: 'small' }, el('a', { href: `/admin/ledger.html?personId=${id}` }, t('person.ledger'))));
  }

  async function remove() {
    if (!confirm(t('person.deleteConfirm', { name: p.latinName ?? '' }))) return;
    await api.del(`/api/admin/prisoners/${id}`);
    location.href = '/admin/';
  }

  function transferPanel() {
    const mode = el('div', { class: 'actions', role: 'radiogroup' },
      el('label', { class: 'check' }, el('input', { type: 'radio', name: 'mode', value: 'existing', checked: true }), t('transfer.existing')),
      el('label', { class: 'check' }, el('input', { type: 'radio', name: 'mode', value: 'new' }), t('transfer.new')));
    const target = select(facilities.filter((f) => f.id !== p.facilityId).map((f) => option(f.id, `${f.name} — ${f.city}`)));
    target.name = 'facilityId';
    const nf = {
      name: el('input', { type: 'text', name: 'name', lang: 'ru' }), kind: select(KINDS.map((k) => [k, t(`kind.${k}`)]), 'ik'),
      street: el('input', { type: 'text', name: 'street', lang: 'ru' }), city: el('input', { type: 'text', name: 'city', lang: 'ru' }),
      region: el('input', { type: 'text', name: 'region', lang: 'ru' }), postalCode: el('input', { type: 'text', name: 'postalCode', inputmode: 'numeric' }),
    };
    const newBox = el('div', { hidden: true },
      field('name', nf.name, { label: t('field.facilityName') }), field('kind', nf.kind, { label: t('field.facilityKind') }),
      el('div', { class: 'grid2' }, field('street', nf.street), field('city', nf.city)),
      el('div', { class: 'grid2' }, field('region', nf.region), field('postalCode', nf.postalCode)));
    const asOf = el('input', { type: 'date', name: 'addressAsOf', value: today(), max: today() });
    const source = el('input', { type: 'text', name: 'addressSource' });
    const status = select([['', t('transfer.keepStatus')], ...STATUSES.filter((s) => s !== 'released').map((s) => option(s, t(`status.${s}`)))]);
    status.name = 'status';
    const existingBox = field('facilityId', target, { label: t('transfer.to') });
    const f = el('form', { class: 'panel', novalidate: true },
      el('h2', {}, t('transfer.title')), el('p', { class: 'small muted' }, t('transfer.lead')), mode, existingBox, newBox,
      el('div', { class: 'grid2' }, field('addressAsOf', asOf), field('addressSource', source)), field('status', status),
      el('button', { class: 'primary', type: 'submit' }, t('transfer.submit')));
    mode.addEventListener('change', () => {
      const isNew = checkedRadio(f, 'mode')?.value === 'new';
      newBox.hidden = !isNew;
      existingBox.hidden = isNew;
    });
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(f);
      const isNew = !newBox.hidden;
      /** @type {{ addressAsOf: string, addressSource: string, status?: string, facilityId?: number, newFacility?: Record<string, string | null> }} */
      const body = { addressAsOf: asOf.value, addressSource: source.value, ...(status.value ? { status: status.value } : {}) };
      if (isNew) body.newFacility = { name: nf.name.value, kind: nf.kind.value, street: nf.street.value, city: nf.city.value, region: text(nf.region.value), postalCode: nf.postalCode.value, country: 'RU' };
      else body.facilityId = Number(target.value);
      try {
        if (!(await action(`/api/admin/prisoners/${id}/transfer`, body))) return;
        markSaved(f);
        say(t('transfer.done'));
        setTimeout(() => location.reload(), 600);
      } catch (e) {
        showError(f, e);
      }
    });
    return f;
  }

  function statusPanel() {
    const note = el('textarea', { name: 'note', rows: 2 });
    const f = el('form', { class: 'panel', novalidate: true }, el('h2', {}, t('statusActions.title')));
    /**
     * @param {string} url
     * @param {object} body
     * @param {string} done
     */
    const act = async (url, body, done) => {
      clearErrors(f);
      try {
        if (!(await action(url, body))) return;
        markSaved(f);
        say(done);
        setTimeout(() => location.reload(), 600);
      } catch (e) {
        showError(f, e);
      }
    };
    if (p.status !== 'released') {
      f.append(el('p', { class: 'small muted' }, t('statusActions.releaseLead')),
        el('button', { type: 'button', onclick: () => confirm(t('statusActions.releaseConfirm')) && act(`/api/admin/prisoners/${id}/release`, {}, t('statusActions.released')) }, t('statusActions.release')));
    }
    if (p.supportWithdrawn) {
      f.append(el('p', { class: 'small muted' }, t('statusActions.restoreLead')),
        el('button', { type: 'button', onclick: () => act(`/api/admin/prisoners/${id}/restore-support`, {}, t('statusActions.restored')) }, t('statusActions.restore')));
    } else {
      f.append(el('h3', {}, t('statusActions.withdraw')), el('p', { class: 'small muted' }, t('statusActions.withdrawLead')),
        field('note', note, { label: t('field.withdrawnNote') }),
        el('button', { type: 'button', class: 'danger', onclick: () => act(`/api/admin/prisoners/${id}/withdraw-support`, { note: note.value }, t('statusActions.withdrawn')) }, t('statusActions.withdraw')));
    }
    return f;
  }

  function historyPanel() {
    const tbody = el('tbody');
    api.get(`/api/admin/audit?entity=prisoner&entityId=${id}&limit=50`).then((reply) => {
      tbody.replaceChildren(...(/** @type {AuditList} */ (reply)).entries.map((e) => auditRow(e, { showEntity: false })));
    });
    return el('section', { class: 'panel' }, el('h2', {}, t('person.history')),
      el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.when'), t('col.who'), t('col.action'), t('col.change')].map((h) => el('th', {}, h)))), tbody)),
      el('p', {}, el('a', { href: `/admin/audit.html?entity=prisoner&entityId=${id}` }, t('person.fullHistory'))));
  }
});

// @ts-check
// CSV import: upload, map the file's columns to fields (the last mapping is remembered), a dry run that shows every
// row as create / update / unchanged / duplicate / error with line, field and rule, the columns nothing reads and the
// changes to facilities other people share (confirmed before applying), then apply — all or nothing — and undo.
import { ApiError } from '../shared/api.js';
import { el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api, explain, field, fieldErrorOf, option, pageHead, say, select, startPage } from './shell.js';
import { diffList } from './diff.js';

/** @typedef {import('../shared/api-types.js').ImportLimits} ImportLimits */
/** @typedef {import('../shared/api-types.js').ImportReport} ImportReport */
/** @typedef {import('../shared/api-types.js').ImportRow} ImportRow */
/** @typedef {import('../shared/api-types.js').ImportAction} ImportAction */
/** @typedef {import('../shared/api-types.js').ImportUndo} ImportUndo */
/** @typedef {import('../shared/api-types.js').SharedFacilityChange} SharedFacilityChange */
/** Field → column header; a field set to undefined is not taken from the file. */
/** @typedef {Record<string, string | undefined>} Mapping */

const SHOWN_ROWS = 500;

startPage('import', async (main) => {
  const limits = /** @type {ImportLimits} */ (await api.get('/api/admin/import/limits'));
  const file = el('input', { type: 'file', name: 'file', accept: '.csv,.txt,text/csv' });
  const encoding = select([['auto', t('import.encodingAuto')], ['utf-8', 'UTF-8'], ['windows-1251', 'Windows-1251']], 'auto');
  const delimiter = select([['auto', t('import.delimiterAuto')], ['semicolon', '; ' + t('import.semicolon')], ['comma', ', ' + t('import.comma')], ['tab', t('import.tab')]], 'auto');
  const target = select([['people', t('import.targetPeople')], ['facilities', t('import.targetFacilities')]], 'people');
  const checkButton = el('button', { class: 'primary', type: 'submit' }, t('import.dryRun'));
  const uploadForm = el('form', { class: 'panel', novalidate: true },
    el('h2', {}, t('import.step1')),
    el('p', { class: 'small muted' }, t('import.limits', { mb: Math.round(limits.maxBytes / 1048576), rows: t('import.rows', { count: limits.maxRows, rows: limits.maxRows.toLocaleString() }) })),
    el('div', { class: 'grid3' }, field('target', target, { label: t('import.target') }), field('file', file, { label: t('import.file') }), field('encoding', encoding, { label: t('import.encoding') }), field('delimiter', delimiter, { label: t('import.delimiter') })),
    checkButton);
  const result = el('div');
  main.append(...pageHead(t('import.title'), t('import.lead'),
    el('a', { class: 'button', href: '/api/admin/export.csv' }, t('action.exportCsv')),
    el('a', { class: 'button', href: '/api/admin/export-facilities.csv' }, t('import.exportFacilities')),
    el('a', { class: 'button', href: '/api/admin/export.json' }, t('action.exportJson'))), uploadForm, result);

  /** @type {Mapping | null} */
  let mapping = null;
  let confirmed = false;
  uploadForm.addEventListener('submit', (ev) => { ev.preventDefault(); mapping = null; run('dry-run'); });
  target.addEventListener('change', () => { mapping = null; });

  function formData() {
    const data = new FormData();
    data.append('target', target.value);
    if (confirmed) data.append('confirmSharedFacilityChanges', 'true');
    data.append('encoding', encoding.value);
    data.append('delimiter', delimiter.value);
    if (mapping) data.append('mapping', JSON.stringify(mapping));
    const chosen = file.files?.[0];
    if (chosen) data.append('file', chosen);
    return data;
  }

  /** @param {'dry-run' | 'apply'} step */
  async function run(step) {
    if (!file.files?.[0]) return say(t('import.chooseFile'), 'bad');
    if (step === 'dry-run') confirmed = false;
    result.replaceChildren(el('p', { class: 'muted', role: 'status' }, step === 'apply' ? t('import.applying') : t('import.checking')));
    try {
      const report = /** @type {ImportReport} */ (await api.post(`/api/admin/import/${step}`, formData()));
      mapping = report.mapping;
      render(report, step === 'apply');
    } catch (e) {
      const err = fieldErrorOf(e);
      const tooBig = e instanceof ApiError && e.status === 413;
      result.replaceChildren(el('div', { class: 'notice bad', role: 'alert' }, el('strong', {}, tooBig ? t('import.refusedSize') : t('import.refused')), ' ', explain(err.message, err.field)));
    }
  }

  /**
   * @param {ImportReport} r
   * @param {boolean} applied
   */
  function render(r, applied) {
    const mapSelects = r.fields.map((f) => {
      const s = select([['', t('import.notInFile')], ...r.headers.map((h) => option(h, h))], r.mapping[f]);
      s.addEventListener('change', () => { mapping = { ...mapping, [f]: s.value || undefined }; });
      return field(`map-${f}`, s, { label: `${t(`field.${f}`)}${r.required.includes(f) ? ' *' : ''}` });
    });
    /** @type {ImportAction[]} */
    const counts = ['create', 'update', 'unchanged', 'duplicate', 'error'];
    const filter = select([['all', t('import.showAll')], ...counts.map((a) => option(a, t(`import.action.${a}`)))], r.summary.error ? 'error' : 'all');
    const tbody = el('tbody');
    const shown = el('p', { class: 'small muted' });
    const fill = () => {
      const rows = r.rows.filter((x) => filter.value === 'all' || x.action === filter.value);
      tbody.replaceChildren(...rows.slice(0, SHOWN_ROWS).map(rowView));
      if (!rows.length) tbody.append(el('tr', {}, el('td', { colspan: 4, class: 'empty' }, t('import.noRows'))));
      shown.textContent = rows.length > SHOWN_ROWS ? t('import.shownOf', { shown: SHOWN_ROWS, total: rows.length }) : '';
    };
    filter.addEventListener('change', fill);
    const changes = r.summary.create + r.summary.update;
    // A people file whose rows are unchanged may still change a facility.
    const nothing = changes === 0 && r.facilities.create + r.facilities.update === 0;
    const applyButton = el('button', { class: 'primary', type: 'button', disabled: !r.canApply || nothing || r.needsConfirmation, onclick: () => confirm(t('import.applyConfirm', { count: changes })) && run('apply') },
      t('import.apply', { n: changes }));
    const confirmBox = el('input', { type: 'checkbox', name: 'confirmSharedFacilityChanges', onchange: () => { confirmed = confirmBox.checked; applyButton.disabled = !r.canApply || nothing || !confirmed; } });
    const undoButton = el('button', { type: 'button', onclick: () => r.batchId !== null && confirm(t('import.undoConfirm')) && undo(r.batchId) }, t('import.undo'));
    result.replaceChildren(...[
      applied ? el('div', { class: 'notice ok', role: 'status' }, el('strong', {}, t('import.applied')), ' ', t('import.appliedDetail', { create: r.summary.create, update: r.summary.update }), ' ', el('a', { href: '/admin/audit.html?entity=import' }, t('import.seeAudit')), ' ', undoButton) : null,
      el('details', { class: 'panel', open: r.missingRequired.length > 0 },
        el('summary', {}, el('h2', {}, t('import.step2')), el('span', { class: 'muted small' }, t('import.mappedCount', { n: Object.keys(r.mapping).length, count: r.fields.length }))),
        el('p', { class: 'small muted' }, t('import.detected', { encoding: r.encoding, delimiter: r.delimiter === '\t' ? 'tab' : r.delimiter, file: r.filename, columns: t('import.columns', { count: r.headers.length }) })),
        el('div', { class: 'mapping' }, mapSelects),
        el('button', { type: 'button', onclick: () => run('dry-run') }, t('import.recheck'))),
      el('section', { class: 'panel' },
        el('h2', {}, applied ? t('import.resultTitle') : t('import.step3')),
        r.missingRequired.length ? el('div', { class: 'notice bad', role: 'alert' }, t('import.missingRequired', { fields: r.missingRequired.map((f) => t(`field.${f}`)).join(', ') })) : null,
        r.warnings.map((w) => el('div', { class: 'notice warn' }, w)),
        r.unmappedColumns.length ? el('div', { class: 'notice warn', 'data-unmapped': '' }, t('import.unmapped', { columns: r.unmappedColumns.map((c) => `«${c}»`).join(', ') })) : null,
        r.sharedFacilityChanges.length ? el('div', { class: 'notice warn', role: 'alert' },
          el('strong', {}, t('import.sharedTitle')),
          r.sharedFacilityChanges.map(sharedView),
          applied ? null : el('label', {}, confirmBox, ' ', t('import.sharedConfirm'))) : null,
        el('div', { class: 'summary' }, counts.map((a) => el('div', { class: 'count' }, el('strong', {}, String(r.summary[a])), el('span', { class: `badge ${a}` }, t(`import.action.${a}`)))),
          el('div', { class: 'count' }, el('strong', {}, `${r.facilities.create} / ${r.facilities.update}`), el('span', { class: 'small muted' }, t('import.facilitiesNewChanged')))),
        applied ? null : el('div', { class: 'actions' }, applyButton,
          r.summary.error ? el('span', { class: 'notice bad' }, t('import.fixErrors', { n: r.summary.error })) : null),
        el('div', { class: 'filters' }, field('filter', filter, { label: t('import.show') }), shown),
        el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, [t('col.line'), t('col.result'), t('col.name'), t('col.details')].map((h) => el('th', {}, h)))), tbody))),
    ].filter((node) => node !== null));
    fill();
  }

  /** @param {number} id */
  async function undo(id) {
    try {
      const u = /** @type {ImportUndo} */ (await api.post(`/api/admin/import/${id}/undo`, {}));
      result.replaceChildren(el('div', { class: 'notice ok', role: 'status' }, t('import.undone', { deleted: u.people.deleted, restored: u.people.restored + u.facilities.restored })));
    } catch (e) {
      const err = fieldErrorOf(e);
      result.prepend(el('div', { class: 'notice bad', role: 'alert' }, el('strong', {}, t('import.undoRefused')), ' ', explain(err.message, err.field)));
      say(t('import.undoRefused'), 'bad');
    }
  }

  /** @param {SharedFacilityChange} c */
  function sharedView(c) {
    const more = c.affectedCount - c.affected.length;
    return el('div', { class: 'shared-facility' },
      el('p', { lang: 'ru' }, el('a', { href: `/admin/facility.html?id=${c.facilityId}` }, c.name), ' ', t('import.sharedLine', { line: c.line, count: c.affectedCount })),
      diffList(c.changes.map((x) => [x.field, x.before, x.after])),
      el('p', { class: 'small', lang: 'ru' }, c.affected.map((p, i) => [i ? ', ' : '', el('a', { href: `/admin/person.html?id=${p.id}` }, p.name)]).flat(),
        more > 0 ? ` ${t('import.andMore', { n: more })}` : ''));
  }

  /** @param {ImportRow} x */
  function rowView(x) {
    let details = null;
    if (x.errors.length) details = el('ul', { class: 'diff' }, x.errors.map((e) => el('li', {}, el('span', { class: 'field-name' }, t(`field.${e.field}`)), ': ', explain(e.rule))));
    else if (x.action === 'update') details = diffList(x.changes.map((c) => [c.field, c.before, c.after]));
    else if (x.action === 'duplicate') details = el('span', { class: 'small muted' }, t('import.duplicateOf', { line: x.duplicateOf ?? '' }));
    const facility = x.facility ? el('div', { class: 'small muted' }, t(`import.facility.${x.facility}`)) : null;
    return el('tr', {}, el('td', { class: 'num' }, x.line), el('td', {}, el('span', { class: `badge ${x.action}` }, t(`import.action.${x.action}`))),
      el('td', { lang: 'ru' }, x.name, x.personId ? el('div', {}, el('a', { class: 'small', href: `/admin/person.html?id=${x.personId}` }, `#${x.personId}`)) : null),
      el('td', {}, details, facility));
  }
});

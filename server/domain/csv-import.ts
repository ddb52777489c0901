/**
 * CSV import, the pure part: bytes → text (encoding detected), text → records (separator detected, line numbers
 * kept), and records → a plan where every row is create / update / unchanged / duplicate / error with the
 * reason. The database side (db/csv-import.ts) loads the current records and applies a plan in one transaction.
 */
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../model/errors.js';
import type { FacilityRecord, PersonRecord } from '../model/records.js';
import type { PersonInput } from '../model/schemas.js';
import { FACILITY_KINDS, PRISONER_STATUSES, type FacilityKind, type PrisonerStatus } from '../model/vocabulary.js';
import { latinFullName, searchKey } from './names.js';
import { normalizeFacility, normalizePrisoner } from './records.js';
import { fromSpreadsheetSafe } from './csv-safe.js';

/** Largest file accepted (bytes) and most data rows per import: a list bigger than this is split first. */
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

export type ImportEncoding = 'auto' | 'utf-8' | 'windows-1251';
export type ImportDelimiter = 'auto' | ';' | ',' | '\t';

/** Columns Volya reads and writes, in export order. Facility columns describe the person's current facility. */
export const IMPORT_FIELDS = [
  'surname', 'givenName', 'patronymic', 'latinName', 'nameDative', 'gender', 'birthYear', 'birthDate', 'status',
  'facilityName', 'facilityKind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules',
  'addressAsOf', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'languages', 'supportWithdrawn', 'withdrawnNote',
  'privateNotes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: ImportField[] = ['surname', 'givenName'];
const FACILITY_FIELDS: ImportField[] = ['facilityName', 'facilityKind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules'];

/** Header spellings support groups use, matched after lower-casing and dropping spaces and punctuation. */
const ALIASES: Partial<Record<ImportField, string[]>> = {
  surname: ['фамилия', 'lastname', 'familyname'],
  givenName: ['имя', 'firstname', 'name', 'given'],
  patronymic: ['отчество', 'middlename'],
  latinName: ['latin', 'nameinlatin', 'english name'],
  gender: ['пол', 'sex'],
  birthYear: ['годрождения', 'yearofbirth', 'год', 'year'],
  birthDate: ['датарождения', 'dateofbirth', 'birthday', 'dob'],
  status: ['статус'],
  facilityName: ['учреждение', 'facility', 'institution', 'prison'],
  facilityKind: ['тип', 'kind'],
  street: ['улица', 'адрес', 'address'],
  city: ['город', 'town', 'населенныйпункт'],
  district: ['район'],
  region: ['регион', 'область', 'oblast'],
  postalCode: ['индекс', 'zip', 'postcode', 'index'],
  country: ['страна'],
  addressAsOf: ['asof', 'актуально', 'датаадреса'],
  addressSource: ['source', 'источник'],
  caseName: ['дело', 'case'],
  bioEn: ['bio', 'about'],
  bioRu: ['биография', 'очеловеке'],
  languages: ['языки', 'language'],
};

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1251';
}

function refuse(message: string, field = 'file', kind: 'invalid' | 'too-large' = 'invalid'): never {
  throw new DomainError(kind, message, field);
}

/** Decodes the upload: UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1251. Binary is refused. */
export function decodeCsvBytes(bytes: Uint8Array, encoding: ImportEncoding = 'auto'): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0 || buf.toString('latin1').trim() === '') refuse('file: the file is empty');
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  const head = buf.subarray(0, 64 * 1024);
  // Text files never hold NUL or most control bytes; spreadsheets, images and archives do.
  let control = 0;
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)) control++;
  if (control > 0) refuse('file: this is not a CSV text file (it contains binary data). Save the sheet as CSV and upload that');
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (encoding === 'windows-1251') return { text: iconv.decode(body, 'win1251'), encoding: 'windows-1251' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    if (encoding === 'utf-8') refuse('file: the file is not valid UTF-8; choose Windows-1251 (or "detect") as the encoding');
    return { text: iconv.decode(body, 'win1251'), encoding: 'windows-1251' };
  }
}

/** UTF-8 read as Windows-1251 turns «Иван» into «Р�РІР°РЅ»: pairs of Р/С with a symbol or rare letter after. */
export function looksGarbled(text: string): boolean {
  const pairs = text.match(/[\u0420\u0421][\u0402-\u040F\u0452-\u045F\u00A0-\u00BF\u2018-\u2022\u2026\u2030\u2039\u203A\u20AC\u2116\u2122]/gu);
  return pairs !== null && pairs.length >= 2;
}

export interface CsvRecord {
  /** Line in the file where the record starts (1-based; the header is line 1). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  delimiter: ';' | ',' | '\t';
  headers: string[];
  records: CsvRecord[];
}

function detectDelimiter(text: string): ';' | ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const counts: [';' | ',' | '\t', number][] = [[';', count(';')], [',', count(',')], ['\t', count('\t')]];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** Parses CSV text; a broken quote or too many rows is a refusal that names the line. */
export function parseCsvText(text: string, delimiter: ImportDelimiter = 'auto'): ParsedCsv {
  const sep = delimiter === 'auto' ? detectDelimiter(text) : delimiter;
  // Parsed as bytes so `info.bytes` (where each record ends) gives the line where the next one starts.
  const buf = Buffer.from(text);
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parse(buf, { delimiter: sep, info: true, relax_column_count: true, skip_empty_lines: true, bom: true, to: IMPORT_MAX_ROWS + 2 }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    refuse(`file: the CSV cannot be read near line ${err.lines ?? '?'} (${err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote is opened and never closed' : (err.message ?? 'parse error')})`);
  }
  if (rows.length === 0) refuse('file: the file is empty');
  const headers = rows[0]!.record.map((h) => h.trim());
  if (headers.every((h) => h === '')) refuse('file: the first line must name the columns');
  let offset = 0;
  let line = 1;
  const records: CsvRecord[] = [];
  for (const { record, info } of rows) {
    // Skip the blank lines before the record, counting every line break on the way.
    while (offset < buf.length && (buf[offset] === 0x0a || buf[offset] === 0x0d)) if (buf[offset++] === 0x0a) line++;
    records.push({ line, cells: record });
    for (; offset < info.bytes; offset++) if (buf[offset] === 0x0a) line++;
  }
  records.shift();
  if (records.length > IMPORT_MAX_ROWS) {
    refuse(`file: more than ${IMPORT_MAX_ROWS.toLocaleString('en')} rows; split the list into smaller files and import them one after another`, 'file', 'too-large');
  }
  if (records.length === 0) refuse('file: the file has a header line but no rows');
  return { delimiter: sep, headers, records };
}

export type ImportMapping = Partial<Record<ImportField, string>>;

const squash = (s: string) => searchKey(s).replace(/[^\p{L}\p{N}]/gu, '');

/** The mapping to use: the remembered one where its columns exist, then exact field names, then known aliases. */
export function suggestMapping(headers: string[], remembered: ImportMapping = {}): ImportMapping {
  const present = new Set(headers);
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  const take = (field: ImportField, header: string) => {
    mapping[field] = header;
    taken.add(header);
  };
  for (const field of IMPORT_FIELDS) {
    const h = remembered[field];
    if (h && present.has(h)) take(field, h);
  }
  for (const field of IMPORT_FIELDS) {
    if (mapping[field]) continue;
    const wanted = [field, ...(ALIASES[field] ?? [])].map(squash);
    const h = headers.find((x) => !taken.has(x) && wanted.includes(squash(x)));
    if (h) take(field, h);
  }
  return mapping;
}

export interface ImportContext {
  prisoners: PersonRecord[];
  facilities: FacilityRecord[];
}

export interface RowProblem {
  field: string;
  rule: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'duplicate' | 'error';

export interface RowReport {
  line: number;
  action: RowAction;
  name: string;
  personId: number | null;
  facility: 'create' | 'update' | null;
  changes: FieldChange[];
  errors: RowProblem[];
  duplicateOf: number | null;
}

type NormalizedPerson = ReturnType<typeof normalizePrisoner>;
type NormalizedFacility = ReturnType<typeof normalizeFacility>;

/** A facility the plan creates (ref < 0) or updates (ref = its id). */
export interface FacilityOp {
  ref: number;
  action: 'create' | 'update';
  line: number;
  values: NormalizedFacility;
}

export interface PersonOp {
  line: number;
  action: 'create' | 'update';
  id: number | null;
  /** facilityId may be a negative ref to a facility the plan creates. */
  values: NormalizedPerson;
}

export interface ImportPlan {
  rows: RowReport[];
  summary: Record<RowAction, number>;
  facilityOps: FacilityOp[];
  personOps: PersonOp[];
  missingRequired: ImportField[];
  warnings: string[];
}

class RowError extends Error {
  constructor(readonly field: string, readonly rule: string) {
    super(`${field}: ${rule}`);
  }
}

function problemOf(e: unknown): RowProblem {
  if (e instanceof RowError) return { field: e.field, rule: e.rule };
  if (e instanceof DomainError) {
    const field = e.field ?? 'row';
    return { field, rule: e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message };
  }
  throw e;
}

const GENDERS: Record<string, 'male' | 'female'> = {
  male: 'male', m: 'male', м: 'male', муж: 'male', мужской: 'male',
  female: 'female', f: 'female', ж: 'female', жен: 'female', женский: 'female',
};
const YES = new Set(['yes', 'true', '1', 'да', 'y']);
const NO = new Set(['no', 'false', '0', 'нет', 'n', '']);

function day(field: string, raw: string): string | null {
  if (raw === '') return null;
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
  if (ru) return `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw new RowError(field, 'must be a date written YYYY-MM-DD or DD.MM.YYYY');
  return raw;
}

// Built from strings, not regex literals: the server bundle is kept ASCII-only (scripts/build.mjs).
const KIND_BY_NAME: [FacilityKind, RegExp][] = [
  ['sizo', new RegExp('СИЗО', 'u')],
  ['liu', new RegExp('ЛИУ', 'u')],
  ['kp', new RegExp('(^|[\\s-])КП[-\\s]', 'u')],
  ['ik', new RegExp('(^|[\\s-])ИК[-\\s]', 'u')],
  ['prison', new RegExp('(^|\\s)Т[-\\s]?\\d|тюрьма', 'iu')],
];

function kindFromName(name: string): FacilityKind {
  return KIND_BY_NAME.find(([, re]) => re.test(name))?.[0] ?? 'other';
}

const facilityKey = (name: string) => squash(name);
export const personKey = (p: { surname: string; givenName: string; birthYear: number | null }) =>
  `${searchKey(p.surname.trim())}|${searchKey(p.givenName.trim())}|${p.birthYear ?? ''}`;

/** The stored person as the input shape, so an update starts from what is there. */
function inputOf(p: PersonRecord): PersonInput {
  return {
    surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, latinName: p.latinNameSet ? p.latinName : null,
    nameDative: p.nameDative, gender: p.gender, birthYear: p.birthYear, birthDate: p.birthDate, facilityId: p.facilityId,
    status: p.status, addressAsOf: p.addressAsOf, addressSource: p.addressSource, caseName: p.caseName, bioEn: p.bioEn,
    bioRu: p.bioRu, languages: p.languages.split(','), supportWithdrawn: p.supportWithdrawn === 1,
    withdrawnNote: p.withdrawnNote, privateNotes: p.privateNotes, knownAs: p.knownAs,
  };
}

const COMPARED_PERSON: (keyof NormalizedPerson)[] = [
  'surname', 'givenName', 'patronymic', 'latinName', 'latinNameSet', 'nameDative', 'gender', 'birthYear', 'birthDate',
  'facilityId', 'status', 'addressAsOf', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'languages', 'supportWithdrawn',
  'withdrawnNote', 'privateNotes',
];
const COMPARED_FACILITY: (keyof NormalizedFacility)[] = ['name', 'kind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules'];

/**
 * Classifies every record against the current list. Missing optional columns leave stored values alone; an empty
 * cell in a mapped column clears the value (except gender and status, which keep the stored one).
 */
export function planImport(parsed: ParsedCsv, mapping: ImportMapping, context: ImportContext, now = new Date()): ImportPlan {
  const index = new Map(parsed.headers.map((h, i) => [h, i] as const));
  const columnOf = new Map<ImportField, number>();
  for (const field of IMPORT_FIELDS) {
    const h = mapping[field];
    if (h !== undefined && index.has(h)) columnOf.set(field, index.get(h)!);
  }
  const missingRequired = REQUIRED_FIELDS.filter((f) => !columnOf.has(f));
  const summary: Record<RowAction, number> = { create: 0, update: 0, unchanged: 0, duplicate: 0, error: 0 };
  const plan: ImportPlan = { rows: [], summary, facilityOps: [], personOps: [], missingRequired, warnings: [] };
  if (missingRequired.length) return plan;

  const byPerson = new Map<string, PersonRecord[]>();
  for (const p of context.prisoners) {
    const k = personKey(p);
    byPerson.set(k, [...(byPerson.get(k) ?? []), p]);
  }
  const byFacility = new Map<string, FacilityRecord[]>();
  for (const f of context.facilities) {
    const k = facilityKey(f.name);
    byFacility.set(k, [...(byFacility.get(k) ?? []), f]);
  }
  // Facilities this file creates or changes, by key: later rows must agree with the first one.
  const plannedFacility = new Map<string, { op: FacilityOp | null; id: number; country: string; values: NormalizedFacility }>();
  const seenPeople = new Map<string, { line: number; values: NormalizedPerson }>();
  const garbledLines: number[] = [];
  let nextRef = -1;

  for (const record of parsed.records) {
    // An export marks formula-like cells with a leading ' (csv-safe.ts): the value is what follows it.
    const cell = (f: ImportField) => (columnOf.has(f) ? fromSpreadsheetSafe((record.cells[columnOf.get(f)!] ?? '').trim()) : undefined);
    const row: RowReport = { line: record.line, action: 'error', name: '', personId: null, facility: null, changes: [], errors: [], duplicateOf: null };
    plan.rows.push(row);
    row.name = [cell('surname'), cell('givenName'), cell('patronymic')].filter(Boolean).join(' ') + (cell('birthYear') ? ` (${cell('birthYear')})` : '');
    if (looksGarbled(record.cells.join(' '))) garbledLines.push(record.line);
    try {
      if (record.cells.length > parsed.headers.length && record.cells.slice(parsed.headers.length).some((c) => c.trim())) {
        throw new RowError('row', `has ${record.cells.length} cells but the header has ${parsed.headers.length} columns (a separator inside an unquoted value?)`);
      }
      // The facility this row points at: undefined = facility columns not in the file.
      let facility: { id: number; country: string } | null | undefined;
      const facilityName = cell('facilityName');
      if (facilityName !== undefined) facility = facilityName === '' ? null : resolveFacility(facilityName);

      const birthYearText = cell('birthYear');
      let birthYear: number | null | undefined;
      if (birthYearText !== undefined) {
        if (birthYearText !== '' && !/^\d{4}$/.test(birthYearText)) throw new RowError('birthYear', 'must be a 4-digit year');
        birthYear = birthYearText === '' ? null : Number(birthYearText);
      }
      const birthDateText = cell('birthDate');
      const birthDate = birthDateText === undefined ? undefined : day('birthDate', birthDateText);
      const keyYear = birthYear ?? (birthDate ? Number(birthDate.slice(0, 4)) : null);
      const key = personKey({ surname: cell('surname')!, givenName: cell('givenName')!, birthYear: keyYear });
      const matches = byPerson.get(key) ?? [];
      if (matches.length > 1) {
        throw new RowError('surname', `matches ${matches.length} people already in the list (ids ${matches.map((m) => m.id).join(', ')}): merge them first`);
      }
      const existing = matches[0];
      const input: PersonInput = existing ? inputOf(existing) : { surname: '', givenName: '', status: 'unknown' };
      input.surname = cell('surname')!;
      input.givenName = cell('givenName')!;
      const text = (f: 'patronymic' | 'nameDative' | 'addressSource' | 'caseName' | 'bioEn' | 'bioRu' | 'withdrawnNote' | 'privateNotes') => {
        const v = cell(f);
        if (v !== undefined) input[f] = v === '' ? null : v;
      };
      for (const f of ['patronymic', 'nameDative', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'withdrawnNote', 'privateNotes'] as const) text(f);
      if (birthYear !== undefined) input.birthYear = birthYear;
      if (birthDate !== undefined) input.birthDate = birthDate;
      if (birthDate && birthYear === undefined) input.birthYear = Number(birthDate.slice(0, 4));
      const asOf = cell('addressAsOf');
      if (asOf !== undefined) input.addressAsOf = day('addressAsOf', asOf);
      const gender = cell('gender');
      if (gender) {
        const g = GENDERS[gender.toLowerCase()];
        if (!g) throw new RowError('gender', 'must be male or female (m/f, м/ж)');
        input.gender = g;
      }
      const status = cell('status');
      if (status) {
        if (!(PRISONER_STATUSES as readonly string[]).includes(status.toLowerCase())) throw new RowError('status', `must be one of ${PRISONER_STATUSES.join(', ')}`);
        input.status = status.toLowerCase() as PrisonerStatus;
      }
      const languages = cell('languages');
      if (languages !== undefined) input.languages = languages.split(/[\s,;]+/u).filter(Boolean);
      const withdrawn = cell('supportWithdrawn');
      if (withdrawn !== undefined) {
        const w = withdrawn.toLowerCase();
        if (!YES.has(w) && !NO.has(w)) throw new RowError('supportWithdrawn', 'must be yes or no');
        input.supportWithdrawn = YES.has(w);
      }
      const latin = cell('latinName');
      if (latin !== undefined) {
        // The derived spelling written back by an export is not an organizer's override.
        input.latinName = latin === '' || latin === latinFullName({ surname: input.surname.trim(), givenName: input.givenName.trim() }) ? null : latin;
      }
      if (facility !== undefined) input.facilityId = facility?.id ?? null;
      const country = facility !== undefined ? (facility?.country ?? null) : countryOf(input.facilityId ?? null);
      const values = normalizePrisoner(input, country, now);

      const earlier = seenPeople.get(key);
      if (earlier) {
        row.duplicateOf = earlier.line;
        const differs = COMPARED_PERSON.filter((f) => earlier.values[f] !== values[f]);
        if (differs.length) throw new RowError(differs[0]!, `same person (surname, given name, birth year) as line ${earlier.line} but with a different ${differs.join(', ')}: keep one row`);
        row.action = 'duplicate';
        summary.duplicate++;
        continue;
      }
      seenPeople.set(key, { line: record.line, values });
      if (existing) {
        row.personId = existing.id;
        row.changes = COMPARED_PERSON.filter((f) => existing[f] !== values[f]).map((f) => ({ field: f, before: existing[f], after: values[f] }));
        row.action = row.changes.length ? 'update' : 'unchanged';
      } else {
        row.action = 'create';
      }
      if (row.action !== 'unchanged') plan.personOps.push({ line: record.line, action: row.action as 'create' | 'update', id: existing?.id ?? null, values });
      summary[row.action]++;
    } catch (e) {
      row.errors.push(problemOf(e));
      row.action = 'error';
      row.facility = null;
      summary.error++;
    }

    /** Finds or plans the row's facility; address columns that differ from the stored facility update it. */
    function resolveFacility(name: string): { id: number; country: string } {
      const k = facilityKey(name);
      const planned = plannedFacility.get(k);
      const stored = byFacility.get(k) ?? [];
      if (stored.length > 1 && !planned) throw new RowError('facilityName', `${stored.length} facilities share this name: rename one first`);
      const base = planned?.values ?? stored[0];
      const pick = (f: 'street' | 'city' | 'district' | 'region' | 'postalCode' | 'country' | 'mailRules') => {
        const v = cell(f);
        return v !== undefined ? v : (base?.[f] ?? null);
      };
      const kindText = cell('facilityKind');
      if (kindText && !(FACILITY_KINDS as readonly string[]).includes(kindText.toLowerCase())) {
        throw new RowError('facilityKind', `must be one of ${FACILITY_KINDS.join(', ')}`);
      }
      let values: NormalizedFacility;
      try {
        values = normalizeFacility({
          name: base?.name ?? name,
          kind: kindText ? (kindText.toLowerCase() as FacilityKind) : (base?.kind ?? kindFromName(name)),
          street: pick('street') ?? '',
          city: pick('city') ?? '',
          district: pick('district'),
          region: pick('region'),
          postalCode: pick('postalCode') ?? '',
          country: pick('country') || undefined,
          mailRules: pick('mailRules'),
          notes: base?.notes ?? null,
        });
      } catch (e) {
        const p = problemOf(e);
        // Name the facility column the organizer sees.
        throw new RowError(p.field === 'name' ? 'facilityName' : p.field === 'kind' ? 'facilityKind' : p.field, p.rule);
      }
      const differs = base ? COMPARED_FACILITY.filter((f) => base[f] !== values[f]) : COMPARED_FACILITY;
      if (planned) {
        if (differs.length) {
          throw new RowError(differs[0] === 'name' ? 'facilityName' : differs[0]!, `facility "${name}" has a different ${differs.join(', ')} than on line ${planned.op?.line ?? '?'}`);
        }
        return { id: planned.id, country: planned.values.country };
      }
      if (!base) {
        const op: FacilityOp = { ref: nextRef--, action: 'create', line: record.line, values };
        plan.facilityOps.push(op);
        plannedFacility.set(k, { op, id: op.ref, country: values.country, values });
        row.facility = 'create';
        return { id: op.ref, country: values.country };
      }
      const storedFacility = stored[0]!;
      if (differs.length) {
        const op: FacilityOp = { ref: storedFacility.id, action: 'update', line: record.line, values };
        plan.facilityOps.push(op);
        plannedFacility.set(k, { op, id: storedFacility.id, country: values.country, values });
        row.facility = 'update';
      } else {
        plannedFacility.set(k, { op: null, id: storedFacility.id, country: values.country, values });
      }
      return { id: storedFacility.id, country: values.country };
    }
  }

  if (garbledLines.length) {
    plan.warnings.push(
      `Text on ${garbledLines.length} row(s) looks garbled (e.g. line ${garbledLines[0]}): the file may have been saved with the wrong encoding.`,
    );
  }
  return plan;

  function countryOf(facilityId: number | null): string | null {
    if (facilityId === null) return null;
    return context.facilities.find((f) => f.id === facilityId)?.country ?? null;
  }
}

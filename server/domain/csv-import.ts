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

/**
 * Largest file accepted (bytes) and most data rows per import: Volya's own export of 50,000 people (about 17 MB)
 * goes back in whole; a bigger list is split first. The upload is streamed to a file and the batch thread reads it.
 */
export const IMPORT_MAX_BYTES = 48 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 60_000;

export type ImportEncoding = 'auto' | 'utf-8' | 'windows-1251';
export type ImportDelimiter = 'auto' | ';' | ',' | '\t';

/**
 * Columns Volya reads and writes for people, in export order. `id` is the person's id in this list; facility
 * columns describe the person's current facility, found by `facilityId`, then `facilityKey`, then its name.
 */
export const IMPORT_FIELDS = [
  'id', 'surname', 'givenName', 'patronymic', 'latinName', 'nameDative', 'gender', 'birthYear', 'birthDate', 'status',
  'facilityId', 'facilityKey', 'facilityName', 'facilityKind', 'street', 'city', 'district', 'region', 'postalCode',
  'country', 'mailRules', 'mailRulesRu', 'facilityNotes', 'addressAsOf', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'languages',
  'supportWithdrawn', 'withdrawnNote', 'privateNotes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: ImportField[] = ['surname', 'givenName'];

/** Columns of a facilities file, in export order: `facilityKey` is the organizers' own label people rows refer to. */
export const FACILITY_IMPORT_FIELDS = [
  'id', 'facilityKey', 'name', 'kind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules', 'mailRulesRu', 'notes',
] as const;
export type FacilityImportField = (typeof FACILITY_IMPORT_FIELDS)[number];
export const FACILITY_REQUIRED_FIELDS: FacilityImportField[] = ['name'];

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
  facilityKey: ['ключучреждения', 'facilitycode'],
  facilityNotes: ['заметкиучреждения'],
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

const FACILITY_ALIASES: Partial<Record<FacilityImportField, string[]>> = {
  facilityKey: ['key', 'code', 'ключ', 'код'],
  name: ['facilityname', 'facility', 'название', 'учреждение', 'institution', 'prison'],
  kind: ['facilitykind', 'тип'],
  street: ['улица', 'адрес', 'address'],
  city: ['город', 'town', 'населенныйпункт'],
  district: ['район'],
  region: ['регион', 'область', 'oblast'],
  postalCode: ['индекс', 'zip', 'postcode', 'index'],
  country: ['страна'],
  notes: ['заметки', 'facilitynotes'],
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
export type FacilityMapping = Partial<Record<FacilityImportField, string>>;

const squash = (s: string) => searchKey(s).replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The mapping to use: the remembered one where its columns exist, then exact field names (for every field before
 * any alias, so a `facility_name` column is facilityName even when a `facility` column comes first), then aliases.
 */
export function suggestMapping(headers: string[], remembered: ImportMapping = {}): ImportMapping {
  return mapHeaders(IMPORT_FIELDS, ALIASES, headers, remembered);
}

export function suggestFacilityMapping(headers: string[]): FacilityMapping {
  return mapHeaders(FACILITY_IMPORT_FIELDS, FACILITY_ALIASES, headers, {});
}

function mapHeaders<F extends string>(fields: readonly F[], aliases: Partial<Record<F, string[]>>, headers: string[], remembered: Partial<Record<F, string>>) {
  const present = new Set(headers);
  const mapping: Partial<Record<F, string>> = {};
  const taken = new Set<string>();
  const take = (field: F, header: string) => {
    mapping[field] = header;
    taken.add(header);
  };
  for (const field of fields) {
    const h = remembered[field];
    if (h && present.has(h) && !taken.has(h)) take(field, h);
  }
  for (const wanted of [(f: F) => [squash(f)], (f: F) => (aliases[f] ?? []).map(squash)]) {
    for (const field of fields) {
      if (mapping[field]) continue;
      const names = wanted(field);
      const h = headers.find((x) => !taken.has(x) && names.includes(squash(x)));
      if (h) take(field, h);
    }
  }
  return mapping;
}

/** Columns of the file that no field reads: the dry run lists them so nothing is dropped silently. */
export function unmappedColumns(headers: string[], mapping: Partial<Record<string, string>>): string[] {
  const used = new Set(Object.values(mapping));
  return headers.filter((h) => h !== '' && !used.has(h));
}

export interface ImportContext {
  prisoners: PersonRecord[];
  facilities: FacilityRecord[];
  /** Organizers' keys for facilities (facilityKey column), from earlier imports. */
  facilityKeys?: { key: string; facilityId: number }[];
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

/** A facility the plan creates (ref < 0) or updates (ref = its id); `key` is stored for later files to refer to. */
export interface FacilityOp {
  ref: number;
  action: 'create' | 'update';
  line: number;
  values: NormalizedFacility;
  key: string | null;
}

export interface PersonOp {
  line: number;
  action: 'create' | 'update';
  id: number | null;
  /** facilityId may be a negative ref to a facility the plan creates. */
  values: NormalizedPerson;
}

/** A change to a facility that people outside the file also live at: shown, and applied only when confirmed. */
export interface SharedFacilityChange {
  facilityId: number;
  name: string;
  line: number;
  changes: FieldChange[];
  /** How many people outside the file are at this facility, and the first of them. */
  affectedCount: number;
  affected: { id: number; name: string }[];
}

export interface ImportPlan {
  rows: RowReport[];
  summary: Record<RowAction, number>;
  facilityOps: FacilityOp[];
  personOps: PersonOp[];
  missingRequired: string[];
  warnings: string[];
  sharedFacilityChanges: SharedFacilityChange[];
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

const facilityNameKey = (name: string) => squash(name);
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
const COMPARED_FACILITY: (keyof NormalizedFacility)[] = ['name', 'kind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules', 'mailRulesRu', 'notes'];

/** The cells of one facility, whichever file they come from: undefined = the column is not in the file. */
interface FacilityCells {
  id?: string;
  key?: string;
  name?: string;
  kind?: string;
  street?: string;
  city?: string;
  district?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  mailRules?: string;
  mailRulesRu?: string;
  notes?: string;
}

/** Which facility cells are named how in the report (the people file's column names or the facilities file's). */
type FacilityFieldNames = Record<'id' | 'key' | 'name' | 'kind', string>;
const PEOPLE_FACILITY_NAMES: FacilityFieldNames = { id: 'facilityId', key: 'facilityKey', name: 'facilityName', kind: 'facilityKind' };
const FACILITY_FILE_NAMES: FacilityFieldNames = { id: 'id', key: 'facilityKey', name: 'name', kind: 'kind' };

/**
 * Finds and plans facilities across the rows of one file: by id, then key, then name; address cells that differ
 * from the stored facility update it, and later rows must agree with the first one that set it.
 */
class FacilityPlanner {
  private readonly byId: Map<number, FacilityRecord>;
  private readonly byName = new Map<string, FacilityRecord[]>();
  private readonly byKey = new Map<string, number>();
  private readonly planned = new Map<string, { op: FacilityOp | null; id: number; values: NormalizedFacility }>();
  private nextRef = -1;
  readonly ops: FacilityOp[] = [];

  private readonly peopleFile: boolean;

  constructor(private readonly context: ImportContext, private readonly names: FacilityFieldNames) {
    this.peopleFile = names === PEOPLE_FACILITY_NAMES;
    this.byId = new Map(context.facilities.map((f) => [f.id, f]));
    for (const f of context.facilities) {
      const k = facilityNameKey(f.name);
      this.byName.set(k, [...(this.byName.get(k) ?? []), f]);
    }
    for (const { key, facilityId } of context.facilityKeys ?? []) this.byKey.set(key, facilityId);
  }

  countryOf(id: number | null): string | null {
    return id === null ? null : (this.byId.get(id)?.country ?? null);
  }

  /** The facility these cells point at; `create`/`update` tells the row what the plan does to it. */
  resolve(cells: FacilityCells, line: number): { id: number; country: string; action: 'create' | 'update' | null; repeat: boolean } {
    const n = this.names;
    let stored: FacilityRecord | undefined;
    const key = cells.key || null;
    if (cells.id) {
      if (!/^\d+$/.test(cells.id)) throw new RowError(n.id, 'must be the number of a facility in this list');
      stored = this.byId.get(Number(cells.id));
      if (!stored) throw new RowError(n.id, `no facility has id ${cells.id} in this list (leave it empty to create one)`);
    } else if (key) {
      const id = this.byKey.get(key);
      stored = id === undefined ? undefined : this.byId.get(id);
    } else if (cells.name) {
      const same = this.byName.get(facilityNameKey(cells.name)) ?? [];
      if (same.length > 1) {
        throw new RowError(n.name, `${same.length} facilities share this name (ids ${same.map((f) => f.id).join(', ')}): add a ${n.id} or ${n.key} column`);
      }
      stored = same[0];
    }
    const planKey = stored ? `id:${stored.id}` : key ? `key:${key}` : `name:${facilityNameKey(cells.name ?? '')}`;
    const planned = this.planned.get(planKey);
    if (!stored && !planned && !cells.name) throw new RowError(n.name, key ? `no facility has the key "${key}" yet: give its name and address to create it` : 'must not be empty');
    const base = planned?.values ?? stored;
    // On a people row, an empty facility cell says nothing (the facility's own file clears values): many rows share it.
    const pick = (v: string | undefined, was: string | null | undefined) => (v !== undefined && (v !== '' || !this.peopleFile) ? v : (was ?? null));
    if (cells.kind && !(FACILITY_KINDS as readonly string[]).includes(cells.kind.toLowerCase())) {
      throw new RowError(n.kind, `must be one of ${FACILITY_KINDS.join(', ')}`);
    }
    const name = cells.name || base?.name || '';
    let values: NormalizedFacility;
    try {
      values = normalizeFacility({
        name,
        kind: cells.kind ? (cells.kind.toLowerCase() as FacilityKind) : (base?.kind ?? kindFromName(name)),
        street: pick(cells.street, base?.street) ?? '',
        city: pick(cells.city, base?.city) ?? '',
        district: pick(cells.district, base?.district),
        region: pick(cells.region, base?.region),
        postalCode: pick(cells.postalCode, base?.postalCode) ?? '',
        country: pick(cells.country, base?.country) || undefined,
        mailRules: pick(cells.mailRules, base?.mailRules),
        mailRulesRu: pick(cells.mailRulesRu, base?.mailRulesRu),
        notes: pick(cells.notes, base?.notes),
      });
    } catch (e) {
      const p = problemOf(e);
      // Name the facility column the organizer sees.
      throw new RowError(p.field === 'name' ? n.name : p.field === 'kind' ? n.kind : p.field, p.rule);
    }
    const differs = base ? COMPARED_FACILITY.filter((f) => base[f] !== values[f]) : COMPARED_FACILITY;
    const keyChanges = key !== null && stored !== undefined && this.keyOf(stored.id) !== key;
    if (planned) {
      if (differs.length) {
        throw new RowError(differs[0] === 'name' ? n.name : differs[0]!, `facility "${values.name}" has a different ${differs.join(', ')} than on line ${planned.op?.line ?? '?'}`);
      }
      return { id: planned.id, country: planned.values.country, action: null, repeat: true };
    }
    if (!stored) {
      const op: FacilityOp = { ref: this.nextRef--, action: 'create', line, values, key };
      this.ops.push(op);
      this.planned.set(planKey, { op, id: op.ref, values });
      if (key) this.byKey.set(key, op.ref);
      return { id: op.ref, country: values.country, action: 'create', repeat: false };
    }
    if (key !== null && keyChanges && this.byKey.has(key)) {
      throw new RowError(n.key, `the key "${key}" belongs to another facility already`);
    }
    if (differs.length || keyChanges) {
      const op: FacilityOp = { ref: stored.id, action: 'update', line, values, key: keyChanges ? key : null };
      this.ops.push(op);
      this.planned.set(planKey, { op, id: stored.id, values });
      if (keyChanges) this.byKey.set(key, stored.id);
      return { id: stored.id, country: values.country, action: 'update', repeat: false };
    }
    this.planned.set(planKey, { op: null, id: stored.id, values });
    return { id: stored.id, country: values.country, action: null, repeat: false };
  }

  /** The key a stored facility had before this file. */
  keyOf(id: number): string | null {
    return (this.context.facilityKeys ?? []).find((k) => k.facilityId === id)?.key ?? null;
  }

  /** Updates of facilities where people the file does not mention live: what changes, and who is affected. */
  shared(peopleInFile: Set<number>): SharedFacilityChange[] {
    const updates = this.ops.filter((op) => op.action === 'update');
    if (!updates.length) return [];
    const at = new Map<number, PersonRecord[]>(updates.map((op) => [op.ref, []]));
    for (const p of this.context.prisoners) if (p.facilityId !== null && !peopleInFile.has(p.id)) at.get(p.facilityId)?.push(p);
    return updates.flatMap((op) => {
      const people = at.get(op.ref)!;
      const before = this.byId.get(op.ref)!;
      const changes = COMPARED_FACILITY.filter((f) => before[f] !== op.values[f]).map((f) => ({ field: f, before: before[f], after: op.values[f] }));
      if (!people.length || !changes.length) return [];
      return [{
        facilityId: op.ref, name: before.name, line: op.line, changes, affectedCount: people.length,
        affected: people.slice(0, 50).map((p) => ({ id: p.id, name: [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ') })),
      }];
    });
  }
}

function emptyPlan(missingRequired: string[]): ImportPlan {
  const summary: Record<RowAction, number> = { create: 0, update: 0, unchanged: 0, duplicate: 0, error: 0 };
  return { rows: [], summary, facilityOps: [], personOps: [], missingRequired, warnings: [], sharedFacilityChanges: [] };
}

function columnsOf<F extends string>(fields: readonly F[], headers: string[], mapping: Partial<Record<F, string>>) {
  const index = new Map(headers.map((h, i) => [h, i] as const));
  const columnOf = new Map<F, number>();
  for (const field of fields) {
    const h = mapping[field];
    if (h !== undefined && index.has(h)) columnOf.set(field, index.get(h)!);
  }
  return columnOf;
}

function extraCells(record: CsvRecord, headers: string[]) {
  if (record.cells.length > headers.length && record.cells.slice(headers.length).some((c) => c.trim())) {
    throw new RowError('row', `has ${record.cells.length} cells but the header has ${headers.length} columns (a separator inside an unquoted value?)`);
  }
}

function garbledWarning(plan: ImportPlan, lines: number[]) {
  if (lines.length) {
    plan.warnings.push(`Text on ${lines.length} row(s) looks garbled (e.g. line ${lines[0]}): the file may have been saved with the wrong encoding.`);
  }
}

/**
 * Classifies every record against the current list. A person is found by `id`, else by surname, given name and
 * birth year. Missing optional columns leave stored values alone; an empty cell in a mapped column clears the
 * value (except gender and status, which keep the stored one).
 */
export function planImport(parsed: ParsedCsv, mapping: ImportMapping, context: ImportContext, now = new Date()): ImportPlan {
  const columnOf = columnsOf(IMPORT_FIELDS, parsed.headers, mapping);
  const plan = emptyPlan(REQUIRED_FIELDS.filter((f) => !columnOf.has(f)));
  if (plan.missingRequired.length) return plan;
  const { summary } = plan;

  const byPerson = new Map<string, PersonRecord[]>();
  const byId = new Map(context.prisoners.map((p) => [p.id, p]));
  for (const p of context.prisoners) {
    const k = personKey(p);
    byPerson.set(k, [...(byPerson.get(k) ?? []), p]);
  }
  const facilities = new FacilityPlanner(context, PEOPLE_FACILITY_NAMES);
  const seenPeople = new Map<string, { line: number; values: NormalizedPerson }>();
  const peopleInFile = new Set<number>();
  const garbledLines: number[] = [];

  for (const record of parsed.records) {
    // An export marks formula-like cells with a leading ' (csv-safe.ts): the value is what follows it.
    const cell = (f: ImportField) => (columnOf.has(f) ? fromSpreadsheetSafe((record.cells[columnOf.get(f)!] ?? '').trim()) : undefined);
    const row: RowReport = { line: record.line, action: 'error', name: '', personId: null, facility: null, changes: [], errors: [], duplicateOf: null };
    plan.rows.push(row);
    row.name = [cell('surname'), cell('givenName'), cell('patronymic')].filter(Boolean).join(' ') + (cell('birthYear') ? ` (${cell('birthYear')})` : '');
    if (looksGarbled(record.cells.join(' '))) garbledLines.push(record.line);
    try {
      extraCells(record, parsed.headers);
      // The facility this row points at: undefined = facility columns not in the file.
      let facility: { id: number; country: string } | null | undefined;
      const facilityCells: FacilityCells = {
        id: cell('facilityId'), key: cell('facilityKey'), name: cell('facilityName'), kind: cell('facilityKind'), street: cell('street'),
        city: cell('city'), district: cell('district'), region: cell('region'), postalCode: cell('postalCode'), country: cell('country'),
        mailRules: cell('mailRules'), mailRulesRu: cell('mailRulesRu'), notes: cell('facilityNotes'),
      };
      const named = [facilityCells.id, facilityCells.key, facilityCells.name];
      if (named.some((v) => v !== undefined)) {
        if (named.every((v) => !v)) facility = null;
        else {
          const found = facilities.resolve(facilityCells, record.line);
          facility = found;
          row.facility = found.action;
        }
      }

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
      let existing: PersonRecord | undefined;
      const idText = cell('id');
      if (idText) {
        if (!/^\d+$/.test(idText)) throw new RowError('id', 'must be the number of a person in this list');
        existing = byId.get(Number(idText));
        if (!existing) throw new RowError('id', `no person has id ${idText} in this list (leave it empty to add a new person)`);
      } else {
        const matches = byPerson.get(key) ?? [];
        if (matches.length > 1) {
          throw new RowError('surname', `matches ${matches.length} people already in the list (ids ${matches.map((m) => m.id).join(', ')}): add an id column or merge them first`);
        }
        existing = matches[0];
      }
      const input: PersonInput = existing ? inputOf(existing) : { surname: '', givenName: '', status: 'unknown' };
      input.surname = cell('surname')!;
      input.givenName = cell('givenName')!;
      for (const f of ['patronymic', 'nameDative', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'withdrawnNote', 'privateNotes'] as const) {
        const v = cell(f);
        if (v !== undefined) input[f] = v === '' ? null : v;
      }
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
      const country = facility !== undefined ? (facility?.country ?? null) : facilities.countryOf(input.facilityId ?? null);
      const values = normalizePrisoner(input, country, now);

      // Within the file, a person is the same person by id when there is one, else by name and year.
      const seenKey = existing ? `id:${existing.id}` : key;
      const earlier = seenPeople.get(seenKey);
      if (earlier) {
        row.duplicateOf = earlier.line;
        const differs = COMPARED_PERSON.filter((f) => earlier.values[f] !== values[f]);
        if (differs.length) throw new RowError(differs[0]!, `same person as line ${earlier.line} but with a different ${differs.join(', ')}: keep one row`);
        row.action = 'duplicate';
        summary.duplicate++;
        continue;
      }
      seenPeople.set(seenKey, { line: record.line, values });
      if (existing) {
        peopleInFile.add(existing.id);
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
  }
  plan.facilityOps = facilities.ops;
  plan.sharedFacilityChanges = facilities.shared(peopleInFile);
  garbledWarning(plan, garbledLines);
  return plan;
}

/** A facilities file: every row one facility, found by id, then key, then name; created, updated or unchanged. */
export function planFacilityImport(parsed: ParsedCsv, mapping: FacilityMapping, context: ImportContext): ImportPlan {
  const columnOf = columnsOf(FACILITY_IMPORT_FIELDS, parsed.headers, mapping);
  const plan = emptyPlan(FACILITY_REQUIRED_FIELDS.filter((f) => !columnOf.has(f)));
  if (plan.missingRequired.length) return plan;
  const facilities = new FacilityPlanner(context, FACILITY_FILE_NAMES);
  const garbledLines: number[] = [];
  for (const record of parsed.records) {
    const cell = (f: FacilityImportField) => (columnOf.has(f) ? fromSpreadsheetSafe((record.cells[columnOf.get(f)!] ?? '').trim()) : undefined);
    const row: RowReport = { line: record.line, action: 'error', name: cell('name') ?? '', personId: null, facility: null, changes: [], errors: [], duplicateOf: null };
    plan.rows.push(row);
    if (looksGarbled(record.cells.join(' '))) garbledLines.push(record.line);
    try {
      extraCells(record, parsed.headers);
      const found = facilities.resolve({
        id: cell('id'), key: cell('facilityKey'), name: cell('name'), kind: cell('kind'), street: cell('street'), city: cell('city'),
        district: cell('district'), region: cell('region'), postalCode: cell('postalCode'), country: cell('country'),
        mailRules: cell('mailRules'), mailRulesRu: cell('mailRulesRu'), notes: cell('notes'),
      }, record.line);
      row.facility = found.action;
      row.action = found.repeat ? 'duplicate' : (found.action ?? 'unchanged');
      const op = found.action === 'update' ? facilities.ops.at(-1)! : null;
      if (op) {
        const stored = context.facilities.find((f) => f.id === op.ref)!;
        row.changes = COMPARED_FACILITY.filter((f) => stored[f] !== op.values[f]).map((f) => ({ field: f, before: stored[f], after: op.values[f] }));
        if (op.key) row.changes.push({ field: 'facilityKey', before: facilities.keyOf(op.ref), after: op.key });
      }
      plan.summary[row.action]++;
    } catch (e) {
      row.errors.push(problemOf(e));
      row.action = 'error';
      plan.summary.error++;
    }
  }
  plan.facilityOps = facilities.ops;
  plan.sharedFacilityChanges = facilities.shared(new Set());
  garbledWarning(plan, garbledLines);
  return plan;
}

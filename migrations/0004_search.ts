/**
 * Paged lists and server-side search at 50,000 people:
 * - `known_as`: spellings organizers enter (campaign names, other transliterations), searched with the rest;
 * - `printed_count` and `last_printed_at`, kept by triggers on printed_items, so the kiosk order (fewest printed
 *   first) and "date of last letter" are indexed columns instead of a count over every person per page;
 * - `prisoners_fts`: an FTS5 index over `search_text` (every word matched as a prefix, in any order), kept by
 *   triggers; the search text is rebuilt here with the Latin spellings of several transliteration schemes.
 * Frozen: the transliteration below is this migration's own copy, not the app's.
 */
import { sql, type Kysely } from 'kysely';
import iuliia from 'iuliia';

const SCHEMES = [
  iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303, iuliia.MOSMETRO, iuliia.SCIENTIFIC, iuliia.GOST_779, iuliia.GOST_7034,
  iuliia.GOST_52535, iuliia.ALA_LC, iuliia.BGN_PCGN, iuliia.BS_2979, iuliia.UNGEGN_1987, iuliia.YANDEX_MAPS,
  iuliia.YANDEX_MONEY, iuliia.TELEGRAM,
];

function fold(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('ru').replaceAll('ё', 'е');
}

function searchText(p: { surname: string; given_name: string; patronymic: string | null; latin_name: string }): string {
  const cyr = [p.surname, p.given_name, p.patronymic ?? ''].join(' ').trim();
  const words = new Set(fold(`${cyr} ${p.latin_name}`).split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean));
  for (const scheme of SCHEMES) {
    for (const w of fold(iuliia.translate(cyr, scheme)).split(/[^\p{L}\p{M}\p{N}]+/u)) if (w) words.add(w);
  }
  return [...words].join(' ');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prisoners').addColumn('known_as', 'text').execute();
  await db.schema.alterTable('prisoners').addColumn('printed_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('prisoners').addColumn('last_printed_at', 'text').execute();
  await sql`update prisoners set
      printed_count = (select count(*) from printed_items pi where pi.prisoner_id = prisoners.id),
      last_printed_at = (select max(printed_at) from printed_items pi where pi.prisoner_id = prisoners.id)`.execute(db);

  await sql`create trigger printed_items_count_insert after insert on printed_items when new.prisoner_id is not null begin
      update prisoners set printed_count = printed_count + 1,
        last_printed_at = max(coalesce(last_printed_at, ''), new.printed_at) where id = new.prisoner_id;
    end`.execute(db);
  await sql`create trigger printed_items_count_delete after delete on printed_items when old.prisoner_id is not null begin
      update prisoners set printed_count = printed_count - 1,
        last_printed_at = (select max(printed_at) from printed_items pi where pi.prisoner_id = old.prisoner_id)
        where id = old.prisoner_id;
    end`.execute(db);
  await sql`create trigger printed_items_count_update after update of prisoner_id, printed_at on printed_items begin
      update prisoners set
        printed_count = (select count(*) from printed_items pi where pi.prisoner_id = prisoners.id),
        last_printed_at = (select max(printed_at) from printed_items pi where pi.prisoner_id = prisoners.id)
        where id in (old.prisoner_id, new.prisoner_id);
    end`.execute(db);

  const rows = await sql<{ id: number; surname: string; given_name: string; patronymic: string | null; latin_name: string }>`
    select id, surname, given_name, patronymic, latin_name from prisoners`.execute(db);
  for (const r of rows.rows) await sql`update prisoners set search_text = ${searchText(r)} where id = ${r.id}`.execute(db);

  // remove_diacritics 2: "Čajkovskij" (scientific) is found by "cajkovskij"; й and ё fold the same way on both sides.
  await sql`create virtual table prisoners_fts using fts5(search_text, content='prisoners', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`.execute(db);
  await sql`insert into prisoners_fts(prisoners_fts) values ('rebuild')`.execute(db);
  await sql`create trigger prisoners_fts_insert after insert on prisoners begin
      insert into prisoners_fts(rowid, search_text) values (new.id, new.search_text);
    end`.execute(db);
  await sql`create trigger prisoners_fts_delete after delete on prisoners begin
      insert into prisoners_fts(prisoners_fts, rowid, search_text) values ('delete', old.id, old.search_text);
    end`.execute(db);
  await sql`create trigger prisoners_fts_update after update of search_text on prisoners begin
      insert into prisoners_fts(prisoners_fts, rowid, search_text) values ('delete', old.id, old.search_text);
      insert into prisoners_fts(rowid, search_text) values (new.id, new.search_text);
    end`.execute(db);

  // The sort orders of the paged lists, each ending in id so a cursor is a unique position.
  await db.schema.createIndex('prisoners_by_name').on('prisoners').columns(['surname', 'given_name', 'id']).execute();
  await db.schema.createIndex('prisoners_by_printed').on('prisoners').columns(['printed_count', 'surname', 'given_name', 'id']).execute();
  await db.schema.createIndex('prisoners_by_printed_latin').on('prisoners').columns(['printed_count', 'latin_name', 'id']).execute();
  // Nullable sort keys are indexed as the coalesced expression the lists order by (a cursor cannot compare NULL).
  await sql`create index prisoners_by_last_printed on prisoners(coalesce(last_printed_at, ''), id)`.execute(db);
  await sql`create index prisoners_by_address_as_of on prisoners(coalesce(address_as_of, ''), id)`.execute(db);
  await db.schema.createIndex('facilities_by_name').on('facilities').columns(['name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['facilities_by_name', 'prisoners_by_address_as_of', 'prisoners_by_last_printed',
    'prisoners_by_printed_latin', 'prisoners_by_printed', 'prisoners_by_name']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const trigger of ['prisoners_fts_update', 'prisoners_fts_delete', 'prisoners_fts_insert', 'printed_items_count_update',
    'printed_items_count_delete', 'printed_items_count_insert']) {
    await sql`drop trigger ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table prisoners_fts`.execute(db);
  for (const column of ['last_printed_at', 'printed_count', 'known_as']) await db.schema.alterTable('prisoners').dropColumn(column).execute();
}

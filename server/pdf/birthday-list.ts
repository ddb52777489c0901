/**
 * A printable birthday list for letter-writing nights: for each person the birthday and the age they turn, the name
 * in Latin and in Cyrillic, and the full Russian address block to copy onto a card.
 */
import { VolyaDocument, type PageWriter } from './document.js';
import { cleanLines, drawLines } from './draw-text.js';
import { formatDate, pageLabel } from './format.js';
import type { RenderResult } from './types.js';
import { mm, PAPER, type Paper } from './units.js';

export interface BirthdayEntry {
  latinName: string;
  /** Nominative, surname first: «Пчелинцев Дмитрий Дмитриевич». */
  cyrillicName: string;
  /** The coming birthday, 'YYYY-MM-DD'. */
  nextBirthday: string;
  age: number;
  /** Recipient block lines as on the envelope (empty when the person has no facility). */
  addressLines: string[];
}

export interface BirthdayListSpec {
  paper: Paper;
  entries: BirthdayEntry[];
  from: string;
  to: string;
  collectiveName: string;
  date: Date;
}

const MARGIN_X = mm(18);
const MARGIN_TOP = mm(16);
const BOTTOM = mm(18);
const DATE_COLUMN = mm(42);
const GAP = 10;

const dayMonth = (iso: string, lang: 'ru' | 'en') =>
  new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-CA', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

export async function renderBirthdayList(spec: BirthdayListSpec): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Дни рождения — Birthdays', date: spec.date });
  const [w, h] = PAPER[spec.paper];
  const pages: PageWriter[] = [];
  const newPage = (): { page: PageWriter; y: number } => {
    const page = doc.addPage(w, h);
    pages.push(page);
    let y = h - MARGIN_TOP - 16;
    if (pages.length === 1) {
      drawLines(page, cleanLines(doc, ['Birthdays · Дни рождения']), MARGIN_X, y, { stack: 'bold', size: 18, leading: 22 });
      y -= 18;
      const range = `${formatDate(new Date(`${spec.from}T00:00:00Z`), 'en')} – ${formatDate(new Date(`${spec.to}T00:00:00Z`), 'en')} · ${spec.collectiveName}`;
      drawLines(page, cleanLines(doc, [range]), MARGIN_X, y, { stack: 'body', size: 10, leading: 12, gray: 0.35 });
      y -= 12;
      if (!spec.entries.length) drawLines(page, cleanLines(doc, ['No birthdays in these weeks.']), MARGIN_X, y - 20, { stack: 'body', size: 12, leading: 14 });
    }
    page.line(MARGIN_X, y, w - MARGIN_X, y, 0.8, 0.2);
    return { page, y: y - GAP };
  };

  let { page, y } = newPage();
  for (const e of spec.entries) {
    const left = [
      { lines: cleanLines(doc, [dayMonth(e.nextBirthday, 'en')]), style: { stack: 'bold' as const, size: 12, leading: 15 } },
      { lines: cleanLines(doc, [dayMonth(e.nextBirthday, 'ru')]), style: { stack: 'body' as const, size: 10, leading: 13 } },
      { lines: cleanLines(doc, [`turns ${e.age} · исполнится ${e.age}`]), style: { stack: 'body' as const, size: 9, leading: 12, gray: 0.35 } },
    ];
    const right = [
      { lines: cleanLines(doc, [e.latinName]), style: { stack: 'bold' as const, size: 13, leading: 16 } },
      { lines: cleanLines(doc, [e.cyrillicName]), style: { stack: 'body' as const, size: 11, leading: 15 } },
      { lines: cleanLines(doc, e.addressLines.length ? e.addressLines : ['(no address on file)']), style: { stack: 'body' as const, size: 10, leading: 12.5 } },
    ];
    const height = (blocks: typeof left) => blocks.reduce((sum, b) => sum + b.lines.length * b.style.leading, 0);
    const entryHeight = Math.max(height(left), height(right)) + GAP;
    if (y - entryHeight < BOTTOM) ({ page, y } = newPage());
    let ly = y - 12;
    for (const b of left) ly = drawLines(page, b.lines, MARGIN_X, ly, b.style);
    let ry = y - 12;
    for (const b of right) ry = drawLines(page, b.lines, MARGIN_X + DATE_COLUMN, ry, b.style);
    y -= entryHeight;
    page.line(MARGIN_X, y + GAP / 2, w - MARGIN_X, y + GAP / 2, 0.4, 0.7);
  }
  pages.forEach((p, i) => {
    drawLines(p, cleanLines(doc, [pageLabel(i + 1, pages.length, 'en')]), w - MARGIN_X, mm(10), { stack: 'body', size: 8, leading: 10, gray: 0.4, align: 'right' });
  });
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}

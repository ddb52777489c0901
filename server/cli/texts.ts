/**
 * docs/texts.md: every template and phrase with its English meaning, its section and its review state, in one
 * document a native speaker can check in one sitting. `npm run texts` writes it; a test checks it is current.
 * Templates are shown composed for two sample cases (a woman writing «ты» to a man; a group writing «Вы» to a woman),
 * so the reviewer reads sentences, not template code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateLibrary, type ComposeRecipient } from '../domain/compose.js';
import { composeLetter, type DraftStructure } from '../domain/letter-compose.js';
import { phrasebook, resolvePhrase } from '../domain/phrasebook.js';
import { projectRoot } from '../paths.js';

export const TEXTS_FILE = path.join(projectRoot, 'docs/texts.md');

const TODAY = new Date('2026-12-01T12:00:00Z');
const HE: ComposeRecipient = { surname: 'Орлов', givenName: 'Дмитрий', patronymic: 'Сергеевич', gender: 'male', latinName: 'Dmitry Orlov', birthDate: '1990-12-20', birthYear: 1990, printedCount: 2 };
const SHE: ComposeRecipient = { surname: 'Петрова', givenName: 'Анна', patronymic: 'Игоревна', gender: 'female', latinName: 'Anna Petrova', birthDate: '1965-11-20', birthYear: 1965, printedCount: 0 };
const CASES: { label: string; recipient: ComposeRecipient; draft: Pick<DraftStructure, 'writer' | 'register' | 'sender'> }[] = [
  { label: 'a woman writes «ты» to a man written to before', recipient: HE, draft: { writer: 'woman', register: 'ty', sender: { name: 'Anna', nameRu: 'Анна', town: 'Toronto', townRu: 'Торонто' } } },
  { label: 'a group writes «Вы» to a woman for the first time', recipient: SHE, draft: { writer: 'group', register: 'vy' } },
];

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', '<br>');

/** The document's text. */
export function textsMarkdown(): string {
  const library = new TemplateLibrary();
  const out: string[] = [
    '# Texts of the letters and postcards',
    '',
    'Every template and phrase the kiosk offers, with its English meaning and its review state, for a native speaker to',
    'check in one sitting. Generated from `templates/` by `npm run texts`; a test fails when it is out of date. To mark',
    'a text checked, set `review: checked` in the template\'s front matter or the phrase\'s `review` in',
    '`templates/phrasebook.json`, and run `npm run texts`.',
    '',
    `Templates are shown composed on ${TODAY.toISOString().slice(0, 10)} for two cases; each paragraph is tagged with its section.`,
    '',
    '## Templates',
    '',
  ];
  for (const t of library.list().filter((x) => x.language === 'ru')) {
    const en = library.get(t.counterpartId)!;
    out.push(`### ${t.title} — ${en.title} (\`${t.id}\`, ${t.kind}, review: ${t.review})`, '');
    for (const c of CASES) {
      const composed = composeLetter({ kind: t.kind, templateId: t.id, ...c.draft }, { templates: library, phrasebook: phrasebook(), recipient: c.recipient, country: 'CA', today: TODAY });
      out.push(`${c.label}:`, '', '| section | Russian | English |', '|---|---|---|');
      for (const p of composed.paragraphs) out.push(`| ${p.section} | ${cell(p.ru)} | ${cell(p.en)} |`);
      out.push('');
    }
    if (t.covers.length) out.push(`Not offered with it (the template says it already): ${t.covers.map((c) => `\`${c}\``).join(', ')}.`, '');
  }
  out.push('## Phrases', '', 'Forms: one woman writes «ты» to a man / a group writes «Вы» to a woman. `…` is the writer\'s gap.', '');
  for (const c of phrasebook()) {
    out.push(`### ${c.titleRu} — ${c.titleEn}`, '', '| id | section | review | Russian | English |', '|---|---|---|---|---|');
    for (const p of c.phrases) {
      const forms = [
        { recipientGender: 'male' as const, sender: 'single-female' as const, register: 'ty' as const },
        { recipientGender: 'female' as const, sender: 'group' as const, register: 'vy' as const },
      ];
      const ru = [...new Set(forms.map((f) => resolvePhrase(p.ru, f)))].join(' / ');
      const en = [...new Set(forms.map((f) => resolvePhrase(p.en, f)))].join(' / ');
      const who = (p.writers ? ` (only ${p.writers.join(', ')})` : '') + (p.when ? ` (only ${p.when === 'first-letter' ? 'in a first letter' : 'after an earlier letter'})` : '');
      out.push(`| \`${p.id}\` | ${p.section}${p.formula ? ', formula' : ''}${who} | ${p.review} | ${cell(ru)} | ${cell(en)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(TEXTS_FILE, textsMarkdown());
  console.log(`wrote ${path.relative(projectRoot, TEXTS_FILE)}`);
}

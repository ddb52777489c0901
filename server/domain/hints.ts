/**
 * Live hints for the writer, computed from the text alone: Latin words inside a Russian letter, words from the
 * editable topics-to-avoid list (templates/avoid-topics.json), a postcard message too long for the card, and
 * characters the PDF cannot print. Pure: the word list and the message texts are passed in.
 */
import { postcardMessageFits } from '../pdf/postcard.js';
import { findUnprintable } from '../pdf/text-safety.js';
import { foldWord, type AvoidTopic, type UiLanguage } from './avoid-topics.js';

export { compileAvoidTopics, foldWord, type AvoidTopic, type AvoidTopicSource } from './avoid-topics.js';

export type HintKind = 'letter' | 'postcard';
export type { UiLanguage } from './avoid-topics.js';

export interface Hint {
  type: 'latin' | 'topic' | 'length' | 'unprintable';
  message: string;
  /** The words or characters the hint is about, as typed. */
  excerpt?: string;
  /** The unprintable characters. */
  chars?: string[];
  /** For a topic hint: the topic's id in the avoid list. */
  topic?: string;
}

/** Message templates with {placeholders}, from the kiosk's translation files (keys under `hints.`). */
export interface HintMessages {
  latin: string;
  notRussian: string;
  length: string;
  lines: string;
  unprintable: string;
}

export interface HintContext {
  topics: AvoidTopic[];
  messages: Record<UiLanguage, HintMessages>;
  /** Longest postcard message the card holds. */
  postcardLimit: number;
}

/** How many example words a hint quotes. */
const MAX_EXAMPLES = 5;

const WORD = /\p{L}+(?:[-'’]\p{L}+)*/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
// A word of two to five capitals (ФСИН, СИЗО, USA): abbreviations read as code to the censor.
const ABBREVIATION = /^\p{Lu}{2,5}$/u;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/gu, (m, key: string) => (key in values ? String(values[key]) : m));
}

function unique(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const k = foldWord(w);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function quote(words: string[]): string {
  return unique(words).slice(0, MAX_EXAMPLES).join(', ');
}

function matchesTopic(topic: AvoidTopic, word: string): boolean {
  const folded = foldWord(word);
  if (topic.exact.has(folded)) return true;
  return topic.prefixes.some((p) => folded.startsWith(p));
}

/** Every hint for this text, in a stable order: unprintable, latin, topics (list order), length. */
export function findHints(text: string, kind: HintKind, language: UiLanguage, ctx: HintContext): Hint[] {
  const msg = ctx.messages[language];
  const hints: Hint[] = [];

  const unprintable = findUnprintable(text).filter((r) => r.replacement !== '');
  if (unprintable.length) {
    const chars = unprintable.map((r) => r.char);
    hints.push({ type: 'unprintable', message: fill(msg.unprintable, { chars: chars.join(' ') }), chars, excerpt: chars.join(' ') });
  }

  const words = text.match(WORD) ?? [];
  const latinWords = words.filter((w) => LATIN.test(w));
  if (latinWords.length) {
    const russian = CYRILLIC.test(text);
    const excerpt = quote(latinWords);
    hints.push({ type: 'latin', message: fill(russian ? msg.latin : msg.notRussian, { words: excerpt }), excerpt });
  }

  for (const topic of ctx.topics) {
    const found = words.filter((w) => matchesTopic(topic, w) || (topic.id === 'jargon' && ABBREVIATION.test(w)));
    const folded = words.map(foldWord);
    for (const phrase of topic.phrases) {
      for (let i = 0; i + phrase.length <= folded.length; i++) {
        if (phrase.every((p, j) => folded[i + j] === p)) found.push(words.slice(i, i + phrase.length).join(' '));
      }
    }
    if (found.length) {
      hints.push({ type: 'topic', topic: topic.id, message: topic.reason[language], excerpt: quote(found) });
    }
  }

  if (kind === 'postcard') {
    const length = [...text.trim()].length;
    if (length > ctx.postcardLimit) {
      hints.push({ type: 'length', message: fill(msg.length, { count: length, limit: ctx.postcardLimit }), excerpt: String(length) });
    } else {
      // The renderer's own check: the hint and the refusal from /api/pdf cannot disagree.
      const fit = postcardMessageFits(text);
      if (!fit.fits) hints.push({ type: 'length', message: fill(msg.lines, { lines: fit.lines, fit: fit.maxLines }), excerpt: String(fit.lines) });
    }
  }
  return hints;
}

/** The first sentence of a paragraph, as a hint quotes it. */
function firstSentence(text: string): string {
  const m = /^[\s\S]*?[.!?](?=\s|$)/u.exec(text.trim());
  const s = (m ? m[0] : text.trim()).replace(/\s+/gu, ' ');
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/**
 * Hints for a composed letter, each part judged on its own: the Russian of the template and the phrases (Latin
 * left in a gap or a name), each of the writer's own paragraphs (not in Russian → "tick needs translation", quoting
 * its sentence; avoid-topics in either language), and the length of the whole on a postcard.
 */
export function compositionHints(
  paragraphs: { ru: string; source: 'template' | 'phrase' | 'own'; needsTranslation?: boolean; id: string }[],
  fullText: string,
  kind: HintKind,
  language: UiLanguage,
  ctx: HintContext,
): (Hint & { paragraph?: string })[] {
  const out: (Hint & { paragraph?: string })[] = [];
  const topics = new Set<string>();
  const add = (hs: Hint[], paragraph?: string) => {
    for (const h of hs) {
      if (h.type === 'length') continue;
      if (h.type === 'topic') {
        if (topics.has(h.topic!)) continue;
        topics.add(h.topic!);
      }
      out.push(paragraph ? { ...h, paragraph } : h);
    }
  };
  const composed = paragraphs.filter((p) => p.source !== 'own').map((p) => p.ru).join('\n\n');
  if (composed.trim()) add(findHints(composed, kind, language, ctx));
  for (const p of paragraphs.filter((x) => x.source === 'own')) {
    const words = p.ru.match(WORD) ?? [];
    const notRussian = words.some((w) => LATIN.test(w)) && !CYRILLIC.test(p.ru);
    if (notRussian && !p.needsTranslation) {
      // The one hint that names its paragraph: the kiosk pre-ticks *needs translation* for it.
      const excerpt = firstSentence(p.ru);
      add([{ type: 'latin', message: fill(ctx.messages[language].notRussian, { words: excerpt }), excerpt }], p.id);
    }
    add(findHints(p.ru, kind, language, ctx).filter((h) => h.type !== 'latin' || (!notRussian && !p.needsTranslation)));
  }
  if (kind === 'postcard' && fullText.trim()) out.push(...findHints(fullText, kind, language, ctx).filter((h) => h.type === 'length'));
  return out;
}

/**
 * Line breaking for ragged-right text: greedy, each word measured once, Russian hyphenation (hyphen's
 * patterns/ru) only for a word that does not fit, and a hard break for words longer than a line (URLs).
 * Ragged right because PDF word spacing (Tw) does not work with two-byte CID fonts.
 */
import createHyphenator from 'hyphen';
import ruPatterns from 'hyphen/patterns/ru.js';
import { textWidth, type StackId } from './fonts.js';

export interface TextStyle {
  stack: StackId;
  size: number;
}

export interface Paragraph {
  lines: string[];
}

const SOFT_HYPHEN = '\u00AD';
const hyphenate = createHyphenator(ruPatterns, { hyphenChar: SOFT_HYPHEN, minWordLength: 5 }) as (word: string) => string;
// Keep at least this many letters on each side of a hyphenation point: «со-» is fine, «с-» is not.
const MIN_FRAGMENT = 2;

type BreakPoint = { head: string; tail: string };
// Words that need breaking repeat across a batch; the pattern lookup is the expensive part.
const breakCache = new Map<string, BreakPoint[]>();
const BREAK_CACHE_LIMIT = 20_000;
// Longer than any dictionary word (Russian tops out near 35 letters): a URL or a pasted run of characters. It gets
// a hard break instead of hyphenation, which costs a pass over the rest of the word on every line it fills.
const MAX_HYPHENATED_WORD = 64;

/** Prefixes of the word at which it may break, longest first, each with the text printed at line end. */
function breakPoints(word: string): BreakPoint[] {
  if (word.length > MAX_HYPHENATED_WORD) return [];
  const cached = breakCache.get(word);
  if (cached) return cached;
  const points: BreakPoint[] = [];
  const pieces = hyphenate(word).split(SOFT_HYPHEN);
  let head = '';
  for (let i = 0; i < pieces.length - 1; i++) {
    head += pieces[i];
    const tail = word.slice(head.length);
    if (head.length < MIN_FRAGMENT || tail.length < MIN_FRAGMENT) continue;
    // An existing hyphen (что-нибудь) is the break itself; otherwise print one.
    points.push({ head: head.endsWith('-') ? head : `${head}-`, tail });
  }
  for (let i = word.indexOf('-'); i > 0 && i < word.length - 1; i = word.indexOf('-', i + 1)) {
    const h = word.slice(0, i + 1);
    if (!points.some((p) => p.head === h)) points.push({ head: h, tail: word.slice(i + 1) });
  }
  points.sort((a, b) => b.head.length - a.head.length);
  if (breakCache.size > BREAK_CACHE_LIMIT) breakCache.clear();
  breakCache.set(word, points);
  return points;
}

/** Splits a word too long for any line at the last character that fits (no hyphen: URLs must stay exact). */
function hardBreak(word: string, width: number, style: TextStyle): { head: string; tail: string } {
  const chars = [...word];
  let head = '';
  for (const ch of chars) {
    if (head && textWidth(head + ch, style.stack, style.size) > width) break;
    head += ch;
  }
  return { head, tail: word.slice(head.length) };
}

/** Wraps one paragraph (single newlines inside are kept as forced line breaks). */
export function wrapParagraph(text: string, width: number, style: TextStyle): string[] {
  const out: string[] = [];
  const space = textWidth(' ', style.stack, style.size);
  for (const rawLine of text.split('\n')) {
    const words = rawLine.split(' ').filter(Boolean);
    let line = '';
    let lineWidth = 0;
    let i = 0;
    let pending: string | undefined;
    // The rest of a word that was hard-broken keeps breaking hard: a URL is never hyphenated near its end.
    let pendingHard = false;
    while (pending !== undefined || i < words.length) {
      const word = pending ?? words[i++]!;
      const hard: boolean = pending !== undefined && pendingHard;
      pending = undefined;
      pendingHard = false;
      const w = textWidth(word, style.stack, style.size);
      const needed = line ? lineWidth + space + w : w;
      if (needed <= width) {
        line = line ? `${line} ${word}` : word;
        lineWidth = needed;
        continue;
      }
      const room = line ? width - lineWidth - space : width;
      const fit = hard ? undefined : breakPoints(word).find((p) => textWidth(p.head, style.stack, style.size) <= room);
      if (fit) {
        out.push(line ? `${line} ${fit.head}` : fit.head);
        line = '';
        lineWidth = 0;
        pending = fit.tail;
      } else if (line) {
        out.push(line);
        line = '';
        lineWidth = 0;
        pending = word;
        pendingHard = hard;
      } else {
        const hb = hardBreak(word, width, style);
        out.push(hb.head);
        if (hb.tail) {
          pending = hb.tail;
          pendingHard = true;
        }
      }
    }
    out.push(line);
  }
  return out;
}

/** Splits sanitized text into paragraphs at blank lines and wraps each. */
export function wrapText(text: string, width: number, style: TextStyle): Paragraph[] {
  return text
    .split(/\n[ ]*\n+/u)
    .map((p) => p.replace(/^\n+|\n+$/gu, '').replace(/ +/gu, ' ').trim())
    .filter(Boolean)
    .map((p) => ({ lines: wrapParagraph(p, width, style) }));
}

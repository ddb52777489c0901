/**
 * Makes arbitrary typed text printable: NFC, one kind of line break, no invisible or control characters, and
 * every character some bundled font can draw. Whatever had to be replaced is reported, so the kiosk can warn
 * before printing instead of a silent empty box on paper (pdf-lib draws boxes for missing glyphs).
 */
import { face, faceFor } from './fonts.js';

export interface Replacement {
  /** The character as typed (a lone surrogate stays a one-unit string). */
  char: string;
  /** 'U+1F642' */
  codePoint: string;
  count: number;
  /** What is printed instead: '?' for a visible character, '' for a removed control character. */
  replacement: string;
}

/** Printed in place of a character no bundled font has: visible, so the writer notices on paper too. */
export const REPLACEMENT_CHAR = '?';

// Invisible formatting that carries nothing on paper: soft hyphen (we hyphenate ourselves), zero-width
// spaces/joiners, word joiner, BOM, bidi marks and variation selectors.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFE00-\uFE0F]/gu;
// Space-like characters other than the plain space and the no-break spaces, which we keep.
const SPACES = /[\t\v\f\u1680\u2000-\u200A\u205F\u3000]/gu;

function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function isControl(cp: number): boolean {
  return (cp < 0x20 && cp !== 0x0a) || (cp >= 0x7f && cp < 0xa0);
}

function isLoneSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

function normalizeWhitespace(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .replace(/\u2029/gu, '\n\n')
    .replace(/\u2028/gu, '\n')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ');
}

function record(map: Map<string, Replacement>, ch: string, cp: number, replacement: string): void {
  const r = map.get(ch);
  if (r) r.count++;
  else map.set(ch, { char: ch, codePoint: codePointLabel(cp), count: 1, replacement });
}

// Code units below this that print as they are in the body font: most letters are only Latin, Cyrillic and
// common punctuation, and skip the slow path (NFC + per-character font lookup) entirely.
const FAST_LIMIT = 0x2200;
let fastTable: Uint8Array | undefined;

function plainPrintable(text: string): boolean {
  if (!fastTable) {
    const serif = face('serif');
    fastTable = new Uint8Array(FAST_LIMIT);
    for (let c = 0x20; c < FAST_LIMIT; c++) {
      const special =
        isControl(c) ||
        c === 0xad ||
        (c >= 0x0300 && c <= 0x036f) || // combining marks may compose under NFC
        (c >= 0x2000 && c <= 0x200f) ||
        (c >= 0x2028 && c <= 0x202f) ||
        (c >= 0x205f && c <= 0x206f);
      fastTable[c] = !special && serif.has(c) ? 1 : 0;
    }
    fastTable[0x0a] = 1;
  }
  const table = fastTable;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= FAST_LIMIT || table[c] === 0) return false;
  }
  return true;
}

/** Cleans the text for printing and lists every character that was replaced or removed as unprintable. */
export function sanitizeText(text: string): { text: string; replaced: Replacement[] } {
  if (plainPrintable(text)) return { text, replaced: [] };
  const map = new Map<string, Replacement>();
  let out = '';
  for (const ch of normalizeWhitespace(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a || cp === 0x20) {
      out += ch;
    } else if (isControl(cp)) {
      record(map, ch, cp, '');
    } else if (isLoneSurrogate(cp) || !faceFor('body', cp)) {
      record(map, ch, cp, REPLACEMENT_CHAR);
      out += REPLACEMENT_CHAR;
    } else {
      out += ch;
    }
  }
  return { text: out, replaced: [...map.values()] };
}

/** The characters sanitizeText would replace — for live hints while typing. */
export function findUnprintable(text: string): Replacement[] {
  return sanitizeText(text).replaced;
}

/** Merges reports from several texts of one document into one list. */
export function mergeReplacements(lists: Replacement[][]): Replacement[] {
  const map = new Map<string, Replacement>();
  for (const list of lists) {
    for (const r of list) {
      const have = map.get(r.char);
      if (have) have.count += r.count;
      else map.set(r.char, { ...r });
    }
  }
  return [...map.values()];
}

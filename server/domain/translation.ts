/** The translation hand-off's one rule: a released translation is Russian, not the writer's English copied in. */
import { invalid } from '../model/errors.js';

/**
 * Refuses a "translation" that is still the writer's English: a sentence of the English copied in, or a text mostly
 * in Latin letters (a few Latin letters, like a signature, are fine).
 */
export function checkRussian(russian: string, english: string): void {
  const flat = (s: string) => s.toLowerCase().replace(/\s+/gu, ' ');
  const ru = flat(russian);
  const copied = english
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => flat(s).trim())
    .find((s) => s.length >= 12 && ru.includes(s));
  if (copied) throw invalid('text', `the writer's English must not go into the Russian letter ("${copied.slice(0, 40)}")`);
  const letters = russian.match(/\p{L}/gu) ?? [];
  const cyrillic = letters.filter((ch) => /\p{Script=Cyrillic}/u.test(ch)).length;
  if (!cyrillic) throw invalid('text', 'write the letter in Russian');
  if (letters.length - cyrillic > letters.length * 0.2) {
    throw invalid('text', 'the letter is largely in Latin letters; letters not fully in Russian are held by the censor');
  }
}

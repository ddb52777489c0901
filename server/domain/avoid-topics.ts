/**
 * The editable topics-to-avoid list (templates/avoid-topics.json), compiled for matching. Apart from the hint
 * checker (hints.ts, which needs the PDF fonts) so the web thread can compile the list at start: a broken entry
 * stops the server there, not at the first hint.
 */
export type UiLanguage = 'en' | 'ru';

export interface AvoidTopicSource {
  id: string;
  reasonEn: string;
  reasonRu: string;
  /** `войн*` matches every word starting with «войн»; `сво` matches only the whole word. */
  words: string[];
}

export interface AvoidTopic {
  id: string;
  reason: Record<UiLanguage, string>;
  exact: Set<string>;
  prefixes: string[];
  /** Entries of several words («your case»): matched as a run of whole words. */
  phrases: string[][];
}

/** Lower case with ё folded into е, the way the list is matched. */
export function foldWord(word: string): string {
  return word.toLowerCase().replaceAll('ё', 'е');
}

export function compileAvoidTopics(sources: AvoidTopicSource[]): AvoidTopic[] {
  return sources.map((s) => {
    const exact = new Set<string>();
    const prefixes: string[] = [];
    const phrases: string[][] = [];
    for (const w of s.words) {
      const folded = foldWord(w.trim());
      if (/\s/u.test(folded)) phrases.push(folded.split(/\s+/u));
      else if (folded.endsWith('*')) prefixes.push(folded.slice(0, -1));
      else if (folded) exact.add(folded);
    }
    return { id: s.id, reason: { en: s.reasonEn, ru: s.reasonRu }, exact, prefixes, phrases };
  });
}


import type { Replacement } from './text-safety.js';

/** What every renderer returns: the file, its page count and the characters that could not be printed. */
export interface RenderResult {
  bytes: Uint8Array;
  pages: number;
  replaced: Replacement[];
}

export type Language = 'ru' | 'en';

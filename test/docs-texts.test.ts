/** docs/texts.md, the review document of every template and phrase, is what `npm run texts` writes from templates/. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEXTS_FILE, textsMarkdown } from '../server/cli/texts.js';

describe('docs/texts.md', () => {
  it('is current: run `npm run texts` after changing a template or a phrase', () => {
    expect(readFileSync(TEXTS_FILE, 'utf8')).toBe(textsMarkdown());
  });
});

/**
 * Splits wrapped paragraphs over pages with widow and orphan control: a paragraph never leaves its first
 * line alone at the bottom of a page nor its last line alone at the top of the next.
 */
import type { Paragraph } from './layout.js';

export interface PlacedLine {
  text: string;
  /** Offset of the baseline below the top of the body area, in points. */
  offset: number;
}

export interface PageGeometry {
  /** Body height of each page; the last value repeats for further pages. */
  heights: number[];
  leading: number;
  paragraphGap: number;
}

export function paginate(paragraphs: Paragraph[], geo: PageGeometry): PlacedLine[][] {
  const pages: PlacedLine[][] = [[]];
  let used = 0;
  const height = () => geo.heights[Math.min(pages.length - 1, geo.heights.length - 1)]!;
  const newPage = () => {
    pages.push([]);
    used = 0;
  };
  for (const p of paragraphs) {
    let rest = p.lines;
    let first = true;
    while (rest.length) {
      const onPage = pages[pages.length - 1]!;
      const gap = onPage.length && first ? geo.paragraphGap : 0;
      const room = Math.max(0, Math.floor((height() - used - gap) / geo.leading + 1e-6));
      let take = Math.min(room, rest.length);
      if (take < rest.length) {
        if (rest.length - take === 1) take--; // widow: carry one more line over
        if (first && take === 1) take = 0; // orphan: the first line alone stays with the rest
        if (take <= 0 && onPage.length === 0) take = Math.min(room, rest.length); // a page cannot hold less
      }
      if (take <= 0) {
        newPage();
        continue;
      }
      used += gap;
      for (const line of rest.slice(0, take)) {
        used += geo.leading;
        onPage.push({ text: line, offset: used - geo.leading });
      }
      rest = rest.slice(take);
      first = false;
      if (rest.length) newPage();
    }
  }
  return pages;
}

/** Reads a PDF back with pdfjs-dist: text items with positions in points, per page. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  str: string;
  /** Baseline start, PDF points from the bottom left. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Rotation of the text in quarter turns (0 = upright). */
  turns: number;
}

export interface PageText {
  width: number;
  height: number;
  items: TextItem[];
  /** Items joined into lines (same baseline), top to bottom. */
  lines: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PageText[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || !it.str) continue;
      const [a, b, , , e, f] = it.transform as number[];
      const turns = Math.round(Math.atan2(b!, a!) / (Math.PI / 2));
      items.push({ str: it.str, x: e!, y: f!, width: it.width, height: it.height, turns: ((turns % 4) + 4) % 4 });
    }
    const byLine = new Map<number, TextItem[]>();
    for (const it of items.filter((i) => i.turns === 0)) {
      const key = Math.round(it.y);
      byLine.set(key, [...(byLine.get(key) ?? []), it]);
    }
    const lines = [...byLine.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, its]) => its.sort((a, b) => a.x - b.x).map((i) => i.str).join(''));
    pages.push({ width, height, items, lines });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}

export const MM = 72 / 25.4;

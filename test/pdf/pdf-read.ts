/** Reads PDFs back with pdfjs-dist: each page's size, text runs with positions, and straight stroked lines. */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageText {
  str: string;
  x: number;
  y: number;
}

export interface PageLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ReadPage {
  width: number;
  height: number;
  texts: PageText[];
  /** Stroked two-point paths drawn outside any transform (crop marks, rules). */
  lines: PageLine[];
}

async function open(bytes: Uint8Array | Buffer) {
  return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
}

export async function readPdf(bytes: Uint8Array | Buffer): Promise<ReadPage[]> {
  const doc = await open(bytes);
  const pages: ReadPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const texts = content.items
      .filter((i): i is typeof i & { str: string; transform: number[] } => 'str' in i && i.str.trim() !== '')
      .map((i) => ({ str: i.str, x: i.transform[4]!, y: i.transform[5]! }));
    const ops = await page.getOperatorList();
    const lines: PageLine[] = [];
    let depth = 0;
    let transformed = 0;
    const stack: number[] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      if (fn === pdfjs.OPS.save) stack.push(transformed), depth++;
      else if (fn === pdfjs.OPS.restore) (transformed = stack.pop() ?? 0), depth--;
      else if (fn === pdfjs.OPS.transform) transformed++;
      else if (fn === pdfjs.OPS.constructPath && !transformed) {
        const [op, [data]] = ops.argsArray[i] as [number, [Float32Array | null]];
        // A single moveTo + lineTo that is stroked: [0, x1, y1, 1, x2, y2].
        if (op === pdfjs.OPS.stroke && data && data.length === 6 && data[0] === 0 && data[3] === 1) {
          lines.push({ x1: data[1]!, y1: data[2]!, x2: data[4]!, y2: data[5]! });
        }
      }
    }
    pages.push({ width, height, texts, lines });
  }
  await doc.destroy();
  return pages;
}

/** The text of each page, runs joined by spaces. */
export async function pdfText(bytes: Uint8Array | Buffer): Promise<string[]> {
  return (await readPdf(bytes)).map((p) => p.texts.map((t) => t.str).join(' '));
}

/** Small drawing helpers shared by the renderers: sanitize-and-draw, and line blocks. */
import type { PageWriter, VolyaDocument } from './document.js';
import type { StackId } from './fonts.js';
import { textWidth } from './fonts.js';
import { sanitizeText } from './text-safety.js';

/** Sanitizes each line, reports replacements to the document, and returns printable lines. */
export function cleanLines(doc: VolyaDocument, lines: string[]): string[] {
  return lines.map((l) => {
    const s = sanitizeText(l);
    doc.report(s.replaced);
    return s.text.replaceAll('\n', ' ');
  });
}

export interface BlockStyle {
  stack: StackId;
  size: number;
  leading: number;
  gray?: number;
  align?: 'left' | 'right';
}

/** Draws already-clean lines downward from the first baseline; returns the baseline after the last line. */
export function drawLines(page: PageWriter, lines: string[], x: number, firstBaseline: number, style: BlockStyle): number {
  let y = firstBaseline;
  for (const line of lines) {
    const lx = style.align === 'right' ? x - textWidth(line, style.stack, style.size) : x;
    page.text(line, lx, y, style.size, style.stack, style.gray);
    y -= style.leading;
  }
  return y;
}

/** The largest size ≤ `size` at which every line fits `width` (address blocks on small labels and cards). */
export function fitSize(lines: string[], stack: StackId, size: number, width: number, minSize = 5): number {
  const widest = Math.max(0, ...lines.map((l) => textWidth(l, stack, 1)));
  return widest === 0 ? size : Math.max(minSize, Math.min(size, width / widest));
}

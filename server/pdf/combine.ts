/**
 * Joining rendered parts into one print batch. Two ways: draw several kinds into one VolyaDocument
 * (drawLetter, drawPostcardSheets, drawEnvelope, drawLabels — fonts are then shared), or copy finished
 * PDFs together with combinePdfs. Letters start on a fresh duplex sheet so no letter is printed on the
 * back of another person's.
 */
import { PDFDocument } from 'pdf-lib';
import type { VolyaDocument } from './document.js';

/** Adds a blank page when the document has an odd page count, so the next part starts on a new sheet. */
export function padToSheet(doc: VolyaDocument, width: number, height: number): void {
  if (doc.pageCount % 2 === 1) doc.addPage(width, height);
}

export interface CombinePart {
  bytes: Uint8Array;
  /** Start this part on a new physical sheet (duplex printing). */
  newSheet?: boolean;
}

/** Concatenates finished PDFs, padding with blank pages where a part must start on a new sheet. */
export async function combinePdfs(parts: CombinePart[], date: Date): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setCreationDate(date);
  out.setModificationDate(date);
  out.setCreator('Volya');
  for (const part of parts) {
    const src = await PDFDocument.load(part.bytes, { updateMetadata: false });
    if (part.newSheet && out.getPageCount() % 2 === 1) {
      const last = out.getPage(out.getPageCount() - 1);
      out.addPage([last.getWidth(), last.getHeight()]);
    }
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
  }
  return out.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

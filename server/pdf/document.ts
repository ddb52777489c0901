/**
 * A PDF being built: pdf-lib holds the object graph and writes the file; pages get their content streams
 * written directly (text as glyph-id hex strings through DocFont), which is what makes rendering fast.
 * Renderers draw into a VolyaDocument so several kinds can be combined into one print batch.
 */
import { PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import type { EmbeddedImage } from './images.js';
import { DocFont, flateStream } from './pdf-font.js';
import { cachedFaceFor, type FaceId, type FontFace, type StackId } from './fonts.js';
import { mergeReplacements, type Replacement } from './text-safety.js';

export interface DocumentMeta {
  title: string;
  /** Stamped as creation and modification date: fixed input gives identical bytes. */
  date: Date;
}

function num(n: number): string {
  // Two decimals are 1/36 mm: plenty, and keeps streams short.
  return String(Math.round(n * 100) / 100);
}

export class PageWriter {
  readonly width: number;
  readonly height: number;
  private ops: string[] = [];
  /**
   * Operators already packed into bytes. A text operator is built by concatenation, which V8 keeps as a tree of
   * pieces: a 1,000-page run held 66 MB of them until saved. Packed every few operators, a page holds its bytes.
   */
  private packed: Buffer[] = [];
  readonly fonts = new Set<DocFont>();
  readonly images = new Map<string, EmbeddedImage>();

  constructor(private readonly doc: VolyaDocument, width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  /** Draws one line of sanitized text with its baseline at (x, y); characters switch faces as the stack says. */
  text(str: string, x: number, y: number, size: number, stack: StackId, gray = 0): void {
    if (!str) return;
    const sz = num(size);
    let body = '';
    let run = '';
    let runFont: DocFont | undefined;
    let lastFace: FontFace | undefined;
    for (let i = 0; i < str.length; i++) {
      let cp = str.charCodeAt(i);
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < str.length) {
        const lo = str.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      const fc = cachedFaceFor(stack, cp);
      if (!fc) continue; // sanitizeText already replaced these
      if (fc !== lastFace) {
        lastFace = fc;
        const f = this.doc.font(fc);
        if (f !== runFont) {
          if (run) body += `/${runFont!.resourceName} ${sz} Tf (${run}) Tj `;
          run = '';
          runFont = f;
          this.fonts.add(f);
        }
      }
      run += runFont!.code(cp);
    }
    if (run) body += `/${runFont!.resourceName} ${sz} Tf (${run}) Tj `;
    this.op(`BT ${gray ? `${num(gray)} g ` : ''}1 0 0 1 ${num(x)} ${num(y)} Tm ${body}ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5, gray = 0): void {
    this.op(`q ${num(gray)} G ${num(width)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`);
  }

  rect(x: number, y: number, w: number, h: number, width = 0.5, gray = 0, dash?: number): void {
    this.op(`q ${num(gray)} G ${num(width)} w ${dash ? `[${num(dash)}] 0 d ` : ''}${num(x)} ${num(y)} ${num(w)} ${num(h)} re S Q`);
  }

  image(img: EmbeddedImage, x: number, y: number, w: number, h: number): void {
    const name = `Im${this.doc.imageIndex(img)}`;
    this.images.set(name, img);
    this.op(`q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /${name} Do Q`);
  }

  /** Runs draw() in a coordinate system moved to (x, y), rotated by quarter turns and scaled. */
  transformed(x: number, y: number, quarterTurns: number, scale: number, draw: () => void): void {
    const t = ((quarterTurns % 4) + 4) % 4;
    const [c, s] = [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ][t]!;
    this.op(`q ${num(c * scale)} ${num(s * scale)} ${num(-s * scale)} ${num(c * scale)} ${num(x)} ${num(y)} cm`);
    draw();
    this.op('Q');
  }

  private op(operator: string): void {
    this.ops.push(operator);
    if (this.ops.length >= 32) this.pack();
  }

  private pack(): void {
    if (!this.ops.length) return;
    // latin1: operators are ASCII and glyph codes are one char per byte (see DocFont.code).
    this.packed.push(Buffer.from(this.ops.join('\n'), 'latin1'));
    this.ops = [];
  }

  /** The page's content stream, operators one a line. */
  content(): Buffer {
    this.pack();
    const newline = Buffer.from('\n');
    return Buffer.concat(this.packed.flatMap((b, i) => (i ? [newline, b] : [b])));
  }
}

export class VolyaDocument {
  readonly pdf: PDFDocument;
  private readonly fonts = new Map<FaceId, DocFont>();
  /** Pages whose content stream is not written yet. */
  private pages: { writer: PageWriter; page: PDFPage }[] = [];
  private readonly imageIds = new Map<EmbeddedImage, number>();
  private readonly reports: Replacement[][] = [];

  private constructor(pdf: PDFDocument) {
    this.pdf = pdf;
  }

  static async create(meta: DocumentMeta): Promise<VolyaDocument> {
    const pdf = await PDFDocument.create({ updateMetadata: false });
    pdf.setTitle(meta.title);
    pdf.setCreator('Volya');
    pdf.setProducer('Volya (pdf-lib, fontkit)');
    pdf.setCreationDate(meta.date);
    pdf.setModificationDate(meta.date);
    pdf.setLanguage('ru-RU');
    return new VolyaDocument(pdf);
  }

  font(fc: FontFace): DocFont {
    let f = this.fonts.get(fc.id);
    if (!f) {
      f = new DocFont(fc, `F${this.fonts.size + 1}`, this.pdf.context.nextRef(), this.fonts.size);
      this.fonts.set(fc.id, f);
    }
    return f;
  }

  imageIndex(img: EmbeddedImage): number {
    let i = this.imageIds.get(img);
    if (i === undefined) this.imageIds.set(img, (i = this.imageIds.size + 1));
    return i;
  }

  addPage(width: number, height: number): PageWriter {
    const writer = new PageWriter(this, width, height);
    // The page object itself: pdf-lib's getPage(i) walks the whole page tree again after every addPage.
    this.pages.push({ writer, page: this.pdf.addPage([width, height]) });
    return writer;
  }

  get pageCount(): number {
    return this.pdf.getPageCount();
  }

  /** Keeps the replaced-characters report of text drawn into this document. */
  report(replaced: Replacement[]): void {
    if (replaced.length) this.reports.push(replaced);
  }

  get replaced(): Replacement[] {
    return mergeReplacements(this.reports);
  }

  /**
   * Compresses the content of every page drawn so far and lets go of its operators: a print run calls it after each
   * letter, so a thousand pages of operators are not all held until save(). No page drawn so far may be drawn on
   * again (its PageWriter is spent).
   */
  finishPages(): void {
    const ctx = this.pdf.context;
    for (const { writer, page } of this.pages) {
      page.node.set(PDFName.of('Contents'), ctx.register(flateStream(ctx, writer.content())));
      for (const f of writer.fonts) page.node.setFontDictionary(PDFName.of(f.resourceName), f.ref);
      for (const [name, img] of writer.images) page.node.setXObject(PDFName.of(name), img.ref);
    }
    this.pages = [];
  }

  /** Writes page streams and fonts and serializes. Call once. */
  async save(): Promise<Uint8Array> {
    const ctx = this.pdf.context;
    this.finishPages();
    for (const f of this.fonts.values()) f.embed(ctx);
    // pdf-lib yields to the event loop with a setTimeout every 50 objects by default: ≥ 1 ms each, for
    // renders that take milliseconds in total.
    return this.pdf.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  }
}

// pdfkit ships no types; the members the benchmark calls.
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    align?: 'left' | 'right';
    lineGap?: number;
    paragraphGap?: number;
    lineBreak?: boolean;
  }
  class PDFDocument {
    constructor(options: { size: [number, number]; margin: number; autoFirstPage: boolean; info?: Record<string, unknown> });
    on(event: 'data', cb: (chunk: Buffer) => void): this;
    on(event: 'end', cb: () => void): this;
    registerFont(name: string, path: string): this;
    addPage(): this;
    font(name: string): this;
    fontSize(size: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    save(): this;
    restore(): this;
    translate(x: number, y: number): this;
    rotate(deg: number): this;
    end(): void;
  }
  export default PDFDocument;
}

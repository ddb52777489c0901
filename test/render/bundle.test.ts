import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleDir, ensureBuilt } from '../e2e/harness.js';

/** A text found only in pdf-lib's code. */
const PDF_LIB = 'Input document to `PDFDocument.load` is encrypted';

// What `npm start` runs is the esbuild bundle (scripts/build.mjs); these are the properties its start time and
// memory figures rest on.
describe('the server bundle', () => {
  it('is ASCII-only, so V8 keeps its source in one byte per character', async () => {
    await ensureBuilt();
    for (const file of fs.readdirSync(bundleDir()).filter((f) => f.endsWith('.mjs'))) {
      const text = fs.readFileSync(path.join(bundleDir(), file), 'latin1');
      const offset = text.search(/[^\x00-\x7f]/u);
      expect({ file, nonAscii: offset < 0 ? null : text.slice(Math.max(0, offset - 60), offset + 20) }).toEqual({ file, nonAscii: null });
    }
  }, 60_000);

  it('loads the PDF engine on the web thread only on demand, and never the WOFF2 decoder', async () => {
    await ensureBuilt();
    const read = (file: string) => fs.readFileSync(path.join(bundleDir(), file), 'utf8');
    // Files main.mjs imports statically (not `import("…")`), followed through the chunks.
    const loadedAtStart = new Set<string>();
    const visit = (file: string) => {
      if (loadedAtStart.has(file)) return;
      loadedAtStart.add(file);
      for (const m of read(file).matchAll(/\bimport\s*(?:[\w*${}\s,]+from\s*)?["']\.\/([\w.-]+\.mjs)["']/gu)) visit(m[1]!);
    };
    visit('main.mjs');
    expect(loadedAtStart.size).toBeGreaterThan(1);
    for (const file of loadedAtStart) expect({ file, pdfLib: read(file).includes(PDF_LIB) }).toEqual({ file, pdfLib: false });
    // …while the render thread's bundle has it, and a dynamic import brings it to the web thread.
    expect(read('render-worker-entry.mjs')).toContain(PDF_LIB);
    const all = fs.readdirSync(bundleDir()).filter((f) => f.endsWith('.mjs'));
    expect(all.some((f) => !loadedAtStart.has(f) && read(f).includes(PDF_LIB))).toBe(true);
    for (const f of all) expect({ f, brotli: read(f).includes('BrotliDecompressBuffer') }).toEqual({ f, brotli: false });
  }, 60_000);
});

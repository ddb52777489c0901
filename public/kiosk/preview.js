// @ts-check
// Preview: the real PDF from POST /api/pdf, drawn page by page with pdf.js; print through the browser.
import { all, byId, el } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { api } from './api.js';
import { recipientOf, senderSpec, structureOf } from './draft.js';

/** @typedef {import('./draft.js').Draft} Draft */
/** @typedef {typeof import('pdfjs-dist')} PdfJs */
/**
 * What POST /api/pdf takes (the print queue and printer routes take it too).
 * @typedef {object} PdfSpec
 * @property {'letter' | 'postcard' | null} kind
 * @property {number} prisonerId
 * @property {import('../shared/api-types.js').DraftStructure} draft the structure: the server composes the text
 * @property {'ru'} language
 * @property {ReturnType<typeof senderSpec>} sender
 * @property {'letter' | 'a4'} paper
 * @property {string} [templateId]
 * @property {{ englishCopy?: boolean, addressSheet?: boolean }} [options]
 * @property {string} [image]
 */

/** Served by the kiosk routes from the pdfjs-dist package; a variable, so the browser's URL is not a module name here. */
const PDFJS_URL = '/vendor/pdfjs/pdf.min.mjs';

// Keeping up with the writer: pdf.js and one long-lived PDFWorker load while the writer writes (warmPreview), every
// document reuses that worker. On the last screen before the preview (sign for a letter, draw for a postcard) the
// current spec is sent speculatively once the inputs settle (speculate): at most one such request in flight, a
// superseded one aborted, its pages drawn off-screen. *Next* shows them only when the spec (its JSON) is unchanged;
// otherwise the normal path runs. Nothing is stored: the bytes live in memory, the Blob URL is made only when the
// pages are shown, and forgetPreview (Start over, the idle wipe) drops any speculative result.

/** @type {PdfJs | null} */
let pdfjs = null;
/** @type {import('pdfjs-dist').PDFWorker | null} */
let worker = null;
/** @type {{ url: string, pages: number, replaced: string } | null} */
let current = null;
let renderSeq = 0;

async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = /** @type {PdfJs} */ (await import(PDFJS_URL));
    pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/pdf.worker.min.mjs';
  }
  if (!worker || worker.destroyed) worker = new pdfjs.PDFWorker();
  return { lib: pdfjs, worker };
}

/** Loads pdf.js and starts its worker ahead of the first preview; harmless to call again. */
export function warmPreview() {
  loadPdfjs().catch((e) => console.warn('pdf.js preload failed', e instanceof Error ? e.message : e));
}

/**
 * @typedef {object} Rendered
 * @property {Uint8Array} bytes
 * @property {number} pages
 * @property {string} replaced
 * @property {HTMLElement[]} figures
 * @property {boolean} sideBySide
 * @property {number} width
 */
/**
 * @typedef {object} Speculation
 * @property {string} key the spec's JSON: shown only for an identical spec
 * @property {number} at when it was asked for (performance.now())
 * @property {AbortController} controller aborted when superseded or forgotten
 * @property {boolean | undefined} ok whether the server made the PDF (undefined while it is on its way)
 * @property {Promise<Rendered | null>} result the pages drawn off-screen (null when it failed or was aborted)
 */
/** @type {Speculation | null} */
let speculation = null;
/** The speculation *Next* took over while it was still drawing: aborted by a newer preview, Start over or the idle wipe. */
/** @type {AbortController | null} */
let adopted = null;

/**
 * The width a page is drawn at, and whether a postcard's two sides go side by side.
 * @param {number} boxWidth
 * @param {Draft['kind']} kind
 * @param {number} pages
 */
function layout(boxWidth, kind, pages) {
  const sideBySide = kind === 'postcard' && pages === 2 && boxWidth >= 640;
  const width = sideBySide ? Math.floor((boxWidth - 24 - 13) / 2) : Math.min(boxWidth - 24, 620);
  return { sideBySide, width };
}

/** The preview box's width; while the preview screen is hidden, the width of the screen on show stands in. */
function boxWidth() {
  const box = byId('pages');
  if (box.clientWidth) return box.clientWidth;
  const shown = document.querySelector('[data-screen]:not([hidden])');
  return shown instanceof HTMLElement && shown.clientWidth ? shown.clientWidth : 620;
}

/**
 * Draws the PDF of a response into figures, each canvas marked data-drawn="1" once drawn.
 * @param {Promise<Response>} response the POST /api/pdf for the spec
 * @param {Draft['kind']} kind
 * @param {() => boolean} stale
 * @param {(r: Omit<Rendered, 'figures'>) => void} [onDoc] called once the page count is known (before any page is drawn)
 * @param {(figure: HTMLElement) => void} [onFigure] called for each page before it is drawn
 * @returns {Promise<Rendered | null>}
 */
async function draw(response, kind, stale, onDoc, onFigure) {
  const [res, { lib, worker: w }] = await Promise.all([response, loadPdfjs()]);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (stale()) return null;
  const doc = await lib.getDocument({ data: bytes.slice(), isEvalSupported: false, worker: w }).promise;
  /** @type {{ cancel(): void }[]} */
  const tasks = [];
  /** @type {Promise<unknown>[]} */
  const draws = [];
  try {
    const pages = doc.numPages;
    const replaced = replacedChars(res.headers.get('x-volya-replaced'), res.headers.get('x-volya-replaced-count'));
    const { sideBySide, width } = layout(boxWidth(), kind, pages);
    onDoc?.({ bytes, pages, replaced, sideBySide, width });
    /** @type {HTMLElement[]} */
    const figures = [];
    for (let n = 1; n <= pages; n++) {
      const page = await doc.getPage(n);
      if (stale()) return null;
      const base = page.getViewport({ scale: 1 });
      const scale = (width / base.width) * Math.min(window.devicePixelRatio || 1, 2);
      const viewport = page.getViewport({ scale });
      const canvas = el('canvas', { class: 'page', width: Math.floor(viewport.width), height: Math.floor(viewport.height), 'aria-hidden': 'true' });
      canvas.style.width = `${width}px`;
      // The page's words for a screen reader (the canvas is a picture of them): read from the PDF itself.
      const words = el('div', { class: 'sr page-text' });
      const figure = el('figure', { class: 'page-wrap' }, canvas, words, el('figcaption', { class: 'muted small', text: t('preview.pageLabel', { n, total: pages }) }));
      figures.push(figure);
      onFigure?.(figure);
      // The pages draw together (the worker parses them in turn): a postcard's two sides appear at once.
      const task = page.render({ canvas, viewport });
      tasks.push(task);
      draws.push(task.promise.then(() => {
        canvas.dataset.drawn = '1';
      }));
      draws.push(page.getTextContent().then((content) => {
        words.textContent = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').trim();
      }));
    }
    await Promise.all(draws);
    if (stale()) return null;
    return { bytes, pages, replaced, figures, sideBySide, width };
  } finally {
    // A preview no longer wanted stops drawing; nothing is left running against the document destroyed here.
    if (stale()) for (const task of tasks) task.cancel();
    await Promise.allSettled(draws);
    await doc.destroy();
  }
}

/** A preview made ahead and not shown within this long is made again on *Next*: the person's record may have changed. */
const AHEAD_MAX_AGE_MS = 60_000;

/**
 * The speculation made for exactly this spec, if it is recent enough to show.
 * @param {string} key
 */
function aheadFor(key) {
  return speculation?.key === key && performance.now() - speculation.at < AHEAD_MAX_AGE_MS ? speculation : null;
}

/**
 * Starts the preview of the draft as it stands, off-screen, unless the same spec is already on its way.
 * @param {Draft} draft
 */
export function speculate(draft) {
  let spec;
  try {
    spec = pdfSpec(draft);
  } catch {
    return;
  }
  const key = JSON.stringify(spec);
  if (aheadFor(key)) return;
  dropSpeculation();
  const controller = new AbortController();
  const response = api.postForResponse('/api/pdf', spec, { signal: controller.signal, background: true });
  /** @type {Speculation} */
  const mine = {
    key,
    at: performance.now(),
    controller,
    ok: undefined,
    result: draw(response, spec.kind, () => controller.signal.aborted).catch(() => null),
  };
  response.then(() => {
    mine.ok = true;
  }, () => {
    mine.ok = false;
  });
  speculation = mine;
}

/**
 * Whether the server has already made this draft's PDF ahead of *Next* (it composes by the same rules as POST
 * /api/compose, gaps included), so *Next* need not ask again. False while that PDF is still on its way (it is then
 * taken over by the preview, not asked for again), when it failed, or when nothing was made ahead for this draft.
 * @param {Draft} draft
 */
export function madeAhead(draft) {
  return aheadFor(JSON.stringify(pdfSpec(draft)))?.ok === true;
}

function dropSpeculation() {
  speculation?.controller.abort();
  speculation = null;
}

/**
 * The PDF spec for POST /api/pdf (and the print queue / printer routes).
 * @param {Draft} draft
 * @returns {PdfSpec}
 */
export function pdfSpec(draft) {
  /** @type {PdfSpec} */
  const spec = {
    kind: draft.kind,
    prisonerId: recipientOf(draft).id,
    draft: structureOf(draft),
    language: 'ru',
    sender: senderSpec(draft),
    paper: draft.paper,
  };
  if (draft.templateId) spec.templateId = draft.templateId;
  // The composed English is printed as the writer's copy: only when they asked for it.
  if (draft.kind === 'letter' && draft.englishCopy) spec.options = { englishCopy: true };
  // Posted from here: the address sheet prints with the letter, to copy onto the envelope (or cut out and glue on).
  if (draft.kind === 'letter' && recipientOf(draft).route?.kind === 'post') spec.options = { ...spec.options, addressSheet: true };
  if (draft.kind === 'postcard' && draft.image) spec.image = draft.image;
  return spec;
}

/**
 * X-Volya-Replaced: URI-encoded JSON list of the first few { char, codePoint, count, replacement };
 * X-Volya-Replaced-Count: how many distinct characters were replaced in all.
 * @param {string | null} header
 * @param {string | null} countHeader
 */
function replacedChars(header, countHeader) {
  if (!header) return '';
  try {
    const replaced = /** @type {{ char: string }[]} */ (JSON.parse(decodeURIComponent(header)));
    const more = Number(countHeader ?? 0) > replaced.length ? ' …' : '';
    return replaced.map((r) => r.char).join(' ') + more;
  } catch {
    return '';
  }
}

export function forgetPreview() {
  dropSpeculation();
  clearShown();
}

function clearShown() {
  renderSeq++;
  adopted?.abort();
  adopted = null;
  if (current) URL.revokeObjectURL(current.url);
  current = null;
  byId('pages').replaceChildren();
  document.querySelector('.print-frame')?.remove();
}

/** The page count and the unprintable-characters warning, in the UI language. */
export function renderPreviewStatus() {
  if (!current) return;
  const pages = current.pages;
  byId('preview-status').textContent = t('preview.pages', { count: pages });
  const box = byId('preview-replaced');
  box.hidden = !current.replaced;
  box.textContent = current.replaced ? t('preview.replaced', { chars: current.replaced }) : '';
  all('#pages figcaption', HTMLElement).forEach((caption, i) => {
    caption.textContent = t('preview.pageLabel', { n: i + 1, total: pages });
  });
}

/**
 * Makes the PDF and shows it; throws on a failed request so the caller offers "try again".
 * @param {Draft} draft
 */
export async function makePreview(draft) {
  clearShown();
  const seq = renderSeq;
  const print = byId('print', HTMLButtonElement);
  byId('preview-status').textContent = t('preview.making');
  print.disabled = true;
  const box = byId('pages');
  const spec = pdfSpec(draft);
  const key = JSON.stringify(spec);
  const ahead = aheadFor(key);
  // Taken over, not aborted: a speculation still on its way finishes for this preview.
  if (ahead) adopted = ahead.controller;
  else dropSpeculation();
  speculation = null;
  /** @param {Omit<Rendered, 'figures'>} r */
  const adopt = (r) => {
    current = { url: URL.createObjectURL(new Blob([/** @type {BlobPart} */ (r.bytes)], { type: 'application/pdf' })), pages: r.pages, replaced: r.replaced };
    renderPreviewStatus();
    box.classList.toggle('pages-side', r.sideBySide);
  };
  const ready = ahead ? await ahead.result : null;
  if (seq !== renderSeq) return;
  adopted = null;
  if (ready) {
    adopt(ready);
    // Drawn while the preview screen was hidden: fitted to the box it now shows in.
    const { sideBySide, width } = layout(box.clientWidth || boxWidth(), spec.kind, ready.pages);
    box.classList.toggle('pages-side', sideBySide);
    for (const c of ready.figures.map((f) => f.querySelector('canvas'))) if (c) c.style.width = `${width}px`;
    box.append(...ready.figures);
  } else {
    const done = await draw(api.postForResponse('/api/pdf', spec), spec.kind, () => seq !== renderSeq, (r) => {
      if (seq === renderSeq) adopt(r);
    }, (figure) => box.append(figure));
    if (!done) return;
  }
  print.disabled = false;
}

/** Prints the previewed PDF with the browser (silent under Chromium's --kiosk-printing). */
export async function printPreview() {
  if (!current) return false;
  document.querySelector('.print-frame')?.remove();
  const frame = el('iframe', { class: 'print-frame', title: t('preview.print'), 'aria-hidden': 'true', tabindex: '-1' });
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = current.url;
  document.body.append(frame);
  // A browser without a PDF viewer may never fire load for a PDF frame: do not wait forever.
  await Promise.race([loaded, new Promise((r) => setTimeout(r, 4000))]);
  try {
    const view = frame.contentWindow;
    if (!view) return false;
    view.focus();
    view.print();
  } catch (e) {
    console.warn('print failed', e instanceof Error ? e.message : e);
    return false;
  }
  return true;
}

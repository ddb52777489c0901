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

/** @type {PdfJs | null} */
let pdfjs = null;
/** @type {{ url: string, pages: number, replaced: string } | null} */
let current = null;
let renderSeq = 0;

async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = /** @type {PdfJs} */ (await import(PDFJS_URL));
    pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/pdf.worker.min.mjs';
  }
  return pdfjs;
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
  renderSeq++;
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
  forgetPreview();
  const seq = renderSeq;
  const print = byId('print', HTMLButtonElement);
  byId('preview-status').textContent = t('preview.making');
  print.disabled = true;
  const res = await api.postForResponse('/api/pdf', pdfSpec(draft));
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (seq !== renderSeq) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const lib = await loadPdfjs();
  const doc = await lib.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  const pages = doc.numPages;
  current = { url, pages, replaced: replacedChars(res.headers.get('x-volya-replaced'), res.headers.get('x-volya-replaced-count')) };
  renderPreviewStatus();
  const box = byId('pages');
  // A postcard's picture side and message side show together: side by side on a wide screen.
  const sideBySide = draft.kind === 'postcard' && pages === 2 && box.clientWidth >= 640;
  box.classList.toggle('pages-side', sideBySide);
  const width = sideBySide ? Math.floor((box.clientWidth - 24 - 13) / 2) : Math.min(box.clientWidth - 24, 620);
  for (let n = 1; n <= pages; n++) {
    const page = await doc.getPage(n);
    if (seq !== renderSeq) return;
    const base = page.getViewport({ scale: 1 });
    const scale = (width / base.width) * Math.min(window.devicePixelRatio || 1, 2);
    const viewport = page.getViewport({ scale });
    const canvas = el('canvas', { class: 'page', width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
    canvas.style.width = `${width}px`;
    box.append(el('figure', { class: 'page-wrap' }, canvas, el('figcaption', { class: 'muted small', text: t('preview.pageLabel', { n, total: pages }) })));
    await page.render({ canvas, viewport }).promise;
  }
  await doc.destroy();
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

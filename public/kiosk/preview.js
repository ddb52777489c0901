// Preview: the real PDF from POST /api/pdf, drawn page by page with pdf.js; print through the browser.
import { post } from './api.js';
import { englishText, russianText, senderSpec } from './draft.js';
import { t } from './i18n.js';
import { el } from './ui.js';

let pdfjs = null;
let current = null; // { url, pages, replaced }
let renderSeq = 0;

async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = await import('/vendor/pdfjs/pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/pdf.worker.min.mjs';
  }
  return pdfjs;
}

/** The PDF spec for POST /api/pdf (and the print queue / printer routes). */
export function pdfSpec(draft) {
  const spec = {
    kind: draft.kind,
    prisonerId: draft.person.id,
    text: russianText(draft),
    language: 'ru',
    sender: senderSpec(draft),
    paper: draft.paper,
  };
  if (draft.templateId) spec.templateId = draft.templateId;
  // Given English text is printed as the writer's copy: only when they asked for it.
  if (draft.kind === 'letter' && draft.englishCopy) {
    spec.englishText = englishText(draft);
    spec.options = { englishCopy: true };
  }
  if (draft.kind === 'postcard' && draft.image) spec.image = draft.image;
  return spec;
}

/** X-Volya-Replaced: URI-encoded JSON list of { char, codePoint, count, replacement }. */
function replacedChars(header) {
  if (!header) return '';
  try {
    return JSON.parse(decodeURIComponent(header)).map((r) => r.char).join(' ');
  } catch {
    return '';
  }
}

export function forgetPreview() {
  renderSeq++;
  if (current) URL.revokeObjectURL(current.url);
  current = null;
  document.getElementById('pages').replaceChildren();
  document.querySelector('.print-frame')?.remove();
}

/** The page count and the unprintable-characters warning, in the UI language. */
export function renderPreviewStatus() {
  if (!current) return;
  document.getElementById('preview-status').textContent = current.pages === 1 ? t('preview.page') : t('preview.pages', { count: current.pages });
  const box = document.getElementById('preview-replaced');
  box.hidden = !current.replaced;
  box.textContent = current.replaced ? t('preview.replaced', { chars: current.replaced }) : '';
  for (const [i, caption] of [...document.querySelectorAll('#pages figcaption')].entries()) {
    caption.textContent = t('preview.pageLabel', { n: i + 1, count: current.pages });
  }
}

/** Makes the PDF and shows it; throws on a failed request so the caller offers "try again". */
export async function makePreview(draft) {
  forgetPreview();
  const seq = renderSeq;
  document.getElementById('preview-status').textContent = t('preview.making');
  document.getElementById('print').disabled = true;
  const res = await post('/api/pdf', pdfSpec(draft));
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (seq !== renderSeq) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const lib = await loadPdfjs();
  const doc = await lib.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  const pages = doc.numPages;
  current = { url, pages, replaced: replacedChars(res.headers.get('x-volya-replaced')) };
  renderPreviewStatus();
  const box = document.getElementById('pages');
  const width = Math.min(box.clientWidth - 24, 620);
  for (let n = 1; n <= pages; n++) {
    const page = await doc.getPage(n);
    if (seq !== renderSeq) return;
    const base = page.getViewport({ scale: 1 });
    const scale = (width / base.width) * Math.min(window.devicePixelRatio || 1, 2);
    const viewport = page.getViewport({ scale });
    const canvas = el('canvas', { class: 'page', width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
    canvas.style.width = `${width}px`;
    box.append(el('figure', { class: 'page-wrap' }, canvas, el('figcaption', { class: 'muted small', text: t('preview.pageLabel', { n, count: pages }) })));
    await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  }
  await doc.destroy();
  document.getElementById('print').disabled = false;
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
    frame.contentWindow.focus();
    frame.contentWindow.print();
  } catch (e) {
    console.warn('print failed', e?.message);
    return false;
  }
  return true;
}

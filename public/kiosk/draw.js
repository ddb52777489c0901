// @ts-check
// Drawing canvas for the picture side: mouse, touch and pen through pointer events, and the keyboard.
// 1240 × 874 px for a 148 × 105 mm card is 213 dpi. Strokes are kept (not pixels) so undo replays them.
import { all, byId } from '../shared/dom.js';

/** @typedef {[number, number]} Point */
/** @typedef {{ colour: string, width: number, points: Point[] }} Stroke */

const canvas = () => byId('canvas', HTMLCanvasElement);
const BACKGROUND = '#ffffff';
const KEY_STEP = 12;
// Above this size a PNG data URL becomes a JPEG: the request stays small for a busy, colourful drawing.
const MAX_PNG_CHARS = 700_000;

/** @type {Stroke[]} */
let strokes = [];
/** @type {Stroke | null} */
let current = null;
let pen = { x: 620, y: 437, down: false };

/** The 2D context; a canvas always has one. */
function context() {
  const ctx = canvas().getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  return ctx;
}

function tool() {
  const colour = all('input[name="colour"]:checked', HTMLInputElement)[0]?.value ?? '#1f2430';
  const width = Number(all('input[name="width"]:checked', HTMLInputElement)[0]?.value ?? 14);
  return colour === 'eraser' ? { colour: BACKGROUND, width: width * 2 } : { colour, width };
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Stroke} s
 */
function paintStroke(ctx, s) {
  ctx.strokeStyle = s.colour;
  ctx.fillStyle = s.colour;
  ctx.lineWidth = s.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const [first, ...rest] = s.points;
  if (!first) return;
  if (!rest.length) {
    const [x, y] = first;
    ctx.beginPath();
    ctx.arc(x, y, s.width / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(...first);
  for (const p of rest) ctx.lineTo(...p);
  ctx.stroke();
}

function repaint() {
  const c = canvas();
  const ctx = context();
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, c.width, c.height);
  for (const s of strokes) paintStroke(ctx, s);
}

/**
 * @param {number} x
 * @param {number} y
 */
function extend(x, y) {
  if (!current) return;
  const last = current.points[current.points.length - 1];
  current.points.push([x, y]);
  paintStroke(context(), { ...current, points: last ? [last, [x, y]] : [[x, y]] });
}

/**
 * @param {PointerEvent} e
 * @returns {Point}
 */
function toCanvas(e) {
  const c = canvas();
  const r = c.getBoundingClientRect();
  return [((e.clientX - r.left) * c.width) / r.width, ((e.clientY - r.top) * c.height) / r.height];
}

/**
 * @param {number} x
 * @param {number} y
 */
function begin(x, y) {
  current = { ...tool(), points: [[x, y]] };
  strokes.push(current);
  paintStroke(context(), current);
}

function showPen() {
  const c = canvas();
  const marker = byId('pen');
  marker.hidden = document.activeElement !== c;
  const r = c.getBoundingClientRect();
  marker.style.left = `${(pen.x * r.width) / c.width}px`;
  marker.style.top = `${(pen.y * r.height) / c.height}px`;
  marker.classList.toggle('is-down', pen.down);
}

export function wireDrawing() {
  const c = canvas();
  c.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    c.setPointerCapture(e.pointerId);
    begin(...toCanvas(e));
  });
  c.addEventListener('pointermove', (e) => {
    if (!current || !c.hasPointerCapture(e.pointerId)) return;
    for (const ev of e.getCoalescedEvents?.() ?? [e]) extend(...toCanvas(ev));
  });
  const end = () => {
    current = null;
  };
  c.addEventListener('pointerup', end);
  c.addEventListener('pointercancel', end);
  c.addEventListener('focus', showPen);
  c.addEventListener('blur', () => {
    pen.down = false;
    current = null;
    showPen();
  });
  c.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    /** @type {Record<string, Point>} */
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      pen.down = !pen.down;
      if (pen.down) begin(pen.x, pen.y);
      else current = null;
    } else if (move) {
      e.preventDefault();
      pen.x = Math.min(c.width, Math.max(0, pen.x + move[0]));
      pen.y = Math.min(c.height, Math.max(0, pen.y + move[1]));
      if (pen.down && current) extend(pen.x, pen.y);
    } else return;
    showPen();
  });
  byId('draw-undo').addEventListener('click', () => {
    strokes.pop();
    current = null;
    repaint();
  });
  byId('draw-clear').addEventListener('click', () => {
    clearDrawing();
  });
  repaint();
}

export function clearDrawing() {
  strokes = [];
  current = null;
  pen = { x: 620, y: 437, down: false };
  repaint();
}

/** The picture as a data URL for the PDF, or null when nothing was drawn (the card is drawn on by hand). */
export function drawingImage() {
  if (!strokes.length) return null;
  const png = canvas().toDataURL('image/png');
  return png.length <= MAX_PNG_CHARS ? png : canvas().toDataURL('image/jpeg', 0.9);
}

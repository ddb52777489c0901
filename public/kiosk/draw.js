// Drawing canvas for the picture side: mouse, touch and pen through pointer events, and the keyboard.
// 1240 × 874 px for a 148 × 105 mm card is 213 dpi. Strokes are kept (not pixels) so undo replays them.
const canvas = () => document.getElementById('canvas');
const BACKGROUND = '#ffffff';
const KEY_STEP = 12;
// Above this size a PNG data URL becomes a JPEG: the request stays small for a busy, colourful drawing.
const MAX_PNG_CHARS = 700_000;

let strokes = [];
let current = null;
let pen = { x: 620, y: 437, down: false };

function tool() {
  const colour = document.querySelector('input[name="colour"]:checked')?.value ?? '#1f2430';
  const width = Number(document.querySelector('input[name="width"]:checked')?.value ?? 14);
  return colour === 'eraser' ? { colour: BACKGROUND, width: width * 2 } : { colour, width };
}

function paintStroke(ctx, s) {
  ctx.strokeStyle = s.colour;
  ctx.fillStyle = s.colour;
  ctx.lineWidth = s.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (s.points.length === 1) {
    const [x, y] = s.points[0];
    ctx.beginPath();
    ctx.arc(x, y, s.width / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(...s.points[0]);
  for (const p of s.points.slice(1)) ctx.lineTo(...p);
  ctx.stroke();
}

function repaint() {
  const c = canvas();
  const ctx = c.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, c.width, c.height);
  for (const s of strokes) paintStroke(ctx, s);
}

function extend(x, y) {
  const c = canvas();
  const last = current.points[current.points.length - 1];
  current.points.push([x, y]);
  const ctx = c.getContext('2d');
  paintStroke(ctx, { ...current, points: [last, [x, y]] });
}

function toCanvas(e) {
  const c = canvas();
  const r = c.getBoundingClientRect();
  return [((e.clientX - r.left) * c.width) / r.width, ((e.clientY - r.top) * c.height) / r.height];
}

function begin(x, y) {
  current = { ...tool(), points: [[x, y]] };
  strokes.push(current);
  paintStroke(canvas().getContext('2d'), current);
}

function showPen() {
  const c = canvas();
  const marker = document.getElementById('pen');
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
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      pen.down = !pen.down;
      if (pen.down) begin(pen.x, pen.y);
      else current = null;
    } else if (moves[e.key]) {
      e.preventDefault();
      pen.x = Math.min(c.width, Math.max(0, pen.x + moves[e.key][0]));
      pen.y = Math.min(c.height, Math.max(0, pen.y + moves[e.key][1]));
      if (pen.down && current) extend(pen.x, pen.y);
    } else return;
    showPen();
  });
  document.getElementById('draw-undo').addEventListener('click', () => {
    strokes.pop();
    current = null;
    repaint();
  });
  document.getElementById('draw-clear').addEventListener('click', () => {
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

// @ts-check
// Idle timeout: after `seconds` without input the kiosk wipes itself; the last part shows a countdown and
// "keep writing". Any key, tap, click or scroll counts as activity.
import { all, byId } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

let limit = 180;
let lastActivity = Date.now();
/** @type {ReturnType<typeof setInterval> | undefined} */
let timer;
/** @type {() => void} */
let onExpire = () => {};
/** @type {() => boolean} */
let isActive = () => false;

const overlay = () => byId('idle');

/** Seconds before the end during which the countdown is shown. */
function warnSeconds() {
  return Math.min(30, Math.max(3, Math.floor(limit / 3)));
}

function poke() {
  lastActivity = Date.now();
}

/**
 * While the countdown shows, the page behind it is inert: Tab stays in the dialog.
 * @param {boolean} on
 */
function setBackgroundInert(on) {
  for (const el of all('body > header, body > main, #error', HTMLElement)) el.inert = on;
}

/** @type {HTMLElement | null} */
let focusBefore = null;

function hideWarning() {
  overlay().hidden = true;
  setBackgroundInert(false);
  // Back to where the writer was.
  (focusBefore?.isConnected ? focusBefore : all('[data-screen]:not([hidden]) h1', HTMLElement)[0])?.focus();
  focusBefore = null;
}

function tick() {
  if (!isActive()) {
    lastActivity = Date.now();
    return;
  }
  const left = Math.ceil(limit - (Date.now() - lastActivity) / 1000);
  if (left <= 0) {
    overlay().hidden = true;
    setBackgroundInert(false);
    onExpire();
    return;
  }
  if (left > warnSeconds()) {
    // Any activity (a tap, a key, "keep writing") brought the time back.
    if (!overlay().hidden) hideWarning();
  } else {
    if (overlay().hidden) {
      focusBefore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      overlay().hidden = false;
      setBackgroundInert(true);
      byId('idle-keep').focus();
    }
    byId('idle-text').textContent = t('idle.text', { count: left });
    byId('idle-seconds').textContent = String(left);
  }
}

/** @param {{ seconds: number, active: () => boolean, expire: () => void }} watch */
export function startIdleWatch({ seconds, active, expire }) {
  limit = seconds;
  isActive = active;
  onExpire = expire;
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) {
    // The overlay's own button is the way to stay; a key press anywhere also counts.
    window.addEventListener(type, poke, { capture: true, passive: true });
  }
  byId('idle-keep').addEventListener('click', () => {
    poke();
    hideWarning();
  });
  clearInterval(timer);
  timer = setInterval(tick, 250);
}

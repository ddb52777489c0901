// Idle timeout: after `seconds` without input the kiosk wipes itself; the last part shows a countdown and
// "keep writing". Any key, tap, click or scroll counts as activity.
import { t } from './i18n.js';

let limit = 180;
let lastActivity = Date.now();
let timer = null;
let onExpire = () => {};
let isActive = () => false;

const overlay = () => document.getElementById('idle');

/** Seconds before the end during which the countdown is shown. */
function warnSeconds() {
  return Math.min(30, Math.max(3, Math.floor(limit / 3)));
}

function poke() {
  lastActivity = Date.now();
}

/** While the countdown shows, the page behind it is inert: Tab stays in the dialog. */
function setBackgroundInert(on) {
  for (const el of document.querySelectorAll('body > header, body > main, #error')) el.inert = on;
}

let focusBefore = null;

function hideWarning() {
  overlay().hidden = true;
  setBackgroundInert(false);
  // Back to where the writer was.
  (focusBefore?.isConnected ? focusBefore : document.querySelector('[data-screen]:not([hidden]) h1'))?.focus();
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
      focusBefore = document.activeElement;
      overlay().hidden = false;
      setBackgroundInert(true);
      document.getElementById('idle-keep').focus();
    }
    document.getElementById('idle-text').textContent = t('idle.text', { seconds: left });
    document.getElementById('idle-seconds').textContent = String(left);
  }
}

export function startIdleWatch({ seconds, active, expire }) {
  limit = seconds;
  isActive = active;
  onExpire = expire;
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) {
    // The overlay's own button is the way to stay; a key press anywhere also counts.
    window.addEventListener(type, poke, { capture: true, passive: true });
  }
  document.getElementById('idle-keep').addEventListener('click', () => {
    poke();
    hideWarning();
  });
  clearInterval(timer);
  timer = setInterval(tick, 250);
}

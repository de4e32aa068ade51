// toolbar.js — page-wide controls: copy link, palette, pause. They only edit state (or the clipboard).
import { motion } from './motion.js';
import { FILE_NOTE } from './embed-buttons.js';
import { attr, text } from './dom.js';
import { mountIntros } from './intro.js';

export function mountToolbar(state, { flushHash }) {
  const copy = document.getElementById('copy-link');
  const field = document.getElementById('link-text');
  const status = document.getElementById('toolbar-status');
  const palette = document.getElementById('palette');
  const pause = document.getElementById('pause-all');
  const present = document.getElementById('present-mode');

  // the standalone file: its link is a file:// path, which opens only on this computer — say so
  const fileNote = location.protocol === 'file:' ? Object.assign(document.createElement('p'), { className: 'file-link-note', textContent: FILE_NOTE }) : null;
  if (fileNote) { fileNote.dataset.fileNote = ''; fileNote.hidden = true; status.before(fileNote); }
  copy.addEventListener('click', async () => {
    flushHash();
    field.value = location.href;
    if (fileNote) fileNote.hidden = false;
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = fileNote ? `Link copied. ${FILE_NOTE}` : 'Link copied to the clipboard.';
    } catch {
      field.focus(); field.select();
      status.textContent = 'Could not reach the clipboard; the link is selected in the Link box — copy it from there.';
    }
    copy.textContent = 'Link copied';
    setTimeout(() => { copy.textContent = 'Copy link to this view'; }, 1800);
  });
  palette.addEventListener('change', () => state.set({ palette: palette.value }));
  pause.addEventListener('click', () => state.set({ paused: !state.get('paused') }));
  // presentation mode: larger figure text and controls for a projector (also the present=1 option)
  // the text grows or shrinks, so every scene moves: keep the one on screen in view. Each scene
  // also has its own toggle (beside "Embed this view"), which keeps that scene at the top.
  const togglePresent = (anchor) => {
    state.set({ present: !state.get('present') });
    if (anchor) { keepInView(anchor); requestAnimationFrame(() => keepInView(anchor)); }
  };
  present?.addEventListener('click', () => togglePresent(sceneInView()));
  mountIntros(); // each scene's introduction folds to a short lead in presentation mode
  const sceneToggles = [...document.querySelectorAll('section.scene[data-scene]')].map((section) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', className: 'present-toggle', textContent: 'Presentation mode' });
    b.dataset.presentToggle = section.dataset.scene;
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => togglePresent({ el: section, at: 0 }));
    section.querySelector('h2')?.after(b);
    return b;
  });

  // only the settings shown here: a drag elsewhere must not touch the page root (data-palette and
  // data-present on <html> restyle the whole page) nor this bar on every frame
  const root = document.documentElement;
  const draw = () => {
    palette.value = state.get('palette');
    if (root.dataset.palette !== state.get('palette')) root.dataset.palette = state.get('palette');
    motion.paused = state.get('paused');
    attr(pause, 'aria-pressed', motion.paused);
    text(pause, motion.paused ? 'Resume animations' : 'Pause animations');
    const on = state.get('present') ? '1' : '0';
    if (root.dataset.present !== on) root.dataset.present = on;
    for (const b of [present, ...sceneToggles]) if (b) attr(b, 'aria-pressed', state.get('present'));
  };
  const shown = new Set(['palette', 'paused', 'present']);
  state.on((changed) => { if ([...changed].some((k) => shown.has(k))) draw(); });
  draw();
  return { refreshLink: () => { field.value = location.href; } };
}

/** The scene that fills most of the screen, and how far down it the screen's top edge is (0–1). */
export function sceneInView() {
  let best = null; let most = 0;
  for (const el of document.querySelectorAll('section.scene')) {
    const r = el.getBoundingClientRect();
    const seen = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    if (seen > most) { most = seen; best = { el, at: r.top >= 0 ? 0 : -r.top / r.height }; }
  }
  return best;
}

/** Scroll so that the same share of that scene is above the screen's top edge as before. */
export function keepInView({ el, at }) {
  const r = el.getBoundingClientRect();
  window.scrollTo(0, window.scrollY + r.top + at * r.height);
}

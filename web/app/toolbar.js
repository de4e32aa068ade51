// toolbar.js — page-wide controls: copy link, palette, pause. They only edit state (or the clipboard).
import { motion } from './motion.js';
import { FILE_NOTE } from './embed-dialog.js';
import { attr, text } from './dom.js';

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
  present?.addEventListener('click', () => state.set({ present: !state.get('present') }));

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
    if (present) attr(present, 'aria-pressed', state.get('present'));
  };
  const shown = new Set(['palette', 'paused', 'present']);
  state.on((changed) => { if ([...changed].some((k) => shown.has(k))) draw(); });
  draw();
  return { refreshLink: () => { field.value = location.href; } };
}

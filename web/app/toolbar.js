// toolbar.js — page-wide controls: copy link, palette, pause. They only edit state (or the clipboard).
import { motion } from './motion.js';
import { FILE_NOTE } from './embed-dialog.js';

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

  const draw = () => {
    field.value = location.href;
    palette.value = state.get('palette');
    document.documentElement.dataset.palette = state.get('palette');
    motion.paused = state.get('paused');
    pause.setAttribute('aria-pressed', String(motion.paused));
    pause.textContent = motion.paused ? 'Resume animations' : 'Pause animations';
    document.documentElement.dataset.present = state.get('present') ? '1' : '0';
    present?.setAttribute('aria-pressed', String(state.get('present')));
  };
  state.on(draw);
  draw();
  return { refreshLink: () => { field.value = location.href; } };
}

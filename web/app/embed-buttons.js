// embed-buttons.js — the "Embed this view" button of every scene. The dialog it opens
// (embed-dialog.js, with the question files and the SCORM packer) loads on the first click, so it
// is not part of the page's first load.
import { h } from './dom.js';
import { SCENES } from './state.js';

export const FILE_NOTE = 'This lesson was opened as a file, so its links start with file:// and only work on this computer. To share a view, put the lesson folder on a web server (or send the file itself and the settings).';

/** Adds the buttons; returns { open(sceneId, opener) } (the dialog, loaded on first use). */
export function mountEmbedButtons(state) {
  let dialog = null;
  const open = async (id, opener) => {
    dialog ??= import('./embed-dialog.js').then((m) => m.mountEmbedDialog(state));
    return (await dialog).open(id, opener);
  };
  for (const section of document.querySelectorAll('section.scene[data-scene]')) {
    const id = section.dataset.scene;
    if (!SCENES.some((s) => s.id === id)) continue;
    const button = h('button.embed-open', { type: 'button', 'data-embed-open': id, 'aria-haspopup': 'dialog' }, 'Embed this view');
    button.addEventListener('click', () => open(id, button));
    section.querySelector('h2')?.after(button);
  }
  return { open };
}

// intro.js — each scene's first screen in presentation mode. On a projector the paragraphs above a
// figure, and the sentence boxes and presets of scenes 4–6, fill the first screen. There the
// introduction folds to a three-line lead and those setup controls fold away, each behind a button
// beside the scene's other buttons (main.css: .scene-intro, .intro-more, .setup-open); at a desk
// nothing changes. Scenes 2 and 7 put their controls beside their charts instead (main.css).
import { attr, text } from './dom.js';

// the setup each scene folds in presentation mode: its button's label (main.css lists the parts)
const SETUP = { self: 'Sentence and model', cross: 'The two sentences', heads: 'Sentence and presets' };

/** A button that toggles `cls` on `target`, named `[closed, open]`, placed before `before`. */
function foldButton(target, cls, [closed, open], before) {
  const b = Object.assign(document.createElement('button'), { type: 'button', className: 'intro-more', textContent: closed });
  attr(b, 'aria-expanded', 'false');
  b.addEventListener('click', () => {
    const on = target.classList.toggle(cls);
    attr(b, 'aria-expanded', String(on)); text(b, on ? open : closed);
  });
  before.before(b); // in the row of the scene's buttons (Embed this view, Presentation mode)
  return b;
}

/** Wraps the paragraphs of every section.scene (its <p> children) in a foldable box, and gives the
 *  scenes with a setup a button that shows it. */
export function mountIntros() {
  for (const section of document.querySelectorAll('section.scene[data-scene]')) {
    const paragraphs = [...section.children].filter((el) => el.localName === 'p');
    if (!paragraphs.length) continue;
    const box = Object.assign(document.createElement('div'), { className: 'scene-intro', id: `intro-${section.dataset.scene}` });
    paragraphs[0].before(box); box.append(...paragraphs);
    attr(foldButton(box, 'open', ['More of the introduction', 'Less of the introduction'], box), 'aria-controls', box.id);
    const setup = SETUP[section.dataset.scene];
    if (setup) foldButton(section, 'setup-open', [`Show: ${setup}`, `Hide: ${setup}`], box);
  }
}

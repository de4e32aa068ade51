// attention-explorer-widget.js — an anywidget module (MyST/Jupyter Book `{anywidget}` directive,
// or a Python anywidget via _esm): render({ model, el }) puts one <attention-explorer> in `el`.
// The model's traits are the embed options (scene, sentence, q, k, temperature, dk, step, hide, …;
// see web/embed/options.js). Model -> element on change:<name>; element -> model when a student
// moves something (where the host lets a widget write back).
import { OPTION_NAMES } from '../embed/options.js';
import '../attention-explorer.js';

function render({ model, el }) {
  const explorer = document.createElement('attention-explorer');
  const apply = (name) => {
    const value = model.get(name);
    if (value === undefined || value === null || value === '') explorer.removeAttribute(name);
    else explorer.setAttribute(name, Array.isArray(value) ? value.join(',') : String(value));
  };
  for (const name of OPTION_NAMES) apply(name);
  const handlers = OPTION_NAMES.map((name) => [`change:${name}`, () => apply(name)]);
  for (const [event, fn] of handlers) model.on(event, fn);
  explorer.addEventListener('change', (ev) => {
    for (const [name, value] of Object.entries(ev.detail.options)) if (model.get(name) !== undefined && String(model.get(name)) !== value) model.set(name, value);
    try { model.save_changes(); } catch { /* a static page (MyST) has no kernel to save to */ }
  });
  el.append(explorer);
  return () => { for (const [event, fn] of handlers) model.off(event, fn); explorer.remove(); };
}

export default { render };

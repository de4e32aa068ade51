// embed-dialog.js — "Embed this view": a button on every scene (embed-buttons.js) opens a dialog that writes the scene
// as it is now (settings, hidden parts, chosen questions, report channel) as a link, an iframe
// snippet with its resize script, an <attention-explorer> snippet, and a SCORM package preset to the
// view. Every output is a read-only text box, so copying works without clipboard permission.
// All settings text comes from the one vocabulary (state.js); snippets are built as text, never HTML.
import { h, text } from './dom.js';
import { SCENES, partsOf, writeSettings, toQuery, propOf, coerce } from './state.js';
import { FILE_NOTE } from './embed-buttons.js';
// the question files and the SCORM packer load when the dialog first opens, not with the page
const questionFiles = () => import('../questions/index.js');
const scormPacker = () => import('../lms/scorm-package.js');

const attrEsc = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const isFile = () => location.protocol === 'file:';
export { FILE_NOTE };

/** The view's settings for one scene as [name, text] pairs, with the dialog's choices applied. */
export function viewSettings(state, scene, { hide = [], questions = 'all', reportOrigin = '', mastery = 80 } = {}) {
  const values = { ...state.values, hide, questions, 'report-origin': reportOrigin, mastery };
  return writeSettings(values, { scene });
}

/** The snippets for a view: { link, iframe, element, hash }. base: where the lesson's web/ folder is. */
export function snippets(pairs, { base, title, height = 900 }) {
  const query = toQuery(pairs);
  const link = new URL(`embed.html?${query}`, base).href;
  const id = `ae-${pairs.find(([n]) => n === 'scene')[1]}`;
  const iframe = `<iframe id="${id}" src="${attrEsc(link)}" title="${attrEsc(title)}" style="width:100%;height:${Math.round(height)}px;border:0" loading="lazy"></iframe>
<script>
  // resize the frame to the scene's height (Canvas and H5P pages resize it on their own)
  addEventListener('message', function (e) {
    var f = document.getElementById('${id}');
    if (f && e.source === f.contentWindow && e.data && e.data.type === 'attention-explorer:resize') f.style.height = e.data.height + 'px';
  });
</script>`;
  const attrs = pairs.map(([n, v]) => ` ${n}="${attrEsc(v)}"`).join('');
  const element = `<script type="module" src="${attrEsc(new URL('attention-explorer.js', base).href)}"></script>
<attention-explorer${attrs}></attention-explorer>`;
  return { link, iframe, element, hash: query };
}

export function mountEmbedDialog(state) {
  let dialog = null; let scene = 'dot';
  const fields = {};
  const status = h('p.embed-status', { role: 'status', 'aria-live': 'polite' });
  const partsBox = h('fieldset.embed-parts', {}, h('legend', {}, 'Hide these parts'));
  const questionsBox = h('fieldset.embed-questions', {}, h('legend', {}, 'Questions to ask'));
  const origin = h('input', { type: 'text', id: 'embed-origin', 'data-embed': 'report-origin', placeholder: 'https://your-course.example', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'embed-origin-note' });
  const originNote = h('span.note', { id: 'embed-origin-note' }, 'Optional. The address of the course page that frames the lesson and may receive the answers; leave it empty to keep answers in the browser.');
  const mastery = h('input', { type: 'number', id: 'embed-mastery', min: 0, max: 100, step: 1, value: 80, 'data-embed': 'mastery' });
  const heading = h('h2', { id: 'embed-title' });
  const fileNote = h('p.note.embed-file-note', { 'data-embed': 'file-note' }, FILE_NOTE);

  function output(key, label, rows) {
    const id = `embed-${key}`;
    const box = h('textarea', { id, readonly: true, rows, spellcheck: 'false', 'data-embed-output': key });
    const copy = h('button', { type: 'button', 'data-embed-copy': key, onclick: () => copyText(box, label) }, `Copy ${label.toLowerCase()}`);
    fields[key] = box;
    return h('div.embed-output', {}, h('label', { for: id }, label), box, copy);
  }
  async function copyText(box, label) {
    try {
      await navigator.clipboard.writeText(box.value);
      text(status, `${label} copied.`);
    } catch {
      box.focus(); box.select();
      text(status, `${label} is selected: press Ctrl+C (⌘C on a Mac) to copy it.`);
    }
  }
  const download = h('button', { type: 'button', 'data-embed-download': 'scorm', onclick: () => downloadScorm() }, 'Download SCORM 1.2 package of this view');

  function build() {
    dialog = h('dialog.embed-dialog', { 'aria-labelledby': 'embed-title', 'data-embed-dialog': '' },
      h('form', { method: 'dialog' },
        h('div.embed-head', {}, heading, h('button', { type: 'submit', 'data-embed-close': '' }, 'Close')),
        h('p.note', {}, 'Everything below follows the scene as it is now. Change the scene, then open this again to embed a different view.'),
        isFile() ? fileNote : '',
        h('div.embed-choices', {}, partsBox, questionsBox,
          h('div.embed-report', {}, h('label', { for: 'embed-origin' }, 'Send results to (report-origin)'), origin, originNote,
            h('label', { for: 'embed-mastery' }, 'Pass mark for SCORM (%)'), mastery)),
        output('link', 'Link', 2), output('iframe', 'Iframe snippet', 8), output('element', 'Element snippet', 4),
        h('div.embed-output', {}, h('p', {}, 'For Moodle, Canvas and other SCORM 1.2 course systems: the whole lesson as one package, opening at this view, asking the questions chosen above, reporting score and pass/fail.'), download),
        status));
    dialog.addEventListener('change', refresh);
    dialog.addEventListener('input', refresh);
    document.body.append(dialog);
  }

  function choices() {
    const hide = [...partsBox.querySelectorAll('input:checked')].map((i) => i.value);
    const boxes = [...questionsBox.querySelectorAll('input')];
    const on = boxes.filter((i) => i.checked).map((i) => i.value);
    const questions = on.length === boxes.length ? 'all' : on.length ? on.join(',') : 'off';
    const o = coerce(propOf('report-origin'), origin.value.trim());
    origin.setAttribute('aria-invalid', String(o === undefined));
    const m = coerce(propOf('mastery'), mastery.value);
    return { hide, questions, reportOrigin: o ?? '', mastery: m ?? 80 };
  }
  let current = null;
  function refresh() {
    const info = SCENES.find((s) => s.id === scene);
    const section = document.getElementById(`scene-${scene}`);
    const height = section?.querySelector('[data-scene-el]')?.getBoundingClientRect().height ?? 900;
    const pairs = viewSettings(state, scene, choices());
    const base = new URL('./', location.href);
    current = { pairs, ...snippets(pairs, { base, title: `${info.number}. ${info.title}`, height: Math.max(400, height + 60) }) };
    fields.link.value = current.link; fields.iframe.value = current.iframe; fields.element.value = current.element;
    if (origin.getAttribute('aria-invalid') === 'true') text(status, 'The report-origin must be an http(s) origin such as https://your-course.example (no path, never *); it is left out until then.');
  }

  async function downloadScorm() {
    text(status, 'Building the package…');
    try {
      const res = await fetch(new URL('build/attention-explorer-standalone.html', location.href));
      if (!res.ok) throw new Error(`the standalone file answered ${res.status}`);
      const html = await res.text();
      const { mastery: m } = choices();
      const info = SCENES.find((s) => s.id === scene);
      const { scormPackage } = await scormPacker();
      const bytes = scormPackage({ html, hash: current.hash, title: `Attention Explorer: ${info.title}`, mastery: m });
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      const a = h('a', { href: url, download: `attention-explorer-${scene}-scorm12.zip` });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      text(status, `SCORM package ready: attention-explorer-${scene}-scorm12.zip (${Math.round(bytes.length / 1024)} KB). Upload it as a SCORM activity.`);
    } catch (e) {
      text(status, isFile()
        ? 'The package is built from the lesson on a web server; this copy was opened as a file. Use web/build/attention-explorer-scorm12.zip, or open the served lesson.'
        : `The package could not be built (${e.message}). Run scripts/build so that build/attention-explorer-standalone.html exists.`);
    }
  }

  async function open(id, opener) {
    const { questionsFor } = await questionFiles();
    if (!dialog) build();
    scene = id;
    const info = SCENES.find((s) => s.id === id);
    text(heading, `Embed this view: ${info.number}. ${info.title}`);
    const hidden = state.get('hide');
    partsBox.replaceChildren(h('legend', {}, 'Hide these parts'), ...partsOf(id).map((p) =>
      h('label.choice', {}, h('input', { type: 'checkbox', value: p.flag, 'data-embed-hide': p.flag, checked: hidden.includes(p.flag) }), ` ${p.label}`)));
    const chosen = state.get('questions');
    const list = questionsFor(id, 'all'); const on = new Set(questionsFor(id, chosen).map((q) => q.id));
    questionsBox.replaceChildren(h('legend', {}, 'Questions to ask'), ...list.map((q, i) =>
      h('label.choice', {}, h('input', { type: 'checkbox', value: q.id, 'data-embed-question': q.id, checked: on.has(q.id) }), ` ${i + 1}. ${q.prompt}`)));
    origin.value = state.get('report-origin'); mastery.value = String(state.get('mastery'));
    text(status, '');
    refresh();
    dialog.addEventListener('close', () => opener?.focus(), { once: true });
    dialog.showModal();
  }

  // the scenes' "Embed this view" buttons are embed-buttons.js', which loads this module on a click
  return { open };
}

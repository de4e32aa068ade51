// tex.js — KaTeX, vendored by scripts/vendor and loaded on the first formula (dynamic import), so
// its 145 KB gzip stay off the first page load. Only trusted TeX built from numbers and fixed
// symbols is ever passed in; user text (sentences) is never put into TeX.
// CSP: katex.render builds DOM nodes and sets styles through CSSOM (node.style), which
// style-src 'self' allows; renderToString + innerHTML would emit style attributes, which it blocks.
let katex = null;
let loading = null;

function draw(el, source, display) {
  katex.render(source, el, { throwOnError: false, displayMode: display, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

// While a value is dragged the formula's text changes every frame; KaTeX then renders at most
// once per COALESCE_MS per element (the latest text always lands), instead of on every frame.
// Only a burst is coalesced (two renders already within BURST_MS): a single change, or the
// first renders while a page loads, are drawn at once.
const COALESCE_MS = 150;
const BURST_MS = 300;
const pending = new WeakMap(); // element -> timer
const recent = new WeakMap(); // element -> [time of the render before last, time of the last]

export function tex(el, source, { display = false } = {}) {
  if (el.dataset.tex === source) return; // nothing changed: skip the re-layout
  el.dataset.tex = source;
  if (katex) {
    if (pending.has(el)) return; // the queued render picks up the latest text
    const now = performance.now(); const [before, last] = recent.get(el) ?? [-1e9, -1e9];
    const render = () => {
      pending.delete(el);
      const t = performance.now(); recent.set(el, [(recent.get(el) ?? [-1e9, -1e9])[1], t]);
      draw(el, el.dataset.tex, display);
    };
    if (now - before > BURST_MS || now - last >= COALESCE_MS) render(); else pending.set(el, setTimeout(render, COALESCE_MS - (now - last)));
    return;
  }
  loadTex().then(
    () => { if (el.dataset.tex === source) draw(el, source, display); },
    () => { if (el.dataset.tex === source) el.textContent = source; }, // no KaTeX: show the TeX source
  );
}

/** Starts loading KaTeX (once); pages call it beside the core so scenes mount with formulas ready. */
export function loadTex() {
  loading ??= import('../vendor/katex/katex.mjs').then((m) => { katex = m.default; });
  return loading;
}

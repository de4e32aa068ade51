// tex.js — KaTeX, vendored by scripts/vendor. Only trusted TeX built from numbers and fixed
// symbols is ever passed in; user text (sentences) is never put into TeX.
import katex from '../vendor/katex/katex.mjs';

export function tex(el, source, { display = false } = {}) {
  if (el.dataset.tex === source) return; // nothing changed: skip the re-layout
  el.dataset.tex = source;
  katex.render(source, el, { throwOnError: false, displayMode: display, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

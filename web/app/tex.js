// tex.js — KaTeX, vendored by scripts/vendor and loaded on the first formula (dynamic import; on
// the lesson page, once a formula comes near the screen), so its 75 KB gzip stay off the first load. Only trusted TeX built from numbers and fixed
// symbols is ever passed in; user text (sentences) is never put into TeX.
// CSP: katex.render builds DOM nodes and sets styles through CSSOM (node.style), which
// style-src 'self' allows; renderToString + innerHTML would emit style attributes, which it blocks.
let katex = null;
let loading = null;

function draw(el, source, display) {
  katex.render(source, el, { throwOnError: false, displayMode: display, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

// While a value is dragged the formula's text changes every frame, but mostly only its numbers
// do. So in a burst (a change within BURST_MS of the one before) the new numbers are written into
// the text nodes of the last KaTeX render, when the TeX with its numbers blanked out (its skeleton)
// is the same; KaTeX renders the whole formula once the burst has been quiet for SETTLE_MS (MathML
// and stretchy widths catch up). A change of skeleton (a sign flips, a term appears) renders at
// most once per COALESCE_MS. A single change, or the first render while a page loads, is drawn at
// once. KaTeX does not lay numbers out in TeX order (a fraction's denominator or an underbrace's
// label can come first), so which TeX number a text node shows is learned from renders: for each
// number in the render, the TeX numbers with the same text; renders of the same skeleton narrow
// these sets down. A number is written in place only when every TeX number it may be has the same
// new value, which is then right whichever it is; otherwise KaTeX renders.
const COALESCE_MS = 150;
const BURST_MS = 300;
const SETTLE_MS = 250;
const NUM = /\d+(?:\.\d+)?/g;
// renders to come: element -> { due, display }, all served by one timer (a burst of changes in a
// formula of many pieces would otherwise cancel and set a timer per piece on every frame)
const due = new Map();
let timer = 0; let timerAt = Infinity;
const changed = new WeakMap(); // element -> time of its last change
const drawnAt = new WeakMap(); // element -> time of its last KaTeX render
const learned = new WeakMap(); // element -> Map(skeleton -> candidate sets, one per number in the render)
const slots = new WeakMap(); // element -> { skeleton, slots: [{ node, parts, cands }] } of the last render, or null

const skeletonOf = (source) => source.replace(NUM, '#');

/** Finds the render's numbers and which TeX numbers each may be (null when they do not add up). */
function index(el, source) {
  slots.set(el, null);
  const nums = source.match(NUM) ?? [];
  const root = el.querySelector('.katex-html'); if (!root) return;
  const found = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const shown = node.data.match(NUM);
    if (shown) found.push({ node, parts: node.data.split(NUM), shown });
  }
  const flat = found.flatMap((f) => f.shown);
  if (flat.length !== nums.length) return;
  const skeleton = skeletonOf(source);
  const known = learned.get(el) ?? new Map(); learned.set(el, known);
  const before = known.get(skeleton);
  const cands = flat.map((x, k) => {
    const here = nums.flatMap((y, i) => (y === x ? [i] : []));
    return before && before.length === flat.length ? here.filter((i) => before[k].includes(i)) : here;
  });
  if (cands.some((c) => !c.length)) { known.delete(skeleton); return; }
  if (known.size > 24) known.clear();
  known.set(skeleton, cands);
  let k = 0;
  slots.set(el, { skeleton, slots: found.map((f) => ({ node: f.node, parts: f.parts, cands: f.shown.map(() => cands[k++]) })) });
}

/** Writes the numbers of `source` into the last render; false when that cannot be done exactly. */
function patch(el, source) {
  const idx = slots.get(el);
  if (!idx || idx.skeleton !== skeletonOf(source)) return false;
  const nums = source.match(NUM) ?? [];
  const texts = [];
  for (const { parts, cands } of idx.slots) {
    let t = parts[0];
    for (let i = 0; i < cands.length; i++) {
      const value = nums[cands[i][0]];
      if (cands[i].some((c) => nums[c] !== value)) return false; // not yet known which number this is
      t += value + parts[i + 1];
    }
    texts.push(t);
  }
  idx.slots.forEach(({ node }, i) => { if (node.data !== texts[i]) node.data = texts[i]; });
  return true;
}

function render(el, display) {
  due.delete(el);
  drawnAt.set(el, performance.now());
  draw(el, el.dataset.tex, display);
  index(el, el.dataset.tex);
}

/** Renders whatever is due, and sets the one timer for the next. */
function serve() {
  timer = 0; timerAt = Infinity;
  const now = performance.now();
  for (const [el, d] of [...due]) if (d.due <= now + 1) render(el, d.display);
  arm();
}

function arm() {
  let next = Infinity;
  for (const d of due.values()) next = Math.min(next, d.due);
  if (next === Infinity || (timer && timerAt <= next)) return;
  clearTimeout(timer);
  timerAt = next; timer = setTimeout(serve, Math.max(0, next - performance.now()));
}

function later(el, display, ms) {
  const at = performance.now() + ms;
  due.set(el, { due: at, display });
  if (!timer || timerAt > at) arm();
}

/** patchFirst: numbers are written in place even for a first change (texPieces: a word typed
 *  changes every term's weight), with the KaTeX render SETTLE_MS after the last change. */
export function tex(el, source, { display = false, patchFirst = false } = {}) {
  if (el.dataset.tex === source) return; // nothing changed: skip the re-layout
  el.dataset.tex = source;
  if (katex) {
    const now = performance.now(); const last = changed.get(el) ?? -1e9; changed.set(el, now);
    if (now - last > BURST_MS && !(patchFirst && drawnAt.has(el))) { render(el, display); return; }
    if (patch(el, source)) { later(el, display, SETTLE_MS); return; }
    const wait = COALESCE_MS - (now - (drawnAt.get(el) ?? -1e9));
    if (wait <= 0) render(el, display); else later(el, display, wait);
    return;
  }
  whenNear(el).then(loadTex).then(
    () => { if (el.dataset.tex === source) render(el, display); },
    () => { if (el.dataset.tex === source) el.textContent = source; }, // no KaTeX: show the TeX source
  );
}

/**
 * A formula whose shape changes often as a row of pieces, each its own KaTeX render: e.g. a sum
 * whose number of terms follows the sentence (a word typed adds a term). A piece is `[key, tex]`;
 * a piece keeps its element while its key stays, so a term added renders only itself, and the
 * others (through tex()) are untouched when unchanged or have their numbers written in place. A
 * piece that is an operator and its right side (`{} + 0.12\,v_{2}`, with an empty left side) is
 * spaced as in one render. The pieces settle (KaTeX renders the patched ones) together, once the
 * whole row has been quiet for SETTLE_MS. `display` lays the row out as KaTeX's display mode does
 * (centred, one line that scrolls when too wide). el.dataset.tex holds the whole formula's TeX.
 */
export function texPieces(el, pieces, { display = false } = {}) {
  const whole = pieces.map(([, t]) => t).join(' ');
  if (el.dataset.tex === whole) return;
  el.dataset.tex = whole;
  let row = el.firstElementChild;
  if (!row?.classList.contains('tex-pieces')) {
    row = document.createElement('span'); row.className = display ? 'tex-pieces display' : 'tex-pieces';
    el.replaceChildren(row);
  }
  const byKey = new Map([...row.children].map((span) => [span.dataset.piece, span]));
  const keep = new Set(pieces.map(([k]) => String(k)));
  for (const [k, span] of byKey) if (!keep.has(k)) { span.remove(); byKey.delete(k); }
  let prev = null;
  for (const [k, t] of pieces) {
    let span = byKey.get(String(k));
    if (!span) { span = document.createElement('span'); span.dataset.piece = String(k); }
    if ((prev ? prev.nextElementSibling : row.firstElementChild) !== span) row.insertBefore(span, prev ? prev.nextElementSibling : row.firstElementChild);
    prev = span;
    tex(span, t, { patchFirst: true });
  }
  // the pieces settle together: none is rendered while any of them is still changing
  const at = performance.now() + SETTLE_MS;
  for (const span of row.children) { const d = due.get(span); if (d && d.due < at) d.due = at; }
}

// On the lesson page KaTeX (75 KB gzip) is not part of the first load: the first screen has no
// formula. It loads when the reader first scrolls (scene 1's formula is then still a third of a
// screen away) or when a formula comes within NEAR of the screen (a link or the nav jumping to a
// scene), whichever is first; until then a formula's box is empty at its CSS min-height.
// Embeds and elements load it on their first formula, as before (deferTexUntilNear is not called).
const NEAR = '300px 0px 300px 0px';
let nearby = null; // IntersectionObserver, while formulas wait (deferTexUntilNear)
const waiting = new Map(); // observed formula box -> resolvers of whenNear
function whenNear(el) {
  if (!nearby) return Promise.resolve();
  const box = el.closest('.formula') ?? el;
  return new Promise((resolve) => {
    if (!waiting.has(box)) { waiting.set(box, []); nearby.observe(box); }
    waiting.get(box).push(resolve);
  });
}
/** Lesson page: stop waiting and load KaTeX now (print, or a tool that wants every formula). */
export function release() {
  if (!nearby) return;
  nearby.disconnect(); nearby = null;
  removeEventListener('scroll', release);
  for (const resolvers of waiting.values()) for (const r of resolvers) r();
  waiting.clear();
}
let cssHref = null; // KaTeX's stylesheet, added with KaTeX when the page does not link it itself

/**
 * Lesson page: load KaTeX on the first scroll or formula near the screen, not at once; `css`, when
 * given, is KaTeX's stylesheet, linked then too (a formula is drawn once both are there).
 */
export function deferTexUntilNear({ css = null } = {}) {
  cssHref = css;
  if (katex || nearby || typeof IntersectionObserver !== 'function') return;
  nearby = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) release(); }, { rootMargin: NEAR });
  addEventListener('scroll', release, { passive: true });
}

/** Starts loading KaTeX (once), with its stylesheet when deferTexUntilNear named one. */
export function loadTex() {
  loading ??= Promise.all([import('../vendor/katex/katex.mjs'), linkCss()]).then(([m]) => { katex = m.default; });
  return loading;
}

function linkCss() {
  if (!cssHref) return null;
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: cssHref });
  // a stylesheet that fails leaves formulas unstyled but readable: KaTeX still renders
  const loaded = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  document.head.append(link);
  return loaded;
}

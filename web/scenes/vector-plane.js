// vector-plane.js — renderer: a 2-D plane (SVG) with arrows, segments, an angle arc, alignment
// regions and draggable tips. It only draws and reports drags; scenes decide what the numbers are.
// Every drag also works from the keyboard (arrow keys; Shift = bigger steps) — WCAG 2.2 SC 2.5.7.
import { s, attr, text } from '../app/dom.js';

const SIZE = 400; const C = SIZE / 2;
const PAD = 14; // room around the frame so a handle at ±extent is drawn whole
const KEY_STEP = 0.1; const BIG_STEP = 0.5;
const REGION_LABELS = ['aligned: q·k > 0', 'opposite: q·k < 0', 'perpendicular: q·k = 0'];

export class VectorPlane {
  /** @param container element to draw into; extent = data units from centre to edge. */
  constructor(container, { extent = 4, label = 'Vector plane', regions = false } = {}) {
    this.extent = extent; this.sc = C / extent; this.handles = new Map(); this.arrows = new Map();
    this.titleEl = s('title', {}, label); this.descEl = s('desc');
    this.svg = s('svg', { viewBox: `${-PAD} ${-PAD} ${SIZE + 2 * PAD} ${SIZE + 2 * PAD}`, class: 'plane', role: 'group' }, this.titleEl, this.descEl);
    this.svg.append(this.defs(), s('clipPath', { id: `frame-${this.uid}` }, s('rect', { x: 0, y: 0, width: SIZE, height: SIZE })), this.grid());
    this.regionLayer = s('g', { class: 'regions', 'aria-hidden': 'true', 'clip-path': `url(#frame-${this.uid})` });
    this.under = s('g', { 'aria-hidden': 'true' });
    this.arrowLayer = s('g', { 'aria-hidden': 'true' });
    this.handleLayer = s('g');
    this.svg.append(this.regionLayer, this.under, this.arrowLayer, this.handleLayer);
    if (regions) this.buildRegions();
    container.append(this.svg);
  }
  X(x) { return C + x * this.sc; }
  Y(y) { return C - y * this.sc; }

  defs() {
    return s('defs', {}, s('pattern', { id: `hatch-${this.uid = Math.random().toString(36).slice(2, 8)}`, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'hatch-line' })));
  }

  grid() {
    const g = s('g', { class: 'grid', 'aria-hidden': 'true' });
    for (let v = -Math.floor(this.extent); v <= this.extent; v++) {
      const cls = v === 0 ? 'axis' : 'gridline';
      g.append(s('line', { x1: this.X(v), y1: 0, x2: this.X(v), y2: SIZE, class: cls }), s('line', { x1: 0, y1: this.Y(v), x2: SIZE, y2: this.Y(v), class: cls }));
      // offsets in em: at any font size the numbers sit below the x-axis and beside the y-axis, not on them
      if (v !== 0 && v % 2 === 0) g.append(s('text', { x: this.X(v), y: C + 3, dy: '0.9em', class: 'tick' }, String(v)), s('text', { x: C - 6, y: this.Y(v), dy: '0.35em', class: 'tick end' }, String(v)));
    }
    return g;
  }

  buildRegions() {
    const R = SIZE * 1.5;
    this.regionRot = s('g');
    this.regionRot.append(
      s('rect', { x: 0, y: -R, width: R, height: 2 * R, class: 'region-pos' }),
      s('rect', { x: -R, y: -R, width: R, height: 2 * R, class: 'region-neg' }),
      s('rect', { x: -R, y: -R, width: R, height: 2 * R, fill: `url(#hatch-${this.uid})` }),
      s('line', { x1: 0, y1: -R, x2: 0, y2: R, class: 'perp' }));
    this.regionLabels = REGION_LABELS.map((t) => s('text', { class: 'region-label' }, t));
    this.regionLayer.append(this.regionRot, ...this.regionLabels);
  }

  /** Shade the half-planes relative to direction (dx, dy); null hides them. labels: three texts
   *  (aligned, opposite, perpendicular) when the default sign claims would not be true. */
  setRegions(dir, labels = REGION_LABELS) {
    if (!this.regionRot) return;
    this.regionLabels.forEach((el, i) => text(el, labels[i]));
    this.regionLayer.style.display = dir ? '' : 'none';
    if (!dir) { this.regionDir = null; return; }
    const a = Math.atan2(dir[1], dir[0]);
    this.regionDir = [Math.cos(a), -Math.sin(a)]; // on screen (y down), for declutter
    attr(this.regionRot, 'transform', `translate(${C} ${C}) rotate(${(-a * 180) / Math.PI})`);
    const r = this.extent * 0.62; const c = Math.cos(a); const si = Math.sin(a);
    const spots = [[c * r, si * r], [-c * r, -si * r], [-si * this.extent * 0.78, c * this.extent * 0.78]];
    // keep the perpendicular label inside the frame
    if (Math.abs(spots[2][1]) > this.extent * 0.85) spots[2] = spots[2].map((v) => -v);
    this.regionLabels.forEach((el, i) => { attr(el, 'x', this.X(spots[i][0]).toFixed(1)); attr(el, 'y', this.Y(spots[i][1]).toFixed(1)); });
  }

  /** Draw or update an arrow from `from` to `to` (data units). */
  /** labelAt: 'tip' (beyond the head) or 'mid' (beside the middle, clear of other tips). */
  /** shift: extra [dx, dy] (px) for the label, e.g. to lift it off an axis the arrow lies on. */
  arrow(id, to, { from = [0, 0], cls = '', label = '', layer = this.arrowLayer, labelAt = 'tip', shift = [0, 0], away = null } = {}) {
    let a = this.arrows.get(id);
    if (!a) {
      a = { g: s('g', { class: `arrow ${cls}` }), line: s('line'), head: s('polygon'), label: s('text', { class: 'arrow-label' }) };
      a.g.append(a.line, a.head, a.label); layer.append(a.g); this.arrows.set(id, a);
    }
    const [x0, y0] = [this.X(from[0]), this.Y(from[1])]; const [x1, y1] = [this.X(to[0]), this.Y(to[1])];
    const len = Math.hypot(x1 - x0, y1 - y0); const ux = len ? (x1 - x0) / len : 0; const uy = len ? (y1 - y0) / len : 0;
    const hl = Math.min(12, len * 0.6); const hw = hl * 0.5;
    attr(a.line, 'x1', x0.toFixed(1)); attr(a.line, 'y1', y0.toFixed(1));
    attr(a.line, 'x2', (x1 - ux * hl * 0.8).toFixed(1)); attr(a.line, 'y2', (y1 - uy * hl * 0.8).toFixed(1));
    attr(a.head, 'points', [[x1, y1], [x1 - ux * hl - uy * hw, y1 - uy * hl + ux * hw], [x1 - ux * hl + uy * hw, y1 - uy * hl - ux * hw]].map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' '));
    a.seg = [x0, y0, x1 - ux * hl * 0.8, y1 - uy * hl * 0.8]; a.tip = [x1, y1, ux, uy, hl, hw]; // for declutter
    const off = this.handles.has(id) ? 14 : 4; // clear of the handle's ring when the tip is draggable
    const [lx, ly] = labelAt === 'mid' ? [(x0 + x1) / 2 + uy * 12 - 4, (y0 + y1) / 2 - ux * 12 + 5]
      : labelAt === 'side' ? [(x0 + x1) / 2, (y0 + y1) / 2] : [x1 + ux * off, y1 + uy * off];
    attr(a.label, 'x', (lx + shift[0]).toFixed(1)); attr(a.label, 'y', (ly + shift[1]).toFixed(1));
    // the label's centre goes half its extent (in em, so at any font size) further out: beyond the tip
    // along the arrow, or beside the middle along the normal (uy, −ux), on the side away from the point
    // `away` (data units) when one is given
    const half = (dx, dy) => Math.abs(dx) * (label.length * 0.29 + 0.15) + Math.abs(dy) * 0.55;
    if (labelAt === 'side') {
      const side = away && (uy * ((x0 + x1) / 2 - this.X(away[0])) - ux * ((y0 + y1) / 2 - this.Y(away[1]))) < 0 ? -1 : 1;
      const d = side * (half(uy, ux) + 0.4);
      attr(a.label, 'text-anchor', 'middle');
      attr(a.label, 'dx', `${(uy * d).toFixed(2)}em`); attr(a.label, 'dy', `${(-ux * d + 0.35).toFixed(2)}em`);
    } else if (labelAt === 'tip') {
      const d = len ? half(ux, uy) : 0;
      attr(a.label, 'text-anchor', 'middle');
      attr(a.label, 'dx', `${(ux * d).toFixed(2)}em`); attr(a.label, 'dy', `${(uy * d + 0.35).toFixed(2)}em`);
    }
    text(a.label, labelAt !== 'tip' && len < 18 ? '' : label); // no room beside a very short arrow
    a.g.style.display = '';
    return a;
  }

  hide(id) { const a = this.arrows.get(id); if (a) a.g.style.display = 'none'; }

  /** A plain element in the under-layer, created once by key. */
  shape(key, tag, attrs) {
    this.shapes ??= new Map();
    let el = this.shapes.get(key);
    if (!el) { el = s(tag); this.under.append(el); this.shapes.set(key, el); }
    for (const [k, v] of Object.entries(attrs)) attr(el, k, v);
    return el;
  }

  /** Angle arc between two directions, shorter way round, with a label. */
  arcBetween(key, a, b, label, radius = 0.8) {
    const a1 = Math.atan2(a[1], a[0]); let d = Math.atan2(b[1], b[0]) - a1;
    while (d > Math.PI) d -= 2 * Math.PI; while (d < -Math.PI) d += 2 * Math.PI;
    const r = radius * this.sc; const p = (t) => [C + r * Math.cos(t), C - r * Math.sin(t)];
    const [sx, sy] = p(a1); const [ex, ey] = p(a1 + d);
    this.shape(`${key}-path`, 'path', { display: '', d: `M ${sx.toFixed(1)} ${sy.toFixed(1)} A ${r} ${r} 0 0 ${d > 0 ? 0 : 1} ${ex.toFixed(1)} ${ey.toFixed(1)}`, class: 'arc' });
    const [lx, ly] = [C + (r + 16) * Math.cos(a1 + d / 2), C - (r + 16) * Math.sin(a1 + d / 2)];
    const t = this.shape(`${key}-label`, 'text', { display: '', x: lx.toFixed(1), y: (ly + 4).toFixed(1), class: 'arc-label' });
    text(t, label);
  }

  /** Hide an angle arc (e.g. while the angle is undefined). */
  hideArc(key) { for (const part of ['path', 'label']) this.shapes?.get(`${key}-${part}`)?.setAttribute('display', 'none'); }

  /** A draggable, focusable tip. onMove(x, y) receives data units (unsnapped); get() -> the tip's
   *  current [x, y] in state, so fast key repeats build on the latest value, not the last drawn one. */
  handle(id, { label, onMove, get }) {
    const g = s('g', { class: 'handle', tabindex: 0, role: 'slider', 'aria-label': label, 'aria-valuemin': -this.extent, 'aria-valuemax': this.extent, 'data-handle': id });
    const hit = s('circle', { r: 16, class: 'hit' }); const ring = s('circle', { r: 9, class: 'ring' });
    g.append(hit, ring); this.handleLayer.append(g);
    const h = { g, hit, ring, x: 0, y: 0, onMove };
    this.handles.set(id, h);
    const toData = (ev) => { const pt = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(this.svg.getScreenCTM().inverse()); return [(pt.x - C) / this.sc, (C - pt.y) / this.sc]; };
    g.addEventListener('pointerdown', (ev) => { ev.preventDefault(); g.setPointerCapture(ev.pointerId); g.classList.add('dragging'); g.focus({ preventScroll: true }); });
    g.addEventListener('pointermove', (ev) => { if (g.hasPointerCapture(ev.pointerId)) onMove(...toData(ev)); });
    const end = (ev) => { if (g.hasPointerCapture(ev.pointerId)) g.releasePointerCapture(ev.pointerId); g.classList.remove('dragging'); };
    g.addEventListener('pointerup', end); g.addEventListener('pointercancel', end);
    // touch-action on an SVG <g> is ignored by browsers: cancel the touch here so a vertical drag on
    // a tip moves the tip instead of scrolling the page (touches elsewhere on the plane still scroll)
    g.addEventListener('touchstart', (ev) => ev.preventDefault(), { passive: false });
    g.addEventListener('keydown', (ev) => {
      const st = ev.shiftKey ? BIG_STEP : KEY_STEP;
      const d = { ArrowLeft: [-st, 0], ArrowRight: [st, 0], ArrowUp: [0, st], ArrowDown: [0, -st] }[ev.key];
      if (!d) return;
      ev.preventDefault();
      const [x, y] = get ? get() : [h.x, h.y];
      onMove(x + d[0], y + d[1]);
    });
    return h;
  }

  /** Move a handle to (x, y) and describe it for assistive tech. */
  placeHandle(id, x, y, valueText) {
    const h = this.handles.get(id); if (!h) return;
    h.x = x; h.y = y;
    const cx = Math.min(SIZE + PAD - 9, Math.max(9 - PAD, this.X(x))); const cy = Math.min(SIZE + PAD - 9, Math.max(9 - PAD, this.Y(y)));
    h.cx = cx; h.cy = cy;
    attr(h.g, 'transform', `translate(${cx.toFixed(1)} ${cy.toFixed(1)})`);
    attr(h.g, 'aria-valuenow', x.toFixed(2)); attr(h.g, 'aria-valuetext', valueText);
  }

  describe(textValue) { text(this.descEl, textValue); }

  /**
   * Moves labels so that no text box of the plane overlaps another or a drawn vector (an arrow's
   * shaft and head, the projection band, a tip's ring, the output dot). Tick numbers stay put and
   * are hidden where a vector covers one; then each label (arrows first, then the angle, then the
   * region names) takes the nearest free spot around where the renderer put it. Call after a render
   * has placed everything. No layout is read while dragging: a label's box around its anchor depends
   * only on its class, anchor and text (with tabular digits only on the text's shape, every digit as
   * 0) and moves with its dx/dy in em, so each shape is measured (getBBox) once per text size.
   */
  declutter() {
    if (!this.svg.isConnected) return;
    const visible = (el) => el.textContent && el.getAttribute('display') !== 'none' && !el.closest('[style*="display: none"]');
    // text sizes change with presentation mode and with the viewport (phone rules): then every box
    // is measured again
    const mode = `${this.svg.closest('[data-present]')?.dataset.present ?? document.documentElement.dataset.present}/${viewportEpoch}`;
    if (this.tickMode !== mode) { this.tickMode = mode; this.ticks = null; this.boxes = new Map(); }
    const rank = (el) => (el.classList.contains('arrow-label') ? 0 : el.classList.contains('arc-label') ? 1 : 2);
    const movable = [...this.svg.querySelectorAll('.arrow-label, .arc-label, .region-label')].filter(visible).sort((p, q) => rank(p) - rank(q));
    const em = (v) => parseFloat(v) || 0; // "0.35em" -> 0.35
    const items = movable.map((el) => {
      const x = Number(el.getAttribute('x')); const y = Number(el.getAttribute('y'));
      // start from where the renderer put it (remembered, so repeated calls do not drift)
      const kept = el.dataset.at === `${x},${y}`;
      const x0 = kept ? Number(el.dataset.x0) : x; const y0 = kept ? Number(el.dataset.y0) : y;
      const ex = em(el.getAttribute('dx')); const ey = em(el.getAttribute('dy'));
      const shape = `${el.getAttribute('class')}|${el.getAttribute('text-anchor')}|${el.textContent.replace(/[0-9]/g, '0')}`;
      return { el, x, y, x0, y0, ex, ey, shape };
    });
    // reads (one layout) only for shapes not seen yet, and only while the plane is rendered
    const missing = items.filter((it) => !this.boxes.has(it.shape));
    if (missing.length || !this.ticks) {
      if (!this.svg.getBoundingClientRect().width) return;
      this.ticks ??= [...this.svg.querySelectorAll('.tick')].filter(visible).map((el) => ({ el, box: el.getBBox() }));
      for (const it of missing) {
        const b = it.el.getBBox(); const size = parseFloat(getComputedStyle(it.el).fontSize);
        this.boxes.set(it.shape, { dx: b.x - it.x - it.ex * size, dy: b.y - it.y - it.ey * size, width: b.width, height: b.height, size });
      }
    }
    for (const it of items) {
      const b = this.boxes.get(it.shape);
      it.box = { x: it.x0 + b.dx + it.ex * b.size, y: it.y0 + b.dy + it.ey * b.size, width: b.width, height: b.height };
    }
    const blocks = this.vectorShapes();
    const blocked = (b) => blocks.some((v) => v(b));
    // a tick number under a vector is hidden; labels still keep off its box, so it never returns under
    // one, and keep a few units from it, so a label never reads as one word with a number ("Wk 2")
    const placed = this.ticks.map(({ el, box }) => {
      attr(el, 'visibility', blocked(box) ? 'hidden' : 'visible');
      return { x: box.x - 4, y: box.y - 2, width: box.width + 8, height: box.height + 4 };
    });
    const hits = (b) => placed.some((o) => b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height);
    for (const it of items) {
      // region names live inside the frame's clip and stay in their own region: a side's name wholly
      // on its side, the perpendicular's name on the line (so it slides along it); other labels may
      // use the margin around the frame
      const region = this.regionDir ? this.regionLabels?.indexOf(it.el) ?? -1 : -1;
      const m = region >= 0 ? 0 : PAD;
      const inside = (b) => b.x >= -m && b.y >= -m && b.x + b.width <= SIZE + m && b.y + b.height <= SIZE + m;
      const [rx, ry] = this.regionDir ?? [1, 0];
      const along = (x, y) => (x - C) * rx + (y - C) * ry;
      const corners = (b) => [along(b.x, b.y), along(b.x + b.width, b.y), along(b.x, b.y + b.height), along(b.x + b.width, b.y + b.height)];
      const own = region === 0 ? (b) => Math.min(...corners(b)) > 0 : region === 1 ? (b) => Math.max(...corners(b)) < 0
        : region === 2 ? (b) => Math.abs(along(b.x + b.width / 2, b.y + b.height / 2)) < 1.5 * b.height : () => true;
      const cost = (b) => (inside(b) && own(b) ? 0 : 8) + (hits(b) ? 2 : 0) + (blocked(b) ? 1 : 0);
      let best = [0, 0]; let bestCost = Infinity;
      for (const [nx, ny] of region === 2 ? slides(-ry, rx) : NUDGES) {
        const c = cost({ x: it.box.x + nx, y: it.box.y + ny, width: it.box.width, height: it.box.height });
        if (c < bestCost) { best = [nx, ny]; bestCost = c; if (!c) break; }
      }
      it.nx = it.x0 + best[0]; it.ny = it.y0 + best[1];
      placed.push({ x: it.box.x + best[0] - 1, y: it.box.y + best[1] - 1, width: it.box.width + 2, height: it.box.height + 2 });
    }
    for (const it of items) {
      if (it.nx !== it.x) it.el.setAttribute('x', it.nx);
      if (it.ny !== it.y) it.el.setAttribute('y', it.ny);
      attr(it.el, 'data-x0', it.x0); attr(it.el, 'data-y0', it.y0); attr(it.el, 'data-at', `${it.nx},${it.ny}`);
    }
  }

  /** Tests (box -> bool) for every vector drawn now, from the numbers the renderer wrote (no layout):
   *  each shaft and head as a thick segment, the projection band, each tip's ring, the output dot. */
  vectorShapes() {
    const out = [];
    const seg = (ax, ay, bx, by, r) => out.push((b) => segmentHitsBox(ax, ay, bx, by, r, b));
    const dot = (cx, cy, r) => out.push((b) => Math.hypot(Math.max(b.x - cx, 0, cx - b.x - b.width), Math.max(b.y - cy, 0, cy - b.y - b.height)) < r);
    for (const a of this.arrows.values()) {
      if (a.g.style.display === 'none' || !a.seg) continue;
      seg(...a.seg, 3.5); // half the thickest shaft (4) and a margin
      const [x1, y1, ux, uy, hl, hw] = a.tip;
      seg(x1 - ux * hl, y1 - uy * hl, x1, y1, hw + 1); // the head, covered by a thick segment along it
    }
    for (const h of this.handles.values()) if (h.cx !== undefined) dot(h.cx, h.cy, 12);
    for (const el of this.shapes?.values() ?? []) {
      if (el.getAttribute('display') === 'none') continue;
      const cls = el.getAttribute('class');
      const n = (k) => Number(el.getAttribute(k));
      if (cls === 'proj') seg(n('x1'), n('y1'), n('x2'), n('y2'), 5);
      else if (cls === 'out-dot' && n('r') > 0) dot(n('cx'), n('cy'), n('r') + 2);
    }
    return out;
  }
}

/** Does the segment (ax, ay)–(bx, by), thickened by r on each side, touch box {x, y, width, height}?
 *  The box grown by r is clipped against the segment (Liang–Barsky); its corners count as square. */
function segmentHitsBox(ax, ay, bx, by, r, b) {
  const x0 = b.x - r; const x1 = b.x + b.width + r; const y0 = b.y - r; const y1 = b.y + b.height + r;
  const dx = bx - ax; const dy = by - ay;
  let t0 = 0; let t1 = 1;
  for (const [p, q] of [[-dx, ax - x0], [dx, x1 - ax], [-dy, ay - y0], [dy, y1 - ay]]) {
    if (p === 0) { if (q < 0) return false; continue; }
    const t = q / p;
    if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
  }
  return t0 <= t1;
}

// a resize may cross a media rule that sets figure text sizes: label boxes are measured again
let viewportEpoch = 0;
if (typeof addEventListener === 'function') addEventListener('resize', () => { viewportEpoch++; });

// candidate label moves (px), nearest first
/** Moves along the direction (dx, dy), nearest first, each also a little to either side of the
 *  line: for a label that names the line. */
function slides(dx, dy) {
  const out = [];
  for (let t = 0; t <= 400; t += 8) {
    for (const u of t ? [t, -t] : [0]) for (const n of [0, -12, 12, -20, 20]) out.push([Math.round(dx * u - dy * n), Math.round(dy * u + dx * n)]);
  }
  return out;
}
const NUDGES = [[0, 0]];
for (const r of [6, 12, 20, 28, 38, 50, 64, 80, 100, 124]) {
  for (let i = 0; i < 16; i++) { const t = (i * Math.PI) / 8; NUDGES.push([Math.round(r * Math.cos(t)), Math.round(r * Math.sin(t))]); }
}

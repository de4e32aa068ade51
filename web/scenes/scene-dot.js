// scene-dot.js — <ae-scene-dot>, scene 1: dot product, length, angle and alignment.
// Every number comes from the core: dot, norm, cosine, angle, project, and attention() for the
// scaled score. JS only moves arrows (and rescales k when its length slider moves, along the
// exact same ray: see stretchK).
import { h, attr, hide, isFocused } from '../app/dom.js';
import { fmt, fmtDeg, show } from '../app/format.js';
import { tex } from '../app/tex.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/dot.js';
import { VectorPlane } from './vector-plane.js';
import { VectorInputs } from './vector-inputs.js';
import { BarChart } from './bar-chart.js';

const MODES = [['dot', 'Dot product q·k'], ['cos', 'Cosine similarity cos θ'], ['scaled', 'Scaled dot product q·k/√d']];
const GRID = 1e4; // k is stored on a 1e-4 grid (state.js); drags and typing keep it on 0.01
const gcd = (a, b) => (b ? gcd(b, a % b) : a);
const on01 = (x) => Math.round(x * 100) / 100;
const UNIT_ZOOM = 4; // cosine mode draws the unit circle 4× larger than the grid
const READOUTS = [['dot', 'q·k'], ['normq', '|q|'], ['normk', '|k|'], ['theta', 'θ'], ['cos', 'cos θ'], ['scaled', 'q·k / √d']];

export class SceneDotElement extends SceneElement {
  static keys = ['q', 'k', 'dim', 'mode'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    const fig = h('figure.figure', {}, h('figcaption', {}, 'Drag the tips of q and k (or focus one and use the arrow keys; Shift moves further).'));
    this.planeNote = h('p.plane-note', { 'data-plane-note': '' });
    fig.append(this.planeNote);
    this.plane = new VectorPlane(fig, { extent: 5, label: 'Query q and key k in the plane', regions: true });
    this.plane.handle('q', { label: 'Tip of q', onMove: (x, y) => this.moveTip('q', x, y), get: () => this.state.get('q') });
    this.plane.handle('k', { label: 'Tip of k', onMove: (x, y) => this.moveTip('k', x, y), get: () => this.state.get('k') });
    this.altText = h('p.alt', { 'data-alt': 'plane' });
    fig.append(this.altText);

    this.modeInputs = MODES.map(([v, label]) => {
      const inp = h('input', { type: 'radio', name: `mode-${Math.random().toString(36).slice(2)}`, value: v, onchange: () => set({ mode: v }) });
      return [v, inp, h('label.choice', {}, inp, ` ${label}`)];
    });
    const modes = h('fieldset.modes', {}, h('legend', {}, 'Score to emphasise'), ...this.modeInputs.map((m) => m[2]));
    this.headline = h('output.headline', { 'data-readout': 'headline' });
    this.headlineLabel = h('span.headline-label');
    this.modeNote = h('p.note');

    this.outputs = Object.fromEntries(READOUTS.map(([k]) => [k, h('output', { 'data-readout': k })]));
    const dl = h('dl.readouts', {}, READOUTS.flatMap(([k, label]) => [h('dt', {}, label), h('dd', {}, this.outputs[k])]));
    this.undefNote = h('p.note.warn', { 'data-readout': 'undefined-note', role: 'status' });
    this.formula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula with live numbers' });

    this.dimInput = h('input', { type: 'range', min: 2, max: 8, step: 1, id: 'dim-range', oninput: (e) => set({ dim: e.target.valueAsNumber }) });
    this.dimOut = h('output', { for: 'dim-range' });
    this.stretch = h('input', { type: 'range', min: 0.2, max: 6, step: 0.01, id: 'k-length', 'data-control': 'k-length', 'aria-describedby': 'k-length-note', oninput: (e) => this.stretchK(e.target.valueAsNumber) });
    this.stretchNote = h('span.note', { id: 'k-length-note' });
    const controls = h('div.controls', {},
      h('label.control', { for: 'dim-range' }, 'Dimensions d ', this.dimOut), this.dimInput,
      h('label.control', { for: 'k-length' }, 'Stretch k (its length; direction kept)'), this.stretch, this.stretchNote);

    const panel = h('div.panel', {}, modes, h('p.headline-row', {}, this.headlineLabel, ' = ', this.headline), this.modeNote, dl, this.undefNote, this.formula, controls);
    this.inputs = new VectorInputs(panel, { caption: 'Type the components of q and k', rows: [{ id: 'q', label: 'q' }, { id: 'k', label: 'k' }], get: (id) => this.state.get(id), onInput: (id, i, v) => this.setComponent(id, i, v) });
    const barsBox = h('div.bars-box', {}, h('h3', {}, 'Each dimension’s share: qᵢ·kᵢ adds up to q·k'));
    this.bars = new BarChart(barsBox, { label: 'Per-dimension products q_i times k_i, and their total q·k' });
    this.append(h('div.scene-grid', {}, fig, panel), barsBox);
  }

  /** Drags and typing put the whole vector back on the 0.01 grid (keeps stretch steps fine, below). */
  moveTip(id, x, y) {
    const v = this.state.get(id).map(on01); v[0] = on01(x); v[1] = on01(y);
    this.state.set({ [id]: v });
  }
  setComponent(id, i, value) {
    const v = this.state.get(id).map(on01); v[i] = value;
    this.state.set({ [id]: v });
  }
  /** The ray through k, as grid steps: k = m·p exactly, p = k/gcd in 1e-4 units. Null for k = 0. */
  ray() {
    const dim = this.state.get('dim');
    const c = this.state.get('k').slice(0, dim).map((x) => Math.round(x * GRID));
    const g = c.reduce((a, b) => gcd(a, Math.abs(b)), 0);
    if (!g) return null;
    const p = c.map((x) => x / g);
    const step = this.attempt(() => this.core.norm(p.map((x) => x / GRID)));
    // the longest k on this ray whose every component stays within ±5 (no clamping, which bends k)
    const mMax = Math.floor((5 * GRID) / Math.max(...p.map(Math.abs)));
    return { p, step, mMax, dim };
  }
  /** Every length lands on a grid point of the same ray, so the direction (and cos θ) is exact. */
  stretchK(length) {
    const r = this.ray(); if (!r || !(r.step > 0)) return;
    const m = Math.min(r.mMax, Math.max(1, Math.round(length / r.step)));
    this.state.set({ k: this.state.get('k').map((x, i) => (i < r.dim ? (m * r.p[i]) / GRID : x)) });
  }

  render() {
    const core = this.core; const st = this.state;
    const dim = st.get('dim'); const mode = st.get('mode');
    const q = st.get('q').slice(0, dim); const k = st.get('k').slice(0, dim);
    const dot = this.attempt(() => core.dot(q, k));
    const nq = this.attempt(() => core.norm(q)); const nk = this.attempt(() => core.norm(k));
    const zero = !(nq > 0 && nk > 0);
    const which = !(nq > 0) && !(nk > 0) ? 'q and k are' : !(nq > 0) ? 'q is' : 'k is';
    hide(this.undefNote, !zero);
    this.undefNote.textContent = zero ? `${which} the zero vector: it points nowhere, so the angle θ and cos θ are undefined, and q·k = 0.` : '';
    const cos = zero ? NaN : this.attempt(() => core.cosine(q, k));
    const theta = zero ? NaN : this.attempt(() => core.angle(q, k));
    const scaled = this.attempt(() => core.attention({ q, k, v: k, n: 1, m: 1, dk: dim }).scaled[0]);
    const proj = nq > 0 ? this.attempt(() => core.project(k, q), null) : null;
    const o = this.outputs;
    show(o.dot, dot); show(o.normq, nq); show(o.normk, nk); show(o.cos, cos, fmt(cos, 3));
    show(o.theta, theta, Number.isFinite(theta) ? `${fmtDeg(theta)} (${fmt(theta, 3)} rad)` : '—'); show(o.scaled, scaled);

    const head = { dot: ['q·k', dot], cos: ['cos θ', cos], scaled: ['q·k / √d', scaled] }[mode];
    this.headlineLabel.textContent = head[0]; show(this.headline, head[1], fmt(head[1], mode === 'cos' ? 3 : 2));
    this.modeNote.textContent = {
      dot: 'The dot product grows with the lengths of both arrows as well as with how well they line up. Stretch k and watch it change.',
      cos: `Cosine similarity divides the lengths away and keeps only direction: stretching k leaves it unchanged. The dashed arrows q̂ and k̂ are q and k shrunk to length 1, on the unit circle (drawn ${UNIT_ZOOM}× larger than the grid so you can see them).`,
      scaled: `Attention divides q·k by √d (here √${dim}) so that scores do not grow just because vectors have more dimensions.`,
    }[mode];
    for (const [v, inp] of this.modeInputs) inp.checked = v === mode;

    // plane: first two components
    const p = this.plane;
    // d > 2: the plane is a projection, so its shading cannot tell the sign of the full q·k
    p.setRegions(nq > 0 && Math.hypot(q[0], q[1]) > 0 ? [q[0], q[1]] : null, dim > 2 ? ['in this plane: aligned', 'in this plane: opposite', 'in this plane: perpendicular'] : undefined);
    hide(this.planeNote, dim <= 2);
    this.planeNote.textContent = dim > 2 ? `Showing only dimensions 1 and 2 of ${dim} (a projection). The shading compares those two components only; the sign of q·k uses all ${dim} — read it from the numbers.` : '';
    p.arrow('q', [q[0], q[1]], { cls: 'q', label: 'q' });
    p.arrow('k', [k[0], k[1]], { cls: 'k', label: 'k' });
    if (proj) {
      // the band lies along q, so it is drawn beside q (on k's side), where q's arrow cannot cover it
      const len = Math.hypot(q[0], q[1]) || 1; const cross = q[0] * k[1] - q[1] * k[0];
      const side = cross >= 0 ? 1 : -1; const off = 9; // px
      const ox = (-q[1] / len) * side * off; const oy = (-q[0] / len) * side * off; // screen offset (y is down)
      p.shape('proj', 'line', { x1: (p.X(0) + ox).toFixed(1), y1: (p.Y(0) + oy).toFixed(1), x2: (p.X(proj[0]) + ox).toFixed(1), y2: (p.Y(proj[1]) + oy).toFixed(1), class: 'proj' });
      p.shape('drop', 'line', { x1: p.X(k[0]), y1: p.Y(k[1]), x2: (p.X(proj[0]) + ox).toFixed(1), y2: (p.Y(proj[1]) + oy).toFixed(1), class: 'drop' });
    }
    for (const key of ['proj', 'drop']) p.shape(key, 'line', { display: proj ? '' : 'none' });
    // cosine mode: the unit vectors q̂ and k̂ on the unit circle, drawn UNIT_ZOOM× larger so they read
    const unit = mode === 'cos' && !zero && Math.hypot(q[0], q[1]) > 0 && Math.hypot(k[0], k[1]) > 0;
    for (const [id, v, lab] of [['qhat', q, 'q̂'], ['khat', k, 'k̂']]) {
      const n2 = Math.hypot(v[0], v[1]);
      if (unit) p.arrow(id, [(v[0] / n2) * UNIT_ZOOM, (v[1] / n2) * UNIT_ZOOM], { cls: `unit ${id === 'qhat' ? 'q' : 'k'}`, label: lab }); else p.hide(id);
    }
    p.shape('unit-circle', 'circle', { cx: p.X(0), cy: p.Y(0), r: p.sc * UNIT_ZOOM, class: unit ? 'unit-circle' : 'unit-circle off' });
    if (!zero && Math.hypot(q[0], q[1]) > 0 && Math.hypot(k[0], k[1]) > 0) p.arcBetween('theta', q, k, dim === 2 ? `θ ${fmtDeg(theta)}` : 'angle in this plane', 0.9);
    else p.hideArc('theta');
    p.placeHandle('q', q[0], q[1], `q = (${fmt(q[0])}, ${fmt(q[1])})`);
    p.placeHandle('k', k[0], k[1], `k = (${fmt(k[0])}, ${fmt(k[1])})`);

    const where = cos > 0.02 ? 'on the aligned side of q' : cos < -0.02 ? 'on the opposite side of q' : 'almost perpendicular to q';
    const alt = `q = (${q.map((x) => fmt(x)).join(', ')}), k = (${k.map((x) => fmt(x)).join(', ')}) in ${dim} dimensions. `
      + (zero ? `${which[0].toUpperCase()}${which.slice(1)} the zero vector, so there is no direction to compare: the angle and cos θ are undefined, and q·k = 0.`
        : `k points ${where}: angle ${fmtDeg(theta)}, cos θ ${fmt(cos, 3)}, q·k ${fmt(dot)}.`)
      + (dim > 2 ? ' The plane shows only the first two components; the readouts use all of them.' : '');
    this.altText.textContent = alt; p.describe(alt);
    this.announce(zero ? `q·k 0: ${which} the zero vector, so the angle is undefined.` : `q·k ${fmt(dot)}, cos θ ${fmt(cos, 3)}, θ ${fmtDeg(theta)}`);
    p.declutter();

    const sum = `q\\cdot k=\\sum_{i=1}^{${dim}} q_i k_i = ${fmt(dot)}`;
    tex(this.formula, zero ? `${sum} \\qquad \\text{(${which} the zero vector, so }\\theta\\text{ is undefined)}`
      : `${sum} \\qquad |q|\\,|k|\\cos\\theta = ${fmt(nq)}\\times${fmt(nk)}\\times${fmt(cos, 3)}`, { display: true });

    this.dimInput.value = String(dim); this.dimOut.textContent = String(dim);
    const ray = this.ray();
    const longest = ray ? Math.floor(ray.mMax * ray.step * 100) / 100 : 0;
    this.stretch.disabled = !ray;
    if (ray) attr(this.stretch, 'max', Math.max(0.2, longest));
    if (!isFocused(this.stretch) && Number.isFinite(nk)) this.stretch.value = String(nk);
    this.stretchNote.textContent = ray ? `|k| = ${fmt(nk)}; the longest k in this direction is ${fmt(longest)} (every component stays within ±5).` : 'k is the zero vector: it has no direction to stretch along.';
    this.inputs.update(new Map([['q', st.get('q')], ['k', st.get('k')]]), dim);

    const terms = q.map((qi, i) => this.attempt(() => core.dot([qi], [k[i]])));
    this.bars.update([...terms.map((t, i) => ({ label: `q${i + 1}·k${i + 1}`, value: t, text: fmt(t) })), { label: 'sum q·k', value: dot, text: fmt(dot), cls: 'total' }]);
  }
}
customElements.define('ae-scene-dot', SceneDotElement);

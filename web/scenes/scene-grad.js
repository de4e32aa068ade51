// scene-grad.js — <ae-scene-grad>, scene 8: gradients and numerical stability.
//   1. ∂(q·k)/∂q = k and ∂(q·k)/∂k = q as arrows on a 2-D plane (drag q or k, or type them).
//   2. The softmax Jacobian of one row of scores, with and without ÷√d_k, as heatmaps, and its
//      largest entry against d_k (scene 2's d_k slider drives both scenes).
//   3. Why softmax subtracts the maximum: naive and stable softmax of the same rows, side by side.
// Every number comes from the core (dot, attention, softmaxJacobian, softmax with naive: true);
// this file only chooses inputs, draws, and computes spreads of what the core returned.
import { h, isFocused } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { mulberry32, normals } from '../app/rng.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/grad.js';
import { VectorPlane } from './vector-plane.js';
import { VectorInputs } from './vector-inputs.js';
import { Heatmap } from './heatmap.js';
import { LogChart } from './log-chart.js';

const KEYS = 6; // keys in the Jacobian example: a 6 × 6 heatmap stays readable
const ROWS = 8; // queries drawn per d_k; the chart shows the mean of their largest entries
const DK_SWEEP = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const FIXED_ROWS = [[20, 18, 19], [90, 88, 89]];
const STEP = 0.1; // the small step used to show what the gradient predicts
const on01 = (x) => Math.round(x * 100) / 100;
// exp(x) of float32 overflows above ln(3.4028235e38) = 88.7228: said in the text, not computed from
const OVERFLOW_AT = 88.72;

/** Small or large numbers in a readable width: 0.1235, 3.2e-9, −0.0412. */
const num = (x) => {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '−Infinity';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(1);
};

export class SceneGradElement extends SceneElement {
  static keys = ['gradq', 'gradk', 'dk', 'seed', 'naive', 'palette'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    this.buildPlane();
    this.buildJacobian();
    this.buildNaive();
  }

  // ---- 1. gradient arrows ------------------------------------------------------------------
  buildPlane() {
    const fig = h('figure.figure', {}, h('figcaption', {}, 'Drag the tips of q and k (or focus one and use the arrow keys). The dashed arrows are the gradients of the score q·k.'));
    this.plane = new VectorPlane(fig, { extent: 5, label: 'Query q, key k and the gradients of q·k' });
    const move = (id) => (x, y) => this.state.set({ [id]: [on01(x), on01(y)] });
    this.plane.handle('q', { label: 'Tip of q', onMove: move('gradq'), get: () => this.state.get('gradq') });
    this.plane.handle('k', { label: 'Tip of k', onMove: move('gradk'), get: () => this.state.get('gradk') });
    this.altText = h('p.alt', { 'data-alt': 'grad-plane' });
    fig.append(this.altText);
    this.gradOut = Object.fromEntries(['dot', 'gq', 'gk', 'along', 'across', 'kk'].map((k) => [k, h('output', { 'data-readout': `grad-${k}` })]));
    const o = this.gradOut;
    const panel = h('div.panel', {},
      h('dl.readouts', {},
        h('dt', {}, 'score q·k'), h('dd', {}, o.dot),
        h('dt', {}, '∂(q·k)/∂q'), h('dd', {}, o.gq),
        h('dt', {}, '∂(q·k)/∂k'), h('dd', {}, o.gk)),
      h('p.note', {}, 'Each component of q multiplies the same component of k, so nudging qᵢ changes the score by kᵢ per unit: the gradient with respect to q is k itself, and with respect to k it is q. Following k is the fastest way to raise the score; moving across k leaves it unchanged.'),
      h('dl.readouts', {},
        h('dt', {}, `q moved by ${STEP}·k: score changes by`), h('dd', {}, o.along),
        h('dt', {}, `${STEP} × |k|² (the gradient’s prediction)`), h('dd', {}, o.kk),
        h('dt', {}, `q moved by ${STEP}·k⊥ (k turned a quarter): score changes by`), h('dd', {}, o.across)));
    this.inputs = new VectorInputs(panel, { caption: 'Type the components of q and k', max: 2, rows: [{ id: 'gradq', label: 'q' }, { id: 'gradk', label: 'k' }],
      get: (id) => this.state.get(id), onInput: (id, i, v) => { const w = [...this.state.get(id)]; w[i] = v; this.state.set({ [id]: w }); } });
    this.append(h('div', { 'data-part': 'plane' }, h('h3', {}, 'The gradient of a score'), h('div.scene-grid', {}, fig, panel)));
  }

  renderPlane() {
    const q = this.state.get('gradq'); const k = this.state.get('gradk');
    const dot = this.attempt(() => this.core.dot(q, k));
    const kk = this.attempt(() => this.core.dot(k, k));
    // the score after a small step of q along k and across k (k turned a quarter)
    const across = [-k[1], k[0]]; const na = this.attempt(() => this.core.norm(across), 0) || 1;
    const along = this.attempt(() => this.core.dot(q.map((x, i) => x + STEP * k[i]), k)) - dot;
    const side = this.attempt(() => this.core.dot(q.map((x, i) => x + (STEP * across[i]) / na), k)) - dot;
    const o = this.gradOut;
    show(o.dot, dot, fmt(dot, 3));
    show(o.gq, k[0], `k = (${fmt(k[0])}, ${fmt(k[1])})`);
    show(o.gk, q[0], `q = (${fmt(q[0])}, ${fmt(q[1])})`);
    show(o.along, along, fmt(along, 4));
    show(o.kk, STEP * kk, fmt(STEP * kk, 4));
    show(o.across, side, fmt(side, 4));
    const p = this.plane;
    p.arrow('q', q, { cls: 'q', label: 'q' });
    p.arrow('k', k, { cls: 'k', label: 'k' });
    const mid = [(q[0] + k[0]) / 2, (q[1] + k[1]) / 2]; // labels go outside the parallelogram 0, q, q + k, k
    p.arrow('gq', [q[0] + k[0], q[1] + k[1]], { from: q, cls: 'grad grad-q', label: '∂/∂q = k', labelAt: 'side', away: mid });
    p.arrow('gk', [k[0] + q[0], k[1] + q[1]], { from: k, cls: 'grad grad-k', label: '∂/∂k = q', labelAt: 'side', away: mid });
    p.placeHandle('q', q[0], q[1], `q = (${fmt(q[0])}, ${fmt(q[1])})`);
    p.placeHandle('k', k[0], k[1], `k = (${fmt(k[0])}, ${fmt(k[1])})`);
    p.declutter();
    const text = `q = (${fmt(q[0])}, ${fmt(q[1])}), k = (${fmt(k[0])}, ${fmt(k[1])}), q·k = ${fmt(dot, 3)}. The gradient with respect to q is k, drawn from the tip of q; the gradient with respect to k is q, drawn from the tip of k.`;
    p.describe(text); this.altText.textContent = text;
    this.inputs.update(new Map([['gradq', q], ['gradk', k]]), 2);
    this.announce(`q·k = ${fmt(dot, 3)}; gradient with respect to q is (${fmt(k[0])}, ${fmt(k[1])}).`);
  }

  // ---- 2. the softmax Jacobian and √d_k -------------------------------------------------------
  buildJacobian() {
    const set = (patch) => this.state.set(patch);
    this.dk = h('input', { type: 'range', id: 'grad-dk', min: 1, max: 512, step: 1, 'data-control': 'grad-dk', oninput: (e) => set({ dk: e.target.valueAsNumber }) });
    this.dkNum = h('input', { type: 'number', min: 1, max: 512, step: 1, 'aria-label': 'dₖ, the key width (type a value)', 'data-control': 'grad-dk-number', oninput: (e) => Number.isFinite(e.target.valueAsNumber) && set({ dk: e.target.valueAsNumber }) });
    const showDk = () => { this.dkNum.value = String(this.state.get('dk')); };
    this.dkNum.addEventListener('change', showDk); this.dkNum.addEventListener('blur', showDk);
    const onFocus = () => {};
    const left = h('div.chart.wide'); const right = h('div.chart.wide');
    this.jacRaw = new Heatmap(left, { caption: 'Jacobian, scores not scaled', name: 'jacobian-raw', onFocus, onActivate: onFocus, corner: 'weight ↓ score →' });
    this.jacScaled = new Heatmap(right, { caption: 'Jacobian, scores ÷ √dₖ', name: 'jacobian-scaled', onFocus, onActivate: onFocus, corner: 'weight ↓ score →' });
    this.jacOut = Object.fromEntries(['sdraw', 'sdscaled', 'maxraw', 'maxscaled'].map((k) => [k, h('output', { 'data-readout': `jac-${k}` })]));
    const o = this.jacOut;
    const chartBox = h('div.chart.wide');
    this.jacChart = new LogChart(chartBox, { label: 'Largest Jacobian entry against dₖ, with and without scaling', xLabel: 'dₖ (log scale)', yLabel: 'largest |∂p/∂s|, mean (log)', yFormat: (v) => (v >= 1e-3 ? String(Number(v.toPrecision(2))) : v.toExponential(0)) });
    this.append(h('div', { 'data-part': 'jacobian' }, h('h3', {}, 'When softmax saturates, its gradient vanishes'),
      h('p.note', {}, `One random query meets ${KEYS} random keys; each component is drawn with mean 0 and variance 1, as in scene 2, so the scores spread like √dₖ. The heatmaps show how each weight pᵢ responds to each score sⱼ: ∂pᵢ/∂sⱼ = pᵢ(δᵢⱼ − pⱼ). When one weight takes almost everything, every entry goes to 0 and no learning signal gets through. Dividing the scores by √dₖ keeps their spread near 1 whatever dₖ is.`),
      h('div.controls', { 'data-part': 'grad-dk' }, h('label.control', { for: 'grad-dk' }, 'Key width dₖ (dimensions of q and k; shared with scene 2)'), h('div.inline', {}, this.dk, this.dkNum)),
      h('div.chart-row', { 'data-part': 'jacobians' }, left, right),
      h('dl.readouts', {},
        h('dt', {}, 'spread of the scores, not scaled'), h('dd', {}, o.sdraw),
        h('dt', {}, 'spread of the scores ÷ √dₖ'), h('dd', {}, o.sdscaled),
        h('dt', {}, 'largest |entry|, not scaled'), h('dd', {}, o.maxraw),
        h('dt', {}, 'largest |entry|, ÷ √dₖ'), h('dd', {}, o.maxscaled)),
      h('div', { 'data-part': 'jacobian-chart' }, h('h4', {}, `Largest entry against dₖ (mean over ${ROWS} random queries; the dotted line marks the current dₖ)`), chartBox)));
  }

  /** One query and KEYS keys of width dk from the shared seed; scores both ways from the core. */
  jacobianAt(dk) {
    const rand = mulberry32(this.state.get('seed') * 7907 + dk * 31);
    const k = normals(rand, KEYS * dk); const q = normals(rand, ROWS * dk); // the first query is the one drawn
    const r = this.core.attention({ q, k, v: new Float32Array(KEYS), n: ROWS, m: KEYS, dk, dv: 1, outputs: ['scores', 'scaled'] });
    const row = (x, i) => x.subarray(i * KEYS, (i + 1) * KEYS);
    const largest = (J) => J.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    const jac = Array.from({ length: ROWS }, (_, i) => [this.core.softmaxJacobian(row(r.scores, i)), this.core.softmaxJacobian(row(r.scaled, i))]);
    const spread = (x) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length); };
    const mean = (f) => jac.reduce((a, j) => a + f(j), 0) / ROWS;
    const [raw, scaled] = jac[0];
    return { raw, scaled, sdRaw: spread(r.scores), sdScaled: spread(r.scaled), maxRaw: largest(raw), maxScaled: largest(scaled),
      meanRaw: mean((j) => largest(j[0])), meanScaled: mean((j) => largest(j[1])) };
  }

  renderJacobian() {
    const dk = this.state.get('dk'); const seed = this.state.get('seed'); const palette = this.state.get('palette');
    this.dk.value = String(dk); if (!isFocused(this.dkNum)) this.dkNum.value = String(dk);
    const now = this.attempt(() => this.jacobianAt(dk), null);
    if (!now) return;
    const labels = Array.from({ length: KEYS }, (_, j) => `s${j + 1}`);
    const rows = Array.from({ length: KEYS }, (_, i) => `p${i + 1}`);
    const describe = (i, j) => `∂p${i + 1}/∂s${j + 1}`;
    // fixed colour scale: entries lie in [−¼, ¼] (p(1 − p) ≤ ¼), so fading is visible as d_k grows
    const common = { rowLabels: rows, colLabels: labels, palette, domain: [-0.25, 0.25], digits: 3, describe };
    this.jacRaw.update({ ...common, values: now.raw, caption: `Jacobian, scores not scaled (dₖ = ${dk})` });
    this.jacScaled.update({ ...common, values: now.scaled, caption: `Jacobian, scores ÷ √${dk}` });
    const o = this.jacOut;
    show(o.sdraw, now.sdRaw); show(o.sdscaled, now.sdScaled);
    show(o.maxraw, now.maxRaw, num(now.maxRaw)); show(o.maxscaled, now.maxScaled, num(now.maxScaled));
    if (this.sweepSeed !== seed) {
      this.sweepSeed = seed;
      this.sweep = DK_SWEEP.map((d) => [d, this.attempt(() => this.jacobianAt(d), null)]).filter(([, r]) => r);
    }
    const floor = 1e-12; // a Jacobian that underflowed to 0 is drawn at the floor of the log axis
    this.jacChart.update([
      { name: 'not scaled', marker: 'square', cls: 'raw', points: this.sweep.map(([d, r]) => [d, Math.max(floor, r.meanRaw)]) },
      { name: '÷ √dₖ', marker: 'circle', cls: 'scaled', points: this.sweep.map(([d, r]) => [d, Math.max(floor, r.meanScaled)]) },
    ], { mark: [dk, 0], summary: `Mean over ${ROWS} random queries of the largest entry. ${this.sweep.map(([d, r]) => `dₖ ${d}: ${num(r.meanRaw)} not scaled, ${num(r.meanScaled)} scaled`).join('; ')}.` });
  }

  // ---- 3. naive versus stable softmax --------------------------------------------------------
  buildNaive() {
    this.naiveBody = h('tbody');
    this.naiveInputs = [0, 1, 2].map((i) => {
      const inp = h('input', { type: 'number', step: 1, min: -2000, max: 2000, 'aria-label': `your row, score ${i + 1}`, 'data-control': `naive-${i}` });
      inp.addEventListener('input', () => { if (Number.isFinite(inp.valueAsNumber)) { const x = [...this.state.get('naive')]; x[i] = inp.valueAsNumber; this.state.set({ naive: x }); } });
      inp.addEventListener('change', () => { inp.value = String(this.state.get('naive')[i]); });
      return inp;
    });
    this.naiveNote = h('p.note', { 'data-readout': 'naive-note' });
    const table = h('table.naive-table', { 'data-table': 'naive' }, h('caption', {}, 'Softmax of three scores, computed in float32 without and with subtracting the largest'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'scores x'), h('th', { scope: 'col' }, 'naive: eˣ / Σ eˣ'), h('th', { scope: 'col' }, 'stable: eˣ⁻ᵐᵃˣ / Σ eˣ⁻ᵐᵃˣ'))),
      this.naiveBody);
    this.append(h('div', { 'data-part': 'naive' }, h('h3', {}, 'Why softmax subtracts the largest score'),
      h('p.note', {}, `A float32 number cannot exceed about 3.4 × 10³⁸, and eˣ passes that as soon as x is above ${OVERFLOW_AT}. Computed as written, softmax then divides Infinity by Infinity, which is NaN (not a number). Subtracting the row’s largest score first changes nothing mathematically (it cancels in the fraction), but every exponent becomes 0 or negative, so nothing overflows.`),
      h('div.controls', { 'data-part': 'naive-inputs' }, h('span.control', {}, 'Your row (type any three scores):'), h('div.inline', {}, ...this.naiveInputs)),
      h('div.table-scroll', {}, table), this.naiveNote));
  }

  renderNaive() {
    const mine = this.state.get('naive');
    this.naiveInputs.forEach((inp, i) => { if (!isFocused(inp)) inp.value = String(mine[i]); });
    const rows = [...FIXED_ROWS, mine];
    while (this.naiveBody.rows.length < rows.length) {
      const tr = h('tr', {}, h('th', { scope: 'row' }), h('td'), h('td'));
      this.naiveBody.append(tr);
    }
    let broken = 0;
    rows.forEach((x, r) => {
      const naive = this.attempt(() => this.core.softmax(x, { naive: true }), null);
      const stable = this.attempt(() => this.core.softmax(x), null);
      const [th, tdNaive, tdStable] = this.naiveBody.rows[r].cells;
      th.textContent = `(${x.join(', ')})`;
      const cell = (td, values) => {
        td.replaceChildren(...(values ? Array.from(values, (v) => h(`span.p${Number.isFinite(v) ? '' : '.nonfinite'}`, { 'data-value': String(v) }, Number.isFinite(v) ? fmt(v, 4) : `⚠ ${num(v)}`)) : []));
      };
      cell(tdNaive, naive); cell(tdStable, stable);
      const bad = naive && Array.from(naive).some((v) => !Number.isFinite(v));
      this.naiveBody.rows[r].dataset.overflow = bad ? 'yes' : 'no';
      if (bad) broken++;
    });
    this.naiveNote.textContent = `${broken} of ${rows.length} rows break without the subtraction (marked ⚠); the stable softmax gives finite weights summing to 1 in every row.`;
  }

  render() {
    const planeKey = `${this.state.get('gradq')}/${this.state.get('gradk')}`;
    if (planeKey !== this.planeKey) { this.planeKey = planeKey; this.renderPlane(); }
    const key = `${this.state.get('dk')}/${this.state.get('seed')}/${this.state.get('palette')}`;
    if (key !== this.jacKey) { this.jacKey = key; this.renderJacobian(); } // compute only when its inputs change
    const naiveKey = this.state.get('naive').join(',');
    if (naiveKey !== this.naiveKey) { this.naiveKey = naiveKey; this.renderNaive(); }
  }
}
customElements.define('ae-scene-grad', SceneGradElement);

// scene-sum.js — <ae-scene-sum>, scene 3: the output is the weights times the values, drawn as
// shrunken value arrows laid tip to tail. Weights/output from core.attention; each term and each
// partial sum from core.matmul (a weight row times V). The tween only interpolates screen positions.
import { h, s } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { tex } from '../app/tex.js';
import { motion, Tween } from '../app/motion.js';
import { sumKV, sumModel, SUM_TOKENS } from '../app/scene-models.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/sum.js';
import { VectorPlane } from './vector-plane.js';
import { VectorInputs } from './vector-inputs.js';
import { BarChart } from './bar-chart.js';

const TOKENS = SUM_TOKENS;
const SUB = ['₁', '₂', '₃'];
const lerp = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

export class SceneSumElement extends SceneElement {
  static keys = ['q3', 'paused'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const key = (...shapes) => s('svg', { viewBox: '0 0 26 12', 'aria-hidden': 'true' }, ...shapes);
    // one legend, one colour per role: q purple, keys teal (dashed), values brown, output black
    const legend = h('ul.legend', { 'aria-label': 'Legend' },
      h('li', {}, key(s('line', { x1: 1, y1: 6, x2: 25, y2: 6, class: 'lg-q' })), 'query q (drag it)'),
      h('li', {}, key(s('line', { x1: 1, y1: 6, x2: 25, y2: 6, class: 'lg-key' })), 'keys k₁…k₃ (dashed)'),
      h('li', {}, key(s('line', { x1: 1, y1: 6, x2: 25, y2: 6, class: 'lg-value' })), 'values v₁…v₃ (pale)'),
      h('li', {}, key(s('line', { x1: 1, y1: 6, x2: 25, y2: 6, class: 'lg-chain' })), 'chain 1→2→3: each value times its weight'),
      h('li', {}, key(s('circle', { cx: 13, cy: 6, r: 4.5, class: 'lg-out' })), 'output (end of the chain)'),
      h('li', {}, key(s('polygon', { points: '2,11 24,11 13,1', class: 'hull' })), 'shaded triangle: every place the output can be'));
    const fig = h('figure.figure', {}, h('figcaption', {}, 'Drag q (or focus it and use the arrow keys).'));
    this.plane = new VectorPlane(fig, { extent: 3.5, label: 'Values, their weighted chain, and the output' });
    fig.append(legend);
    this.plane.handle('q', { label: 'Tip of the query q', onMove: (x, y) => this.state.set({ q3: [x, y] }), get: () => this.state.get('q3') });
    this.altText = h('p.alt', { 'data-alt': 'sum' });
    fig.append(this.altText);
    this.playBtn = h('button', { type: 'button', 'data-control': 'play-sum', onclick: () => this.togglePlay() }, 'Play tip-to-tail');
    this.formula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula with live numbers', 'data-formula': 'sum' });
    this.outputs = { x: h('output', { 'data-readout': 'out-x' }), y: h('output', { 'data-readout': 'out-y' }) };
    this.weightOuts = TOKENS.map((t, i) => h('output', { 'data-readout': `alpha-${i}` }));
    const barsBox = h('div');
    this.bars = new BarChart(barsBox, { label: 'Attention weights of q over The, cat, sat', width: 300, labelWidth: 44, cls: 'weights' });
    this.playNote = h('span.note', { 'aria-live': 'polite', 'data-readout': 'play-note' });
    const panel = h('div.panel', {}, h('p', {}, this.playBtn, ' ', this.playNote),
      h('dl.readouts', {}, ...TOKENS.flatMap((t, i) => [h('dt', {}, `α${SUB[i]} (${t})`), h('dd', {}, this.weightOuts[i])]),
        h('dt', {}, 'output x'), h('dd', {}, this.outputs.x), h('dt', {}, 'output y'), h('dd', {}, this.outputs.y)),
      barsBox, this.formula);
    this.inputs = new VectorInputs(panel, { caption: 'Type the query q', rows: [{ id: 'q3', label: 'q' }], max: 2, min: -3, maxValue: 3, get: (id) => this.state.get(id), onInput: (id, i, v) => { const q = [...this.state.get('q3')]; q[i] = v; this.state.set({ q3: q }); } });
    this.append(h('div.scene-grid', {}, fig, panel));
    this.tween = new Tween((t) => this.drawChain(t), { duration: 1600, onEnd: () => this.syncPlay() });
    this.t = 1; this.played = false;
  }

  togglePlay() {
    if (this.tween.running) this.tween.stop(); else this.tween.play({ visible: this.visible });
    // with motion off the chain jumps straight to its end: say so, or the button seems dead
    this.playNote.textContent = motion.reduced || motion.paused ? 'Animations are off, so the finished chain is shown: value 1, then 2, then 3, tip to tail.' : '';
    this.syncPlay();
  }
  syncPlay() {
    this.playBtn.textContent = this.tween.running ? 'Stop' : 'Play tip-to-tail';
    this.dataset.tweening = String(this.tween.running);
  }
  onVisible(v) {
    if (!v && this.tween.running) this.tween.finish();
    // the first time the scene comes into view, show the assembly once (unless motion is off)
    if (v && !this.played) { this.played = true; if (!motion.reduced && !motion.paused) { this.tween.play({ visible: true }); this.syncPlay(); } }
  }

  model() {
    if (this.kv) return this.kv;
    return (this.kv = sumKV(this.core)); // shared with this scene's questions (web/questions/sum.js)
  }

  render() {
    if (this.state.get('paused') && this.tween.running) { this.tween.finish(); }
    const core = this.core; const q = this.state.get('q3');
    const { K, V } = this.model();
    const r = this.attempt(() => sumModel(core, q, { K, V }), null);
    if (!r) return;
    const a = r.weights;
    // α_i·v_i and the running sums, each one weight row times V in the core
    const row = (f) => Float32Array.from([0, 1, 2], f);
    this.terms = [0, 1, 2].map((i) => core.matmul(row((j) => (j === i ? a[j] : 0)), V, 1, 3, 2));
    this.starts = [0, 1, 2].map((i) => core.matmul(row((j) => (j < i ? a[j] : 0)), V, 1, 3, 2));
    this.values = [0, 1, 2].map((i) => [V[2 * i], V[2 * i + 1]]);
    this.out = r.output;

    const p = this.plane;
    p.shape('hull', 'polygon', { points: this.values.map((v) => `${p.X(v[0]).toFixed(1)},${p.Y(v[1]).toFixed(1)}`).join(' '), class: 'hull' });
    this.values.forEach((v, i) => p.arrow(`v${i}`, v, { cls: 'value faint', label: `v${SUB[i]} ${TOKENS[i]}` }));
    [0, 1, 2].forEach((i) => p.arrow(`k${i}`, [K[2 * i], K[2 * i + 1]], { cls: 'keyv key', label: `k${SUB[i]}`, labelAt: 'mid' }));
    p.arrow('q', q, { cls: 'q', label: 'q' });
    p.placeHandle('q', q[0], q[1], `q = (${fmt(q[0])}, ${fmt(q[1])})`);
    if (!this.tween.running) this.drawChain(1);

    a.forEach((w, i) => show(this.weightOuts[i], w, fmt(w, 3)));
    show(this.outputs.x, this.out[0]); show(this.outputs.y, this.out[1]);
    this.bars.update(TOKENS.map((t, i) => ({ label: t, value: a[i], text: fmt(a[i], 3) })), { domain: [0, 1] });
    const vec = (v) => `\\begin{pmatrix}${fmt(v[0])}\\\\${fmt(v[1])}\\end{pmatrix}`;
    tex(this.formula, `${TOKENS.map((t, i) => `\\underbrace{${fmt(a[i], 3)}}_{\\alpha_${i + 1}}\\,${vec(this.values[i])}_{\\text{${t}}}`).join(' + ')} = ${vec(this.out)}`, { display: true });
    const top = a.indexOf(Math.max(...a));
    const alt = `q = (${fmt(q[0])}, ${fmt(q[1])}). Weights: ${TOKENS.map((t, i) => `${t} ${fmt(a[i], 3)}`).join(', ')}. Output (${fmt(this.out[0])}, ${fmt(this.out[1])}), pulled most towards v(${TOKENS[top]}) and inside the triangle of the three values.`;
    this.altText.textContent = alt; p.describe(alt);
    this.announce(alt);
    this.inputs.update(new Map([['q3', q]]), 2);
  }

  /** t = 0: full value arrows at the origin; t = 0.5: shrunk by their weights; t = 1: tip to tail. */
  drawChain(t) {
    if (!this.terms) return;
    const p = this.plane; const zero = [0, 0];
    [0, 1, 2].forEach((i) => {
      const term = [this.terms[i][0], this.terms[i][1]]; const start = [this.starts[i][0], this.starts[i][1]];
      const shrink = Math.min(1, t * 2); const slide = Math.max(0, t * 2 - 1);
      const vec = lerp(this.values[i], term, shrink);
      const from = lerp(zero, start, slide);
      p.arrow(`c${i}`, [from[0] + vec[0], from[1] + vec[1]], { from, cls: 'value chain', label: `${i + 1}`, labelAt: 'mid' });
    });
    const done = t >= 1;
    if (done) p.arrow('out', [this.out[0], this.out[1]], { cls: 'out', label: 'output' }); else p.hide('out');
    p.shape('out-dot', 'circle', { cx: p.X(this.out[0]).toFixed(1), cy: p.Y(this.out[1]).toFixed(1), r: done ? 5 : 0, class: 'out-dot' });
    if (done) p.declutter();
  }
}
customElements.define('ae-scene-sum', SceneSumElement);

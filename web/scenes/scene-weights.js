// scene-weights.js — <ae-scene-weights>, scene 2: one query's raw scores, scaled scores and
// softmax weights; temperature and scaling; what d_k does to random scores; softmax saturation.
// Products come from core.matmul, scores/weights from core.attention, the example from core.softmax.
import { h, isFocused } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { tex } from '../app/tex.js';
import { mulberry32, normals } from '../app/rng.js';
import { D_K } from '../app/toy-model.js';
import { weightsQK, weightsModel, WEIGHTS_TOKENS } from '../app/scene-models.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/weights.js';
import { BarChart } from './bar-chart.js';
import { Histogram } from './histogram.js';

const TOKENS = WEIGHTS_TOKENS;
const N_Q = 8; const N_K = 64; // random queries and keys whose softmax the d_k experiment measures
// the spread is measured on independent pairs: with 4096 the standard error of the measured s.d.
// stays near 2 % of √dₖ even at dₖ = 1 (a product of two normals has kurtosis 9); above dₖ = 32,
// 2048 pairs already give ≈ 1.6 %, and the vectors to draw get long
const pairCount = (dk) => (dk <= 32 ? 4096 : 2048);
/** A round axis bound at or just past x: 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k. */
const niceBound = (x) => { const p = 10 ** Math.floor(Math.log10(x)); return [1, 1.5, 2, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((b) => b >= x); };
const SATURATION = [[20, 18, 19], [2, 1.8, 1.9]];

export class SceneWeightsElement extends SceneElement {
  static keys = ['query', 'temperature', 'scaling', 'dk', 'seed'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    const group = `query-${Math.random().toString(36).slice(2)}`;
    this.queryInputs = TOKENS.map((t, i) => {
      const inp = h('input', { type: 'radio', name: group, value: i, onchange: () => set({ query: i }) });
      return [inp, h('label.choice.token', {}, inp, ` ${t}`)];
    });
    const chooser = h('fieldset', {}, h('legend', {}, 'Which word asks? (its query meets every key)'), ...this.queryInputs.map((x) => x[1]),
      h('p.note', {}, `These six words use the small hand-made model of scene 4, whose queries and keys have dₖ = ${D_K} numbers (the key width). The dₖ experiment further down uses random vectors instead, so that dₖ can go up to 512.`));
    this.temp = h('input', { type: 'range', id: 'temp', min: 0.1, max: 5, step: 0.05, 'data-control': 'temp', oninput: (e) => set({ temperature: e.target.valueAsNumber }) });
    this.tempOut = h('output', { for: 'temp' });
    this.scaling = h('input', { type: 'checkbox', id: 'scaling', 'data-control': 'scaling', onchange: (e) => set({ scaling: e.target.checked }) });
    const knobs = h('div.controls', {}, h('label.control', { for: 'temp' }, 'Temperature T = ', this.tempOut), this.temp,
      h('label.choice', {}, this.scaling, h('span', {}, 'Divide scores by √d', h('sub', {}, 'k'), ' (here d', h('sub', {}, 'k'), ` = ${D_K})`)));

    const charts = h('div.chart-row');
    const box = (title) => { const d = h('div.chart', {}, h('h3', {}, title)); charts.append(d); return d; };
    this.rawChart = new BarChart(box('Raw scores q·k'), { label: 'Raw scores', width: 260, labelWidth: 44 });
    const scaledBox = box('Scaled scores'); this.scaledTitle = scaledBox.querySelector('h3');
    this.scaledChart = new BarChart(scaledBox, { label: 'Scaled scores', width: 260, labelWidth: 44 });
    this.weightChart = new BarChart(box('Softmax weights (sum to 1)'), { label: 'Softmax weights', width: 260, labelWidth: 44, cls: 'weights' });
    this.formula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula with live numbers' });
    this.sumOut = h('output', { 'data-readout': 'weight-sum' });

    // d_k experiment
    this.dk = h('input', { type: 'range', id: 'dk', min: 1, max: 512, step: 1, 'data-control': 'dk', oninput: (e) => set({ dk: e.target.valueAsNumber }) });
    this.dkNum = h('input', { type: 'number', min: 1, max: 512, step: 1, 'aria-label': 'dₖ, the key width (type a value)', 'data-control': 'dk-number', oninput: (e) => Number.isFinite(e.target.valueAsNumber) && set({ dk: e.target.valueAsNumber }) });
    this.dkNote = h('p.note.input-note', { 'aria-live': 'polite', 'data-readout': 'dk-note' });
    // on leaving the box (or Enter), show the value actually in use and say if it differs
    this.dkNum.addEventListener('change', () => {
      const typed = this.dkNum.value; const dk = this.state.get('dk');
      this.dkNote.textContent = typed === String(dk) ? '' : `dₖ must be a whole number from 1 to 512${typed === '' ? '' : `; ${typed} became ${dk}`}${typed === '' ? `, so it stays ${dk}` : ''}.`;
      this.dkNum.value = String(dk);
    });
    const hbox = h('div.hist-box');
    this.hist = new Histogram(hbox, { label: 'Histogram of the scores softmax receives for random query and key vectors', range: [-64, 64], bins: 48 });
    this.stats = Object.fromEntries(['sd', 'sqrt', 'entropy', 'maxw'].map((k) => [k, h('output', { 'data-readout': k })]));
    const resample = h('button', { type: 'button', onclick: () => set({ seed: (this.state.get('seed') % 9999) + 1 }) }, 'Draw new random vectors');
    const dkBlock = h('div.dk-block', {},
      h('h3', {}, 'Why divide by √d', h('sub', {}, 'k'), '? Random vectors in d', h('sub', {}, 'k'), ' dimensions'),
      h('p.note', {}, 'Random queries and keys whose every component is drawn with mean 0 and variance 1. The histogram and the spread use 4096 independent query–key pairs (2048 above dₖ = 32), the scores that reach softmax: raw, or divided by √dₖ when scaling is on. The axis stretches to fit them; read its numbers. Entropy and the largest weight come from 8 queries, each meeting the same 64 keys, at the temperature above.'),
      h('div.controls', {}, h('label.control', { for: 'dk' }, 'Key width dₖ (dimensions of q and k)'), h('div.inline', {}, this.dk, this.dkNum), this.dkNote),
      hbox,
      h('p.note', {}, 'Entropy measures how spread out the weights are: 0 when one key takes all the weight, and largest (the log of the number of keys) when all share equally; it is measured in nats because it uses the natural log.'),
      h('dl.readouts', {}, h('dt', {}, 'spread (s.d.)'), h('dd', {}, this.stats.sd), h('dt', {}, '√dₖ'), h('dd', {}, this.stats.sqrt),
        h('dt', {}, 'softmax entropy'), h('dd', {}, this.stats.entropy), h('dt', {}, 'largest weight'), h('dd', {}, this.stats.maxw)),
      resample);

    // saturation example
    this.satCharts = SATURATION.map((scores) => {
      const d = h('div.chart', {}, h('h4', {}, `softmax(${scores.join(', ')})`));
      return { scores, chart: new BarChart(d, { label: `Softmax of ${scores.join(', ')}`, width: 260, labelWidth: 44, cls: 'weights' }), el: d };
    });
    this.satNote = h('p.note', { 'data-readout': 'saturation' });
    const sat = h('div.sat-block', {}, h('h3', {}, 'Saturation: same pattern, ten times larger'),
      h('p.note', {}, 'The two cases side by side have the same ranking and the same proportions; the left one is simply ten times the right one. Softmax responds to differences, not ratios, so the larger scores give a much more one-sided result (temperature 1).'),
      h('div.chart-row', {}, ...this.satCharts.map((c) => c.el)), this.satNote);

    this.append(chooser, knobs, charts, h('p', {}, 'Sum of the weights: ', this.sumOut), this.formula, dkBlock, sat);
  }

  /** Q and K for the fixed sentence, from the toy model, via the core. */
  model() {
    return (this.qk ??= weightsQK(this.core));
  }

  /** Random vectors for the d_k experiment, cached by (d_k, seed) so links reproduce them. */
  randoms(dk, seed) {
    const key = `${dk}/${seed}`;
    if (this.rand?.key === key) return this.rand;
    const rand = mulberry32(seed * 7919 + dk);
    return (this.rand = { key, Q: normals(rand, N_Q * dk), K: normals(rand, N_K * dk) });
  }

  render() {
    const st = this.state; const core = this.core;
    const qi = st.get('query'); const temp = st.get('temperature'); const scaling = st.get('scaling');
    this.queryInputs.forEach(([inp], i) => { inp.checked = i === qi; });
    this.temp.value = String(temp); this.tempOut.textContent = fmt(temp); this.scaling.checked = scaling;
    this.scaledTitle.textContent = scaling ? `Scaled scores (÷ √${D_K})` : 'Scores not scaled (scaling is off)';

    // the one model function, shared with this scene's questions (web/questions/weights.js)
    const r = this.attempt(() => weightsModel(core, (k) => st.get(k), this.model()), null);
    if (r) {
      const rows = (arr, d = 2) => TOKENS.map((t, j) => ({ label: t, value: arr[j], text: fmt(arr[j], d) }));
      const span = Math.max(1, ...r.scores.map(Math.abs));
      this.rawChart.update(rows(r.scores), { domain: [-span, span] });
      this.scaledChart.update(rows(r.scaled), { domain: [-span, span] });
      this.weightChart.update(rows(r.weights, 3), { domain: [0, 1] });
      const total = r.weights.reduce((a, b) => a + b, 0);
      show(this.sumOut, total, fmt(total, 3));
      const best = r.weights.indexOf(Math.max(...r.weights));
      tex(this.formula, `\\alpha_j=\\frac{e^{s_j/T}}{\\sum_i e^{s_i/T}},\\quad s_j=\\frac{q_{\\text{${TOKENS[qi]}}}\\cdot k_j}{${scaling ? `\\sqrt{${D_K}}` : '1'}}\\quad\\Rightarrow\\quad \\alpha_{\\text{${TOKENS[best]}}} = \\frac{e^{${fmt(r.scaled[best])}/${fmt(temp)}}}{\\sum_i e^{s_i/${fmt(temp)}}} = ${fmt(r.weights[best], 3)}`, { display: true });
      this.announce(`${TOKENS[qi]} gives the most weight to ${TOKENS[best]}: ${fmt(r.weights[best], 3)}.`);
    }
    this.renderDk(temp, scaling);
    this.renderSaturation();
  }

  /** Independent query–key pairs for the spread, cached by (d_k, seed); each score from core.dot. */
  pairs(dk, seed) {
    const key = `${dk}/${seed}`;
    if (this.pairSet?.key === key) return this.pairSet;
    const count = pairCount(dk); const rand = mulberry32(seed * 104729 + dk);
    const Q = normals(rand, count * dk); const K = normals(rand, count * dk);
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) scores[i] = this.core.dot(Q.subarray(i * dk, (i + 1) * dk), K.subarray(i * dk, (i + 1) * dk));
    return (this.pairSet = { key, scores, count });
  }

  renderDk(temp, scaling) {
    const dk = this.state.get('dk'); const seed = this.state.get('seed');
    this.dk.value = String(dk); if (!isFocused(this.dkNum)) this.dkNum.value = String(dk);
    const { Q, K } = this.randoms(dk, seed);
    const r = this.attempt(() => this.core.attention({ q: Q, k: K, v: new Float32Array(N_K), n: N_Q, m: N_K, dk, dv: 1, scale: scaling ? 1 / Math.sqrt(dk) : 1, temperature: temp }), null);
    const pairs = this.attempt(() => this.pairs(dk, seed), null);
    if (!r || !pairs) return;
    // the histogram and the spread do not depend on the temperature: redrawn only for d_k, seed, scaling
    const histKey = `${pairs.key}/${scaling}`;
    if (histKey !== this.histKey) {
      this.histKey = histKey;
      const scale = scaling ? 1 / Math.sqrt(dk) : 1;
      const seen = Array.from(pairs.scores, (x) => x * scale);
      // statistics of what the core returned (not attention math): the spread
      const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
      this.sd = Math.sqrt(seen.reduce((a, b) => a + (b - mean) ** 2, 0) / seen.length);
      const bound = niceBound(Math.max(1, 4 * this.sd));
      show(this.stats.sd, this.sd, `${fmt(this.sd)} (from ${pairs.count} pairs)`); show(this.stats.sqrt, Math.sqrt(dk));
      this.hist.update(seen, { sd: this.sd, range: [-bound, bound], summary: `dₖ ${dk}, scaling ${scaling ? 'on' : 'off'}: spread ${fmt(this.sd)} over ${pairs.count} pairs; the axis runs from ${-bound} to ${bound}.` });
    }
    let ent = 0; let maxw = 0;
    for (let i = 0; i < N_Q; i++) {
      const row = r.weights.subarray(i * N_K, (i + 1) * N_K);
      ent -= row.reduce((a, w) => (w > 0 ? a + w * Math.log(w) : a), 0) / N_Q;
      maxw += Math.max(...row) / N_Q;
    }
    show(this.stats.entropy, ent, `${fmt(ent)} nats (uniform would be ${fmt(Math.log(N_K))})`);
    show(this.stats.maxw, maxw, `${fmt(maxw, 3)} on average (uniform would be ${fmt(1 / N_K, 3)})`);
  }

  renderSaturation() {
    if (this.satDone) return; // fixed numbers: computed and drawn once
    this.satDone = true;
    const out = this.satCharts.map(({ scores, chart }) => {
      const w = this.attempt(() => this.core.softmax(Float32Array.from(scores)), null);
      if (w) chart.update(scores.map((s, j) => ({ label: String(s), value: w[j], text: fmt(w[j], 3) })), { domain: [0, 1] });
      return w;
    });
    if (out.every(Boolean)) this.satNote.textContent = `Largest weight: ${fmt(out[0][0], 3)} for the large scores versus ${fmt(out[1][0], 3)} for the small ones.`;
  }
}
customElements.define('ae-scene-weights', SceneWeightsElement);

// scene-cost.js — <ae-scene-cost>, scene 7: what attention costs, measured live.
//   1. A cost meter: the core's materialised, tiled, sparse and linear attention timed for
//      n = 64 … N (d = 64) in a Web Worker with its own core (progress bar, cancel), time and
//      memory on log–log axes with fitted slopes. The scene paints before any measurement.
//   2. Accuracy next to cost: sparse and linear outputs against exact attention, for a sentence
//      and for a long random input; the sparse pattern drawn as a mask.
//   3. Pattern analysis of the sentence's exact weights: entropy, weight near the diagonal and
//      beyond the window, per word.
// Every attention number comes from the core; this file draws, times and takes differences.
import { h } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { mulberry32 } from '../app/rng.js';
import { costSentence, COST_SENTENCE } from '../app/scene-models.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/cost.js';
import { LogChart, logSlope } from './log-chart.js';
import { BarChart } from './bar-chart.js';
import { measure, globalIndices } from './cost-measure.js';

const D = 64;
const METHODS = [
  { id: 'materialised', name: 'exact, materialised', marker: 'square' },
  { id: 'tiled', name: 'exact, tiled', marker: 'circle' },
  { id: 'sparse', name: 'sparse', marker: 'triangle' },
  { id: 'linear', name: 'linear', marker: 'diamond' },
];
const SENTENCE = COST_SENTENCE;
const LONG_N = 512;
const MB = 2 ** 20;
const round8 = (x) => Math.ceil(x / 8) * 8;

/** Bytes each method must hold at length n (d = dk = dv), from the shapes: inputs and outputs,
 *  plus the n × n scores, scaled scores and weights (materialised), the packed key and value
 *  blocks and one 32 × 64 tile (tiled), the CSR pattern (sparse), or φ(K)ᵀ, φ(Q), S, z (linear). */
export function bytesFor(method, n, d, nnz) {
  const io = n * d * 4; // q, k, v, output
  switch (method) {
    case 'materialised': return 4 * (io + 3 * n * n);
    case 'tiled': return 4 * (io + Math.ceil(n / 64) * 64 * (d + round8(d)) + 32 * (64 + d + 1)) + 16 * 32;
    case 'sparse': return 4 * (io + n + 1) + 8 * nnz;
    case 'linear': return 4 * (io + 2 * n * d + d * d + d);
    default: return NaN;
  }
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3));
const mb = (v) => (v >= 10 * MB ? (v / MB).toFixed(0) : (v / MB).toFixed(2));

export class SceneCostElement extends SceneElement {
  static keys = ['costmaxn', 'costwindow', 'costglobals'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    this.results = new Map(); // method -> [{ n, ms, nnz, grown }]
    const slider = (name, label, min, max) => {
      const range = h('input', { type: 'range', id: `cost-${name}`, min, max, step: 1, 'data-control': name, oninput: (e) => set({ [name]: e.target.valueAsNumber }) });
      const box = h('input', { type: 'number', min, max, step: 1, 'aria-label': `${label} (type a value)`, 'data-control': `${name}-number`, oninput: (e) => Number.isFinite(e.target.valueAsNumber) && set({ [name]: e.target.valueAsNumber }) });
      box.addEventListener('change', () => { box.value = String(this.state.get(name)); });
      return { range, box, el: [h('label.control', { for: `cost-${name}` }, label), h('div.inline', {}, range, box)] };
    };
    this.window = slider('costwindow', 'Sparse window: keys within ± this many positions', 0, 128);
    this.globals = slider('costglobals', 'Global tokens (see and are seen by every token)', 0, 16);
    this.maxn = h('select', { id: 'cost-maxn', 'data-control': 'costmaxn', onchange: (e) => set({ costmaxn: e.target.value }) },
      ...['256', '1024', '4096'].map((v) => h('option', { value: v }, `n up to ${v}`)));
    this.runBtn = h('button', { type: 'button', 'data-action': 'measure', onclick: () => this.run() }, 'Measure');
    this.cancelBtn = h('button', { type: 'button', 'data-action': 'cancel', disabled: true, onclick: () => this.cancel('Measurement cancelled.') }, 'Cancel');
    this.progress = h('progress', { max: 1, value: 0, 'aria-label': 'Measurement progress', 'data-readout': 'cost-progress' });
    this.status = h('p.note', { role: 'status', 'data-readout': 'cost-status' }, 'Press Measure to time each method on this machine. The timing runs in the background (a Web Worker), so the page stays usable; n up to 1024 takes a few seconds, 4096 can take a minute.');
    const controls = h('div.controls', { 'data-part': 'cost-controls' }, h('label.control', { for: 'cost-maxn' }, 'Longest sequence'), this.maxn,
      ...this.window.el, ...this.globals.el, h('div.inline', {}, this.runBtn, this.cancelBtn, this.progress), this.status);

    const timeBox = h('div.chart.wide'); const memBox = h('div.chart.wide');
    this.timeChart = new LogChart(timeBox, { label: 'Time per call against sequence length, log–log', xLabel: 'sequence length n (log)', yLabel: 'milliseconds per call (log)', yFormat: (v) => (v >= 1e-3 ? String(Number(v.toPrecision(2))) : v.toExponential(0)),
      empty: ['No times yet:', 'press Measure above', 'to time each method.'] });
    this.memChart = new LogChart(memBox, { label: 'Memory each method must hold against sequence length, log–log', xLabel: 'sequence length n (log)', yLabel: 'MiB held (log)', yFormat: (v) => (v >= 1e-3 ? String(Number(v.toPrecision(2))) : v.toExponential(0)) });
    this.slopes = h('tbody');
    // on a phone the two tables reflow into one card per method (main.css); data-label names each value there
    const slopeHeads = ['method', 'time slope p', 'memory slope p', 'largest n: ms per call', 'MiB held (from the shapes)', 'WebAssembly memory grown (a worker’s core starts with 16 MiB)'];
    const slopeTable = h('table.cost-table.reflow', { 'data-table': 'slopes' }, h('caption', {}, 'Fitted slopes on the log–log plots: time or memory grows like nᵖ'),
      h('thead', {}, h('tr', {}, ...slopeHeads.map((t) => h('th', { scope: 'col' }, t)))), this.slopes);
    this.slopeRows = new Map(METHODS.map((m) => {
      const cells = Array.from({ length: 5 }, (_, i) => h('td', { 'data-col': i, 'data-label': slopeHeads[i + 1] }));
      const tr = h('tr', { 'data-method': m.id }, h('th', { scope: 'row' }, m.name), ...cells);
      this.slopes.append(tr);
      return [m.id, cells];
    }));

    this.accuracy = h('tbody');
    const accHeads = ['method', 'pairs kept', 'sentence: largest', 'sentence: mean', `random n = ${LONG_N}: largest`, `random n = ${LONG_N}: mean`];
    const accTable = h('table.cost-table.reflow', { 'data-table': 'accuracy' }, h('caption', {}, 'Error of the cheaper methods against exact attention (absolute difference of the outputs)'),
      h('thead', {}, h('tr', {}, ...accHeads.map((t) => h('th', { scope: 'col' }, t)))), this.accuracy);
    this.accRows = new Map(['sparse', 'linear'].map((id) => {
      const cells = Array.from({ length: 5 }, (_, i) => h('td', { 'data-col': i, 'data-label': accHeads[i + 1] }));
      this.accuracy.append(h('tr', { 'data-method': id }, h('th', { scope: 'row' }, id), ...cells));
      return [id, cells];
    }));
    this.tradeoff = h('p.note', { 'data-readout': 'tradeoff' });
    this.maskBox = h('div.mask-box', { 'data-part': 'sparse-mask' });

    const patterns = h('div.chart-row');
    const box = (title) => { const d = h('div.chart', {}, h('h4', {}, title)); patterns.append(d); return d; };
    this.entropyBars = new BarChart(box('Entropy of each word’s weights (nats)'), { label: 'Entropy per word', width: 330, labelWidth: 96 });
    this.nearBars = new BarChart(box('Share of weight within ±1 of the word'), { label: 'Weight within one position', width: 330, labelWidth: 96, cls: 'weights' });
    this.farBox = box('Share of weight beyond the window');
    this.farBars = new BarChart(this.farBox, { label: 'Weight beyond the sparse window', width: 330, labelWidth: 96, cls: 'weights' });

    this.append(
      h('p.note', {}, `Exact attention compares every query with every key: n² scores of d numbers each, so doubling the length quadruples the work, and the materialised version also keeps all n² weights. The tiled version gives the same output while holding only small blocks. Sparse attention keeps only the pairs inside a window (plus a few global tokens), and linear attention replaces softmax by a product of positive features so that the keys can be summed once. Here the page times the core on random inputs with d = ${D}.`),
      controls, h('div.chart-row', { 'data-part': 'cost-charts' }, timeBox, memBox), h('div.table-scroll', {}, slopeTable),
      h('div', { 'data-part': 'accuracy' }, h('h3', {}, 'What the shortcuts cost in accuracy'),
      h('p.note', {}, `The sentence “${SENTENCE}” goes through the small model of scene 4; the long input is ${LONG_N} random vectors of length ${D}. Sparse attention uses the window and global tokens set above.`),
      h('div.table-scroll', {}, accTable), this.tradeoff, this.maskBox),
      h('div', { 'data-part': 'patterns' }, h('h3', {}, 'Which pairs does exact attention actually use?'),
      h('p.note', {}, 'For the sentence above: how concentrated each word’s weights are (entropy: 0 when one word takes everything), how much of the weight stays next to the word, and how much lies beyond the sparse window, where a sparse pattern without global tokens cannot reach.'),
      patterns));
  }

  /** The lengths measured: 64, 128, … up to the chosen longest. */
  lengths() {
    const ns = []; for (let n = 64; n <= this.settings().maxn; n *= 2) ns.push(n);
    return ns;
  }

  /** Bytes each method must hold at every length, from the shapes; sparse counts its pairs with the
   *  core (the pattern alone: a call with dk = dv = 1). Drawn at once, before any timing. */
  shapeMemory() {
    const { window, globals } = this.settings();
    return METHODS.map((m) => ({ id: m.id, points: this.lengths().map((n) => {
      const nnz = m.id !== 'sparse' ? n * n
        : this.core.sparseAttention({ q: new Float32Array(n), k: new Float32Array(n), v: new Float32Array(n), n, dk: 1, window, globals: globalIndices(n, globals) }).cols.length;
      return [n, bytesFor(m.id, n, D, nnz)];
    }) }));
  }

  settings() {
    return { maxn: Number(this.state.get('costmaxn')), window: this.state.get('costwindow'), globals: this.state.get('costglobals') };
  }

  async run() {
    this.cancel('');
    const { maxn, window, globals } = this.settings();
    const ns = this.lengths();
    const token = (this.token = {});
    this.results = new Map(METHODS.map((m) => [m.id, []]));
    this.grown = new Map();
    const total = METHODS.length * ns.length; let done = 0;
    this.runBtn.disabled = true; this.cancelBtn.disabled = false; this.progress.value = 0;
    this.drawCost();
    for (const method of METHODS) {
      this.status.textContent = `Timing ${method.name} attention…`;
      const ok = await this.runMethod(method.id, { method: method.id, ns, d: D, window, globals }, token, () => { done++; this.progress.value = done / total; this.drawCost(); });
      if (!ok || token !== this.token) return;
    }
    this.runBtn.disabled = false; this.cancelBtn.disabled = true; this.progress.value = 1;
    const where = this.fallback ? 'on the page itself (this page could not start a Web Worker, so lengths stop at 1024)' : 'in a Web Worker';
    this.status.textContent = `Measured n = 64 … ${maxn} for every method ${where}. Each time is the fastest of several runs and the slopes are fitted from n = 256 up; other programs on this machine add noise, so measure again to compare.`;
    this.measuredKey = `${maxn}/${window}/${globals}`;
  }

  /** One method in a fresh worker (or, where workers are unavailable, on the page in small steps). */
  runMethod(id, job, token, tick) {
    const record = (p) => { if (token !== this.token) return; this.results.get(id).push(p); this.grown.set(id, p.grown); tick(); };
    return new Promise((resolve) => {
      let worker;
      try { worker = new Worker(new URL('./cost-worker.js', import.meta.url), { type: 'module' }); } catch { worker = null; }
      if (!worker) { this.fallback = true; resolve(this.runOnPage(job, token, record)); return; }
      this.worker = worker;
      this.finish = resolve;
      worker.onmessage = ({ data }) => {
        if (data.type === 'point') record(data);
        else { worker.terminate(); this.worker = null; if (data.type === 'error') { this.status.textContent = `The measurement stopped: ${data.message}`; this.idle(); resolve(false); } else resolve(true); }
      };
      // a worker that cannot load (opaque origin, file://) fails here: measure on the page instead
      worker.onerror = (ev) => { ev.preventDefault(); worker.terminate(); this.worker = null; this.fallback = true; resolve(this.runOnPage(job, token, record)); };
      worker.postMessage(job);
    });
  }

  async runOnPage(job, token, record) {
    const pause = () => new Promise((r) => setTimeout(r, 0)).then(() => token === this.token);
    await measure(this.core, { ...job, ns: job.ns.filter((n) => n <= 1024) }, record, pause);
    return token === this.token;
  }

  cancel(message) {
    this.token = null;
    if (this.worker) { this.worker.terminate(); this.worker = null; this.finish?.(false); }
    this.idle();
    if (message) this.status.textContent = message;
  }

  idle() { this.runBtn.disabled = false; this.cancelBtn.disabled = true; }

  disconnectedCallback() {
    // a removed scene stops its measurement: the worker is terminated, not left running
    if (this.worker || this.token) this.cancel('Measurement stopped: the scene left the page.');
    super.disconnectedCallback();
  }

  drawCost() {
    const { window, globals } = this.settings();
    const series = (pick) => METHODS.map((m) => ({ name: m.name, marker: m.marker, cls: m.id, points: (this.results.get(m.id) ?? []).map((p) => [p.n, pick(m.id, p)]) }));
    const time = series((_, p) => p.ms);
    const mem = (this.memory ?? []).map((se, i) => ({ name: METHODS[i].name, marker: METHODS[i].marker, cls: se.id, points: se.points }));
    const fitted = (pts) => logSlope(pts.filter(([n]) => n >= 256).length >= 2 ? pts.filter(([n]) => n >= 256) : pts);
    METHODS.forEach((m, i) => {
      const cells = this.slopeRows.get(m.id); const pts = this.results.get(m.id) ?? []; const last = pts[pts.length - 1];
      const pt = fitted(time[i].points); const pm = fitted(mem[i].points);
      show(cells[0], pt, Number.isFinite(pt) ? fmt(pt, 2) : '—'); show(cells[1], pm, Number.isFinite(pm) ? fmt(pm, 2) : '—');
      show(cells[2], last?.ms ?? NaN, last ? `${ms(last.ms)} (n = ${last.n})` : '—');
      const held = mem[i]?.points.at(-1);
      show(cells[3], held ? held[1] : NaN, held ? `${mb(held[1])} (n = ${held[0]})` : '—');
      const grown = this.grown?.get(m.id);
      show(cells[4], grown ?? NaN, grown === undefined ? '—' : `${mb(grown)} MiB`);
    });
    const sum = (s) => s.map((se) => `${se.name}: ${se.points.map(([n, v]) => `n ${n} ${fmt(v, 3)}`).join(', ')}`).join('. ');
    const timed = time.some((se) => se.points.length);
    this.timeChart.update(time, { summary: timed ? `Window ${window}, ${globals} global tokens. ${sum(time)}` : 'No times yet: press Measure above to time each method on this machine.' });
    // the memory chart is drawn in MiB, so its ticks fall on round numbers of MiB
    const memMiB = mem.map((se) => ({ ...se, points: se.points.map(([n, v]) => [n, v / MB]) }));
    this.memChart.update(memMiB, { summary: sum(memMiB) });
  }

  /** Exact, sparse and linear outputs for one input; the errors are differences of core outputs. */
  compare({ q, k, v, n, dk, dv }) {
    const { window, globals } = this.settings();
    const exact = this.core.attention({ q, k, v, n, dk, dv });
    const sparse = this.core.sparseAttention({ q, k, v, n, dk, dv, window, globals: globalIndices(n, globals) });
    const linear = this.core.linearAttention({ q, k, v, n, dk, dv });
    const err = (out) => { let max = 0; let sum = 0; out.forEach((x, i) => { const e = Math.abs(x - exact.output[i]); max = Math.max(max, e); sum += e; }); return { max, mean: sum / out.length }; };
    return { exact, sparse, err: { sparse: err(sparse.output), linear: err(linear.output) }, kept: sparse.cols.length / (n * n) };
  }

  renderAccuracy() {
    // the sentence through the toy model: the same function as this scene's questions (web/questions/cost.js)
    const { tokens, q, k, v, n, dk } = costSentence(this.core);
    const small = this.compare({ q, k, v, n, dk, dv: dk });
    const rand = mulberry32(2024);
    const long = Array.from({ length: 3 }, () => Float32Array.from({ length: LONG_N * D }, () => rand() * 2 - 1));
    const big = this.compare({ q: long[0], k: long[1], v: long[2], n: LONG_N, dk: D, dv: D });
    for (const id of ['sparse', 'linear']) {
      const c = this.accRows.get(id);
      show(c[0], id === 'sparse' ? small.kept : 1, id === 'sparse' ? `${fmt(100 * small.kept, 0)}% (sentence), ${fmt(100 * big.kept, 1)}% (n = ${LONG_N})` : 'none needed (no pairs formed)');
      show(c[1], small.err[id].max, fmt(small.err[id].max, 4)); show(c[2], small.err[id].mean, fmt(small.err[id].mean, 4));
      show(c[3], big.err[id].max, fmt(big.err[id].max, 4)); show(c[4], big.err[id].mean, fmt(big.err[id].mean, 4));
    }
    this.tradeoff.textContent = `Trade-off: on the ${LONG_N}-token input sparse attention scores ${fmt(100 * big.kept, 1)}% of the pairs and its outputs are off by ${fmt(big.err.sparse.mean, 4)} on average (at most ${fmt(big.err.sparse.max, 4)}); linear attention forms no pairs at all and is off by ${fmt(big.err.linear.mean, 4)} on average (at most ${fmt(big.err.linear.max, 4)}). Exact attention is off by 0 by definition.`;
    this.drawMask(tokens, small.sparse);
    this.drawPatterns(tokens, small.exact.weights);
  }

  /** The sentence's sparse pattern: a filled square with a dot where a pair is kept, an empty one where not. */
  drawMask(tokens, sparse) {
    const n = tokens.length; const c = 18; const pad = 70;
    const kept = new Set(); for (let i = 0; i < n; i++) for (let e = sparse.rowStart[i]; e < sparse.rowStart[i + 1]; e++) kept.add(i * n + sparse.cols[e]);
    const svgNS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNS, 'svg');
    const add = (tag, attrs, txt) => { const el = document.createElementNS(svgNS, tag); for (const [a, b] of Object.entries(attrs)) el.setAttribute(a, b); if (txt) el.textContent = txt; svg.append(el); return el; };
    // 16 units on the right: room for the last slanted column label
    svg.setAttribute('viewBox', `0 0 ${pad + n * c + 16} ${pad + n * c + 4}`); svg.setAttribute('class', 'sparse-mask'); svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Sparse pattern of the sentence: ${kept.size} of ${n * n} query–key pairs kept. ${tokens.map((t, i) => `${t} sees ${Array.from(sparse.cols.subarray(sparse.rowStart[i], sparse.rowStart[i + 1]), (j) => tokens[j]).join(' ')}`).join('; ')}.`);
    tokens.forEach((t, i) => {
      add('text', { x: pad - 4, y: pad + i * c + c * 0.7, class: 'mask-label end' }, t);
      add('text', { x: 0, y: 0, class: 'mask-label', transform: `translate(${pad + i * c + c * 0.7} ${pad - 4}) rotate(-60)` }, t);
    });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const on = kept.has(i * n + j);
      add('rect', { x: pad + j * c + 1, y: pad + i * c + 1, width: c - 2, height: c - 2, class: on ? 'kept' : 'dropped' });
      if (on) add('circle', { cx: pad + j * c + c / 2, cy: pad + i * c + c / 2, r: 2.5, class: 'kept-dot' });
    }
    this.maskBox.replaceChildren(h('h4', {}, `Sparse pattern of the sentence (rows: queries, columns: keys; ● kept, empty dropped): ${kept.size} of ${n * n} pairs`), svg);
  }

  drawPatterns(tokens, weights) {
    const n = tokens.length; const { window } = this.settings();
    const rows = (f, d = 2) => tokens.map((t, i) => { const v = f(weights.subarray(i * n, (i + 1) * n), i); return { label: `${i + 1}. ${t}`, value: v, text: fmt(v, d) }; });
    this.entropyBars.update(rows((w) => -w.reduce((a, x) => (x > 0 ? a + x * Math.log(x) : a), 0)), { domain: [0, Math.log(n)] });
    this.nearBars.update(rows((w, i) => w.reduce((a, x, j) => (Math.abs(i - j) <= 1 ? a + x : a), 0)), { domain: [0, 1] });
    this.farBox.querySelector('h4').textContent = `Share of weight beyond ±${window} positions`;
    this.farBars.update(rows((w, i) => w.reduce((a, x, j) => (Math.abs(i - j) > window ? a + x : a), 0)), { domain: [0, 1] });
  }

  render() {
    const { maxn, window, globals } = this.settings();
    this.maxn.value = String(maxn);
    for (const [ctl, name] of [[this.window, 'costwindow'], [this.globals, 'costglobals']]) {
      ctl.range.value = String(this.state.get(name));
      if (document.activeElement !== ctl.box && ctl.box.getRootNode().activeElement !== ctl.box) ctl.box.value = String(this.state.get(name));
    }
    const key = `${window}/${globals}`;
    if (key !== this.accKey) { this.accKey = key; this.renderAccuracy(); } // only when its inputs change
    const memKey = `${maxn}/${window}/${globals}`;
    if (memKey !== this.memKey) { this.memKey = memKey; this.memory = this.attempt(() => this.shapeMemory(), []); }
    if (this.measuredKey && this.measuredKey !== `${maxn}/${window}/${globals}` && !this.worker) {
      this.status.textContent = 'The settings changed since the last measurement: press Measure to time them.';
    }
    this.drawCost();
  }
}
customElements.define('ae-scene-cost', SceneCostElement);

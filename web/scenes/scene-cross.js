// scene-cross.js — <ae-scene-cross>, scene 5: cross-attention and five scoring functions.
// Queries come from the target sentence, keys and values from the source sentence, so the weights
// are n × m. Every score, weight, length and tanh comes from the core (core.attention with `kind`,
// core.scores, core.matmul, core.dot/norm/cosine); this file lays them out and draws them.
import { h, isFocused, s, attr } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { tex } from '../app/tex.js';
import {
  tokenize, embedWords, withBias, CROSS_PRESETS, CROSS_DIMS, D, BILINEAR_W, ADDITIVE, GEO_W, GEO_ADDITIVE, flat, MAX_TOKENS,
} from '../app/toy-cross.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/cross.js';
import { Heatmap } from './heatmap.js';
import { BarChart } from './bar-chart.js';
import { VectorPlane } from './vector-plane.js';
import { VectorInputs } from './vector-inputs.js';

const DQ = D + 1; // bilinear and additive queries carry a bias entry
/** The five scoring functions: how each is called, its formula and its cost per (query, key) pair. */
export const SCORINGS = [
  { id: 'dot', name: 'Dot product', kind: 'dot', scale: 1, tex: 's = q \\cdot k', cost: `d_k = ${D}`, mults: D },
  { id: 'scaled', name: 'Scaled dot product', kind: 'dot', scale: 1 / Math.sqrt(D), tex: 's = \\dfrac{q \\cdot k}{\\sqrt{d_k}}', cost: `d_k = ${D}`, mults: D },
  { id: 'cosine', name: 'Cosine', kind: 'cosine', scale: 1, tex: 's = \\dfrac{q \\cdot k}{\\lVert q \\rVert \\, \\lVert k \\rVert}', cost: `3d_k = ${3 * D}`, mults: 3 * D },
  { id: 'bilinear', name: 'Bilinear (general)', kind: 'bilinear', scale: 1, tex: 's = q^{\\top} W k', cost: `d_q d_k = ${DQ} \\times ${D} = ${DQ * D}`, mults: DQ * D },
  { id: 'additive', name: 'Additive (Bahdanau)', kind: 'additive', scale: 1, tex: 's = u^{\\top} \\tanh(W_q q + W_k k)', cost: `d_h (d_q + d_k) = ${ADDITIVE.dh} \\times ${DQ + D} = ${ADDITIVE.dh * (DQ + D)}`, mults: ADDITIVE.dh * (DQ + D) },
];
const byId = (id) => SCORINGS.find((x) => x.id === id);
const TANH_X = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);

export class SceneCrossElement extends SceneElement {
  static keys = ['source', 'target', 'scoring', 'tq', 'gq', 'gk', 'palette'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    const box = (id, label, name) => {
      const input = h('input', { type: 'text', id: `cross-${id}`, maxlength: 200, autocomplete: 'off', spellcheck: 'false', 'data-control': `cross-${id}`, oninput: (e) => set({ [name]: e.target.value }) });
      return [h('label.control', { for: `cross-${id}` }, label), input];
    };
    const [sourceLabel, source] = box('source', `Source sentence: gives the keys and values (up to ${MAX_TOKENS} words)`, 'source');
    const [targetLabel, target] = box('target', `Target sentence: gives the queries (up to ${MAX_TOKENS} words)`, 'target');
    this.inputs = { source, target };
    const presets = h('div.inline', { role: 'group', 'aria-label': 'Example sentence pairs' },
      ...CROSS_PRESETS.map(([src, tgt]) => h('button', { type: 'button', onclick: () => { set({ source: src, target: tgt }); source.value = src; target.value = tgt; } }, `${src} → ${tgt}`)));
    this.tokenNote = h('p.note', { 'data-readout': 'cross-tokens' });
    const sequences = h('div.sequences', {}, h('div.seq-box', {}, sourceLabel, source), h('div.seq-box', {}, targetLabel, target), presets, this.tokenNote);

    // the scoring switch
    const group = `scoring-${Math.random().toString(36).slice(2, 7)}`; // one radio group per element
    this.radios = SCORINGS.map((x) => h('input', { type: 'radio', name: group, value: x.id, 'data-scoring': x.id, onchange: () => set({ scoring: x.id }) }));
    const scoringSwitch = h('fieldset.controls.scoring-switch', {}, h('legend', {}, 'Scoring function for the heatmaps'),
      ...SCORINGS.map((x, i) => h('label.choice', {}, this.radios[i], h('span', {}, x.name))));
    this.formula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula of the chosen scoring function', 'data-formula': 'cross' });

    // the two n × m heatmaps
    const onFocus = (i) => set({ tq: i });
    const maps = h('div.cross-maps');
    const scoresBox = h('div.map-box'); const weightsBox = h('div.map-box');
    maps.append(scoresBox, weightsBox);
    this.scoreMap = new Heatmap(scoresBox, { caption: 'Scores', name: 'cross-scores', onFocus, onActivate: onFocus });
    this.weightMap = new Heatmap(weightsBox, { caption: 'Weights', name: 'cross-weights', onFocus, onActivate: onFocus });
    this.shapeNote = h('p.note', { 'data-readout': 'cross-shape' });

    // small multiples: the weights of one query under all five scorings
    this.multiTitle = h('h3');
    this.cards = SCORINGS.map((x) => {
      const f = h('div.formula.small', { 'data-formula': `multiple-${x.id}` });
      const card = h('figure.multiple', { 'data-multiple': x.id }, h('figcaption', {}, x.name), f);
      const chart = new BarChart(card, { label: `${x.name}: weights of the chosen query`, labelWidth: 76, width: 250, rowHeight: 24 });
      const cost = h('p.pair-cost', { 'data-readout': `cost-${x.id}` });
      const cost_f = h('span.cost-formula');
      cost.append('Cost per pair: ', cost_f, ' multiplications');
      card.append(cost);
      tex(f, x.tex);
      tex(cost_f, x.cost);
      return { card, chart };
    });
    const multiples = h('div.multiples', {}, this.multiTitle, h('div.multiples-grid', {}, ...this.cards.map((c) => c.card)),
      h('p.note', {}, 'Dot and scaled dot share their shape and differ only in how sharp the weights are. Cosine forgets length, so it cannot tell a strong match from a weak one in the same direction, and its scores never leave −1…1: its weights stay flat unless a model multiplies them by a learned factor. Bilinear and additive carry their own learned matrices, which is why they can compare a query and a key of different widths (here the query has one extra entry, fixed at 1) and cost more per pair.'));

    // 2-D geometry of the differences
    const geo = h('div.geometry', {}, h('h3', {}, 'The same pair, four ways, in two dimensions'));
    const planeBox = h('div.plane-box');
    this.plane = new VectorPlane(planeBox, { extent: 3, label: 'Query q, key k, and the key after W (Wk)' });
    const onMove = (name) => (x, y) => set({ [name]: [x, y] });
    this.plane.handle('gq', { label: 'Query q: drag, or focus and use the arrow keys', onMove: onMove('gq'), get: () => this.state.get('gq') });
    this.plane.handle('gk', { label: 'Key k: drag, or focus and use the arrow keys', onMove: onMove('gk'), get: () => this.state.get('gk') });
    const typed = h('div.geo-inputs');
    this.vectorInputs = new VectorInputs(typed, {
      rows: [{ id: 'gq', label: 'q' }, { id: 'gk', label: 'k' }], max: 2, min: -3, maxValue: 3, caption: 'Type q and k',
      onInput: (id, i, v) => { const now = [...this.state.get(id)]; now[i] = v; set({ [id]: now }); },
      get: (id) => this.state.get(id),
    });
    this.geoOut = Object.fromEntries(['dot', 'nq', 'nk', 'cos', 'wk', 'bilinear', 'pre', 'hidden', 'additive'].map((k) => [k, h('output', { 'data-readout': `geo-${k}` })]));
    const o = this.geoOut;
    const readouts = h('dl.readouts.geo-readouts', {},
      h('dt', {}, 'q·k (dot)'), h('dd', {}, o.dot),
      h('dt', {}, '|q|, |k|'), h('dd', {}, o.nq, ', ', o.nk),
      h('dt', {}, 'cosine = q·k / (|q| |k|)'), h('dd', {}, o.cos),
      h('dt', {}, 'Wk (W turns k by 40° and stretches it 1.6× along x)'), h('dd', {}, o.wk),
      h('dt', {}, 'bilinear = q·(Wk)'), h('dd', {}, o.bilinear),
      h('dt', {}, 'hidden layer Wq q + Wk k'), h('dd', {}, o.pre),
      h('dt', {}, 'tanh of it'), h('dd', {}, o.hidden),
      h('dt', {}, 'additive = u·tanh(…)'), h('dd', {}, o.additive));
    this.tanhSvg = s('svg', { class: 'tanh-plot', viewBox: '0 0 260 150', role: 'img', 'aria-label': 'tanh curve with the two hidden units marked' });
    this.tanhPath = s('path', { class: 'tanh-curve' });
    this.tanhSvg.append(s('line', { class: 'zero', x1: 10, x2: 250, y1: 75, y2: 75 }), s('line', { class: 'zero', x1: 130, x2: 130, y1: 8, y2: 142 }),
      s('text', { class: 'axis-label', x: 112, y: 18 }, '+1'), s('text', { class: 'axis-label', x: 136, y: 140 }, '−1'), this.tanhPath);
    this.tanhDots = [0, 1].map((l) => { const g = s('g', { class: `tanh-dot unit-${l + 1}` }, s('circle', { r: 5 }), s('text', { dx: 7, dy: l ? 14 : -6 }, `h${l + 1}`)); this.tanhSvg.append(g); return g; });
    const tanhBox = h('figure.tanh-box', {}, this.tanhSvg, h('figcaption', {}, 'tanh flattens out beyond about ±2: a hidden unit pushed that far barely changes when q or k moves (it saturates).'));
    geo.append(h('div.geo-grid', {}, planeBox, h('div', {}, typed, readouts, tanhBox)),
      h('p.note', {}, 'Cosine ignores length: stretch q or k along its own direction and cosine stays put while the dot product grows. Bilinear first moves k with W (the dashed arrow Wk), then takes an ordinary dot product with q. Additive feeds q and k through a tiny network with one hidden layer; where tanh saturates, moving a vector changes the score very little.'));

    this.append(sequences, scoringSwitch, this.formula, maps, this.shapeNote, multiples, geo);
  }

  /** The core's results for the current sentences: recomputed only when a sentence changes. */
  compute(source, target) {
    const key = `${source}\u0000${target}`;
    if (this.cache?.key === key) { this.problems.push(...this.cache.problems); return this.cache; }
    const before = this.problems.length;
    const src = tokenize(source); const tgt = tokenize(target);
    const m = src.tokens.length; const n = tgt.tokens.length;
    const result = { key, src, tgt, n, m, runs: {} };
    if (n && m) {
      const K = embedWords(src.tokens); const Q = embedWords(tgt.tokens);
      result.known = { src: K.known, tgt: Q.known };
      const qb = withBias(Q.X, n);
      for (const x of SCORINGS) {
        const args = { q: Q.X, k: K.X, v: K.X, n, m, dk: D, kind: x.kind, scale: x.scale };
        if (x.kind === 'bilinear') Object.assign(args, { q: qb, dq: DQ, w: flat(BILINEAR_W) });
        if (x.kind === 'additive') Object.assign(args, { q: qb, dq: DQ, wq: flat(ADDITIVE.wq), wk: flat(ADDITIVE.wk), u: ADDITIVE.u, dh: ADDITIVE.dh });
        result.runs[x.id] = this.attempt(() => this.core.attention(args), null);
      }
    }
    result.problems = this.problems.slice(before); // shown again while the sentences stay the same
    this.cache = result;
    return result;
  }

  render() {
    const st = this.state;
    for (const name of ['source', 'target']) if (!isFocused(this.inputs[name]) && this.inputs[name].value !== st.get(name)) this.inputs[name].value = st.get(name);
    const scoring = byId(st.get('scoring'));
    this.radios.forEach((r) => { r.checked = r.value === scoring.id; });
    tex(this.formula, scoring.tex, { display: true });
    this.renderGeometry();

    const r = this.compute(st.get('source'), st.get('target'));
    const { n, m } = r; const src = r.src.tokens; const tgt = r.tgt.tokens;
    const empty = !n || !m;
    this.tokenNote.classList.toggle('warn', empty);
    const clipped = r.src.truncated || r.tgt.truncated ? ` Only the first ${MAX_TOKENS} words of each are used.` : '';
    this.tokenNote.textContent = empty ? 'Type at least one word in each sentence: the heatmaps appear as soon as both have words.'
      : `Source (keys and values): ${src.join(' · ')}. Target (queries): ${tgt.join(' · ')}.${clipped}`;
    for (const el of this.querySelectorAll('.cross-maps, .multiples')) el.hidden = empty;
    if (empty) { this.shapeNote.textContent = ''; return; }
    const run = r.runs[scoring.id];
    if (!run) return;
    const tq = Math.min(st.get('tq'), n - 1);
    const palette = st.get('palette');
    const describe = (i, j) => `query ${tgt[i]} (${i + 1}), key ${src[j]} (${j + 1})`;
    const focus = [tq, run.weights.subarray(tq * m, tq * m + m).reduce((best, w, j, row) => (w > row[best] ? j : best), 0)];
    // scaled = scores × scale: the scores themselves for every kind but the scaled dot product
    const span = Math.max(1e-6, ...run.scaled.map(Math.abs));
    const mark = (t, known) => t.map((w, i) => (known[i] ? w : `${w}*`));
    const common = { rowLabels: mark(tgt, r.known.tgt), colLabels: mark(src, r.known.src), palette, describe, focus };
    this.scoreMap.update({ ...common, values: run.scaled, domain: [-span, span], caption: `${scoring.name} scores (${n} target words × ${m} source words)` });
    this.weightMap.update({ ...common, values: run.weights, domain: [0, 1], caption: `Weights: each row (a target word) sums to 1 over the ${m} source words` });
    const unknown = !r.known.src.every(Boolean) || !r.known.tgt.every(Boolean);
    this.shapeNote.textContent = `${n} queries meet ${m} keys, so the matrices are ${n} × ${m}: not square unless the sentences have the same length. No causal mask: the whole source is known before translation starts, so every target word may look at every source word.${unknown ? ' * = not in the small vocabulary, so it gets made-up numbers.' : ''}`;

    this.multiTitle.textContent = `All five for one query: “${tgt[tq]}” (word ${tq + 1} of the target; focus a heatmap row to change it)`;
    SCORINGS.forEach((x, idx) => {
      const res = r.runs[x.id];
      const card = this.cards[idx];
      card.card.classList.toggle('chosen', x.id === scoring.id);
      if (!res) return;
      const row = res.weights.subarray(tq * m, tq * m + m);
      card.chart.update(src.map((w, j) => ({ label: w, value: row[j], text: fmt(row[j], 2) })), { domain: [0, 1] });
      card.chart.svg.dataset.values = Array.from(row).join(',');
    });
    const best = focus[1];
    this.announce(`${scoring.name}: ${tgt[tq]} attends most to ${src[best]}, weight ${fmt(run.weights[tq * m + best], 2)}.`);
  }

  renderGeometry() {
    const core = this.core; const o = this.geoOut;
    const q = this.state.get('gq'); const k = this.state.get('gk');
    this.vectorInputs.update(new Map([['gq', q], ['gk', k]]), 2);
    const key = `${q}|${k}`;
    if (this.geoKey === key) { this.problems.push(...this.geoProblems); return; }
    this.geoKey = key;
    const before = this.problems.length;
    const p = this.plane;
    p.placeHandle('gq', q[0], q[1], `q = (${fmt(q[0])}, ${fmt(q[1])})`);
    p.placeHandle('gk', k[0], k[1], `k = (${fmt(k[0])}, ${fmt(k[1])})`);
    p.arrow('gq', q, { cls: 'q', label: 'q' });
    p.arrow('gk', k, { cls: 'k', label: 'k' });
    const dot = this.attempt(() => core.dot(q, k));
    const nq = core.norm(q); const nk = core.norm(k);
    show(o.dot, dot); show(o.nq, nq); show(o.nk, nk);
    const cos = nq > 0 && nk > 0 ? this.attempt(() => core.cosine(q, k)) : NaN;
    show(o.cos, cos, Number.isFinite(cos) ? fmt(cos, 3) : '— (a zero vector has no direction)');
    const wk = this.attempt(() => core.matmul(flat(GEO_W), k, 2, 2, 1), null);
    if (wk) { p.arrow('wk', [wk[0], wk[1]], { cls: 'wk', label: 'Wk' }); show(o.wk, wk[0], `(${fmt(wk[0])}, ${fmt(wk[1])})`); }
    p.declutter();
    const bil = this.attempt(() => core.scores({ q, k, n: 1, dk: 2, kind: 'bilinear', w: flat(GEO_W) })[0]);
    show(o.bilinear, bil);
    const A = GEO_ADDITIVE;
    const add = (u) => core.scores({ q, k, n: 1, dk: 2, kind: 'additive', wq: flat(A.wq), wk: flat(A.wk), u });
    // the hidden layer's inputs: [Wq | Wk] · [q; k], one product
    const pre = this.attempt(() => core.matmul(A.wq.map((row, l) => [...row, ...A.wk[l]]).flat(), [...q, ...k], 2, 4, 1), null);
    // each unit's tanh from the core: the additive score with u picking that one unit
    const hidden = [0, 1].map((l) => this.attempt(() => add(l ? [0, 1] : [1, 0])[0]));
    const total = this.attempt(() => add(A.u)[0]);
    if (pre) show(o.pre, pre[0], `(${fmt(pre[0])}, ${fmt(pre[1])})`);
    show(o.hidden, hidden[0], `(${fmt(hidden[0], 3)}, ${fmt(hidden[1], 3)})`);
    show(o.additive, total);
    // tanh's curve itself, from the core: additive scores of 1-D keys x with wq = 0, wk = 1, u = 1
    this.curve ??= this.attempt(() => core.scores({ q: [0], k: TANH_X, n: 1, m: TANH_X.length, dk: 1, kind: 'additive', wq: [0], wk: [1], u: [1] }), null);
    const X = (x) => 130 + x * 30; const Y = (y) => 75 - y * 62;
    if (this.curve) attr(this.tanhPath, 'd', TANH_X.map((x, i) => `${i ? 'L' : 'M'} ${X(x).toFixed(1)} ${Y(this.curve[i]).toFixed(1)}`).join(' '));
    if (pre) this.tanhDots.forEach((g, l) => {
      const y = Y(hidden[l]);
      attr(g, 'transform', `translate(${X(Math.max(-4, Math.min(4, pre[l]))).toFixed(1)} ${y.toFixed(1)})`);
      // a label never leaves the plot: near the top edge it goes below its dot, near the bottom above
      attr(g.lastChild, 'dy', y < 24 ? 16 : y > 126 ? -8 : l ? 14 : -6);
    });
    attr(this.tanhSvg, 'aria-label', `tanh curve; hidden unit 1 at ${fmt(pre?.[0])} gives ${fmt(hidden[0], 3)}, unit 2 at ${fmt(pre?.[1])} gives ${fmt(hidden[1], 3)}`);
    this.geoProblems = this.problems.slice(before);
    p.describe(`q (${fmt(q[0])}, ${fmt(q[1])}), k (${fmt(k[0])}, ${fmt(k[1])}), Wk (${fmt(wk?.[0])}, ${fmt(wk?.[1])}). Dot ${fmt(dot)}, cosine ${fmt(cos, 3)}, bilinear ${fmt(bil)}, additive ${fmt(total)}.`);
  }
}
customElements.define('ae-scene-cross', SceneCrossElement);

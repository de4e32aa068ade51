// scene-self.js — <ae-scene-self>, scene 4: self-attention over an editable sentence, in seven
// steps. Q, K, V come from core.matmul (X·W); scores, scaled scores, weights and the output from
// one core.attention call with the causal/painted mask; pair geometry from core.dot/cosine/angle.
import { h, isFocused } from '../app/dom.js';
import { fmt, fmtDeg, show } from '../app/format.js';
import { tex } from '../app/tex.js';
import { motion } from '../app/motion.js';
import { tokenize, embed, flat, PRESETS, EMBED_DIMS, W_Q, W_K, W_V, D_MODEL, D_K, MAX_TOKENS } from '../app/toy-model.js';
import { SceneElement } from './scene-base.js';
import { MatrixTable } from './matrix-table.js';
import { Heatmap } from './heatmap.js';
import { TokenLines } from './token-lines.js';
import { VectorPlane } from './vector-plane.js';

const STEPS = [
  ['Embedding', 'Each word becomes a row of X: four numbers saying how much it is a thing, an action, a function word, and alive.'],
  ['Projections', 'Three weight matrices, learned in a real model and hand-set here, each map a 4-number embedding to 2 numbers.'],
  ['Queries, keys, values', 'Q = X·W_Q (what each word looks for), K = X·W_K (what each word offers to be found by), V = X·W_V (what it hands over).'],
  ['Scores', 'Every query meets every key: entry (i, j) of Q·Kᵀ is the dot product of word i’s query with word j’s key.'],
  ['Scaling', 'Divide every score by √d_k = √2 so the spread does not depend on the key length.'],
  ['Softmax', 'Each row becomes weights that are positive and add up to 1. Masked keys get weight 0 and the rest of the row shares the whole 1.'],
  ['Weighted sum', 'Each word’s output is its row of weights times V: a blend of the values, mostly from the words it attends to.'],
];
const PLAY_MS = 1800;

export class SceneSelfElement extends SceneElement {
  static keys = ['sentence', 'step', 'causal', 'paint', 'mask', 'fq', 'fk', 'palette', 'paused'];

  build() {
    const set = (patch) => this.state.set(patch);
    this.sentence = h('input', { type: 'text', id: 'sentence', maxlength: 200, autocomplete: 'off', spellcheck: 'false', 'data-control': 'sentence', oninput: (e) => this.setText(e.target.value) });
    const presets = h('div.inline', { role: 'group', 'aria-label': 'Example sentences' }, ...PRESETS.map((p) => h('button', { type: 'button', onclick: () => this.setText(p, true) }, p)));
    this.tokenNote = h('p.note', { 'data-readout': 'tokens' });
    const stepper = h('div.stepper', {},
      h('button', { type: 'button', 'data-control': 'prev', onclick: () => this.go(-1) }, '◀ Previous'),
      this.playBtn = h('button', { type: 'button', 'data-control': 'play', 'aria-pressed': 'false', onclick: () => this.togglePlay() }, 'Play ▶'),
      h('button', { type: 'button', 'data-control': 'next', onclick: () => this.go(1) }, 'Next ▶'));
    this.stepList = h('ol.steps', {}, ...STEPS.map(([name], i) => h('li', {}, h('button', { type: 'button', 'data-step': i + 1, onclick: () => set({ step: i + 1 }) }, name))));
    this.stepText = h('p.step-text', { 'aria-live': 'polite', 'data-readout': 'step' });

    const stage = (n, title) => { const d = h('div.stage', { 'data-stage': n }, h('h3', {}, `${n}. ${title}`)); return d; };
    const s1 = stage(1, 'Embeddings X'); this.xTable = new MatrixTable(s1, { caption: 'X: one row per word', name: 'X' });
    const s2 = stage(2, 'Weights W_Q, W_K, W_V'); const wrow = h('div.matrix-row'); s2.append(wrow);
    this.wTables = ['W_Q', 'W_K', 'W_V'].map((nme) => new MatrixTable(wrow, { caption: nme, name: nme }));
    const s3 = stage(3, 'Q, K and V'); const qrow = h('div.matrix-row'); s3.append(qrow);
    this.qkvTables = ['Q', 'K', 'V'].map((nme) => new MatrixTable(qrow, { caption: nme, name: nme }));
    const onFocus = (i, j) => set({ fq: i, fk: j });
    // the mask acts at softmax, so only the weights table paints it; scores always exist
    const onActivate = (i, j) => (this.state.get('paint') ? this.toggleMask(i, j) : set({ fq: i, fk: j }));
    const s4 = stage(4, 'Scores Q·Kᵀ'); this.scoreMap = new Heatmap(s4, { caption: 'Raw scores Q·Kᵀ', name: 'scores', onFocus, onActivate: onFocus });
    const s5 = stage(5, 'Scaled scores'); this.scaledMap = new Heatmap(s5, { caption: 'Scores ÷ √2', name: 'scaled', onFocus, onActivate: onFocus });
    const s6 = stage(6, 'Softmax weights');
    this.causal = h('input', { type: 'checkbox', 'data-control': 'causal', onchange: (e) => set({ causal: e.target.checked }) });
    this.paintBtn = h('button', { type: 'button', 'data-control': 'paint', 'aria-pressed': 'false', onclick: () => set({ paint: !this.state.get('paint') }) }, 'Mask painter');
    s6.append(h('div.inline.mask-controls', {}, h('label.choice', {}, this.causal, h('span', {}, 'Causal mask (no peeking at later words)')), this.paintBtn,
      h('button', { type: 'button', 'data-control': 'clear-mask', onclick: () => set({ mask: [] }) }, 'Clear painted mask')),
    this.paintHint = h('p.note'));
    this.weightMap = new Heatmap(s6, { caption: 'Weights (each row sums to 1)', name: 'weights', onFocus, onActivate });
    this.emptyRows = h('p.note.warn', { 'data-readout': 'empty-rows' });
    this.rowSum = h('output', { 'data-readout': 'row-sum' });
    s6.append(this.emptyRows, h('p', {}, 'Sum of the focused row: ', this.rowSum));
    const linesBox = h('div.lines-box', {}, h('h4', {}, 'Who attends to whom'));
    this.lines = new TokenLines(linesBox, { label: 'Lines from each query word to each key word, thicker for larger weights' });
    s6.append(linesBox);
    const s7 = stage(7, 'Output = weights · V'); this.outTable = new MatrixTable(s7, { caption: 'Output: one row per word', name: 'output' });
    this.outFormula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula with live numbers', 'data-formula': 'output' });
    this.outNote = h('p.note.warn', { 'data-readout': 'output-note' });
    s7.append(this.outFormula, this.outNote);
    this.stages = [s1, s2, s3, s4, s5, s6, s7];

    // geometry of the focused pair: scene 1 for that q and k
    const geo = h('aside.pair', { 'aria-label': 'Geometry of the focused pair' }, this.pairTitle = h('h4'));
    this.pairPlane = new VectorPlane(geo, { extent: 3, label: 'The focused query and key', regions: true });
    this.pairOuts = Object.fromEntries(['dot', 'cos', 'theta'].map((k) => [k, h('output', { 'data-readout': `pair-${k}` })]));
    geo.append(h('dl.readouts', {}, h('dt', {}, 'q·k'), h('dd', {}, this.pairOuts.dot), h('dt', {}, 'cos θ'), h('dd', {}, this.pairOuts.cos), h('dt', {}, 'θ'), h('dd', {}, this.pairOuts.theta)));
    this.pair = geo;

    this.grid = h('div.self-grid', {}, h('div.stages', {}, ...this.stages), geo);
    this.append(h('div.controls', {}, h('label.control', { for: 'sentence' }, `Sentence (up to ${MAX_TOKENS} words)`), this.sentence), presets, this.tokenNote,
      h('nav.step-nav', { 'aria-label': 'Steps' }, stepper, this.stepList), this.stepText, this.grid);
  }

  setText(value, fromPreset = false) {
    const n = tokenize(value).tokens.length;
    this.state.set({ sentence: value, mask: this.state.get('mask').filter(([i, j]) => i < n && j < n) });
    if (fromPreset) this.sentence.value = value;
  }

  go(d) { this.stopPlay(); this.state.set({ step: this.state.get('step') + d }); }

  togglePlay() { if (this.timer) this.stopPlay(); else this.startPlay(); }
  startPlay() {
    if (motion.paused) this.state.set({ paused: false });
    if (this.state.get('step') >= STEPS.length) this.state.set({ step: 1 });
    const tick = () => {
      if (!this.visible || motion.paused) { this.stopPlay(); return; }
      const step = this.state.get('step');
      if (step >= STEPS.length) { this.stopPlay(); return; }
      this.state.set({ step: step + 1 });
      this.timer = setTimeout(tick, PLAY_MS);
    };
    this.timer = setTimeout(tick, PLAY_MS);
    this.syncPlay();
  }
  stopPlay() { clearTimeout(this.timer); this.timer = 0; this.syncPlay(); }
  syncPlay() { this.playBtn.textContent = this.timer ? 'Pause ❚❚' : 'Play ▶'; this.playBtn.setAttribute('aria-pressed', String(Boolean(this.timer))); }
  onVisible(v) { if (!v) this.stopPlay(); }

  /** A row may lose every key (also by causal or a link): the core then gives it all-zero weights
   *  and a zero output, and render() says so next to the row and in the formula. */
  toggleMask(i, j) {
    const mask = this.state.get('mask'); const has = mask.some(([a, b]) => a === i && b === j);
    this.state.set({ mask: has ? mask.filter(([a, b]) => !(a === i && b === j)) : [...mask, [i, j]], fq: i, fk: j });
  }
  hidden(i, j) { return (this.state.get('causal') && j > i) || this.state.get('mask').some(([a, b]) => a === i && b === j); }
  visibleKeys(i) { let c = 0; for (let j = 0; j < this.tokens.length; j++) if (!this.hidden(i, j)) c++; return c; }

  render() {
    const st = this.state; const core = this.core;
    if (!isFocused(this.sentence) && this.sentence.value !== st.get('sentence')) this.sentence.value = st.get('sentence');
    const { tokens, truncated } = tokenize(st.get('sentence'));
    this.tokens = tokens; const n = tokens.length;
    const step = st.get('step');
    this.stepList.querySelectorAll('button').forEach((b, i) => { if (i + 1 === step) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current'); });
    this.stepText.textContent = `Step ${step} of 7 — ${STEPS[step - 1][0]}: ${STEPS[step - 1][1]}`;
    this.stages.forEach((el, i) => { el.hidden = i + 1 > step; el.classList.toggle('current', i + 1 === step); });
    this.pair.hidden = step < 4;
    this.causal.checked = st.get('causal');
    const paint = st.get('paint');
    this.paintBtn.setAttribute('aria-pressed', String(paint)); this.paintBtn.textContent = paint ? 'Mask painter: on' : 'Mask painter: off';
    this.classList.toggle('painting', paint);
    this.paintHint.textContent = paint ? 'Click or press Enter on a cell of the weights table to hide that key from that query (again to show it).' : '';
    // no words: hide every stage, so nothing from the last sentence stays on screen
    this.grid.hidden = !n; this.tokenNote.classList.toggle('warn', !n);
    if (!n) { this.tokenNote.textContent = 'Type at least one word: the seven steps appear as soon as there is a sentence.'; return; }
    this.tokenNote.textContent = `${n} word${n > 1 ? 's' : ''}: ${tokens.join(' · ')}${truncated ? ` (only the first ${MAX_TOKENS} words are used)` : ''}.`;

    const { X, known } = embed(tokens);
    const Q = core.matmul(X, flat(W_Q), n, D_MODEL, D_K); const K = core.matmul(X, flat(W_K), n, D_MODEL, D_K); const V = core.matmul(X, flat(W_V), n, D_MODEL, D_K);
    const causal = st.get('causal'); const painted = st.get('mask').filter(([i, j]) => i < n && j < n);
    let mask = 'none';
    if (painted.length) { mask = new Uint8Array(n * n); for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mask[i * n + j] = this.hidden(i, j) ? 0 : 1; } else if (causal) mask = 'causal';
    const r = this.attempt(() => core.attention({ q: Q, k: K, v: V, n, dk: D_K, mask }), null);

    const rowLabels = tokens.map((t, i) => (known[i] ? t : `${t}*`));
    this.xTable.update({ rowLabels, colLabels: EMBED_DIMS, values: X, caption: known.every(Boolean) ? 'X: one row per word' : 'X: one row per word (* = not in the toy vocabulary, made-up numbers)' });
    this.wTables.forEach((t, i) => t.update({ rowLabels: EMBED_DIMS, colLabels: i < 2 ? ['1', '2'] : ['v₁', 'v₂'], values: flat([W_Q, W_K, W_V][i]) }));
    this.qkvTables.forEach((t, i) => t.update({ rowLabels: tokens, colLabels: ['1', '2'], values: [Q, K, V][i] }));
    if (!r) return;

    const fq = Math.min(st.get('fq'), n - 1); const fk = Math.min(st.get('fk'), n - 1);
    const palette = st.get('palette'); const focus = step >= 4 ? [fq, fk] : null;
    const describe = (i, j) => `query ${tokens[i]} (${i + 1}), key ${tokens[j]} (${j + 1})`;
    const span = Math.max(1e-6, ...r.scores.map(Math.abs));
    const common = { rowLabels: tokens, colLabels: tokens, focus, palette, describe };
    this.scoreMap.update({ ...common, values: r.scores, domain: [-span, span] });
    this.scaledMap.update({ ...common, values: r.scaled, domain: [-span, span] });
    const blind = tokens.map((_, i) => i).filter((i) => this.visibleKeys(i) === 0);
    const names = blind.map((i) => `“${tokens[i]}”`).join(', ');
    this.weightMap.update({ ...common, values: r.weights, domain: [0, 1], hidden: (i, j) => this.hidden(i, j),
      caption: blind.length ? 'Weights (each row sums to 1, except a row with every key hidden: all 0)' : 'Weights (each row sums to 1)' });
    this.emptyRows.hidden = !blind.length;
    this.emptyRows.textContent = blind.length ? `${names} can see no key: every key in ${blind.length > 1 ? 'those rows' : 'that row'} is hidden, so there is nothing for softmax to share out. Its weights are all 0 (the row sums to 0, not 1) and its output is the zero vector (0, 0).` : '';
    const rowSum = r.weights.subarray(fq * n, fq * n + n).reduce((a, b) => a + b, 0);
    const seen = this.visibleKeys(fq);
    show(this.rowSum, rowSum, `${fmt(rowSum, 3)} (${seen} of ${n} key${n === 1 ? '' : 's'} visible to “${tokens[fq]}”${seen ? '' : ': it can see no key, so its weights are all 0'})`);
    this.lines.update({ tokens, weights: r.weights, hidden: (i, j) => this.hidden(i, j), focusRow: fq });
    this.outTable.update({ rowLabels: tokens, colLabels: ['out₁', 'out₂'], values: r.output });
    const terms = tokens.map((_, j) => (this.hidden(fq, j) ? null : `${fmt(r.weights[fq * n + j], 2)}\\,v_{${j + 1}}`)).filter(Boolean);
    const outVec = `(${fmt(r.output[fq * 2])},\\ ${fmt(r.output[fq * 2 + 1])})`;
    tex(this.outFormula, terms.length ? `\\text{out}_{${fq + 1}} = ${terms.join(' + ')} = ${outVec}`
      : `\\text{out}_{${fq + 1}} = \\mathbf{0} = ${outVec} \\quad \\text{(no visible key, so every weight is 0)}`, { display: true });
    this.outNote.hidden = terms.length > 0;
    this.outNote.textContent = terms.length ? '' : `Word ${fq + 1}, “${tokens[fq]}”, can see no key (all are hidden by the mask), so its weights are all 0 and its output is the zero vector.`;

    this.renderPair(Q, K, tokens, fq, fk, r);
    this.announce(`Step ${step}. ${tokens[fq]} gives ${fmt(r.weights[fq * n + fk], 2)} of its attention to ${tokens[fk]}.`);
  }

  renderPair(Q, K, tokens, i, j, r) {
    const q = [Q[2 * i], Q[2 * i + 1]]; const k = [K[2 * j], K[2 * j + 1]];
    this.pairTitle.textContent = `Focused pair: query “${tokens[i]}” · key “${tokens[j]}”`;
    const dot = this.attempt(() => this.core.dot(q, k));
    const ok = this.core.norm(q) > 0 && this.core.norm(k) > 0;
    const cos = ok ? this.attempt(() => this.core.cosine(q, k)) : NaN; const th = ok ? this.attempt(() => this.core.angle(q, k)) : NaN;
    show(this.pairOuts.dot, dot); show(this.pairOuts.cos, cos, fmt(cos, 3)); show(this.pairOuts.theta, th, Number.isFinite(th) ? fmtDeg(th) : '— (a zero vector)');
    const p = this.pairPlane;
    p.setRegions(ok ? q : null);
    p.arrow('q', q, { cls: 'q', label: 'q' }); p.arrow('k', k, { cls: 'k', label: 'k' });
    if (ok) p.arcBetween('theta', q, k, fmtDeg(th), 0.7); else p.hideArc('theta');
    const n = tokens.length;
    p.describe(`Query of ${tokens[i]} (${fmt(q[0])}, ${fmt(q[1])}) and key of ${tokens[j]} (${fmt(k[0])}, ${fmt(k[1])}): q·k ${fmt(dot)}, cos θ ${fmt(cos, 3)}; weight ${fmt(r.weights[i * n + j], 3)}.`);
  }
}
customElements.define('ae-scene-self', SceneSelfElement);

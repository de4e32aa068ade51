// scene-self.js — <ae-scene-self>, scene 4: self-attention over an editable sentence, one step at
// a time. The step you are on is the step you see: a strip of the seven steps, the current stage
// with its inputs, and the focused-pair panel beside it.
//   compute(): only when the model's inputs change (sentence, X edits, W, positions, order, mask):
//     selfModel() (app/scene-models.js, shared with the questions): X (+ core.positionalEncoding),
//     Q/K/V from core.matmul, everything else from core.attention.
//   drawStage(): only the stage on screen, when the model, the step or the palette changed.
//   drawFocus(): a focus change repaints the focused cell, its row/column marks and the pair panel.
import { h, hide, attr, text, isFocused } from '../app/dom.js';
import { fmt, fmtDeg, show } from '../app/format.js';
import { texPieces } from '../app/tex.js';
import { motion } from '../app/motion.js';
import {
  tokenize, PRESETS, SELF_DIMS, D_K, MAX_TOKENS, HEADS, DEFAULT_HEAD, parseEdits, formatEdits,
} from '../app/toy-model.js';
import { selfModel } from '../app/scene-models.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/self.js';
import { MatrixTable } from './matrix-table.js';
import { MatrixInput } from './matrix-input.js';
import { Heatmap } from './heatmap.js';
import { TokenLines } from './token-lines.js';
import { VectorPlane } from './vector-plane.js';

const STEPS = [
  ['Embeddings', 'Each word becomes a row of X. Four columns say how much it is a thing, an action, a function word and alive; the two position columns stay 0 until you add positions. Type into any cell to change a word.'],
  ['Projections', 'Three weight matrices — learned in a real model, set by hand here — map each 6-number row of X to 2 numbers. Type into them, or pick a head above.'],
  ['Queries, keys, values', 'Q = X·W_Q (what each word looks for), K = X·W_K (what each word offers), V = X·W_V (what it hands over).'],
  ['Scores', 'Every query meets every key: entry (i, j) of Q·Kᵀ is the dot product of word i’s query with word j’s key. Orange is below 0, purple above.'],
  ['Scaling', 'Divide every score by √dₖ = √2, where dₖ is the key width (the number of dimensions of q and k), so the spread of the scores does not grow with the key width.'],
  ['Softmax', 'Each row becomes weights that are positive and add up to 1. A hidden key gets weight 0 and the rest of the row shares the whole 1.'],
  ['Weighted sum', 'Each word’s output is its row of weights times V: a blend of the values, mostly from the words it attends to.'],
];
const SHORT = ['Embeddings', 'Projections', 'Q, K, V', 'Scores', 'Scaling', 'Softmax', 'Sum'];
const PLAY_MS = 1800;
const SQRT_DK = Math.sqrt(D_K);
/** Sets el's text, with W_Q, W_K, W_V and dₖ written with real subscripts (one notation). */
function rich(el, str) {
  if (el.dataset.rich === str) return;
  el.dataset.rich = str;
  el.replaceChildren(...str.split(/(W_[QKV])/).map((part) => (/^W_[QKV]$/.test(part) ? h('span', {}, 'W', h('sub', {}, part[2])) : part)));
}
const same = (a, b) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < 1e-9);

export class SceneSelfElement extends SceneElement {
  static keys = ['sentence', 'step', 'causal', 'paint', 'mask', 'fq', 'fk', 'palette', 'paused', 'wq', 'wk', 'wv', 'xedit', 'positions', 'shuffle', 'solo'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    this.sentence = h('input', { type: 'text', id: 'sentence', maxlength: 200, autocomplete: 'off', spellcheck: 'false', 'data-control': 'sentence', oninput: (e) => this.setText(e.target.value) });
    const presets = h('div.inline', { role: 'group', 'aria-label': 'Example sentences' }, ...PRESETS.map((p) => h('button', { type: 'button', onclick: () => this.setText(p, true) }, p)));
    this.tokenNote = h('p.note', { 'data-readout': 'tokens' });

    // the model bar: heads (data presets), reset, positions, word order
    this.headButtons = HEADS.map((p) => h('button', { type: 'button', 'data-head': p.id, 'aria-pressed': 'false', onclick: () => this.applyHead(p) }, p.label));
    this.positions = h('input', { type: 'checkbox', 'data-control': 'positions', onchange: (e) => set({ positions: e.target.checked }) });
    this.headNote = h('p.note', { 'data-readout': 'head-note' });
    this.orderNote = h('p.note', { 'data-readout': 'order-note', 'aria-live': 'polite' });
    const modelBar = h('div.model-bar', {},
      h('div.inline', { role: 'group', 'aria-label': 'Heads: preset weights' }, h('span.control', {}, 'Head:'), ...this.headButtons,
        h('button', { type: 'button', 'data-control': 'reset', onclick: () => this.reset() }, 'Reset')),
      h('div.inline', {}, h('label.choice', {}, this.positions, h('span', {}, 'Add positions to X (sinusoidal encodings)')),
        h('button', { type: 'button', 'data-control': 'shuffle', onclick: () => set({ shuffle: (this.state.get('shuffle') % 9999) + 1 }) }, 'Shuffle the words'),
        this.unshuffle = h('button', { type: 'button', 'data-control': 'unshuffle', onclick: () => set({ shuffle: 0 }) }, 'Original order')),
      this.headNote, this.orderNote);

    const stepper = h('div.stepper', {},
      h('button', { type: 'button', 'data-control': 'prev', onclick: () => this.go(-1) }, '◀ Previous'),
      this.playBtn = h('button', { type: 'button', 'data-control': 'play', 'aria-pressed': 'false', onclick: () => this.togglePlay() }, 'Play ▶'),
      h('button', { type: 'button', 'data-control': 'next', onclick: () => this.go(1) }, 'Next ▶'));
    this.stepButtons = STEPS.map(([name], i) => h('button', { type: 'button', 'data-step': i + 1, title: `Step ${i + 1}: ${name}`, onclick: () => this.goTo(i + 1) }, h('span.step-num', {}, String(i + 1)), ` ${SHORT[i]}`));
    this.stepList = h('ol.steps', {}, ...this.stepButtons.map((b) => h('li', {}, b)));
    // on a phone the strip is one row that scrolls sideways: fade the side with more steps
    this.stepList.addEventListener('scroll', () => this.stripHint(), { passive: true });
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.stripHint()).observe(this.stepList);
    this.stepText = h('p.step-text', { 'aria-live': 'polite', 'data-readout': 'step' });

    const stage = (n, title) => { const t = h('h3'); rich(t, `${n}. ${title}`); return h('div.stage', { 'data-stage': n }, t); };
    const row = (parent) => { const d = h('div.matrix-row'); parent.append(d); return d; };
    // 1: X, typed
    const s1 = stage(1, 'Embeddings X');
    this.xInput = new MatrixInput(s1, { caption: 'X: one row per word', name: 'X', onInput: (r, c, v) => this.editX(r, c, v) });
    this.xNote = h('p.note', { 'data-readout': 'x-note' }); s1.append(this.xNote);
    this.xpBox = h('div.pe-box'); s1.append(this.xpBox);
    this.peTable = new MatrixTable(this.xpBox, { caption: 'PE: position encodings (from the core)', name: 'PE' });
    this.xpTable = new MatrixTable(this.xpBox, { caption: 'X + PE: what the projections receive', name: 'X+PE' });
    // 2: W, typed
    const s2 = stage(2, 'Weights W_Q, W_K, W_V'); const wrow = row(s2);
    this.wInputs = ['wq', 'wk', 'wv'].map((key, i) => new MatrixInput(wrow, { caption: ['W_Q', 'W_K', 'W_V'][i], name: ['W_Q', 'W_K', 'W_V'][i], onInput: (r, c, v) => this.editW(key, r, c, v) }));
    this.wInputs.forEach((t) => rich(t.caption, t.caption.textContent));
    // 3: X in, Q K V out
    const s3 = stage(3, 'Q, K and V'); const qrow = row(s3);
    this.x3 = new MatrixTable(qrow, { caption: 'Input: X (+ PE)', name: 'X-in' });
    this.qkvTables = ['Q', 'K', 'V'].map((nme) => new MatrixTable(qrow, { caption: nme, name: nme }));
    const onFocus = (i, j) => this.state.set({ fq: i, fk: j });
    const onHover = (i, j) => this.hover(i, j);
    // 4: Q, K in, scores out
    const s4 = stage(4, 'Scores Q·Kᵀ'); const r4 = row(s4);
    // inputs laid on their side (one column per word) so the stage fits one screen at 16 words
    this.qk4 = new MatrixTable(r4, { caption: 'Inputs: the rows of Q and K, one column per word', name: 'QK-in' });
    this.scoreMap = new Heatmap(s4, { caption: 'Raw scores Q·Kᵀ', name: 'scores', onFocus, onActivate: onFocus, onHover });
    // 5: scaled, with −∞ for hidden keys
    const s5 = stage(5, 'Scaled scores');
    this.maskSlot5 = h('div'); s5.append(this.maskSlot5);
    this.scaledMap = new Heatmap(s5, { caption: 'Scores ÷ √2 (what softmax receives)', name: 'scaled', onFocus, onActivate: onFocus, onHover });
    this.infNote = h('p.note', { 'data-readout': 'minus-infinity-note' },
      'A hidden key gets −∞ added to its score before softmax, so exp(−∞) = 0 and the visible keys still share the whole 1; zeroing a weight after softmax instead would leave the row adding up to less than 1.');
    s5.append(this.infNote);
    // 6: weights, mask controls, lines
    const s6 = stage(6, 'Softmax weights');
    this.causal = h('input', { type: 'checkbox', 'data-control': 'causal', onchange: (e) => set({ causal: e.target.checked }) });
    this.paintBtn = h('button', { type: 'button', 'data-control': 'paint', 'aria-pressed': 'false', onclick: () => set({ paint: !this.state.get('paint') }) }, 'Mask painter');
    this.paintHint = h('p.note');
    this.maskControls = h('div.mask-controls', {}, h('div.inline', {}, h('label.choice', {}, this.causal, h('span', {}, 'Causal mask (no peeking at later words)')), this.paintBtn,
      h('button', { type: 'button', 'data-control': 'clear-mask', onclick: () => set({ mask: [] }) }, 'Clear painted mask')), this.paintHint);
    this.maskSlot6 = h('div'); s6.append(this.maskSlot6);
    const r6 = row(s6);
    const wbox = h('div'); r6.append(wbox);
    this.weightMap = new Heatmap(wbox, { caption: 'Weights (each row sums to 1)', name: 'weights', onFocus, onHover,
      onActivate: (i, j) => (this.state.get('paint') ? this.toggleMask(i, j) : onFocus(i, j)) });
    this.emptyRows = h('p.note.warn', { 'data-readout': 'empty-rows' });
    this.rowSum = h('output', { 'data-readout': 'row-sum' });
    wbox.append(this.emptyRows, h('p.readouts-line', {}, 'Sum of the focused row: ', this.rowSum));
    // a disclosure: open up to 10 words; with more it starts closed, so the stage still fits one screen
    const linesBox = this.linesBox = h('details.lines-box', { open: true, 'data-part': 'lines' }, h('summary', {}, h('h4', {}, 'Who attends to whom (lines)')));
    this.lines = new TokenLines(linesBox, { label: 'Lines from each query word to each key word, thicker for larger weights' });
    r6.append(linesBox);
    // 7: weights, V in; output out
    const s7 = stage(7, 'Output = weights · V'); const r7 = row(s7);
    this.v7 = new MatrixTable(r7, { caption: 'Input: V', name: 'V-in' });
    this.outTable = new MatrixTable(r7, { caption: 'Output: one row per word', name: 'output' });
    this.outFormula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula with live numbers', 'data-formula': 'output' });
    this.outNote = h('p.note.warn', { 'data-readout': 'output-note' });
    this.orderBox = h('div.order-box', {}, h('h4', {}, 'Word order'));
    this.orderTable = new MatrixTable(this.orderBox, { caption: 'Each word’s output in the typed order and in the shuffled order', name: 'order' });
    this.orderVerdict = h('p.note', { 'data-readout': 'order-verdict' }); this.orderBox.append(this.orderVerdict);
    s7.append(this.outFormula, this.outNote, this.orderBox);
    this.stages = [s1, s2, s3, s4, s5, s6, s7];
    this.stageArea = h('div.stage-area', {}, ...this.stages);
    this.hoverNote = h('p.hover-note', { 'data-readout': 'hover', 'aria-hidden': 'true' });
    this.stageArea.append(this.hoverNote);

    // the focused pair: scene 1 for that q and k, with every number of its cell
    const geo = h('aside.pair', { 'aria-label': 'The focused pair' }, this.pairTitle = h('h4', { 'data-readout': 'pair-title' }));
    this.pairPlane = new VectorPlane(geo, { extent: 3, label: 'The focused query and key', regions: true });
    this.pairScale = h('p.note.small', { 'data-readout': 'pair-scale' });
    const items = [['q', 'q'], ['k', 'k'], ['dot', 'q·k'], ['scaled', 'q·k/√2'], ['weight', 'weight α'], ['cos', 'cos θ'], ['av', 'α·v'], ['theta', 'θ']];
    this.pairOuts = Object.fromEntries(items.map(([k]) => [k, h('output', { 'data-readout': `pair-${k}` })]));
    geo.append(this.pairScale, h('p.note.small', {}, 'Shaded: where a key agrees with q (q·k > 0); hatched: where it disagrees.'),
      h('dl.pair-readouts', {}, items.flatMap(([k, label]) => [h('dt', {}, label), h(k === 'av' ? 'dd.wide' : 'dd', {}, this.pairOuts[k])])),
      h('p.note.small', {}, 'Click a cell or move with the arrow keys to focus a pair; it stays focused until you choose another.'));
    this.pair = geo;

    this.grid = h('div.self-grid', {}, this.stageArea, geo);
    // the sentence box has a form of its own: Chromium's autofill reads every field of the form a
    // typed-in field belongs to, which for a field outside any form is every unowned field on the
    // page (a forced layout each, ~180 here) on every key. Enter submits nothing.
    const sentenceForm = h('form.controls', { 'data-part': 'sentence-form', onsubmit: (e) => e.preventDefault() }, h('label.control', { for: 'sentence' }, `Sentence (up to ${MAX_TOKENS} words)`), this.sentence);
    this.append(sentenceForm, presets, this.tokenNote,
      modelBar, h('nav.step-nav', { 'aria-label': 'Steps' }, this.stepList, stepper), this.stepText, this.grid);
  }

  // ---- editing state (controls only edit state) ----------------------------------------------
  setText(value, fromPreset = false) {
    const n = tokenize(value).tokens.length;
    this.state.set({ sentence: value, mask: this.state.get('mask').filter(([i, j]) => i < n && j < n) });
    if (fromPreset) this.sentence.value = value;
  }
  applyHead(p) { this.state.set({ wq: p.wq.flat(), wk: p.wk.flat(), wv: p.wv.flat(), positions: p.positions, causal: p.causal, mask: [] }); }
  reset() {
    const p = DEFAULT_HEAD;
    this.state.set({ wq: p.wq.flat(), wk: p.wk.flat(), wv: p.wv.flat(), positions: false, causal: false, mask: [], xedit: '', shuffle: 0, paint: false });
  }
  editX(r, c, v) {
    const m = this.m; if (!m?.n) return;
    const edits = parseEdits(this.state.get('xedit'));
    edits.set(`${m.perm[r]}.${c}`, Number(v.toFixed(4)));
    this.state.set({ xedit: formatEdits(edits) });
  }
  editW(key, r, c, v) { const w = this.state.get(key).slice(); w[r * D_K + c] = v; this.state.set({ [key]: w }); }
  goTo(step) { this.stopPlay(); this.state.set({ step }); this.reveal = true; }
  go(d) { this.goTo(this.state.get('step') + d); }

  togglePlay() { if (this.timer) this.stopPlay(); else this.startPlay(); }
  startPlay() {
    if (motion.paused) this.state.set({ paused: false });
    if (this.state.get('step') >= STEPS.length) this.state.set({ step: 1 });
    const tick = () => {
      if (!this.visible || motion.paused) { this.stopPlay(); return; }
      const step = this.state.get('step');
      if (step >= STEPS.length) { this.stopPlay(); return; }
      this.state.set({ step: step + 1 }); this.reveal = true;
      this.timer = setTimeout(tick, PLAY_MS);
    };
    this.timer = setTimeout(tick, PLAY_MS);
    this.syncPlay();
  }
  stopPlay() { clearTimeout(this.timer); this.timer = 0; this.syncPlay(); }
  syncPlay() { this.playBtn.textContent = this.timer ? 'Pause ❚❚' : 'Play ▶'; this.playBtn.setAttribute('aria-pressed', String(Boolean(this.timer))); }
  onVisible(v) { if (!v) this.stopPlay(); }

  /** A row may lose every key (also by causal or a link): the core then gives it all-zero weights. */
  toggleMask(i, j) {
    const mask = this.state.get('mask'); const has = mask.some(([a, b]) => a === i && b === j);
    this.state.set({ mask: has ? mask.filter(([a, b]) => !(a === i && b === j)) : [...mask, [i, j]], fq: i, fk: j });
  }

  // ---- compute: only when the model's inputs change --------------------------------------------
  modelInputs() {
    const st = this.state;
    return JSON.stringify(['sentence', 'positions', 'shuffle', 'wq', 'wk', 'wv', 'xedit', 'causal', 'mask'].map((k) => st.get(k)));
  }

  compute() {
    // the one model function, shared with this scene's questions (web/questions/self.js)
    return selfModel(this.core, (k) => this.state.get(k), (fn, fallback) => this.attempt(fn, fallback));
  }

  // ---- render: decide what needs drawing --------------------------------------------------------
  render() {
    const st = this.state;
    if (!isFocused(this.sentence) && this.sentence.value !== st.get('sentence')) this.sentence.value = st.get('sentence');
    const key = this.modelInputs();
    if (key !== this.modelKey) { this.problems = []; this.m = this.compute(); this.modelKey = key; this.stageKey = ''; this.modelProblems = [...this.problems]; }
    else this.problems = [...(this.modelProblems ?? [])];
    const m = this.m; const step = st.get('step');
    this.classList.toggle('solo', st.get('solo'));
    this.drawChrome(step);
    hide(this.grid, !m.n); this.tokenNote.classList.toggle('warn', !m.n);
    if (!m.n) {
      this.tokenNote.textContent = m.failed ? 'The model could not be computed (see the message below).' : 'Type at least one word: the seven steps appear as soon as there is a sentence.';
      return;
    }
    this.tokenNote.textContent = `${m.n} word${m.n > 1 ? 's' : ''}: ${m.words.join(' · ')}${m.truncated ? ` (only the first ${MAX_TOKENS} words are used)` : ''}.`;
    this.stages.forEach((el, i) => { hide(el, i + 1 !== step); el.classList.toggle('current', i + 1 === step); });
    hide(this.pair, step < 4);
    this.grid.classList.toggle('no-pair', step < 4); // steps 1–3 use the pair's column too
    // 11–16 words: compact tables (main.css), and the lines start closed; a student's toggle stays
    const many = m.n > 10;
    if (many !== this.many) { this.many = many; this.classList.toggle('many-words', many); this.linesBox.open = !many; }
    const stageKey = `${key}|${step}|${st.get('palette')}`;
    if (stageKey !== this.stageKey) { this.stageKey = stageKey; this.drawStage(step); this.focusKey = ''; }
    const fq = Math.min(st.get('fq'), m.n - 1); const fk = Math.min(st.get('fk'), m.n - 1);
    const focusKey = `${stageKey}|${fq}|${fk}`;
    if (focusKey !== this.focusKey) { this.focusKey = focusKey; this.drawFocus(step, fq, fk); }
    if (this.reveal) { this.reveal = false; this.revealStage(); }
  }

  /** After Next / Previous / a strip click / Play, bring the stage on screen (no jump when visible). */
  revealStage() {
    const r = this.stageArea.getBoundingClientRect();
    if (r.top < 0 || r.top > innerHeight * 0.5) this.stepText.scrollIntoView({ block: 'start', behavior: motion.reduced ? 'auto' : 'smooth' });
  }

  /** Which sides of a scrolling step strip hide steps: data-more="left right" (CSS fades them). */
  stripHint() {
    const l = this.stepList; const more = [];
    if (l.scrollLeft > 1) more.push('left');
    if (l.scrollLeft + l.clientWidth < l.scrollWidth - 1) more.push('right');
    const v = more.join(' ');
    if (l.dataset.more !== v) l.dataset.more = v;
  }

  drawChrome(step) {
    const st = this.state; const m = this.m;
    this.stepButtons.forEach((b, i) => {
      if (i + 1 === step) attr(b, 'aria-current', 'step'); else if (b.hasAttribute('aria-current')) b.removeAttribute('aria-current');
      b.classList.toggle('done', i + 1 < step);
    });
    if (step !== this.stripStep) {
      // a strip that scrolls (phone) brings the current step to its middle; only on a step change
      this.stripStep = step;
      const l = this.stepList;
      if (l.scrollWidth > l.clientWidth + 1) {
        const lr = l.getBoundingClientRect(); const br = this.stepButtons[step - 1].getBoundingClientRect();
        l.scrollLeft += br.left + br.width / 2 - (lr.left + lr.width / 2);
      }
      this.stripHint();
    }
    rich(this.stepText, `Step ${step} of 7 — ${STEPS[step - 1][0]}: ${STEPS[step - 1][1]}`);
    this.positions.checked = st.get('positions'); this.causal.checked = st.get('causal');
    const paint = st.get('paint');
    attr(this.paintBtn, 'aria-pressed', paint); text(this.paintBtn, paint ? 'Mask painter: on' : 'Mask painter: off');
    this.classList.toggle('painting', paint);
    text(this.paintHint, paint ? 'Click or press Enter on a cell of the weights table to hide that key from that query (again to show it).' : '');
    // the mask controls sit in the stage on screen (5: where −∞ enters, 6: where weights show it)
    const slot = step === 5 ? this.maskSlot5 : this.maskSlot6;
    if (this.maskControls.parentNode !== slot) slot.append(this.maskControls);
    const w = ['wq', 'wk', 'wv'].map((k) => st.get(k));
    const head = HEADS.find((p) => same(p.wq.flat(), w[0]) && same(p.wk.flat(), w[1]) && same(p.wv.flat(), w[2]));
    this.headButtons.forEach((b, i) => attr(b, 'aria-pressed', HEADS[i] === head));
    rich(this.headNote, head ? `${head.label}: ${head.note}${head.positions && !st.get('positions') ? ' It needs positions: switch them on to see it.' : ''}` : 'Your own weights (typed in step 2). Reset brings back the default head.');
    this.unshuffle.disabled = !st.get('shuffle');
    text(this.orderNote, m?.n ? this.orderSentence() : '');
  }

  /** One sentence on word order: the shuffled sentence and what happened to the outputs. */
  orderSentence() {
    const m = this.m;
    if (!this.state.get('shuffle')) return 'Word order: shuffle the words to see whether the outputs care.';
    if (m.n < 2) return 'Word order: one word cannot be shuffled.';
    const diff = this.orderDiff();
    const shown = `Shuffled to “${m.tokens.join(' ')}”. `;
    if (diff === null) return shown;
    if (diff < 1e-5) return `${shown}Every word’s output is exactly the vector it had before, only moved with the word: without positions (and without a causal mask), attention ignores word order.`;
    const why = m.positions ? 'the position encodings now tell the words apart by place' : 'the causal mask depends on which word comes first';
    return `${shown}The outputs changed (by up to ${fmt(diff, 3)}): ${why}.`;
  }

  orderDiff() {
    const m = this.m; if (!m.typed) return null;
    let diff = 0;
    m.perm.forEach((w, r) => { for (let c = 0; c < D_K; c++) diff = Math.max(diff, Math.abs(m.r.output[r * D_K + c] - m.typed.r.output[w * D_K + c])); });
    return diff;
  }

  drawStage(step) {
    const m = this.m; const st = this.state; const n = m.n;
    const rowLabels = m.tokens.map((t, i) => (m.known[i] ? t : `${t}*`));
    const describe = (i, j) => `query ${m.tokens[i]} (${i + 1}), key ${m.tokens[j]} (${j + 1})`;
    const common = { rowLabels: m.tokens, colLabels: m.tokens, describe, focus: null };
    const span = (a) => Math.max(1e-6, ...Array.from(a, Math.abs));
    const cols2 = ['1', '2'];
    if (step === 1) {
      const edited = (r, c) => m.edits.has(`${m.perm[r]}.${c}`);
      this.xInput.update({ rowLabels, colLabels: SELF_DIMS, values: m.X0, edited,
        caption: m.known.every(Boolean) ? 'X: one row per word (type to change a value)' : 'X: one row per word (* = not in the toy vocabulary, made-up numbers)' });
      text(this.xNote, m.positions ? 'Positions are on: the core’s sinusoidal encodings PE are added to X. Columns pos₁ and pos₂ turn one radian per word; the slower columns add small amounts to the meaning columns.'
        : 'pos₁ and pos₂ are 0 for every word: nothing in X says where a word stands. Switch on positions above to add them.');
      hide(this.xpBox, !m.positions);
      if (m.positions) {
        this.peTable.update({ rowLabels: m.tokens.map((t, i) => `${i + 1}. ${t}`), colLabels: SELF_DIMS, values: m.PE });
        this.xpTable.update({ rowLabels, colLabels: SELF_DIMS, values: m.X });
      }
    } else if (step === 2) {
      ['wq', 'wk', 'wv'].forEach((key, i) => this.wInputs[i].update({ rowLabels: SELF_DIMS, colLabels: i < 2 ? cols2 : ['v₁', 'v₂'], values: st.get(key) }));
    } else if (step === 3) {
      this.x3.update({ rowLabels, colLabels: SELF_DIMS, values: m.X, caption: m.positions ? 'Input: X + PE' : 'Input: X' });
      this.qkvTables.forEach((t, i) => t.update({ rowLabels: m.tokens, colLabels: cols2, values: [m.Q, m.K, m.V][i] }));
    } else if (step === 4) {
      const T = (a) => Float32Array.from({ length: 2 * n }, (_, idx) => a[(idx % n) * 2 + Math.floor(idx / n)]);
      const qk = new Float32Array(4 * n); qk.set(T(m.Q)); qk.set(T(m.K), 2 * n);
      this.qk4.update({ rowLabels: ['q₁', 'q₂', 'k₁', 'k₂'], colLabels: m.tokens, values: qk });
      const s = span(m.r.scores);
      this.scoreMap.update({ ...common, values: m.r.scores, domain: [-s, s], palette: 'diverging' });
    } else if (step === 5) {
      const s = span(m.r.scaled);
      this.scaledMap.update({ ...common, values: m.r.scaled, domain: [-s, s], palette: 'diverging', hidden: m.hidden, hiddenText: '−∞', hiddenLabel: 'hidden by the mask: −∞ is what softmax receives' });
      this.infNote.classList.toggle('warn', m.causal || st.get('mask').length > 0);
    } else if (step === 6) {
      const names = m.blind.map((i) => `“${m.tokens[i]}”`).join(', ');
      this.weightMap.update({ ...common, values: m.r.weights, domain: [0, 1], palette: st.get('palette'), hidden: m.hidden,
        caption: m.blind.length ? 'Weights (each row sums to 1, except a row with every key hidden: all 0)' : 'Weights (each row sums to 1)' });
      hide(this.emptyRows, !m.blind.length);
      text(this.emptyRows, m.blind.length ? `${names} can see no key: every key in ${m.blind.length > 1 ? 'those rows' : 'that row'} is hidden, so there is nothing for softmax to share out. Its weights are all 0 (the row sums to 0, not 1) and its output is the zero vector (0, 0).` : '');
    } else if (step === 7) {
      this.v7.update({ rowLabels: m.tokens, colLabels: ['v₁', 'v₂'], values: m.V });
      this.outTable.update({ rowLabels: m.tokens, colLabels: ['out₁', 'out₂'], values: m.r.output });
      this.drawOrder();
    }
  }

  /** Stage 7's word-order table: each typed word's output in both orders. */
  drawOrder() {
    const m = this.m;
    hide(this.orderBox, !m.typed);
    if (!m.typed) return;
    const values = new Float32Array(m.n * 4);
    const where = new Array(m.n);
    m.perm.forEach((w, r) => { where[w] = r; });
    m.words.forEach((_, w) => {
      values.set(m.typed.r.output.subarray(w * D_K, w * D_K + D_K), w * 4);
      values.set(m.r.output.subarray(where[w] * D_K, where[w] * D_K + D_K), w * 4 + 2);
    });
    this.orderTable.update({ rowLabels: m.words, colLabels: ['typed: out₁', 'typed: out₂', 'shuffled: out₁', 'shuffled: out₂'], values });
    text(this.orderVerdict, this.orderSentence());
  }

  drawFocus(step, fq, fk) {
    const m = this.m; const n = m.n; const focus = [fq, fk];
    if (step === 4) this.scoreMap.setFocus(focus);
    if (step === 5) this.scaledMap.setFocus(focus);
    if (step === 6) {
      this.weightMap.setFocus(focus);
      const rowSum = m.r.weights.subarray(fq * n, fq * n + n).reduce((a, b) => a + b, 0);
      const seen = m.tokens.filter((_, j) => !m.hidden(fq, j)).length;
      show(this.rowSum, rowSum, `${fmt(rowSum, 3)} (${seen} of ${n} key${n === 1 ? '' : 's'} visible to “${m.tokens[fq]}”${seen ? '' : ': it can see no key, so its weights are all 0'})`);
      this.lines.update({ tokens: m.tokens, weights: m.r.weights, hidden: m.hidden, focusRow: fq });
    }
    if (step === 7) {
      const terms = m.tokens.flatMap((_, j) => (m.hidden(fq, j) ? [] : [[j, `${fmt(m.r.weights[fq * n + j], 2)}\\,v_{${j + 1}}`]]));
      const outVec = `(${fmt(m.r.output[fq * 2])},\\ ${fmt(m.r.output[fq * 2 + 1])})`;
      // one KaTeX piece per term, keyed by word: a word typed adds a term, which renders alone
      texPieces(this.outFormula, terms.length
        ? [['out', `\\text{out}_{${fq + 1}}`], ...terms.map(([j, t], k) => [`v${j}`, `{} ${k ? '+' : '='} ${t}`]), ['sum', `{} = ${outVec}`]]
        : [['out', `\\text{out}_{${fq + 1}}`], ['zero', '{} = \\mathbf{0}'], ['sum', `{} = ${outVec} \\quad \\text{(no visible key, so every weight is 0)}`]], { display: true });
      hide(this.outNote, terms.length > 0);
      text(this.outNote, terms.length ? '' : `Word ${fq + 1}, “${m.tokens[fq]}”, can see no key (all are hidden by the mask), so its weights are all 0 and its output is the zero vector.`);
    }
    if (step >= 4) this.drawPair(fq, fk);
    text(this.hoverNote, '');
    this.announce(`Step ${step}. ${m.tokens[fq]} gives ${fmt(m.r.weights[fq * n + fk], 2)} of its attention to ${m.tokens[fk]}.`);
  }

  /** Pointer over a cell: a one-line preview; the focused pair (set by click or key) stays. */
  hover(i, j) {
    const m = this.m; if (!m?.n) return;
    const step = this.state.get('step'); const idx = i * m.n + j;
    const v = step === 4 ? fmt(m.r.scores[idx]) : step === 5 ? (m.hidden(i, j) ? '−∞' : fmt(m.r.scaled[idx])) : m.hidden(i, j) ? 'hidden' : fmt(m.r.weights[idx]);
    text(this.hoverNote, `Pointer on query “${m.tokens[i]}”, key “${m.tokens[j]}”: ${v}. Click to focus this pair.`);
  }

  drawPair(i, j) {
    const m = this.m; const n = m.n; const core = this.core;
    const q = [m.Q[2 * i], m.Q[2 * i + 1]]; const k = [m.K[2 * j], m.K[2 * j + 1]]; const v = [m.V[2 * j], m.V[2 * j + 1]];
    const hiddenPair = m.hidden(i, j); const idx = i * n + j;
    text(this.pairTitle, `Focused pair: query “${m.tokens[i]}” (${i + 1}) · key “${m.tokens[j]}” (${j + 1})`);
    const o = this.pairOuts;
    const nq = this.attempt(() => core.norm(q)); const nk = this.attempt(() => core.norm(k));
    const ok = nq > 0 && nk > 0;
    const cos = ok ? this.attempt(() => core.cosine(q, k)) : NaN; const th = ok ? this.attempt(() => core.angle(q, k)) : NaN;
    const alpha = m.r.weights[idx];
    show(o.q, nq, `(${fmt(q[0])}, ${fmt(q[1])})`); show(o.k, nk, `(${fmt(k[0])}, ${fmt(k[1])})`);
    show(o.dot, m.r.scores[idx]);
    show(o.scaled, hiddenPair ? -Infinity : m.r.scaled[idx], hiddenPair ? '−∞ (hidden by the mask)' : fmt(m.r.scaled[idx]));
    show(o.weight, alpha, fmt(alpha, 3));
    const av = [alpha * v[0], alpha * v[1]];
    show(o.av, alpha, `${fmt(alpha, 3)} × (${fmt(v[0])}, ${fmt(v[1])}) = (${fmt(av[0])}, ${fmt(av[1])})`);
    show(o.cos, cos, Number.isFinite(cos) ? fmt(cos, 3) : '— (a zero vector has no direction)');
    show(o.theta, th, Number.isFinite(th) ? fmtDeg(th) : '—');

    // draw at a scale that keeps both arrows inside the frame
    const big = Math.max(...q.map(Math.abs), ...k.map(Math.abs));
    const f = big > 2.8 ? big / 2.8 : 1;
    const qd = q.map((x) => x / f); const kd = k.map((x) => x / f);
    text(this.pairScale, f > 1 ? `Drawn at 1/${fmt(f, 1)} of their size to fit.` : '');
    const p = this.pairPlane;
    p.setRegions(nq > 0 ? q : null, ['', '', '']);
    const [sq, sk] = labelShifts(qd, kd);
    p.arrow('q', qd, { cls: 'q', label: 'q', shift: sq }); p.arrow('k', kd, { cls: 'k', label: 'k', shift: sk });
    if (ok && th > 0.35) p.arcBetween('theta', qd, kd, 'θ', 0.6); else p.hideArc('theta');
    p.declutter();
    p.describe(`Query of ${m.tokens[i]} (${fmt(q[0])}, ${fmt(q[1])}) and key of ${m.tokens[j]} (${fmt(k[0])}, ${fmt(k[1])}): q·k ${fmt(m.r.scores[idx])}, weight ${fmt(alpha, 3)}.`);
  }
}

/**
 * Label offsets (px) for the q and k tips: lifted off the x-axis when an arrow lies along it,
 * pushed off the y-axis likewise, and pushed to opposite sides when the arrows nearly overlap.
 */
function labelShifts(q, k) {
  const unit = (v) => { const len = Math.hypot(v[0], v[1]) || 1; return [v[0] / len, v[1] / len]; };
  const [qx, qy] = unit(q); const [kx, ky] = unit(k);
  if (qx * kx + qy * ky > 0.9) {
    // nearly the same direction: q's label on its clockwise side, k's on the other (screen y is down)
    const side = qx * ky - qy * kx >= 0 ? 1 : -1;
    return [[side * qy * 20, side * qx * 20], [-side * ky * 20, -side * kx * 20]];
  }
  const off = (ux, uy, other) => [
    Math.abs(ux) < 0.3 ? (other[0] > 0 ? -1 : 1) * 18 - 6 : 0, // along the y-axis: beside it, away from the other arrow
    Math.abs(uy) < 0.3 ? (other[1] > 0 ? 1 : -1) * 16 : 0, // along the x-axis: below or above it
  ];
  return [off(qx, qy, k), off(kx, ky, q)];
}

customElements.define('ae-scene-self', SceneSelfElement);

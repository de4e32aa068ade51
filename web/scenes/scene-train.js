// scene-train.js — <ae-scene-train>, scene 9: watch one attention head learn a toy task.
// The model, its gradients and Adam run in the core (core.createTrainer); this file only steps it
// in slices of at most 8 ms per frame (the page stays responsive), and draws what the core reports:
// the loss and accuracy of each step, the weights of one fixed example (trainer.evaluate), W_Q·W_Kᵀ
// (core.matmul) and the cosine similarity of the position vectors (core.cosine).
import { h, s, attr, text } from '../app/dom.js';
import { fmt, show } from '../app/format.js';
import { motion } from '../app/motion.js';
import { sample, css, gradient } from '../app/palette.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/train.js';
import { Heatmap } from './heatmap.js';

const LENGTH = 6; const VOCAB = 8;
const EXAMPLE = [3, 7, 1, 5, 0, 6]; // distinct tokens, largest (7) at position 1
const MAX_STEPS = 3000;
const SLICE_MS = 8; // training time per frame, at most
const FINAL_STEPS = 400; // reduced motion: train this far, then draw once
const TASKS = {
  copy: 'copy: output the token at the same position',
  previous: 'previous: output the token one position earlier (position 0 repeats itself)',
  reverse: 'reverse: output the sequence backwards',
  max: 'max: output the largest token of the sequence, everywhere',
};
const PATTERNS = {
  diagonal: 'a diagonal: each position looks at itself',
  previous: 'the diagonal just below: each position looks one to the left',
  anti: 'an anti-diagonal: position i looks at position 5 − i',
  column: 'one column: every position looks at the same key',
  none: 'no clear pattern',
};
const EXPECTED = { copy: 'diagonal', previous: 'previous', reverse: 'anti', max: 'column' };

/** Which pattern the example's weights form: each row's strongest key, read off the core's weights. */
function patternOf(weights, n) {
  const top = Array.from({ length: n }, (_, i) => {
    const row = Array.from(weights.subarray(i * n, (i + 1) * n));
    return row.indexOf(Math.max(...row));
  });
  if (top.every((j, i) => j === i)) return 'diagonal';
  if (top.every((j, i) => j === Math.max(0, i - 1))) return 'previous';
  if (top.every((j, i) => j === n - 1 - i)) return 'anti';
  if (top.every((j) => j === top[0])) return 'column';
  return 'none';
}

export class SceneTrainElement extends SceneElement {
  static keys = ['task', 'trainpos', 'trainseed', 'pace', 'guess', 'palette', 'paused'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    const uid = Math.random().toString(36).slice(2);
    const radios = (name, options, key, control) => Object.entries(options).map(([value, label]) => {
      const input = h('input', { type: 'radio', name: `${name}-${uid}`, value, 'data-control': `${control}-${value}`, onchange: () => set({ [key]: value }) });
      return [input, h('label.choice', {}, input, ` ${label}`)];
    });
    this.taskInputs = radios('task', TASKS, 'task', 'task');
    this.posSelect = h('select', { id: `trainpos-${uid}`, 'data-control': 'trainpos', onchange: (e) => set({ trainpos: e.target.value }) },
      h('option', { value: 'learned' }, 'learned (trained with the rest)'), h('option', { value: 'sinusoidal' }, 'sinusoidal (fixed sines and cosines)'),
      h('option', { value: 'none' }, 'none (tokens only)'));
    this.seedInput = h('input', { type: 'number', id: `trainseed-${uid}`, min: 1, max: 9999, step: 1, 'data-control': 'trainseed',
      onchange: (e) => { if (Number.isFinite(e.target.valueAsNumber)) set({ trainseed: e.target.valueAsNumber }); e.target.value = String(this.state.get('trainseed')); } });
    this.paceInputs = radios('pace', { slow: 'one step per frame (watch it form)', fast: 'as many steps as fit in 8 ms per frame' }, 'pace', 'pace');
    this.playBtn = h('button', { type: 'button', 'data-control': 'train-play', onclick: () => this.togglePlay() }, 'Train');
    this.stepBtn = h('button', { type: 'button', 'data-control': 'train-step', onclick: () => this.oneStep() }, 'One step');
    this.resetBtn = h('button', { type: 'button', 'data-control': 'train-reset', onclick: () => this.reset() }, 'Reset');
    this.playNote = h('p.note', { 'aria-live': 'polite', 'data-readout': 'train-note' });
    const controls = h('div.controls.train-controls', {},
      h('fieldset', {}, h('legend', {}, 'Task (6 tokens from a vocabulary of 8)'), ...this.taskInputs.map((x) => x[1])),
      h('p.control-row', {}, h('label', { for: `trainpos-${uid}` }, 'Position vectors '), this.posSelect, ' ',
        h('label', { for: `trainseed-${uid}` }, 'Seed '), this.seedInput),
      h('fieldset', {}, h('legend', {}, 'Speed'), ...this.paceInputs.map((x) => x[1])),
      h('p.train-buttons', {}, this.playBtn, ' ', this.stepBtn, ' ', this.resetBtn), this.playNote);

    this.guessInputs = radios('guess', PATTERNS, 'guess', 'guess');
    this.verdict = h('p.verdict', { 'aria-live': 'polite', 'data-readout': 'verdict' });
    const predict = h('div.predict', {}, h('fieldset', {},
      h('legend', {}, 'Before you train: which pattern will the attention weights of the example form?'),
      ...this.guessInputs.map((x) => x[1])), this.verdict);

    this.posNote = h('p.note.warning', { 'data-readout': 'positions-note' });
    this.outs = Object.fromEntries(['step', 'loss', 'accuracy'].map((k) => [k, h('output', { 'data-readout': `train-${k}` })]));
    const readouts = h('dl.readouts', {}, h('dt', {}, 'Adam steps'), h('dd', {}, this.outs.step),
      h('dt', {}, 'loss (last batch)'), h('dd', {}, this.outs.loss),
      h('dt', {}, 'accuracy (last batch)'), h('dd', {}, this.outs.accuracy));

    // loss (solid) and accuracy (dashed) against steps; numbers on both axes
    this.curve = s('svg', { viewBox: '0 0 420 180', class: 'curve', role: 'img', 'data-chart': 'train-curve' });
    this.curveLines = { loss: s('polyline', { class: 'loss-line', fill: 'none' }), acc: s('polyline', { class: 'acc-line', fill: 'none' }) };
    this.curveLabels = { lossTop: s('text', { x: 4, y: 16, class: 'axis' }), steps: s('text', { x: 380, y: 176, class: 'axis', 'text-anchor': 'end' }) }; // under the plot's right edge, clear of '0%'
    this.curve.append(s('rect', { x: 40, y: 10, width: 340, height: 150, class: 'plot-bg' }), this.curveLines.loss, this.curveLines.acc,
      this.curveLabels.lossTop, s('text', { x: 4, y: 162, class: 'axis' }, '0'),
      s('text', { x: 418, y: 16, class: 'axis', 'text-anchor': 'end' }, '100%'), s('text', { x: 418, y: 162, class: 'axis', 'text-anchor': 'end' }, '0%'),
      s('text', { x: 40, y: 176, class: 'axis' }, 'step 0'), this.curveLabels.steps,
      this.curveEmpty = s('text', { x: 210, y: 90, class: 'empty-note', 'text-anchor': 'middle' }, 'No steps yet: press Train or One step.'));
    const key = (cls) => s('svg', { viewBox: '0 0 26 12', 'aria-hidden': 'true' }, s('line', { x1: 1, y1: 6, x2: 25, y2: 6, class: cls }));
    const curveFig = h('figure.chart.curve-box', {}, h('h3', {}, 'Loss and accuracy while training'), this.curve,
      h('ul.legend', { 'aria-label': 'Legend' }, h('li', {}, key('loss-line'), 'loss (solid, left axis)'), h('li', {}, key('acc-line'), 'accuracy (dashed, right axis)')));

    const weightsBox = h('div.chart', {}, h('h3', {}, 'Attention weights of the example'));
    this.weights = new Heatmap(weightsBox, { caption: 'rows: queries, columns: keys', name: 'train-weights',
      onFocus: (i, j) => { this.focus = [i, j]; this.drawWeights(); }, onActivate: () => {} });
    this.exampleText = h('p.note', { 'data-readout': 'example' });
    weightsBox.append(this.exampleText);

    const posBox = h('div.chart', {}, h('h3', {}, 'Position vectors: cosine similarity'));
    this.posMap = new Heatmap(posBox, { caption: 'cos(pᵢ, pⱼ) for every pair of positions', name: 'train-positions', onFocus: () => {}, onActivate: () => {} });
    this.posEmpty = h('p.note', {}, 'No position vectors: the model sees only which tokens are present, not where.');
    posBox.append(this.posEmpty);

    const bilinearBox = h('div.chart', {}, h('h3', {}, 'W', h('sub', {}, 'Q'), '·W', h('sub', {}, 'K'), 'ᵀ: the form the head learned'));
    this.canvas = h('canvas', { width: 160, height: 160, class: 'matrix-canvas', role: 'img', 'data-chart': 'wqk' });
    this.bilinearScale = h('p.scale', {}, h('span', { 'data-readout': 'wqk-min' }), h('span.scale-bar', { 'aria-hidden': 'true' }), h('span', { 'data-readout': 'wqk-max' }));
    bilinearBox.append(this.canvas, this.bilinearScale, h('p.note', {}, 'A query hᵢ and a key hⱼ score hᵢ·(W', h('sub', {}, 'Q'), '·W', h('sub', {}, 'K'), 'ᵀ)·hⱼᵀ: this matrix is everything the head learned about which pairs should match. Lighter is larger.'));

    this.append(h('div.scene-grid.train-grid', {},
      h('div.panel', {}, controls, predict, this.posNote), h('div', {}, readouts, curveFig)),
    h('div.chart-row.train-maps', {}, weightsBox, posBox, bilinearBox));
    this.history = { loss: [], acc: [] };
    this.playing = false; this.raf = 0; this.focus = null; this.settingsKey = '';
  }

  // ---- the trainer's life: created from the settings, replaced on reset, freed on removal ----
  settings() {
    return { task: this.state.get('task'), positions: this.state.get('trainpos'), seed: this.state.get('trainseed'), length: LENGTH, vocab: VOCAB };
  }

  reset() {
    this.pause();
    this.trainer?.dispose();
    this.trainer = this.attempt(() => this.core.createTrainer(this.settings()), null);
    this.history = { loss: [], acc: [] };
    this.last = null; this.formed = null;
    this.settingsKey = JSON.stringify(this.settings());
    text(this.playNote, '');
    this.schedule();
  }

  disconnectedCallback() {
    super.disconnectedCallback(); // drops the state and visibility subscriptions
    this.pause();
    this.trainer?.dispose();
    this.trainer = null; this.settingsKey = '';
  }

  /** Run Adam steps until `budget` ms have passed or `limit` steps were taken. */
  train(limit, budget = SLICE_MS) {
    if (!this.trainer) return;
    const start = performance.now();
    let taken = 0;
    while (taken < limit && (this.last?.step ?? 0) < MAX_STEPS) {
      const r = this.attempt(() => this.trainer.step(1), null);
      if (!r) { this.pause(); return; }
      this.last = r; taken++;
      this.history.loss.push(r.loss); this.history.acc.push(r.accuracy);
      if (performance.now() - start >= budget) break;
    }
  }

  oneStep() {
    this.pause();
    this.problems = [];
    this.train(1);
    this.safeRender();
  }

  togglePlay() { if (this.playing) this.pause(); else this.play(); }

  play() {
    if (!this.trainer || (this.last?.step ?? 0) >= MAX_STEPS) return;
    this.playing = true;
    this.syncButtons();
    // reduced motion (or the page's pause): no animation; train in slices, then show the end state
    const still = motion.reduced || this.state.get('paused');
    text(this.playNote, still ? `Animations are off, so training runs to step ${FINAL_STEPS} and only the result is drawn.` : '');
    const tick = () => {
      this.raf = 0;
      if (!this.playing) return;
      if (!this.visible && !still) { this.pause(); return; } // nothing trains off screen
      const pace = this.state.get('pace');
      this.train(still ? Math.max(0, FINAL_STEPS - (this.last?.step ?? 0)) : pace === 'slow' ? 1 : MAX_STEPS);
      const step = this.last?.step ?? 0;
      const done = step >= MAX_STEPS || (still && step >= FINAL_STEPS);
      if (!still || done) this.safeRender();
      if (done) { this.pause(); return; }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause() {
    this.playing = false;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.syncButtons?.();
  }

  syncButtons() {
    if (!this.playBtn) return;
    const step = this.last?.step ?? 0;
    text(this.playBtn, this.playing ? 'Pause' : step > 0 ? 'Continue training' : 'Train');
    attr(this.playBtn, 'aria-pressed', String(this.playing));
    this.dataset.training = String(this.playing);
    this.playBtn.disabled = step >= MAX_STEPS;
  }

  onVisible(v) { if (!v && this.playing && !(motion.reduced || this.state.get('paused'))) this.pause(); }

  // ---- drawing: every number comes from the core ----
  render() {
    this.draws = (this.draws ?? 0) + 1; // tests read it: reduced motion draws the end state only
    this.dataset.draws = String(this.draws);
    if (JSON.stringify(this.settings()) !== this.settingsKey) this.reset();
    const task = this.state.get('task'); const pos = this.state.get('trainpos');
    this.taskInputs.forEach(([inp]) => { inp.checked = inp.value === task; });
    this.paceInputs.forEach(([inp]) => { inp.checked = inp.value === this.state.get('pace'); });
    const guess = this.state.get('guess');
    this.guessInputs.forEach(([inp]) => { inp.checked = inp.value === guess; inp.disabled = (this.last?.step ?? 0) > 0; });
    this.posSelect.value = pos;
    if (document.activeElement !== this.seedInput) this.seedInput.value = String(this.state.get('trainseed'));
    const impossible = pos === 'none' && (task === 'reverse' || task === 'previous');
    text(this.posNote, impossible
      ? `Without position vectors this task cannot be learned. The head only sees each token's own vector, so moving tokens around just moves the outputs around with them (scene 4: attention on its own ignores word order). Position 2 and position 4 look alike to it, yet ${task === 'reverse' ? 'reverse' : 'previous'} needs them to fetch from different places. Watch the accuracy stall well below 100 %.`
      : '');
    this.posNote.hidden = !impossible;
    this.syncButtons();
    if (!this.trainer) return;

    const step = this.last?.step ?? 0;
    show(this.outs.step, step, String(step));
    show(this.outs.loss, this.last?.loss ?? NaN, this.last ? fmt(this.last.loss, 3) : '—');
    show(this.outs.accuracy, this.last?.accuracy ?? NaN, this.last ? `${fmt(100 * this.last.accuracy, 1)} %` : '—');
    this.drawCurve();
    this.example = this.attempt(() => this.trainer.evaluate(EXAMPLE), null);
    this.drawWeights();
    this.drawMatrices();
    this.drawVerdict(task, guess);
  }

  drawCurve() {
    const { loss, acc } = this.history;
    const n = loss.length; const width = Math.max(100, n);
    const top = Math.max(0.1, ...loss.slice(0, 50));
    // at most ~340 points (one per pixel column)
    const every = Math.max(1, Math.ceil(n / 340));
    const pts = (values, scale) => {
      const out = [];
      for (let i = 0; i < n; i += every) out.push(`${(40 + (340 * (i + 1)) / width).toFixed(1)},${(160 - 150 * Math.min(1, values[i] / scale)).toFixed(1)}`);
      if (n && (n - 1) % every) out.push(`${(40 + (340 * n) / width).toFixed(1)},${(160 - 150 * Math.min(1, values[n - 1] / scale)).toFixed(1)}`);
      return out.join(' ');
    };
    attr(this.curveLines.loss, 'points', pts(loss, top));
    attr(this.curveLines.acc, 'points', pts(acc, 1));
    text(this.curveLabels.lossTop, fmt(top, 1));
    text(this.curveLabels.steps, `step ${width}`);
    if (this.curveEmpty.style.display !== (n ? 'none' : '')) this.curveEmpty.style.display = n ? 'none' : '';
    attr(this.curve, 'aria-label', n
      ? `Loss fell from ${fmt(loss[0], 3)} to ${fmt(loss[n - 1], 3)} and accuracy went from ${fmt(100 * acc[0], 1)} % to ${fmt(100 * acc[n - 1], 1)} % over ${n} steps.`
      : 'No training yet: press Train or One step.');
  }

  drawWeights() {
    if (!this.example) return;
    const labels = EXAMPLE.map((t, i) => `${i}: ${t}`);
    this.weights.update({ rowLabels: labels, colLabels: labels, values: this.example.weights, focus: this.focus, palette: this.state.get('palette'),
      domain: [0, 1], describe: (i, j) => `query at position ${i} (token ${EXAMPLE[i]}), key at position ${j} (token ${EXAMPLE[j]})` });
    const predicted = Array.from(this.example.predicted);
    const want = { copy: EXAMPLE, previous: EXAMPLE.map((_, i) => EXAMPLE[Math.max(0, i - 1)]), reverse: [...EXAMPLE].reverse(), max: EXAMPLE.map(() => 7) }[this.state.get('task')];
    const right = predicted.filter((p, i) => p === want[i]).length;
    text(this.exampleText, `Example ${EXAMPLE.join(' ')}: the model predicts ${predicted.join(' ')} (the answer is ${want.join(' ')}; ${right} of ${LENGTH} right).`);
  }

  drawMatrices() {
    const p = this.attempt(() => this.trainer.parameters(), null);
    if (!p) return;
    const d = Math.round(Math.sqrt(p.wq.length));
    // W_Q·W_Kᵀ in the core (the transpose is only a re-ordering of numbers)
    const wkT = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) wkT[j * d + i] = p.wk[i * d + j];
    const m = this.attempt(() => this.core.matmul(p.wq, wkT, d, d, d), null);
    if (m) this.paintMatrix(m, d);
    const hasPos = p.pos.length > 0;
    this.posEmpty.hidden = hasPos;
    this.posMap.table.hidden = !hasPos;
    if (!hasPos) return;
    const rowOf = (i) => p.pos.subarray(i * d, (i + 1) * d);
    const cos = new Float64Array(LENGTH * LENGTH);
    for (let i = 0; i < LENGTH; i++) for (let j = 0; j < LENGTH; j++) cos[i * LENGTH + j] = this.attempt(() => this.core.cosine(rowOf(i), rowOf(j)));
    const labels = Array.from({ length: LENGTH }, (_, i) => `p${i}`);
    this.posMap.update({ rowLabels: labels, colLabels: labels, values: cos, palette: this.state.get('palette'), domain: [-1, 1],
      describe: (i, j) => `cosine of position ${i} and position ${j}` });
  }

  paintMatrix(m, d) {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    let lo = Infinity; let hi = -Infinity;
    for (const v of m) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const cell = this.canvas.width / d; const palette = this.state.get('palette');
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        ctx.fillStyle = css(sample(palette, (m[i * d + j] - lo) / (hi - lo || 1)));
        ctx.fillRect(j * cell, i * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    const minEl = this.bilinearScale.firstChild; const maxEl = this.bilinearScale.lastChild;
    show(minEl, lo, fmt(lo, 2)); show(maxEl, hi, fmt(hi, 2));
    this.bilinearScale.children[1].style.background = gradient(palette);
    let big = 0; for (let i = 0; i < d; i++) big = Math.max(big, Math.abs(m[i * d + i]));
    attr(this.canvas, 'aria-label', `W_Q·W_Kᵀ, ${d} × ${d}: entries from ${fmt(lo, 2)} to ${fmt(hi, 2)}; the largest diagonal entry has size ${fmt(big, 2)}.`);
  }

  drawVerdict(task, guess) {
    const acc = this.last?.accuracy ?? 0;
    if (!this.example || !this.last) {
      text(this.verdict, guess !== 'unset' ? `Your prediction: ${PATTERNS[guess]}. Now train and see.` : 'Pick a pattern, then train.');
      return;
    }
    const formed = patternOf(this.example.weights, LENGTH);
    if (acc < 0.95 && this.playing) { text(this.verdict, `Training… the strongest weights currently form ${PATTERNS[formed]}.`); return; }
    const mine = guess === 'unset' ? 'You did not predict a pattern.' : guess === formed ? `You predicted ${PATTERNS[guess]}, and that is what formed.` : `You predicted ${PATTERNS[guess]}; the head formed ${PATTERNS[formed]}.`;
    const why = formed === EXPECTED[task] ? ` That is the pattern ${task} needs: to ${TASKS[task].split(': ')[1]}, each position has to fetch the value of the right key.` : '';
    text(this.verdict, `After ${this.last.step} steps (accuracy ${fmt(100 * acc, 1)} %): ${mine}${why}`);
  }
}
customElements.define('ae-scene-train', SceneTrainElement);

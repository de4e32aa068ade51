// scene-heads.js — <ae-scene-heads>, scene 6: many heads. One sentence, 1, 2 or 4 heads on a fixed
// dModel = 8, hand-set weights that make the four narrow heads look for different things. One
// core.multiHead call gives Q, K, V, every head's weights, the concatenation and the output;
// this file slices and lays them out (a head's Q is columns h·dh … of Q: layout, not arithmetic).
import { h, isFocused } from '../app/dom.js';
import { fmt } from '../app/format.js';
import { tex } from '../app/tex.js';
import { tokenize, inputs, D_MODEL, MODEL_DIMS, HEAD_ROLES, HEAD_PRESETS, W_Q, W_K, W_V, W_O, flat, MAX_TOKENS } from '../app/toy-heads.js';
import { SceneElement } from './scene-base.js';
import questions from '../questions/heads.js';
import { Heatmap } from './heatmap.js';
import { MatrixTable } from './matrix-table.js';

const HEAD_COUNTS = ['1', '2', '4'];
const WEIGHTS = { wq: flat(W_Q), wk: flat(W_K), wv: flat(W_V), wo: flat(W_O) };

/** Columns [first, first + width) of a (rows × cols) row-major matrix. */
function columns(values, rows, cols, first, width) {
  const out = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) out.set(values.subarray(i * cols + first, i * cols + first + width), i * width);
  return out;
}

export class SceneHeadsElement extends SceneElement {
  static keys = ['phrase', 'heads', 'head', 'palette'];
  /** Predict, then check: this scene's questions (its own file, loaded with the scene). */
  static questions = questions;

  build() {
    const set = (patch) => this.state.set(patch);
    this.sentence = h('input', { type: 'text', id: 'heads-sentence', maxlength: 200, autocomplete: 'off', spellcheck: 'false', 'data-control': 'heads-sentence', oninput: (e) => set({ phrase: e.target.value }) });
    const presets = h('div.inline.heads-presets', { role: 'group', 'aria-label': 'Example sentences for the heads' },
      ...HEAD_PRESETS.map((p) => h('button', { type: 'button', onclick: () => { set({ phrase: p }); this.sentence.value = p; } }, p)));
    this.tokenNote = h('p.note', { 'data-readout': 'heads-tokens' });
    const uid = Math.random().toString(36).slice(2, 7);
    this.countRadios = HEAD_COUNTS.map((c) => h('input', { type: 'radio', name: `heads-${uid}`, value: c, 'data-heads': c, onchange: () => set({ heads: c, head: Math.min(this.state.get('head'), Number(c)) }) }));
    this.headRadios = [1, 2, 3, 4].map((x) => h('input', { type: 'radio', name: `head-${uid}`, value: String(x), 'data-head': x, onchange: () => set({ head: x }) }));
    this.headLabels = this.headRadios.map((r) => h('label.choice', {}, r, h('span')));
    const controls = h('div.controls.heads-controls', {},
      h('fieldset', {}, h('legend', {}, `Number of heads (the model width, ${D_MODEL}, stays fixed)`), ...HEAD_COUNTS.map((c, i) => h('label.choice', {}, this.countRadios[i], h('span', {}, c)))),
      this.headPick = h('fieldset.head-pick', {}, h('legend', {}, 'Show the Q, K and V slice of'), ...this.headLabels));
    this.dhNote = h('p.note', { 'data-readout': 'heads-dh' });

    this.mapBoxes = [0, 1, 2, 3].map((x) => {
      const box = h('div.head-map', { 'data-head-map': x + 1 });
      const map = new Heatmap(box, { caption: `Head ${x + 1}`, name: `head-${x + 1}`, onFocus: () => {}, onActivate: () => set({ head: x + 1 }) });
      return { box, map };
    });
    const maps = h('div.headmaps', {}, h('h3', {}, 'Each head’s weights'), h('div.head-grid', {}, ...this.mapBoxes.map((b) => b.box)),
      h('p.note', {}, 'Click (or press Enter on) a cell of a head to show its slices below.'));

    const slices = h('div.slices');
    this.sliceTitle = h('h3'); slices.append(this.sliceTitle);
    const sliceRow = h('div.matrix-row'); slices.append(sliceRow);
    this.sliceTables = ['Q', 'K', 'V'].map((name) => new MatrixTable(sliceRow, { caption: `${name} slice`, name: `slice-${name.toLowerCase()}` }));

    const mixing = h('div.mixing', {}, h('h3', {}, 'Concatenate, then mix with ', h('span', {}, 'W', h('sub', {}, 'O'))));
    const mixRow = h('div.matrix-row'); mixing.append(mixRow);
    this.concatTable = new MatrixTable(mixRow, { caption: 'Concatenation of the heads’ outputs', name: 'concat' });
    this.woTable = new MatrixTable(mixRow, { caption: 'W_O', name: 'wo' });
    this.outTable = new MatrixTable(mixRow, { caption: 'Output = concat · W_O', name: 'heads-output' });
    // one notation: W_O with a real subscript (the captions are set once, not on every update)
    this.woTable.caption.replaceChildren(h('span', {}, 'W', h('sub', {}, 'O')), ' (8 × 8): mixes the heads back together');
    this.outTable.caption.replaceChildren('Output = concat · ', h('span', {}, 'W', h('sub', {}, 'O')));
    this.mixFormula = h('div.formula', { tabindex: 0, role: 'group', 'aria-label': 'Formula of multi-head attention', 'data-formula': 'heads' });
    mixing.append(this.mixFormula);

    this.cost = h('div.cost-note', { 'data-readout': 'heads-cost' });
    this.append(h('div.heads-sentence', {}, h('label.control', { for: 'heads-sentence' }, `Sentence (up to ${MAX_TOKENS} words)`), this.sentence), presets, this.tokenNote,
      controls, this.dhNote, maps, slices, mixing, this.cost);
  }

  /** One core.multiHead call per (sentence, head count); cached so selecting a head recomputes nothing. */
  compute(phrase, heads) {
    const key = `${phrase}\u0000${heads}`;
    if (this.cache?.key === key) { this.problems.push(...this.cache.problems); return this.cache; }
    const before = this.problems.length;
    const { tokens, truncated } = tokenize(phrase);
    const n = tokens.length;
    const result = { key, tokens, truncated, n };
    if (n) {
      const { X, known } = inputs(tokens);
      result.known = known;
      result.run = this.attempt(() => this.core.multiHead({ x: X, n, dModel: D_MODEL, heads, ...WEIGHTS }), null);
    }
    result.problems = this.problems.slice(before);
    this.cache = result;
    return result;
  }

  render() {
    const st = this.state;
    if (!isFocused(this.sentence) && this.sentence.value !== st.get('phrase')) this.sentence.value = st.get('phrase');
    const heads = Number(st.get('heads')); const dh = D_MODEL / heads;
    const head = Math.min(st.get('head'), heads);
    this.countRadios.forEach((r) => { r.checked = r.value === String(heads); });
    this.headLabels.forEach((label, x) => {
      label.hidden = x >= heads;
      this.headRadios[x].checked = x + 1 === head;
      label.lastChild.textContent = `Head ${x + 1}`;
    });
    this.dhNote.textContent = `${heads} head${heads > 1 ? 's' : ''}, each ${dh} wide (model width ${D_MODEL} ÷ ${heads} head${heads > 1 ? 's' : ''}). Head h owns columns ${heads === 1 ? '1–8 (all of them)' : `(h−1)·${dh}+1 … h·${dh}`} of Q, K and V, and scales its scores by 1/√${dh}.`;

    const r = this.compute(st.get('phrase'), heads);
    const { n, tokens } = r;
    for (const el of this.querySelectorAll('.headmaps, .slices, .mixing, .cost-note')) el.hidden = !n;
    this.tokenNote.classList.toggle('warn', !n);
    if (!n) { this.tokenNote.textContent = 'Type at least one word: the heads appear as soon as there is a sentence.'; return; }
    this.tokenNote.textContent = `${n} word${n > 1 ? 's' : ''}: ${tokens.join(' · ')}${r.truncated ? ` (only the first ${MAX_TOKENS} words are used)` : ''}.${r.known.every(Boolean) ? '' : ' Words marked * are not in the toy vocabulary and get made-up features.'}`;
    if (!r.run) return;
    const { q, k, v, weights, concat, output } = r.run;
    const labels = tokens.map((t, i) => (r.known[i] ? t : `${t}*`));
    const palette = st.get('palette');
    const describe = (i, j) => `query ${tokens[i]} (${i + 1}), key ${tokens[j]} (${j + 1})`;

    this.mapBoxes.forEach(({ box, map }, x) => {
      box.hidden = x >= heads;
      if (x >= heads) return;
      const role = heads === 4 ? `: looks for ${HEAD_ROLES[x]}` : heads === 2 ? `: ${HEAD_ROLES[2 * x]} and ${HEAD_ROLES[2 * x + 1]}, blended` : ': all four patterns, blended';
      const w = weights.subarray(x * n * n, (x + 1) * n * n);
      map.update({ rowLabels: labels, colLabels: labels, values: w, domain: [0, 1], palette, describe, focus: null,
        caption: `Head ${x + 1} (columns ${x * dh + 1}–${(x + 1) * dh})${role}` });
      box.classList.toggle('chosen', x + 1 === head);
    });

    const first = (head - 1) * dh;
    const colLabels = Array.from({ length: dh }, (_, c) => String(first + c + 1));
    this.sliceTitle.textContent = `Head ${head}: its slice of Q, K and V (columns ${first + 1}–${first + dh}, ${n} × ${dh} each)`;
    [q, k, v].forEach((m, x) => this.sliceTables[x].update({ rowLabels: labels, colLabels, values: columns(m, n, D_MODEL, first, dh),
      caption: `${'QKV'[x]} slice of head ${head}` }));

    const groupLabels = Array.from({ length: D_MODEL }, (_, c) => `h${Math.floor(c / dh) + 1}·${(c % dh) + 1}`);
    this.concatTable.update({ rowLabels: labels, colLabels: groupLabels, values: concat, caption: `Concatenation: head h’s output fills its ${dh} column${dh > 1 ? 's' : ''}` });
    this.woTable.update({ rowLabels: groupLabels, colLabels: MODEL_DIMS.map((_, c) => String(c + 1)), values: WEIGHTS.wo });
    this.outTable.update({ rowLabels: labels, colLabels: MODEL_DIMS.map((_, c) => String(c + 1)), values: output });
    tex(this.mixFormula, `\\text{head}_h = \\operatorname{softmax}\\!\\Big(\\tfrac{Q_h K_h^{\\top}}{\\sqrt{${dh}}}\\Big) V_h, \\quad \\text{output} = [\\text{head}_1 \\cdots \\text{head}_{${heads}}]\\, W_O`, { display: true });

    // cost in multiplications, from the shapes alone
    const perHead = n * n * dh;
    this.cost.replaceChildren(
      h('h3', {}, 'Why more heads cost no more'),
      h('p', {}, `Each head scores ${n} × ${n} pairs over only dₕ = ${dh} numbers (its width): ${n}·${n}·${dh} = ${perHead} multiplications for its scores Q·Kᵀ (and as many again for its weights times V). ${heads} heads together: ${heads} × ${perHead} = ${heads * perHead} = ${n}·${n}·${D_MODEL}, exactly what one head of the full model width ${D_MODEL} costs. Splitting the model width into heads slices the same columns differently; it does not add any. The projections are the same three ${D_MODEL} × ${D_MODEL} matrices however many heads there are, and `, h('span', {}, 'W', h('sub', {}, 'O')), ' adds one more of that size.'));
    const best = (x) => { const w = weights.subarray(x * n * n, (x + 1) * n * n); let arg = 0; for (let j = 0; j < n; j++) if (w[(n - 1) * n + j] > w[(n - 1) * n + arg]) arg = j; return arg; };
    this.announce(`${heads} heads. Head ${head}: the last word, ${tokens[n - 1]}, attends most to ${tokens[best(head - 1)]}.`);
  }
}
customElements.define('ae-scene-heads', SceneHeadsElement);

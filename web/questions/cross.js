// cross.js — questions for scene 5 (cross-attention and five scorings). Data: ids never change;
// every truth is computed by the core (core.attention with kind), on the scene's toy vocabulary.
import { tokenize, embedWords, D } from '../app/toy-cross.js';

/** The target's queries meet the source's keys (and values), as the scene computes them. */
function cross(core, get, { kind = 'dot', scale = 1 / Math.sqrt(D), stretch = 1 } = {}) {
  const src = tokenize(get('source')).tokens; const tgt = tokenize(get('target')).tokens;
  const K = embedWords(src).X; const Q = embedWords(tgt).X;
  const k = stretch === 1 ? K : Float32Array.from(K, (x) => x * stretch);
  const r = core.attention({ q: Q, k, v: K, n: tgt.length, m: src.length, dk: D, kind, scale });
  return { ...r, src, tgt, n: tgt.length, m: src.length };
}
const SETUP = { source: 'le chat noir dort', target: 'the black cat is sleeping', scoring: 'scaled' };

export default [
  {
    id: 'cross-shape',
    type: 'number',
    misconception: 'Attention weights always form a square, one row and one column per word of a single sentence.',
    prompt: 'The source “le chat noir dort” has 4 words and the target “the black cat is sleeping” has 5. How many weights does cross-attention compute?',
    setup: SETUP,
    tolerance: 0,
    truth: ({ core, get }) => {
      const r = cross(core, get);
      return { value: r.weights.length, rows: [{ label: 'target words (queries)', value: r.n }, { label: 'source words (keys)', value: r.m }] };
    },
    explain: 'Every target word asks every source word once, so there are 5 × 4 = 20 weights in a 5-row, 4-column table. The table is square only when both sentences have the same length.',
  },
  {
    id: 'cross-column-sums',
    type: 'choice',
    misconception: 'Like the rows, every column of the weights adds up to 1.',
    prompt: 'Each row of the weights (one target word) adds up to 1. What do the columns (one source word each) add up to?',
    setup: SETUP,
    options: [
      { value: 'one', label: 'Also exactly 1' },
      { value: 'varies', label: 'It varies: a source word can get more or less than 1 in total' },
      { value: 'zero', label: 'They add up to 0' },
    ],
    truth: ({ core, get }) => {
      const r = cross(core, get);
      const sums = r.src.map((_, j) => r.tgt.reduce((acc, _t, i) => acc + r.weights[i * r.m + j], 0));
      const answer = sums.every((x) => Math.abs(x - 1) < 1e-4) ? 'one' : sums.every((x) => Math.abs(x) < 1e-4) ? 'zero' : 'varies';
      return { answer, rows: r.src.map((w, j) => ({ label: `column “${w}”`, value: sums[j] })) };
    },
    explain: 'Softmax normalises each target word’s row over the source words, and nothing normalises a source word’s column. The columns share one unit of weight per target word (here 5 spread over 4 source words), and a much-needed source word collects more than an ignored one.',
  },
  {
    id: 'cross-longer-keys',
    type: 'choice',
    misconception: 'Every scoring function reacts to how long the vectors are.',
    prompt: 'Every source key is made twice as long (same direction). For which scoring do the weights stay exactly the same?',
    setup: SETUP,
    options: [
      { value: 'dot', label: 'Dot product' },
      { value: 'scaled', label: 'Scaled dot product' },
      { value: 'cosine', label: 'Cosine' },
    ],
    truth: ({ core, get }) => {
      const change = (kind, scale) => {
        const a = cross(core, get, { kind, scale }).weights; const b = cross(core, get, { kind, scale, stretch: 2 }).weights;
        return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
      };
      const changes = { dot: change('dot', 1), scaled: change('dot', 1 / Math.sqrt(D)), cosine: change('cosine', 1) };
      const unchanged = Object.keys(changes).filter((k) => changes[k] < 1e-6);
      return { answer: unchanged.length === 1 ? unchanged[0] : 'none', rows: Object.entries(changes).map(([k, v]) => ({ label: `largest weight change, ${k}`, value: v })) };
    },
    explain: 'Cosine divides by both lengths, so stretching a key cancels out and the weights do not move. Dot and scaled dot scores double, which makes their softmax sharper.',
  },
];

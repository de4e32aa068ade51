// cost.js — questions for scene 7 (what attention costs). Data: ids never change; every truth is
// computed by the core (sparseAttention, attention with outputs, linearAttention).
import { mulberry32 } from '../app/rng.js';
import { costSentence } from '../app/scene-models.js';

/** The scene's sentence through the toy model (the scene's own function): q, k, v from core.matmul. */
function sentence(core) {
  const { q, k, v, n, dk } = costSentence(core);
  return { q, k, v, n, dk };
}
const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

export default [
  {
    id: 'cost-sparse-pairs',
    type: 'number',
    misconception: 'A window of ±2 keeps 5 keys per word, so 5 × 15 = 75 pairs, forgetting the words at the ends.',
    prompt: 'The sentence has 15 words. With a window of 2 and no global tokens, how many query–key pairs does the sparse pattern keep?',
    setup: { costwindow: 2, costglobals: 0 },
    tolerance: 0.5,
    truth: ({ core, get }) => {
      const s = sentence(core);
      const r = core.sparseAttention({ ...s, window: get('costwindow'), globals: [] });
      return { value: r.cols.length, rows: [{ label: 'all pairs (15 × 15)', value: s.n * s.n }] };
    },
    explain: 'Most words see themselves and two neighbours on each side, but the first and last two words have fewer neighbours. That gives 15 + 2·14 + 2·13 = 69 pairs instead of 225.',
  },
  {
    id: 'cost-tiled-exact',
    type: 'choice',
    misconception: 'Working on blocks of keys must approximate attention, like a sparse pattern does.',
    prompt: 'Tiled attention never holds all n × n weights; it walks through blocks of 64 keys with a running maximum and sum. For 300 random tokens, how does its output compare with the materialised one?',
    options: [
      { value: 'same', label: 'The same, up to float32 rounding (below 1e-5)' },
      { value: 'close', label: 'Close, but off by about 1 %' },
      { value: 'different', label: 'Clearly different' },
    ],
    truth: ({ core }) => {
      const rand = mulberry32(7); const n = 300; const d = 64;
      const x = () => Float32Array.from({ length: n * d }, () => rand() * 2 - 1);
      const args = { q: x(), k: x(), v: x(), n, dk: d };
      const full = core.attention(args).output;
      const tiled = core.attention({ ...args, outputs: ['output'] }).output;
      const err = maxDiff(tiled, full);
      return { answer: err < 1e-5 ? 'same' : err < 0.02 ? 'close' : 'different', rows: [{ label: 'largest difference', value: err }] };
    },
    explain: 'The running maximum and sum let each block be rescaled exactly when a larger score turns up later, so nothing is approximated. Only the order of the float32 additions differs, which moves the result in the last digits.',
  },
  {
    id: 'cost-linear-approx',
    type: 'choice',
    misconception: 'Linear attention is just a faster way to compute the same softmax attention.',
    prompt: 'On the 15-word sentence, does linear attention (φ = elu + 1) give the same outputs as exact softmax attention?',
    options: [
      { value: 'same', label: 'Yes, the same outputs' },
      { value: 'differs', label: 'No, it is a different weighting of the values' },
    ],
    truth: ({ core }) => {
      const s = sentence(core);
      const err = maxDiff(core.linearAttention(s).output, core.attention(s).output);
      return { answer: err > 1e-3 ? 'differs' : 'same', rows: [{ label: 'largest difference', value: err }] };
    },
    explain: 'Linear attention replaces e^(q·k) by φ(q)·φ(k), which lets the sums over keys be computed once, but it is a different similarity. Its weights are spread more evenly than softmax weights, so the outputs move.',
  },
];

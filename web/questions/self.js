// self.js — questions for scene 4 (self-attention step by step). Data: ids never change; every truth
// comes from selfModel (app/scene-models.js), the very function the scene draws, so it follows the
// model on screen: typed X and W, a head preset, positions, shuffle and mask.
import { selfModel } from '../app/scene-models.js';

/** The scene's model for the question's settings (get), with some settings replaced (patch). */
export const selfOf = (core, get, patch = {}) => selfModel(core, (name) => (name in patch ? patch[name] : get(name)));
/** Row i of an n × n table. */
const row = (a, i, n) => Array.from(a.subarray(i * n, i * n + n));

export default [
  {
    id: 'self-zero-after-softmax',
    type: 'choice',
    misconception: 'Zeroing a weight after softmax is the same as masking the key before it.',
    prompt: 'In “The cat sat”, row “sat” must not see “The”. Instead of setting the score to −∞ before softmax, we multiply The’s weight by 0 after softmax. What do the row’s weights add up to?',
    setup: { sentence: 'The cat sat', step: 6, causal: false, paint: false, mask: [], shuffle: 0 },
    reveal: { mask: [[2, 0]], step: 6 },
    options: [{ value: 'one', label: 'Still exactly 1' }, { value: 'less', label: 'Less than 1' }, { value: 'more', label: 'More than 1' }],
    truth: ({ core, get }) => {
      // the row of “sat” against the keys The, cat, sat: without the mask, then with it (the reveal)
      const masked = selfOf(core, get); const plain = selfOf(core, get, { mask: [] });
      const n = masked.n; const i = masked.tokens.indexOf('sat'); const gone = masked.tokens.indexOf('The'); const cat = masked.tokens.indexOf('cat');
      const zeroed = row(plain.r.weights, i, n).map((w, j) => (j === gone ? 0 : w));
      const total = zeroed.reduce((a, b) => a + b, 0);
      const kept = row(masked.r.weights, i, n);
      return {
        answer: Math.abs(total - 1) < 1e-6 ? 'one' : total < 1 ? 'less' : 'more',
        rows: [{ label: 'sum, zeroed after softmax', value: total }, { label: 'sum, masked before softmax', value: kept.reduce((a, b) => a + b, 0) },
          { label: 'weight of cat, zeroed after', value: zeroed[cat] }, { label: 'weight of cat, masked before', value: kept[cat] }],
      };
    },
    explain: 'Softmax already shared the whole weight among all three keys, so deleting The’s share afterwards leaves the row short of 1. Masking with −∞ before softmax lets the remaining keys split the full weight between them, which is what the scene does.',
  },
  {
    id: 'self-shuffle-cat',
    type: 'choice',
    misconception: 'Self-attention by itself knows word order, so shuffling changes each word’s output.',
    prompt: '“The cat sat” is shuffled to “sat The cat” (no position information is added). Which output row of the shuffled sentence equals the old output of “cat”?',
    setup: { sentence: 'The cat sat', step: 7, causal: false, paint: false, mask: [], positions: false, shuffle: 0 },
    reveal: { sentence: 'sat The cat', step: 7 },
    options: [{ value: '0', label: 'Row 1 (sat)' }, { value: '1', label: 'Row 2 (The)' }, { value: '2', label: 'Row 3 (cat)' }, { value: 'none', label: 'None of them: all rows change' }],
    truth: ({ core, get, before }) => {
      const old = selfOf(core, before); const now = selfOf(core, get);
      const cat = old.tokens.indexOf('cat'); const a = old.r.output; const b = now.r.output;
      const dist = now.tokens.map((_, i) => Math.hypot(b[2 * i] - a[2 * cat], b[2 * i + 1] - a[2 * cat + 1]));
      const best = dist.indexOf(Math.min(...dist));
      return { answer: dist[best] < 1e-5 ? String(best) : 'none', rows: now.tokens.map((t, i) => ({ label: `|row ${i + 1} (${t}) − old cat row|`, value: dist[i] })) };
    },
    explain: 'Without position information, each word’s output depends only on which words are present, not on where they stand. Shuffling the words just shuffles the output rows, so cat’s row moves with cat — one reason transformers add positional encodings.',
  },
  {
    id: 'self-causal-first',
    type: 'number',
    misconception: 'Under a causal mask the first word gets little or no attention at all.',
    prompt: 'Switch the causal mask on for “The cat sat on the mat”. What weight does the first word, “The”, give to itself?',
    setup: { sentence: 'The cat sat on the mat', step: 6, causal: false, paint: false, mask: [], shuffle: 0 },
    reveal: { causal: true, step: 6 },
    tolerance: 0.005,
    truth: ({ core, get }) => {
      const m = selfOf(core, get); const first = row(m.r.weights, 0, m.n);
      return { value: first[0], rows: m.tokens.map((t, j) => ({ label: `${m.tokens[0]} → ${t}`, value: first[j] })) };
    },
    explain: 'With the causal mask, the first word may only look at itself, so softmax over a single score gives it the whole weight: 1. Each later row shares its weight among itself and the words before it.',
  },
];

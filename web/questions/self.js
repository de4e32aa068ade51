// self.js — questions for scene 4 (self-attention step by step). Data: ids never change; truths
// come from the core with the scene's toy model (core.matmul for Q, K, V; core.attention).
import { tokenize, embed, flat, W_Q, W_K, W_V, D_MODEL, D_K } from '../app/toy-model.js';

/** The scene's attention for a sentence and mask. */
export function selfOf(core, sentence, mask = 'none') {
  const { tokens } = tokenize(sentence); const n = tokens.length;
  const { X } = embed(tokens);
  const [Q, K, V] = [W_Q, W_K, W_V].map((W) => core.matmul(X, flat(W), n, D_MODEL, D_K));
  return { tokens, n, ...core.attention({ q: Q, k: K, v: V, n, dk: D_K, mask }) };
}

export default [
  {
    id: 'self-zero-after-softmax',
    type: 'choice',
    misconception: 'Zeroing a weight after softmax is the same as masking the key before it.',
    prompt: 'In “The cat sat”, row “sat” must not see “The”. Instead of setting the score to −∞ before softmax, we multiply The’s weight by 0 after softmax. What do the row’s weights add up to?',
    setup: { sentence: 'The cat sat', step: 6, causal: false, paint: false, mask: [] },
    reveal: { mask: [[2, 0]], step: 6 },
    options: [{ value: 'one', label: 'Still exactly 1' }, { value: 'less', label: 'Less than 1' }, { value: 'more', label: 'More than 1' }],
    truth: ({ core, get }) => {
      const plain = selfOf(core, get('sentence'));
      const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 1, 1]);
      const masked = selfOf(core, get('sentence'), mask);
      const zeroed = [0, plain.weights[7], plain.weights[8]];
      const total = zeroed[0] + zeroed[1] + zeroed[2];
      return {
        answer: Math.abs(total - 1) < 1e-6 ? 'one' : total < 1 ? 'less' : 'more',
        rows: [{ label: 'sum, zeroed after softmax', value: total }, { label: 'sum, masked before softmax', value: masked.weights[6] + masked.weights[7] + masked.weights[8] },
          { label: 'weight of cat, zeroed after', value: zeroed[1] }, { label: 'weight of cat, masked before', value: masked.weights[7] }],
      };
    },
    explain: 'Softmax already shared the whole weight among all three keys, so deleting The’s share afterwards leaves the row short of 1. Masking with −∞ before softmax lets the remaining keys split the full weight between them, which is what the scene does.',
  },
  {
    id: 'self-shuffle-cat',
    type: 'choice',
    misconception: 'Self-attention by itself knows word order, so shuffling changes each word’s output.',
    prompt: '“The cat sat” is shuffled to “sat The cat” (no position information is added). Which output row of the shuffled sentence equals the old output of “cat”?',
    setup: { sentence: 'The cat sat', step: 7, causal: false, paint: false, mask: [] },
    reveal: { sentence: 'sat The cat', step: 7 },
    options: [{ value: '0', label: 'Row 1 (sat)' }, { value: '1', label: 'Row 2 (The)' }, { value: '2', label: 'Row 3 (cat)' }, { value: 'none', label: 'None of them: all rows change' }],
    truth: ({ core, get, before }) => {
      const old = selfOf(core, before('sentence')); const now = selfOf(core, get('sentence'));
      const cat = old.tokens.indexOf('cat');
      const dist = now.tokens.map((_, i) => Math.hypot(now.output[2 * i] - old.output[2 * cat], now.output[2 * i + 1] - old.output[2 * cat + 1]));
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
    setup: { sentence: 'The cat sat on the mat', step: 6, causal: false, paint: false, mask: [] },
    reveal: { causal: true, step: 6 },
    tolerance: 0.005,
    truth: ({ core, get }) => {
      const r = selfOf(core, get('sentence'), 'causal');
      return { value: r.weights[0], rows: r.tokens.map((t, j) => ({ label: `The → ${t}`, value: r.weights[j] })) };
    },
    explain: 'With the causal mask, the first word may only look at itself, so softmax over a single score gives it the whole weight: 1. Each later row shares its weight among itself and the words before it.',
  },
];

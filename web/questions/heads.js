// heads.js — questions for scene 6 (many heads). Data: ids never change; every truth is computed by
// the core (core.multiHead) with the scene's toy model.
import { tokenize, inputs, D_MODEL, W_Q, W_K, W_V, W_O, flat } from '../app/toy-heads.js';

const WEIGHTS = { wq: flat(W_Q), wk: flat(W_K), wv: flat(W_V), wo: flat(W_O) };
/** The scene's one multiHead call for a phrase and a head count. */
function run(core, phrase, heads) {
  const { tokens } = tokenize(phrase); const n = tokens.length;
  return { n, tokens, ...core.multiHead({ x: inputs(tokens).X, n, dModel: D_MODEL, heads, ...WEIGHTS }) };
}
const SETUP = { phrase: 'The cat sat on the mat', heads: '4', head: 1 };

export default [
  {
    id: 'heads-how-many-weights',
    type: 'number',
    misconception: 'The heads share one attention pattern, or split the words between them.',
    prompt: '“The cat sat on the mat” has 6 words. With 4 heads, how many attention weights does the layer compute in all?',
    setup: SETUP,
    tolerance: 0,
    truth: ({ core, get }) => {
      const r = run(core, get('phrase'), Number(get('heads')));
      return { value: r.weights.length, rows: [{ label: 'weights per head (6 × 6)', value: r.n * r.n }, { label: 'heads', value: r.weights.length / (r.n * r.n) }] };
    },
    explain: 'Each head compares every word with every word on its own, so each has a full 6 × 6 table and four heads make 144 weights. The heads see all the words; what differs is the slice of each word they look at.',
  },
  {
    id: 'heads-same-pattern',
    type: 'choice',
    misconception: 'All heads learn or show the same pattern, so extra heads add nothing.',
    prompt: 'With 4 heads on “The cat sat on the mat”, do the heads put their weight on the same words?',
    setup: SETUP,
    options: [{ value: 'same', label: 'Yes, all four patterns are the same' }, { value: 'different', label: 'No, the heads look at different words' }],
    truth: ({ core, get }) => {
      const r = run(core, get('phrase'), 4); const nn = r.n * r.n;
      const head = (h) => r.weights.subarray(h * nn, (h + 1) * nn);
      const diff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
      const rows = [1, 2, 3].map((h) => ({ label: `largest difference, head 1 vs head ${h + 1}`, value: diff(head(0), head(h)) }));
      return { answer: rows.every((x) => x.value < 0.05) ? 'same' : 'different', rows };
    },
    explain: 'Each head has its own slice of W_Q and W_K, so it measures a different kind of match between words. Here one head follows the previous word and another the first word, and W_O then blends what they found.',
  },
  {
    id: 'heads-concat-width',
    type: 'number',
    misconception: 'Splitting into heads makes the layer’s output narrower.',
    prompt: 'With 4 heads each head’s output for a word is only 2 numbers wide. How many numbers wide is the concatenation of the heads for one word?',
    setup: SETUP,
    tolerance: 0,
    truth: ({ core, get }) => {
      const r = run(core, get('phrase'), 4);
      return { value: r.concat.length / r.n, rows: [{ label: 'dModel', value: D_MODEL }, { label: 'output width per word', value: r.output.length / r.n }] };
    },
    explain: 'The four 2-wide head outputs are placed side by side, giving 8 numbers, the same width as the input. W_O then mixes those 8 numbers so each output dimension can draw on every head.',
  },
];

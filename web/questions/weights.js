// weights.js — questions for scene 2 (scores to weights). Data: ids never change; truths come from
// weightsModel (app/scene-models.js), the same call the scene draws.
import { weightsModel, WEIGHTS_TOKENS as TOKENS } from '../app/scene-models.js';

const LABELS = TOKENS.map((t, i) => `${t} (word ${i + 1})`);

/** The scene's weights for the current settings (query, scaling, temperature). */
export const weightsOf = (core, get) => weightsModel(core, get).weights;
const rows = (w) => TOKENS.map((t, j) => ({ label: LABELS[j], value: w[j] }));

export default [
  {
    id: 'weights-largest-after-scaling',
    type: 'choice',
    misconception: 'Dividing by √dₖ changes which word wins.',
    prompt: 'The query is “sat” and scaling is off. Once the scores are divided by √dₖ, which word gets the largest weight?',
    setup: { query: 2, scaling: false, temperature: 1 },
    reveal: { scaling: true },
    options: LABELS.map((label, i) => ({ value: String(i), label })),
    truth: ({ core, get }) => {
      const w = weightsOf(core, get);
      return { answer: String(w.indexOf(Math.max(...w))), rows: rows(w) };
    },
    explain: 'Dividing every score by the same positive number keeps their order, so the winner does not change. What changes is the margin: the weights become less one-sided.',
  },
  {
    id: 'weights-cold-temperature',
    type: 'choice',
    misconception: 'A temperature near zero switches attention off or makes all weights equal.',
    prompt: 'Query “cat”, scaling on. What happens to the weights when the temperature T is turned all the way down towards 0?',
    setup: { query: 1, scaling: true, temperature: 1 },
    reveal: { temperature: 0.1 },
    options: [
      { value: 'one', label: 'Almost all of the weight goes to the highest score' },
      { value: 'equal', label: 'They all become equal' },
      { value: 'zero', label: 'They all go to 0' },
    ],
    truth: ({ core, get }) => {
      const w = weightsOf(core, get);
      const max = Math.max(...w); const min = Math.min(...w); const sum = w.reduce((a, b) => a + b, 0);
      const answer = sum < 0.5 ? 'zero' : max > 0.9 ? 'one' : max - min < 0.05 ? 'equal' : 'other';
      return { answer, rows: rows(w) };
    },
    explain: 'Dividing the scores by a small T stretches the gaps between them, and softmax turns big gaps into nearly all-or-nothing weights. The weights still add up to 1; they just pile onto the best-matching word.',
  },
  {
    id: 'weights-sum-hot',
    type: 'number',
    misconception: 'Flatter weights add up to less (or more) than sharp ones.',
    prompt: 'Query “The”, scaling on, temperature raised to 5. What do the six weights add up to?',
    setup: { query: 0, scaling: true, temperature: 1 },
    reveal: { temperature: 5 },
    tolerance: 0.005,
    truth: ({ core, get }) => {
      const w = weightsOf(core, get);
      return { value: w.reduce((a, b) => a + b, 0), rows: rows(w) };
    },
    explain: 'Softmax divides every exponential by their total, so the weights always add up to exactly 1. Temperature only moves weight from one word to another; it never creates or removes any.',
  },
];

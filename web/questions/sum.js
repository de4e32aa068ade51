// sum.js — questions for scene 3 (weighted sum of values). Data: ids never change; truths come from
// sumModel (app/scene-models.js), the same keys, values and attention call the scene draws.
import { sumModel, SUM_TOKENS as TOKENS } from '../app/scene-models.js';

/** Keys, values, and the attention of one 2-D query, as the scene computes them. */
export const sumOf = (core, q) => sumModel(core, q);

export default [
  {
    id: 'sum-outside-triangle',
    type: 'choice',
    misconception: 'A query far enough out can push the output beyond the values.',
    prompt: 'If you drag q as far as the figure allows in any direction, can the output ever land outside the shaded triangle of the value tips?',
    options: [{ value: 'yes', label: 'Yes, with a long enough q' }, { value: 'no', label: 'No, never' }],
    truth: ({ core }) => {
      // the core's weights at the corners and edges of the drag area: all ≥ 0 and summing to 1
      // means every output is a blend of the value tips, i.e. inside the triangle
      let worst = Infinity; let sumErr = 0;
      for (const x of [-3, -1.5, 0, 1.5, 3]) for (const y of [-3, -1.5, 0, 1.5, 3]) {
        const w = sumOf(core, [x, y]).weights;
        worst = Math.min(worst, ...w); sumErr = Math.max(sumErr, Math.abs(w[0] + w[1] + w[2] - 1));
      }
      return { answer: worst >= 0 && sumErr < 1e-5 ? 'no' : 'yes', rows: [{ label: 'smallest weight seen (25 queries)', value: worst }, { label: 'largest |Σ weights − 1|', value: sumErr }] };
    },
    explain: 'The weights are never negative and always add up to 1, so the output is an average of the values. An average of three points can only lie inside the triangle they span, however extreme the query.',
  },
  {
    id: 'sum-reach-cat',
    type: 'target',
    misconception: 'The output can only ever be a small mixture; one value can never dominate.',
    prompt: 'Drag q so that “cat” gets at least 90 % of the weight, pulling the output almost onto v(cat). Lock in when you are there.',
    setup: { q3: [0.4, -2] },
    goal: { atLeast: 0.9, of: 'weight of “cat”' },
    solution: { q3: [3, -1.5] }, // one state that reaches the goal (tests; never shown)
    measure: ({ core, get }) => {
      const r = sumOf(core, get('q3'));
      return { value: r.weights[1], response: `q=(${get('q3').join(',')}); weight(cat)=${r.weights[1].toFixed(3)}`, rows: TOKENS.map((t, i) => ({ label: `weight of ${t}`, value: r.weights[i] })) };
    },
    explain: 'Pointing q along k(cat) and making it longer widens the gap between cat’s score and the others, and softmax hands cat nearly everything. The output then sits close to v(cat), the corner of the triangle.',
  },
  {
    id: 'sum-zero-query',
    type: 'number',
    misconception: 'A zero query gives a zero output, or no weights at all.',
    prompt: 'Set q = (0, 0). What weight does “sat” get?',
    setup: { q3: [0.4, -2] },
    reveal: { q3: [0, 0] },
    tolerance: 0.005,
    truth: ({ core, get }) => {
      const r = sumOf(core, get('q3'));
      return { value: r.weights[2], rows: TOKENS.map((t, i) => ({ label: `weight of ${t}`, value: r.weights[i] })) };
    },
    explain: 'A zero query scores 0 against every key, and softmax of equal scores is a uniform split: one third each. The output is then the plain average of the three values, the centre of the triangle, not the origin.',
  },
];

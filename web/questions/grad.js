// grad.js — questions for scene 8 (gradients and stability). Data: ids never change; every truth
// is computed by the core (dot, attention, softmaxJacobian, softmax with naive: true).
import { mulberry32, normals } from '../app/rng.js';

/** Mean over 8 random queries of the largest |Jacobian entry|, raw or ÷√dₖ (the scene's chart). */
function largestEntry(core, dk, seed, scaled) {
  const rand = mulberry32(seed * 7907 + dk * 31);
  const k = normals(rand, 6 * dk); const q = normals(rand, 8 * dk);
  const r = core.attention({ q, k, v: new Float32Array(6), n: 8, m: 6, dk, dv: 1, outputs: ['scores', 'scaled'] });
  const s = scaled ? r.scaled : r.scores;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += core.softmaxJacobian(s.subarray(i * 6, i * 6 + 6)).reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  return sum / 8;
}

export default [
  {
    id: 'grad-steepest',
    type: 'choice',
    misconception: 'To raise q·k fastest, q should grow along its own direction.',
    prompt: 'q = (3, 0.5) and k = (0.5, 2). You may move q by a step of length 0.1. Which direction raises q·k the most?',
    setup: { gradq: [3, 0.5], gradk: [0.5, 2] },
    options: [
      { value: 'k', label: 'Along k' },
      { value: 'q', label: 'Along q (make q longer)' },
      { value: 'across', label: 'Perpendicular to k' },
    ],
    truth: ({ core, get }) => {
      const q = get('gradq'); const k = get('gradk');
      const unit = (v) => { const n = core.norm(v); return v.map((x) => (0.1 * x) / n); };
      const gain = (d) => core.dot(q.map((x, i) => x + d[i]), k) - core.dot(q, k);
      const gains = { k: gain(unit(k)), q: gain(unit(q)), across: gain(unit([-k[1], k[0]])) };
      const answer = Object.keys(gains).reduce((a, b) => (gains[b] > gains[a] ? b : a));
      return { answer, rows: [{ label: 'along k', value: gains.k }, { label: 'along q', value: gains.q }, { label: 'across k', value: gains.across }] };
    },
    explain: 'The gradient of q·k with respect to q is k, and a gradient points where a function rises fastest. Moving across k does not change the score at all.',
  },
  {
    id: 'grad-vanish',
    type: 'choice',
    misconception: 'Larger scores give a larger learning signal through softmax.',
    prompt: 'dₖ = 512 and the scores are not divided by √dₖ. Compared with scaled scores, how large is the softmax Jacobian?',
    setup: { dk: 512 },
    options: [
      { value: 'smaller', label: 'Much smaller: the gradient nearly vanishes' },
      { value: 'same', label: 'About the same' },
      { value: 'larger', label: 'Much larger: bigger scores, bigger gradient' },
    ],
    truth: ({ core, get }) => {
      const raw = largestEntry(core, get('dk'), get('seed'), false);
      const scaled = largestEntry(core, get('dk'), get('seed'), true);
      return { answer: raw < scaled / 2 ? 'smaller' : raw > scaled * 2 ? 'larger' : 'same', rows: [{ label: 'not scaled', value: raw }, { label: '÷ √dₖ', value: scaled }] };
    },
    explain: 'Unscaled scores at dₖ = 512 spread over tens of units, so one weight takes almost everything and pᵢ(δᵢⱼ − pⱼ) is close to 0 everywhere. Dividing by √dₖ brings the spread back near 1, where softmax still responds.',
  },
  {
    id: 'grad-naive-overflow',
    type: 'number',
    misconception: 'Softmax only breaks for astronomically large scores.',
    prompt: 'Naive softmax (no subtraction of the maximum) of the two scores (x, 0), in float32. What is the smallest whole number x for which the result is NaN?',
    tolerance: 0,
    truth: ({ core }) => {
      let x = 1;
      while (x < 1000 && !Number.isNaN(core.softmax([x, 0], { naive: true })[0])) x++;
      return { value: x, rows: [{ label: `naive softmax(${x - 1}, 0)₁`, value: core.softmax([x - 1, 0], { naive: true })[0] }] };
    },
    explain: 'e^88 is about 1.65 × 10³⁸ and still fits in float32, but e^89 does not and becomes Infinity, and Infinity divided by Infinity is NaN. The stable softmax subtracts the maximum first, so its largest exponent is always e^0 = 1.',
  },
];

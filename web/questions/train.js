// train.js — questions for scene 9 (watch a head learn). Data: ids never change; every truth is
// computed by the core: a trainer (core.createTrainer) is trained with the question's settings and
// read back with evaluate(), then disposed.
import { mulberry32 } from '../app/rng.js';

const LENGTH = 6; const VOCAB = 8; // the scene's task size
const EXAMPLE = [3, 7, 1, 5, 0, 6]; // the scene's example: distinct tokens, the largest (7) at position 1
const TARGET = {
  copy: (x) => x.slice(), previous: (x) => x.map((_, i) => x[Math.max(0, i - 1)]),
  reverse: (x) => x.slice().reverse(), max: (x) => x.map(() => Math.max(...x)),
};

// training takes a moment: each truth is kept per (question, task, positions, seed) — same core, same answer
const memo = new Map();
const once = (key, f) => { if (!memo.has(key)) memo.set(key, f()); return memo.get(key); };
const keyOf = (id, get, core) => `${core.simd}|${id}|${get('task')}|${get('trainpos')}|${get('trainseed')}`;

/** A trainer with the scene's settings, trained `steps` Adam steps (or until 95 % right), then f(trainer). */
function withTrainer(core, get, patch, steps, f) {
  const t = core.createTrainer({ task: patch.task ?? get('task'), positions: patch.trainpos ?? get('trainpos'), seed: get('trainseed'), length: LENGTH, vocab: VOCAB });
  try {
    let last = { accuracy: 0 };
    for (let done = 0; done < steps && last.accuracy < 0.95; done += 50) last = t.step(50);
    return f(t, last);
  } finally { t.dispose(); }
}
/** Share of positions right on 200 fixed random sequences. */
function accuracy(t, task) {
  const rand = mulberry32(4242); let right = 0;
  for (let s = 0; s < 200; s++) {
    const x = Array.from({ length: LENGTH }, () => Math.floor(rand() * VOCAB));
    const { predicted } = t.evaluate(x); const y = TARGET[task](x);
    right += y.filter((v, i) => v === predicted[i]).length;
  }
  return right / (200 * LENGTH);
}
/** Each row's strongest key on the example -> the pattern's name (as the scene reads it). */
function patternOf(weights, n) {
  const top = Array.from({ length: n }, (_, i) => { const row = Array.from(weights.subarray(i * n, (i + 1) * n)); return row.indexOf(Math.max(...row)); });
  if (top.every((j, i) => j === i)) return 'diagonal';
  if (top.every((j, i) => j === Math.max(0, i - 1))) return 'previous';
  if (top.every((j, i) => j === n - 1 - i)) return 'anti';
  if (top.every((j) => j === top[0])) return 'column';
  return 'none';
}

export default [
  {
    id: 'train-untrained-accuracy',
    type: 'number',
    misconception: 'An untrained model gets nothing right, or already about half.',
    prompt: 'Reverse task, 6 tokens drawn from 8 symbols. Before any training, what share of the positions does the fresh model get right? (Answer as a fraction, e.g. 0.3.)',
    setup: { task: 'reverse', trainpos: 'learned' },
    tolerance: 0.08,
    truth: ({ core, get }) => once(keyOf('untrained', get, core), () => withTrainer(core, get, {}, 0, (t) => {
      const acc = accuracy(t, get('task'));
      return { value: acc, rows: [{ label: 'one symbol in 8 (pure guessing)', value: 1 / VOCAB }] };
    })),
    explain: 'A fresh model’s outputs are random guesses among 8 symbols, so about one position in eight comes out right by luck. Training has to lift it from there, which is what the loss curve shows.',
  },
  {
    id: 'train-max-pattern',
    type: 'choice',
    misconception: 'Attention always ends up looking at the word itself or its neighbours.',
    prompt: 'The head is trained on the max task (every position outputs the largest token). On the example 3 7 1 5 0 6, which pattern will its weights form?',
    setup: { task: 'max', trainpos: 'learned' },
    options: [
      { value: 'diagonal', label: 'A diagonal: each position looks at itself' },
      { value: 'previous', label: 'Each position looks one to the left' },
      { value: 'anti', label: 'An anti-diagonal' },
      { value: 'column', label: 'One column: every position looks at the same key' },
      { value: 'none', label: 'No clear pattern' },
    ],
    truth: ({ core, get }) => once(keyOf('max', get, core), () => withTrainer(core, get, {}, 3000, (t, last) => {
      const w = t.evaluate(EXAMPLE).weights;
      return { answer: patternOf(w, LENGTH), rows: [{ label: 'training accuracy reached', value: last.accuracy }, ...EXAMPLE.map((tok, j) => ({ label: `weight from position 0 to token ${tok}`, value: w[j] }))] };
    })),
    explain: 'Every position needs the same thing, the largest token, so every query learns to pick out the key of that token. All rows put their weight on one column: the position of the 7.',
  },
  {
    id: 'train-no-positions',
    type: 'choice',
    misconception: 'Attention knows the order of the tokens by itself.',
    prompt: 'With no position information (positions: none), can the head learn to reverse the sequence?',
    setup: { task: 'reverse', trainpos: 'none' },
    options: [{ value: 'yes', label: 'Yes, it just takes longer' }, { value: 'no', label: 'No, it stays far from right' }],
    truth: ({ core, get }) => once(keyOf('none', get, core), () => {
      const none = withTrainer(core, get, { trainpos: 'none' }, 1500, (t) => accuracy(t, 'reverse'));
      const learned = withTrainer(core, get, { trainpos: 'learned' }, 1500, (t) => accuracy(t, 'reverse'));
      return { answer: none < 0.5 ? 'no' : 'yes', rows: [{ label: 'accuracy, positions: none', value: none }, { label: 'accuracy, learned positions', value: learned }] };
    }),
    explain: 'Without positions, each token looks the same wherever it stands, so the head cannot tell the first word from the last and cannot know what to fetch. Add position vectors and the same head learns the anti-diagonal.',
  },
];

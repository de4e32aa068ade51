// ids.js — every scene's question ids as plain data, so a page can count the whole lesson's
// questions (report.js: "completed") before scenes 4–9 and their question files have loaded.
// Must list exactly the ids of the question files, in order (tests/js/questions.test.mjs checks).
export const QUESTION_IDS = {
  dot: ['dot-right-angle', 'dot-stretch-cosine', 'dot-compute'],
  weights: ['weights-largest-after-scaling', 'weights-cold-temperature', 'weights-sum-hot'],
  sum: ['sum-outside-triangle', 'sum-reach-cat', 'sum-zero-query'],
  self: ['self-zero-after-softmax', 'self-shuffle-cat', 'self-causal-first'],
  cross: ['cross-shape', 'cross-column-sums', 'cross-longer-keys'],
  heads: ['heads-how-many-weights', 'heads-same-pattern', 'heads-concat-width'],
  cost: ['cost-sparse-pairs', 'cost-tiled-exact', 'cost-linear-approx'],
  grad: ['grad-steepest', 'grad-vanish', 'grad-naive-overflow'],
  train: ['train-untrained-accuracy', 'train-max-pattern', 'train-no-positions'],
};

/** The ids one scene asks under a `questions` setting: 'all', 'off' or 'id,id,…'. */
export function chosenIds(ids, choice = 'all') {
  if (choice === 'off') return [];
  if (!choice || choice === 'all') return ids;
  const wanted = choice.split(',');
  // a list that names no question of this scene leaves the scene without questions
  return ids.filter((id) => wanted.includes(id));
}

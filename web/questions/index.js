// index.js — the question files, one per scene (add a line per new scene: its id and its file).
import dot from './dot.js';
import weights from './weights.js';
import sum from './sum.js';
import self from './self.js';
import cost from './cost.js';
import grad from './grad.js';

export const QUESTIONS = { dot, weights, sum, self, cost, grad };

/** The questions one scene asks under a `questions` setting: 'all', 'off' or 'id,id,…'. */
export function questionsFor(scene, choice = 'all') {
  const all = QUESTIONS[scene] ?? [];
  if (choice === 'off') return [];
  if (!choice || choice === 'all') return all;
  const wanted = choice.split(',');
  // a list that names no question of this scene leaves the scene without questions
  return all.filter((q) => wanted.includes(q.id));
}

/** Every question id, for checking links and building the dialog's choices. */
export const allQuestionIds = () => Object.values(QUESTIONS).flat().map((q) => q.id);

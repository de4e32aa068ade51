// index.js — the question files, one per scene (add a line per new scene: its id and its file).
import dot from './dot.js';
import weights from './weights.js';
import sum from './sum.js';
import self from './self.js';
import cost from './cost.js';
import grad from './grad.js';
import cross from './cross.js';
import heads from './heads.js';
import train from './train.js';
import { chosenIds } from './ids.js';

export const QUESTIONS = { dot, weights, sum, self, cross, heads, cost, grad, train };

/** The questions one scene asks under a `questions` setting: 'all', 'off' or 'id,id,…'. */
export function questionsFor(scene, choice = 'all') {
  const all = QUESTIONS[scene] ?? [];
  const ids = new Set(chosenIds(all.map((q) => q.id), choice));
  return all.filter((q) => ids.has(q.id));
}

/** Every question id, for checking links and building the dialog's choices. */
export const allQuestionIds = () => Object.values(QUESTIONS).flat().map((q) => q.id);

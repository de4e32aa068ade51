// toy-heads.js — data for scene 6 (many heads): an 8-wide input per word (scene 4's four word
// features plus position features) and hand-set W_Q, W_K, W_V, W_O (8 × 8) whose column pairs make
// four visibly different heads. Data only: the core computes every product and every weight.
import { embed, tokenize, MAX_TOKENS } from './toy-model.js';

export { tokenize, MAX_TOKENS };

export const D_MODEL = 8;
export const MODEL_DIMS = ['thing', 'action', 'function word', 'alive', 'pos cos', 'pos sin', 'first', 'one'];
// Position p as the angle p·45° on a circle: rotating a position by 45° gives the next one.
const STEP = Math.PI / 4;
const SHARP = 3; // how strongly each head's query and key are scaled: larger = sharper weights

/** What each of the four heads (columns 2h, 2h+1 of Q and K when heads = 4) looks for. */
export const HEAD_ROLES = ['the previous word', 'words of the same kind', 'the first word', 'living things'];

/** Rows (n × 8): word features, cos and sin of the position angle, a first-word flag, a constant 1. */
export function inputs(tokens) {
  const { X: words, known } = embed(tokens);
  const n = tokens.length;
  const X = new Float32Array(n * D_MODEL);
  for (let p = 0; p < n; p++) {
    X.set(words.subarray(p * 4, p * 4 + 4), p * D_MODEL);
    X.set([Math.cos(p * STEP), Math.sin(p * STEP), p === 0 ? 1 : 0, 1], p * D_MODEL + 4);
  }
  return { X, known };
}

const zeros = () => Array.from({ length: D_MODEL }, () => new Array(D_MODEL).fill(0));

// W_Q and W_K: rows are input features, columns the 8 query/key columns (x · W).
export const W_Q = (() => {
  const w = zeros();
  w[4][0] = SHARP; w[5][1] = SHARP;   // head 1: my position
  w[0][2] = SHARP; w[1][3] = SHARP;   // head 2: am I a thing, an action
  w[7][4] = SHARP;                    // head 3: a constant question, "who is first?"
  w[7][6] = SHARP;                    // head 4: a constant question, "who is alive?"
  return w;
})();
export const W_K = (() => {
  const w = zeros();
  // head 1: the key's position turned one step forward, so query p matches key p − 1
  w[4][0] = SHARP * Math.cos(STEP); w[5][0] = -SHARP * Math.sin(STEP);
  w[4][1] = SHARP * Math.sin(STEP); w[5][1] = SHARP * Math.cos(STEP);
  w[0][2] = SHARP; w[1][3] = SHARP;   // head 2: is the key a thing, an action
  w[6][4] = SHARP;                    // head 3: the first-word flag
  w[3][6] = SHARP;                    // head 4: alive
  return w;
})();
// W_V: each head carries two word features forward.
export const W_V = (() => {
  const w = zeros();
  w[0][0] = 1; w[1][1] = 1; w[0][2] = 0.5; w[1][3] = 0.5; w[2][4] = 1; w[0][5] = 1; w[3][6] = 1; w[0][7] = 0.5;
  return w;
})();
// W_O mixes the heads' columns back together: each output column takes its own column and half
// of the matching column of the next head.
export const W_O = (() => {
  const w = zeros();
  for (let i = 0; i < D_MODEL; i++) { w[i][i] = 1; w[(i + 2) % D_MODEL][i] = 0.5; }
  return w;
})();

export const flat = (rows) => Float32Array.from(rows.flat());
export const HEAD_PRESETS = ['The cat sat on the mat', 'The dog chased the cat', 'A bird sat in the tree', 'She read the book'];

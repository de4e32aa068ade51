// toy-cross.js — data for scene 5 (cross-attention): a tiny English/French vocabulary whose six
// dimensions mean something, and hand-set matrices for the bilinear and additive scores.
// Data only: every score, weight and length on the page is computed by the core.
import { tokenize, MAX_TOKENS } from './toy-model.js';

export { tokenize, MAX_TOKENS };

/** Meaning of each dimension: a word and its translation share one vector. */
export const CROSS_DIMS = ['animal', 'object', 'action', 'dark', 'big', 'function word'];
export const D = CROSS_DIMS.length;

const WORDS = [
  [['the', 'le', 'la', 'les', "l'"], [0, 0, 0, 0, 0, 1]],
  [['a', 'an', 'un', 'une'], [0, 0, 0, 0, 0, 0.8]],
  [['cat', 'chat'], [1, 0, 0, 0, -0.5, 0]],
  [['dog', 'chien'], [1, 0, 0, 0, 0.5, 0]],
  [['bird', 'oiseau'], [0.9, 0, 0, 0, -0.9, 0]],
  [['horse', 'cheval'], [1, 0, 0, 0, 1, 0]],
  [['black', 'noir', 'noire'], [0, 0, 0, 1, 0, 0]],
  [['white', 'blanc', 'blanche'], [0, 0, 0, -1, 0, 0]],
  [['big', 'grand', 'grande', 'gros'], [0, 0, 0, 0, 1, 0]],
  [['small', 'little', 'petit', 'petite'], [0, 0, 0, 0, -1, 0]],
  [['sleeps', 'sleeping', 'dort'], [0, 0, 1, 0.4, 0, 0]],
  [['is', 'est'], [0, 0, 0.6, 0, 0, 0.5]],
  [['eats', 'mange'], [0, 0, 1, 0, 0.3, 0]],
  [['runs', 'court'], [0, 0, 1, -0.3, 0.6, 0]],
  [['sees', 'voit'], [0, 0, 1, 0, 0, 0]],
  [['mat', 'tapis'], [0, 1, 0, 0, -0.3, 0]],
  [['house', 'maison'], [0, 1, 0, 0, 1, 0]],
  [['book', 'livre'], [0, 1, 0, 0, -0.5, 0]],
  [['bread', 'pain'], [0, 1, 0, 0.2, -0.6, 0]],
  [['on', 'sur', 'in', 'dans', 'under', 'sous'], [0, 0, 0.2, 0, 0, 0.7]],
  [['and', 'et'], [0, 0, 0, 0, 0, 0.9]],
];
const LEXICON = new Map(WORDS.flatMap(([words, vector]) => words.map((w) => [w, vector])));

export const CROSS_PRESETS = [
  ['le chat noir dort', 'the black cat is sleeping'],
  ['le petit chien mange le pain', 'the small dog eats the bread'],
  ['un oiseau blanc voit la maison', 'a white bird sees the house'],
];

/** Deterministic small vector for a word the vocabulary does not know. */
function guess(word) {
  let h = 2166136261;
  for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return Array.from({ length: D }, (_, i) => Number(((((h >>> ((i * 5) % 27)) & 255) / 255) * 0.6).toFixed(2)));
}

/** Row-major (words × D) vectors, and which words were known. */
export function embedWords(tokens) {
  const X = new Float32Array(tokens.length * D);
  const known = tokens.map((t, i) => {
    const key = t.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
    const row = LEXICON.get(key) ?? guess(key || t);
    X.set(row, i * D);
    return LEXICON.has(key);
  });
  return { X, known };
}

// Bilinear W (dq × dk = 7 × 6): the query carries one extra entry fixed at 1 (a bias), so the
// two sides have different widths. The identity keeps every feature matching itself; "dark" in
// the query also reaches for "animal" in the key (a colour word looks for what it colours), and
// the bias row makes function-word keys a little less attractive to every query.
export const BILINEAR_W = (() => {
  const w = Array.from({ length: D + 1 }, (_, i) => Array.from({ length: D }, (_, j) => (i === j ? 1 : 0)));
  w[3][0] = 0.8;
  w[D][5] = -0.5;
  return w;
})();

// Additive: two hidden units per feature f, tanh(2·(q_f − k_f) + 1) and tanh(−2·(q_f − k_f) + 1).
// Their sum is largest when q_f = k_f and falls off either way, so u = 1 scores a pair by how many
// features agree; the +1 comes from the query's bias entry. dh = 2·6 = 12.
export const ADDITIVE = (() => {
  const dh = 2 * D;
  const wq = Array.from({ length: dh }, () => new Array(D + 1).fill(0));
  const wk = Array.from({ length: dh }, () => new Array(D).fill(0));
  for (let f = 0; f < D; f++) {
    wq[2 * f][f] = 2; wq[2 * f][D] = 1; wk[2 * f][f] = -2;
    wq[2 * f + 1][f] = -2; wq[2 * f + 1][D] = 1; wk[2 * f + 1][f] = 2;
  }
  return { dh, wq, wk, u: new Array(dh).fill(1) };
})();

/** Queries with the bias entry appended: (n × D) -> (n × (D + 1)). */
export function withBias(X, n) {
  const out = new Float32Array(n * (D + 1));
  for (let i = 0; i < n; i++) { out.set(X.subarray(i * D, (i + 1) * D), i * (D + 1)); out[i * (D + 1) + D] = 1; }
  return out;
}

// ---- the 2-D geometry panel -----------------------------------------------------------------
// W rotates by 40° and stretches along x by 1.6 (W = S·R); the additive net has two hidden units.
const c = Math.cos((40 * Math.PI) / 180); const s = Math.sin((40 * Math.PI) / 180);
export const GEO_W = [[1.6 * c, -1.6 * s], [s, c]];
export const GEO_ADDITIVE = { dh: 2, wq: [[1.2, 0.4], [-0.3, 1.1]], wk: [[0.9, -0.5], [0.6, 1.0]], u: [1, 0.8] };

export const flat = (rows) => Float32Array.from(rows.flat());

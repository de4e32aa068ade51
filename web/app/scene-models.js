// scene-models.js — the toy models of scenes 2, 3, 4 and 7 as functions of their settings. The scene
// draws what these return and its questions (web/questions/) grade against the same call, so a
// truth always describes the model the student sees (typed X and W, head presets, positions,
// shuffle, mask). No DOM; every product comes from the core.
//   get(name): a settings reader (state.get, or the question engine's reader).
import {
  tokenize, embed, embedSelf, flat, parseEdits, permutation, W_Q, W_K, W_V, W_V_SUM, D_MODEL, D_SELF, D_K,
} from './toy-model.js';

const raise = (fn) => fn();

/**
 * Scene 4: the sentence through X (+ the core's positional encodings), typed X edits, W_Q, W_K, W_V,
 * the shuffle and the mask. attempt(fn, fallback) decides what a failing core call does (the scene
 * shows the message; the default rethrows). Rows follow the shuffled order: `order[r]` is the typed
 * word at row r; painted mask pairs are rows of that order. `typed` is the same model in the typed
 * order (only when shuffled), to compare outputs.
 */
export function selfModel(core, get, attempt = raise) {
  const { tokens: words, truncated } = tokenize(get('sentence'));
  const n = words.length;
  if (!n) return { n: 0, truncated };
  const perm = permutation(n, get('shuffle'));
  const edits = parseEdits(get('xedit'));
  const positions = get('positions'); const causal = get('causal');
  const W = ['wq', 'wk', 'wv'].map((k) => Float32Array.from(get(k)));
  const painted = get('mask').filter(([i, j]) => i < n && j < n);
  const PE = positions ? attempt(() => core.positionalEncoding({ n, d: D_SELF }), null) : null;
  const run = (order, pairs) => {
    const tokens = order.map((w) => words[w]);
    const { X: X0, known } = embedSelf(tokens);
    order.forEach((w, r) => { for (let c = 0; c < D_SELF; c++) { const e = edits.get(`${w}.${c}`); if (e !== undefined) X0[r * D_SELF + c] = e; } });
    const X = PE ? X0.map((x, i) => x + PE[i]) : X0;
    const [Q, K, V] = W.map((w) => core.matmul(X, w, n, D_SELF, D_K));
    const set = new Set(pairs.map(([i, j]) => i * n + j));
    const hidden = (i, j) => (causal && j > i) || set.has(i * n + j);
    let mask = 'none';
    if (set.size) { mask = new Uint8Array(n * n); for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mask[i * n + j] = hidden(i, j) ? 0 : 1; } else if (causal) mask = 'causal';
    const r = core.attention({ q: Q, k: K, v: V, n, dk: D_K, mask });
    return { order, tokens, known, X0, X, Q, K, V, r, hidden };
  };
  const main = attempt(() => run(perm, painted), null);
  if (!main) return { n: 0, failed: true, truncated };
  // the typed order, with painted pairs moved along with their words, to compare outputs
  const typed = get('shuffle') ? attempt(() => run(perm.map((_, i) => i), painted.map(([i, j]) => [perm[i], perm[j]])), null) : null;
  const blind = main.tokens.map((_, i) => i).filter((i) => main.tokens.every((__, j) => main.hidden(i, j)));
  return { n, words, truncated, perm, edits, positions, causal, PE, ...main, typed, blind };
}

// ---- scene 2: one query of a fixed sentence against every key ----------------------------------
export const WEIGHTS_TOKENS = ['The', 'cat', 'sat', 'on', 'the', 'mat'];

/** Q and K of scene 2's sentence (the toy model's W_Q, W_K), from core.matmul. */
export function weightsQK(core) {
  const { X } = embed(WEIGHTS_TOKENS); const n = WEIGHTS_TOKENS.length;
  return { Q: core.matmul(X, flat(W_Q), n, D_MODEL, D_K), K: core.matmul(X, flat(W_K), n, D_MODEL, D_K) };
}

/** Scene 2's scores, scaled scores and weights for the settings query, scaling, temperature. */
export function weightsModel(core, get, qk = weightsQK(core)) {
  const qi = get('query');
  return core.attention({ q: qk.Q.slice(qi * D_K, qi * D_K + D_K), k: qk.K, v: qk.K, n: 1, m: WEIGHTS_TOKENS.length, dk: D_K,
    scale: get('scaling') ? 1 / Math.sqrt(D_K) : 1, temperature: get('temperature') });
}

// ---- scene 3: one dragged query against three keys and values ------------------------------------
export const SUM_TOKENS = ['The', 'cat', 'sat'];

/** Keys (W_K) and values (W_V_SUM: a wide triangle) of scene 3's three words, from core.matmul. */
export function sumKV(core) {
  const { X } = embed(SUM_TOKENS);
  return { K: core.matmul(X, flat(W_K), 3, D_MODEL, D_K), V: core.matmul(X, flat(W_V_SUM), 3, D_MODEL, D_K) };
}

/** Scene 3's attention for a 2-D query q. */
export const sumModel = (core, q, kv = sumKV(core)) => core.attention({ q, k: kv.K, v: kv.V, n: 1, m: 3, dk: D_K });

// ---- scene 7: the accuracy sentence through scene 4's default model ------------------------------
export const COST_SENTENCE = 'The dog chased the cat and the cat ran up the tree in the park';

/** q, k, v of scene 7's sentence (toy model, default weights), from core.matmul. */
export function costSentence(core) {
  const { tokens } = tokenize(COST_SENTENCE);
  const n = tokens.length; const { X } = embed(tokens);
  const [q, k, v] = [W_Q, W_K, W_V].map((W) => core.matmul(X, flat(W), n, D_MODEL, D_K));
  return { tokens, q, k, v, n, dk: D_K };
}

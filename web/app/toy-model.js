// toy-model.js — a hand-made 4-dimensional embedding whose axes mean something, and the
// projection matrices W_Q, W_K, W_V (4×2). Data only: every product is computed by the core.

/** Meaning of each embedding dimension (columns of X). */
export const EMBED_DIMS = ['thing', 'action', 'function word', 'alive'];
/** Meaning of the 2 query/key dimensions. */
export const QK_DIMS = ['wants thing / is thing', 'wants action / is action'];
export const V_DIMS = ['v₁', 'v₂'];
export const D_MODEL = 4;
export const D_K = 2;

// A Map, not an object: a typed word such as "constructor" or "__proto__" must not find
// Object.prototype's members (issue 14: the scene broke on "The constructor sat").
const LEXICON = new Map(Object.entries({
  the: [0, 0, 1, 0], a: [0, 0, 1, 0], an: [0, 0, 1, 0], this: [0.1, 0, 0.9, 0],
  cat: [1, 0, 0, 1], dog: [1, 0, 0, 0.9], bird: [0.9, 0, 0, 1], fish: [1, 0, 0, 0.8], she: [0.6, 0, 0.4, 1], he: [0.6, 0, 0.4, 1],
  it: [0.6, 0, 0.4, 0], her: [0.4, 0, 0.6, 0.8], his: [0.3, 0, 0.7, 0.8], i: [0.6, 0, 0.4, 1], we: [0.6, 0, 0.4, 1],
  mat: [1, 0, 0, 0], hat: [1, 0, 0, 0], ball: [1, 0, 0, 0], book: [1, 0, 0, 0], tree: [1, 0, 0, 0.3], park: [1, 0, 0, 0.1],
  sat: [0, 1, 0, 0.2], ran: [0, 1, 0, 0.2], chased: [0, 1, 0, 0], saw: [0, 1, 0, 0], ate: [0, 1, 0, 0], read: [0, 1, 0, 0], slept: [0, 1, 0, 0.2], is: [0, 0.7, 0.3, 0],
  on: [0, 0.2, 0.8, 0], in: [0, 0.2, 0.8, 0], under: [0, 0.2, 0.8, 0], to: [0, 0.3, 0.7, 0], and: [0, 0, 1, 0], of: [0, 0, 1, 0],
  big: [0.3, 0, 0.5, 0], small: [0.3, 0, 0.5, 0], quickly: [0, 0.6, 0.4, 0],
}));

// Rows = embedding dims (thing, action, function, alive); columns = the 2 output dims.
export const W_Q = [[0, 1.5], [1.5, 0], [1, 0], [0, 0.5]];   // things ask for an action; actions and articles ask for a thing
export const W_K = [[1.5, 0], [0, 1.5], [-0.5, -0.5], [0.5, 0]]; // advertise "I am a thing" / "I am an action"
export const W_V = [[2, 0.5], [-1, 1.5], [0.3, 1.2], [0.2, 0]];  // what each token hands over when attended to

export const PRESETS = ['The cat sat', 'The cat sat on the mat', 'The dog chased the cat', 'She read the book', 'A bird sat in the tree'];
export const MAX_TOKENS = 16;

/** Split on whitespace; returns { tokens, truncated }. */
export function tokenize(text) {
  const all = text.trim().split(/\s+/).filter(Boolean);
  return { tokens: all.slice(0, MAX_TOKENS), truncated: all.length > MAX_TOKENS };
}

/** Deterministic small embedding for a word the lexicon does not know. */
function guess(word) {
  let h = 2166136261;
  for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return [0, 1, 2, 3].map((i) => Number((((h >>> (i * 8)) & 255) / 255 * 0.8).toFixed(2)));
}

/** Row-major X (n × 4) plus which rows were guessed. */
export function embed(tokens) {
  const X = new Float32Array(tokens.length * D_MODEL);
  const known = tokens.map((t, i) => {
    const key = t.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
    const row = LEXICON.get(key) ?? guess(key || t);
    X.set(row, i * D_MODEL);
    return LEXICON.has(key);
  });
  return { X, known };
}

export const flat = (m) => Float32Array.from(m.flat());

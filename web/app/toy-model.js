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

// Scene 3's values: the same words, a value matrix chosen so that v(The), v(cat), v(sat) span a
// wide triangle (with W_V they lie almost on one line, and the hull would be a sliver).
export const W_V_SUM = [[2, -0.5], [0.3, 2], [-1.5, -1], [0, 0]];

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

// ---- scene 4's model: two position columns in front of the four meaning columns ----------------
// X has D_SELF = 6 columns. The first two are 0 for every word until positions are switched on;
// then the sinusoidal encoding PE (n × 6, from the core) is added to all six columns, and its
// fastest pair (sin pos, cos pos: one radian per word) lands in those free columns, so a head can
// read word order there without it being mixed into what the words mean.
export const SELF_DIMS = ['pos₁', 'pos₂', ...EMBED_DIMS];
export const D_SELF = SELF_DIMS.length;
const padRows = (w) => [[0, 0], [0, 0], ...w];
const C1 = Math.cos(1); const S1 = Math.sin(1);
const r2 = (x) => Number(x.toFixed(2));

/**
 * Recognisable heads, as data: each preset is W_Q, W_K, W_V (6 × 2, row-major) and the switches
 * it needs. Every product is still computed by the core; nothing here is a code path.
 */
export const HEADS = [
  { id: 'content', label: 'Meaning (default)', positions: false, causal: false,
    wq: padRows(W_Q), wk: padRows(W_K), wv: padRows(W_V),
    note: 'Things look for actions, actions and articles look for things.' },
  { id: 'previous', label: 'Previous word', positions: true, causal: true,
    // q_i = 5·(cos(i−1), sin(i−1)) and k_j = (cos j, sin j), read from the position columns,
    // so q_i·k_j = 5·cos(i − 1 − j): largest when j = i − 1
    wq: [[r2(5 * S1), r2(5 * C1)], [r2(5 * C1), r2(-5 * S1)], [0, 0], [0, 0], [0, 0], [0, 0]],
    wk: [[0, 1], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0]], wv: padRows(W_V),
    note: 'Reads only the position columns: each word looks one place back. The position columns turn one radian per word, so after about six words the pattern starts to repeat faintly.' },
  { id: 'kind', label: 'Same kind of word', positions: false, causal: false,
    wq: padRows([[2, 0], [0, 2], [-1.4, -1.4], [0, 0]]), wk: padRows([[2, 0], [0, 2], [-1.4, -1.4], [0, 0]]), wv: padRows(W_V),
    note: 'W_Q = W_K: things match things, actions match actions, function words match function words.' },
  { id: 'sink', label: 'First word (a sink)', positions: true, causal: false,
    // every query is (alive + cos(pos/465))·4 ≥ 4 along axis 1; every key is (cos pos, 0): the
    // first word (cos 0 = 1) wins
    wq: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [4, 0]], wk: [[0, 0], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0]], wv: padRows(W_V),
    note: 'Every query points the same way and only the first word’s key points back: attention with nothing better to do piles onto the first word, as in large language models.' },
  { id: 'uniform', label: 'Uniform', positions: false, causal: false,
    wq: padRows([[0, 0], [0, 0], [0, 0], [0, 0]]), wk: padRows(W_K), wv: padRows(W_V),
    note: 'W_Q = 0: every query is zero, every score is 0, and softmax shares the weight equally.' },
];
export const DEFAULT_HEAD = HEADS[0];
export const headById = (id) => HEADS.find((p) => p.id === id);

/** Row-major X (n × 6): the meaning columns from the lexicon, position columns 0. */
export function embedSelf(tokens) {
  const { X, known } = embed(tokens);
  const n = tokens.length; const out = new Float32Array(n * D_SELF);
  for (let i = 0; i < n; i++) out.set(X.subarray(i * D_MODEL, i * D_MODEL + D_MODEL), i * D_SELF + 2);
  return { X: out, known };
}

/** Typed edits of X ('row.col:value,…', as kept in the link) -> Map('row.col' -> value). */
export function parseEdits(text) {
  const edits = new Map();
  for (const part of String(text || '').split(',')) {
    const m = /^(\d{1,2})\.(\d):(-?\d+(?:\.\d+)?)$/.exec(part.trim());
    if (m && Number(m[1]) < MAX_TOKENS && Number(m[2]) < D_SELF) edits.set(`${Number(m[1])}.${Number(m[2])}`, Number(m[3]));
  }
  return edits;
}
export const formatEdits = (edits) => [...edits].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, v]) => `${k}:${v}`).join(',');

/** The permutation of n words for a shuffle seed (0 = original order); never the identity for n > 1. */
export function permutation(n, seed) {
  const p = Array.from({ length: n }, (_, i) => i);
  if (!seed || n < 2) return p;
  let s = (seed * 2654435761) >>> 0;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  do {
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [p[i], p[j]] = [p[j], p[i]]; }
  } while (p.every((x, i) => x === i));
  return p;
}

// attention-core.d.ts — the public contract of web/attention-core.js.
//
// All computation runs in float32 inside the WebAssembly core. Matrices are
// flat, row-major. Bad input throws a TypeError (not numeric at all) or a
// RangeError (wrong shape, NaN/±Infinity, out-of-range parameter) whose message
// starts with the argument's name, e.g. "k: expected 12 values (m × dk = 3 × 4), got 10".
// The core keeps working after an error.

/** A vector or a flat row-major matrix. */
export type Numbers = Float32Array | ArrayLike<number>;

/** 'none', 'causal' (query i sees keys 0..i), or n×m values: 1 = visible, 0 = hidden. */
export type Mask = 'none' | 'causal' | Uint8Array;

export interface AttentionOptions {
  /** Queries, n × dk. */
  q: Numbers;
  /** Keys, m × dk. */
  k: Numbers;
  /** Values, m × dv. */
  v: Numbers;
  /** Number of queries (positive integer). */
  n: number;
  /** Number of keys and values; defaults to n. m ≠ n is cross-attention. */
  m?: number;
  /** Query/key width. */
  dk: number;
  /** Value width; defaults to dk. */
  dv?: number;
  /** Multiplies the scores; defaults to 1/√dk. Any finite number. */
  scale?: number;
  /** Divides the scaled scores before softmax; finite and > 0. Defaults to 1. */
  temperature?: number;
  /** Defaults to 'none'. */
  mask?: Mask;
}

export interface AttentionResult {
  /** Q·Kᵀ, n × m. */
  scores: Float32Array;
  /** scores × scale, n × m. */
  scaled: Float32Array;
  /** softmax(scaled / temperature) per row over visible keys, n × m. Hidden keys are exactly 0;
   *  a row with every key hidden is all zeros. */
  weights: Float32Array;
  /** weights · V, n × dv. */
  output: Float32Array;
}

// ---- scoring functions and multi-head attention ------------------------------

/** How a query is scored against a key. */
export type ScoreKind = 'dot' | 'cosine' | 'bilinear' | 'additive';

/**
 * The scoring inputs. Each kind takes its own matrices and no others: passing `w` with 'dot'
 * (or `u` with 'bilinear', `dh` with 'cosine' …) is a RangeError, leaving one out a TypeError.
 */
export interface ScoreOptions {
  /** Queries, n × dq. */
  q: Numbers;
  /** Keys, m × dk. */
  k: Numbers;
  n: number;
  /** Defaults to n. */
  m?: number;
  /** Key width. */
  dk: number;
  /** Query width; defaults to dk. Must equal dk for 'dot' and 'cosine'. */
  dq?: number;
  /**
   * 'dot'       q_i · k_j
   * 'cosine'    q_i · k_j / (|q_i| |k_j|); a zero row of q or k throws, naming it and the row
   * 'bilinear'  q_iᵀ W k_j (Luong's "general")
   * 'additive'  uᵀ tanh(Wq q_i + Wk k_j) (Bahdanau)
   * Defaults to 'dot'.
   */
  kind?: ScoreKind;
  /** 'bilinear' only: dq × dk. */
  w?: Numbers;
  /** 'additive' only: dh × dq. */
  wq?: Numbers;
  /** 'additive' only: dh × dk. */
  wk?: Numbers;
  /** 'additive' only: dh values. */
  u?: Numbers;
  /** 'additive' only: the hidden width; defaults to u.length. */
  dh?: number;
}

/** attention() with a scoring kind: scores by `kind`, then scale, softmax and weights · V as before. */
export interface KindAttentionOptions extends ScoreOptions {
  /** Values, m × dv. */
  v: Numbers;
  /** Value width; defaults to dk. */
  dv?: number;
  /** Multiplies the scores; defaults to 1/√dk for 'dot' and to 1 for the other kinds. */
  scale?: number;
  temperature?: number;
  mask?: Mask;
}

export interface MultiHeadOptions {
  /** The queries' input, n × dModel. */
  x: Numbers;
  n: number;
  dModel: number;
  /** Number of heads; must divide dModel. Head h owns columns h·dh … (h+1)·dh − 1, dh = dModel / heads. */
  heads: number;
  /** dModel × dModel each, applied as x · W. */
  wq: Numbers;
  wk: Numbers;
  wv: Numbers;
  /** Mixes the concatenated heads back: output = concat · wo. */
  wo: Numbers;
  /** Defaults to 'none'; n × m values when explicit. */
  mask?: Mask;
  /** The keys' and values' input, m × dModel (cross-attention). Defaults to x (m = n). */
  source?: Numbers;
  /** Rows of source; defaults to source.length / dModel. */
  m?: number;
}

export interface MultiHeadResult {
  /** x · wq, n × dModel. */
  q: Float32Array;
  /** source · wk, m × dModel. */
  k: Float32Array;
  /** source · wv, m × dModel. */
  v: Float32Array;
  /** heads × n × m: head h's softmax(Q_h K_hᵀ / √dh) over visible keys. */
  weights: Float32Array;
  /** n × dModel: head h's weights · V_h in columns h·dh … (h+1)·dh − 1. */
  concat: Float32Array;
  /** concat · wo, n × dModel. */
  output: Float32Array;
}

export interface Core {
  /** True when the WASM SIMD build is running. */
  readonly simd: boolean;
  /** a·b (float32 accumulation). a and b: equal length ≥ 1. */
  dot(a: Numbers, b: Numbers): number;
  /** |a|. */
  norm(a: Numbers): number;
  /** a·b / (|a||b|) in [-1, 1]; throws for a zero vector. */
  cosine(a: Numbers, b: Numbers): number;
  /** The angle between a and b in radians, [0, π]; throws for a zero vector. */
  angle(a: Numbers, b: Numbers): number;
  /** The projection of k onto q, (q·k / |q|²) q; throws for q = 0. */
  project(k: Numbers, q: Numbers): Float64Array;
  /** softmax(x / temperature) of one vector. */
  softmax(x: Numbers, options?: { temperature?: number }): Float32Array;
  /** A (n × k) · B (k × m), row-major, as n × m. */
  matmul(a: Numbers, b: Numbers, n: number, k: number, m: number): Float32Array;
  /** Scaled dot-product attention with every intermediate. */
  attention(options: AttentionOptions): AttentionResult;
  /** Attention whose scores come from a scoring kind (or with dq ≠ dk). */
  attention(options: KindAttentionOptions): AttentionResult;
  /** Scores of every query against every key, n × m. */
  scores(options: ScoreOptions): Float32Array;
  /** Multi-head attention, self (no source) or cross, with every intermediate. */
  multiHead(options: MultiHeadOptions): MultiHeadResult;
  /** Current WebAssembly memory size in bytes (constant across calls of a fixed shape). */
  memoryBytes(): number;
}

/** Loads the core (once per build; every caller shares it). simd: false forces the baseline build. */
export function loadCore(options?: { simd?: boolean }): Promise<Core>;

/** True when the engine validates a WebAssembly SIMD module. */
export function simdSupported(): boolean;

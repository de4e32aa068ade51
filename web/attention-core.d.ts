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
  /**
   * Sinusoidal position encodings (Vaswani et al. 2017), n × d row-major: column 2i is
   * sin(pos / 10000^(2i/d)), column 2i+1 is cos of the same angle. n, d positive integers with
   * n·d ≤ 2^26; otherwise a RangeError naming n, d or "n × d".
   */
  positionalEncoding(options: { n: number; d: number }): Float32Array;
  /** Current WebAssembly memory size in bytes (constant across calls of a fixed shape). */
  memoryBytes(): number;
}

/** Loads the core (once per build; every caller shares it). simd: false forces the baseline build. */
export function loadCore(options?: { simd?: boolean }): Promise<Core>;

/** True when the engine validates a WebAssembly SIMD module. */
export function simdSupported(): boolean;

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
  /** Which results to return; defaults to all four. ['output'] alone runs exact attention tiled
   *  over blocks of keys with an online softmax (FlashAttention style): no n × m matrix is ever
   *  held, memory O((n + m)(dk + dv)), and the output equals the materialised one within 1e-5
   *  relative to Σ|w v|. */
  outputs?: ReadonlyArray<AttentionOutputName>;
}

export type AttentionOutputName = 'scores' | 'scaled' | 'weights' | 'output';

/** With every output (the default), the four arrays are views of one new ArrayBuffer (one
 *  allocation per call); copy one (`.slice()`) before transferring its buffer elsewhere. */
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

// ---- issue 10: cost and stability ----

export interface SparseAttentionOptions {
  /** Queries, keys (n × dk) and values (n × dv): self-attention, m = n. */
  q: Numbers;
  k: Numbers;
  v: Numbers;
  n: number;
  dk: number;
  /** Defaults to dk. */
  dv?: number;
  /** Key j is visible to query i when |i − j| ≤ window. Non-negative integer, default 1. */
  window?: number;
  /** Token indices (distinct, in 0..n−1) that see every key and are seen by every query. Default []. */
  globals?: ArrayLike<number>;
  /** > 0: also keys with (i − j) mod stride = 0. Non-negative integer, default 0 (off). */
  stride?: number;
  /** Also only keys j ≤ i. Default false. */
  causal?: boolean;
  /** Defaults to 1/√dk. */
  scale?: number;
  /** Defaults to 1. */
  temperature?: number;
}

export interface SparseAttentionResult {
  /** CSR row starts, n + 1: row i's entries are rowStart[i] … rowStart[i+1] − 1. */
  rowStart: Int32Array;
  /** Visible key of each entry, ascending within a row (nnz). */
  cols: Int32Array;
  /** Softmax weight of each entry over its row's visible keys (nnz). */
  weights: Float32Array;
  /** n × dv: equal to attention() with this pattern as a mask. */
  output: Float32Array;
}

export interface LinearAttentionOptions {
  q: Numbers;
  k: Numbers;
  v: Numbers;
  n: number;
  /** Defaults to n; must equal n when causal. */
  m?: number;
  dk: number;
  dv?: number;
  /** Sums over keys j ≤ i only (prefix sums). Default false. */
  causal?: boolean;
}

export interface Core {
  /** True when the WASM SIMD build is running. */
  readonly simd: boolean;
  /** True when that build runs the relaxed-SIMD (FMA) gemm and softmax kernels. */
  readonly relaxed: boolean;
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
  /** softmax(x / temperature) of one vector. naive: true skips the max subtraction, exactly as
   *  exp(x_i/T) / Σ exp(x_j/T) in float32: where e^(x/T) overflows (x/T > 88.72) the result holds
   *  Infinity or NaN on purpose. The only call whose result may be non-finite. */
  softmax(x: Numbers, options?: { temperature?: number; naive?: boolean }): Float32Array;
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
  attention<K extends AttentionOutputName>(options: AttentionOptions & { outputs: ReadonlyArray<K> }): Pick<AttentionResult, K>;
  /** Self-attention over a local window, global tokens and a stride, as CSR rows; time and memory
   *  grow with the number of visible pairs, not with n². */
  sparseAttention(options: SparseAttentionOptions): SparseAttentionResult;
  /** φ(x) = elu(x) + 1 linear attention (Katharopoulos et al. 2020): out_i = φ(q_i)ᵀS / φ(q_i)ᵀz,
   *  S = Σ φ(k_j) v_jᵀ, z = Σ φ(k_j); time O((n + m)·dk·dv). Not softmax attention. */
  linearAttention(options: LinearAttentionOptions): { output: Float32Array };
  /** The Jacobian of p = softmax(x / T): J_ij = p_i (δ_ij − p_j) / T, len × len row-major. */
  softmaxJacobian(x: Numbers, options?: { temperature?: number }): Float32Array;
  /** Current WebAssembly memory size in bytes (constant across calls of a fixed shape). */
  memoryBytes(): number;
}

/**
 * Loads the core (once per build; every caller shares it). simd: false forces the baseline build;
 * relaxed: false keeps the SIMD build's own kernels where relaxed SIMD is available.
 */
export function loadCore(options?: { simd?: boolean; relaxed?: boolean }): Promise<Core>;

/** True when the engine validates a WebAssembly SIMD module. */
export function simdSupported(): boolean;

/** True when the engine validates relaxed SIMD (f32x4.relaxed_madd with its standard opcode). */
export function relaxedSimdSupported(): boolean;

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

// ---- issue 12: attention backward and the trainer --------------------------------------------

export interface AttentionBackwardOptions extends AttentionOptions {
  /** The upstream gradient dL/d(output), n × dv. */
  dOutput: Numbers;
}

export interface AttentionGradients {
  /** dL/dQ, n × dk. */
  dq: Float32Array;
  /** dL/dK, m × dk. Keys no query sees get exactly 0. */
  dk: Float32Array;
  /** dL/dV, m × dv. Keys no query sees get exactly 0. */
  dv: Float32Array;
}

export type TrainerTask = 'copy' | 'previous' | 'reverse' | 'max';

export interface TrainerOptions {
  /** copy: y_i = x_i; previous: y_i = x_{i−1}, y_0 = x_0; reverse: y_i = x_{length−1−i};
   *  max: y_i = the largest token of the sequence. */
  task: TrainerTask;
  /** Sequence length, integer 2…16; default 6. */
  length?: number;
  /** Token count, integer 2…64; default 8. Tokens are uniform in [0, vocab). */
  vocab?: number;
  /** Model width, integer 4…64; default 16. */
  dModel?: number;
  /** Position vectors added to the token embeddings: learned (trained), sinusoidal (fixed) or none. */
  positions?: 'learned' | 'sinusoidal' | 'none';
  /** Seeds the trainer's own PRNG (initial parameters and batches); integer 0…2³²−1; default 1. */
  seed?: number;
  /** Sequences per Adam step, integer 1…512; default 32. */
  batch?: number;
  /** Adam's learning rate, finite and > 0; default 0.01. */
  lr?: number;
}

export interface TrainerStepResult {
  /** Adam steps taken so far. */
  step: number;
  /** Mean cross-entropy of the last batch (every position). */
  loss: number;
  /** Share of the last batch's positions predicted right, 0…1. */
  accuracy: number;
}

export interface TrainerParameters {
  /** d × d each, row-major: Q = h · wq. */
  wq: Float32Array; wk: Float32Array; wv: Float32Array; wo: Float32Array;
  /** vocab × d. */
  embed: Float32Array;
  /** length × d (the sinusoidal table when fixed); empty for positions 'none'. */
  pos: Float32Array;
  /** d × vocab. */
  unembed: Float32Array;
}

export interface Trainer {
  /** The options, defaults filled in. */
  readonly options: Readonly<Required<TrainerOptions>>;
  /** True once dispose() has run. */
  readonly disposed: boolean;
  /** count (1…100000, default 1) Adam steps on fresh batches. */
  step(count?: number): TrainerStepResult;
  /** One sequence of `length` integer tokens in [0, vocab): its attention weights (length × length) and the
   *  predicted token at each position. */
  evaluate(tokens: ArrayLike<number>): { weights: Float32Array; predicted: Int32Array };
  /** Copies of every tensor. */
  parameters(): TrainerParameters;
  /** Frees the trainer's core memory; every later call throws. Calling it twice is harmless. */
  dispose(): void;
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
  /** Attention whose scores come from a scoring kind (or with dq ≠ dk). */
  attention(options: KindAttentionOptions): AttentionResult;
  /** Scores of every query against every key, n × m. */
  scores(options: ScoreOptions): Float32Array;
  /** Multi-head attention, self (no source) or cross, with every intermediate. */
  multiHead(options: MultiHeadOptions): MultiHeadResult;
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
  /** Gradients of Σ(output ⊙ dOutput) for the same forward pass as attention(). */
  attentionBackward(options: AttentionBackwardOptions): AttentionGradients;
  /** A one-layer, one-head, attention-only model trained with Adam in the core. */
  createTrainer(options: TrainerOptions): Trainer;
  /** How many trainers have not been disposed. */
  trainersLive(): number;
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

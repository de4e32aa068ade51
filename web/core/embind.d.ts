// embind.d.ts — the raw WebAssembly module that src/bindings/embind.cpp builds
// (web/build/attention-core-<simd|baseline>.mjs), typed by hand as squoosh types
// its codecs (webp_enc.d.ts). Only web/core/*, web/attention-core.js and the
// benchmark touch this interface; everyone else uses attention-core.d.ts.
//
// Conventions of every entry point:
// - arguments named like `q`, `out`, `scores` are byte addresses in the heap, laid out by
//   web/core/arena.js (arena.layout / arena.call); sizes are element counts;
// - the return value is a Status; on failure lastError() holds a message naming the argument;
// - results are written to the output addresses, never returned.
// Adding an entry point: declare `_ax_<name>` at the end of AttentionCoreModule, with the
// parameters of its `AX_ENTRY int ax_<name>(...)` in embind.cpp.

/** A byte address in the module's heap (0 = none). */
export type Address = number;

/** What an entry point returns: one of the STATUS_* constants. */
export type Status = number;

/** One of the MASK_* constants. */
export type MaskCode = number;
/** One of the SCORE_* constants. */
export type ScoreCode = number;

export interface AttentionCoreModule {
  // ---- memory
  readonly HEAPU8: Uint8Array;
  readonly HEAPF32: Float32Array;
  readonly HEAPF64: Float64Array;
  /** Allocates `bytes` (a 32-bit size: never pass 2^32 or more; it would wrap). 0 when full. */
  _malloc(bytes: number): Address;
  _free(address: Address): void;

  // ---- constants (emscripten::constant in embind.cpp)
  readonly STATUS_OK: Status;
  /** A shape, a value or a parameter out of range: the loader throws a RangeError. */
  readonly STATUS_RANGE_ERROR: Status;
  /** Input that is not numeric: a TypeError. */
  readonly STATUS_TYPE_ERROR: Status;
  /** Anything else (e.g. out of memory inside the core): an Error. */
  readonly STATUS_ERROR: Status;
  readonly MASK_NONE: MaskCode;
  /** Query i sees keys 0..i. */
  readonly MASK_CAUSAL: MaskCode;
  /** n·m bytes at `mask`: 1 visible, 0 hidden. */
  readonly MASK_EXPLICIT: MaskCode;
  /** The most memory this module can ever have, in bytes. */
  readonly HEAP_MAX_BYTES: number;
  /** Scoring kinds of _ax_scores and _ax_attention_kind. */
  readonly SCORE_DOT: ScoreCode;
  readonly SCORE_COSINE: ScoreCode;
  readonly SCORE_BILINEAR: ScoreCode;
  readonly SCORE_ADDITIVE: ScoreCode;

  // ---- module queries
  /** The message of the last failed call. */
  lastError(): string;
  /** True when the kernels are the WebAssembly SIMD ones. */
  simd(): boolean;
  /**
   * Relaxed SIMD: makes the core call the functions in these two function-table slots (the FMA
   * gemm and softmax of attention-kernels-relaxed.wasm, added by the loader) in place of its own;
   * 0, 0 restores its own. A slot holding another signature traps at the first call.
   */
  useKernels(gemmSlot: number, softmaxSlot: number): void;
  /** The Emscripten module's exports; the loader finds its Memory and function Table here. */
  readonly asm: Record<string, unknown>;

  // ---- entry points: AX_ENTRY exports of embind.cpp, plain wasm calls
  //      (float32 inputs; geometry results are float64)
  /** *out (f64) = a·b */
  _ax_dot(a: Address, b: Address, len: number, out: Address): Status;
  /** *out (f64) = |a| */
  _ax_norm(a: Address, len: number, out: Address): Status;
  /** *out (f64) = cos θ */
  _ax_cosine(a: Address, b: Address, len: number, out: Address): Status;
  /** *out (f64) = θ in radians */
  _ax_angle(a: Address, b: Address, len: number, out: Address): Status;
  /** out (len f64) = (q·k / |q|²) q */
  _ax_project(k: Address, q: Address, len: number, out: Address): Status;
  /** out (rows × cols f32) = softmax(x / temperature) per row; out may equal x. */
  _ax_softmax(x: Address, rows: number, cols: number, temperature: number, out: Address): Status;
  /** out (n × m) = a (n × k) · b (k × m), row-major f32. */
  _ax_matmul(a: Address, b: Address, n: number, k: number, m: number, out: Address): Status;
  /**
   * Attention of q (n × dk), k (m × dk), v (m × dv); every intermediate to its own address:
   * scores, scaled, weights (n × m f32 each) and output (n × dv f32).
   */
  _ax_attention(q: Address, k: Address, v: Address, n: number, m: number, dk: number, dv: number,
    scale: number, temperature: number, maskKind: MaskCode, mask: Address,
    scores: Address, scaled: Address, weights: Address, output: Address): Status;
  /**
   * Scores (n × m f32) of q (n × dq) against k (m × dk) by kind. Only the kind's own matrices are
   * non-zero addresses: w (dq × dk) for bilinear; wq (dh × dq), wk (dh × dk), u (dh) for additive;
   * dh = 0 for every other kind.
   */
  _ax_scores(q: Address, k: Address, n: number, m: number, dq: number, dk: number, dh: number,
    kind: ScoreCode, w: Address, wq: Address, wk: Address, u: Address, out: Address): Status;
  /** _ax_attention with scores by kind (arguments as _ax_scores), the same four results. */
  _ax_attention_kind(q: Address, k: Address, v: Address, n: number, m: number, dq: number, dk: number,
    dv: number, dh: number, kind: ScoreCode, w: Address, wq: Address, wk: Address, u: Address,
    scale: number, temperature: number, maskKind: MaskCode, mask: Address,
    scores: Address, scaled: Address, weights: Address, output: Address): Status;
  /**
   * Multi-head attention of x (n × d) over source (m × d; 0 = x, m = n) with wq, wk, wv, wo (d × d):
   * q (n × d), k, v (m × d), weights (heads × n × m), concat and output (n × d), f32.
   */
  _ax_multi_head(x: Address, source: Address, n: number, m: number, dModel: number, heads: number,
    wq: Address, wk: Address, wv: Address, wo: Address, maskKind: MaskCode, mask: Address,
    q: Address, k: Address, v: Address, weights: Address, concat: Address, output: Address): Status;
  /** out (f32, n·d) = sinusoidal position encodings: sin on even columns, cos on odd, base 10000 */
  _ax_positional_encoding(n: number, d: number, out: Address): Status;

  // ---- issue 10: cost and stability
  /** output (n × dv f32) of attention, tiled over key blocks with an online softmax (no n × m buffer). */
  _ax_attention_output(q: Address, k: Address, v: Address, n: number, m: number, dk: number, dv: number,
    scale: number, temperature: number, maskKind: MaskCode, mask: Address, output: Address): Status;
  /**
   * Sparse self-attention (m = n); window, stride: integers ≥ 0; globals: globalsCount int32;
   * causal: 0 or 1. info (5 × u32) = nnz, then the addresses of rowStart (n + 1 i32), cols (nnz i32),
   * weights (nnz f32) and output (n × dv f32), valid until the next sparse call.
   */
  _ax_sparse_attention(q: Address, k: Address, v: Address, n: number, dk: number, dv: number,
    window: number, globals: Address, globalsCount: number, stride: number, causal: number,
    scale: number, temperature: number, info: Address): Status;
  /** output (n × dv f32) of φ = elu + 1 linear attention; causal: 0 or 1 (needs m = n). */
  _ax_linear_attention(q: Address, k: Address, v: Address, n: number, m: number, dk: number, dv: number,
    causal: number, output: Address): Status;
  /** out (len × len f32) = the Jacobian of softmax(x / temperature). */
  _ax_softmax_jacobian(x: Address, len: number, temperature: number, out: Address): Status;
  /** out (len f32) = exp(x/T) / Σ exp(x/T) without the max subtraction: may hold Infinity / NaN. */
  _ax_softmax_naive(x: Address, len: number, temperature: number, out: Address): Status;
  // ---- issue 12: attention backward and the trainer
  /** dq (n × dk), dk (m × dk), dv (m × dv): gradients of Σ(output ⊙ dOutput) for _ax_attention's forward. */
  _ax_attention_backward(q: Address, k: Address, v: Address, dOutput: Address, n: number, m: number,
    dk: number, dv: number, scale: number, temperature: number, maskKind: MaskCode, mask: Address,
    dq: Address, dkOut: Address, dvOut: Address): Status;
  /** A new trainer; its int32 handle is written at handleOut. task: TASK_*, positions: POSITIONS_*. */
  _ax_trainer_create(task: number, positions: number, length: number, vocab: number, dModel: number,
    seed: number, batch: number, lr: number, handleOut: Address): Status;
  /** count Adam steps; out (3 f64) = step, loss, accuracy. */
  _ax_trainer_step(handle: number, count: number, out: Address): Status;
  /** tokens (count int32) -> weights (length × length f32), predicted (length int32). */
  _ax_trainer_evaluate(handle: number, tokens: Address, count: number, weights: Address, predicted: Address): Status;
  /** out (f32) = wq, wk, wv, wo, embed, pos, unembed back to back. */
  _ax_trainer_parameters(handle: number, out: Address): Status;
  /** Frees the trainer; an unknown handle is ignored. */
  _ax_trainer_dispose(handle: number): Status;
  /** The index of the first NaN or ±Infinity among count floats at x, or count. */
  _ax_first_nonfinite(x: Address, count: number): number;
  readonly TASK_COPY: number;
  readonly TASK_PREVIOUS: number;
  readonly TASK_REVERSE: number;
  readonly TASK_MAX: number;
  readonly POSITIONS_LEARNED: number;
  readonly POSITIONS_SINUSOIDAL: number;
  readonly POSITIONS_NONE: number;
  /** Trainers not yet disposed. */
  trainersLive(): number;
}

/** Emscripten's settings for the factory (the loader passes wasmBinary under Node). */
export interface ModuleSettings {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** The default export of web/build/attention-core-<flavour>.mjs (-sMODULARIZE -sEXPORT_ES6). */
export default function createAttentionCore(settings?: ModuleSettings): Promise<AttentionCoreModule>;

// attention-core.js — loads the WebAssembly attention core and exposes its JS API.
//
// One ES module for browsers (served over http) and Node ≥ 20:
//
//   import { loadCore } from './attention-core.js';
//   const core = await loadCore();         // SIMD build where the engine validates it
//   core.attention({ q, k, v, n, dk });   // -> { scores, scaled, weights, output }
//
// The types are in attention-core.d.ts. Every number comes from the C++ core;
// this file only checks arguments, moves arrays in and out of the module's
// heap, and turns the core's error codes into Error objects.

import { createArena } from './core/arena.js';
import {
  attentionShape, checkDimension, checkMask, checkOptions, checkTemperature, describe, input, matchLength, option,
  qkvInputs, queryKeyShape, softmaxOptions, typedArrayLength, typedArrayType, vectorLength, writeInput, writeMask,
} from './core/arguments.js';
import { moduleConstants, statusChecker } from './core/module.js';
import * as cost from './core/cost.js';
import { Trainer } from './core/trainer.js';

const SIMD_PROBE = new Uint8Array([
  // (module (func (result v128) (v128.const i32x4 0 0 0 0)))
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** True when this engine accepts WebAssembly SIMD (128-bit) modules. */
export function simdSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

const RELAXED_PROBE = new Uint8Array([
  // (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))))
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

/** True when this engine accepts relaxed SIMD (f32x4.relaxed_madd, the standard opcode). */
export function relaxedSimdSupported() {
  return simdSupported() && WebAssembly.validate(RELAXED_PROBE);
}

const loading = new Map(); // 'relaxed' | 'simd' | 'baseline' -> Promise<Core>, shared by every caller

/**
 * Loads the core once per build and returns the same instance to every caller.
 * @param {{ simd?: boolean, relaxed?: boolean }} [options] simd: false forces the baseline
 *   build; relaxed: false keeps the SIMD build's own kernels where relaxed SIMD is available.
 */
export function loadCore(options = {}) {
  const own = options !== null && typeof options === 'object';
  const simd = own ? option(options, 'simd') : undefined;
  const relaxed = own ? option(options, 'relaxed') : undefined;
  if (typeof WebAssembly !== 'object') {
    return Promise.reject(new Error('attention core: this browser has no WebAssembly support'));
  }
  let flavour = simd === false || !simdSupported() ? 'baseline' : 'simd';
  // Relaxed SIMD: the SIMD build with its gemm and softmax replaced by the FMA kernels of
  // attention-kernels-relaxed.wasm. Not for the classic-script bundles (no second file).
  if (flavour === 'simd' && relaxed !== false && relaxedSimdSupported() && !globalThis.attentionCoreFactories) {
    flavour = 'relaxed';
  }
  if (simd === true && flavour === 'baseline') {
    return Promise.reject(new Error('attention core: simd: true was requested, but this engine has no WebAssembly SIMD'));
  }
  if (!loading.has(flavour)) {
    const promise = instantiate(flavour);
    promise.catch(() => loading.delete(flavour)); // a failed load may be retried
    loading.set(flavour, promise);
  }
  return loading.get(flavour);
}

const MAX_POSITIONAL_VALUES = 2 ** 26; // ax::kMaxPositionalValues (src/core/positional_encoding.h)

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string' &&
  typeof window === 'undefined';

async function instantiate(flavour) {
  // A classic-script bundle (the standalone file, which cannot import() from file://) loads a
  // single-file build first and registers its factory: attentionCoreFactories = { simd, baseline }.
  const factories = globalThis.attentionCoreFactories;
  if (factories) {
    // a classic bundle has no import.meta.url: it can only use the builds it carries
    if (typeof factories[flavour] !== 'function') {
      throw new Error(`attention core: this bundle does not include the ${flavour === 'simd' ? 'SIMD' : 'baseline (no SIMD)'} build`);
    }
    return new Core(await factories[flavour]({}), flavour === 'simd', false);
  }
  const name = `attention-core-${flavour === 'relaxed' ? 'simd' : flavour}`;
  const moduleUrl = new URL(`./build/${name}.mjs`, import.meta.url);
  const { default: createAttentionCore } = await import(moduleUrl.href);
  const settings = { locateFile: (file) => new URL(`./build/${file}`, import.meta.url).href };
  if (isNode) {
    // Emscripten 3.1.6 cannot fetch its .wasm under Node 20: hand it the bytes.
    const { readFile } = await import('node:fs/promises');
    settings.wasmBinary = await readFile(new URL(`./build/${name}.wasm`, import.meta.url));
  }
  const wasm = await createAttentionCore(settings);
  const relaxed = flavour === 'relaxed' && await useRelaxedKernels(wasm);
  return new Core(wasm, flavour !== 'baseline', relaxed);
}

// Instantiates attention-kernels-relaxed.wasm on the SIMD module's memory, adds its gemm and
// softmax to the module's function table and has the core call them. False (the SIMD build's own
// kernels stay) if the file cannot be loaded.
async function useRelaxedKernels(wasm) {
  try {
    const url = new URL('./build/attention-kernels-relaxed.wasm', import.meta.url);
    const bytes = isNode
      ? await (await import('node:fs/promises')).readFile(url)
      : await (await fetch(url, { credentials: 'same-origin' })).arrayBuffer();
    const exported = Object.values(wasm.asm);
    const memory = exported.find((e) => e instanceof WebAssembly.Memory);
    const table = exported.find((e) => e instanceof WebAssembly.Table);
    const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
    const base = table.grow(2);
    table.set(base, instance.exports.ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat);
    table.set(base + 1, instance.exports.ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5);
    wasm.useKernels(base, base + 1);
    return true;
  } catch {
    return false;
  }
}

// ---- argument checks of the scoring kinds (issue 9) ----------------------------

const SCORE_KINDS = ['dot', 'cosine', 'bilinear', 'additive'];
// The options only a scoring kind takes; any of them sends attention() down the kind path.
const SCORE_ONLY_OPTIONS = ['kind', 'dq', 'w', 'wq', 'wk', 'u', 'dh'];
const KIND_MATRICES = { dot: [], cosine: [], bilinear: ['w'], additive: ['wq', 'wk', 'u'] };

// kind, n, m, dq, dk, dh checked; a kind's missing (TypeError) or surplus (RangeError) matrix named.
function checkScoreShape(options) {
  const kind = option(options, 'kind', 'dot');
  if (typeof kind !== 'string') {
    throw new TypeError(`kind: expected 'dot', 'cosine', 'bilinear' or 'additive', got ${describe(kind)}`);
  }
  if (!SCORE_KINDS.includes(kind)) {
    throw new RangeError(`kind: unknown scoring function ${describe(kind)}; expected 'dot', 'cosine', 'bilinear' or 'additive'`);
  }
  const { n, m, dk } = queryKeyShape(options);
  const dq = option(options, 'dq', dk);
  checkDimension('dq', dq);
  if ((kind === 'dot' || kind === 'cosine') && dq !== dk) {
    throw new RangeError(`dq: must equal dk for kind '${kind}' (got dq = ${dq}, dk = ${dk}); 'bilinear' and 'additive' compare different widths`);
  }
  let dh = 0;
  if (kind === 'additive') {
    // dh defaults to the length of u (the hidden layer's width)
    const u = option(options, 'u');
    const uLength = typedArrayType(u) !== undefined ? typedArrayLength(u) : Array.isArray(u) ? u.length : undefined;
    dh = option(options, 'dh', uLength);
    checkDimension('dh', dh);
  } else if (option(options, 'dh') !== undefined) {
    throw new RangeError(`dh: not used by kind '${kind}'; only 'additive' has a hidden layer`);
  }
  const shapes = { w: `dq × dk = ${dq} × ${dk}`, wq: `dh × dq = ${dh} × ${dq}`, wk: `dh × dk = ${dh} × ${dk}`, u: `dh = ${dh} values` };
  for (const name of ['w', 'wq', 'wk', 'u']) {
    const used = KIND_MATRICES[kind].includes(name);
    const given = option(options, name) !== undefined;
    if (used && !given) throw new TypeError(`${name}: kind '${kind}' needs ${name} (${shapes[name]}), got undefined`);
    if (!used && given) throw new RangeError(`${name}: not used by kind '${kind}'; pass it only with the kind that needs it`);
  }
  return { kind, n, m, dq, dk, dh, shapes };
}

// q, k and the kind's own matrices, checked against the shape (null for the others).
function scoreInputs(options, { n, m, dq, dk, dh, kind, shapes }) {
  const used = (name) => KIND_MATRICES[kind].includes(name);
  return {
    q: input('q', option(options, 'q'), n * dq, `n × dq = ${n} × ${dq}`, dq),
    k: input('k', option(options, 'k'), m * dk, `m × dk = ${m} × ${dk}`, dk),
    w: used('w') ? input('w', option(options, 'w'), dq * dk, shapes.w, dk) : null,
    wq: used('wq') ? input('wq', option(options, 'wq'), dh * dq, shapes.wq, dq) : null,
    wk: used('wk') ? input('wk', option(options, 'wk'), dh * dk, shapes.wk, dk) : null,
    u: used('u') ? input('u', option(options, 'u'), dh, shapes.u) : null,
  };
}

// The arena slices of q, k and the kind's matrices (0 floats for the ones it does not use).
function scoreRequest({ n, m, dq, dk, dh, kind }) {
  const used = (name) => KIND_MATRICES[kind].includes(name);
  return {
    q: ['f32', n * dq], k: ['f32', m * dk],
    w: ['f32', used('w') ? dq * dk : 0], wq: ['f32', used('wq') ? dh * dq : 0],
    wk: ['f32', used('wk') ? dh * dk : 0], u: ['f32', used('u') ? dh : 0],
  };
}

/**
 * The JS API over one loaded module. Every method follows one pattern:
 *   1. read options (own properties only) and check every argument: input() for numeric
 *      arrays (type and length against the declared shape), check*() for scalars;
 *   2. this.#arena.call({ name: [type, count, shape], … }, (at) => …) lays out one slice per
 *      input and result and gives their addresses (a call too large is refused before any
 *      allocation; a re-entrant call is refused);
 *   3. inside, writeInput() each input, call the raw entry point (this.#wasm._ax_<name>, a
 *      plain wasm export) through this.#check(), and copy each result out with one
 *      readF32/readF64.
 * The raw module's entry points and constants are typed in core/embind.d.ts.
 */
class Core {
  /** @type {import('./core/embind').AttentionCoreModule} */
  #wasm;
  #arena;
  #check;
  #lastAttention = null;
  #mask;
  #score;

  constructor(wasm, simd, relaxed) {
    this.#wasm = wasm;
    this.#mask = moduleConstants(wasm).mask;
    this.#score = moduleConstants(wasm).score;
    this.#check = statusChecker(wasm);
    this.#arena = createArena(wasm);
    /** True when the SIMD build is running. */
    this.simd = simd;
    /** True when its gemm and softmax are the relaxed-SIMD (FMA) kernels. */
    this.relaxed = relaxed;
    Object.freeze(this);
  }

  /** Current size of the WebAssembly memory in bytes (for leak checks). */
  memoryBytes() {
    return this.#wasm.HEAPU8.buffer.byteLength;
  }

  dot(a, b) {
    return this.#pair('dot', a, b);
  }

  norm(a) {
    const x = input('a', a, vectorLength('a', a));
    return this.#arena.call({ a: ['f32', x.count], out: ['f64', 1] }, (at) => {
      writeInput(this.#arena, at.a, x);
      this.#check(this.#wasm._ax_norm(at.a, x.count, at.out));
      return this.#arena.readF64(at.out, 1)[0];
    });
  }

  cosine(a, b) {
    return this.#pair('cosine', a, b);
  }

  angle(a, b) {
    return this.#pair('angle', a, b);
  }

  /** The projection of k onto q: (q·k / |q|²) q, as a Float64Array. */
  project(k, q) {
    const len = vectorLength('k', k);
    matchLength('k', len, 'q', q);
    const kIn = input('k', k, len);
    const qIn = input('q', q, len);
    return this.#arena.call({ k: ['f32', len], q: ['f32', len], out: ['f64', len] }, (at) => {
      writeInput(this.#arena, at.k, kIn);
      writeInput(this.#arena, at.q, qIn);
      this.#check(this.#wasm._ax_project(at.k, at.q, len, at.out));
      return this.#arena.readF64(at.out, len);
    });
  }

  /** softmax(x / temperature) of one vector, as a Float32Array. */
  softmax(x, options = {}) {
    checkOptions('softmax options', options);
    const temperature = option(options, 'temperature', 1);
    checkTemperature(temperature);
    const naive = option(options, 'naive', false);
    cost.checkBoolean('naive', naive);
    const xIn = input('x', x, vectorLength('x', x));
    // naive: no max subtraction, so e^x may overflow to Infinity / NaN (issue 10)
    if (naive) return cost.softmaxNaive(this.#cost(), xIn, temperature);
    const len = xIn.count;
    return this.#arena.call({ x: ['f32', len], out: ['f32', len] }, (at) => {
      writeInput(this.#arena, at.x, xIn);
      this.#check(this.#wasm._ax_softmax(at.x, 1, len, temperature, at.out));
      return this.#arena.readF32(at.out, len);
    });
  }

  /** C = A · B for row-major A (n, k) and B (k, m), as a Float32Array (n, m). */
  matmul(a, b, n, k, m) {
    checkDimension('n', n);
    checkDimension('k', k);
    checkDimension('m', m);
    const aIn = input('a', a, n * k, 'n × k', k);
    const bIn = input('b', b, k * m, 'k × m', m);
    const request = {
      a: ['f32', n * k, 'n × k'], b: ['f32', k * m, 'k × m'], out: ['f32', n * m, 'n × m'],
    };
    return this.#arena.call(request, (at) => {
      writeInput(this.#arena, at.a, aIn);
      writeInput(this.#arena, at.b, bIn);
      this.#check(this.#wasm._ax_matmul(at.a, at.b, n, k, m, at.out));
      return this.#arena.readF32(at.out, n * m);
    });
  }

  /**
   * Scaled dot-product attention with every intermediate:
   * scores = Q·Kᵀ, scaled = scores × scale, weights = softmax(scaled / T) per
   * row over visible keys, output = weights · V.
   */
  attention(options) {
    checkOptions('attention options', options);
    // a scoring kind (or any of its own options) takes the kind path, which checks them
    for (let i = 0; i < SCORE_ONLY_OPTIONS.length; i += 1) {
      if (option(options, SCORE_ONLY_OPTIONS[i]) !== undefined) return this.#attentionKind(options);
    }
    const shape = attentionShape(options);
    const { n, m, dk, dv } = shape;
    const { scale, temperature, mask } = softmaxOptions(options, n, m, 1 / Math.sqrt(dk));
    const { q, k, v } = qkvInputs(options, shape);
    const outputs = cost.checkOutputs(option(options, 'outputs'));
    if (cost.outputOnly(outputs)) {
      // exact attention tiled over key blocks: never an n × m matrix (issue 10)
      return cost.attentionOutputTiled(this.#cost(), { q, k, v, n, m, dk, dv, scale, temperature, mask });
    }

    const nm = n * m;
    const masked = mask.values !== null;
    // arena.call's release, written out: a closure per call measured 0.3–1.5 µs of a 2–9 µs
    // teaching call (n = 8 … 16), and the layout may be a kept one (#attentionLayout).
    const at = this.#attentionLayout(n, m, dk, dv, masked);
    try {
      writeInput(this.#arena, at.q, q);
      writeInput(this.#arena, at.k, k);
      writeInput(this.#arena, at.v, v);
      if (masked) writeMask(this.#arena, at.mask, mask, nm);
      this.#check(this.#wasm._ax_attention(at.q, at.k, at.v, n, m, dk, dv, scale, temperature,
        this.#mask[mask.kind], at.mask, at.scores, at.scaled, at.weights, at.output));
      return this.#readAttention(at, outputs, nm, n * dv);
    } finally {
      this.#arena.release();
    }
  }

  // The arena layout of attention() for this shape; the last one is kept, so a page that
  // repeats one shape (every drag in a scene) does not lay it out again on each call.
  #attentionLayout(n, m, dk, dv, masked) {
    const last = this.#lastAttention;
    if (last !== null && last.n === n && last.m === m && last.dk === dk && last.dv === dv && last.masked === masked) {
      const at = this.#arena.reuse(last.memo);
      if (at !== null) return at;
    }
    const nm = n * m;
    const at = this.#arena.layout({
      q: ['f32', n * dk], k: ['f32', m * dk], v: ['f32', m * dv],
      mask: ['u8', masked ? nm : 0],
      scores: ['f32', nm, 'n × m'], scaled: ['f32', nm, 'n × m'], weights: ['f32', nm, 'n × m'],
      output: ['f32', n * dv, 'n × dv'],
    });
    this.#lastAttention = { n, m, dk, dv, masked, memo: this.#arena.remember(at) };
    return at;
  }

  // The asked-for results of an attention layout: all four as views of one new buffer (one
  // copy, one allocation), or each asked-for one copied alone.
  #readAttention(at, outputs, nm, nOut) {
    if (outputs.length === 4) return this.#arena.readF32Views(at, { scores: nm, scaled: nm, weights: nm, output: nOut });
    const result = {};
    for (const name of outputs) result[name] = this.#arena.readF32(at[name], name === 'output' ? nOut : nm);
    return result;
  }

  /**
   * Sinusoidal position encodings (Vaswani et al. 2017) as an n×d Float32Array, row-major:
   * PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
   */
  positionalEncoding(options) {
    checkOptions('positionalEncoding options', options);
    const n = option(options, 'n');
    checkDimension('n', n);
    const d = option(options, 'd');
    checkDimension('d', d);
    if (n * d > MAX_POSITIONAL_VALUES) {
      throw new RangeError(`n × d: the table would hold ${n * d} values, more than ${MAX_POSITIONAL_VALUES} (n = ${n}, d = ${d})`);
    }
    return this.#arena.call({ out: ['f32', n * d, `n × d = ${n} × ${d}`] }, (at) => {
      this.#check(this.#wasm._ax_positional_encoding(n, d, at.out));
      return this.#arena.readF32(at.out, n * d);
    });
  }

  // ---- issue 10: cost and stability (web/core/cost.js checks and calls) ----

  /** Self-attention over a local / global / strided pattern, as CSR rows. */
  sparseAttention(options) {
    return cost.sparseAttention(this.#cost(), options);
  }

  /** φ = elu + 1 linear attention; causal runs on prefix sums. */
  linearAttention(options) {
    return cost.linearAttention(this.#cost(), options);
  }

  /** The Jacobian of softmax(x / T), a Float32Array (len × len). */
  softmaxJacobian(x, options = {}) {
    return cost.softmaxJacobian(this.#cost(), x, options);
  }

  #cost() {
    return { wasm: this.#wasm, arena: this.#arena, check: this.#check, mask: this.#mask };
  }

  // ---- end of issue 10 block ----
  // ==== issue 12: attention backward and the trainer ==========================

  /**
   * Gradients of Σ(output ⊙ dOutput) for the same forward pass as attention():
   * { dq (n×dk), dk (m×dk), dv (m×dv) }. Hidden keys and fully hidden rows get nothing.
   */
  attentionBackward(options) {
    checkOptions('attentionBackward options', options);
    const shape = attentionShape(options);
    const { n, m, dk, dv } = shape;
    const { scale, temperature, mask } = softmaxOptions(options, n, m, 1 / Math.sqrt(dk));
    const { q, k, v } = qkvInputs(options, shape);
    const dOut = input('dOutput', option(options, 'dOutput'), n * dv, 'n × dv', dv);

    const nm = n * m;
    const request = {
      q: ['f32', n * dk], k: ['f32', m * dk], v: ['f32', m * dv], dOutput: ['f32', n * dv],
      mask: ['u8', mask.values ? nm : 0],
      dq: ['f32', n * dk, 'n × dk'], dk: ['f32', m * dk, 'm × dk'], dv: ['f32', m * dv, 'm × dv'],
    };
    return this.#arena.call(request, (at) => {
      writeInput(this.#arena, at.q, q);
      writeInput(this.#arena, at.k, k);
      writeInput(this.#arena, at.v, v);
      writeInput(this.#arena, at.dOutput, dOut);
      if (mask.values) writeMask(this.#arena, at.mask, mask, nm);
      this.#check(this.#wasm._ax_attention_backward(at.q, at.k, at.v, at.dOutput, n, m, dk, dv, scale,
        temperature, this.#mask[mask.kind], at.mask, at.dq, at.dk, at.dv));
      return {
        dq: this.#arena.readF32(at.dq, n * dk),
        dk: this.#arena.readF32(at.dk, m * dk),
        dv: this.#arena.readF32(at.dv, m * dv),
      };
    });
  }

  /**
   * A one-layer, one-head, attention-only model trained with Adam in the core:
   * { step(count), evaluate(tokens), parameters(), dispose() }. See core/trainer.js.
   */
  createTrainer(options) {
    return new Trainer({ wasm: this.#wasm, arena: this.#arena, check: this.#check }, options);
  }

  /** How many trainers hold core memory (not yet disposed). */
  trainersLive() {
    return this.#wasm.trainersLive();
  }
  // ==== end of issue 12 block ==================================================

  // ---- scoring kinds and multi-head attention (issue 9) ----------------------

  /**
   * Scores of every query against every key by `kind`, as a Float32Array (n, m):
   * 'dot' q·k, 'cosine' q·k/(|q||k|), 'bilinear' qᵀWk, 'additive' uᵀtanh(Wq q + Wk k).
   */
  scores(options) {
    checkOptions('scores options', options);
    const shape = checkScoreShape(options);
    const inputs = scoreInputs(options, shape);
    const { n, m } = shape;
    const request = { ...scoreRequest(shape), out: ['f32', n * m, `n × m = ${n} × ${m}`] };
    return this.#arena.call(request, (at) => {
      const p = this.#writeScoreInputs(at, inputs);
      this.#check(this.#wasm._ax_scores(at.q, at.k, n, m, shape.dq, shape.dk, shape.dh,
        this.#score[shape.kind], p.w, p.wq, p.wk, p.u, at.out));
      return this.#arena.readF32(at.out, n * m);
    });
  }

  // attention() with a `kind` (or dq, w, wq, wk, u, dh): scores by kind, then as before.
  #attentionKind(options) {
    const shape = checkScoreShape(options);
    const { n, m, dk, kind } = shape;
    const dv = option(options, 'dv', dk);
    checkDimension('dv', dv);
    const { scale, temperature, mask } = softmaxOptions(options, n, m, kind === 'dot' ? 1 / Math.sqrt(dk) : 1);
    const inputs = scoreInputs(options, shape);
    const v = input('v', option(options, 'v'), m * dv, 'm × dv', dv);
    // The kinds have no tiled path: every intermediate is computed, and only the ones asked for
    // are copied out.
    const outputs = cost.checkOutputs(option(options, 'outputs'));
    const nm = n * m;
    const request = {
      ...scoreRequest(shape), v: ['f32', m * dv], mask: ['u8', mask.values ? nm : 0],
      scores: ['f32', nm, 'n × m'], scaled: ['f32', nm, 'n × m'], weights: ['f32', nm, 'n × m'],
      output: ['f32', n * dv, 'n × dv'],
    };
    return this.#arena.call(request, (at) => {
      const p = this.#writeScoreInputs(at, inputs);
      writeInput(this.#arena, at.v, v);
      if (mask.values) writeMask(this.#arena, at.mask, mask, nm);
      this.#check(this.#wasm._ax_attention_kind(at.q, at.k, at.v, n, m, shape.dq, dk, dv, shape.dh,
        this.#score[kind], p.w, p.wq, p.wk, p.u, scale, temperature, this.#mask[mask.kind], at.mask,
        at.scores, at.scaled, at.weights, at.output));
      return this.#readAttention(at, outputs, nm, n * dv);
    });
  }

  // q, k and the kind's matrices into their slices; a matrix the kind does not use is address 0.
  #writeScoreInputs(at, inputs) {
    const address = {};
    for (const name of ['q', 'k', 'w', 'wq', 'wk', 'u']) {
      address[name] = 0;
      if (!inputs[name]) continue;
      writeInput(this.#arena, at[name], inputs[name]);
      address[name] = at[name];
    }
    return address;
  }

  /**
   * Multi-head attention: Q = x·wq, K = source·wk, V = source·wv (source defaults to x), head h
   * attends within columns h·dh … (h+1)·dh − 1 (dh = dModel / heads, scale 1/√dh),
   * output = concat · wo.
   */
  multiHead(options) {
    checkOptions('multiHead options', options);
    const n = option(options, 'n');
    checkDimension('n', n);
    const d = option(options, 'dModel');
    checkDimension('dModel', d);
    const heads = option(options, 'heads');
    checkDimension('heads', heads);
    if (d % heads !== 0) {
      throw new RangeError(`heads: ${heads} does not divide dModel = ${d}; every head takes dModel / heads columns`);
    }
    const sourceValue = option(options, 'source');
    let m = n;
    if (sourceValue === undefined) {
      const given = option(options, 'm');
      if (given !== undefined && given !== n) {
        throw new RangeError(`m: without a source the keys come from x, so m must equal n = ${n}, got ${describe(given)}`);
      }
    } else {
      const given = option(options, 'm');
      if (given === undefined) {
        const rows = vectorLength('source', sourceValue) / d;
        if (!Number.isInteger(rows)) {
          throw new RangeError(`source: expected m × dModel values, a multiple of dModel = ${d}, got ${sourceValue.length}`);
        }
        m = rows;
      } else {
        m = given;
      }
      checkDimension('m', m);
    }
    const mask = checkMask(option(options, 'mask', 'none'), n, m);
    const square = `dModel × dModel = ${d} × ${d}`;
    const x = input('x', option(options, 'x'), n * d, `n × dModel = ${n} × ${d}`, d);
    const source = sourceValue === undefined ? null : input('source', sourceValue, m * d, `m × dModel = ${m} × ${d}`, d);
    const w = ['wq', 'wk', 'wv', 'wo'].map((name) => input(name, option(options, name), d * d, square, d));
    const nm = n * m;
    const request = {
      x: ['f32', n * d], source: ['f32', source ? m * d : 0],
      wq: ['f32', d * d], wk: ['f32', d * d], wv: ['f32', d * d], wo: ['f32', d * d],
      mask: ['u8', mask.values ? nm : 0],
      q: ['f32', n * d], k: ['f32', m * d], v: ['f32', m * d],
      weights: ['f32', heads * nm, `heads × n × m = ${heads} × ${n} × ${m}`],
      concat: ['f32', n * d], output: ['f32', n * d],
    };
    return this.#arena.call(request, (at) => {
      writeInput(this.#arena, at.x, x);
      if (source) writeInput(this.#arena, at.source, source);
      ['wq', 'wk', 'wv', 'wo'].forEach((name, i) => writeInput(this.#arena, at[name], w[i]));
      if (mask.values) writeMask(this.#arena, at.mask, mask, nm);
      this.#check(this.#wasm._ax_multi_head(at.x, source ? at.source : 0, n, m, d, heads,
        at.wq, at.wk, at.wv, at.wo, this.#mask[mask.kind], at.mask,
        at.q, at.k, at.v, at.weights, at.concat, at.output));
      return {
        q: this.#arena.readF32(at.q, n * d),
        k: this.#arena.readF32(at.k, m * d),
        v: this.#arena.readF32(at.v, m * d),
        weights: this.#arena.readF32(at.weights, heads * nm),
        concat: this.#arena.readF32(at.concat, n * d),
        output: this.#arena.readF32(at.output, n * d),
      };
    });
  }

  // dot, cosine and angle share one shape: two vectors in, one number out.
  #pair(op, a, b) {
    const len = vectorLength('a', a);
    matchLength('a', len, 'b', b);
    const aIn = input('a', a, len);
    const bIn = input('b', b, len);
    return this.#arena.call({ a: ['f32', len], b: ['f32', len], out: ['f64', 1] }, (at) => {
      writeInput(this.#arena, at.a, aIn);
      writeInput(this.#arena, at.b, bIn);
      this.#check(this.#wasm[`_ax_${op}`](at.a, at.b, len, at.out));
      return this.#arena.readF64(at.out, 1)[0];
    });
  }
}

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
  checkDimension, checkMask, checkOptions, checkScale, checkTemperature, matchLength, vectorLength, writeVector,
} from './core/arguments.js';

const SIMD_PROBE = new Uint8Array([
  // (module (func (result v128) (v128.const i32x4 0 0 0 0)))
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** True when this engine accepts WebAssembly SIMD (128-bit) modules. */
export function simdSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

const loading = new Map(); // 'simd' | 'baseline' -> Promise<Core>, shared by every caller

/**
 * Loads the core once per build and returns the same instance to every caller.
 * @param {{ simd?: boolean }} [options] simd: false forces the baseline build.
 */
export function loadCore({ simd } = {}) {
  if (typeof WebAssembly !== 'object') {
    return Promise.reject(new Error('attention core: this browser has no WebAssembly support'));
  }
  const flavour = simd === false || !simdSupported() ? 'baseline' : 'simd';
  if (simd === true && flavour !== 'simd') {
    return Promise.reject(new Error('attention core: simd: true was requested, but this engine has no WebAssembly SIMD'));
  }
  if (!loading.has(flavour)) {
    const promise = instantiate(flavour);
    promise.catch(() => loading.delete(flavour)); // a failed load may be retried
    loading.set(flavour, promise);
  }
  return loading.get(flavour);
}

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
    return new Core(await factories[flavour]({}), flavour === 'simd');
  }
  const name = `attention-core-${flavour}`;
  const moduleUrl = new URL(`./build/${name}.mjs`, import.meta.url);
  const { default: createAttentionCore } = await import(moduleUrl.href);
  const settings = { locateFile: (file) => new URL(`./build/${file}`, import.meta.url).href };
  if (isNode) {
    // Emscripten 3.1.6 cannot fetch its .wasm under Node 20: hand it the bytes.
    const { readFile } = await import('node:fs/promises');
    settings.wasmBinary = await readFile(new URL(`./build/${name}.wasm`, import.meta.url));
  }
  const wasm = await createAttentionCore(settings);
  return new Core(wasm, flavour === 'simd');
}

const RANGE_ERROR = 1;
const MAX_POSITIONAL_VALUES = 2 ** 26; // ax::kMaxPositionalValues (src/core/positional_encoding.h)
const TYPE_ERROR = 2;

class Core {
  #wasm;
  #arena;

  constructor(wasm, simd) {
    this.#wasm = wasm;
    this.#arena = createArena(wasm);
    /** True when the SIMD build is running. */
    this.simd = simd;
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
    const len = vectorLength('a', a);
    const arena = this.#arena.reset(4 * len + 8, 2);
    const pa = writeVector(arena, 'a', a, len);
    const out = arena.f64(1);
    this.#check(this.#wasm.norm(pa, len, out));
    return arena.readF64(out, 1)[0];
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
    const arena = this.#arena.reset(16 * len, 3);
    const pk = writeVector(arena, 'k', k, len);
    const pq = writeVector(arena, 'q', q, len);
    const out = arena.f64(len);
    this.#check(this.#wasm.project(pk, pq, len, out));
    return arena.readF64(out, len);
  }

  /** softmax(x / temperature) of one vector, as a Float32Array. */
  softmax(x, options = {}) {
    checkOptions('softmax options', options);
    const { temperature = 1 } = options;
    checkTemperature(temperature);
    const len = vectorLength('x', x);
    const arena = this.#arena.reset(8 * len, 2);
    const px = writeVector(arena, 'x', x, len);
    const out = arena.f32(len);
    this.#check(this.#wasm.softmax(px, 1, len, temperature, out));
    return arena.readF32(out, len);
  }

  /** C = A · B for row-major A (n, k) and B (k, m), as a Float32Array (n, m). */
  matmul(a, b, n, k, m) {
    checkDimension('n', n);
    checkDimension('k', k);
    checkDimension('m', m);
    const arena = this.#arena.reset(4 * (n * k + k * m + n * m), 3);
    const pa = writeVector(arena, 'a', a, n * k, `n × k = ${n} × ${k}`, k);
    const pb = writeVector(arena, 'b', b, k * m, `k × m = ${k} × ${m}`, m);
    const out = arena.f32(n * m);
    this.#check(this.#wasm.matmul(pa, pb, n, k, m, out));
    return arena.readF32(out, n * m);
  }

  /**
   * Scaled dot-product attention with every intermediate:
   * scores = Q·Kᵀ, scaled = scores × scale, weights = softmax(scaled / T) per
   * row over visible keys, output = weights · V.
   */
  attention(options) {
    checkOptions('attention options', options);
    const { q, k, v, n, dk } = options;
    checkDimension('n', n);
    const m = options.m === undefined ? n : options.m;
    checkDimension('m', m);
    checkDimension('dk', dk);
    const dv = options.dv === undefined ? dk : options.dv;
    checkDimension('dv', dv);
    const scale = options.scale === undefined ? 1 / Math.sqrt(dk) : options.scale;
    checkScale(scale);
    const temperature = options.temperature === undefined ? 1 : options.temperature;
    checkTemperature(temperature);
    const mask = checkMask(options.mask === undefined ? 'none' : options.mask, n, m);

    // q, k, v, the mask, then scores, scaled, weights (n·m each) and output (n·dv) in one block
    const nm = n * m;
    const arena = this.#arena.reset(4 * (n * dk + m * dk + m * dv + 3 * nm + n * dv) + nm, 5);
    const pq = writeVector(arena, 'q', q, n * dk, `n × dk = ${n} × ${dk}`, dk);
    const pk = writeVector(arena, 'k', k, m * dk, `m × dk = ${m} × ${dk}`, dk);
    const pv = writeVector(arena, 'v', v, m * dv, `m × dv = ${m} × ${dv}`, dv);
    const pmask = mask.values ? arena.bytes(mask.values) : 0;
    const out = arena.f32(3 * nm + n * dv);
    this.#check(this.#wasm.attention(pq, pk, pv, n, m, dk, dv, scale, temperature,
      mask.kind, pmask, out));
    return {
      scores: arena.readF32(out, nm),
      scaled: arena.readF32(out + 4 * nm, nm),
      weights: arena.readF32(out + 8 * nm, nm),
      output: arena.readF32(out + 12 * nm, n * dv),
    };
  }

  /**
   * Sinusoidal position encodings (Vaswani et al. 2017) as an n×d Float32Array, row-major:
   * PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
   */
  positionalEncoding(options) {
    checkOptions('positionalEncoding options', options);
    const n = Object.hasOwn(options, 'n') ? options.n : undefined;
    const d = Object.hasOwn(options, 'd') ? options.d : undefined;
    checkDimension('n', n);
    checkDimension('d', d);
    if (n * d > MAX_POSITIONAL_VALUES) {
      throw new RangeError(`n × d: the table would hold ${n * d} values, more than ${MAX_POSITIONAL_VALUES} (n = ${n}, d = ${d})`);
    }
    const arena = this.#arena.reset(4 * n * d, 1);
    const out = arena.f32(n * d);
    this.#check(this.#wasm.positionalEncoding(n, d, out));
    return arena.readF32(out, n * d);
  }

  // dot, cosine and angle share one shape: two vectors in, one number out.
  #pair(op, a, b) {
    const len = vectorLength('a', a);
    matchLength('a', len, 'b', b);
    const arena = this.#arena.reset(8 * len + 8, 3);
    const pa = writeVector(arena, 'a', a, len);
    const pb = writeVector(arena, 'b', b, len);
    const out = arena.f64(1);
    this.#check(this.#wasm[op](pa, pb, len, out));
    return arena.readF64(out, 1)[0];
  }

  #check(status) {
    if (status === 0) return;
    const message = this.#wasm.lastError();
    if (status === RANGE_ERROR) throw new RangeError(message);
    if (status === TYPE_ERROR) throw new TypeError(message);
    throw new Error(message);
  }
}

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
  checkDimension, checkMask, checkOptions, checkScale, checkTemperature, describe, matchLength, vectorLength, writeVector,
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

// ---- argument checks of the scoring kinds (issue 9) ----------------------------

const SCORE_KINDS = ['dot', 'cosine', 'bilinear', 'additive'];
// The options that only a scoring kind takes; any of them sends attention() down the kind path.
const SCORE_ONLY_OPTIONS = ['kind', 'dq', 'w', 'wq', 'wk', 'u', 'dh'];
const KIND_MATRICES = { dot: [], cosine: [], bilinear: ['w'], additive: ['wq', 'wk', 'u'] };

function own(options, name) {
  return Object.hasOwn(options, name) ? options[name] : undefined;
}

// kind, n, m, dq, dk, dh checked; a kind's missing or surplus matrix named.
function checkScoreShape(options) {
  const kind = own(options, 'kind') === undefined ? 'dot' : options.kind;
  if (typeof kind !== 'string') throw new TypeError(`kind: expected one of ${SCORE_KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(kind)}`);
  if (!SCORE_KINDS.includes(kind)) {
    throw new RangeError(`kind: unknown scoring function ${describe(kind)}; expected 'dot', 'cosine', 'bilinear' or 'additive'`);
  }
  const n = own(options, 'n');
  checkDimension('n', n);
  const m = own(options, 'm') === undefined ? n : options.m;
  checkDimension('m', m);
  const dk = own(options, 'dk');
  checkDimension('dk', dk);
  const dq = own(options, 'dq') === undefined ? dk : options.dq;
  checkDimension('dq', dq);
  if ((kind === 'dot' || kind === 'cosine') && dq !== dk) {
    throw new RangeError(`dq: must equal dk for kind '${kind}' (got dq = ${dq}, dk = ${dk}); 'bilinear' and 'additive' compare different widths`);
  }
  let dh = 0;
  if (kind === 'additive') {
    // dh defaults to the length of u (the hidden layer's width)
    dh = own(options, 'dh');
    const u = own(options, 'u');
    if (dh === undefined && (Array.isArray(u) || ArrayBuffer.isView(u))) dh = u.length;
    checkDimension('dh', dh);
  } else if (own(options, 'dh') !== undefined) {
    throw new RangeError(`dh: not used by kind '${kind}'; only 'additive' has a hidden layer`);
  }
  const shapes = { w: `dq × dk = ${dq} × ${dk}`, wq: `dh × dq = ${dh} × ${dq}`, wk: `dh × dk = ${dh} × ${dk}`, u: `dh = ${dh} values` };
  for (const name of ['w', 'wq', 'wk', 'u']) {
    const used = KIND_MATRICES[kind].includes(name);
    const given = own(options, name) !== undefined;
    if (used && !given) throw new TypeError(`${name}: kind '${kind}' needs ${name} (${shapes[name]}), got undefined`);
    if (!used && given) throw new RangeError(`${name}: not used by kind '${kind}'; pass it only with the kind that needs it`);
  }
  return { kind, n, m, dq, dk, dh, shapes };
}

function scoreInputFloats({ n, m, dq, dk, dh, kind }) {
  return n * dq + m * dk + (kind === 'bilinear' ? dq * dk : 0) + (kind === 'additive' ? dh * (dq + dk + 1) : 0);
}

// q, k and the kind's matrices into the arena; absent ones are address 0.
function writeScoreInputs(arena, options, { n, m, dq, dk, dh, kind, shapes }) {
  const given = (name) => KIND_MATRICES[kind].includes(name);
  return {
    q: writeVector(arena, 'q', options.q, n * dq, `n × dq = ${n} × ${dq}`, dq),
    k: writeVector(arena, 'k', options.k, m * dk, `m × dk = ${m} × ${dk}`, dk),
    w: given('w') ? writeVector(arena, 'w', options.w, dq * dk, shapes.w, dk) : 0,
    wq: given('wq') ? writeVector(arena, 'wq', options.wq, dh * dq, shapes.wq, dq) : 0,
    wk: given('wk') ? writeVector(arena, 'wk', options.wk, dh * dk, shapes.wk, dk) : 0,
    u: given('u') ? writeVector(arena, 'u', options.u, dh, shapes.u) : 0,
  };
}

const RANGE_ERROR = 1;
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
    if (SCORE_ONLY_OPTIONS.some((name) => Object.hasOwn(options, name) && options[name] !== undefined)) {
      return this.#attentionKind(options);
    }
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

  // ---- scoring kinds and multi-head attention (issue 9) ----------------------

  /**
   * Scores of every query against every key by `kind`, as a Float32Array (n, m):
   * 'dot' q·k, 'cosine' q·k/(|q||k|), 'bilinear' qᵀWk, 'additive' uᵀtanh(Wq q + Wk k).
   */
  scores(options) {
    checkOptions('scores options', options);
    const shape = checkScoreShape(options);
    const { n, m } = shape;
    const arena = this.#arena.reset(4 * (scoreInputFloats(shape) + n * m), 7);
    const inputs = writeScoreInputs(arena, options, shape);
    const out = arena.f32(n * m);
    this.#check(this.#wasm.scores(inputs.q, inputs.k, n, m, shape.dq, shape.dk, shape.dh,
      shape.kind, inputs.w, inputs.wq, inputs.wk, inputs.u, out));
    return arena.readF32(out, n * m);
  }

  // attention() with a `kind` (or dq, w, wq, wk, u, dh): scores by kind, then as before.
  #attentionKind(options) {
    const shape = checkScoreShape(options);
    const { n, m, dk } = shape;
    const dv = options.dv === undefined ? dk : options.dv;
    checkDimension('dv', dv);
    const scale = options.scale === undefined ? (shape.kind === 'dot' ? 1 / Math.sqrt(dk) : 1) : options.scale;
    checkScale(scale);
    const temperature = options.temperature === undefined ? 1 : options.temperature;
    checkTemperature(temperature);
    const mask = checkMask(options.mask === undefined ? 'none' : options.mask, n, m);
    const nm = n * m;
    const arena = this.#arena.reset(4 * (scoreInputFloats(shape) + m * dv + 3 * nm + n * dv) + nm, 9);
    const inputs = writeScoreInputs(arena, options, shape);
    const pv = writeVector(arena, 'v', options.v, m * dv, `m × dv = ${m} × ${dv}`, dv);
    const pmask = mask.values ? arena.bytes(mask.values) : 0;
    const out = arena.f32(3 * nm + n * dv);
    this.#check(this.#wasm.attentionKind(inputs.q, inputs.k, pv, n, m, shape.dq, dk, dv, shape.dh,
      shape.kind, inputs.w, inputs.wq, inputs.wk, inputs.u, scale, temperature, mask.kind, pmask, out));
    return {
      scores: arena.readF32(out, nm),
      scaled: arena.readF32(out + 4 * nm, nm),
      weights: arena.readF32(out + 8 * nm, nm),
      output: arena.readF32(out + 12 * nm, n * dv),
    };
  }

  /**
   * Multi-head attention: Q = x·wq, K = source·wk, V = source·wv (source defaults
   * to x), head h attends within columns h·dh … (h+1)·dh − 1 (dh = dModel / heads,
   * scale 1/√dh), output = concat · wo.
   */
  multiHead(options) {
    checkOptions('multiHead options', options);
    const { x, source, wq, wk, wv, wo } = options;
    const { n, dModel, heads } = options;
    checkDimension('n', n);
    checkDimension('dModel', dModel);
    checkDimension('heads', heads);
    if (dModel % heads !== 0) {
      throw new RangeError(`heads: ${heads} does not divide dModel = ${dModel}; every head takes dModel / heads columns`);
    }
    let m = n;
    if (source === undefined) {
      if (options.m !== undefined && options.m !== n) {
        throw new RangeError(`m: without a source the keys come from x, so m must equal n = ${n}, got ${describe(options.m)}`);
      }
    } else {
      const rows = vectorLength('source', source) / dModel;
      if (options.m === undefined && !Number.isInteger(rows)) {
        throw new RangeError(`source: expected m × dModel values, a multiple of dModel = ${dModel}, got ${source.length}`);
      }
      m = options.m === undefined ? rows : options.m;
      checkDimension('m', m);
    }
    const mask = checkMask(options.mask === undefined ? 'none' : options.mask, n, m);
    const d = dModel;
    const outFloats = 3 * n * d + 2 * m * d + heads * n * m;
    const arena = this.#arena.reset(4 * (n * d + (source === undefined ? 0 : m * d) + 4 * d * d + outFloats) + n * m, 9);
    const square = `dModel × dModel = ${d} × ${d}`;
    const px = writeVector(arena, 'x', x, n * d, `n × dModel = ${n} × ${d}`, d);
    const ps = source === undefined ? 0 : writeVector(arena, 'source', source, m * d, `m × dModel = ${m} × ${d}`, d);
    const pwq = writeVector(arena, 'wq', wq, d * d, square, d);
    const pwk = writeVector(arena, 'wk', wk, d * d, square, d);
    const pwv = writeVector(arena, 'wv', wv, d * d, square, d);
    const pwo = writeVector(arena, 'wo', wo, d * d, square, d);
    const pmask = mask.values ? arena.bytes(mask.values) : 0;
    const out = arena.f32(outFloats);
    this.#check(this.#wasm.multiHead(px, ps, n, m, d, heads, pwq, pwk, pwv, pwo, mask.kind, pmask, out));
    let at = out;
    const take = (count) => {
      const view = arena.readF32(at, count);
      at += 4 * count;
      return view;
    };
    return {
      q: take(n * d), k: take(m * d), v: take(m * d), weights: take(heads * n * m), concat: take(n * d), output: take(n * d),
    };
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

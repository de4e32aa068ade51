// cost.js — the JS side of the cheaper attention variants and softmax's stability
// (tiled exact output, sparse and linear attention, softmax Jacobian, naive softmax).
//
// Each function gets the module (`wasm`), the heap arena and the status check of
// the Core it serves, validates its arguments like the rest of the API (own
// properties only, a named TypeError / RangeError), and returns fresh typed arrays.

import {
  checkDimension, checkMask, checkOptions, checkScale, checkTemperature, describe, vectorLength, writeVector,
} from './arguments.js';

export const OUTPUT_NAMES = Object.freeze(['scores', 'scaled', 'weights', 'output']);

// Own properties only: an option inherited from Object.prototype is not an option.
function own(options, key) {
  return Object.prototype.hasOwnProperty.call(options, key) ? options[key] : undefined;
}

/** outputs: undefined (all four) or a non-empty array of distinct names from OUTPUT_NAMES. */
export function checkOutputs(outputs) {
  if (outputs === undefined) return OUTPUT_NAMES;
  if (!Array.isArray(outputs)) {
    throw new TypeError(`outputs: expected an array of names from ${OUTPUT_NAMES.join(', ')}, got ${describe(outputs)}`);
  }
  if (outputs.length === 0) throw new RangeError(`outputs: must name at least one of ${OUTPUT_NAMES.join(', ')}, got []`);
  const seen = new Set();
  for (const name of outputs) {
    if (!OUTPUT_NAMES.includes(name)) {
      throw new RangeError(`outputs: unknown output ${describe(name)}; expected any of ${OUTPUT_NAMES.join(', ')}`);
    }
    if (seen.has(name)) throw new RangeError(`outputs: ${describe(name)} is listed twice`);
    seen.add(name);
  }
  return outputs;
}

/** True when only the output is asked for: the tiled path that never holds n × m. */
export function outputOnly(outputs) {
  return outputs.length === 1 && outputs[0] === 'output';
}

function checkNonNegativeInteger(name, value) {
  if (typeof value !== 'number') throw new TypeError(`${name}: must be a non-negative integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: must be a non-negative integer, got ${describe(value)}`);
  }
}

function checkBoolean(name, value) {
  if (typeof value !== 'boolean') throw new TypeError(`${name}: must be true or false, got ${describe(value)}`);
}

function checkGlobals(globals, n) {
  if (!Array.isArray(globals) && !(ArrayBuffer.isView(globals) && !(globals instanceof DataView))) {
    throw new TypeError(`globals: expected an array of token indices, got ${describe(globals)}`);
  }
  const seen = new Set();
  const out = new Int32Array(globals.length);
  for (let g = 0; g < globals.length; g += 1) {
    const index = globals[g];
    if (typeof index !== 'number') throw new TypeError(`globals: ${describe(index)} at position ${g} is not a token index`);
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(`globals: index ${describe(index)} at position ${g} is outside 0 … ${n - 1} (n = ${n})`);
    }
    if (seen.has(index)) throw new RangeError(`globals: index ${index} is repeated (position ${g}); list each global token once`);
    seen.add(index);
    out[g] = index;
  }
  return out;
}

/** attention() with outputs: ['output']: exact, tiled over key blocks (see attention_tiled.h). */
export function attentionOutputTiled(ctx, { q, k, v, n, m, dk, dv, scale, temperature, mask }) {
  const { wasm, arena, check } = ctx;
  arena.reset(4 * (n * dk + m * dk + m * dv + n * dv) + (mask.values ? n * m : 0), 5);
  const pq = writeVector(arena, 'q', q, n * dk, `n × dk = ${n} × ${dk}`, dk);
  const pk = writeVector(arena, 'k', k, m * dk, `m × dk = ${m} × ${dk}`, dk);
  const pv = writeVector(arena, 'v', v, m * dv, `m × dv = ${m} × ${dv}`, dv);
  const pmask = mask.values ? arena.bytes(mask.values) : 0;
  const out = arena.f32(n * dv);
  check(wasm.attentionOutput(pq, pk, pv, n, m, dk, dv, scale, temperature, mask.kind, pmask, out));
  return { output: arena.readF32(out, n * dv) };
}

/** core.sparseAttention: CSR rows of the local / global / strided pattern, weights and output. */
export function sparseAttention(ctx, options) {
  const { wasm, arena, check } = ctx;
  checkOptions('sparseAttention options', options);
  const n = own(options, 'n');
  checkDimension('n', n);
  const dk = own(options, 'dk');
  checkDimension('dk', dk);
  const dv = own(options, 'dv') ?? dk;
  checkDimension('dv', dv);
  const window = own(options, 'window') ?? 1;
  checkNonNegativeInteger('window', window);
  const stride = own(options, 'stride') ?? 0;
  checkNonNegativeInteger('stride', stride);
  const globals = checkGlobals(own(options, 'globals') ?? [], n);
  const causal = own(options, 'causal') ?? false;
  checkBoolean('causal', causal);
  const scale = own(options, 'scale') ?? 1 / Math.sqrt(dk);
  checkScale(scale);
  const temperature = own(options, 'temperature') ?? 1;
  checkTemperature(temperature);

  arena.reset(4 * (2 * n * dk + n * dv + globals.length + 5), 5);
  const pq = writeVector(arena, 'q', own(options, 'q'), n * dk, `n × dk = ${n} × ${dk}`, dk);
  const pk = writeVector(arena, 'k', own(options, 'k'), n * dk, `n × dk = ${n} × ${dk}`, dk);
  const pv = writeVector(arena, 'v', own(options, 'v'), n * dv, `n × dv = ${n} × ${dv}`, dv);
  const pg = arena.f32(globals.length); // int32 slots: same size as float32
  new Int32Array(wasm.HEAPU8.buffer, pg, globals.length).set(globals);
  const info = arena.f32(5);
  // A window or stride of n or more means the same as n: clamp, so int64 never overflows.
  check(wasm.sparseAttention(pq, pk, pv, n, dk, dv, Math.min(window, n), pg, globals.length,
    Math.min(stride, n), causal, scale, temperature, info));
  const [nnz, rowStart, cols, weights, output] = new Uint32Array(wasm.HEAPU8.buffer, info, 5);
  const buffer = wasm.HEAPU8.buffer;
  return {
    rowStart: new Int32Array(buffer, rowStart, n + 1).slice(),
    cols: new Int32Array(buffer, cols, nnz).slice(),
    weights: new Float32Array(buffer, weights, nnz).slice(),
    output: new Float32Array(buffer, output, n * dv).slice(),
  };
}

/** core.linearAttention: φ = elu + 1 kernelised attention, optionally causal (prefix sums). */
export function linearAttention(ctx, options) {
  const { wasm, arena, check } = ctx;
  checkOptions('linearAttention options', options);
  const n = own(options, 'n');
  checkDimension('n', n);
  const m = own(options, 'm') ?? n;
  checkDimension('m', m);
  const dk = own(options, 'dk');
  checkDimension('dk', dk);
  const dv = own(options, 'dv') ?? dk;
  checkDimension('dv', dv);
  const causal = own(options, 'causal') ?? false;
  checkBoolean('causal', causal);
  if (causal && m !== n) {
    throw new RangeError(`causal: needs as many keys as queries (m = n), got n = ${n}, m = ${m}`);
  }
  arena.reset(4 * (n * dk + m * dk + m * dv + n * dv), 4);
  const pq = writeVector(arena, 'q', own(options, 'q'), n * dk, `n × dk = ${n} × ${dk}`, dk);
  const pk = writeVector(arena, 'k', own(options, 'k'), m * dk, `m × dk = ${m} × ${dk}`, dk);
  const pv = writeVector(arena, 'v', own(options, 'v'), m * dv, `m × dv = ${m} × ${dv}`, dv);
  const out = arena.f32(n * dv);
  check(wasm.linearAttention(pq, pk, pv, n, m, dk, dv, causal, out));
  return { output: arena.readF32(out, n * dv) };
}

/** core.softmaxJacobian: J (len × len), J_ij = p_i (δ_ij − p_j) / T. */
export function softmaxJacobian(ctx, x, options = {}) {
  const { wasm, arena, check } = ctx;
  checkOptions('softmaxJacobian options', options);
  const temperature = own(options, 'temperature') ?? 1;
  checkTemperature(temperature);
  const len = vectorLength('x', x);
  arena.reset(4 * (len + len * len), 2);
  const px = writeVector(arena, 'x', x, len);
  const out = arena.f32(len * len);
  check(wasm.softmaxJacobian(px, len, temperature, out));
  return arena.readF32(out, len * len);
}

/** softmax without the max subtraction: may hold Infinity / NaN, on purpose. */
export function softmaxNaive(ctx, x, temperature) {
  const { wasm, arena, check } = ctx;
  const len = vectorLength('x', x);
  arena.reset(8 * len, 2);
  const px = writeVector(arena, 'x', x, len);
  const out = arena.f32(len);
  check(wasm.softmaxNaive(px, len, temperature, out));
  return arena.readF32(out, len);
}

export { checkBoolean, checkMask };

// cost.js — the JS side of issue 10's entry points: the tiled exact output, sparse and linear
// attention, the softmax Jacobian and the naive softmax. Each function gets the Core's module
// (`wasm`), arena, status check and mask codes (ctx), validates like the rest of the API (own
// properties only, a named TypeError / RangeError), lays out its slices with arena.call, and
// returns fresh typed arrays.

import {
  attentionShape, checkDimension, checkOptions, checkScale, checkTemperature, describe, input, option,
  qkvInputs, vectorLength, writeInput, writeMask,
} from './arguments.js';

export const OUTPUT_NAMES = Object.freeze(['scores', 'scaled', 'weights', 'output']);

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
  return [...outputs];
}

/** True when only the output is asked for: the tiled path that never holds n × m. */
export const outputOnly = (outputs) => outputs.length === 1 && outputs[0] === 'output';

function checkNonNegativeInteger(name, value) {
  if (typeof value !== 'number') throw new TypeError(`${name}: must be a non-negative integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: must be a non-negative integer, got ${describe(value)}`);
  }
}

export function checkBoolean(name, value) {
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

/** attention() with outputs: ['output']: exact, tiled over key blocks (src/core/attention_tiled.h). */
export function attentionOutputTiled({ wasm, arena, check, mask: codes }, { q, k, v, n, m, dk, dv, scale, temperature, mask }) {
  const request = {
    q: ['f32', n * dk], k: ['f32', m * dk], v: ['f32', m * dv],
    mask: ['u8', mask.values ? n * m : 0],
    output: ['f32', n * dv, `n × dv = ${n} × ${dv}`],
  };
  return arena.call(request, (at) => {
    writeInput(arena, at.q, q);
    writeInput(arena, at.k, k);
    writeInput(arena, at.v, v);
    if (mask.values) writeMask(arena, at.mask, mask, n * m);
    check(wasm._ax_attention_output(at.q, at.k, at.v, n, m, dk, dv, scale, temperature,
      codes[mask.kind], at.mask, at.output));
    return { output: arena.readF32(at.output, n * dv) };
  });
}

/** core.sparseAttention: CSR rows of the local / global / strided pattern, weights and output. */
export function sparseAttention({ wasm, arena, check }, options) {
  checkOptions('sparseAttention options', options);
  const n = option(options, 'n');
  checkDimension('n', n);
  const dk = option(options, 'dk');
  checkDimension('dk', dk);
  const dv = option(options, 'dv', dk);
  checkDimension('dv', dv);
  const window = option(options, 'window', 1);
  checkNonNegativeInteger('window', window);
  const stride = option(options, 'stride', 0);
  checkNonNegativeInteger('stride', stride);
  const globals = checkGlobals(option(options, 'globals', []), n);
  const causal = option(options, 'causal', false);
  checkBoolean('causal', causal);
  const scale = option(options, 'scale', 1 / Math.sqrt(dk));
  checkScale(scale);
  const temperature = option(options, 'temperature', 1);
  checkTemperature(temperature);
  const q = input('q', option(options, 'q'), n * dk, `n × dk = ${n} × ${dk}`, dk);
  const k = input('k', option(options, 'k'), n * dk, `n × dk = ${n} × ${dk}`, dk);
  const v = input('v', option(options, 'v'), n * dv, `n × dv = ${n} × ${dv}`, dv);
  const request = {
    q: ['f32', n * dk], k: ['f32', n * dk], v: ['f32', n * dv],
    globals: ['f32', globals.length], // int32 slots: the same size as float32
    info: ['f32', 5],
  };
  return arena.call(request, (at) => {
    writeInput(arena, at.q, q);
    writeInput(arena, at.k, k);
    writeInput(arena, at.v, v);
    new Int32Array(wasm.HEAPU8.buffer, at.globals, globals.length).set(globals);
    // a window or stride of n or more means the same as n: clamped, so int64 never overflows
    check(wasm._ax_sparse_attention(at.q, at.k, at.v, n, dk, dv, Math.min(window, n), at.globals,
      globals.length, Math.min(stride, n), causal ? 1 : 0, scale, temperature, at.info));
    const [nnz, rowStart, cols, weights, output] = new Uint32Array(wasm.HEAPU8.buffer, at.info, 5);
    const buffer = wasm.HEAPU8.buffer;
    return {
      rowStart: new Int32Array(buffer, rowStart, n + 1).slice(),
      cols: new Int32Array(buffer, cols, nnz).slice(),
      weights: new Float32Array(buffer, weights, nnz).slice(),
      output: new Float32Array(buffer, output, n * dv).slice(),
    };
  });
}

/** core.linearAttention: φ = elu + 1 kernelised attention, optionally causal (prefix sums). */
export function linearAttention({ wasm, arena, check }, options) {
  checkOptions('linearAttention options', options);
  const shape = attentionShape(options);
  const { n, m, dk, dv } = shape;
  const causal = option(options, 'causal', false);
  checkBoolean('causal', causal);
  if (causal && m !== n) {
    throw new RangeError(`causal: needs as many keys as queries (m = n), got n = ${n}, m = ${m}`);
  }
  const { q, k, v } = qkvInputs(options, shape);
  const request = { q: ['f32', n * dk], k: ['f32', m * dk], v: ['f32', m * dv], output: ['f32', n * dv, 'n × dv'] };
  return arena.call(request, (at) => {
    writeInput(arena, at.q, q);
    writeInput(arena, at.k, k);
    writeInput(arena, at.v, v);
    check(wasm._ax_linear_attention(at.q, at.k, at.v, n, m, dk, dv, causal ? 1 : 0, at.output));
    return { output: arena.readF32(at.output, n * dv) };
  });
}

/** core.softmaxJacobian: J (len × len), J_ij = p_i (δ_ij − p_j) / T. */
export function softmaxJacobian({ wasm, arena, check }, x, options = {}) {
  checkOptions('softmaxJacobian options', options);
  const temperature = option(options, 'temperature', 1);
  checkTemperature(temperature);
  const xIn = input('x', x, vectorLength('x', x));
  const len = xIn.count;
  return arena.call({ x: ['f32', len], out: ['f32', len * len, `len × len = ${len} × ${len}`] }, (at) => {
    writeInput(arena, at.x, xIn);
    check(wasm._ax_softmax_jacobian(at.x, len, temperature, at.out));
    return arena.readF32(at.out, len * len);
  });
}

/** softmax without the max subtraction: may hold Infinity / NaN, on purpose. */
export function softmaxNaive({ wasm, arena, check }, xIn, temperature) {
  const len = xIn.count;
  return arena.call({ x: ['f32', len], out: ['f32', len] }, (at) => {
    writeInput(arena, at.x, xIn);
    check(wasm._ax_softmax_naive(at.x, len, temperature, at.out));
    return arena.readF32(at.out, len);
  });
}

// trainer.js — the JS face of the core's one-head trainer (core.createTrainer).
//
// The model, its gradients and Adam all run in the WebAssembly core; this file
// checks options, moves tokens in and parameters out, and guards against use
// after dispose(). A trainer holds core memory until dispose() is called.

import { checkOptions, describe, option, typedArrayLength } from './arguments.js';

const TASKS = ['copy', 'previous', 'reverse', 'max'];
const POSITIONS = ['learned', 'sinusoidal', 'none'];
// The module exports HEAPU8, not HEAP32: an Int32Array view of the same (current) buffer.
const heap32 = (wasm) => new Int32Array(wasm.HEAPU8.buffer);

// The length of an array or typed array (a typed array's own getter, not its `length` property), or -1.
function realLength(value) {
  if (Array.isArray(value)) return value.length;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return typedArrayLength(value);
  return -1;
}

const OPTION_NAMES = ['task', 'length', 'vocab', 'dModel', 'positions', 'seed', 'batch', 'lr'];

function checkInteger(name, value, lo, hi) {
  if (typeof value !== 'number') throw new TypeError(`${name}: must be an integer from ${lo} to ${hi}, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`${name}: must be an integer from ${lo} to ${hi}, got ${describe(value)}`);
  }
}

function checkWord(name, value, words) {
  const list = `${words.slice(0, -1).map((w) => `'${w}'`).join(', ')} or '${words.at(-1)}'`;
  if (typeof value !== 'string') throw new TypeError(`${name}: expected ${list}, got ${describe(value)}`);
  if (!words.includes(value)) throw new RangeError(`${name}: unknown ${name} ${describe(value)}; expected ${list}`);
}

/** Options with defaults filled in, every value checked; throws naming the option. */
export function trainerOptions(options) {
  checkOptions('createTrainer options', options);
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new RangeError(`createTrainer options: unknown option ${describe(key)}; expected ${OPTION_NAMES.join(', ')}`);
    }
  }
  const o = {
    task: option(options, 'task'),
    length: option(options, 'length', 6),
    vocab: option(options, 'vocab', 8),
    dModel: option(options, 'dModel', 16),
    positions: option(options, 'positions', 'learned'),
    seed: option(options, 'seed', 1),
    batch: option(options, 'batch', 32),
    lr: option(options, 'lr', 0.01),
  };
  checkWord('task', o.task, TASKS);
  checkInteger('length', o.length, 2, 16);
  checkInteger('vocab', o.vocab, 2, 64);
  checkInteger('dModel', o.dModel, 4, 64);
  checkWord('positions', o.positions, POSITIONS);
  checkInteger('seed', o.seed, 0, 2 ** 32 - 1);
  checkInteger('batch', o.batch, 1, 512);
  if (typeof o.lr !== 'number') throw new TypeError(`lr: must be a finite number > 0, got ${describe(o.lr)}`);
  if (!(Number.isFinite(o.lr) && Math.fround(o.lr) > 0 && Number.isFinite(Math.fround(o.lr)))) {
    throw new RangeError(`lr: must be a finite number > 0, got ${describe(o.lr)}`);
  }
  return Object.freeze(o);
}

/** The sizes of parameters(): name -> number of floats, in the core's order. */
export function parameterSizes({ length, vocab, dModel: d, positions }) {
  return [['wq', d * d], ['wk', d * d], ['wv', d * d], ['wo', d * d], ['embed', vocab * d],
    ['pos', positions === 'none' ? 0 : length * d], ['unembed', d * vocab]];
}

/**
 * A trainer bound to one core. `io` = { wasm, arena, check } from the Core that made it.
 * Methods: step(count), evaluate(tokens), parameters(), dispose().
 */
export class Trainer {
  #io;
  #handle;

  constructor(io, options) {
    this.#io = io;
    /** The options it was made with, defaults filled in (frozen). */
    this.options = trainerOptions(options);
    const o = this.options;
    const { wasm } = io;
    const task = wasm[`TASK_${o.task.toUpperCase()}`];
    const positions = wasm[`POSITIONS_${o.positions.toUpperCase()}`];
    if (typeof task !== 'number' || typeof positions !== 'number') {
      throw new Error('attention core: the WebAssembly module has no trainer (it is older than this loader; run scripts/build)');
    }
    this.#handle = io.arena.call({ handle: ['f64', 1] }, (at) => { // an int32 handle in an 8-byte slot
      io.check(wasm._ax_trainer_create(task, positions, o.length, o.vocab, o.dModel, o.seed >>> 0, o.batch, o.lr, at.handle));
      return heap32(wasm)[at.handle >> 2];
    });
  }

  #live(method) {
    if (this.#handle === 0) throw new Error(`trainer.${method}: this trainer was disposed`);
    return this.#handle;
  }

  /** `count` Adam steps (1 … 100000) -> { step, loss, accuracy } of the last batch. */
  step(count = 1) {
    const handle = this.#live('step');
    checkInteger('count', count, 1, 100000);
    const { wasm, arena, check } = this.#io;
    return arena.call({ out: ['f64', 3] }, (at) => {
      check(wasm._ax_trainer_step(handle, count, at.out));
      const [step, loss, accuracy] = arena.readF64(at.out, 3);
      return { step, loss, accuracy };
    });
  }

  /** tokens: `length` integers in [0, vocab) -> { weights (length × length), predicted }. */
  evaluate(tokens) {
    const handle = this.#live('evaluate');
    const { length: L, vocab } = this.options;
    const count = realLength(tokens);
    if (count < 0) throw new TypeError(`tokens: expected an Int32Array or an array of ${L} integers, got ${describe(tokens)}`);
    if (count !== L) throw new RangeError(`tokens: expected ${L} values (length), got ${count}`);
    const values = new Int32Array(L);
    for (let i = 0; i < L; i += 1) {
      const t = tokens[i];
      if (typeof t !== 'number') throw new TypeError(`tokens: ${describe(t)} at index ${i} is not a number`);
      if (!Number.isInteger(t) || t < 0 || t >= vocab) {
        throw new RangeError(`tokens: value ${describe(t)} at index ${i} is outside [0, vocab) = [0, ${vocab})`);
      }
      values[i] = t;
    }
    const { wasm, arena, check } = this.#io;
    // int32 slices are laid out as f32 ones (same size); the core reads them as int32
    return arena.call({ tokens: ['f32', L], weights: ['f32', L * L], predicted: ['f32', L] }, (at) => {
      heap32(wasm).set(values, at.tokens >> 2);
      check(wasm._ax_trainer_evaluate(handle, at.tokens, L, at.weights, at.predicted));
      return {
        weights: arena.readF32(at.weights, L * L),
        predicted: heap32(wasm).slice(at.predicted >> 2, (at.predicted >> 2) + L),
      };
    });
  }

  /** Copies of every tensor, Float32Array, row-major: wq, wk, wv, wo (d×d), embed (vocab×d),
   * pos (length×d; empty for positions 'none'), unembed (d×vocab). */
  parameters() {
    const handle = this.#live('parameters');
    const sizes = parameterSizes(this.options);
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    const { wasm, arena, check } = this.#io;
    return arena.call({ out: ['f32', total] }, (at) => {
      check(wasm._ax_trainer_parameters(handle, at.out));
      const result = {};
      let address = at.out;
      for (const [name, n] of sizes) {
        result[name] = arena.readF32(address, n);
        address += 4 * n;
      }
      return result;
    });
  }

  /** Frees the trainer's core memory; any later call throws. Calling it twice is harmless. */
  dispose() {
    if (this.#handle === 0) return;
    const handle = this.#handle;
    this.#handle = 0;
    this.#io.check(this.#io.wasm._ax_trainer_dispose(handle));
  }

  /** True once dispose() has run. */
  get disposed() {
    return this.#handle === 0;
  }
}

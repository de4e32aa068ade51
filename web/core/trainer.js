// trainer.js — the JS face of the core's one-head trainer (core.createTrainer).
//
// The model, its gradients and Adam all run in the WebAssembly core; this file
// checks options, moves tokens in and parameters out, and guards against use
// after dispose(). A trainer holds core memory until dispose() is called.

import { checkOptions, describe } from './arguments.js';

const TASKS = ['copy', 'previous', 'reverse', 'max'];
const POSITIONS = ['learned', 'sinusoidal', 'none'];
// The module exports HEAPU8, not HEAP32: an Int32Array view of the same (current) buffer.
const heap32 = (wasm) => new Int32Array(wasm.HEAPU8.buffer);

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
  const own = (key) => (Object.hasOwn(options, key) ? options[key] : undefined);
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new RangeError(`createTrainer options: unknown option ${describe(key)}; expected ${OPTION_NAMES.join(', ')}`);
    }
  }
  const o = {
    task: own('task'),
    length: own('length') ?? 6,
    vocab: own('vocab') ?? 8,
    dModel: own('dModel') ?? 16,
    positions: own('positions') ?? 'learned',
    seed: own('seed') ?? 1,
    batch: own('batch') ?? 32,
    lr: own('lr') ?? 0.01,
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
    const arena = io.arena.reset(8, 1);
    const slot = arena.f64(1); // an int32 handle written into an 8-byte slot
    io.check(io.wasm.trainerCreate(o.task, o.positions, o.length, o.vocab, o.dModel, o.seed >>> 0, o.batch, o.lr, slot));
    this.#handle = heap32(io.wasm)[slot >> 2];
  }

  #live(method) {
    if (this.#handle === 0) throw new Error(`trainer.${method}: this trainer was disposed`);
    return this.#handle;
  }

  /** `count` Adam steps (1 … 100000) -> { step, loss, accuracy } of the last batch. */
  step(count = 1) {
    const handle = this.#live('step');
    checkInteger('count', count, 1, 100000);
    const arena = this.#io.arena.reset(24, 1);
    const out = arena.f64(3);
    this.#io.check(this.#io.wasm.trainerStep(handle, count, out));
    const [step, loss, accuracy] = arena.readF64(out, 3);
    return { step, loss, accuracy };
  }

  /** tokens: `length` integers in [0, vocab) -> { weights (length × length), predicted }. */
  evaluate(tokens) {
    const handle = this.#live('evaluate');
    const { length: L, vocab } = this.options;
    if (!(Array.isArray(tokens) || (ArrayBuffer.isView(tokens) && !(tokens instanceof DataView)))) {
      throw new TypeError(`tokens: expected an Int32Array or an array of ${L} integers, got ${describe(tokens)}`);
    }
    if (tokens.length !== L) throw new RangeError(`tokens: expected ${L} values (length), got ${tokens.length}`);
    const arena = this.#io.arena.reset(4 * (L + L * L + L), 3);
    const pt = arena.f32(L); // 4-byte slots hold int32 tokens
    const heap = heap32(this.#io.wasm);
    for (let i = 0; i < L; i += 1) {
      const t = tokens[i];
      if (typeof t !== 'number') throw new TypeError(`tokens: ${describe(t)} at index ${i} is not a number`);
      if (!Number.isInteger(t) || t < 0 || t >= vocab) {
        throw new RangeError(`tokens: value ${describe(t)} at index ${i} is outside [0, vocab) = [0, ${vocab})`);
      }
      heap[(pt >> 2) + i] = t;
    }
    const pw = arena.f32(L * L);
    const pp = arena.f32(L);
    this.#io.check(this.#io.wasm.trainerEvaluate(handle, pt, L, pw, pp));
    return {
      weights: arena.readF32(pw, L * L),
      predicted: heap32(this.#io.wasm).slice(pp >> 2, (pp >> 2) + L),
    };
  }

  /** Copies of every tensor, Float32Array, row-major: wq, wk, wv, wo (d×d), embed (vocab×d),
   * pos (length×d; empty for positions 'none'), unembed (d×vocab). */
  parameters() {
    const handle = this.#live('parameters');
    const sizes = parameterSizes(this.options);
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    const arena = this.#io.arena.reset(4 * total, 1);
    const out = arena.f32(total);
    this.#io.check(this.#io.wasm.trainerParameters(handle, out));
    const result = {};
    let at = out;
    for (const [name, n] of sizes) {
      result[name] = arena.readF32(at, n);
      at += 4 * n;
    }
    return result;
  }

  /** Frees the trainer's core memory; any later call throws. Calling it twice is harmless. */
  dispose() {
    if (this.#handle === 0) return;
    const handle = this.#handle;
    this.#handle = 0;
    this.#io.check(this.#io.wasm.trainerDispose(handle));
  }

  /** True once dispose() has run. */
  get disposed() {
    return this.#handle === 0;
  }
}

// arguments.js — checks on what callers pass to the core, with messages that
// name the argument and say what was wrong ("k: expected 12 values (m × dk = 3 × 4), got 10").
//
// Trust nothing a caller's object says about itself:
// - options are read from own properties only (a value on Object.prototype changes nothing);
// - a typed array's length and type are read through the TypedArray prototype's own getters,
//   not value.length, so an own `length` property cannot make the copy overrun its slice.
//
// A numeric input is checked in two steps: input() before the arena is laid out (type and
// length), then writeInput() copies exactly the declared count into its slice. A Float32Array
// is copied in one block and the C++ core checks it for NaN and ±Infinity; any other array is
// checked element by element while it is copied, so a string or an out-of-range number is
// reported by its index.

const hasOwn = Object.hasOwn;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedLengthGetter = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const typedTagGetter = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const isArray = Array.isArray;

/** The real type of a typed array ('Float32Array', …), or undefined for anything else. */
export function typedArrayType(value) {
  return typedTagGetter.call(value);
}

/** The real length of a typed array, whatever its own properties say. */
export function typedArrayLength(value) {
  return typedLengthGetter.call(value);
}

export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  if (typeof value === 'number') return String(value);
  return `${typeof value} ${String(value)}`;
}

export function checkOptions(name, options) {
  if (options === null || typeof options !== 'object' || isArray(options)) {
    throw new TypeError(`${name}: expected an object, got ${describe(options)}`);
  }
}

/** options[key] if options has it as an own property, else `fallback`. */
export function option(options, key, fallback) {
  if (!hasOwn(options, key)) return fallback;
  const value = options[key];
  return value === undefined ? fallback : value;
}

export const MAX_DIMENSION = 2 ** 24;

export function checkDimension(name, value) {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}: must be a positive integer, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name}: must be a positive integer, got ${describe(value)}`);
  }
  if (value > MAX_DIMENSION) {
    throw new RangeError(`${name}: ${value} is larger than this core supports (at most ${MAX_DIMENSION})`);
  }
}

function badNumber(name, value, rule) {
  const message = `${name}: must be ${rule}, got ${describe(value)}`;
  return typeof value !== 'number' ? new TypeError(message) : new RangeError(message);
}

export function checkTemperature(value) {
  // finite and > 0 in float32 too (1e-50 rounds to 0, 1e39 to Infinity)
  if (!(typeof value === 'number' && Math.fround(value) > 0 && Math.fround(value) < Infinity)) {
    throw badNumber('temperature', value, 'a finite number > 0');
  }
}

export function checkScale(value) {
  if (!(typeof value === 'number' && Number.isFinite(Math.fround(value)))) {
    throw badNumber('scale', value, 'a finite number');
  }
}

/**
 * The shape of an attention call, each dimension checked: n queries, m keys (default n),
 * key width dk, value width dv (default dk).
 */
export function attentionShape(options) {
  const { n, m, dk } = queryKeyShape(options);
  const dv = option(options, 'dv', dk);
  checkDimension('dv', dv);
  return { n, m, dk, dv };
}

/** n queries, m keys (default n) and the key width dk of a call that compares them, checked. */
export function queryKeyShape(options) {
  const n = option(options, 'n');
  checkDimension('n', n);
  const m = option(options, 'm', n);
  checkDimension('m', m);
  const dk = option(options, 'dk');
  checkDimension('dk', dk);
  return { n, m, dk };
}

/**
 * What turns an attention call's scores into weights, checked: scale (default `defaultScale`),
 * temperature (default 1) and the mask over n × m (default 'none', see checkMask).
 */
export function softmaxOptions(options, n, m, defaultScale) {
  const scale = option(options, 'scale', defaultScale);
  checkScale(scale);
  const temperature = option(options, 'temperature', 1);
  checkTemperature(temperature);
  const mask = checkMask(option(options, 'mask', 'none'), n, m);
  return { scale, temperature, mask };
}

/** q (n × dk), k (m × dk) and v (m × dv) of an attention call, as checked input()s. */
export function qkvInputs(options, { n, m, dk, dv }) {
  return {
    q: input('q', option(options, 'q'), n * dk, 'n × dk', dk),
    k: input('k', option(options, 'k'), m * dk, 'm × dk', dk),
    v: input('v', option(options, 'v'), m * dv, 'm × dv', dv),
  };
}

// The length of an array or typed array (its real one), or -1 for anything else.
function realLength(value) {
  if (isArray(value)) return value.length;
  return typedArrayType(value) === undefined ? -1 : typedArrayLength(value);
}

/** The length of a vector argument: a Float32Array or array of numbers, ≥ 1 long. */
export function vectorLength(name, value) {
  const length = realLength(value);
  if (length < 0) {
    throw new TypeError(`${name}: expected a Float32Array or an array of numbers, got ${describe(value)}`);
  }
  if (length === 0) throw new RangeError(`${name}: must have at least 1 value, got 0`);
  return length;
}

/** Checks that b has the same length as a (already known to be len). */
export function matchLength(aName, len, bName, b) {
  const bLen = vectorLength(bName, b);
  if (bLen !== len) {
    throw new RangeError(`${bName}: expected ${len} values (the length of ${aName}), got ${bLen}`);
  }
}

function position(i, cols) {
  return cols > 1 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
}

/**
 * A numeric input of exactly `count` values, checked for type and length; pass it to
 * writeInput() after layout. For a matrix, `shape` names its dimensions ('n × dk') and `cols`
 * is its width: messages then say "expected 12 values (n × dk = 3 × 4)" and give (row, column)
 * positions. (Messages are built only on failure: this runs on every call.)
 */
export function input(name, value, count, shape, cols = 1) {
  const length = realLength(value);
  if (length < 0) {
    throw new TypeError(`${name}: expected a Float32Array or an array of numbers, got ${describe(value)}`);
  }
  if (length !== count) {
    if (length === 0) throw new RangeError(`${name}: must have at least 1 value, got 0`);
    // shape: a label ('n × dk', numbers filled in here) or a full text ('n × dk = 3 × 4')
    const why = !shape ? '' : shape.includes('=') ? ` (${shape})` : ` (${shape} = ${count / cols} × ${cols})`;
    throw new RangeError(`${name}: expected ${count} values${why}, got ${length}`);
  }
  return { name, value, count, cols, f32: typedArrayType(value) === 'Float32Array' };
}

/** Copies a checked input() into its slice at `address` (from arena.layout). */
export function writeInput(arena, address, { name, value, count, cols, f32 }) {
  const heap = arena.heapF32();
  const start = address >> 2;
  if (f32) {
    // A getter in an earlier input may have detached or shrunk this one since input().
    if (typedArrayLength(value) !== count) {
      throw new RangeError(`${name}: its length changed to ${typedArrayLength(value)} while the call was reading its inputs`);
    }
    heap.set(value, start);
    return;
  }
  // Any other array: every element must be a number, checked here so that a string is named
  // by its index. The engine then converts the lot into the heap in one block (to float32, as
  // Math.fround would), and the core's SIMD scan finds the first NaN or value outside the
  // float32 range, which is described from the array. (One check per element in JS, with
  // fround and a store, cost twice as much at the teaching sizes.)
  for (let i = 0; i < count; i += 1) {
    if (typeof value[i] !== 'number') {
      throw new TypeError(`${name}: ${describe(value[i])} at ${position(i, cols)} is not a number`);
    }
  }
  heap.set(value, start);
  const bad = arena.firstNonFinite(address, count);
  if (bad < count) {
    const x = value[bad];
    const why = Number.isFinite(x) ? ' is outside the float32 range (±3.4e38)' : '; every value must be a finite number';
    throw new RangeError(`${name}: ${describe(x)} at ${position(bad, cols)}${why}`);
  }
}

const MASK_NONE = Object.freeze({ kind: 'none', values: null });
const MASK_CAUSAL = Object.freeze({ kind: 'causal', values: null });

/**
 * 'none' | 'causal' | Uint8Array(n·m) (or an array of 0/1) -> { kind, values }, kind one of
 * 'none', 'causal', 'explicit' (the loader maps it to the module's MASK_* constant).
 */
export function checkMask(mask, n, m) {
  if (mask === 'none') return MASK_NONE;
  if (mask === 'causal') return MASK_CAUSAL;
  const shape = `n × m = ${n} × ${m} = ${n * m} values`;
  if (typeof mask === 'string') {
    throw new RangeError(`mask: unknown mask ${describe(mask)}; expected 'none', 'causal' or a Uint8Array of ${shape} (1 visible, 0 hidden)`);
  }
  const length = realLength(mask);
  if (length < 0) {
    throw new TypeError(`mask: expected 'none', 'causal' or a Uint8Array of ${shape}, got ${describe(mask)}`);
  }
  if (length !== n * m) {
    throw new RangeError(`mask: expected ${shape}, got ${length}`);
  }
  if (typedArrayType(mask) === 'Uint8Array') return { kind: 'explicit', values: mask }; // 0/1 checked by the core
  const values = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    const x = mask[i];
    if (x !== 0 && x !== 1) {
      throw new RangeError(`mask: value ${describe(x)} at ${position(i, m)}; expected 0 (hidden) or 1 (visible)`);
    }
    values[i] = x;
  }
  return { kind: 'explicit', values };
}

/** Copies a checked mask's n·m bytes into its slice at `address`. */
export function writeMask(arena, address, mask, count) {
  if (typedArrayLength(mask.values) !== count) {
    throw new RangeError(`mask: its length changed to ${typedArrayLength(mask.values)} while the call was reading its inputs`);
  }
  arena.heapU8().set(mask.values, address);
}

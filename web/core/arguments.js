// arguments.js — checks on what callers pass to the core, with messages that
// name the argument and say what was wrong ("k: expected 12 values (m × dk = 3 × 4), got 10").
//
// Values are written into the module's heap here. A Float32Array is copied in
// one block and the C++ core checks it for NaN and ±Infinity; any other array
// is checked element by element while it is copied, so a string or an
// out-of-range number is reported by its index.

export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  if (typeof value === 'number') return String(value);
  return `${typeof value} ${String(value)}`;
}

export function checkOptions(name, options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${name}: expected an object, got ${describe(options)}`);
  }
}

export function checkDimension(name, value) {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}: must be a positive integer, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name}: must be a positive integer, got ${describe(value)}`);
  }
  if (value > 2 ** 24) {
    throw new RangeError(`${name}: ${value} is larger than this core supports (at most ${2 ** 24})`);
  }
}

function checkNumber(name, value, rule, ok) {
  if (typeof value !== 'number') throw new TypeError(`${name}: must be ${rule}, got ${describe(value)}`);
  if (!ok(value)) throw new RangeError(`${name}: must be ${rule}, got ${describe(value)}`);
}

export function checkTemperature(value) {
  checkNumber('temperature', value, 'a finite number > 0', (t) => Number.isFinite(t) && Number.isFinite(Math.fround(t)) && Math.fround(t) > 0);
}

export function checkScale(value) {
  checkNumber('scale', value, 'a finite number', (s) => Number.isFinite(Math.fround(s)));
}

function isArrayLike(value) {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** The length of a vector argument: a Float32Array or array of numbers, ≥ 1 long. */
export function vectorLength(name, value) {
  if (!isArrayLike(value)) {
    throw new TypeError(`${name}: expected a Float32Array or an array of numbers, got ${describe(value)}`);
  }
  if (value.length === 0) throw new RangeError(`${name}: must have at least 1 value, got 0`);
  return value.length;
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
 * Copies `value` (len numbers; `shape` explains len in messages, `cols` gives
 * row/column positions) into a fresh slice of the arena and returns its address.
 */
export function writeVector(arena, name, value, len, shape, cols = 1) {
  if (!isArrayLike(value)) {
    throw new TypeError(`${name}: expected a Float32Array or an array of numbers, got ${describe(value)}`);
  }
  if (value.length !== len) {
    const why = shape ? ` (${shape})` : '';
    throw new RangeError(`${name}: expected ${len} values${why}, got ${value.length}`);
  }
  const address = arena.f32(len);
  const heap = arena.heapF32();
  const start = address >> 2;
  if (value instanceof Float32Array) {
    heap.set(value, start);
    return address;
  }
  for (let i = 0; i < len; i += 1) {
    const x = value[i];
    if (typeof x !== 'number') {
      throw new TypeError(`${name}: ${describe(x)} at ${position(i, cols)} is not a number`);
    }
    const f = Math.fround(x);
    if (!Number.isFinite(f)) {
      const why = Number.isFinite(x) ? ' is outside the float32 range (±3.4e38)' : '; every value must be a finite number';
      throw new RangeError(`${name}: ${describe(x)} at ${position(i, cols)}${why}`);
    }
    heap[start + i] = f;
  }
  return address;
}

/** 'none' | 'causal' | Uint8Array(n·m) (or an array of 0/1) -> { kind, values }. */
export function checkMask(mask, n, m) {
  const shape = `n × m = ${n} × ${m} = ${n * m} values`;
  if (mask === 'none') return { kind: 0, values: null };
  if (mask === 'causal') return { kind: 1, values: null };
  if (typeof mask === 'string') {
    throw new RangeError(`mask: unknown mask ${describe(mask)}; expected 'none', 'causal' or a Uint8Array of ${shape} (1 visible, 0 hidden)`);
  }
  if (!isArrayLike(mask)) {
    throw new TypeError(`mask: expected 'none', 'causal' or a Uint8Array of ${shape}, got ${describe(mask)}`);
  }
  if (mask.length !== n * m) {
    throw new RangeError(`mask: expected ${shape}, got ${mask.length}`);
  }
  if (mask instanceof Uint8Array) return { kind: 2, values: mask }; // 0/1 checked by the core
  const values = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i += 1) {
    const x = mask[i];
    if (x !== 0 && x !== 1) {
      throw new RangeError(`mask: value ${describe(x)} at ${position(i, m)}; expected 0 (hidden) or 1 (visible)`);
    }
    values[i] = x;
  }
  return { kind: 2, values };
}

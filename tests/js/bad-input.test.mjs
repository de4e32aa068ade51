// bad-input.test.mjs — every class of bad input throws an Error naming the argument,
// and the core keeps giving the same answers afterwards.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import { assertThrowsNaming, assertSameBits } from '../js-support/check.mjs';

const cores = await bothCores();

// A valid attention call: n=2, m=3, dk=4, dv=5 → q 8, k 12, v 15 values, mask 6.
const range = (count, start = 0.1) => Float32Array.from({ length: count }, (_, i) => start * (i + 1) * (i % 2 ? -1 : 1));
const BASE = Object.freeze({ q: range(8), k: range(12, 0.05), v: range(15, 0.2), n: 2, m: 3, dk: 4, dv: 5 });
const A = [1, 2, 3];
const B = [0.5, -1, 4];

// Inputs that are not numeric, for an argument of `count` values.
function nonNumeric(count) {
  const withString = Array.from({ length: count }, (_, i) => i + 1);
  withString[Math.floor(count / 2)] = 'x';
  const withNumericString = Array.from({ length: count }, (_, i) => i + 1);
  withNumericString[0] = '1';
  return [
    ['a string', 'abc'],
    ['a string of digits of the right length', '12345678901234567890'.slice(0, count)],
    ['a string of letters of the right length', 'abcdefghijklmnopqrstu'.slice(0, count)],
    ['an object', {}],
    ['an array-like object', { length: count }],
    ['null', null],
    ['undefined', undefined],
    ['an array containing a string', withString],
    ['an array containing a numeric string', withNumericString],
  ];
}

// Values that are not finite, placed at the start, middle and end.
function nonFinite(values) {
  const out = [];
  for (const [bad, where] of [[NaN, 0], [Infinity, Math.floor(values.length / 2)], [-Infinity, values.length - 1]]) {
    const copy = Float32Array.from(values);
    copy[where] = bad;
    out.push([`${bad} at [${where}]`, copy]);
    out.push([`${bad} at [${where}] in a number[]`, Array.from(copy)]);
  }
  return out;
}

const NOT_POSITIVE_INTEGER = [0, -1, 1.5, NaN, '3', Infinity];
const FINITE_WORDING = /NaN|Infinity|finite/i;

// Every bad call: [label, call(core), names the message may lead with, extra message checks]
function badCalls() {
  const calls = [];
  const attention = (overrides) => (core) => core.attention({ ...BASE, ...overrides });

  // wrong length for the declared shape: the message gives the expected and actual counts
  for (const [name, expected, wrong] of [['q', 8, [7, 9]], ['k', 12, [10, 13]], ['v', 15, [14, 16]]]) {
    for (const count of wrong) {
      calls.push([`attention ${name} with ${count} values instead of ${expected}`,
        attention({ [name]: range(count) }), name, [new RegExp(`\\b${expected}\\b`), new RegExp(`\\b${count}\\b`)]]);
    }
  }
  calls.push(['attention dv=6: v needs 18 values, has 15', attention({ dv: 6 }), 'v', [/\b18\b/, /\b15\b/]]);
  calls.push(['attention q as an empty array', attention({ q: [] }), 'q', []]);

  // dimensions that are not positive integers
  for (const dim of ['n', 'm', 'dk', 'dv']) {
    for (const value of NOT_POSITIVE_INTEGER) {
      calls.push([`attention ${dim} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)} (${typeof value})`, attention({ [dim]: value }), dim, []]);
    }
  }
  calls.push(['attention without n', attention({ n: undefined }), 'n', []]);
  calls.push(['attention without dk', attention({ dk: undefined }), 'dk', []]);

  // non-finite and non-numeric q, k, v
  for (const name of ['q', 'k', 'v']) {
    for (const [what, value] of nonFinite(BASE[name])) {
      calls.push([`attention ${name} with ${what}`, attention({ [name]: value }), name, [FINITE_WORDING]]);
    }
    for (const [what, value] of nonNumeric(BASE[name].length)) {
      calls.push([`attention ${name} is ${what}`, attention({ [name]: value }), name, []]);
    }
  }

  // temperature ≤ 0 or not finite; scale not finite
  for (const value of [0, -0, -1, -1e-3, NaN, Infinity, -Infinity, 'hot', null]) {
    calls.push([`attention temperature = ${String(value)}`, attention({ temperature: value }), 'temperature', []]);
  }
  for (const value of [NaN, Infinity, -Infinity, 'big', null]) {
    calls.push([`attention scale = ${String(value)}`, attention({ scale: value }), 'scale', []]);
  }

  // masks: wrong length, values other than 0/1, unknown names
  calls.push(['attention mask of 5 values instead of 6', attention({ mask: new Uint8Array(5).fill(1) }), 'mask', [/\b6\b/, /\b5\b/]]);
  calls.push(['attention mask of 7 values instead of 6', attention({ mask: new Uint8Array(7).fill(1) }), 'mask', [/\b6\b/, /\b7\b/]]);
  calls.push(['attention mask containing 2', attention({ mask: Uint8Array.from([1, 1, 2, 1, 0, 1]) }), 'mask', []]);
  calls.push(['attention mask containing 255', attention({ mask: Uint8Array.from([1, 1, 1, 1, 0, 255]) }), 'mask', []]);
  for (const value of ['diagonal', 'future', '', 'causal ', 42, {}]) {
    calls.push([`attention mask = ${JSON.stringify(value)}`, attention({ mask: value }), 'mask', []]);
  }

  // dot, norm, cosine, angle: bad a or b
  const pairs = [['dot', (core, a, b) => core.dot(a, b)], ['cosine', (core, a, b) => core.cosine(a, b)], ['angle', (core, a, b) => core.angle(a, b)]];
  for (const [fn, call] of pairs) {
    for (const [what, value] of nonFinite(A)) {
      calls.push([`${fn} a with ${what}`, (core) => call(core, value, B), 'a', [FINITE_WORDING]]);
      calls.push([`${fn} b with ${what}`, (core) => call(core, A, value), 'b', [FINITE_WORDING]]);
    }
    for (const [what, value] of nonNumeric(3)) {
      calls.push([`${fn} a is ${what}`, (core) => call(core, value, B), 'a', []]);
      calls.push([`${fn} b is ${what}`, (core) => call(core, A, value), 'b', []]);
    }
    calls.push([`${fn} of two empty vectors`, (core) => call(core, [], []), ['a', 'b'], []]);
    calls.push([`${fn} of empty Float32Arrays`, (core) => call(core, new Float32Array(0), new Float32Array(0)), ['a', 'b'], []]);
    calls.push([`${fn} of lengths 3 and 2`, (core) => call(core, A, [1, 2]), ['a', 'b'], [/\b3\b/, /\b2\b/]]);
    calls.push([`${fn} of lengths 2 and 3`, (core) => call(core, [1, 2], B), ['a', 'b'], [/\b3\b/, /\b2\b/]]);
  }
  for (const fn of ['cosine', 'angle']) {
    calls.push([`${fn} with a the zero vector`, (core) => core[fn]([0, 0, 0], B), 'a', []]);
    calls.push([`${fn} with b the zero vector`, (core) => core[fn](A, new Float32Array(3)), 'b', []]);
    calls.push([`${fn} of two zero vectors`, (core) => core[fn]([0, 0], [0, 0]), ['a', 'b'], []]);
  }
  for (const [what, value] of [...nonFinite(A), ...nonNumeric(3), ['an empty array', []]]) {
    calls.push([`norm a is ${what}`, (core) => core.norm(value), 'a', []]);
  }

  // softmax: bad x, bad temperature
  for (const [what, value] of [...nonFinite([1, 2, 3, 4]), ...nonNumeric(4), ['an empty array', []], ['an empty Float32Array', new Float32Array(0)]]) {
    calls.push([`softmax x is ${what}`, (core) => core.softmax(value), 'x', []]);
  }
  for (const value of [0, -0, -2, NaN, Infinity, -Infinity, 'hot', null]) {
    calls.push([`softmax temperature = ${String(value)}`, (core) => core.softmax([1, 2, 3], { temperature: value }), 'temperature', []]);
  }
  return calls;
}

// A fixed set of valid calls whose answers must not change after any failure.
function sanity(core) {
  return {
    attention: core.attention(BASE),
    causal: core.attention({ ...BASE, m: 2, k: range(8, 0.05), v: range(10, 0.2), mask: 'causal' }),
    dot: core.dot(A, B),
    cosine: core.cosine(A, B),
    angle: core.angle(A, B),
    norm: core.norm(A),
    softmax: core.softmax(B, { temperature: 0.7 }),
  };
}

function assertSameSanity(actual, expected, label) {
  for (const key of ['dot', 'cosine', 'angle', 'norm', 'softmax']) assertSameBits(actual[key], expected[key], `${label}: ${key}`);
  for (const key of ['attention', 'causal']) {
    for (const part of ['scores', 'scaled', 'weights', 'output']) {
      assertSameBits(actual[key][part], expected[key][part], `${label}: ${key}.${part}`);
    }
  }
}

for (const { build, core } of cores) {
  describe(`bad input (${build} build)`, () => {
    let expected;
    before(() => {
      expected = sanity(core);
    });

    for (const [label, call, names, also] of badCalls()) {
      it(`${label} → throws naming ${[names].flat().join(' or ')}`, () => {
        assertThrowsNaming(() => call(core), names, { also, label });
        assertSameSanity(sanity(core), expected, `valid calls after "${label}"`);
      });
    }

    it('a number[] names the position and the reason of its first bad value (the heap copy is checked by the core)', () => {
      const q = Array.from(BASE.q);
      for (const [where, bad, reason] of [[0, 1e39, /outside the float32 range/], [5, -1e39, /outside the float32 range/],
        [7, NaN, /finite/], [3, -Infinity, /finite/]]) {
        const withBad = q.slice();
        withBad[where] = bad;
        withBad[where + 1 < withBad.length ? where + 1 : 0] = NaN; // a second bad value later (or earlier) must not be the one named
        const first = Math.min(where, where + 1 < withBad.length ? where + 1 : 0);
        const row = Math.floor(first / BASE.dk), col = first % BASE.dk;
        assert.throws(() => core.attention({ ...BASE, q: withBad }), (e) => e instanceof RangeError &&
          e.message.startsWith('q: ') && e.message.includes(`row ${row}, column ${col}`) &&
          (first === where ? reason : /finite/).test(e.message), `q[${where}] = ${bad}`);
        assertSameSanity(sanity(core), expected, `valid calls after q[${where}] = ${bad}`);
      }
      // 3.4028235e38 rounds to FLT_MAX in float32 and is accepted; 3.4028236e38 rounds to Infinity
      const edge = q.slice();
      edge[2] = 3.4028235e38;
      assert.doesNotThrow(() => core.attention({ ...BASE, q: edge, scale: 1e-40 }));
      edge[2] = 3.4028236e38;
      assert.throws(() => core.attention({ ...BASE, q: edge }), /q: .*row 0, column 2 is outside the float32 range/);
    });

    it('project (when present) rejects a zero q, unequal lengths and NaN', { skip: typeof core.project !== 'function' && 'core.project is not exported' }, () => {
      assertThrowsNaming(() => core.project(A, [0, 0, 0]), 'q', { label: 'project onto the zero vector' });
      assertThrowsNaming(() => core.project(A, [1, 2]), ['k', 'q'], { label: 'project lengths 3 and 2' });
      assertThrowsNaming(() => core.project([1, NaN, 3], B), 'k', { label: 'project k with NaN', also: [FINITE_WORDING] });
      assertThrowsNaming(() => core.project(A, [1, Infinity, 3]), 'q', { label: 'project q with Infinity', also: [FINITE_WORDING] });
      assertThrowsNaming(() => core.project([], []), ['k', 'q'], { label: 'project of empty vectors' });
      assertThrowsNaming(() => core.project('abc', B), 'k', { label: 'project k a string' });
      assertSameSanity(sanity(core), expected, 'valid calls after project errors');
    });
  });
}


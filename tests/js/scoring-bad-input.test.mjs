// scoring-bad-input.test.mjs — bad input to core.scores, core.attention({ kind })
// and core.multiHead throws a RangeError or TypeError naming the argument, and
// the core gives the same answers afterwards (both builds).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import { assertThrowsNaming, assertSameBits } from '../js-support/check.mjs';

const cores = await bothCores();
const range = (count, start = 0.1) => Float32Array.from({ length: count }, (_, i) => start * (i + 1) * (i % 2 ? -1 : 1));

// n 2, m 3, dq 4, dk 5, dh 3
const BILINEAR = Object.freeze({ q: range(8), k: range(15, 0.05), n: 2, m: 3, dq: 4, dk: 5, kind: 'bilinear', w: range(20, 0.02) });
const ADDITIVE = Object.freeze({ q: range(8), k: range(15, 0.05), n: 2, m: 3, dq: 4, dk: 5, kind: 'additive', wq: range(12), wk: range(15), u: range(3), dh: 3 });
const COSINE = Object.freeze({ q: range(8), k: range(12, 0.05), n: 2, m: 3, dk: 4, kind: 'cosine' });
const MULTI = Object.freeze({ x: range(16), n: 2, dModel: 8, heads: 2, wq: range(64, 0.01), wk: range(64, 0.02), wv: range(64, 0.03), wo: range(64, 0.01) });

function expectThrow(fn, name, type, label, also = []) {
  const error = assertThrowsNaming(fn, name, { label, also });
  assert.ok(error instanceof type, `${label}: ${error.constructor.name} (${error.message}), expected ${type.name}`);
}

for (const { build, core } of cores) {
  describe(`scoring bad input (${build})`, () => {
    const reference = () => ({
      bilinear: core.scores(BILINEAR), additive: core.scores(ADDITIVE), cosine: core.scores(COSINE), multi: core.multiHead(MULTI).output,
    });
    const before = reference();

    for (const [name, call] of [['scores', (o) => core.scores(o)], ['attention', (o) => core.attention({ v: range(o.m * 2), dv: 2, ...o })]]) {
      it(`${name}: unknown kind, a kind that is not a string`, () => {
        expectThrow(() => call({ ...COSINE, kind: 'scaled' }), 'kind', RangeError, 'scaled', [/additive/]);
        expectThrow(() => call({ ...COSINE, kind: 'Dot' }), 'kind', RangeError, 'Dot');
        expectThrow(() => call({ ...COSINE, kind: 3 }), 'kind', TypeError, '3');
      });
      it(`${name}: a kind's missing matrix (TypeError) or surplus matrix (RangeError)`, () => {
        expectThrow(() => call({ ...COSINE, w: range(16) }), 'w', RangeError, 'w with cosine', [/cosine/]);
        expectThrow(() => call({ ...COSINE, kind: 'dot', w: range(16) }), 'w', RangeError, 'w with dot', [/dot/]);
        expectThrow(() => call({ ...BILINEAR, u: range(3) }), 'u', RangeError, 'u with bilinear');
        expectThrow(() => call({ ...ADDITIVE, w: range(20) }), 'w', RangeError, 'w with additive');
        expectThrow(() => call({ ...COSINE, dh: 2 }), 'dh', RangeError, 'dh with cosine');
        const { w, ...noW } = BILINEAR;
        expectThrow(() => call(noW), 'w', TypeError, 'bilinear without w');
        for (const missing of ['wq', 'wk', 'u']) {
          const args = { ...ADDITIVE };
          delete args[missing];
          expectThrow(() => call(args), missing, TypeError, `additive without ${missing}`);
        }
      });
      it(`${name}: wrong lengths for the declared shape`, () => {
        expectThrow(() => call({ ...BILINEAR, w: range(19) }), 'w', RangeError, 'w length', [/dq × dk = 4 × 5/]);
        expectThrow(() => call({ ...BILINEAR, q: range(10) }), 'q', RangeError, 'q length', [/n × dq/]);
        expectThrow(() => call({ ...ADDITIVE, wq: range(11) }), 'wq', RangeError, 'wq length', [/dh × dq/]);
        expectThrow(() => call({ ...ADDITIVE, wk: range(16) }), 'wk', RangeError, 'wk length');
        expectThrow(() => call({ ...ADDITIVE, u: range(4) }), 'u', RangeError, 'u length');
        expectThrow(() => call({ ...COSINE, dq: 3 }), 'dq', RangeError, 'dq ≠ dk for cosine');
        expectThrow(() => call({ ...BILINEAR, dq: 0 }), 'dq', RangeError, 'dq 0');
        expectThrow(() => call({ ...ADDITIVE, dh: 1.5 }), 'dh', RangeError, 'dh 1.5');
      });
      it(`${name}: non-finite and non-numeric values, named with their position`, () => {
        for (const bad of [NaN, Infinity, -Infinity]) {
          for (const key of ['q', 'k', 'wq', 'wk', 'u']) {
            const values = Float32Array.from(ADDITIVE[key]);
            values[values.length - 1] = bad;
            expectThrow(() => call({ ...ADDITIVE, [key]: values }), key, RangeError, `${key} ${bad}`, [/NaN|Infinity|finite/]);
          }
          const w = Array.from(BILINEAR.w);
          w[6] = bad;
          expectThrow(() => call({ ...BILINEAR, w }), 'w', RangeError, `w ${bad}`, [/row 1, column 1/]);
        }
        expectThrow(() => call({ ...BILINEAR, w: 'abc' }), 'w', TypeError, 'w string');
        expectThrow(() => call({ ...ADDITIVE, u: [1, 'x', 2] }), 'u', TypeError, 'u with a string');
      });
      it(`${name}: cosine of a zero row names q or k and the row`, () => {
        const q = Float32Array.from(COSINE.q);
        q.fill(0, 4, 8);
        expectThrow(() => call({ ...COSINE, q }), 'q', RangeError, 'zero q row', [/row 1/]);
        const k = Float32Array.from(COSINE.k);
        k.fill(0, 0, 4);
        expectThrow(() => call({ ...COSINE, k }), 'k', RangeError, 'zero k row', [/row 0/]);
      });
    }

    it('multiHead: heads not dividing dModel, shapes, values, masks', () => {
      expectThrow(() => core.multiHead({ ...MULTI, heads: 3 }), 'heads', RangeError, 'heads 3', [/dModel = 8/]);
      expectThrow(() => core.multiHead({ ...MULTI, heads: 0 }), 'heads', RangeError, 'heads 0');
      expectThrow(() => core.multiHead({ ...MULTI, dModel: '8' }), 'dModel', TypeError, 'dModel string');
      expectThrow(() => core.multiHead({ ...MULTI, x: range(15) }), 'x', RangeError, 'x length', [/n × dModel/]);
      expectThrow(() => core.multiHead({ ...MULTI, wo: range(63) }), 'wo', RangeError, 'wo length', [/dModel × dModel/]);
      expectThrow(() => core.multiHead({ ...MULTI, source: range(13) }), 'source', RangeError, 'source not rows');
      expectThrow(() => core.multiHead({ ...MULTI, source: range(24), m: 4 }), 'source', RangeError, 'source vs m');
      expectThrow(() => core.multiHead({ ...MULTI, m: 3 }), 'm', RangeError, 'm without source');
      expectThrow(() => core.multiHead({ ...MULTI, mask: 'diagonal' }), 'mask', RangeError, 'mask name');
      expectThrow(() => core.multiHead({ ...MULTI, source: range(24), mask: new Uint8Array(4) }), 'mask', RangeError, 'mask length');
      const wk = Float32Array.from(MULTI.wk);
      wk[9] = NaN;
      expectThrow(() => core.multiHead({ ...MULTI, wk }), 'wk', RangeError, 'wk NaN', [/row 1, column 1/]);
      expectThrow(() => core.multiHead({ ...MULTI, wq: new Float32Array(64).fill(3e38), x: new Float32Array(16).fill(1) }), 'q', RangeError, 'q overflow', [/overflow/]);
      expectThrow(() => core.multiHead(null), 'multiHead options', TypeError, 'null options');
    });

    it('the core gives the same answers after every error', () => {
      const after = reference();
      for (const key of Object.keys(before)) assertSameBits(after[key], before[key], key);
    });
  });
}

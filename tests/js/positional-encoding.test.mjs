// positional-encoding.test.mjs — core.positionalEncoding({ n, d }) against an independent float64
// reference written here from the paper's formula (Math.pow, element by element), both builds.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import { assertClose } from '../js-support/check.mjs';

const cores = await bothCores();

/** PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)); float64. */
function reference(n, d) {
  const out = new Float64Array(n * d);
  for (let pos = 0; pos < n; pos++) {
    for (let i = 0; 2 * i < d; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / d);
      out[pos * d + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < d) out[pos * d + 2 * i + 1] = Math.cos(angle);
    }
  }
  return out;
}

const SHAPES = [[1, 1], [1, 2], [2, 3], [3, 4], [6, 6], [7, 5], [16, 6], [16, 16], [50, 17], [64, 64], [513, 67], [1000, 2]];

for (const { build, core } of cores) {
  describe(`positionalEncoding (${build} build)`, () => {
    it('matches the float64 reference at odd and even d', () => {
      for (const [n, d] of SHAPES) {
        const got = core.positionalEncoding({ n, d });
        assert.ok(got instanceof Float32Array, 'returns a Float32Array');
        assert.equal(got.length, n * d);
        // values in [−1, 1]: an absolute tolerance (float32 rounding is ≤ 6e-8)
        assertClose(Array.from(got), Array.from(reference(n, d)), { rel: 0, abs: 1e-6, label: `n=${n} d=${d}` });
      }
    });

    it('puts sin on even columns and cos on odd ones (row 0 is 0, 1, 0, 1, …)', () => {
      const pe = core.positionalEncoding({ n: 2, d: 5 });
      assert.deepEqual(Array.from(pe.subarray(0, 5)), [0, 1, 0, 1, 0]);
      assert.ok(Math.abs(pe[5] - Math.sin(1)) < 1e-7 && Math.abs(pe[6] - Math.cos(1)) < 1e-7);
    });

    it('names the bad argument and keeps working afterwards', () => {
      const cases = [
        [undefined, TypeError, /positionalEncoding options/],
        [{ n: 0, d: 4 }, RangeError, /^n: /],
        [{ n: 4, d: 2.5 }, RangeError, /^d: /],
        [{ n: 4 }, TypeError, /^d: /],
        [{ n: '4', d: 4 }, TypeError, /^n: /],
        [{ n: 4, d: NaN }, RangeError, /^d: /],
        [{ n: 2 ** 14, d: 2 ** 14 }, RangeError, /^n × d: /],
      ];
      for (const [options, type, pattern] of cases) {
        assert.throws(() => core.positionalEncoding(options), (e) => e instanceof type && pattern.test(e.message), JSON.stringify(options));
      }
      // inherited options are not read
      const proto = Object.create({ n: 3, d: 3 });
      assert.throws(() => core.positionalEncoding(proto), TypeError);
      assertClose(Array.from(core.positionalEncoding({ n: 3, d: 4 })), Array.from(reference(3, 4)), { rel: 0, abs: 1e-6, label: 'after errors' });
    });

    it('keeps the memory size for repeated calls of one shape', () => {
      core.positionalEncoding({ n: 64, d: 64 });
      const before = core.memoryBytes();
      for (let i = 0; i < 50; i++) core.positionalEncoding({ n: 64, d: 64 });
      assert.equal(core.memoryBytes(), before);
    });
  });
}

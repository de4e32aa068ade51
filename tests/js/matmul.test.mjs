// matmul.test.mjs — core.matmul(a, b, n, k, m), when the core exports it (not in the brief's contract).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, assertThrowsNaming } from '../js-support/check.mjs';

announceSeed('matmul.test.mjs');
const cores = await bothCores();

for (const { build, core } of cores) {
  const skip = typeof core.matmul !== 'function' && 'core.matmul is not exported';
  describe(`matmul (${build} build)`, { skip }, () => {
    it('matches the reference as each of n, k, m runs through 1..67', () => {
      const rng = makeRandom(`matmul ${build}`);
      for (const dim of ['n', 'k', 'm']) {
        for (let size = 1; size <= 67; size++) {
          const { n, k, m } = { n: rng.int(1, 12), k: rng.int(1, 12), m: rng.int(1, 12), [dim]: size };
          const a = rng.vector(n * k);
          const b = rng.vector(k * m);
          const got = core.matmul(a, b, n, k, m);
          assert.ok(got instanceof Float32Array);
          assert.equal(got.length, n * m);
          const { value, magnitude } = ref.matmul(a, b, n, k, m);
          assertClose(got, value, { magnitude, label: `matmul n=${n} k=${k} m=${m} ${rng.tag}` });
        }
      }
      assert.deepEqual(Array.from(core.matmul([1, 2, 3, 4], [5, 6, 7, 8], 2, 2, 2)), [19, 22, 43, 50]);
    });

    it('rejects bad input, naming the argument', () => {
      assertThrowsNaming(() => core.matmul([1, 2, 3], [1, 2, 3, 4], 2, 2, 2), 'a', { also: [/\b4\b/, /\b3\b/] });
      assertThrowsNaming(() => core.matmul([1, 2, 3, 4], [1, 2, 3], 2, 2, 2), 'b', { also: [/\b4\b/, /\b3\b/] });
      assertThrowsNaming(() => core.matmul([1, NaN, 3, 4], [1, 2, 3, 4], 2, 2, 2), 'a');
      for (const [name, args] of [['n', [0, 2, 2]], ['k', [2, 1.5, 2]], ['m', [2, 2, -1]]]) {
        assertThrowsNaming(() => core.matmul([1, 2, 3, 4], [1, 2, 3, 4], ...args), name);
      }
      assert.deepEqual(Array.from(core.matmul([1, 2, 3, 4], [5, 6, 7, 8], 2, 2, 2)), [19, 22, 43, 50]);
    });
  });
}

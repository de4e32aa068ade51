// softmax.test.mjs — core.softmax(x, { temperature }) against the float64 reference.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertWeightsClose, assertRowSums, assertAllFinite, assertSameBits } from '../js-support/check.mjs';

announceSeed('softmax.test.mjs');
const cores = await bothCores();

const LENGTHS = [...Array.from({ length: 67 }, (_, i) => i + 1), 100, 127, 128, 129, 1000, 4096];
const TEMPERATURES = [1, 0.1, 0.5, 2, 10];
const RANGES = [[-1, 1], [-10, 10], [-1e4, 1e4], [0, 1e-6]];

function check(core, x, temperature, label) {
  const got = temperature === undefined ? core.softmax(x) : core.softmax(x, { temperature });
  assert.ok(got instanceof Float32Array, `${label}: softmax returned ${Object.prototype.toString.call(got)}`);
  assert.equal(got.length, x.length, `${label}: length`);
  assertAllFinite(got, label);
  assertWeightsClose(got, ref.softmax(x, { temperature }), label);
  assertRowSums(got, 1, x.length, { label });
  return got;
}

for (const { build, core } of cores) {
  describe(`softmax (${build} build)`, () => {
    it('matches the reference for every length, range and temperature', () => {
      const rng = makeRandom(`softmax ${build}`);
      for (const len of LENGTHS) {
        for (const [lo, hi] of RANGES) {
          const temperature = rng.pick(TEMPERATURES);
          const x = rng.vector(len, lo, hi);
          check(core, x, temperature, `softmax len=${len} x∈[${lo},${hi}] T=${temperature} ${rng.tag}`);
        }
      }
    });

    it('every temperature on one input', () => {
      const rng = makeRandom(`softmax-temperature ${build}`);
      const x = rng.vector(37, -5, 5);
      for (const temperature of [1e-3, 0.01, 0.1, 0.3, 1, 3, 100, 1e4]) {
        check(core, x, temperature, `softmax T=${temperature} ${rng.tag}`);
      }
    });

    it('defaults to temperature 1', () => {
      const x = new Float32Array([0.5, -1, 2, 0, 3.25]);
      assertSameBits(core.softmax(x), core.softmax(x, { temperature: 1 }), 'softmax(x) vs T=1');
      assertSameBits(core.softmax(x, {}), core.softmax(x, { temperature: 1 }), 'softmax(x, {}) vs T=1');
    });

    it('gives the textbook answers on simple inputs', () => {
      assert.deepEqual(Array.from(core.softmax([42])), [1]);
      assertWeightsClose(core.softmax([-7, -7, -7, -7]), [0.25, 0.25, 0.25, 0.25], 'softmax of a constant');
      const x = [0, Math.log(3)];
      check(core, x, 1, 'softmax([0, ln 3]) = [1/4, 3/4]');
    });

    it('stays finite and sums to 1 for inputs as large as 1e30 (and near FLT_MAX)', () => {
      const cases = [
        { x: [1e30, 1e30, -1e30], expected: [0.5, 0.5, 0] },
        { x: [1e30, 0], expected: [1, 0] },
        { x: [-1e30, -1e30], expected: [0.5, 0.5] },
        { x: [-1e30, 0, 1e30, 5e29], expected: [0, 0, 1, 0] },
        { x: [3e38, -3e38], expected: [1, 0] },
      ];
      for (const { x, expected } of cases) {
        for (const temperature of [1, 0.5, 4]) {
          if (temperature !== 1 && Math.max(...x.map(Math.abs)) > 1e31) continue;
          const label = `softmax(${JSON.stringify(x)}) T=${temperature}`;
          const got = core.softmax(x, { temperature });
          assertAllFinite(got, label);
          assertWeightsClose(got, expected, label);
          assertRowSums(got, 1, x.length, { label });
        }
      }
    });

    it('is shift invariant', () => {
      const rng = makeRandom(`softmax-shift ${build}`);
      for (let trial = 0; trial < 50; trial++) {
        const len = rng.int(1, 67);
        const x = rng.vector(len, -3, 3);
        const shift = rng.pick([-100, -1, 1, 50]);
        const shifted = x.map((value) => value + shift);
        // both against the reference of the shifted (float32-rounded) input
        check(core, shifted, 1, `softmax shifted by ${shift} len=${len} ${rng.tag}`);
        assertWeightsClose(core.softmax(x), ref.softmax(shifted), `softmax(x) vs softmax(x + ${shift}) len=${len} ${rng.tag}`);
      }
    });

    it('does not modify its input', () => {
      const x = new Float32Array([3, 1, 2]);
      const copy = x.slice();
      core.softmax(x, { temperature: 0.5 });
      assertSameBits(x, copy, 'softmax input after the call');
    });
  });
}

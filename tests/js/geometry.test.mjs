// geometry.test.mjs — dot, norm, cosine, angle and project against the float64 reference.
//
// Lengths cover every size 1..67 (below, at and above the 4- and 8-wide tiles)
// and a few long vectors; each build is checked on its own.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, TOLERANCE } from '../js-support/check.mjs';

announceSeed('geometry.test.mjs');
const cores = await bothCores();

const LENGTHS = [...Array.from({ length: 67 }, (_, i) => i + 1), 100, 127, 128, 129, 255, 256, 257, 1000, 4096];

// Angle tolerance: relative 1e-5 with a 1e-7 rad floor (near 0 the angle must stay accurate).
function assertAngleClose(actual, expected, label) {
  assertClose(actual, expected, { rel: TOLERANCE.rel, abs: 1e-7, label });
}

for (const { build, core } of cores) {
  describe(`geometry (${build} build)`, () => {
    it('dot matches the reference on random vectors of every length', () => {
      const rng = makeRandom(`dot ${build}`);
      for (const len of LENGTHS) {
        for (const [lo, hi] of [[-1, 1], [-100, 100], [0, 1e-3]]) {
          const a = rng.vector(len, lo, hi);
          const b = rng.vector(len, lo, hi);
          const got = core.dot(a, b);
          assert.equal(typeof got, 'number');
          const { value, magnitude } = ref.dotWithMagnitude(a, b);
          assertClose(got, value, { magnitude, label: `dot len=${len} range=[${lo},${hi}] ${rng.tag}` });
        }
      }
    });

    it('dot gives exact answers on small integers', () => {
      assert.equal(core.dot([1, 2, 3], [4, 5, 6]), 32);
      assert.equal(core.dot([2], [-3]), -6);
      assert.equal(core.dot([1, 0], [0, 1]), 0);
      assert.equal(core.dot(new Float32Array(9).fill(1), new Float32Array(9).fill(2)), 18);
    });

    it('norm matches the reference', () => {
      const rng = makeRandom(`norm ${build}`);
      for (const len of LENGTHS) {
        const a = rng.vector(len, -10, 10);
        const got = core.norm(a);
        assert.equal(typeof got, 'number');
        assertClose(got, ref.norm(a), { label: `norm len=${len} ${rng.tag}` });
      }
      assert.equal(core.norm([3, 4]), 5);
      assert.equal(core.norm([0, 0, 0]), 0);
      assert.equal(core.norm([-2]), 2);
    });

    it('norm neither overflows nor underflows for float32-range values', () => {
      const big = [3e38, -3e38, 3e38];
      const got = core.norm(big);
      assert.ok(Number.isFinite(got), `norm([3e38, -3e38, 3e38]) = ${got}`);
      assertClose(got, ref.norm(big), { label: 'norm of values near FLT_MAX' });
      const tiny = [1e-30, -1e-30];
      assertClose(core.norm(tiny), ref.norm(tiny), { label: 'norm of values whose squares underflow float32' });
    });

    it('cosine matches the reference and stays in [-1, 1]', () => {
      const rng = makeRandom(`cosine ${build}`);
      for (const len of LENGTHS) {
        const a = rng.vector(len);
        const b = rng.vector(len);
        const got = core.cosine(a, b);
        assert.equal(typeof got, 'number');
        assert.ok(got >= -1 && got <= 1, `cosine ${got} outside [-1, 1] (len=${len} ${rng.tag})`);
        const { value, magnitude } = ref.cosineWithMagnitude(a, b);
        assertClose(got, value, { magnitude, abs: 1e-12, label: `cosine len=${len} ${rng.tag}` });
      }
    });

    it('cosine of parallel and anti-parallel vectors is ±1, never outside [-1, 1]', () => {
      const rng = makeRandom(`cosine-parallel ${build}`);
      for (let trial = 0; trial < 300; trial++) {
        const len = rng.int(1, 67);
        const a = rng.vector(len);
        const c = rng.pick([1, 2, 3, 0.1, 7.5, -1, -3, -0.3]);
        const b = a.map((value) => value * c);
        if (ref.norm(b) === 0 || ref.norm(a) === 0) continue;
        const got = core.cosine(a, b);
        assert.ok(got >= -1 && got <= 1, `cosine(a, ${c}·a) = ${got} (len=${len} ${rng.tag})`);
        assertClose(got, Math.sign(c), { abs: 1e-6, rel: 0, label: `cosine(a, ${c}·a) len=${len} ${rng.tag}` });
      }
      assert.equal(core.cosine([1, 0], [0, 1]), 0);
    });

    it('angle matches the reference and stays in [0, π]', () => {
      const rng = makeRandom(`angle ${build}`);
      for (const len of LENGTHS) {
        const a = rng.vector(len);
        const b = rng.vector(len);
        const got = core.angle(a, b);
        assert.equal(typeof got, 'number');
        assert.ok(got >= 0 && got <= Math.PI, `angle ${got} outside [0, π] (len=${len} ${rng.tag})`);
        assertAngleClose(got, ref.angle(a, b), `angle len=${len} ${rng.tag}`);
      }
    });

    it('angle is exact at 0, π/2 and π and accurate for nearly (anti-)parallel vectors', () => {
      assertAngleClose(core.angle([1, 0], [0, 1]), Math.PI / 2, 'angle of orthogonal vectors');
      assertAngleClose(core.angle([1, 2, 3], [2, 4, 6]), 0, 'angle of parallel vectors');
      assertAngleClose(core.angle([1, 2, 3], [-1, -2, -3]), Math.PI, 'angle of opposite vectors');
      const rng = makeRandom(`angle-small ${build}`);
      for (const theta of [1e-2, 1e-3, 3e-4, 1e-4]) {
        const phi = rng.uniform(0, 2 * Math.PI);
        const a = [Math.cos(phi), Math.sin(phi)];
        const b = [Math.cos(phi + theta), Math.sin(phi + theta)];
        const expected = ref.angle(a, b);
        assertAngleClose(core.angle(a, b), expected, `angle ≈ ${theta} rad ${rng.tag}`);
        const opposite = [-b[0], -b[1]];
        assertAngleClose(core.angle(a, opposite), ref.angle(a, opposite), `angle ≈ π − ${theta} rad ${rng.tag}`);
      }
    });

    it('angle and cosine agree: cos(angle) ≈ cosine', () => {
      const rng = makeRandom(`angle-cosine ${build}`);
      for (let trial = 0; trial < 200; trial++) {
        const len = rng.int(1, 67);
        const a = rng.vector(len);
        const b = rng.vector(len);
        assertClose(Math.cos(core.angle(a, b)), core.cosine(a, b), { rel: 0, abs: 1e-5, label: `cos(angle) len=${len} ${rng.tag}` });
      }
    });

    it('project (when present) matches (q·k / |q|²) q', { skip: typeof core.project !== 'function' && 'core.project is not exported' }, () => {
      assert.deepEqual(Array.from(core.project([1, 1], [2, 0])), [1, 0]);
      assert.deepEqual(Array.from(core.project([3, 4], [0, 5])), [0, 4]);
      const rng = makeRandom(`project ${build}`);
      for (const len of LENGTHS) {
        const k = rng.vector(len);
        const q = rng.vector(len);
        const got = core.project(k, q);
        assert.ok(got instanceof Float64Array || got instanceof Float32Array,
          `project returned ${Object.prototype.toString.call(got)}`);
        assert.equal(got.length, len);
        // Error bound: the dot product's Σ|qᵢkᵢ| carried through the coefficient.
        const { magnitude } = ref.dotWithMagnitude(k, q);
        const nq = ref.norm(q);
        const scale = magnitude / nq / nq;
        const perElement = ref.f32(q).map((value) => scale * Math.abs(value));
        assertClose(got, ref.project(k, q), { magnitude: perElement, label: `project len=${len} ${rng.tag}` });
      }
    });
  });
}

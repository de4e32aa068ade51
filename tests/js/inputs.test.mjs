// inputs.test.mjs — Float32Array and number[] inputs give bit-identical results.
//
// A number[] is rounded to float32 on the way in, so it must give exactly what
// Float32Array.from(sameNumbers) gives; subarray views (non-zero byteOffset)
// must read their own window of the buffer.

import { describe, it } from 'node:test';

import { bothCores } from '../js-support/load.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertSameBits } from '../js-support/check.mjs';

announceSeed('inputs.test.mjs');
const cores = await bothCores();

// Doubles that are mostly not representable in float32.
function doubles(rng, count) {
  return Array.from({ length: count }, () => rng.uniform(-1, 1) + 1e-9 * rng.next());
}

// A Float32Array view at an odd offset into a larger, garbage-filled buffer.
function view(values, offset = 3) {
  const buffer = new Float32Array(values.length + 2 * offset).fill(1e6);
  buffer.set(values, offset);
  return buffer.subarray(offset, offset + values.length);
}

function assertSameAttention(actual, expected, label) {
  for (const key of ['scores', 'scaled', 'weights', 'output']) assertSameBits(actual[key], expected[key], `${label}: ${key}`);
}

for (const { build, core } of cores) {
  describe(`input types (${build} build)`, () => {
    it('dot, norm, cosine, angle, softmax: number[] ≡ Float32Array ≡ view', () => {
      const rng = makeRandom(`inputs-vectors ${build}`);
      for (const len of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 67, 130]) {
        const a = doubles(rng, len);
        const b = doubles(rng, len);
        const fa = Float32Array.from(a);
        const fb = Float32Array.from(b);
        const label = `len=${len} ${rng.tag}`;
        for (const fn of ['dot', 'cosine', 'angle']) {
          const want = core[fn](fa, fb);
          assertSameBits(core[fn](a, b), want, `${fn} number[] ${label}`);
          assertSameBits(core[fn](a, fb), want, `${fn} number[] × Float32Array ${label}`);
          assertSameBits(core[fn](fa, b), want, `${fn} Float32Array × number[] ${label}`);
          assertSameBits(core[fn](view(fa), view(fb, 5)), want, `${fn} subarray views ${label}`);
        }
        assertSameBits(core.norm(a), core.norm(fa), `norm number[] ${label}`);
        assertSameBits(core.norm(view(fa)), core.norm(fa), `norm view ${label}`);
        assertSameBits(core.softmax(a, { temperature: 0.7 }), core.softmax(fa, { temperature: 0.7 }), `softmax number[] ${label}`);
        assertSameBits(core.softmax(view(fa)), core.softmax(fa), `softmax view ${label}`);
        if (typeof core.project === 'function') {
          assertSameBits(core.project(a, b), core.project(fa, fb), `project number[] ${label}`);
          assertSameBits(core.project(view(fa), view(fb)), core.project(fa, fb), `project views ${label}`);
        }
      }
    });

    it('attention: number[] ≡ Float32Array ≡ view, masks included', () => {
      const rng = makeRandom(`inputs-attention ${build}`);
      for (const [n, m, dk, dv] of [[1, 1, 1, 1], [2, 3, 4, 5], [3, 3, 8, 8], [5, 2, 9, 3], [17, 17, 16, 7], [33, 40, 65, 9]]) {
        const q = doubles(rng, n * dk);
        const k = doubles(rng, m * dk);
        const v = doubles(rng, m * dv);
        const label = `n=${n} m=${m} dk=${dk} dv=${dv} ${rng.tag}`;
        const masks = ['none', rng.mask(n, m)];
        if (n === m) masks.push('causal');
        for (const mask of masks) {
          const shape = { n, m, dk, dv, mask, temperature: 0.8 };
          const want = core.attention({ q: Float32Array.from(q), k: Float32Array.from(k), v: Float32Array.from(v), ...shape });
          assertSameAttention(core.attention({ q, k, v, ...shape }), want, `number[] ${label}`);
          assertSameAttention(core.attention({ q, k: Float32Array.from(k), v, ...shape }), want, `mixed ${label}`);
          assertSameAttention(core.attention({ q: view(Float32Array.from(q)), k: view(Float32Array.from(k), 1), v: view(Float32Array.from(v), 7), ...shape }),
            want, `views ${label}`);
          if (mask instanceof Uint8Array) {
            const maskBuffer = new Uint8Array(mask.length + 4).fill(1);
            maskBuffer.set(mask, 2);
            assertSameAttention(core.attention({ q, k, v, ...shape, mask: maskBuffer.subarray(2, 2 + mask.length) }), want, `mask view ${label}`);
          }
        }
      }
    });
  });
}

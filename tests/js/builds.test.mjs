// builds.test.mjs — the SIMD and baseline builds: which one runs, and that they agree.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { simdCore, baselineCore, loadCoreModule } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, assertWeightsClose, assertSameBits } from '../js-support/check.mjs';

announceSeed('builds.test.mjs');
const simd = await simdCore();
const baseline = await baselineCore();

// The smallest module using a v128 instruction: (func (result v128) v128.const 0).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);

describe('build selection', () => {
  it('this Node supports WebAssembly SIMD', () => {
    assert.ok(WebAssembly.validate(SIMD_PROBE), 'the SIMD probe module does not validate');
  });

  it('loadCore() runs the SIMD build', () => {
    assert.equal(simd.simd, true);
  });

  it('loadCore({ simd: false }) runs the baseline build', () => {
    assert.equal(baseline.simd, false);
  });

  it('loading again gives working cores of the requested kind', async () => {
    const { loadCore } = await loadCoreModule();
    const again = await loadCore({ simd: false });
    assert.equal(again.simd, false);
    assert.equal(again.dot([1, 2], [3, 4]), 11);
    const againSimd = await loadCore({});
    assert.equal(againSimd.simd, true);
    assert.equal(againSimd.dot([1, 2], [3, 4]), 11);
  });
});

describe('SIMD and baseline agree', () => {
  it('dot, norm, cosine, angle on every length 1..67 and beyond', () => {
    const rng = makeRandom('builds-geometry');
    for (const len of [...Array.from({ length: 67 }, (_, i) => i + 1), 128, 129, 1000, 4096]) {
      const a = rng.vector(len);
      const b = rng.vector(len);
      const label = `len=${len} ${rng.tag}`;
      const { magnitude } = ref.dotWithMagnitude(a, b);
      assertClose(simd.dot(a, b), baseline.dot(a, b), { magnitude, label: `dot ${label}` });
      assertClose(simd.norm(a), baseline.norm(a), { label: `norm ${label}` });
      const cos = ref.cosineWithMagnitude(a, b);
      assertClose(simd.cosine(a, b), baseline.cosine(a, b), { magnitude: cos.magnitude, abs: 1e-12, label: `cosine ${label}` });
      assertClose(simd.angle(a, b), baseline.angle(a, b), { abs: 1e-7, label: `angle ${label}` });
    }
  });

  it('softmax', () => {
    const rng = makeRandom('builds-softmax');
    for (let len = 1; len <= 67; len++) {
      const x = rng.vector(len, -8, 8);
      const temperature = rng.pick([0.2, 1, 3]);
      assertWeightsClose(simd.softmax(x, { temperature }), baseline.softmax(x, { temperature }), `softmax len=${len} T=${temperature} ${rng.tag}`);
    }
  });

  it('attention on random shapes, masks and temperatures', () => {
    const rng = makeRandom('builds-attention');
    for (let trial = 0; trial < 150; trial++) {
      const n = rng.int(1, 67);
      const m = trial % 3 === 0 ? n : rng.int(1, 67);
      const dk = rng.int(1, 67);
      const dv = rng.int(1, 67);
      const args = { q: rng.vector(n * dk), k: rng.vector(m * dk), v: rng.vector(m * dv), n, m, dk, dv, temperature: rng.pick([0.5, 1, 2]) };
      if (n === m && rng.next() < 0.5) args.mask = 'causal';
      else if (rng.next() < 0.3) args.mask = rng.mask(n, m);
      const label = `n=${n} m=${m} dk=${dk} dv=${dv} ${rng.tag}`;
      const want = ref.attention(args);
      const a = simd.attention(args);
      const b = baseline.attention(args);
      assertClose(a.scores, b.scores, { magnitude: want.scoresMagnitude, label: `${label}: scores` });
      assertClose(a.scaled, b.scaled, { magnitude: want.scoresMagnitude.map((x) => x * want.scale), label: `${label}: scaled` });
      assertWeightsClose(a.weights, b.weights, `${label}: weights`);
      assertClose(a.output, b.output, { magnitude: want.outputMagnitude, label: `${label}: output` });
    }
  });

  it('the two builds are independent instances: interleaved calls do not interfere', () => {
    const rng = makeRandom('builds-interleave');
    const argsA = { q: rng.vector(12), k: rng.vector(20), v: rng.vector(15), n: 3, m: 5, dk: 4, dv: 3 };
    const argsB = { q: rng.vector(30), k: rng.vector(30), v: rng.vector(10), n: 5, m: 5, dk: 6, dv: 2, mask: 'causal' };
    const aAlone = simd.attention(argsA);
    const bAlone = baseline.attention(argsB);
    for (let i = 0; i < 20; i++) {
      const a = simd.attention(argsA);
      const b = baseline.attention(argsB);
      for (const key of ['scores', 'scaled', 'weights', 'output']) {
        assertSameBits(a[key], aAlone[key], `simd ${key} (round ${i})`);
        assertSameBits(b[key], bAlone[key], `baseline ${key} (round ${i})`);
      }
    }
  });
});

// ---- relaxed SIMD (the SIMD build with the FMA gemm and softmax kernels) ----
// Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd;
// scripts/test runs this folder once without and once with that flag.
const RELAXED_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11]);
const relaxedEngine = WebAssembly.validate(RELAXED_PROBE);

describe(`relaxed SIMD (this engine ${relaxedEngine ? 'has' : 'lacks'} it)`, () => {
  it('relaxedSimdSupported() agrees with validating f32x4.relaxed_madd', async () => {
    const { relaxedSimdSupported } = await loadCoreModule();
    assert.equal(relaxedSimdSupported(), relaxedEngine);
  });

  it('loadCore() runs the relaxed kernels exactly when the engine has them', () => {
    assert.equal(simd.relaxed, relaxedEngine);
    assert.equal(baseline.relaxed, false);
  });

  it('loadCore({ simd: true }) gives the same instance as loadCore()', async () => {
    const { loadCore } = await loadCoreModule();
    assert.equal(await loadCore({ simd: true }), simd);
  });

  it('loadCore({ relaxed: false }) keeps the SIMD kernels; the two agree to the reference measure', async () => {
    const { loadCore } = await loadCoreModule();
    const plain = await loadCore({ relaxed: false });
    assert.equal(plain.simd, true);
    assert.equal(plain.relaxed, false);
    assert.equal(plain === simd, !relaxedEngine, 'one shared instance per build');
    const rng = makeRandom('builds-relaxed');
    for (let trial = 0; trial < 60; trial++) {
      const n = rng.int(1, 67);
      const m = rng.int(1, 67);
      const dk = rng.int(1, 67);
      const dv = rng.int(1, 67);
      const args = { q: rng.vector(n * dk), k: rng.vector(m * dk), v: rng.vector(m * dv), n, m, dk, dv, temperature: rng.pick([0.5, 1, 2]) };
      if (rng.next() < 0.3) args.mask = rng.mask(n, m);
      const label = `n=${n} m=${m} dk=${dk} dv=${dv} ${rng.tag}`;
      const want = ref.attention(args);
      const a = simd.attention(args);
      const b = plain.attention(args);
      assertClose(a.scores, b.scores, { magnitude: want.scoresMagnitude, label: `${label}: scores` });
      assertWeightsClose(a.weights, b.weights, `${label}: weights`);
      assertClose(a.output, b.output, { magnitude: want.outputMagnitude, label: `${label}: output` });
    }
  });
});

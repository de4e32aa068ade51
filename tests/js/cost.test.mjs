// cost.test.mjs — issue 10's API: attention({ outputs }), the tiled output path,
// sparseAttention, linearAttention, softmaxJacobian and softmax({ naive: true }),
// each against the float64 reference of tests/js-support/, in both builds, with
// bad input named and the core still working afterwards.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import * as refCost from '../js-support/reference-cost.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, assertWeightsClose, assertThrowsNaming } from '../js-support/check.mjs';

announceSeed('cost.test.mjs');
const cores = await bothCores();

function randomInputs(random, n, m, dk, dv) {
  return { q: random.vector(n * dk), k: random.vector(m * dk), v: random.vector(m * dv) };
}

for (const { build, core } of cores) {
  describe(`${build}: attention outputs`, () => {
    it('returns just the named outputs', () => {
      const random = makeRandom(`${build} outputs subset`);
      const args = { ...randomInputs(random, 5, 7, 3, 2), n: 5, m: 7, dk: 3, dv: 2 };
      const full = core.attention(args);
      for (const outputs of [['weights'], ['scores', 'output'], ['scaled', 'weights', 'output']]) {
        const got = core.attention({ ...args, outputs });
        assert.deepEqual(Object.keys(got).sort(), [...outputs].sort());
        for (const name of outputs) {
          if (name !== 'output' || outputs.length > 1) assert.deepEqual(got[name], full[name], `${outputs}: ${name}`);
        }
      }
    });

    it("['output'] alone (tiled) equals the materialised output at tile edges and with masks", () => {
      const random = makeRandom(`${build} tiled`);
      for (const n of [1, 31, 32, 33, 65]) {
        for (const m of [1, 63, 64, 65, 129]) {
          const dk = random.int(1, 40);
          const dv = random.int(1, 40);
          for (const mask of ['none', 'causal', random.mask(n, m, 0.5)]) {
            const args = { ...randomInputs(random, n, m, dk, dv), n, m, dk, dv, mask, temperature: random.pick([1, 0.5, 2]) };
            const tiled = core.attention({ ...args, outputs: ['output'] });
            const full = core.attention(args);
            // 1e-5 relative to Σ_j w_ij |v_jd| with the materialised weights
            const magnitude = new Float64Array(n * dv);
            const V = ref.f32(args.v);
            for (let i = 0; i < n; i++) {
              for (let j = 0; j < m; j++) {
                for (let d = 0; d < dv; d++) magnitude[i * dv + d] += full.weights[i * m + j] * Math.abs(V[j * dv + d]);
              }
            }
            const label = `${random.tag} n=${n} m=${m} dk=${dk} dv=${dv} mask=${typeof mask === 'string' ? mask : 'explicit'}`;
            assertClose(tiled.output, full.output, { magnitude, label });
            const want = ref.attention(args);
            assertClose(tiled.output, want.output, { magnitude: want.outputMagnitude, label: `${label} vs reference` });
          }
        }
      }
    });

    it('refuses bad outputs, naming them', () => {
      const args = { q: [1, 2], k: [1, 2], v: [1, 2], n: 1, dk: 2 };
      assertThrowsNaming(() => core.attention({ ...args, outputs: ['output', 'logits'] }), 'outputs', { also: [/logits/] });
      assertThrowsNaming(() => core.attention({ ...args, outputs: [] }), 'outputs');
      assertThrowsNaming(() => core.attention({ ...args, outputs: 'output' }), 'outputs');
      assertThrowsNaming(() => core.attention({ ...args, outputs: ['output', 'output'] }), 'outputs', { also: [/twice/] });
      assertThrowsNaming(() => core.attention({ ...args, k: [1, 2, 3], outputs: ['output'] }), 'k');
      assertThrowsNaming(() => core.attention({ ...args, q: [NaN, 1], outputs: ['output'] }), 'q');
      assertThrowsNaming(() => core.attention({ ...args, q: [3e19, 3e19], k: [3e19, 3e19], outputs: ['output'] }), 'scores');
      assert.equal(core.dot([1, 2], [3, 4]), 11); // still working
    });
  });

  describe(`${build}: sparseAttention`, () => {
    it('CSR rows hold exactly the visible pairs, ascending, and match masked attention', () => {
      const random = makeRandom(`${build} sparse`);
      for (let trial = 0; trial < 40; trial++) {
        const n = random.int(1, 48);
        const dk = random.int(1, 24);
        const dv = random.int(1, 24);
        const pattern = {
          window: random.pick([0, 1, 2, 4, 100]),
          globals: [...new Set(Array.from({ length: random.int(0, 3) }, () => random.int(0, n - 1)))],
          stride: random.pick([0, 0, 3, 5]),
          causal: random.next() < 0.5,
        };
        const args = { ...randomInputs(random, n, n, dk, dv), n, dk, dv, ...pattern };
        const label = `${random.tag} n=${n} ${JSON.stringify(pattern)}`;
        const got = core.sparseAttention(args);
        const mask = refCost.sparseMask({ n, ...pattern });
        assert.ok(got.rowStart instanceof Int32Array && got.cols instanceof Int32Array, label);
        assert.equal(got.rowStart.length, n + 1, label);
        assert.equal(got.rowStart[0], 0, label);
        assert.equal(got.rowStart[n], got.cols.length, label);
        assert.equal(got.weights.length, got.cols.length, label);
        const dense = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          const want = [];
          for (let j = 0; j < n; j++) if (mask[i * n + j]) want.push(j);
          const cols = Array.from(got.cols.subarray(got.rowStart[i], got.rowStart[i + 1]));
          assert.deepEqual(cols, want, `${label}: row ${i}`);
          for (let e = got.rowStart[i]; e < got.rowStart[i + 1]; e++) dense[i * n + got.cols[e]] = got.weights[e];
        }
        const want = ref.attention({ ...args, m: n, mask });
        assertWeightsClose(dense, want.weights, `${label}: weights`);
        assertClose(got.output, want.output, { magnitude: want.outputMagnitude, label: `${label}: output` });
      }
    });

    it('its size grows with the band, not with n²', () => {
      const random = makeRandom(`${build} sparse size`);
      for (const n of [64, 256, 1024]) {
        const got = core.sparseAttention({ ...randomInputs(random, n, n, 4, 4), n, dk: 4, window: 2 });
        assert.equal(got.cols.length, n + 2 * (n - 1) + 2 * (n - 2));
      }
    });

    it('refuses bad patterns, naming the argument', () => {
      const args = { q: [1, 2, 3, 4, 5, 6], k: [1, 2, 3, 4, 5, 6], v: [1, 2, 3, 4, 5, 6], n: 3, dk: 2 };
      assertThrowsNaming(() => core.sparseAttention({ ...args, window: -1 }), 'window');
      assertThrowsNaming(() => core.sparseAttention({ ...args, window: 1.5 }), 'window');
      assertThrowsNaming(() => core.sparseAttention({ ...args, window: '2' }), 'window');
      assertThrowsNaming(() => core.sparseAttention({ ...args, stride: -3 }), 'stride');
      assertThrowsNaming(() => core.sparseAttention({ ...args, stride: NaN }), 'stride');
      assertThrowsNaming(() => core.sparseAttention({ ...args, globals: [3] }), 'globals', { also: [/outside/] });
      assertThrowsNaming(() => core.sparseAttention({ ...args, globals: [1, 1] }), 'globals', { also: [/repeated/] });
      assertThrowsNaming(() => core.sparseAttention({ ...args, globals: [0.5] }), 'globals');
      assertThrowsNaming(() => core.sparseAttention({ ...args, globals: 2 }), 'globals');
      assertThrowsNaming(() => core.sparseAttention({ ...args, causal: 'yes' }), 'causal');
      assertThrowsNaming(() => core.sparseAttention({ ...args, v: [1, 2] }), 'v');
      assertThrowsNaming(() => core.sparseAttention({ ...args, temperature: 0 }), 'temperature');
      assertThrowsNaming(() => core.sparseAttention(Object.create({ n: 3, dk: 2 })), 'n'); // inherited options are not options
      const ok = core.sparseAttention({ ...args, window: 0 });
      assert.deepEqual(Array.from(ok.cols), [0, 1, 2]);
      assert.deepEqual(Array.from(ok.output), [1, 2, 3, 4, 5, 6]);
    });
  });

  describe(`${build}: linearAttention`, () => {
    it('matches the quadratic-form reference, m ≠ n and causal', () => {
      const random = makeRandom(`${build} linear`);
      for (let trial = 0; trial < 40; trial++) {
        const causal = trial % 2 === 1;
        const n = random.int(1, 60);
        const m = causal ? n : random.int(1, 60);
        const dk = random.int(1, 24);
        const dv = random.int(1, 24);
        const args = { ...randomInputs(random, n, m, dk, dv), n, m, dk, dv, causal };
        const got = core.linearAttention(args);
        assert.deepEqual(Object.keys(got), ['output']);
        const want = refCost.linearAttention(args);
        assertClose(got.output, want.output, { magnitude: want.magnitude, label: `${random.tag} n=${n} m=${m} causal=${causal}` });
      }
    });

    it('refuses causal with m ≠ n and bad input, naming them', () => {
      const args = { q: [1, 2], k: [1, 2, 3, 4], v: [1, 2, 3, 4], n: 1, m: 2, dk: 2 };
      assertThrowsNaming(() => core.linearAttention({ ...args, causal: true }), 'causal', { also: [/m = n/] });
      assertThrowsNaming(() => core.linearAttention({ ...args, causal: 1 }), 'causal');
      assertThrowsNaming(() => core.linearAttention({ ...args, k: [1, Infinity, 3, 4] }), 'k');
      assertThrowsNaming(() => core.linearAttention({ ...args, dk: 0 }), 'dk');
      assert.equal(core.linearAttention(args).output.length, 2);
    });
  });

  describe(`${build}: softmaxJacobian and naive softmax`, () => {
    it('the Jacobian matches p_i (δ_ij − p_j) / T', () => {
      const random = makeRandom(`${build} jacobian`);
      for (let len = 1; len <= 24; len++) {
        const temperature = random.pick([1, 0.3, 2.5]);
        const x = random.vector(len, -5, 5);
        const got = core.softmaxJacobian(x, { temperature });
        assert.equal(got.length, len * len);
        assertClose(got, refCost.softmaxJacobian(x, { temperature }), { abs: 1e-12, label: `${random.tag} len=${len} T=${temperature}` });
      }
      assertThrowsNaming(() => core.softmaxJacobian([], {}), 'x');
      assertThrowsNaming(() => core.softmaxJacobian([1, 2], { temperature: -1 }), 'temperature');
    });

    it('naive softmax equals the stable one while e^x fits, and breaks exactly where it overflows', () => {
      const stable = core.softmax([20, 18, 19]);
      const naive = core.softmax([20, 18, 19], { naive: true });
      assertClose(naive, stable, { label: 'naive (20, 18, 19)' });
      for (const x of [[90, 88, 89], [1000, 999, 998], [88.7, 0], [88.75, 0], [10, 9]]) {
        for (const temperature of [1, 0.1]) {
          const got = core.softmax(x, { naive: true, temperature });
          const overflow = refCost.naiveOverflows(x, { temperature });
          const label = `naive (${x}) T=${temperature}`;
          if (overflow.some(Boolean)) {
            overflow.forEach((over, i) => {
              if (over) assert.ok(Number.isNaN(got[i]), `${label}[${i}] = ${got[i]}, want NaN (∞/∞)`);
              else assert.equal(got[i], 0, `${label}[${i}]: finite / ∞ = 0`);
            });
          } else {
            assertClose(got, ref.softmax(x, { temperature }), { label });
          }
          assert.ok(core.softmax(x, { temperature }).every(Number.isFinite), `${label}: the stable softmax stays finite`);
        }
      }
      assertThrowsNaming(() => core.softmax([1, 2], { naive: 'yes' }), 'naive');
      assertThrowsNaming(() => core.softmax([1, NaN], { naive: true }), 'x');
    });
  });
}

describe('both builds agree', () => {
  it('tiled, sparse, linear, Jacobian', () => {
    const random = makeRandom('both builds');
    const [a, b] = cores.map(({ core }) => core);
    const n = 70;
    const dk = 16;
    const args = { ...randomInputs(random, n, n, dk, dk), n, dk };
    assertClose(a.attention({ ...args, outputs: ['output'] }).output, b.attention({ ...args, outputs: ['output'] }).output, { rel: 2e-5, magnitude: 1, label: 'tiled' });
    const sa = a.sparseAttention({ ...args, window: 3, globals: [0], stride: 7 });
    const sb = b.sparseAttention({ ...args, window: 3, globals: [0], stride: 7 });
    assert.deepEqual(sa.cols, sb.cols);
    assertClose(sa.output, sb.output, { rel: 2e-5, magnitude: 1, label: 'sparse' });
    assertClose(a.linearAttention({ ...args, causal: true }).output, b.linearAttention({ ...args, causal: true }).output, { rel: 2e-5, magnitude: 1, label: 'linear' });
    const x = random.vector(9, -4, 4);
    assertClose(a.softmaxJacobian(x), b.softmaxJacobian(x), { abs: 1e-12, label: 'jacobian' });
  });
});

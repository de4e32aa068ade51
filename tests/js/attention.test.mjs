// attention.test.mjs — core.attention against the float64 reference.
//
// Every intermediate is checked: scores and scaled against Σ|q||k|, weights
// relative to themselves, output against Σ w|v|; end to end for inputs in
// [-1, 1] and step by step (softmax of the core's own scaled scores, the core's
// own weights times V) for every input. End to end is only asked where it can
// hold: a scaled score of 100 carries a float32 rounding of ~1e-5 before any
// softmax, so wide inputs, or scale/T above the textbook 1/√dk, are checked
// step by step only. Shapes sweep each of n, m, dk, dv through 1..67 with m ≠ n.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import {
  assertClose, assertWeightsClose, assertRowSums, assertAllFinite, assertSameBits,
} from '../js-support/check.mjs';

announceSeed('attention.test.mjs');
const cores = await bothCores();

// Calls the core, then checks every output against the reference.
// End to end needs a well-conditioned softmax: scale/T at most the textbook 1/√dk.
function checkAttention(core, args, label, { endToEnd = true } = {}) {
  const { n, m = n, dk, dv = dk, temperature = 1, scale = 1 / Math.sqrt(dk) } = args;
  if (Math.abs(scale) / temperature > (1 + 1e-12) / Math.sqrt(dk)) endToEnd = false;
  const got = core.attention(args);
  for (const [key, length] of [['scores', n * m], ['scaled', n * m], ['weights', n * m], ['output', n * dv]]) {
    assert.ok(got[key] instanceof Float32Array, `${label}: ${key} is ${Object.prototype.toString.call(got[key])}`);
    assert.equal(got[key].length, length, `${label}: ${key}.length`);
    assertAllFinite(got[key], `${label}: ${key}`);
  }

  const want = ref.attention(args);
  assertClose(got.scores, want.scores, { magnitude: want.scoresMagnitude, label: `${label}: scores` });
  const scaledMagnitude = want.scoresMagnitude.map((value) => value * Math.abs(want.scale));
  assertClose(got.scaled, want.scaled, { magnitude: scaledMagnitude, label: `${label}: scaled` });

  // step by step: softmax of the core's own scaled scores, over visible keys
  for (let i = 0; i < n; i++) {
    const row = got.scaled.subarray(i * m, (i + 1) * m);
    const visible = want.visible.subarray(i * m, (i + 1) * m);
    assertWeightsClose(got.weights.subarray(i * m, (i + 1) * m), ref.softmax(row, { temperature, visible }),
      `${label}: weights row ${i} vs softmax(core's scaled / T)`);
  }
  if (endToEnd) assertWeightsClose(got.weights, want.weights, `${label}: weights`);
  for (let index = 0; index < n * m; index++) {
    if (!want.visible[index]) {
      assert.ok(got.weights[index] === 0, `${label}: hidden key (${Math.floor(index / m)}, ${index % m}) has weight ${got.weights[index]}`);
    }
  }
  assertRowSums(got.weights, n, m, { visible: want.visible, label: `${label}: weights` });

  // step by step: the core's own weights times V
  const V = ref.f32(args.v);
  const stepOutput = new Float64Array(n * dv);
  const stepMagnitude = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const w = got.weights[i * m + j];
      for (let c = 0; c < dv; c++) {
        stepOutput[i * dv + c] += w * V[j * dv + c];
        stepMagnitude[i * dv + c] += Math.abs(w * V[j * dv + c]);
      }
    }
  }
  assertClose(got.output, stepOutput, { magnitude: stepMagnitude, label: `${label}: output vs core's weights · V` });
  if (endToEnd) assertClose(got.output, want.output, { magnitude: want.outputMagnitude, label: `${label}: output` });
  return got;
}

function randomArgs(rng, { n, m, dk, dv, range = 1, maskKind }) {
  const args = { q: rng.vector(n * dk, -range, range), k: rng.vector(m * dk, -range, range), v: rng.vector(m * dv, -range, range), n, dk };
  // optional arguments: sometimes passed explicitly, sometimes left to their defaults
  if (m !== n || rng.next() < 0.5) args.m = m;
  if (dv !== dk || rng.next() < 0.5) args.dv = dv;
  if (rng.next() < 0.3) args.scale = rng.pick([1, 0.5, 0.1, 2, -0.7, 1 / Math.sqrt(dk)]);
  if (rng.next() < 0.4) args.temperature = rng.pick([1, 0.25, 0.5, 2, 5]);
  const kind = maskKind ?? rng.pick(n === m ? ['default', 'none', 'causal', 'explicit'] : ['default', 'none', 'explicit']);
  if (kind === 'none' || kind === 'causal') args.mask = kind;
  if (kind === 'explicit') {
    args.mask = rng.mask(n, m, 0.75);
    if (n > 1 && rng.next() < 0.3) args.mask.fill(0, 0, m); // a row with every key hidden
  }
  return args;
}

function describeShape(args) {
  const { n, m = n, dk, dv = dk, scale, temperature, mask } = args;
  const maskName = mask instanceof Uint8Array ? 'explicit' : mask ?? 'default';
  return `n=${n} m=${m} dk=${dk} dv=${dv} scale=${scale ?? 'default'} T=${temperature ?? 'default'} mask=${maskName}`;
}

for (const { build, core } of cores) {
  describe(`attention (${build} build)`, () => {
    it('matches the reference as each of n, m, dk, dv runs through 1..67', () => {
      const rng = makeRandom(`attention-sweep ${build}`);
      for (const dim of ['n', 'm', 'dk', 'dv']) {
        for (let size = 1; size <= 67; size++) {
          const shape = { n: rng.int(1, 12), m: rng.int(1, 12), dk: rng.int(1, 12), dv: rng.int(1, 12), [dim]: size };
          const args = randomArgs(rng, shape);
          checkAttention(core, args, `${describeShape(args)} ${rng.tag}`);
        }
      }
    });

    it('matches the reference on random shapes up to 67 (m ≠ n, tile edges)', () => {
      const rng = makeRandom(`attention-random ${build}`);
      const edges = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 67];
      for (let trial = 0; trial < 120; trial++) {
        const draw = () => (rng.next() < 0.5 ? rng.pick(edges) : rng.int(1, 67));
        const n = draw();
        const m = trial % 4 === 0 ? n : draw();
        const args = randomArgs(rng, { n, m, dk: draw(), dv: draw() });
        checkAttention(core, args, `${describeShape(args)} ${rng.tag}`);
      }
    });

    it('matches step by step for wide input ranges', () => {
      const rng = makeRandom(`attention-wide ${build}`);
      for (let trial = 0; trial < 40; trial++) {
        const n = rng.int(1, 40);
        const args = randomArgs(rng, { n, m: rng.int(1, 40), dk: rng.int(1, 67), dv: rng.int(1, 20), range: rng.pick([10, 100, 1e-3]) });
        checkAttention(core, args, `${describeShape(args)} ${rng.tag}`, { endToEnd: false });
      }
    });

    it('causal masks hide exactly the future keys', () => {
      const rng = makeRandom(`attention-causal ${build}`);
      for (const n of [1, 2, 3, 4, 5, 8, 9, 16, 17, 33, 67]) {
        const args = randomArgs(rng, { n, m: n, dk: rng.int(1, 20), dv: rng.int(1, 20), maskKind: 'causal' });
        const got = checkAttention(core, args, `${describeShape(args)} ${rng.tag}`);
        assert.equal(got.weights[0], 1, 'the first query sees only the first key');
      }
    });

    it('a row with every key hidden gets zero weights and a zero output row, never NaN', () => {
      const n = 3;
      const m = 4;
      const dk = 2;
      const dv = 3;
      const rng = makeRandom(`attention-hidden ${build}`);
      const args = { q: rng.vector(n * dk), k: rng.vector(m * dk), v: rng.vector(m * dv), n, m, dk, dv };
      for (const mask of [
        Uint8Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]),
        new Uint8Array(n * m), // nothing visible anywhere
      ]) {
        const got = checkAttention(core, { ...args, mask }, `hidden rows ${rng.tag}`);
        for (let i = 0; i < n; i++) {
          if (mask.subarray(i * m, (i + 1) * m).some(Boolean)) continue;
          for (let j = 0; j < m; j++) assert.ok(got.weights[i * m + j] === 0, `row ${i} weight ${j} = ${got.weights[i * m + j]}`);
          for (let c = 0; c < dv; c++) assert.ok(got.output[i * dv + c] === 0, `row ${i} output ${c} = ${got.output[i * dv + c]}`);
        }
        // scores and scaled are still reported for hidden pairs
        assertClose(got.scores, ref.attention(args).scores, { magnitude: ref.attention(args).scoresMagnitude, label: 'scores under a mask' });
      }
    });

    it('scores as large as 1e30 give finite weights that sum to 1', () => {
      const v = [1, 2, 3, 4, 5, 6];
      const cases = [
        { q: [1e15, -1e15], k: [1e15, 0, -1e15], weights: [1, 0, 0, 0, 0, 1] },
        { q: [1e15, -1e15], k: [1e15, 1e15, -1e15], weights: [0.5, 0.5, 0, 0, 0, 1] },
        { q: [-1e15, -1e15], k: [1e15, 1e15, 1e15], weights: [1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3] },
      ];
      for (const { q, k, weights } of cases) {
        for (const extra of [{}, { temperature: 0.5 }, { temperature: 3 }, { scale: 0.25 }, { mask: Uint8Array.from([1, 1, 1, 0, 1, 1]) }]) {
          const args = { q, k, v, n: 2, m: 3, dk: 1, dv: 2, ...extra };
          const label = `q=${JSON.stringify(q)} k=${JSON.stringify(k)} ${JSON.stringify({ ...extra, mask: extra.mask && Array.from(extra.mask) })}`;
          const got = checkAttention(core, args, label);
          if (!extra.mask) assertWeightsClose(got.weights, weights, `${label}: weights`);
        }
      }
      // dk = 4 with the default scale 1/2: scores 1e30, scaled 5e29
      const big = 5e14;
      const args = { q: [big, big, big, big], k: [big, big, big, big, -big, -big, -big, -big], v: [7, -7], n: 1, m: 2, dk: 4, dv: 1 };
      const got = checkAttention(core, args, 'dk=4 scores 1e30');
      assertWeightsClose(got.weights, [1, 0], 'dk=4 scores 1e30: weights');
      assertClose(got.output, [7], { label: 'dk=4 scores 1e30: output' });
    });

    it('defaults: m = n, dv = dk, scale = 1/√dk, temperature = 1, mask = none', () => {
      const rng = makeRandom(`attention-defaults ${build}`);
      for (const dk of [1, 4, 16, 64]) { // 1/√dk is exact in float32 for these
        const n = 5;
        const q = rng.vector(n * dk);
        const k = rng.vector(n * dk);
        const v = rng.vector(n * dk);
        const implicit = core.attention({ q, k, v, n, dk });
        const explicit = core.attention({ q, k, v, n, m: n, dk, dv: dk, scale: 1 / Math.sqrt(dk), temperature: 1, mask: 'none' });
        for (const key of ['scores', 'scaled', 'weights', 'output']) {
          assertSameBits(implicit[key], explicit[key], `dk=${dk} ${key}: defaults vs explicit`);
        }
      }
      const args = { q: rng.vector(6), k: rng.vector(6), v: rng.vector(6), n: 2, dk: 3 };
      checkAttention(core, args, `dk=3 defaults ${rng.tag}`);
    });

    it('scale multiplies the scores; scale 0 gives uniform weights', () => {
      const rng = makeRandom(`attention-scale ${build}`);
      const base = { q: rng.vector(12), k: rng.vector(20), v: rng.vector(10), n: 3, m: 5, dk: 4, dv: 2 };
      for (const scale of [0, 1, 0.5, 3, -1, 1e-3]) {
        const got = checkAttention(core, { ...base, scale }, `scale=${scale} ${rng.tag}`);
        if (scale === 0) assertWeightsClose(got.weights, new Float64Array(15).fill(0.2), 'scale 0: weights');
      }
    });

    it('a worked example: one-hot keys pick out values', () => {
      // scores = Q·Kᵀ = 10·I, scale 1: each query puts weight 1/(1 + 2e⁻¹⁰) on its own key
      const q = [10, 0, 0, 0, 10, 0];
      const k = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      const v = [1, 2, 3, 4, 5, 6];
      const got = checkAttention(core, { q, k, v, n: 2, m: 3, dk: 3, dv: 2, scale: 1 }, 'worked example');
      const own = 1 / (1 + 2 * Math.exp(-10));
      const other = Math.exp(-10) * own;
      assertWeightsClose(got.weights, [own, other, other, other, own, other], 'worked example: weights');
    });

    it('results are owned copies: later calls do not change them', () => {
      const rng = makeRandom(`attention-copies ${build}`);
      const args = randomArgs(rng, { n: 4, m: 6, dk: 8, dv: 3, maskKind: 'none' });
      const first = core.attention(args);
      const saved = Object.fromEntries(Object.entries(first).map(([key, value]) => [key, value.slice()]));
      core.attention(randomArgs(rng, { n: 6, m: 4, dk: 8, dv: 3, maskKind: 'none' }));
      core.attention(randomArgs(rng, { n: 512, m: 512, dk: 32, dv: 32, maskKind: 'none' })); // may grow the heap
      for (let i = 0; i < 100; i++) core.dot(rng.vector(64), rng.vector(64));
      for (const key of ['scores', 'scaled', 'weights', 'output']) {
        assertSameBits(first[key], saved[key], `first result's ${key} after later calls`);
      }
    });

    it('does not modify its inputs', () => {
      const rng = makeRandom(`attention-inputs ${build}`);
      const args = randomArgs(rng, { n: 5, m: 7, dk: 9, dv: 4, maskKind: 'explicit' });
      const before = { q: args.q.slice(), k: args.k.slice(), v: args.v.slice(), mask: args.mask.slice() };
      core.attention(args);
      for (const key of ['q', 'k', 'v']) assertSameBits(args[key], before[key], `${key} after the call`);
      assert.deepEqual(args.mask, before.mask, 'mask after the call');
    });
  });
}

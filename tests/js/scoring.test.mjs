// scoring.test.mjs — core.scores, core.attention({ kind }) and core.multiHead
// against the independent float64 reference (js-support/scoring-reference.mjs),
// on both builds.
//
// Scores within 1e-5 of their error magnitude (Σ|terms|); attention's later
// steps and multiHead's steps are checked from the core's own input to each
// step (as attention.test.mjs does), so an error is blamed where it is made.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import * as sref from '../js-support/scoring-reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, assertWeightsClose, assertRowSums, assertAllFinite } from '../js-support/check.mjs';

announceSeed('scoring.test.mjs');
const cores = await bothCores();
const KINDS = ['dot', 'cosine', 'bilinear', 'additive'];

function randomScoreArgs(rng, kind, { n, m, dq, dk, dh }) {
  if (kind === 'dot' || kind === 'cosine') dq = dk;
  const args = { q: rng.vector(n * dq), k: rng.vector(m * dk), n, dk, kind };
  if (m !== n || rng.next() < 0.5) args.m = m;
  if (dq !== dk) args.dq = dq;
  if (kind === 'bilinear') args.w = rng.vector(dq * dk);
  if (kind === 'additive') {
    args.wq = rng.vector(dh * dq, -3 / Math.sqrt(dq), 3 / Math.sqrt(dq));
    args.wk = rng.vector(dh * dk, -3 / Math.sqrt(dk), 3 / Math.sqrt(dk));
    args.u = rng.vector(dh);
    if (rng.next() < 0.5) args.dh = dh; // otherwise the length of u
  }
  return args;
}

function checkScores(core, args, label) {
  const got = core.scores(args);
  const { n, m = n } = args;
  assert.ok(got instanceof Float32Array, `${label}: a Float32Array`);
  assert.equal(got.length, n * m, `${label}: length n × m`);
  const want = sref.scores(args);
  assertClose(got, want.value, { magnitude: want.magnitude, label: `${label}: scores` });
  return got;
}

function dims(rng) {
  return { n: rng.int(1, 67), m: rng.int(1, 67), dq: rng.int(1, 67), dk: rng.int(1, 67), dh: rng.int(1, 67) };
}

for (const { build, core } of cores) {
  describe(`scores (${build})`, () => {
    for (const kind of KINDS) {
      it(`'${kind}': random shapes 1..67, m ≠ n${kind === 'bilinear' || kind === 'additive' ? ', dq ≠ dk' : ''}`, () => {
        const rng = makeRandom(`scores ${kind} ${build}`);
        for (let trial = 0; trial < 25; trial++) checkScores(core, randomScoreArgs(rng, kind, dims(rng)), `${rng.tag} trial ${trial}`);
      });
      it(`'${kind}': each dimension at the tile edges 1, 4, 8, 9, 67`, () => {
        const rng = makeRandom(`scores edges ${kind} ${build}`);
        for (const e of [1, 3, 4, 5, 8, 9, 16, 17, 67]) {
          checkScores(core, randomScoreArgs(rng, kind, { ...dims(rng), n: e, dh: e }), `${rng.tag} n = ${e}`);
          checkScores(core, randomScoreArgs(rng, kind, { ...dims(rng), m: e }), `${rng.tag} m = ${e}`);
          checkScores(core, randomScoreArgs(rng, kind, { ...dims(rng), dk: e, dq: e + 1 }), `${rng.tag} dk = ${e}`);
        }
      });
    }
    it("kind defaults to 'dot', and equals attention's scores", () => {
      const rng = makeRandom(`scores default ${build}`);
      const q = rng.vector(12);
      const k = rng.vector(20);
      const v = rng.vector(10);
      const got = core.scores({ q, k, n: 3, m: 5, dk: 4 });
      const { scores } = core.attention({ q, k, v, n: 3, m: 5, dk: 4, dv: 2 });
      assert.deepEqual(got, scores);
    });
    it('cosine ignores length; bilinear with W = I is the dot product', () => {
      const cos = core.scores({ q: [3, 4], k: [6, 8, -8, -6], n: 1, m: 2, dk: 2, kind: 'cosine' });
      assert.equal(cos[0], 1);
      assertClose(cos[1], -0.96, { label: 'cos(q, -k rotated)' });
      const bil = core.scores({ q: [1.5, -2], k: [0.5, 3, 2, 1], n: 1, m: 2, dk: 2, kind: 'bilinear', w: [1, 0, 0, 1] });
      assert.deepEqual([...bil], [1.5 * 0.5 - 2 * 3, 1.5 * 2 - 2 * 1]);
    });
  });

  describe(`attention with kind (${build})`, () => {
    for (const kind of KINDS) {
      it(`'${kind}': every output, masks, default scale ${kind === 'dot' ? '1/√dk' : '1'}`, () => {
        const rng = makeRandom(`attention kind ${kind} ${build}`);
        for (let trial = 0; trial < 12; trial++) {
          const d = dims(rng);
          const args = randomScoreArgs(rng, kind, d);
          const { n, m } = d;
          const dv = rng.int(1, 20);
          args.v = rng.vector(m * dv);
          args.dv = dv;
          args.m = m;
          const mask = rng.pick(['none', 'causal', 'explicit']);
          if (mask === 'explicit') {
            args.mask = new Uint8Array(n * m).map(() => (rng.next() < 0.6 ? 1 : 0));
          } else if (mask === 'causal' || rng.next() < 0.5) {
            args.mask = mask;
          }
          if (rng.next() < 0.3) args.temperature = rng.pick([0.5, 2]);
          const label = `${rng.tag} trial ${trial} (${kind}, n ${n} m ${m}, mask ${mask})`;
          const got = core.attention(args);
          for (const key of ['scores', 'scaled', 'weights', 'output']) assertAllFinite(got[key], `${label}: ${key}`);
          const want = sref.scores(args);
          assertClose(got.scores, want.value, { magnitude: want.magnitude, label: `${label}: scores` });
          const scale = Math.fround(sref.defaultScale(kind, args.dk));
          assertClose(got.scaled, Float64Array.from(got.scores, (s) => s * scale), { rel: 1e-6, label: `${label}: scaled` });
          const visible = ref.maskMatrix(args.mask, n, m);
          for (let i = 0; i < n; i++) {
            assertWeightsClose(got.weights.subarray(i * m, (i + 1) * m),
              ref.softmax(got.scaled.subarray(i * m, (i + 1) * m), { temperature: args.temperature ?? 1, visible: visible.subarray(i * m, (i + 1) * m) }),
              `${label}: weights row ${i}`);
          }
          assertRowSums(got.weights, n, m, { visible, label });
          const product = ref.matmul(got.weights, args.v, n, m, dv);
          assertClose(got.output, product.value, { magnitude: product.magnitude, label: `${label}: output` });
        }
      });
    }
    it("kind 'dot' through the kind path gives the same bits as plain attention", () => {
      const rng = makeRandom(`attention dot same ${build}`);
      const args = { q: rng.vector(15), k: rng.vector(35), v: rng.vector(14), n: 3, m: 7, dk: 5, dv: 2, mask: 'causal' };
      const plain = core.attention(args);
      const kinded = core.attention({ ...args, kind: 'dot' });
      for (const key of ['scores', 'scaled', 'weights', 'output']) assert.deepEqual(kinded[key], plain[key], key);
    });

    it('outputs: a kind returns exactly the results asked for, with the same bits', () => {
      const rng = makeRandom(`attention kind outputs ${build}`);
      const args = randomScoreArgs(rng, 'additive', { n: 4, m: 9, dq: 3, dk: 5, dh: 6 });
      args.v = rng.vector(9 * 2);
      args.dv = 2;
      const all = core.attention(args);
      for (const outputs of [['output'], ['weights'], ['scores', 'output'], ['scaled', 'weights']]) {
        const got = core.attention({ ...args, outputs });
        assert.deepEqual(Object.keys(got).sort(), [...outputs].sort(), `keys for ${outputs}`);
        for (const key of outputs) assert.deepEqual(got[key], all[key], `${key} for ${outputs}`);
      }
      assert.throws(() => core.attention({ ...args, outputs: ['attention'] }), /outputs: unknown output/);
    });
  });

  describe(`multiHead (${build})`, () => {
    function randomMultiHead(rng, { n, m, dModel, heads, cross, mask }) {
      const s = 1 / Math.sqrt(dModel);
      const args = {
        x: rng.vector(n * dModel), n, dModel, heads,
        wq: rng.vector(dModel * dModel, -2 * s, 2 * s), wk: rng.vector(dModel * dModel, -2 * s, 2 * s),
        wv: rng.vector(dModel * dModel, -s, s), wo: rng.vector(dModel * dModel, -s, s),
      };
      if (cross) {
        args.source = rng.vector(m * dModel);
        if (rng.next() < 0.5) args.m = m;
      }
      if (mask) args.mask = mask === 'explicit' ? Array.from({ length: n * (cross ? m : n) }, () => (rng.next() < 0.6 ? 1 : 0)) : mask;
      return args;
    }

    function checkMultiHead(core, args, label) {
      const got = core.multiHead(args);
      const { n, dModel: d, heads } = args;
      const m = args.source ? args.source.length / d : n;
      for (const [key, length] of [['q', n * d], ['k', m * d], ['v', m * d], ['weights', heads * n * m], ['concat', n * d], ['output', n * d]]) {
        assert.ok(got[key] instanceof Float32Array, `${label}: ${key}`);
        assert.equal(got[key].length, length, `${label}: ${key}.length`);
        assertAllFinite(got[key], `${label}: ${key}`);
      }
      const want = sref.multiHead(args, got);
      for (const key of ['q', 'k', 'v']) assertClose(got[key], want[key], { magnitude: want.magnitude[key], label: `${label}: ${key}` });
      // weights from the core's own q, k: a score's float32 rounding δ moves a weight by ≤ w·(δ + max δ of its row)
      for (let r = 0; r < heads * n; r++) {
        const row = want.magnitude.scores.subarray(r * m, (r + 1) * m);
        const worst = Math.max(...row) * 2e-6;
        for (let j = 0; j < m; j++) {
          const w = want.weights[r * m + j];
          const allowed = w * (1e-5 + 1e-6 * row[j] + worst) + 1e-12;
          assert.ok(Math.abs(got.weights[r * m + j] - w) <= allowed,
            `${label}: weights[head ${Math.floor(r / n)}, row ${r % n}, key ${j}] = ${got.weights[r * m + j]}, want ${w}`);
        }
      }
      assertClose(got.concat, want.concat, { magnitude: want.magnitude.concat, label: `${label}: concat` });
      assertClose(got.output, want.output, { magnitude: want.magnitude.output, label: `${label}: output` });
    }

    it('heads dividing dModel, self and cross, every mask', () => {
      const rng = makeRandom(`multiHead ${build}`);
      const shapes = [[1, 1], [4, 1], [4, 2], [4, 4], [8, 2], [8, 4], [12, 3], [16, 8], [24, 6], [66, 11], [67, 67]];
      for (const [dModel, heads] of shapes) {
        for (const [cross, mask] of [[false, undefined], [true, 'none'], [false, 'causal'], [true, 'explicit']]) {
          const args = randomMultiHead(rng, { n: rng.int(1, 20), m: rng.int(1, 20), dModel, heads, cross, mask });
          checkMultiHead(core, args, `${rng.tag} dModel ${dModel} heads ${heads} cross ${cross} mask ${mask}`);
        }
      }
    });
    it('n and m at tile edges', () => {
      const rng = makeRandom(`multiHead edges ${build}`);
      for (const n of [1, 4, 5, 8, 9]) {
        for (const m of [1, 7, 8, 9, 17]) {
          checkMultiHead(core, randomMultiHead(rng, { n, m, dModel: 8, heads: 2, cross: true }), `${rng.tag} n ${n} m ${m}`);
        }
      }
    });
    it('one head over the whole width is plain scaled dot-product attention on the projections', () => {
      const rng = makeRandom(`multiHead one head ${build}`);
      const args = randomMultiHead(rng, { n: 5, m: 7, dModel: 6, heads: 1, cross: true });
      const got = core.multiHead(args);
      const plain = core.attention({ q: got.q, k: got.k, v: got.v, n: 5, m: 7, dk: 6 });
      assertWeightsClose(got.weights, plain.weights, 'weights');
      assertClose(got.concat, plain.output, { magnitude: 1, rel: 1e-6, label: 'concat' });
    });
  });
}

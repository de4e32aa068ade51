// trainer.test.mjs — core.attentionBackward and core.createTrainer, both builds.
//
// attentionBackward is held to a float64 gradient (written here from the chain
// rule on the JS reference's attention) within 1e-5 relative to the size of its
// terms. The trainer must learn 'reverse' and 'max' to ≥ 95 % within 3000 steps
// for three seeds, repeat its losses bit for bit, refuse bad options by name,
// and give its memory back on dispose (1000 trainers, memoryBytes() plateaus).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertThrowsNaming } from '../js-support/check.mjs';

announceSeed('trainer.test.mjs');
const cores = await bothCores();

// ---- float64 reference of the backward pass ---------------------------------------------
function referenceBackward(args) {
  const { n, m = n, dk, dv = dk, temperature = 1 } = args;
  const fwd = ref.attention(args);
  const W = fwd.weights;
  const c = fwd.scale / Math.fround(temperature);
  const Q = ref.f32(args.q), K = ref.f32(args.k), V = ref.f32(args.v), dO = ref.f32(args.dOutput);
  const dq = new Float64Array(n * dk), dkk = new Float64Array(m * dk), dvv = new Float64Array(m * dv);
  const dS = new Float64Array(n * m), size = new Float64Array(n * m);
  const dvSize = new Float64Array(m * dv), dqSize = new Float64Array(n * dk), dkSize = new Float64Array(m * dk);
  for (let i = 0; i < n; i++) {
    // W carries the scores' rounding, which grows with c·Σ|q||k| (the widest in the row)
    let widest = 0;
    for (let j = 0; j < m; j++) widest = Math.max(widest, fwd.scoresMagnitude[i * m + j]);
    const grow = 1 + Math.abs(c) * widest;
    const dW = new Float64Array(m), dWSize = new Float64Array(m);
    let dot = 0, dotSize = 0;
    for (let j = 0; j < m; j++) {
      for (let x = 0; x < dv; x++) {
        dW[j] += dO[i * dv + x] * V[j * dv + x];
        dWSize[j] += 2 * Math.abs(dO[i * dv + x] * V[j * dv + x]);
      }
      dot += W[i * m + j] * dW[j];
      dotSize += W[i * m + j] * grow * dWSize[j];
    }
    for (let j = 0; j < m; j++) {
      const w = W[i * m + j];
      dS[i * m + j] = c * w * (dW[j] - dot);
      size[i * m + j] = Math.abs(c) * w * grow * (dWSize[j] + dotSize);
      for (let x = 0; x < dv; x++) {
        dvv[j * dv + x] += w * dO[i * dv + x];
        dvSize[j * dv + x] += w * grow * Math.abs(dO[i * dv + x]);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      for (let x = 0; x < dk; x++) {
        dq[i * dk + x] += dS[i * m + j] * K[j * dk + x];
        dqSize[i * dk + x] += size[i * m + j] * Math.abs(K[j * dk + x]);
        dkk[j * dk + x] += dS[i * m + j] * Q[i * dk + x];
        dkSize[j * dk + x] += size[i * m + j] * Math.abs(Q[i * dk + x]);
      }
    }
  }
  return { dq, dk: dkk, dv: dvv, dqSize, dkSize, dvSize, visible: fwd.visible };
}

function assertWithin(got, want, size, label) {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(got[i] - want[i]);
    assert.ok(Number.isFinite(got[i]) && error <= 1e-5 * size[i],
      `${label}[${i}]: got ${got[i]}, want ${want[i]}, |error| ${error} > 1e-5 × ${size[i]}`);
  }
}

// ---- the tasks, in JS, to score evaluate() on fresh sequences --------------------------
function targets(task, x) {
  const L = x.length;
  if (task === 'copy') return [...x];
  if (task === 'previous') return x.map((_, i) => x[Math.max(0, i - 1)]);
  if (task === 'reverse') return x.map((_, i) => x[L - 1 - i]);
  const top = Math.max(...x);
  return x.map(() => top);
}

function heldOutAccuracy(trainer, task, rng, sequences = 100) {
  const { length, vocab } = trainer.options;
  let right = 0;
  for (let s = 0; s < sequences; s++) {
    const x = Array.from({ length }, () => rng.int(0, vocab - 1));
    const y = targets(task, x);
    const { predicted } = trainer.evaluate(x);
    for (let i = 0; i < length; i++) right += predicted[i] === y[i] ? 1 : 0;
  }
  return right / (sequences * length);
}

for (const { build, core } of cores) {
  describe(`attentionBackward (${build} build)`, () => {
    it('matches the float64 gradient at tile-edge sizes, with every kind of mask', () => {
      const rng = makeRandom(`backward ${build}`);
      for (const n of [1, 3, 4, 5, 8, 9, 17]) {
        for (const m of [1, 4, 8, 9, 17]) {
          for (const [dk, dv] of [[1, 3], [4, 8], [9, 17], [16, 5]]) {
            for (const mask of ['none', 'causal', rng.mask(n, m, 0.6)]) {
              const args = {
                q: rng.vector(n * dk), k: rng.vector(m * dk), v: rng.vector(m * dv), dOutput: rng.vector(n * dv),
                n, m, dk, dv, scale: rng.uniform(0.2, 1.2), temperature: rng.uniform(0.5, 2), mask,
              };
              const got = core.attentionBackward(args);
              const want = referenceBackward(args);
              const label = `${rng.tag} n=${n} m=${m} dk=${dk} dv=${dv} mask=${typeof mask === 'string' ? mask : 'explicit'}`;
              assertWithin(got.dq, want.dq, want.dqSize, `${label} dq`);
              assertWithin(got.dk, want.dk, want.dkSize, `${label} dk`);
              assertWithin(got.dv, want.dv, want.dvSize, `${label} dv`);
            }
          }
        }
      }
    });

    it('gives nothing to hidden keys and fully hidden rows, exactly', () => {
      const rng = makeRandom(`backward hidden ${build}`);
      const n = 4, m = 5, dk = 3;
      const mask = new Uint8Array(n * m).fill(1);
      for (let j = 0; j < m; j++) mask[1 * m + j] = 0; // query 1 sees nothing
      for (let i = 0; i < n; i++) mask[i * m + 2] = 0; // no query sees key 2
      const g = core.attentionBackward({ q: rng.vector(n * dk), k: rng.vector(m * dk), v: rng.vector(m * dk),
        dOutput: rng.vector(n * dk), n, m, dk, mask });
      for (let x = 0; x < dk; x++) {
        assert.equal(g.dq[1 * dk + x], 0);
        assert.equal(g.dk[2 * dk + x], 0);
        assert.equal(g.dv[2 * dk + x], 0);
      }
      assert.ok(g.dq.every(Number.isFinite) && g.dk.every(Number.isFinite) && g.dv.every(Number.isFinite));
    });

    it('refuses bad input by name', () => {
      const base = { q: [1, 2], k: [1, 0, 0, 1], v: [1, 2, 3, 4], dOutput: [1, 1], n: 1, m: 2, dk: 2 };
      assertThrowsNaming(() => core.attentionBackward({ ...base, dOutput: [1] }), 'dOutput', { also: [/expected 2/] });
      assertThrowsNaming(() => core.attentionBackward({ ...base, dOutput: [1, NaN] }), 'dOutput');
      assertThrowsNaming(() => core.attentionBackward({ ...base, dOutput: undefined }), 'dOutput');
      assertThrowsNaming(() => core.attentionBackward({ ...base, q: [1] }), 'q');
      assertThrowsNaming(() => core.attentionBackward({ ...base, n: 0 }), 'n');
      assertThrowsNaming(() => core.attentionBackward({ ...base, temperature: 0 }), 'temperature');
      assertThrowsNaming(() => core.attentionBackward({ ...base, mask: 'diagonal' }), 'mask');
      assert.throws(() => core.attentionBackward(null), TypeError);
      // own properties only: an inherited q is not read
      assertThrowsNaming(() => core.attentionBackward(Object.assign(Object.create({ q: [1, 2] }), { ...base, q: undefined })), 'q');
      const ok = core.attentionBackward(base); // the core keeps working
      assert.equal(ok.dq.length, 2);
    });
  });

  describe(`createTrainer (${build} build)`, () => {
    for (const task of ['reverse', 'max']) {
      for (const seed of [1, 2, 3]) {
        it(`learns '${task}' to ≥ 95 % within 3000 steps (seed ${seed})`, () => {
          const t = core.createTrainer({ task, seed });
          let r = { step: 0, accuracy: 0 };
          while (r.step < 3000 && r.accuracy < 0.95) r = t.step(10);
          assert.ok(r.accuracy >= 0.95, `${task} seed ${seed}: accuracy ${r.accuracy} after ${r.step} steps`);
          // and on sequences it never trained on
          const fresh = heldOutAccuracy(t, task, makeRandom(`held-out ${task} ${seed} ${build}`));
          t.step(Math.max(1, 200)); // a little longer: the batch figure is from 32 sequences
          const later = heldOutAccuracy(t, task, makeRandom(`held-out ${task} ${seed} ${build}`));
          assert.ok(later >= 0.95, `${task} seed ${seed}: held-out accuracy ${fresh} at step ${r.step}, ${later} 200 steps later`);
          t.dispose();
        });
      }
    }

    it("cannot learn 'reverse' or 'previous' without positions", () => {
      for (const task of ['reverse', 'previous']) {
        const t = core.createTrainer({ task, positions: 'none', seed: 4 });
        const r = t.step(400);
        assert.ok(r.accuracy < 0.7, `${task} without positions reached ${r.accuracy}`);
        t.dispose();
      }
    });

    it('repeats its losses bit for bit for the same options and seed', () => {
      for (const positions of ['learned', 'sinusoidal', 'none']) {
        const a = core.createTrainer({ task: 'copy', positions, seed: 9 });
        const b = core.createTrainer({ task: 'copy', positions, seed: 9 });
        const c = core.createTrainer({ task: 'copy', positions, seed: 10 });
        let differs = false;
        for (let i = 0; i < 20; i++) {
          const ra = a.step(), rb = b.step(), rc = c.step();
          assert.ok(Object.is(ra.loss, rb.loss), `${positions} step ${i}: ${ra.loss} vs ${rb.loss}`);
          assert.equal(ra.accuracy, rb.accuracy);
          assert.equal(ra.step, i + 1);
          differs ||= ra.loss !== rc.loss;
        }
        assert.ok(differs, 'another seed gave the same losses');
        assert.deepEqual(a.parameters(), b.parameters());
        for (const t of [a, b, c]) t.dispose();
      }
    });

    it('reports parameters as copies of the right shapes, and evaluate agrees with them', () => {
      const t = core.createTrainer({ task: 'reverse', length: 5, vocab: 7, dModel: 9, seed: 3 });
      t.step(30);
      const p = t.parameters();
      const d = 9;
      for (const [name, size] of [['wq', d * d], ['wk', d * d], ['wv', d * d], ['wo', d * d], ['embed', 7 * d], ['pos', 5 * d], ['unembed', d * 7]]) {
        assert.ok(p[name] instanceof Float32Array, name);
        assert.equal(p[name].length, size, name);
      }
      p.wq.fill(0);
      assert.notDeepEqual(t.parameters().wq, p.wq, 'parameters() must return copies');
      const q = t.parameters();
      const x = [4, 0, 6, 2, 2];
      const { weights, predicted } = t.evaluate(x);
      assert.ok(weights instanceof Float32Array && weights.length === 25);
      assert.ok(predicted instanceof Int32Array && predicted.length === 5);
      // the weights again, in float64, from the parameters
      const h = x.map((tok, i) => Array.from({ length: d }, (_, c) => q.embed[tok * d + c] + q.pos[i * d + c]));
      const proj = (w) => h.map((row) => Array.from({ length: d }, (_, c) => row.reduce((s, v, r) => s + v * w[r * d + c], 0)));
      const Q = proj(q.wq), K = proj(q.wk);
      for (let i = 0; i < 5; i++) {
        const s = K.map((k) => Q[i].reduce((acc, v, c) => acc + v * k[c], 0) / Math.sqrt(d));
        const top = Math.max(...s);
        const e = s.map((v) => Math.exp(v - top));
        const sum = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < 5; j++) {
          const want = e[j] / sum;
          assert.ok(Math.abs(weights[i * 5 + j] - want) <= 1e-4 * want + 1e-7, `weights(${i}, ${j}) = ${weights[i * 5 + j]}, want ${want}`);
        }
      }
      const none = core.createTrainer({ task: 'copy', positions: 'none' });
      assert.equal(none.parameters().pos.length, 0);
      const sin = core.createTrainer({ task: 'copy', positions: 'sinusoidal', length: 4, dModel: 6 });
      const pos = sin.parameters().pos;
      for (let i = 0; i < 4; i++) {
        for (let c = 0; c < 6; c++) {
          const a = i / 10000 ** ((c - (c % 2)) / 6);
          assert.ok(Math.abs(pos[i * 6 + c] - (c % 2 ? Math.cos(a) : Math.sin(a))) < 1e-6);
        }
      }
      sin.step(5);
      assert.deepEqual(sin.parameters().pos, pos, 'sinusoidal positions are fixed, not trained');
      for (const tr of [t, none, sin]) tr.dispose();
    });

    it('refuses bad options and tokens by name, and any use after dispose', () => {
      const make = (o) => () => core.createTrainer({ task: 'copy', ...o });
      assertThrowsNaming(() => core.createTrainer({ task: 'sort' }), 'task');
      assertThrowsNaming(() => core.createTrainer({}), 'task');
      assertThrowsNaming(() => core.createTrainer(Object.create({ task: 'copy' })), 'task'); // own properties only
      assert.throws(() => core.createTrainer('copy'), TypeError);
      assertThrowsNaming(make({ positions: 'rope' }), 'positions');
      for (const length of [1, 17, 2.5]) assertThrowsNaming(make({ length }), 'length');
      for (const vocab of [1, 65]) assertThrowsNaming(make({ vocab }), 'vocab');
      for (const dModel of [3, 65]) assertThrowsNaming(make({ dModel }), 'dModel');
      for (const lr of [0, -0.01, NaN, Infinity, '0.01', 1e39]) assertThrowsNaming(make({ lr }), 'lr');
      assertThrowsNaming(make({ batch: 0 }), 'batch');
      assertThrowsNaming(make({ seed: -1 }), 'seed');
      assertThrowsNaming(make({ steps: 3 }), 'createTrainer options');
      const t = core.createTrainer({ task: 'copy' });
      assertThrowsNaming(() => t.evaluate([0, 1, 2, 3, 4, 8]), 'tokens', { also: [/\[0, 8\)/] });
      assertThrowsNaming(() => t.evaluate([0, 1, 2, 3, 4, -1]), 'tokens');
      assertThrowsNaming(() => t.evaluate([0, 1, 2, 3, 4, 1.5]), 'tokens');
      assertThrowsNaming(() => t.evaluate([0, 1, 2, 3, 4]), 'tokens', { also: [/expected 6/] });
      assertThrowsNaming(() => t.evaluate('012345'), 'tokens');
      assertThrowsNaming(() => t.step(0), 'count');
      assert.equal(t.evaluate(new Int32Array([0, 1, 2, 3, 4, 5])).predicted.length, 6); // still works
      t.dispose();
      assert.equal(t.disposed, true);
      for (const call of [() => t.step(), () => t.evaluate([0, 1, 2, 3, 4, 5]), () => t.parameters()]) {
        assert.throws(call, /disposed/);
      }
      t.dispose(); // twice is harmless
    });

    it('frees its memory: 1000 trainers created, trained and disposed leave memoryBytes() at its plateau', () => {
      const live = core.trainersLive();
      const cycle = (i) => {
        const t = core.createTrainer({ task: ['copy', 'previous', 'reverse', 'max'][i % 4], seed: i, positions: i % 3 ? 'learned' : 'sinusoidal' });
        t.step(3);
        t.evaluate([0, 1, 2, 3, 4, 5]);
        t.parameters();
        t.dispose();
      };
      for (let i = 0; i < 50; i++) cycle(i); // warm-up: the allocator's free lists reach their size
      const plateau = core.memoryBytes();
      for (let i = 50; i < 1000; i++) {
        cycle(i);
        if (i % 100 === 99) assert.equal(core.memoryBytes(), plateau, `memory grew to ${core.memoryBytes()} after ${i + 1} trainers`);
      }
      assert.equal(core.trainersLive(), live, 'every trainer was released');
    });
  });
}

// memory.test.mjs — repeated calls do not grow the WebAssembly memory.
//
// The core keeps scratch buffers that only grow, so after one warm-up call of
// each shape the memory (core.memoryBytes(), the wasm buffer's byteLength)
// must not change over 100 000 calls, nor over thousands of rejected calls.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose, assertWeightsClose } from '../js-support/check.mjs';

announceSeed('memory.test.mjs');
const cores = await bothCores();

const CALLS = 100_000;

for (const { build, core } of cores) {
  describe(`memory (${build} build)`, () => {
    const hasMemoryBytes = typeof core.memoryBytes === 'function';

    it('core.memoryBytes() reports the WebAssembly memory size', () => {
      assert.ok(hasMemoryBytes, 'core.memoryBytes is missing: the loader should expose wasmMemory.buffer.byteLength');
      const bytes = core.memoryBytes();
      assert.ok(Number.isInteger(bytes) && bytes > 0, `memoryBytes() = ${bytes}`);
      assert.equal(bytes % 65536, 0, `memoryBytes() = ${bytes} is not a whole number of 64 KiB pages`);
    });

    it(`${CALLS} calls (dot and small attention) leave the memory size unchanged`, { skip: !hasMemoryBytes && 'core.memoryBytes is missing' }, () => {
      const rng = makeRandom(`memory ${build}`);
      const a = rng.vector(64);
      const b = rng.vector(64);
      const aList = Array.from(a);
      const shapes = [
        { n: 4, m: 4, dk: 8, dv: 8, mask: 'causal' },
        { n: 3, m: 5, dk: 8, dv: 4 },
        { n: 8, m: 8, dk: 16, dv: 16, mask: rng.mask(8, 8) },
      ].map((shape) => ({
        ...shape,
        q: rng.vector(shape.n * shape.dk), k: rng.vector(shape.m * shape.dk), v: rng.vector(shape.m * shape.dv),
      }));
      // warm-up: one call of each shape sizes the scratch buffers
      for (const args of shapes) core.attention(args);
      core.dot(a, b);
      core.dot(aList, b);
      const before = core.memoryBytes();

      let last;
      for (let call = 0; call < CALLS; call++) {
        const kind = call % 4;
        if (kind === 0) core.dot(a, b);
        else if (kind === 1) core.dot(aList, b);
        else last = core.attention(shapes[call % shapes.length]);
        if (call % 10_000 === 9_999) {
          const now = core.memoryBytes();
          assert.equal(now, before, `memory grew from ${before} to ${now} bytes after ${call + 1} calls`);
        }
      }
      assert.equal(core.memoryBytes(), before, 'memory after all calls');

      // and the answers are still right
      const { value, magnitude } = ref.dotWithMagnitude(a, b);
      assertClose(core.dot(a, b), value, { magnitude, label: 'dot after the loop' });
      const args = shapes[(CALLS - 1) % shapes.length];
      assertWeightsClose(last.weights, ref.attention(args).weights, 'attention weights after the loop');
    });

    it('20 000 rejected calls with large inputs leave the memory size unchanged', { skip: !hasMemoryBytes && 'core.memoryBytes is missing' }, () => {
      const rng = makeRandom(`memory-errors ${build}`);
      const n = 64;
      const dk = 64;
      const q = rng.vector(n * dk);
      const k = rng.vector(n * dk);
      const v = rng.vector(n * dk);
      const badV = v.slice();
      badV[badV.length - 1] = NaN;
      const badMask = new Uint8Array(n * n).fill(1);
      badMask[badMask.length - 1] = 2;
      const longA = rng.vector(4096);
      const longB = rng.vector(4096);
      longB[4095] = Infinity;
      core.attention({ q, k, v, n, dk });
      core.dot(longA, longA);
      const before = core.memoryBytes();
      const rejected = [
        () => core.attention({ q, k, v: badV, n, dk }),
        () => core.attention({ q, k, v, n, dk, mask: badMask }),
        () => core.attention({ q, k, v, n, dk, temperature: 0 }),
        () => core.dot(longA, longB),
        () => core.softmax(longB),
      ];
      for (let call = 0; call < 20_000; call++) {
        assert.throws(rejected[call % rejected.length]);
      }
      assert.equal(core.memoryBytes(), before, 'memory after 20 000 rejected calls');
      const got = core.attention({ q, k, v, n, dk });
      assertWeightsClose(got.weights, ref.attention({ q, k, v, n, dk }).weights, 'attention after the rejected calls');
    });
  });
}

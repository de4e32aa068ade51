// cost-memory.test.mjs — the tiled path never holds n × m: an output-only call
// at n = 4096, d = 64 grows the WebAssembly memory by less than 8 MB (the
// materialised path would need 3 × 4096² floats = 192 MiB). Its own file, so
// each build's memory is fresh when the call runs.

import { it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';
import * as ref from '../js-support/reference.mjs';
import { makeRandom, announceSeed } from '../js-support/random.mjs';
import { assertClose } from '../js-support/check.mjs';

announceSeed('cost-memory.test.mjs');
const cores = await bothCores();

for (const { build, core } of cores) {
  it(`${build}: n = 4096, d = 64, outputs ['output'] grows memory by < 8 MB`, () => {
    const random = makeRandom(`${build} memory`);
    const n = 4096;
    const d = 64;
    const args = { q: random.vector(n * d), k: random.vector(n * d), v: random.vector(n * d), n, dk: d };
    const before = core.memoryBytes();
    const { output } = core.attention({ ...args, outputs: ['output'] });
    const grown = core.memoryBytes() - before;
    assert.ok(grown < 8 * 2 ** 20, `${build}: memory grew by ${grown} bytes (${(grown / 2 ** 20).toFixed(1)} MiB)`);
    // a few rows against the float64 reference (the whole reference is 4096² work per row block)
    for (const i of [0, 1234, 4095]) {
      const row = ref.attention({ ...args, q: args.q.subarray(i * d, (i + 1) * d), n: 1, m: n });
      assertClose(output.subarray(i * d, (i + 1) * d), row.output, { magnitude: row.outputMagnitude, label: `${build}: row ${i}` });
    }
  });
}

// fuzz-findings.test.mjs — regression tests for what the WebAssembly differential fuzz
// found (tests/fuzz/wasm/, docs/RELIABILITY.md "What the fuzzers found"), both builds.
// Each failed before its fix.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { bothCores } from '../js-support/load.mjs';

const cores = await bothCores();

for (const { build, core } of cores) {
  describe(`fuzz findings (${build})`, () => {
    // lr = FLT_MAX: Adam wrote ±Infinity into the parameters, and the next step threw
    // "q: NaN at row 0, column 0; every value must be a finite float32 number".
    it('a trainer whose lr makes training diverge names lr and keeps working', () => {
      const trainer = core.createTrainer({ task: 'copy', dModel: 10, seed: 4294967295, batch: 1, lr: 3.4028234663852886e38 });
      try {
        assert.throws(() => { for (let s = 0; s < 3; s++) trainer.step(1); },
          (e) => e instanceof RangeError && /^lr: /.test(e.message), 'a RangeError naming lr');
        const p = trainer.parameters();
        for (const [name, values] of Object.entries(p)) {
          assert.ok(values.every(Number.isFinite), `${name} holds a non-finite value after the refused step`);
        }
        const { weights } = trainer.evaluate([0, 1, 2, 3, 4, 5]);
        assert.ok(weights.every((w) => w >= 0 && w <= 1));
      } finally {
        trainer.dispose();
      }
    });
  });
}

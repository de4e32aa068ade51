// bench-smoke.test.mjs — scripts/bench --smoke must keep working: every
// candidate (our relaxed-SIMD, SIMD and baseline builds, plain JS, tfjs-wasm,
// native core and Eigen) and every kernel variant is checked against the float64
// reference and the table is printed.
// No timing is asserted: speed is shown by scripts/bench, not tested.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('scripts/bench --smoke checks every candidate and prints the table', { timeout: 600_000 }, () => {
  const run = spawnSync(`${root}scripts/bench`, ['--smoke'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, `scripts/bench --smoke failed:\n${run.stderr.slice(-4000)}`);
  for (const heading of ['Full attention, n=64 d=64', 'Teaching size, n=16 d=64', 'Softmax alone', 'Ratios', 'Targets', 'exp accuracy', 'Kernels, one at a time', 'What attention costs, n=64 d=64']) {
    assert.match(run.stdout, new RegExp(heading), `the table lacks "${heading}"`);
  }
  const { steady } = JSON.parse(readFileSync(`${root}build/bench/smoke-results.json`, 'utf8'));
  assert.deepEqual(steady.failures, []);
  const expected = {
    attention: ['simd', 'baseline', 'js', 'tfjs', 'simd-api', 'relaxed', 'relaxed-api', 'core:plain', 'core:march', 'eigen:plain', 'eigen:march'],
    teaching: ['simd-api', 'simd-api-array', 'baseline-api', 'js-api', 'tfjs-api'],
    softmax: ['simd', 'baseline', 'js', 'tfjs', 'core:plain', 'core:march', 'eigen:plain', 'eigen:march'],
    cost: ['materialised', 'tiled', 'sparse', 'linear'],
  };
  // every kernel and variant, each on every shape of its operation
  const kernels = {
    gemm: ['ax_f32_gemm_ukernel_4x8__scalar', 'ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat', 'ax_f32_gemm_ukernel_4x8__wasmsimd_splat',
      'ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat',
      'ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat'],
    softmax: ['ax_f32_softmax_ukernel_x1__scalar_rr2_p5', 'ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5', 'ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5',
      'ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5'],
    vexp: ['ax_f32_vexp_ukernel_x1__scalar_rr2_p5', 'ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5', 'ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5'],
    dot: ['ax_f32_dot_ukernel_x4__scalar', 'ax_f32_dot_ukernel_x16__wasmsimd'],
    vfinite: ['ax_f32_vfinite_ukernel_x1__scalar', 'ax_f32_vfinite_ukernel_x16__wasmsimd'],
  };
  assert.equal(steady.relaxed, 'loaded');
  for (const [op, names] of Object.entries(kernels)) {
    const shapes = [...new Set(steady.rows.filter((r) => r.task === 'kernel' && r.op === op).map((r) => r.shape))];
    assert.ok(shapes.length > 0, `no ${op} kernel case`);
    for (const shape of shapes) {
      const seen = new Set(steady.rows.filter((r) => r.task === 'kernel' && r.shape === shape).map((r) => r.candidate));
      for (const name of names) assert.ok(seen.has(name), `${shape}: no checked result for ${name}`);
    }
  }
  for (const [task, candidates] of Object.entries(expected)) {
    const seen = new Set(steady.rows.filter((r) => r.task === task).map((r) => r.candidate));
    for (const c of candidates) assert.ok(seen.has(c), `${task}: no checked result for ${c}`);
  }
  for (const r of steady.rows) {
    assert.ok(r.error <= 1e-4, `${r.task} ${r.shape} ${r.candidate}: error ${r.error}`);
    assert.ok(r.medianMs > 0, `${r.task} ${r.shape} ${r.candidate}: no timing`);
  }
  assert.ok(steady.peakGflops > 0, 'the peak probe gave no number');
  assert.ok(steady.fmaPeakGflops > 0, 'the relaxed_madd peak probe gave no number');
  assert.ok(steady.expUlp.max_ulp <= 2, `exp: ${steady.expUlp.max_ulp} ulp`);
});

// native.mjs — the native ceiling: runs build/bench/native/bench/ax_bench_native_*
// (scripts/bench-lib/native/bench_native.cpp) on the same inputs, then checks its outputs here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './harness.mjs';

export const NATIVE_VARIANTS = { plain: 'x86-64 (SSE2)', march: '-march=native' };

export function nativeAvailable(dir) {
  return Object.keys(NATIVE_VARIANTS).every((v) => existsSync(join(dir, `ax_bench_native_${v}`)));
}

function readF32(path) {
  const b = readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

function run(dir, variant, args) {
  const out = execFileSync(join(dir, `ax_bench_native_${variant}`), args.map(String), { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

/** { 'native core (plain)': {summary, result}, 'Eigen (plain)': … } for one op. */
export function nativeRuns(dir, op, inputs, { minMs, rounds }) {
  const work = mkdtempSync(join(tmpdir(), 'ax-bench-'));
  try {
    let args;
    if (op === 'attention') {
      for (const name of ['q', 'k', 'v']) writeFileSync(join(work, `${name}.f32`), inputs[name]);
      args = ['attention', inputs.n, inputs.d, work, minMs, rounds];
    } else {
      writeFileSync(join(work, 'x.f32'), inputs.x);
      args = ['softmax', inputs.rows, inputs.cols, work, minMs, rounds];
    }
    const runs = {};
    for (const variant of Object.keys(NATIVE_VARIANTS)) {
      const { results } = run(dir, variant, args);
      for (const who of ['core', 'eigen']) {
        const result = op === 'attention'
          ? { weights: readF32(join(work, `${who}-weights.f32`)), output: readF32(join(work, `${who}-output.f32`)) }
          : readF32(join(work, `${who}-softmax.f32`));
        runs[`${who}:${variant}`] = { summary: summarize(results[who]), result };
      }
    }
    return runs;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function nativeExpUlp(dir, stride) {
  return run(dir, 'plain', ['exp-ulp', stride]);
}

// soak.mjs — a long run of mixed valid and bad calls on each build.
//
//   node tests/fuzz/wasm/soak.mjs [--calls N] [--pool P] [--seed S]
//
// Per build (SIMD, then baseline): draw a pool of P cases (cases.mjs; 1 in 10 a
// bad call, every bad kind present), run each once and keep a fingerprint of its
// outcome (the result's bits, or the error's class and message). Then make N
// calls drawn at random from the pool and require
//   - every outcome bit-identical to the case's first one (no state leaks from
//     one call into the next, errors included);
//   - every bad call throwing its named error;
//   - core.memoryBytes() after the N calls equal to its value after the first
//     pass (the arena reuses its memory: no growth once every shape was seen).
// Prints the figures docs/RELIABILITY.md quotes; exits 1 on any failure.
import { performance } from 'node:perf_hooks';

import { mulberry32 } from '../../../web/app/rng.js';
import { loadCore } from '../../../web/attention-core.js';
import { BAD_KINDS, badCall, checkBad, fingerprint, int, run, validCall } from './cases.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const calls = option('--calls', 1_000_000);
const poolSize = option('--pool', 2000);
const seed = (option('--seed', process.env.AX_SEED ? Number(process.env.AX_SEED) : Math.floor(Math.random() * 2 ** 32))) >>> 0;
console.log(`# AX_SEED=${seed}`);

const badKinds = Object.keys(BAD_KINDS);
let failed = false;

for (const simd of [true, false]) {
  const core = await loadCore({ simd });
  const build = core.simd ? 'simd' : 'baseline';
  const rand = mulberry32(seed ^ (simd ? 0x5eed : 0xba5e));

  // The pool: every bad kind at least once, then 9 valid calls to each bad one.
  const pool = [];
  for (let i = 0; i < poolSize; i++) {
    if (i < badKinds.length) {
      let call;
      do call = badCall(rand); while (call.bad.kind !== badKinds[i]);
      pool.push(call);
    } else {
      pool.push(rand() < 0.1 ? badCall(rand) : validCall(rand));
    }
  }

  const memoryStart = core.memoryBytes();
  const first = pool.map((call) => fingerprint(run(core, call)));
  const problems = [];
  pool.forEach((call, i) => {
    if (!call.bad) return;
    const problem = checkBad(call, run(core, call));
    if (problem && problems.length < 10) problems.push(`case ${i}: ${problem}`);
  });
  const memoryWarm = core.memoryBytes();

  let valid = 0, bad = 0, errors = 0, mismatches = 0;
  let memoryMax = memoryWarm;
  const t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    const i = int(rand, 0, pool.length - 1);
    const call = pool[i];
    const outcome = run(core, call);
    if (call.bad) bad++; else valid++;
    if (!outcome.ok) errors++;
    if (fingerprint(outcome) !== first[i]) {
      mismatches++;
      if (problems.length < 10) problems.push(`case ${i} (${call.bad?.kind ?? call.method}), call ${c}: ${fingerprint(outcome)} vs first ${first[i]}`);
    }
    if ((c & 0xffff) === 0) memoryMax = Math.max(memoryMax, core.memoryBytes());
  }
  const seconds = (performance.now() - t0) / 1000;
  const memoryEnd = core.memoryBytes();
  memoryMax = Math.max(memoryMax, memoryEnd);
  if (memoryEnd !== memoryWarm || memoryMax !== memoryWarm) {
    problems.push(`memory grew after the first pass: ${memoryWarm} -> max ${memoryMax}, end ${memoryEnd} bytes`);
  }

  console.log(`# ${build}: ${calls} calls in ${seconds.toFixed(1)} s (${Math.round(calls / seconds)} calls/s): ` +
    `${valid} valid, ${bad} bad (${badKinds.length} kinds), ${errors} errors thrown`);
  console.log(`# ${build}: pool ${pool.length} cases (${pool.filter((c) => c.bad).length} bad); mismatches with the first outcome: ${mismatches}`);
  console.log(`# ${build}: memoryBytes ${memoryStart} at start, ${memoryWarm} after the first pass, ${memoryMax} max, ${memoryEnd} at the end`);
  if (problems.length) {
    failed = true;
    for (const p of problems) console.log(`FAIL ${build}: ${p}`);
  }
}
if (failed) {
  console.log(`# soak: FAILED; reproduce with AX_SEED=${seed}`);
  process.exit(1);
}
console.log('# soak: ok');

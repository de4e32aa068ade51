// differential.mjs — the WebAssembly differential fuzz: SIMD build vs baseline build
// (and the relaxed-SIMD kernels vs baseline where the engine has them: Node 20 with
// --experimental-wasm-relaxed-simd, which scripts/fuzz passes).
//
//   node [--experimental-wasm-relaxed-simd] tests/fuzz/wasm/differential.mjs [--seconds S] [--seed N]
//
// Until S seconds have passed: draw a call of any JS API method (cases.mjs and
// methods.mjs; 1 in 8 is one of the bad kinds), run it on every build through the
// JS API, and require that
//   - both builds answer alike: the same error (class and message), or results
//     within the float32 tolerance of each step (an overflow may differ only
//     where the float64 magnitude of the sums reaches FLT_MAX);
//   - a bad call throws the named TypeError/RangeError on both;
//   - each answer of a valid call holds on its own (weights in [0, 1], hidden
//     keys exactly 0, rows sum to 1 or 0, softmax within 1e-5 of the float64
//     softmax of the reported scores, output = weights · V within 1e-5 and in
//     the hull of the visible values);
//     the same float64 checks for every other method (scores by kind, multi-head,
//     positional encoding, sparse/linear attention, Jacobian, naive softmax,
//     gradients against the chain rule on the build's own weights, the trainer:
//     one seed gives bit-identical runs, losses finite, dispose frees);
//   - a fixed probe call still returns the same bits afterwards (core intact),
//     trainersLive() is back where it started and memoryBytes() is a whole number
//     of 64 KiB pages.
// Prints the seed (AX_SEED=… or --seed reproduces the run), counts, and the first
// findings; exits 1 on any finding.
import { mulberry32 } from '../../../web/app/rng.js';
import { loadCore, relaxedSimdSupported } from '../../../web/attention-core.js';
import { VALID_METHODS, badCall, checkBad, checkInvariants, compareOutcomes, fingerprint, run, validCall } from './cases.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const seconds = option('--seconds', 20);
const seed = (option('--seed', process.env.AX_SEED ? Number(process.env.AX_SEED) : Math.floor(Math.random() * 2 ** 32))) >>> 0;
console.log(`# AX_SEED=${seed}`);

const simd = await loadCore({ simd: true, relaxed: false });
const baseline = await loadCore({ simd: false });
if (!simd.simd || baseline.simd || simd.relaxed || baseline.relaxed) throw new Error('expected one SIMD and one baseline build');
// The relaxed-SIMD kernels (FMA), where this engine validates them.
const relaxed = relaxedSimdSupported() ? await loadCore({ simd: true }) : null;
if (relaxed && !relaxed.relaxed) throw new Error('the engine has relaxed SIMD, but the relaxed kernels did not load');
const builds = [['simd', simd], ['baseline', baseline], ...(relaxed ? [['relaxed', relaxed]] : [])];
console.log(`# builds: ${builds.map(([name]) => name).join(', ')}`);

// The probe: a fixed call whose bits must not change whatever the fuzz did in between.
const probeCall = { method: 'attention', args: [{ q: [1, 2, 3, 4, 5, 6], k: [0.5, -1, 2, 0, 1, 1], v: [1, 0, 0, 1, 2, 2], n: 3, dk: 2, mask: 'causal' }] };
const probes = builds.map(([, core]) => fingerprint(run(core, probeCall)));
const live = builds.map(([, core]) => core.trainersLive());

const rand = mulberry32(seed);
const findings = [];
const counts = { calls: 0, valid: 0, bad: 0, errors: 0, overflows: 0 };
const byMethod = {};
const finding = (call, what) => {
  if (findings.length < 10) findings.push({ what, call: describe(call), full: call });
};

const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  for (let batch = 0; batch < 20; batch++) {
    const call = rand() < 0.125 ? badCall(rand) : validCall(rand);
    const outcomes = builds.map(([, core]) => run(core, call));
    counts.calls += builds.length;
    const key = call.bad ? call.method : call.entry;
    byMethod[key] = (byMethod[key] ?? 0) + 1;
    const x = outcomes[0];
    if (call.bad) {
      counts.bad++;
      builds.forEach(([build], i) => {
        const problem = checkBad(call, outcomes[i]);
        if (problem) finding(call, `${build}: ${problem}`);
      });
    } else {
      counts.valid++;
      if (!x.ok) counts.errors++;
      if (!x.ok && /overflow/.test(x.error.message)) counts.overflows++;
      builds.forEach(([build], i) => {
        const problem = checkInvariants(call, outcomes[i]);
        if (problem) finding(call, `${build}: ${problem}`);
      });
    }
    // every build against the baseline (the portable scalar twins)
    builds.forEach(([build], i) => {
      if (i === 1) return;
      const difference = compareOutcomes(call, outcomes[i], outcomes[1]);
      if (difference) finding(call, `${build} vs baseline: ${difference}`);
    });
  }
}
builds.forEach(([build, core], i) => {
  if (fingerprint(run(core, probeCall)) !== probes[i]) findings.push({ what: `${build}: the probe call changed`, call: 'probe' });
  if (core.trainersLive() !== live[i]) findings.push({ what: `${build}: trainersLive() went from ${live[i]} to ${core.trainersLive()}`, call: 'trainers' });
  const bytes = core.memoryBytes();
  if (!(Number.isInteger(bytes) && bytes > 0 && bytes % 65536 === 0)) findings.push({ what: `${build}: memoryBytes() = ${bytes}`, call: 'memoryBytes' });
});
const unseen = seconds >= 30 ? VALID_METHODS.filter((m) => !byMethod[m]) : [];
if (unseen.length) findings.push({ what: `no call of ${unseen.join(', ')} in ${seconds} s`, call: '-' });

console.log(`# calls: ${counts.calls}`);
console.log(`# cases: ${counts.valid + counts.bad}, each on ${builds.length} builds (valid ${counts.valid}, bad ${counts.bad}; valid calls that overflowed float32: ${counts.overflows}, zero vectors refused: ${counts.errors - counts.overflows})`);
console.log(`# per method: ${Object.entries(byMethod).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (findings.length) {
  for (const f of findings) console.log(`FINDING: ${f.what}\n  call: ${f.call}`);
  // AX_FUZZ_DUMP=file keeps every finding's whole call (arrays in full) as JSON
  if (process.env.AX_FUZZ_DUMP) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.AX_FUZZ_DUMP, JSON.stringify(findings.map((f) => ({ what: f.what, method: f.full?.method, entry: f.full?.entry, args: f.full?.args })),
      (key, value) => (ArrayBuffer.isView(value) ? { [value.constructor.name]: Array.from(value) } : value), 1));
  }
  console.log(`# findings: ${findings.length >= 10 ? '10 or more' : findings.length}; reproduce with AX_SEED=${seed}`);
  process.exit(1);
}
console.log('# findings: 0');

function describe(call) {
  const text = JSON.stringify(call.args, (key, value) =>
    ArrayBuffer.isView(value) ? { [value.constructor.name]: Array.from(value) } : value);
  const name = call.invoke ? `${call.method} sequence (${call.entry})` : call.method;
  return `${name}(${text.length > 2000 ? `${text.slice(0, 2000)}…` : text})`;
}

// differential.mjs — the WebAssembly differential fuzz: SIMD build vs baseline build.
//
//   node tests/fuzz/wasm/differential.mjs [--seconds S] [--seed N]
//
// Until S seconds have passed: draw a call (cases.mjs; 1 in 8 is one of the bad
// kinds), run it on both builds through the JS API, and require that
//   - both builds answer alike: the same error (class and message), or results
//     within the float32 tolerance of each step (an overflow may differ only
//     where the float64 magnitude of the sums reaches FLT_MAX);
//   - a bad call throws the named TypeError/RangeError on both;
//   - each answer of a valid call holds on its own (weights in [0, 1], hidden
//     keys exactly 0, rows sum to 1 or 0, softmax within 1e-5 of the float64
//     softmax of the reported scores, output = weights · V within 1e-5 and in
//     the hull of the visible values);
//   - a fixed probe call still returns the same bits afterwards (core intact).
// Prints the seed (AX_SEED=… or --seed reproduces the run), counts, and the first
// findings; exits 1 on any finding.
import { mulberry32 } from '../../../web/app/rng.js';
import { loadCore } from '../../../web/attention-core.js';
import { badCall, checkBad, checkInvariants, compareOutcomes, fingerprint, run, validCall } from './cases.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const seconds = option('--seconds', 20);
const seed = (option('--seed', process.env.AX_SEED ? Number(process.env.AX_SEED) : Math.floor(Math.random() * 2 ** 32))) >>> 0;
console.log(`# AX_SEED=${seed}`);

const simd = await loadCore({ simd: true });
const baseline = await loadCore({ simd: false });
if (!simd.simd || baseline.simd) throw new Error('expected one SIMD and one baseline build');

// The probe: a fixed call whose bits must not change whatever the fuzz did in between.
const probeCall = { method: 'attention', args: [{ q: [1, 2, 3, 4, 5, 6], k: [0.5, -1, 2, 0, 1, 1], v: [1, 0, 0, 1, 2, 2], n: 3, dk: 2, mask: 'causal' }] };
const probes = [simd, baseline].map((core) => fingerprint(run(core, probeCall)));

const rand = mulberry32(seed);
const findings = [];
const counts = { calls: 0, valid: 0, bad: 0, errors: 0, overflows: 0 };
const byMethod = {};
const finding = (call, what) => {
  if (findings.length < 10) findings.push({ what, call: describe(call) });
};

const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  for (let batch = 0; batch < 50; batch++) {
    const call = rand() < 0.125 ? badCall(rand) : validCall(rand);
    const x = run(simd, call), y = run(baseline, call);
    counts.calls += 2;
    byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
    if (call.bad) {
      counts.bad++;
      for (const [build, outcome] of [['simd', x], ['baseline', y]]) {
        const problem = checkBad(call, outcome);
        if (problem) finding(call, `${build}: ${problem}`);
      }
    } else {
      counts.valid++;
      if (!x.ok) counts.errors++;
      if (!x.ok && /overflow/.test(x.error.message)) counts.overflows++;
      for (const [build, outcome] of [['simd', x], ['baseline', y]]) {
        const problem = checkInvariants(call, outcome);
        if (problem) finding(call, `${build}: ${problem}`);
      }
    }
    const difference = compareOutcomes(call, x, y);
    if (difference) finding(call, `simd vs baseline: ${difference}`);
  }
}
[simd, baseline].forEach((core, i) => {
  if (fingerprint(run(core, probeCall)) !== probes[i]) findings.push({ what: `${i ? 'baseline' : 'simd'}: the probe call changed`, call: 'probe' });
});

console.log(`# calls: ${counts.calls}`);
console.log(`# pairs: ${counts.calls / 2} (valid ${counts.valid}, bad ${counts.bad}; valid calls that overflowed float32: ${counts.overflows}, zero vectors refused: ${counts.errors - counts.overflows})`);
console.log(`# per method: ${Object.entries(byMethod).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (findings.length) {
  for (const f of findings) console.log(`FINDING: ${f.what}\n  call: ${f.call}`);
  console.log(`# findings: ${findings.length >= 10 ? '10 or more' : findings.length}; reproduce with AX_SEED=${seed}`);
  process.exit(1);
}
console.log('# findings: 0');

function describe(call) {
  const text = JSON.stringify(call.args, (key, value) =>
    ArrayBuffer.isView(value) ? { [value.constructor.name]: Array.from(value) } : value);
  return `${call.method}(${text.length > 2000 ? `${text.slice(0, 2000)}…` : text})`;
}

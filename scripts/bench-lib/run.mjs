// run.mjs — one benchmark process: every in-process candidate on every shape,
// each result checked against the float64 reference before it is timed, then
// timed in interleaved rounds beside the f32x4 peak probe. Writes JSON.
//
//   node [--no-liftoff] run.mjs --out FILE [--smoke] [--native DIR] [--peak WASM]
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { timeInterleaved } from './harness.mjs';
import { attentionError, attentionInputs, attentionReference, probabilityError, softmaxReference, TOLERANCE, uniform } from './data.mjs';
import { loadPeak } from './peak.mjs';
import { createWasmCore } from './candidates/wasm-core.mjs';
import { createPlainJs } from './candidates/plain-js.mjs';
import { createTfjs } from './candidates/tfjs.mjs';
import { nativeAvailable, nativeExpUlp, nativeRuns } from './native.mjs';
import { kernelCases, loadKernels, relaxedAvailable } from './kernels/kernels.mjs';
import { costBenches, costError, heldBytes, sparsePairs } from './candidates/cost-variants.mjs';
import { loadCore } from '../../web/attention-core.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' }, smoke: { type: 'boolean', default: false },
    native: { type: 'string' }, peak: { type: 'string' }, 'peak-fma': { type: 'string' },
  },
});
const smoke = args.smoke;
const timing = smoke ? { minMs: 1, rounds: 3, warmupMs: 2 } : { minMs: 25, rounds: 9, warmupMs: 150 };
const PEAK_ITERATIONS = 100_000;
const flags = process.execArgv.filter((f) => f.startsWith('--')).join(' ') || '(default)';

const simd = await createWasmCore('simd');
const baseline = await createWasmCore('baseline');
// relaxed SIMD where this engine validates it (Node 20: --experimental-wasm-relaxed-simd)
const relaxed = relaxedAvailable() ? await createWasmCore('relaxed') : null;
const js = createPlainJs();
const tfjs = await createTfjs();
const peak = await loadPeak(args.peak);
// The relaxed_madd probe, where the engine validates relaxed SIMD: the ceiling of the FMA kernels.
const fmaPeak = relaxed && args['peak-fma'] && existsSync(args['peak-fma']) ? await loadPeak(args['peak-fma'], 'fmapeak') : null;
const fmaPeakSamples = [];

const rows = [];
const peakSamples = [];
const failures = [];

function check(task, shape, candidate, error) {
  const ok = error <= TOLERANCE;
  if (!ok) failures.push(`${task} ${shape} ${candidate}: error ${error.toExponential(2)} > ${TOLERANCE}`);
  return ok;
}

// Times `benches` ({ name: { run, result, free } } already checked) beside the peak probe.
function timeWithPeak(task, shape, flops, benches, errors) {
  const bodies = Object.fromEntries(Object.entries(benches).map(([k, b]) => [k, b.run]));
  Object.assign(bodies, peak.bodies(PEAK_ITERATIONS), fmaPeak?.bodies(PEAK_ITERATIONS));
  const t = timeInterleaved(bodies, timing);
  const shapePeak = Math.max(...Object.keys(t).filter((k) => k.startsWith('peak'))
    .map((k) => peak.flops(k, PEAK_ITERATIONS) / t[k].medianMs / 1e6));
  peakSamples.push(shapePeak);
  if (fmaPeak) {
    fmaPeakSamples.push(Math.max(...Object.keys(t).filter((k) => k.startsWith('fmapeak'))
      .map((k) => fmaPeak.flops(k, PEAK_ITERATIONS) / t[k].medianMs / 1e6)));
  }
  for (const name of Object.keys(benches)) {
    rows.push({ task, shape, candidate: name, ...t[name], gflops: flops ? flops / t[name].medianMs / 1e6 : null, error: errors[name], peakGflops: shapePeak });
    benches[name].free();
  }
}

function prepare(task, shape, factories, errorOf) {
  const benches = {};
  const errors = {};
  for (const [name, make] of Object.entries(factories)) {
    const b = make();
    b.run();
    errors[name] = errorOf(b.result());
    if (check(task, shape, name, errors[name])) benches[name] = b;
    else b.free();
  }
  return { benches, errors };
}

// ---- full attention, d = 64 ------------------------------------------------------
const nativeDir = args.native && nativeAvailable(args.native) ? args.native : null;
for (const n of smoke ? [64] : [64, 256, 1024]) {
  const d = 64;
  const shape = `n=${n} d=${d}`;
  const inputs = attentionInputs(n, d, n);
  const ref = attentionReference(inputs);
  const errorOf = (r) => attentionError(ref, r);
  const { benches, errors } = prepare('attention', shape, {
    simd: () => simd.attentionKernel(inputs),
    baseline: () => baseline.attentionKernel(inputs),
    js: () => js.attentionKernel(inputs),
    tfjs: () => tfjs.attentionKernel(inputs),
    'simd-api': () => simd.attentionApi(inputs),
    ...(relaxed && { relaxed: () => relaxed.attentionKernel(inputs), 'relaxed-api': () => relaxed.attentionApi(inputs) }),
  }, errorOf);
  timeWithPeak('attention', shape, 4 * n * n * d, benches, errors);
  if (nativeDir) {
    for (const [name, { summary, result }] of Object.entries(nativeRuns(nativeDir, 'attention', inputs, timing))) {
      const error = errorOf(result);
      if (check('attention', shape, name, error)) rows.push({ task: 'attention', shape, candidate: name, ...summary, gflops: 4 * n * n * d / summary.medianMs / 1e6, error });
    }
  }
}

// ---- teaching sizes, end to end through the public API ------------------------------
for (const [n, d] of [[8, 4], [16, 64]]) {
  const shape = `n=${n} d=${d}`;
  const inputs = attentionInputs(n, d, 7 * n + d);
  const arrays = { ...inputs, q: Array.from(inputs.q), k: Array.from(inputs.k), v: Array.from(inputs.v) };
  const ref = attentionReference(inputs);
  const { benches, errors } = prepare('teaching', shape, {
    'simd-api': () => simd.attentionApi(inputs),
    'simd-api-array': () => simd.attentionApi(arrays),
    'baseline-api': () => baseline.attentionApi(inputs),
    'js-api': () => js.attentionApi(inputs),
    'tfjs-api': () => tfjs.attentionApi(inputs),
  }, (r) => attentionError(ref, r));
  timeWithPeak('teaching', shape, 4 * n * n * d, benches, errors);
}

// ---- softmax alone ---------------------------------------------------------------------
{
  const size = smoke ? 128 : 1024;
  const shape = `${size}x${size}`;
  const x = uniform(size * size, 99, -8, 8);
  const ref = softmaxReference(x, size, size);
  const errorOf = (y) => probabilityError(ref, y, size);
  const { benches, errors } = prepare('softmax', shape, {
    simd: () => simd.softmaxKernel(x, size, size),
    baseline: () => baseline.softmaxKernel(x, size, size),
    js: () => js.softmaxKernel(x, size, size),
    tfjs: () => tfjs.softmaxKernel(x, size, size),
  }, errorOf);
  timeWithPeak('softmax', shape, 0, benches, errors);
  if (nativeDir) {
    for (const [name, { summary, result }] of Object.entries(nativeRuns(nativeDir, 'softmax', { x, rows: size, cols: size }, timing))) {
      const error = errorOf(result);
      if (check('softmax', shape, name, error)) rows.push({ task: 'softmax', shape, candidate: name, ...summary, gflops: null, error });
    }
  }
}

// ---- every kernel and variant, alone (kernels/kernels.mjs) ---------------------------------
const { kernels, relaxedNote } = await loadKernels();
for (const c of kernelCases(smoke)) {
  const factories = Object.fromEntries(kernels.filter((k) => k.op === c.op).map((k) => [k.name, () => c.bench(k)]));
  const { benches, errors } = prepare('kernel', `${c.op} ${c.shape}`, factories, c.errorOf);
  timeWithPeak('kernel', `${c.op} ${c.shape}`, c.flops, benches, errors);
  for (const r of rows.filter((x) => x.task === 'kernel' && x.shape === `${c.op} ${c.shape}`)) {
    r.op = c.op;
    if (c.elements) r.elementsPerNs = c.elements / (r.medianMs * 1e6);
  }
}

// ---- issue 10: what attention costs — exact (materialised, tiled), sparse, linear ----------
// Through the public API of the SIMD build; each row also says how much memory the variant
// must hold (heldBytes, from the shapes: scene 7 draws the same numbers).
{
  const api = await loadCore({ simd: true, relaxed: false });
  for (const n of smoke ? [64, 128] : [1024, 4096]) {
    const d = 64;
    const shape = `n=${n} d=${d}`;
    const inputs = attentionInputs(n, d, 11 * n + d);
    const { benches, errors } = prepare('cost', shape, costBenches(api, inputs), costError(inputs));
    const nnz = sparsePairs(api, n);
    timeWithPeak('cost', shape, 0, benches, errors);
    for (const r of rows.filter((x) => x.task === 'cost' && x.shape === shape)) r.heldBytes = heldBytes(r.candidate, n, d, nnz);
  }
}

// ---- exp accuracy -----------------------------------------------------------------------
const expUlp = nativeDir ? nativeExpUlp(nativeDir, smoke ? 99991 : 1) : null;

const sortedPeak = [...peakSamples].sort((a, b) => a - b);
const result = {
  flags,
  smoke,
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, v8: process.versions.v8, loadavg: os.loadavg() },
  tfjs: tfjs.version,
  timing,
  peakGflops: sortedPeak[Math.floor(sortedPeak.length / 2)],
  peakSamples,
  fmaPeakGflops: fmaPeakSamples.length ? [...fmaPeakSamples].sort((a, b) => a - b)[Math.floor(fmaPeakSamples.length / 2)] : null,
  expUlp,
  relaxed: relaxedNote,
  rows,
  failures,
};
writeFileSync(args.out, JSON.stringify(result, null, 1));
if (failures.length) {
  console.error(`bench: ${failures.length} result(s) failed the float64 check:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}

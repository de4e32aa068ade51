// chromium.mjs — relaxed SIMD where it ships by default: headless Chromium.
//
// In one page (web/ served on 127.0.0.1, Debian's /usr/bin/chromium through
// playwright-core): the f32x4 mul+add peak probe and its relaxed_madd twin, and
// full attention (d = 64) through the SIMD module's entry point with its own
// kernels and with the relaxed-SIMD kernels, and through the JS API of both.
// Every attention result is checked here against the float64 reference before
// the page times it. Interleaved rounds, median, as harness.mjs.
//
//   node chromium.mjs --peak build/bench/peak-probe.wasm --peak-fma build/bench/peak-probe-fma.wasm
//                     [--smoke] --out FILE.json
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../../tests/browser-support/browser.mjs';
import { startServer } from '../serve.mjs';
import { attentionError, attentionInputs, attentionReference, TOLERANCE } from './data.mjs';

const { values: args } = parseArgs({
  options: { peak: { type: 'string' }, 'peak-fma': { type: 'string' }, out: { type: 'string' }, smoke: { type: 'boolean', default: false } },
});
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const timing = args.smoke ? { minMs: 2, rounds: 3 } : { minMs: 40, rounds: 9 };
const sizes = args.smoke ? [64] : [64, 256, 1024];

// Runs in the page: loads both probes and both flavours of the core, exposes them on window.
async function setUp({ probe, probeFma }) {
  const w = window;
  const chains = [8, 10, 12, 14];
  const probes = {};
  for (const [name, bytes] of [['peak', probe], ['fmapeak', probeFma]]) {
    const { instance } = await WebAssembly.instantiate(new Uint8Array(bytes));
    for (const c of chains) probes[`${name}${c}`] = { run: () => instance.exports[`peak${c}`](100000), flops: 100000 * c * 8 };
  }
  const { default: createModule } = await import('/build/attention-core-simd.mjs');
  const plain = await createModule({ locateFile: (f) => `/build/${f}` });
  const relaxed = await createModule({ locateFile: (f) => `/build/${f}` });
  const exported = Object.values(relaxed.asm);
  const memory = exported.find((e) => e instanceof WebAssembly.Memory);
  const table = exported.find((e) => e instanceof WebAssembly.Table);
  const bytes = await (await fetch('/build/attention-kernels-relaxed.wasm')).arrayBuffer();
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const base = table.grow(2);
  table.set(base, instance.exports.ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat);
  table.set(base + 1, instance.exports.ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5);
  relaxed.useKernels(base, base + 1);
  const { loadCore, relaxedSimdSupported } = await import('/attention-core.js');
  const apiPlain = await loadCore({ relaxed: false });
  const apiRelaxed = await loadCore();
  w.ax = { probes, modules: { simd: plain, relaxed }, api: { 'simd-api': apiPlain, 'relaxed-api': apiRelaxed } };
  return { userAgent: navigator.userAgent, relaxedSupported: relaxedSimdSupported(), apiRelaxed: apiRelaxed.relaxed };
}

// Runs in the page: one shape, every candidate checked (results returned) then timed.
function measure({ n, d, q, k, v, timing: { minMs, rounds } }) {
  const { probes, modules, api } = window.ax;
  const bodies = {};
  const results = {};
  for (const [name, m] of Object.entries(modules)) {
    const copy = (values) => { const p = m._malloc(4 * values.length); m.HEAPF32.set(values, p >> 2); return p; };
    const pq = copy(q), pk = copy(k), pv = copy(v);
    const out = m._malloc(4 * (3 * n * n + n * d));
    const scale = Math.fround(1 / Math.sqrt(d));
    // the raw entry point (web/core/embind.d.ts): scores, scaled, weights, output side by side
    const run = () => {
      const code = m._ax_attention(pq, pk, pv, n, n, d, d, scale, 1, m.MASK_NONE, 0, out, out + 4 * n * n, out + 8 * n * n, out + 12 * n * n);
      if (code !== m.STATUS_OK) throw new Error(m.lastError());
    };
    run();
    results[name] = { weights: Array.from(m.HEAPF32.subarray((out >> 2) + 2 * n * n, (out >> 2) + 3 * n * n)), output: Array.from(m.HEAPF32.subarray((out >> 2) + 3 * n * n, (out >> 2) + 3 * n * n + n * d)) };
    bodies[name] = run;
  }
  const qa = new Float32Array(q), ka = new Float32Array(k), va = new Float32Array(v);
  for (const [name, core] of Object.entries(api)) {
    const run = () => core.attention({ q: qa, k: ka, v: va, n, dk: d });
    const r = run();
    results[name] = { weights: Array.from(r.weights), output: Array.from(r.output) };
    bodies[name] = run;
  }
  for (const [name, p] of Object.entries(probes)) bodies[name] = p.run;
  const names = Object.keys(bodies);
  const reps = {};
  for (const name of names) {
    let r = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < r; i += 1) bodies[name]();
      const ms = performance.now() - t0;
      if (ms >= minMs || r >= 1 << 20) break;
      r = ms <= 0.5 ? r * 10 : Math.ceil((r * minMs * 1.2) / ms);
    }
    reps[name] = r;
  }
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(j + round) % names.length];
      const t0 = performance.now();
      for (let i = 0; i < reps[name]; i += 1) bodies[name]();
      samples[name].push((performance.now() - t0) / reps[name]);
    }
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const times = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  const peakOf = (prefix) => Math.max(...names.filter((x) => x.startsWith(prefix)).map((x) => probes[x].flops / times[x] / 1e6));
  return { results, times, peak: peakOf('peak'), fmaPeak: peakOf('fmapeak') };
}

const server = await startServer(WEB);
const browser = await launchBrowser();
const report = { date: new Date().toISOString(), smoke: args.smoke, timing, rows: [], failures: [] };
try {
  const { page } = browser;
  await page.goto(`${server.url}/`);
  Object.assign(report, await page.evaluate(setUp, { probe: [...readFileSync(args.peak)], probeFma: [...readFileSync(args['peak-fma'])] }));
  for (const n of sizes) {
    const d = 64;
    const inputs = attentionInputs(n, d, n);
    const ref = attentionReference(inputs);
    const { results, times, peak, fmaPeak } = await page.evaluate(measure, { n, d, q: [...inputs.q], k: [...inputs.k], v: [...inputs.v], timing });
    for (const [candidate, result] of Object.entries(results)) {
      const error = attentionError(ref, result);
      if (!(error <= TOLERANCE)) report.failures.push(`chromium attention n=${n} ${candidate}: error ${error}`);
      const gflops = (4 * n * n * d) / times[candidate] / 1e6;
      report.rows.push({ shape: `n=${n} d=${d}`, candidate, medianMs: times[candidate], gflops, peakGflops: peak, fmaPeakGflops: fmaPeak, error });
    }
  }
} finally {
  await browser.close();
  await server.close();
}
writeFileSync(args.out, JSON.stringify(report, null, 1));
if (report.failures.length) console.error(`chromium: ${report.failures.join('\n')}`);
// Exit now: a lingering browser or socket handle kept one run alive after its report was
// written (seen once on a loaded machine), which would stall scripts/bench.
process.exit(report.failures.length ? 1 : 0);

// table.mjs — merges the steady-state (--no-liftoff) and default-flags runs into
// one table (markdown, printed and written) and one JSON; checks the targets.
//
//   node table.mjs --steady A.json [--default B.json] --json OUT.json --md OUT.md
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { steady: { type: 'string' }, default: { type: 'string' }, json: { type: 'string' }, md: { type: 'string' }, chromium: { type: 'string' } },
});
const steady = JSON.parse(readFileSync(args.steady, 'utf8'));
const dflt = args.default ? JSON.parse(readFileSync(args.default, 'utf8')) : null;
const chrome = args.chromium ? JSON.parse(readFileSync(args.chromium, 'utf8')) : null;

const LABELS = {
  simd: 'ours, WASM SIMD (entry point)',
  'simd-api': 'ours, WASM SIMD via JS API (Float32Array)',
  relaxed: 'ours, WASM relaxed SIMD (FMA gemm + softmax; entry point)',
  'relaxed-api': 'ours, WASM relaxed SIMD via JS API (Float32Array)',
  'simd-api-array': 'ours, WASM SIMD via JS API (number[])',
  baseline: 'ours, baseline WASM (entry point)',
  'baseline-api': 'ours, baseline WASM via JS API',
  js: 'plain JS (Float32Array, i-k-j)',
  'js-api': 'plain JS, end to end',
  tfjs: `tfjs-backend-wasm ${steady.tfjs} (XNNPACK, SIMD, 1 thread)`,
  'tfjs-api': 'tfjs-backend-wasm, end to end',
  'core:plain': 'ours, native g++ -O3 x86-64 (portable kernels)',
  'core:march': 'ours, native g++ -O3 -march=native',
  'eigen:plain': 'Eigen 3.4 float, native x86-64',
  'eigen:march': 'Eigen 3.4 float, native -march=native',
  materialised: 'exact, materialised (all n² scores and weights)',
  tiled: "exact, tiled (outputs: ['output'], online softmax)",
  sparse: 'sparse (window 16, 2 global tokens)',
  linear: 'linear (φ = elu + 1)',
};

const find = (run, task, shape, candidate) => run?.rows.find((r) => r.task === task && r.shape === shape && r.candidate === candidate);
const fmtMs = (ms) => (ms === undefined ? '—' : ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(3)} ms`);
const fmt = (x, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const ratio = (a, b) => (a && b ? `${(a.medianMs / b.medianMs).toFixed(2)}×` : '—');

const lines = [];
const out = (s = '') => lines.push(s);
const peak = steady.peakGflops;

// ---- issue 13's table, side by side (steady state, one process; Chromium in its own) ----
{
  const pct = (r, p = peak) => (r?.gflops ? `${fmt((100 * r.gflops) / p, 0)} %` : '—');
  const row = (task, shape, c) => find(steady, task, shape, c);
  const over = (a, b) => (a && b ? `${fmt((100 * (a.medianMs - b.medianMs)) / b.medianMs, 0)} %` : '—');
  const times = (a, b) => (a && b ? `${(b.medianMs / a.medianMs).toFixed(2)}×` : '—');
  const both = (f) => [256, 1024].map((n) => f(`n=${n} d=64`)).join(' / ');
  out('#### Issue 13 targets, this run');
  out();
  out('| | measured | goal |');
  out('|---|---|---|');
  out(`| attention entry point, n = 256 / 1024, d = 64, % of peak (SIMD) | ${both((s) => pct(row('attention', s, 'simd')))} | ≥ 85 % |`);
  out(`| same, relaxed-SIMD kernels (Node; % of the mul+add peak / of the FMA peak) | ${both((s) => `${pct(row('attention', s, 'relaxed'))} / ${pct(row('attention', s, 'relaxed'), steady.fmaPeakGflops)}`)} | — |`);
  out(`| core.attention (four Float32Arrays out) vs entry point, n = 256 / 1024 | ${both((s) => `${fmtMs(row('attention', s, 'simd-api')?.medianMs)} vs ${fmtMs(row('attention', s, 'simd')?.medianMs)} (+${over(row('attention', s, 'simd-api'), row('attention', s, 'simd'))})`)} | within 15 % |`);
  out(`| core.attention vs tfjs-backend-wasm, n = 256 / 1024 | ${both((s) => times(row('attention', s, 'simd-api'), row('attention', s, 'tfjs')))} | ≥ 1.6× |`);
  out(`| teaching call n = 16, d = 64, Float32Array / number[] | ${fmtMs(row('teaching', 'n=16 d=64', 'simd-api')?.medianMs)} / ${fmtMs(row('teaching', 'n=16 d=64', 'simd-api-array')?.medianMs)} | ≤ 10 µs / ≤ 15 µs |`);
  out(`| teaching call n = 8, d = 4 vs plain JS | ${times(row('teaching', 'n=8 d=4', 'simd-api'), row('teaching', 'n=8 d=4', 'js-api'))} | ≥ 2× |`);
  if (chrome) {
    const c = (shape, cand) => chrome.rows.find((r) => r.shape === shape && r.candidate === cand);
    out(`| Chromium: attention entry point n = 256 / 1024, SIMD vs relaxed SIMD, % of peak | ${both((s) => `${pct(c(s, 'simd'), c(s, 'simd')?.peakGflops)} vs ${pct(c(s, 'relaxed'), c(s, 'relaxed')?.peakGflops)}`)} | — |`);
  }
  out();
}

out(`Peak (f32x4 mul+add probe, same process): **${fmt(peak)} GFLOP/s** (median over the shapes' rounds; range ${fmt(Math.min(...steady.peakSamples))}–${fmt(Math.max(...steady.peakSamples))}).`);
if (steady.fmaPeakGflops) out(`Peak with f32x4.relaxed_madd (relaxed-SIMD probe, same process): **${fmt(steady.fmaPeakGflops)} GFLOP/s**; "% of peak" stays relative to the mul+add probe.`);
out(`GFLOP/s counts the two products, 4·n²·d flops per attention call. Median of ${steady.timing.rounds} interleaved rounds, IQR beside it. "default" is the same candidate in a second process with V8's default flags (Liftoff on).`);
out();

const shapes = [...new Map(steady.rows.filter((r) => r.task !== 'kernel').map((r) => [`${r.task} ${r.shape}`, r])).values()];
for (const { task, shape } of shapes) {
  const title = task === 'cost' ? `What attention costs, ${shape} (scene 7; JS API, SIMD build; memory = what each must hold)` : task === 'attention' ? `Full attention, ${shape}` : task === 'teaching' ? `Teaching size, ${shape}, end to end from JS arrays` : `Softmax alone, ${shape} (rows of ${shape.split('x')[1]})`;
  out(`#### ${title}`);
  out();
  out('| candidate | median | IQR | GFLOP/s | % of peak | default flags | max error |');
  out('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of steady.rows.filter((x) => x.task === task && x.shape === shape)) {
    const d = find(dflt, task, shape, r.candidate);
    const native = r.candidate.includes(':');
    const held = r.heldBytes ? ` — holds ${(r.heldBytes / 2 ** 20).toFixed(1)} MiB` : '';
    out(`| ${LABELS[r.candidate] ?? r.candidate}${held} | ${fmtMs(r.medianMs)} | ${fmtMs(r.iqrMs)} | ${fmt(r.gflops)} | ${r.gflops && !native ? `${fmt((100 * r.gflops) / peak, 0)} %` : '—'} | ${native ? 'n/a' : fmtMs(d?.medianMs)} | ${r.error.toExponential(1)} |`);
  }
  out();
}

// every kernel and variant alone (scripts/bench-lib/kernels/)
const kernelShapes = [...new Set(steady.rows.filter((r) => r.task === 'kernel').map((r) => r.shape))];
if (kernelShapes.length) {
  out('#### Kernels, one at a time (each checked against float64 first)');
  out();
  out(`Relaxed SIMD kernels: ${steady.relaxed ?? 'not run'}. Portable twins are timed from the baseline build (not auto-vectorised). GFLOP/s for gemm (2·m·n·k) and dot (2·n); G elements/s for the others.`);
  out();
  out('| kernel | shape | median | IQR | GFLOP/s | % of peak | G elem/s | default flags | max error |');
  out('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const shape of kernelShapes) {
    for (const r of steady.rows.filter((x) => x.task === 'kernel' && x.shape === shape)) {
      const d = find(dflt, 'kernel', shape, r.candidate);
      out(`| ${r.candidate} | ${shape} | ${fmtMs(r.medianMs)} | ${fmtMs(r.iqrMs)} | ${fmt(r.gflops)} | ${r.gflops ? `${fmt((100 * r.gflops) / peak, 0)} %` : '—'} | ${fmt(r.elementsPerNs, 2)} | ${fmtMs(d?.medianMs)} | ${r.error.toExponential(1)} |`);
    }
  }
  out();
}

// headless Chromium: relaxed SIMD on by default there (chromium.mjs)
if (chrome) {
  out('#### Headless Chromium: SIMD vs relaxed SIMD');
  out();
  out(`${chrome.userAgent}; relaxed SIMD validated: ${chrome.relaxedSupported}; loadCore() chose the relaxed kernels: ${chrome.apiRelaxed}. Peak probes in the page: mul+add ${fmt(chrome.rows[0]?.peakGflops)} GFLOP/s, relaxed_madd ${fmt(chrome.rows[0]?.fmaPeakGflops)} GFLOP/s (first shape; each shape's own probe gives its % below).`);
  out();
  out('| shape | candidate | median | GFLOP/s | % of mul+add peak | % of FMA peak | max error |');
  out('|---|---|---:|---:|---:|---:|---:|');
  for (const r of chrome.rows) {
    out(`| ${r.shape} | ${LABELS[r.candidate] ?? r.candidate} | ${fmtMs(r.medianMs)} | ${fmt(r.gflops)} | ${fmt((100 * r.gflops) / r.peakGflops, 0)} % | ${fmt((100 * r.gflops) / r.fmaPeakGflops, 0)} % | ${r.error.toExponential(1)} |`);
  }
  out();
}

// ratios (steady state, same process)
out('#### Ratios (steady state, same process; > 1 means ours is faster)');
out();
out('| shape | SIMD / baseline | SIMD / plain JS | SIMD / tfjs | native best / SIMD |');
out('|---|---:|---:|---:|---:|');
const ratios = [];
for (const { task, shape } of shapes.filter((x) => x.task !== 'cost')) { // cost rows compare variants, not builds
  const s = task === 'teaching' ? 'simd-api' : 'simd';
  const pick = (c) => find(steady, task, shape, task === 'teaching' ? `${c}-api` : c);
  const simdRow = find(steady, task, shape, s);
  const natives = steady.rows.filter((r) => r.task === task && r.shape === shape && r.candidate.includes(':'));
  const best = natives.sort((a, b) => a.medianMs - b.medianMs)[0];
  const row = {
    task, shape,
    simdOverBaseline: pick('baseline')?.medianMs / simdRow.medianMs,
    simdOverJs: pick('js')?.medianMs / simdRow.medianMs,
    simdOverTfjs: pick('tfjs')?.medianMs / simdRow.medianMs,
    nativeOverSimd: best ? simdRow.medianMs / best.medianMs : null,
    nativeBest: best?.candidate,
  };
  ratios.push(row);
  out(`| ${task} ${shape} | ${ratio(pick('baseline'), simdRow)} | ${ratio(pick('js'), simdRow)} | ${ratio(pick('tfjs'), simdRow)} | ${best ? `${ratio(simdRow, best)} (${best.candidate})` : '—'} |`);
}
out();
if (steady.expUlp) {
  out(`exp accuracy: max **${steady.expUlp.max_ulp} ulp** against exp in double over ${steady.expUlp.points.toLocaleString('en')} floats in [−87.33, 0] (every ${steady.expUlp.stride === 1 ? '' : `${steady.expUlp.stride}th `}float; worst at x = ${steady.expUlp.worst_x}). The SIMD kernel runs the same operations lane by lane (tests/catch/test_vexp.cpp holds both twins to ≤ 2 ulp).`);
  out();
}

// ---- targets ------------------------------------------------------------------------------
const targets = [];
const target = (name, value, goal, met, unit = '') => targets.push({ name, value, goal, met, unit });
for (const n of [256, 1024]) {
  const r = find(steady, 'attention', `n=${n} d=64`, 'simd');
  if (r) target(`attention n=${n}: % of peak`, (100 * r.gflops) / peak, '≥ 85 %', (100 * r.gflops) / peak >= 85, '%');
}
for (const x of ratios.filter((r) => r.task === 'attention')) {
  target(`attention ${x.shape}: SIMD / tfjs`, x.simdOverTfjs, '≥ 1.6×', x.simdOverTfjs >= 1.6, '×');
  target(`attention ${x.shape}: SIMD / baseline`, x.simdOverBaseline, '≥ 4×', x.simdOverBaseline >= 4, '×');
}
for (const x of ratios.filter((r) => r.task === 'softmax')) target(`softmax ${x.shape}: SIMD / tfjs`, x.simdOverTfjs, '> 1×', x.simdOverTfjs > 1, '×');
const teach = find(steady, 'teaching', 'n=16 d=64', 'simd-api');
if (teach) target('teaching n=16 d=64 via JS API: median', teach.medianMs * 1000, '≤ 10 µs', teach.medianMs * 1000 <= 10, ' µs');
out('#### Targets');
out();
out('| target | measured | goal | |');
out('|---|---:|---:|---|');
for (const t of targets) out(`| ${t.name} | ${fmt(t.value, t.unit === '×' ? 2 : 1)}${t.unit} | ${t.goal} | ${t.met ? 'met' : '**missed**'} |`);
out();
out(`Machine: ${steady.machine.cpu}, ${steady.machine.cores} cores, Node ${steady.machine.node} (V8 ${steady.machine.v8}); load average at start ${steady.machine.loadavg.map((x) => x.toFixed(1)).join(' ')}; ${steady.date.slice(0, 16)}Z${steady.smoke ? '; **smoke run: tiny samples, not a measurement**' : ''}.`);

const text = lines.join('\n');
console.log(text);
if (args.md) writeFileSync(args.md, `${text}\n`);
if (args.json) writeFileSync(args.json, JSON.stringify({ steady, default: dflt, chromium: chrome, ratios, targets }, null, 1));

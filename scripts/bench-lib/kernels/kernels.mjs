// kernels.mjs — the per-kernel benchmark under Node: every kernel and every
// variant worth keeping, each checked against a float64 reference before run.mjs
// times it (llm.c dev/cuda, XNNPACK bench/).
//
// Kernels come from build/wasm/bench/ax_bench_kernels_{simd,baseline}.cjs
// (bench-kernels.cpp) and, where the engine validates relaxed SIMD, from
// web/build/attention-kernels-relaxed.wasm instantiated on the SIMD bench
// module's memory with its functions added to that module's function table.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { probabilityError, softmaxReference, uniform } from '../data.mjs';

const require = createRequire(import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
const BENCH_DIR = fileURLToPath(new URL('build/wasm/bench/', ROOT));
const RELAXED_WASM = fileURLToPath(new URL('web/build/attention-kernels-relaxed.wasm', ROOT));
const RELAXED_EXPORTS = {
  gemm: 'ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat',
  softmax: 'ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5',
  vexp: 'ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5',
};
// (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))))
const RELAXED_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11]);

export const relaxedAvailable = () => WebAssembly.validate(RELAXED_PROBE);

export function benchModulePaths() {
  return ['simd', 'baseline'].map((f) => `${BENCH_DIR}ax_bench_kernels_${f}.cjs`);
}

async function loadBenchModule(flavour) {
  const js = `${BENCH_DIR}ax_bench_kernels_${flavour}.cjs`;
  const createBenchKernels = require(js);
  const mod = await createBenchKernels({ wasmBinary: readFileSync(js.replace(/\.cjs$/, '.wasm')) });
  const kernels = [];
  for (let i = 0; i < mod._ax_bench_kernel_count(); i += 1) {
    kernels.push({ op: mod.UTF8ToString(mod._ax_bench_kernel_op(i)), name: mod.UTF8ToString(mod._ax_bench_kernel_name(i)), slot: mod._ax_bench_kernel_slot(i), mr: mod._ax_bench_kernel_mr(i), mod });
  }
  return { mod, kernels };
}

// The relaxed kernels, in the SIMD bench module's table.
async function addRelaxed(mod) {
  const exported = Object.values(mod.asm);
  const memory = exported.find((e) => e instanceof WebAssembly.Memory);
  const table = exported.find((e) => e instanceof WebAssembly.Table);
  const { instance } = await WebAssembly.instantiate(readFileSync(RELAXED_WASM), { env: { memory } });
  return Object.entries(RELAXED_EXPORTS).map(([op, name]) => {
    const slot = table.grow(1);
    table.set(slot, instance.exports[name]);
    return { op, name, slot, mr: 4, mod };
  });
}

/** Every kernel: { op, name, slot, mod }. relaxed: 'yes' | 'no' | why not. */
export async function loadKernels() {
  const simd = await loadBenchModule('simd');
  const baseline = await loadBenchModule('baseline');
  let relaxed = [];
  let relaxedNote = 'loaded';
  if (!relaxedAvailable()) relaxedNote = 'this engine does not validate relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd)';
  else if (!existsSync(RELAXED_WASM)) relaxedNote = `${RELAXED_WASM} is missing`;
  else relaxed = await addRelaxed(simd.mod);
  return { kernels: [...baseline.kernels, ...simd.kernels, ...relaxed], relaxedNote };
}

// Heap buffers of one module, freed together.
function buffers(mod) {
  const ptrs = [];
  return {
    f32(values) {
      const p = mod._malloc(4 * values.length);
      mod.HEAPF32.set(values, p >> 2);
      ptrs.push(p);
      return p;
    },
    zeros(count) {
      const p = mod._malloc(4 * count);
      mod.HEAPF32.fill(0, p >> 2, (p >> 2) + count);
      ptrs.push(p);
      return p;
    },
    read: (p, count) => mod.HEAPF32.slice(p >> 2, (p >> 2) + count),
    free: () => ptrs.forEach((p) => mod._free(p)),
  };
}

// ---- the cases: shape, flops, inputs, float64 reference, one bench per kernel ----

function gemmCase(label, rows, nc, kc, seed) {
  const a = uniform(rows * kc, seed);
  const b = uniform(kc * nc, seed + 1);
  const ref = new Float64Array(rows * nc);
  const mag = new Float64Array(rows * nc);
  for (let i = 0; i < rows; i += 1) {
    for (let k = 0; k < kc; k += 1) {
      const aik = a[i * kc + k];
      for (let j = 0; j < nc; j += 1) {
        ref[i * nc + j] += aik * b[k * nc + j];
        mag[i * nc + j] += Math.abs(aik * b[k * nc + j]);
      }
    }
  }
  return {
    op: 'gemm', shape: `${label}: ${rows}×${kc} · ${kc}×${nc}`, flops: 2 * rows * nc * kc,
    bench({ mod, slot, mr }) {
      const buf = buffers(mod);
      const pa = buf.f32(a);
      const pb = buf.f32(b);
      const pw = buf.zeros(mod._ax_bench_packed_size(kc, nc));
      mod._ax_bench_pack(kc, nc, pb, pw);
      const pc = buf.zeros(rows * nc);
      return { run: () => mod._ax_bench_gemm(slot, mr, rows, nc, kc, pa, pw, pc), result: () => buf.read(pc, rows * nc), free: buf.free };
    },
    errorOf: (c) => c.reduce((e, x, i) => Math.max(e, Math.abs(x - ref[i]) / Math.max(mag[i], 1e-30)), 0),
  };
}

function softmaxCase(rows, cols, seed) {
  const x = uniform(rows * cols, seed, -8, 8);
  const ref = softmaxReference(x, rows, cols);
  return {
    op: 'softmax', shape: `${rows} rows of ${cols}`, flops: 0, elements: rows * cols,
    bench({ mod, slot }) {
      const buf = buffers(mod);
      const px = buf.f32(x);
      const py = buf.zeros(rows * cols);
      return { run: () => mod._ax_bench_softmax(slot, rows, cols, px, py), result: () => buf.read(py, rows * cols), free: buf.free };
    },
    errorOf: (y) => probabilityError(ref, y, cols),
  };
}

function vexpCase(n, seed) {
  const x = uniform(n, seed, -87.3, 0);
  return {
    op: 'vexp', shape: `${n} floats in [−87.3, 0]`, flops: 0, elements: n,
    bench({ mod, slot }) {
      const buf = buffers(mod);
      const px = buf.f32(x);
      const py = buf.zeros(n);
      return { run: () => mod._ax_bench_vexp(slot, n, px, py), result: () => buf.read(py, n), free: buf.free };
    },
    errorOf: (y) => y.reduce((e, v, i) => Math.max(e, Math.abs(v - Math.exp(x[i])) / Math.exp(x[i])), 0),
  };
}

function dotCase(n, seed) {
  const a = uniform(n, seed);
  const b = uniform(n, seed + 1);
  let ref = 0;
  let mag = 0;
  for (let i = 0; i < n; i += 1) { ref += a[i] * b[i]; mag += Math.abs(a[i] * b[i]); }
  return {
    op: 'dot', shape: `n=${n}`, flops: 2 * n,
    bench({ mod, slot }) {
      const buf = buffers(mod);
      const pa = buf.f32(a);
      const pb = buf.f32(b);
      let last = NaN;
      return { run: () => { last = mod._ax_bench_dot(slot, n, pa, pb); }, result: () => last, free: buf.free };
    },
    errorOf: (got) => Math.abs(got - ref) / mag,
  };
}

function vfiniteCase(n, seed) {
  const x = uniform(n, seed);
  const bad = Math.floor(n * 0.7) + 3;
  return {
    op: 'vfinite', shape: `${n} finite floats`, flops: 0, elements: n,
    bench({ mod, slot }) {
      const buf = buffers(mod);
      const px = buf.f32(x);
      const withNaN = Float32Array.from(x);
      withNaN[bad] = NaN;
      const pbad = buf.f32(withNaN);
      let last = -1;
      return {
        run: () => { last = mod._ax_bench_vfinite(slot, n, px); },
        // finds the planted NaN, and reports n for all-finite input
        result: () => ({ clean: mod._ax_bench_vfinite(slot, n, px), planted: mod._ax_bench_vfinite(slot, n, pbad), last }),
        free: buf.free,
      };
    },
    errorOf: (r) => (r.clean === n && r.planted === bad && r.last === n ? 0 : Infinity),
  };
}

/** The kernel cases for run.mjs: full sizes, or tiny ones with --smoke. */
export function kernelCases(smoke) {
  const ns = smoke ? [64] : [256, 1024];
  return [
    ...ns.flatMap((n) => [gemmCase(`Q·Kᵀ n=${n}`, n, n, 64, 11 + n), gemmCase(`weights·V n=${n}`, n, 64, n, 13 + n)]),
    softmaxCase(smoke ? 16 : 256, smoke ? 128 : 1024, 17),
    vexpCase(smoke ? 1024 : 65536, 19),
    dotCase(smoke ? 256 : 4096, 23),
    vfiniteCase(smoke ? 1024 : 65536, 29),
  ];
}

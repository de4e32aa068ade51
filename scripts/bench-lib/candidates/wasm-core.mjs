// wasm-core.mjs — our builds (relaxed SIMD, SIMD and baseline), two ways:
//   kernel: the module's attention/softmax entry points on inputs already in the
//           heap (what the C++ does; outputs stay in the heap, as tfjs' do);
//   api:    the public JS API (web/attention-core.js) end to end, copies included.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const WEB = new URL('../../../web/', import.meta.url);

// 'relaxed' is the SIMD module with the FMA gemm and softmax of attention-kernels-relaxed.wasm.
export async function createWasmCore(flavour) {
  const name = `attention-core-${flavour === 'baseline' ? 'baseline' : 'simd'}`;
  const { default: createModule } = await import(new URL(`build/${name}.mjs`, WEB).href);
  const wasm = await createModule({ wasmBinary: await readFile(fileURLToPath(new URL(`build/${name}.wasm`, WEB))) });
  const { loadCore } = await import(new URL('attention-core.js', WEB).href);
  const api = await loadCore({ simd: flavour !== 'baseline', relaxed: flavour === 'relaxed' });
  if (api.simd !== (flavour !== 'baseline') || api.relaxed !== (flavour === 'relaxed')) {
    throw new Error(`loadCore gave the wrong build for ${flavour}`);
  }
  if (flavour === 'relaxed') {
    // the same wiring as the loader's, on this instance
    const exported = Object.values(wasm.asm);
    const memory = exported.find((e) => e instanceof WebAssembly.Memory);
    const table = exported.find((e) => e instanceof WebAssembly.Table);
    const bytes = await readFile(fileURLToPath(new URL('build/attention-kernels-relaxed.wasm', WEB)));
    const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
    const base = table.grow(2);
    table.set(base, instance.exports.ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat);
    table.set(base + 1, instance.exports.ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5);
    wasm.useKernels(base, base + 1);
  }

  const heapF32 = (ptr, count) => wasm.HEAPF32.subarray(ptr >> 2, (ptr >> 2) + count);
  const copyIn = (values) => {
    const ptr = wasm._malloc(4 * values.length);
    heapF32(ptr, values.length).set(values);
    return ptr;
  };
  const check = (status) => {
    if (status !== 0) throw new Error(`${name}: ${wasm.lastError()}`);
  };

  return {
    /** Full attention through the module's entry point; inputs copied in here, once. */
    attentionKernel({ n, d, q, k, v }) {
      const pq = copyIn(q), pk = copyIn(k), pv = copyIn(v);
      const out = wasm._malloc(4 * (3 * n * n + n * d));
      const scale = Math.fround(1 / Math.sqrt(d));
      const run = () => check(wasm.attention(pq, pk, pv, n, n, d, d, scale, 1, 0, 0, out));
      return {
        run,
        result: () => ({ weights: heapF32(out + 8 * n * n, n * n).slice(), output: heapF32(out + 12 * n * n, n * d).slice() }),
        free: () => [pq, pk, pv, out].forEach((p) => wasm._free(p)),
      };
    },
    softmaxKernel(x, rows, cols) {
      const px = copyIn(x);
      const out = wasm._malloc(4 * rows * cols);
      return {
        run: () => check(wasm.softmax(px, rows, cols, 1, out)),
        result: () => heapF32(out, rows * cols).slice(),
        free: () => [px, out].forEach((p) => wasm._free(p)),
      };
    },
    /** The public API, end to end: arguments checked, copied in, four arrays out. */
    attentionApi({ n, d, q, k, v }) {
      let last;
      return {
        run: () => { last = api.attention({ q, k, v, n, dk: d }); },
        result: () => { const r = api.attention({ q, k, v, n, dk: d }); return { weights: r.weights, output: r.output }; },
        free: () => { last = undefined; },
      };
    },
  };
}

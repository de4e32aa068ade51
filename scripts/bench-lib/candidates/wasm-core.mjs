// wasm-core.mjs — our builds (relaxed SIMD, SIMD and baseline), two ways:
//   kernel: the module's attention/softmax entry points on inputs already in the
//           heap (what the C++ does; outputs stay in the heap, as tfjs' do);
//   api:    the public JS API (web/attention-core.js) end to end, copies included.
// The raw module is typed in web/core/embind.d.ts; its constants and the arena's
// layout come from web/core, as in the API, so nothing here repeats a number.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const WEB = new URL('../../../web/', import.meta.url);

// 'relaxed' is the SIMD module with the FMA gemm and softmax of attention-kernels-relaxed.wasm.
export async function createWasmCore(flavour) {
  const name = `attention-core-${flavour === 'baseline' ? 'baseline' : 'simd'}`;
  const { default: createModule } = await import(new URL(`build/${name}.mjs`, WEB).href);
  /** @type {import('../../../web/core/embind').AttentionCoreModule} */
  const wasm = await createModule({ wasmBinary: await readFile(fileURLToPath(new URL(`build/${name}.wasm`, WEB))) });
  const { moduleConstants } = await import(new URL('core/module.js', WEB).href);
  const { createArena } = await import(new URL('core/arena.js', WEB).href);
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

  const { status, mask } = moduleConstants(wasm);
  const heapF32 = (ptr, count) => wasm.HEAPF32.subarray(ptr >> 2, (ptr >> 2) + count);
  const check = (code) => {
    if (code !== status.ok) throw new Error(`${name}: ${wasm.lastError()}`);
  };
  // Each bench owns its own arena (one module, one block per bench: benches are freed in turn).
  const laidOut = (request, values) => {
    const arena = createArena(wasm);
    const at = arena.layout(request);
    arena.release();
    for (const [key, data] of Object.entries(values)) heapF32(at[key], data.length).set(data);
    return { at, free: () => wasm._free(arena.base()) };
  };

  return {
    /** Full attention through the module's entry point; inputs copied in here, once. */
    attentionKernel({ n, d, q, k, v }) {
      const { at, free } = laidOut({
        q: ['f32', n * d], k: ['f32', n * d], v: ['f32', n * d],
        scores: ['f32', n * n], scaled: ['f32', n * n], weights: ['f32', n * n], output: ['f32', n * d],
      }, { q, k, v });
      const scale = Math.fround(1 / Math.sqrt(d));
      const run = () => check(wasm._ax_attention(at.q, at.k, at.v, n, n, d, d, scale, 1, mask.none, 0,
        at.scores, at.scaled, at.weights, at.output));
      return {
        run,
        result: () => ({ weights: heapF32(at.weights, n * n).slice(), output: heapF32(at.output, n * d).slice() }),
        free,
      };
    },
    softmaxKernel(x, rows, cols) {
      const { at, free } = laidOut({ x: ['f32', rows * cols], out: ['f32', rows * cols] }, { x });
      return {
        run: () => check(wasm._ax_softmax(at.x, rows, cols, 1, at.out)),
        result: () => heapF32(at.out, rows * cols).slice(),
        free,
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

// core-loader.js — load the WASM core once and report which build runs.
// ?simd=0 in the address forces the baseline build (handy for comparing).
export async function loadAttentionCore() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new Error('this browser does not support WebAssembly');
  }
  const simd = new URLSearchParams(location.search).get('simd') !== '0';
  const { loadCore } = await import('../attention-core.js');
  return simd ? loadCore() : loadCore({ simd: false });
}

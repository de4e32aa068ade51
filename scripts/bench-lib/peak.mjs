// peak.mjs — loads the f32x4 peak probe (peak-probe.cpp, built by scripts/bench
// into build/bench/peak-probe.wasm). Several chain counts are timed; the best is
// the peak: enough chains to hide latency, few enough to stay in registers.
import { readFileSync } from 'node:fs';

export const CHAINS = [8, 10, 12, 14];

// prefix names the bodies: 'peak' (mul + add) or 'fmapeak' (relaxed_madd, peak-probe-fma.wasm).
export async function loadPeak(wasmPath, prefix = 'peak') {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath));
  return {
    // One probe call per chain count: iterations × chains × 8 flops.
    bodies(iterations) {
      return Object.fromEntries(CHAINS.map((c) => [`${prefix}${c}`, () => instance.exports[`peak${c}`](iterations)]));
    },
    flops(name, iterations) {
      return iterations * Number(name.slice(prefix.length)) * 8;
    },
  };
}


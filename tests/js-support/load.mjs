// load.mjs — imports web/attention-core.js and loads each build once per process.
//
// node --test runs every test file in its own process, so "once" means once per
// file: loadCore() (SIMD when supported) and loadCore({ simd: false }).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const moduleUrl = new URL('../../web/attention-core.js', import.meta.url);
const wasmPath = fileURLToPath(new URL('../../web/build/attention-core-simd.wasm', import.meta.url));

let modulePromise;
let simdPromise;
let baselinePromise;

function coreModule() {
  if (!modulePromise) {
    if (!existsSync(fileURLToPath(moduleUrl))) {
      return Promise.reject(new Error(`${fileURLToPath(moduleUrl)} is missing`));
    }
    if (!existsSync(wasmPath)) {
      console.log(`# note: ${wasmPath} is missing; has scripts/build run?`);
    }
    modulePromise = import(moduleUrl.href);
  }
  return modulePromise;
}

export function loadCoreModule() {
  return coreModule();
}

// The default build: SIMD wherever WebAssembly SIMD is supported (Node 20 is).
export function simdCore() {
  simdPromise ??= coreModule().then(({ loadCore }) => loadCore());
  return simdPromise;
}

// The baseline (scalar) build, forced.
export function baselineCore() {
  baselinePromise ??= coreModule().then(({ loadCore }) => loadCore({ simd: false }));
  return baselinePromise;
}

// Both builds, labelled, for tests that run once per build.
export async function bothCores() {
  const [simd, baseline] = await Promise.all([simdCore(), baselineCore()]);
  return [
    { build: 'simd', core: simd },
    { build: 'baseline', core: baseline },
  ];
}

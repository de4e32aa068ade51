// module.js — what the loader knows about the raw WebAssembly module (typed in embind.d.ts).
//
// Status codes and mask kinds are constants exported by src/bindings/embind.cpp;
// this file reads them once, so no number is written twice, and turns a status
// into the Error the API throws.

const CONSTANTS = ['STATUS_OK', 'STATUS_RANGE_ERROR', 'STATUS_TYPE_ERROR', 'STATUS_ERROR',
  'MASK_NONE', 'MASK_CAUSAL', 'MASK_EXPLICIT', 'HEAP_MAX_BYTES',
  'SCORE_DOT', 'SCORE_COSINE', 'SCORE_BILINEAR', 'SCORE_ADDITIVE'];

/**
 * Checks that the module exports what this loader needs and returns its constants.
 * @param {import('./embind').AttentionCoreModule} wasm
 */
export function moduleConstants(wasm) {
  const missing = CONSTANTS.filter((name) => typeof wasm[name] !== 'number');
  if (missing.length) {
    throw new Error(`attention core: the WebAssembly module does not export ${missing.join(', ')}; ` +
      'it is older than this loader (run scripts/build)');
  }
  return Object.freeze({
    status: Object.freeze({
      ok: wasm.STATUS_OK, rangeError: wasm.STATUS_RANGE_ERROR,
      typeError: wasm.STATUS_TYPE_ERROR, error: wasm.STATUS_ERROR,
    }),
    mask: Object.freeze({ none: wasm.MASK_NONE, causal: wasm.MASK_CAUSAL, explicit: wasm.MASK_EXPLICIT }),
    heapMaxBytes: wasm.HEAP_MAX_BYTES,
    score: Object.freeze({
      dot: wasm.SCORE_DOT, cosine: wasm.SCORE_COSINE, bilinear: wasm.SCORE_BILINEAR, additive: wasm.SCORE_ADDITIVE,
    }),
  });
}

/**
 * Returns a function that throws the Error for a failed status (message from lastError()).
 * @param {import('./embind').AttentionCoreModule} wasm
 */
export function statusChecker(wasm) {
  const { status } = moduleConstants(wasm);
  return function check(code) {
    if (code === status.ok) return;
    const message = wasm.lastError();
    if (code === status.rangeError) throw new RangeError(message);
    if (code === status.typeError) throw new TypeError(message);
    throw new Error(message);
  };
}

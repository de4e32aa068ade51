// tfjs.mjs — @tensorflow/tfjs-backend-wasm (XNNPACK), SIMD, one thread.
// K is transposed first: matMul(a, b, false, true) leaves XNNPACK for a scalar loop.
export async function createTfjs() {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialise');
  await tf.ready();
  const quiet = console.warn;

  // scores, scaled, weights, output — all four, as our API returns them.
  const attention = (q, k, v, scale) => {
    const kt = tf.transpose(k);
    const scores = tf.matMul(q, kt);
    const scaled = tf.mul(scores, scale);
    const weights = tf.softmax(scaled);
    const output = tf.matMul(weights, v);
    return { scores, scaled, weights, output };
  };

  return {
    tf,
    version: tf.version_core,
    attentionKernel({ n, d, q, k, v }) {
      const tq = tf.tensor2d(q, [n, d]), tk = tf.tensor2d(k, [n, d]), tv = tf.tensor2d(v, [n, d]);
      const scale = tf.scalar(1 / Math.sqrt(d));
      const run = () => { const r = attention(tq, tk, tv, scale); for (const t of Object.values(r)) t.dispose(); };
      return {
        run,
        result: () => {
          const r = attention(tq, tk, tv, scale);
          const out = { weights: r.weights.dataSync().slice(), output: r.output.dataSync().slice() };
          for (const t of Object.values(r)) t.dispose();
          return out;
        },
        free: () => [tq, tk, tv, scale].forEach((t) => t.dispose()),
      };
    },
    softmaxKernel(x, rows, cols) {
      const tx = tf.tensor2d(x, [rows, cols]);
      return {
        run: () => tf.softmax(tx).dispose(),
        result: () => { const y = tf.softmax(tx); const out = y.dataSync().slice(); y.dispose(); return out; },
        free: () => tx.dispose(),
      };
    },
    /** End to end: tensors from the arrays, the four results read back. */
    attentionApi({ n, d, q, k, v }) {
      const call = () => {
        const r = tf.tidy(() => attention(tf.tensor2d(q, [n, d]), tf.tensor2d(k, [n, d]), tf.tensor2d(v, [n, d]), tf.scalar(1 / Math.sqrt(d))));
        const out = { scores: r.scores.dataSync(), scaled: r.scaled.dataSync(), weights: r.weights.dataSync(), output: r.output.dataSync() };
        for (const t of Object.values(r)) t.dispose();
        return out;
      };
      return { run: call, result: call, free() {} };
    },
    quiet,
  };
}

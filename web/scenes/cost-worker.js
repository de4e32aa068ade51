// cost-worker.js — a module Web Worker with its own core: times one attention method over a
// list of sequence lengths so the page never freezes. Loaded from the page's own origin only.
//
//   in:  { method: 'materialised' | 'tiled' | 'sparse' | 'linear', ns, d, window, globals }
//   out: { type: 'point', method, n, ms, reps, nnz, grown }  after each length
//        { type: 'done', method, memoryBytes }  |  { type: 'error', message }
// The page cancels a run by terminating the worker; a fresh worker starts the next one, so the
// memory growth it reports belongs to one method alone.
import { loadCore } from '../attention-core.js';
import { measure } from './cost-measure.js';

self.onmessage = async ({ data }) => {
  try {
    const core = await loadCore();
    await measure(core, data, (point) => self.postMessage({ type: 'point', ...point }));
    self.postMessage({ type: 'done', method: data.method, memoryBytes: core.memoryBytes() });
  } catch (e) {
    self.postMessage({ type: 'error', message: e.message });
  }
};

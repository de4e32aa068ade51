// bundle-core.js — first module of every classic-script bundle (built by scripts/standalone, never
// served as a module): registers the single-file core, which the bundle's first script defined
// as the global createAttentionCore, so attention-core.js uses it instead of import().
if (typeof globalThis.createAttentionCore === 'function') {
  globalThis.attentionCoreFactories ??= { simd: globalThis.createAttentionCore };
}

// bundle-core.js — first module of every classic-script bundle (built by scripts/standalone, never
// served as a module). The bundle's first scripts are the two single-file cores, each wrapped so
// that it registers its factory as attentionCoreFactories.simd / .baseline (scripts/standalone-lib/
// build.mjs); attention-core.js then picks one with the same SIMD check as the served page, and
// never tries import(), which a classic script cannot do.
globalThis.attentionCoreFactories ??= {};

// classic-entry.js — build/attention-explorer.classic.js: <attention-explorer> and embed.js as one
// classic script with the core and the styles inlined, for pages that cannot fetch ES modules or
// .wasm (embed.html in a sandboxed iframe without allow-same-origin). Exposes AttentionExplorer.
// The inline:… imports are CSS text supplied by scripts/standalone-lib/build.mjs.
import './bundle-core.js';
import './bundle-styles.js';
import { AttentionExplorerElement } from '../attention-explorer.js';
import { startEmbed } from './embed.js';
import { onStatement } from '../app/report.js';

// onStatement: the lesson's statement stream (app/report.js), for hosts such as the H5P runtime
globalThis.AttentionExplorer = { AttentionExplorerElement, startEmbed, onStatement };

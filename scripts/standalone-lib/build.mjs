// build.mjs — the classic-script builds, with esbuild (pinned in package.json):
//
//   web/build/attention-explorer.classic.js        <attention-explorer> + embed.js, styles inlined,
//                                                  for embed.html in an opaque-origin (sandboxed) iframe
//   web/build/attention-explorer-standalone.html   the whole lesson in one file that opens from
//                                                  file:// and offline: classic scripts only, the
//                                                  core's wasm, the CSS and KaTeX's fonts inlined
//
// Both start with web/build/attention-core-{simd,baseline}-single.js (CMake, -sSINGLE_FILE=1),
// classic scripts that define createAttentionCore, wrapped to register as attentionCoreFactories.
import { build } from 'esbuild';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = path.join(ROOT, 'web');
const OUT = path.join(WEB, 'build');
const read = (p) => readFile(path.join(WEB, p), 'utf8');

// KaTeX fonts our formulas use (Main, Math italic, the Size fonts for big delimiters and sums, AMS
// for a few symbols); other families fall back to a local font instead of adding ~150 KB.
const FONTS = ['KaTeX_Main', 'KaTeX_Math', 'KaTeX_Size1', 'KaTeX_Size2', 'KaTeX_Size3', 'KaTeX_Size4', 'KaTeX_AMS'];

async function katexCss() {
  const css = await read('vendor/katex/katex.min.css');
  const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
  const rules = faces.reduce((rest, face) => rest.replace(face, ''), css);
  const kept = [];
  for (const face of faces) {
    const family = /font-family:([^;]+);/.exec(face)[1];
    if (!FONTS.includes(family)) continue;
    const file = /url\((fonts\/[^)]+\.woff2)\)/.exec(face)[1];
    const data = (await readFile(path.join(WEB, 'vendor/katex', file))).toString('base64');
    kept.push(face.replace(/src:[^;}]+/, `src:url(data:font/woff2;base64,${data}) format("woff2")`));
  }
  return { rules, fonts: kept.join('\n') };
}

async function main() {
  // Both single-file cores, each in its own function scope (both define `var createAttentionCore`),
  // registering its factory under its flavour; bundle-core.js and attention-core.js pick one.
  const wrap = async (flavour) => `(function(){${await read(`build/attention-core-${flavour}-single.js`)}\n` +
    `(globalThis.attentionCoreFactories??={}).${flavour}=createAttentionCore;})();`;
  const single = `${await wrap('simd')}\n${await wrap('baseline')}`;
  const katex = await katexCss();
  const texts = {
    'main.css': await read('styles/main.css'),
    'element.css': await read('embed/element.css'),
    'katex.css': katex.rules,
    'katex-fonts.css': katex.fonts,
  };
  const inlineCss = {
    name: 'inline-css',
    setup(b) {
      b.onResolve({ filter: /^inline:/ }, (a) => ({ path: a.path.slice('inline:'.length), namespace: 'inline' }));
      b.onLoad({ filter: /.*/, namespace: 'inline' }, (a) => ({ contents: texts[a.path], loader: 'text' }));
    },
  };
  const bundle = async (entry) => {
    const result = await build({
      entryPoints: [path.join(WEB, entry)], bundle: true, format: 'iife', minify: true, write: false,
      target: 'chrome109', legalComments: 'eof', plugins: [inlineCss], logLevel: 'error',
      external: ['node:*'], // attention-core.js reads the .wasm with node:fs only under Node
      // attention-core.js' import(moduleUrl) for separate .wasm builds stays unused: the factory is registered.
      logOverride: { 'empty-import-meta': 'silent', 'unsupported-dynamic-import': 'silent' },
    });
    return result.outputFiles[0].text;
  };

  // 1. the classic element bundle
  const classic = `${single}\n${await bundle('embed/classic-entry.js')}`;
  await writeFile(path.join(OUT, 'attention-explorer.classic.js'), classic);

  // 2. the standalone lesson: index.html with every stylesheet and script inlined
  let html = await read('index.html');
  const page = await bundle('embed/standalone-entry.js');
  const style = [katex.fonts, katex.rules, texts['main.css']].join('\n');
  const script = (js) => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`;
  html = html
    // one file means inline scripts and styles, which the served page's CSP forbids; the file makes
    // no request at all, and its icon is inlined
    .replace(/\s*<!-- The same policy as embed.html[^>]*-->\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace(/<link rel="icon" href="[^"]*">/, '<link rel="icon" href="data:,">')
    .replace(/\s*<link rel="stylesheet"[^>]*>/g, '')
    .replace(/\s*<script type="module"[^>]*><\/script>/, '');
  if (/<link rel="stylesheet"|<script[^>]*\ssrc=|<img[^>]*\ssrc="(?!data:)/.test(html)) throw new Error('standalone: an external reference survived');
  html = html
    // replacer functions: the bundled code contains "$&" (KaTeX), which a replacement string would expand
    .replace('</head>', () => `<style>\n${style.replace(/<\/style/gi, '<\\/style')}\n</style>\n</head>`)
    .replace('</body>', () => `${script(single)}\n${script(page)}\n</body>`)
    .replace('Formulas typeset with KaTeX, served from this site.', 'Formulas typeset with KaTeX. This file is self-contained: it works offline.');
  const file = path.join(OUT, 'attention-explorer-standalone.html');
  await writeFile(file, html);
  const size = (await stat(file)).size;
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`scripts/standalone: web/build/attention-explorer-standalone.html ${kb(size)} (gzip ${kb(gzipSync(html).length)}; goal ≤ 1024 KB)`);
  console.log(`scripts/standalone: web/build/attention-explorer.classic.js ${kb(classic.length)} (gzip ${kb(gzipSync(classic).length)})`);
  if (size > 1024 * 1024) console.warn('scripts/standalone: warning: the standalone file is over 1 MB');
}

await main();

// embed.mjs — helpers for the embedding tests (tests/browser/embed-*.test.mjs): the guide's
// snippets, host pages on a second origin, an origin guard for several origins, CSP and message
// recorders, and a stand-in for H5P's h5p-resizer.js (its parent side, which is not on npm).
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './page.mjs';

export const GUIDE = path.join(REPO_ROOT, 'docs', 'EMBEDDING.md');
/** Every snippet in the guide says this where the reader puts the address of their copy of web/. */
export const PLACEHOLDER = 'https://your-site.example/attention-explorer/';
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** The guide's snippets: <!-- snippet: name --> followed by a fenced block -> Map(name -> code). */
export async function readSnippets() {
  const text = await readFile(GUIDE, 'utf8');
  const found = new Map();
  const re = /<!-- snippet: ([\w-]+) -->\s*\n(`{3,})[^\n]*\n([\s\S]*?)\n\2/g;
  for (const m of text.matchAll(re)) found.set(m[1], m[3]);
  return found;
}

/** Replaces the placeholder with a real base URL (ending in '/'). */
export const localize = (code, base) => code.split(PLACEHOLDER).join(base.endsWith('/') ? base : `${base}/`);

/** A temp folder for host pages (served by a second server = a second origin). */
export async function hostDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ax-host-'));
  await writeFile(path.join(dir, 'h5p-resizer.js'), H5P_RESIZER);
  return dir;
}

/** Writes a host page around `body` and returns its file name. */
export async function writeHostPage(dir, name, body, { head = '' } = {}) {
  await writeFile(path.join(dir, name), `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">${head}</head>\n<body>\n${body}\n</body></html>\n`);
  return name;
}

/** Aborts and records every request whose origin is not in `origins` (data:, blob:, about: and file: are local). */
export async function guardOrigins(context, origins) {
  const record = { all: [], foreign: [] };
  context.on('request', (r) => record.all.push(r.url()));
  await context.route((url) => /^(https?|wss?|ftp):$/.test(url.protocol) && !origins.includes(url.origin), (route) => {
    record.foreign.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return record;
}

/** Init script for every frame: CSP violations into window.__csp, messages to the top page into window.__messages. */
export function recorders() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  if (window === window.top) {
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(e.data));
  }
}

/** Every frame's CSP violations, labelled by frame URL. */
export async function cspViolations(page) {
  const out = [];
  for (const frame of page.frames()) {
    const list = await frame.evaluate(() => window.__csp ?? []).catch(() => []);
    out.push(...list.map((v) => `${frame.url().slice(0, 80)}: ${v}`));
  }
  return out;
}

/** Reads a number an element shows (data-value), piercing shadow roots: selector chain in light/shadow DOM. */
export const readValue = (locator) => locator.first().getAttribute('data-value').then(Number);

// The parent side of H5P's resizer protocol, as h5p-resizer.js implements it (H5P core, MIT):
// hello -> width 100% + 'hello'; prepareResize -> shrink to clientHeight + 'resizePrepared';
// resize -> height = scrollHeight. Finds the iframe by event.source; answers to event.origin.
export const H5P_RESIZER = `(function () {
  if (window.h5pResizerInitialized) return;
  window.h5pResizerInitialized = true;
  var actionHandlers = {};
  actionHandlers.hello = function (iframe, data, respond) { iframe.style.width = '100%'; respond('hello'); };
  actionHandlers.prepareResize = function (iframe, data, respond) {
    if (iframe.clientHeight !== data.scrollHeight || data.scrollHeight !== data.clientHeight) {
      iframe.style.height = data.clientHeight + 'px';
      respond('resizePrepared');
    }
  };
  actionHandlers.resize = function (iframe, data) { iframe.style.height = data.scrollHeight + 'px'; };
  window.addEventListener('message', function (event) {
    if (!event.data || event.data.context !== 'h5p') return;
    var iframe, iframes = document.getElementsByTagName('iframe');
    for (var i = 0; i < iframes.length; i++) if (iframes[i].contentWindow === event.source) { iframe = iframes[i]; break; }
    if (!iframe || !actionHandlers[event.data.action]) return;
    actionHandlers[event.data.action](iframe, event.data, function (action, data) {
      data = data || {}; data.action = action; data.context = 'h5p';
      event.source.postMessage(data, event.origin);
    });
  }, false);
  var iframes = document.getElementsByTagName('iframe');
  for (var i = 0; i < iframes.length; i++) if (iframes[i].src.indexOf('h5p') !== -1) iframes[i].contentWindow.postMessage({ context: 'h5p', action: 'ready' }, '*');
})();
`;

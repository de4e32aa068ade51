// page-budgets.mjs — the page's budgets, measured in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core, a fresh profile, launch options as
// in shared/TOOLCHAIN.md) against whatever web/index.html exists:
//   1. gzip bytes of everything the page loads first (fonts excluded), and of the SIMD wasm;
//   2. ms from navigation start to the first interactive scene (the core loaded and
//      the first scene element mounted with an enabled control);
//   3. frame intervals while working every scene (drags, the temperature slider, a sweep of
//      the 16-word weights, typing a sentence), at 1× and 4× CPU throttle (page-frames.mjs).
//
//   node page-budgets.mjs [--out FILE.json] [--md FILE.md] [--no-frames] [--web DIR]
// --no-frames measures 1 and 2 only (seconds instead of minutes); --web serves another copy of
// web/ (an A/B of two versions of the page).
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { measureScenes, framesTable } from './page-frames.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, md: { type: 'string' }, 'no-frames': { type: 'boolean' }, web: { type: 'string' } } });
const WEB = args.web ? path.resolve(args.web) : fileURLToPath(new URL('../../web/', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn('python3', ['-m', 'http.server', '0', '--bind', '127.0.0.1'], { cwd: WEB, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}/`, stop: () => server.kill() });
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', reject);
    setTimeout(() => reject(new Error('http.server did not start')), 10_000);
  });
}

async function launch() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ax-budgets-'));
  const home = path.join(tmp, 'home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') };
  await Promise.all([env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME].map((d) => mkdir(d, { recursive: true })));
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, env, viewport: { width: 1280, height: 900 },
  });
  return { context, close: async () => { await context.close().catch(() => {}); await rm(tmp, { recursive: true, force: true }); } };
}

const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]; };

const server = await serve();
const browser = await launch();
const report = { url: server.url, notes: [] };
try {
  // ---- 1 + 2: first load -------------------------------------------------------------
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  const loaded = [];
  const reading = []; // every response's body read, awaited before counting (a late one was lost)
  page.on('response', (res) => {
    reading.push(res.body().then((body) => {
      loaded.push({ url: res.url(), type: res.request().resourceType(), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }, () => { /* redirects and data: URLs have no body */ }));
  });
  await page.goto(server.url, { waitUntil: 'load' });
  const interactive = await page.waitForFunction(() => {
    const core = document.documentElement.dataset.core;
    const scene = document.querySelector('[data-scene-el] button:not([disabled]), [data-scene-el] input:not([disabled]), [data-scene-el] [data-handle]');
    return core && core !== 'unavailable' && scene ? performance.now() : null;
  }, null, { timeout: 30_000, polling: 'raf' }).then((h) => h.jsonValue());
  await page.waitForLoadState('networkidle');
  await Promise.all(reading);
  const first = loaded.filter((r) => r.type !== 'font' && !/\.(woff2?|ttf|otf)(\?|$)/.test(r.url));
  report.firstLoad = {
    files: first.map(({ url, bytes, gzip }) => ({ path: new URL(url).pathname, bytes, gzip })).sort((a, b) => b.gzip - a.gzip),
    gzipTotal: first.reduce((s, r) => s + r.gzip, 0),
    rawTotal: first.reduce((s, r) => s + r.bytes, 0),
    fontsExcluded: loaded.length - first.length,
  };
  report.simdWasmGzip = first.find((r) => r.url.endsWith('attention-core-simd.wasm'))?.gzip ?? null;
  report.timeToInteractiveMs = interactive;
  report.core = await page.evaluate(() => document.documentElement.dataset.core);

  // ---- 3: frame intervals in every scene, at 1× and 4× CPU throttle (page-frames.mjs) ----
  if (!args['no-frames']) report.frames = await measureScenes(browser.context, server.url);
} finally {
  await browser.close();
  server.stop();
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const lines = [
  '| page budget | measured | goal | |',
  '|---|---:|---:|---|',
  `| gzip bytes of the first load (${report.firstLoad.files.length} files, fonts excluded) | ${kb(report.firstLoad.gzipTotal)} | ≤ 200 KB | ${report.firstLoad.gzipTotal <= 200 * 1024 ? 'met' : '**missed**'} |`,
  `| gzip bytes of the SIMD wasm | ${report.simdWasmGzip === null ? 'not loaded' : kb(report.simdWasmGzip)} | ≤ 40 KB | ${report.simdWasmGzip !== null && report.simdWasmGzip <= 40 * 1024 ? 'met' : '**missed**'} |`,
  `| navigation → first interactive scene (localhost, headless) | ${report.timeToInteractiveMs.toFixed(0)} ms | — | |`,
  '',
  `Largest first-load files (gzip): ${report.firstLoad.files.slice(0, 6).map((f) => `${f.path} ${kb(f.gzip)}`).join(', ')}.`,
  '',
  ...(report.frames ? [
    'Frame intervals while working each scene (headless Chromium, software rendering; "4×" is CDP CPU throttling):',
    '',
    framesTable(report.frames),
  ] : []),
  ...report.notes.map((n) => `Note: ${n}`),
];
const md = lines.join('\n');
console.log(md);
if (args.out) await writeFile(args.out, JSON.stringify(report, null, 1));
if (args.md) await writeFile(args.md, `${md}\n`);

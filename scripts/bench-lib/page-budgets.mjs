// page-budgets.mjs — the page's budgets, measured in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core, a fresh profile, launch options as
// in shared/TOOLCHAIN.md) against whatever web/index.html exists:
//   1. gzip bytes of everything the page loads first (fonts excluded), and of the SIMD wasm;
//   2. ms from navigation start to the first interactive scene (the core loaded and
//      the first scene element mounted with an enabled control);
//   3. frame times while dragging in the self-attention scene with 16 tokens.
//
//   node page-budgets.mjs [--out FILE.json] [--md FILE.md]
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, md: { type: 'string' } } });
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SENTENCE16 = 'the quick brown fox jumps over the lazy dog while the small cat sat on a mat';

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
  page.on('response', async (res) => {
    try {
      const body = await res.body();
      loaded.push({ url: res.url(), type: res.request().resourceType(), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects and data: URLs have no body */ }
  });
  await page.goto(server.url, { waitUntil: 'load' });
  const interactive = await page.waitForFunction(() => {
    const core = document.documentElement.dataset.core;
    const scene = document.querySelector('[data-scene-el] button:not([disabled]), [data-scene-el] input:not([disabled]), [data-scene-el] [data-handle]');
    return core && core !== 'unavailable' && scene ? performance.now() : null;
  }, null, { timeout: 30_000, polling: 'raf' }).then((h) => h.jsonValue());
  await page.waitForLoadState('networkidle');
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

  // ---- 3: dragging in the self-attention scene with 16 tokens ------------------------
  await page.goto(`${server.url}#scene=self&step=7&text=${encodeURIComponent(SENTENCE16)}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.core, null, { timeout: 30_000 });
  const scene = page.locator('#scene-self');
  await scene.scrollIntoViewIfNeeded();
  report.drag = { tokens: await page.evaluate(() => document.querySelector('[data-readout="tokens"]')?.textContent ?? null) };
  const handle = scene.locator('[data-handle]').first();
  let target;
  if (await handle.count()) {
    target = handle;
    report.drag.what = 'a draggable handle in the self-attention scene';
  } else {
    // No handle to drag in this version of the scene: sweep a held pointer across the
    // weights heatmap instead (each cell hovered re-focuses the pair and redraws).
    target = scene.locator('[data-stage="6"] svg, [data-stage="6"] canvas, [data-stage="6"] table').first();
    report.drag.what = 'no draggable handle in the self-attention scene; a held pointer swept across the weights heatmap';
    report.notes.push('The self-attention scene has no draggable element yet; the frame times are for a pointer sweep over its weights heatmap.');
  }
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to drag in the self-attention scene');
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const moves = 240;
  const t0 = Date.now();
  for (let i = 0; i < moves; i += 1) {
    const a = (2 * Math.PI * i) / 60;
    await page.mouse.move(cx + 0.4 * box.width * Math.cos(a) * (i % 120) / 120, cy + 0.4 * box.height * Math.sin(a) * (i % 120) / 120);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames.slice(2); });
  report.drag.pointerMoves = moves;
  report.drag.seconds = (Date.now() - t0) / 1000;
  report.drag.frames = frames.length;
  report.drag.p95FrameMs = p95(frames);
  report.drag.medianFrameMs = [...frames].sort((a, b) => a - b)[Math.floor(frames.length / 2)];
  report.drag.maxFrameMs = Math.max(...frames);
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
  `| p95 frame interval while dragging, self-attention, 16 tokens | ${report.drag.p95FrameMs.toFixed(1)} ms | ≤ 16.7 ms | ${report.drag.p95FrameMs <= 16.7 ? 'met' : '**missed**'} |`,
  '',
  `Largest first-load files (gzip): ${report.firstLoad.files.slice(0, 6).map((f) => `${f.path} ${kb(f.gzip)}`).join(', ')}.`,
  `Drag: ${report.drag.what}; ${report.drag.frames} frames, median ${report.drag.medianFrameMs.toFixed(1)} ms, max ${report.drag.maxFrameMs.toFixed(1)} ms. Tokens: ${report.drag.tokens}`,
  ...report.notes.map((n) => `Note: ${n}`),
];
const md = lines.join('\n');
console.log(md);
if (args.out) await writeFile(args.out, JSON.stringify(report, null, 1));
if (args.md) await writeFile(args.md, `${md}\n`);

// page-frames.mjs — frame intervals while a student works each scene, at 1× and with the CPU
// throttled 4× (CDP Emulation.setCPUThrottlingRate), in headless Chromium. A benchmark, not a
// test: it prints numbers and asserts nothing.
//
//   scene 1: drag the tip of q around      scene 2: drag the temperature slider back and forth
//   scene 3: drag the tip of q around      scene 4: sweep the pointer over the 16-word weights
//   scene 4: type a sentence at step 7 (each key recomputes the model and redraws the stage)
//
// Beside the frame intervals, each row gives the main thread's work per input event (CDP
// Performance.getMetrics over the interaction, divided by the keys or pointer moves sent): the
// time in tasks (TaskDuration, with its script / style / layout parts) and the thread's CPU time
// (ThreadTime). The CPU time moves far less than the frame intervals when other work shares the
// machine: compare changes by it, within one run.
//
// measureScenes(context, baseUrl) -> rows; node page-frames.mjs [URL] [--only 5] [--rates 1,4]
// [--repeat N] runs it against a served web/ (--only: 1-based rows of INTERACTIONS).
const TYPED = ' cat sat on the mat and the dog ran to the big tree';
const SENTENCE16 = 'the quick brown fox jumps over the lazy dog while the small cat sat on a mat';
export const TARGETS = { 1: 16.7, 4: 33 };
// A page's clock is coarsened to 0.1 ms and the display clock jitters by about as much, so an
// interval of exactly one display frame reads 16.6–16.8 ms and two frames 33.2–33.4 ms. A p95 within
// this much of its target is one (two) display frames, i.e. the target met: 60 (30) fps.
export const CLOCK_SLACK_MS = 0.5;

const p = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]; };

async function startFrames(page) {
  await page.evaluate(() => {
    window.__frames = []; let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
}
const stopFrames = (page) => page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames.slice(2); });

async function open(page, url, hash, ready) {
  await page.goto(`${url}#${hash}`, { waitUntil: 'load' });
  await page.waitForFunction((sel) => document.querySelector(sel), ready, { timeout: 30_000 });
  // every scene and KaTeX loaded first, as the page had them before they loaded on demand
  // (app/scene-loader.js, app/tex.js): these runs time working a scene, not loading one
  await page.evaluate(() => globalThis.attentionExplorer?.scenesLoaded?.());
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
}

/** Holds the pointer down on `locator` and moves it on a circle of `radius` px, `moves` times. */
async function circleDrag(page, locator, radius, moves = 160) {
  await locator.scrollIntoViewIfNeeded();
  const b = await locator.boundingBox();
  const cx = b.x + b.width / 2; const cy = b.y + b.height / 2;
  await page.mouse.move(cx, cy); await page.mouse.down();
  for (let i = 0; i < moves; i++) { const a = (2 * Math.PI * i) / 40; await page.mouse.move(cx + radius * Math.sin(a), cy - radius * (1 - Math.cos(a))); }
  await page.mouse.up();
}

export const INTERACTIONS = [
  { scene: 1, what: 'drag the tip of q', events: 160, hash: 'scene=dot', ready: 'ae-scene-dot [data-handle="q"]',
    run: (page) => circleDrag(page, page.locator('ae-scene-dot [data-handle="q"]'), 60) },
  { scene: 2, what: 'drag the temperature slider', events: 160, hash: 'scene=weights', ready: 'ae-scene-weights [data-control="temp"]',
    run: async (page) => {
      const slider = page.locator('ae-scene-weights [data-control="temp"]');
      await slider.scrollIntoViewIfNeeded(); const b = await slider.boundingBox();
      const y = b.y + b.height / 2; await page.mouse.move(b.x + 8, y); await page.mouse.down();
      for (let i = 0; i < 160; i++) await page.mouse.move(b.x + 8 + (b.width - 16) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 80)), y);
      await page.mouse.up();
    } },
  { scene: 3, what: 'drag the tip of q', events: 160, hash: 'scene=sum', ready: 'ae-scene-sum [data-handle="q"]',
    run: (page) => circleDrag(page, page.locator('ae-scene-sum [data-handle="q"]'), 50) },
  { scene: 4, what: 'sweep the pointer over the 16-word weights', events: 200, hash: `scene=self&step=6&sentence=${encodeURIComponent(SENTENCE16)}`, ready: 'ae-scene-self [data-heatmap="weights"] button.cell',
    run: async (page) => {
      const table = page.locator('ae-scene-self [data-heatmap="weights"]');
      await table.scrollIntoViewIfNeeded(); const b = await table.boundingBox();
      for (let i = 0; i < 200; i++) {
        const t = i / 200; const row = Math.floor(t * 8) / 8;
        await page.mouse.move(b.x + 60 + (b.width - 70) * ((i % 25) / 25), b.y + 50 + (b.height - 60) * row);
      }
    } },
  { scene: 4, what: 'type a sentence at step 7', events: TYPED.length, hash: 'scene=self&step=7&sentence=The', ready: 'ae-scene-self [data-matrix="output"] td',
    run: async (page) => {
      const box = page.locator('ae-scene-self [data-control="sentence"]');
      await box.scrollIntoViewIfNeeded(); await box.click(); await page.keyboard.press('End');
      await page.keyboard.type(TYPED, { delay: 40 });
    } },
];

const METRICS = { ThreadTime: 'cpu', TaskDuration: 'task', ScriptDuration: 'script', RecalcStyleDuration: 'style', LayoutDuration: 'layout' };
const metrics = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.filter((m) => m.name in METRICS).map((m) => [METRICS[m.name], m.value]));

/**
 * Runs every interaction at each throttle rate; returns [{ scene, what, rate, frames, median, p95,
 * max, main: { task, cpu, script, style, layout } }] (main: main-thread ms per input event, throttled).
 */
export async function measureScenes(context, url, { rates = [1, 4], only = null } = {}) {
  const rows = [];
  for (const rate of rates) {
    for (const [k, it] of INTERACTIONS.entries()) {
      if (only && !only.includes(k + 1)) continue;
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      const cdp = await context.newCDPSession(page);
      try {
        await open(page, url, it.hash, it.ready);
        await cdp.send('Performance.enable');
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await startFrames(page);
        const m0 = await metrics(cdp);
        await it.run(page);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // the last event's frame
        const m1 = await metrics(cdp);
        const frames = await stopFrames(page);
        const main = Object.fromEntries(Object.values(METRICS).map((k) => [k, ((m1[k] - m0[k]) * 1000) / it.events]));
        rows.push({ scene: it.scene, what: it.what, rate, frames: frames.length, median: p(frames, 0.5), p95: p(frames, 0.95), max: Math.max(...frames), main });
      } finally {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => {});
        await page.close();
      }
    }
  }
  return rows;
}

/** The rows as a markdown table, with the targets (benchmark figures, not tests). */
export function framesTable(rows) {
  const out = ['| scene | interaction | CPU | frames | median | p95 | target p95 | | main thread per event: tasks (script / style / layout), CPU |', '|---|---|---:|---:|---:|---:|---:|---|---:|'];
  for (const r of rows) {
    const target = TARGETS[r.rate];
    const c = r.main ? `${r.main.task.toFixed(2)} ms (${r.main.script.toFixed(2)} / ${r.main.style.toFixed(2)} / ${r.main.layout.toFixed(2)}), ${r.main.cpu.toFixed(2)} ms` : '';
    out.push(`| ${r.scene} | ${r.what} | ${r.rate}× | ${r.frames} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ≤ ${target} ms | ${target === undefined ? '' : r.p95 <= target + CLOCK_SLACK_MS ? 'met' : '**missed**'} | ${c} |`);
  }
  out.push('', `"met" allows ${CLOCK_SLACK_MS} ms for the clock: one display frame reads 16.6–16.8 ms in a page (performance.now() is coarsened to 0.1 ms), two read 33.2–33.4 ms.`,
    'Main thread per event: CDP Performance.getMetrics over the interaction ÷ keys or pointer moves sent (throttled at 4×): TaskDuration (paint and compositing are in it, not in the three parts) and ThreadTime (CPU).');
  return out.join('\n');
}

// node page-frames.mjs [URL]: measure against a running server (scripts/start), print the table
if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('playwright-core');
  const { mkdtemp, mkdir, rm } = await import('node:fs/promises');
  const os = await import('node:os'); const path = await import('node:path');
  const { parseArgs } = await import('node:util');
  const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' }, rates: { type: 'string' }, repeat: { type: 'string' } } });
  const url = positionals[0] ?? 'http://127.0.0.1:8000/';
  const list = (v) => (v ? v.split(',').map(Number) : null);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ax-frames-')); const home = path.join(tmp, 'home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') };
  await Promise.all([env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME].map((d) => mkdir(d, { recursive: true })));
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const rows = [];
    for (let r = 0; r < Number(opt.repeat ?? 1); r++) rows.push(...await measureScenes(context, url, { rates: list(opt.rates) ?? [1, 4], only: list(opt.only) }));
    console.log(framesTable(rows));
  } finally { await context.close(); await rm(tmp, { recursive: true, force: true }); }
}

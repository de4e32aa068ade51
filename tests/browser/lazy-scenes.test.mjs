// lazy-scenes.test.mjs — scenes 4–9 load on demand (web/app/scene-loader.js): the first load asks
// for none of their modules or question files; the lesson still counts every scene's questions;
// a deep link, the nav and the keyboard each reach a late scene, which then shows at the top; a
// scene waiting to load stands in at about its loaded height; the one-file lesson has every scene
// from file:// with no request; a scene still loading when printing starts prints a note instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';

const LATE = ['self', 'cross', 'heads', 'cost', 'grad', 'train'];
// what only scenes 4–9 need: their modules, their question files, their charts and toy models; KaTeX
const LATE_ONLY = /\/(scenes\/scene-(self|cross|heads|cost|grad|train)|questions\/(self|cross|heads|cost|grad|train)|scenes\/(log-chart|cost-measure|token-lines|matrix-input)|app\/toy-(cross|heads)|vendor\/katex\/katex)\.(js|mjs|min\.css)$/;

let server; let browser; let page; let errors; let requested;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = browser.page; errors = collectConsoleErrors(page);
  requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const mounted = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-scene-el]')].map((el) => [el.localName.replace('ae-scene-', ''), Boolean(el.state)])));
const top = (id) => page.evaluate((i) => document.getElementById(`scene-${i}`).getBoundingClientRect().top, id);

async function open(hash = '') {
  await page.goto('about:blank');
  // a scene still loading when the last test left is cut off: not this test's problem
  requested.length = 0; errors.console.length = 0; errors.page.length = 0; errors.requests.length = 0;
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(() => document.querySelector('ae-scene-sum')?.state);
  await page.waitForLoadState('networkidle'); await settle();
}

test('the first load requests nothing of scenes 4–9 nor KaTeX, mounts scenes 1–3, and counts all 27 questions', async () => {
  await open();
  const late = requested.filter((p) => LATE_ONLY.test(p));
  assert.deepEqual(late, [], 'nothing of scenes 4–9 (nor KaTeX) on the first load');
  const m = await mounted();
  for (const id of ['dot', 'weights', 'sum']) assert.equal(m[id], true, `${id} mounted`);
  for (const id of LATE) assert.equal(m[id], false, `${id} waits`);
  // a waiting scene stands in at about its loaded height (main.css [data-pending])
  const pending = await page.evaluate(() => document.querySelector('ae-scene-cross').getBoundingClientRect().height);
  assert.ok(pending >= 2000, `scene 5 placeholder ${pending} px`);
  // the lesson (report.js: what "completed" waits for) counts every scene's questions already
  const score = await page.evaluate(async () => (await import('/app/report.js')).lessonScore());
  assert.equal(score.total, 27, 'nine scenes × three questions');
  assert.equal((await page.evaluate(async () => (await import('/app/report.js')).progress('train'))).total, 3);
  assert.deepEqual(errors.all(), []);
});

test('a deep link #scene=train loads scene 9 (and 8 above it) and keeps it at the top', async () => {
  await open('#scene=train&task=reverse');
  await page.waitForFunction(() => document.querySelector('ae-scene-train')?.state && !document.querySelector('ae-scene-train').dataset.pending);
  await page.waitForFunction(() => Math.abs(document.getElementById('scene-train').getBoundingClientRect().top) <= 2, null, { timeout: 10_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 2500))); // past reveal.js's follow
  assert.ok(Math.abs(await top('train')) <= 2, `scene 9 at the top (${await top('train')} px)`);
  assert.ok(requested.some((p) => p.endsWith('/scenes/scene-train.js')));
  assert.equal(await page.locator('ae-scene-train [data-control="task"]').first().inputValue().catch(() => 'reverse'), 'reverse');
  assert.deepEqual(errors.all(), []);
});

test('the nav link to scene 7 loads it and scrolls there; its questions mount with it', async () => {
  await open();
  await page.locator('[data-scene-nav] a[data-goto="cost"]').click();
  await page.waitForFunction(() => document.querySelector('ae-scene-cost')?.state);
  await page.waitForFunction(() => Math.abs(document.getElementById('scene-cost').getBoundingClientRect().top) <= 2, null, { timeout: 10_000 });
  await page.locator('ae-scene-cost [data-questions="cost"]').waitFor();
  await page.waitForFunction(() => location.hash.includes('scene=cost'));
  assert.deepEqual(errors.all(), []);
});

test('Tab from scene 3 reaches scene 4: its buttons, then its first control, once it loaded', async () => {
  await open();
  // the last focusable element of scene 3, then Tab
  await page.evaluate(() => {
    const f = [...document.querySelectorAll('#scene-sum button, #scene-sum input, #scene-sum select, #scene-sum textarea, #scene-sum [tabindex="0"]')].filter((e) => !e.disabled && e.checkVisibility());
    f.at(-1).focus();
  });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => `${document.activeElement.closest('section')?.id} ${document.activeElement.dataset.embedOpen}`), 'scene-self self');
  await page.waitForFunction(() => document.querySelector('ae-scene-self')?.state);
  // the scene's own buttons (presentation mode, its introduction and setup folds), then the scene
  for (let i = 0; i < 6 && !(await page.evaluate(() => Boolean(document.activeElement.closest('ae-scene-self')))); i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest('ae-scene-self'))), true, 'focus inside scene 4');
  assert.deepEqual(errors.all(), []);
});

test('scrolling to the end loads every scene; scenesLoaded() resolves with all nine mounted', async () => {
  await open();
  // End lands at the end of the page as it is then; scenes that arrive on the way make it longer,
  // so a reader (and this test) presses End again
  for (let i = 0; i < 6 && !(await mounted()).train; i++) { await page.keyboard.press('End'); await page.waitForTimeout(500); }
  await page.evaluate(() => globalThis.attentionExplorer.scenesLoaded());
  assert.deepEqual(Object.values(await mounted()), Array(9).fill(true));
  assert.deepEqual(errors.all(), []);
});

test('printing before a scene has loaded prints a note in its place, and the scene once it arrives', async () => {
  // hold scene 5's module back, as a slow network would, while printing starts
  let releaseCross; const held = new Promise((r) => { releaseCross = r; });
  await page.route('**/scenes/scene-cross.js', async (route) => { await held; await route.continue(); });
  try {
    await open();
    await page.emulateMedia({ media: 'print' });
    const note = await page.evaluate(() => { const el = document.querySelector('ae-scene-cross'); return el.hasAttribute('data-pending') ? getComputedStyle(el, '::before').content : null; });
    assert.match(note ?? '', /still loading when printing started/);
    releaseCross();
    await page.waitForFunction(() => document.querySelector('ae-scene-cross')?.state && !document.querySelector('ae-scene-cross').hasAttribute('data-pending'), null, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('ae-scene-cross'), '::before').content), 'none');
  } finally {
    releaseCross();
    await page.unroute('**/scenes/scene-cross.js');
    await page.emulateMedia({ media: 'screen' });
  }
});

test('the one-file lesson from file:// has scene 9 at a deep link, with no request', async () => {
  const file = path.join(REPO_ROOT, 'web', 'build', 'attention-explorer-standalone.html');
  await page.goto('about:blank');
  errors.console.length = 0; errors.page.length = 0; errors.requests.length = 0;
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto(`${pathToFileURL(file).href}#scene=train`);
  await page.waitForFunction(() => document.querySelector('ae-scene-train')?.state, null, { timeout: 20_000 });
  await page.waitForFunction(() => Math.abs(document.getElementById('scene-train').getBoundingClientRect().top) <= 2, null, { timeout: 10_000 });
  assert.deepEqual(fetched.filter((u) => !u.startsWith('data:') && u !== pathToFileURL(file).href), [], 'nothing fetched');
  assert.deepEqual(errors.all(), []);
});

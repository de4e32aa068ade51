// scenes-train.test.mjs — scene 9: a head trained live in the page. Predict, train (keyboard),
// every shown number equals the core's (a fresh trainer with the same seed repeats the losses bit
// for bit), one step / reset, positions 'none' explained, reduced motion draws only the end state,
// embed.html and <attention-explorer>, axe, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR } from '../browser-support/index.mjs';
import { axeViolations } from '../browser-support/axe.mjs';

let server; let browser; let page; let errors;
const scene = () => page.locator('ae-scene-train');
const value = async (name) => Number(await scene().locator(`[data-readout="${name}"]`).getAttribute('data-value'));

before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 1000 } });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/#scene=train&task=reverse`);
  await page.waitForFunction(() => document.querySelector('ae-scene-train [data-heatmap="train-weights"] button')?.dataset.value);
});
after(async () => { await browser?.close(); await server?.close(); });

// What the scene shows, and the same numbers from a fresh trainer stepped as far in the page's core.
async function compare() {
  return page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const el = document.querySelector('ae-scene-train');
    const read = (n) => Number(el.querySelector(`[data-readout="${n}"]`).dataset.value);
    const step = read('train-step');
    const t = core.createTrainer(el.settings());
    const r = step ? t.step(step) : null;
    const { weights } = t.evaluate([3, 7, 1, 5, 0, 6]);
    t.dispose();
    const shown = [...el.querySelectorAll('[data-heatmap="train-weights"] button.cell')].map((b) => Number(b.dataset.value));
    return { step, loss: read('train-loss'), accuracy: read('train-accuracy'), coreLoss: r?.loss, coreAccuracy: r?.accuracy, shown, weights: [...weights] };
  });
}

test('scene 9 loads untrained; the example weights are the core\'s', async () => {
  const r = await compare();
  assert.equal(r.step, 0);
  assert.deepEqual(r.shown, r.weights);
  assert.deepEqual(errors.all(), []);
});

test('predict, then train by keyboard: accuracy reaches 95 %, the pattern forms, numbers equal the core', async () => {
  await scene().scrollIntoViewIfNeeded();
  await scene().locator('[data-control="guess-anti"]').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => attentionExplorer.state.get('guess')), 'anti');
  const t0 = Date.now();
  await scene().locator('[data-control="train-play"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.querySelector('ae-scene-train [data-readout="train-accuracy"]').dataset.value) >= 0.95, null, { timeout: 30_000 });
  console.log(`# 'reverse' reached 95 % on a batch after ${Date.now() - t0} ms of wall time (informational)`);
  // the guess is locked once training has started
  assert.equal(await scene().locator('[data-control="guess-anti"]').isDisabled(), true);
  await scene().locator('[data-control="train-play"]').click(); // pause
  await page.waitForFunction(() => document.querySelector('ae-scene-train').dataset.training === 'false');
  const r = await compare();
  assert.ok(r.step > 0);
  assert.ok(Object.is(r.loss, r.coreLoss), `shown loss ${r.loss} vs a fresh trainer's ${r.coreLoss}`);
  assert.equal(r.accuracy, r.coreAccuracy);
  assert.deepEqual(r.shown, r.weights);
  // the strongest weight of each row is on the anti-diagonal
  for (let i = 0; i < 6; i++) {
    const row = r.shown.slice(6 * i, 6 * i + 6);
    assert.equal(row.indexOf(Math.max(...row)), 5 - i, `row ${i}: ${row}`);
  }
  assert.match(await scene().locator('[data-readout="verdict"]').textContent(), /You predicted an anti-diagonal.*that is what formed/);
});

test('one step and reset, by keyboard', async () => {
  const before = await value('train-step');
  await scene().locator('[data-control="train-step"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => Number(document.querySelector('ae-scene-train [data-readout="train-step"]').dataset.value) === s + 1, before);
  await scene().locator('[data-control="train-reset"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.querySelector('ae-scene-train [data-readout="train-step"]').dataset.value) === 0);
  assert.equal(await scene().locator('[data-control="guess-anti"]').isDisabled(), false);
});

test("positions 'none' with reverse: the scene says why it cannot be learned", async () => {
  await scene().locator('[data-control="trainpos"]').selectOption('none');
  const note = scene().locator('[data-readout="positions-note"]');
  await note.waitFor({ state: 'visible' });
  assert.match(await note.textContent(), /cannot be learned/);
  await page.waitForFunction(() => /trainpos=none/.test(location.hash));
  await scene().locator('[data-control="task-max"]').check();
  await note.waitFor({ state: 'hidden' });
  await scene().locator('[data-control="trainpos"]').selectOption('learned');
  await scene().locator('[data-control="task-reverse"]').check();
});

test('axe-core finds no violations in scene 9; screenshot after training', async () => {
  await scene().locator('[data-control="train-play"]').click();
  await page.waitForFunction(() => Number(document.querySelector('ae-scene-train [data-readout="train-step"]').dataset.value) >= 150, null, { timeout: 30_000 });
  await scene().locator('[data-control="train-play"]').click();
  assert.deepEqual(await axeViolations(page, '#scene-train'), []);
  await page.locator('#scene-train').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-9-watch-a-head-learn.png') });
  assert.deepEqual(errors.all(), []);
});

test('reduced motion: Train draws only the end state', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${server.url}/#scene=train&task=max&trainseed=2`);
  await page.waitForFunction(() => document.querySelector('ae-scene-train [data-heatmap="train-weights"] button')?.dataset.value);
  const draws = Number(await scene().getAttribute('data-draws'));
  await scene().locator('[data-control="train-play"]').click();
  await page.waitForFunction(() => Number(document.querySelector('ae-scene-train [data-readout="train-step"]').dataset.value) === 400, null, { timeout: 30_000 });
  assert.ok(Number(await scene().getAttribute('data-draws')) - draws <= 3, 'intermediate states were drawn');
  assert.match(await scene().locator('[data-readout="train-note"]').textContent(), /Animations are off/);
  const r = await compare();
  assert.ok(Object.is(r.loss, r.coreLoss));
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});

test('embed.html and <attention-explorer> show scene 9 with its options and hide flags', async () => {
  await page.goto(`${server.url}/embed.html?scene=train&task=max&hide=matrices,predict`);
  const el = page.locator('attention-explorer');
  await el.locator('ae-scene-train [data-heatmap="train-weights"] button').first().waitFor();
  assert.equal(await el.locator('[data-control="task-max"]').isChecked(), true);
  assert.equal(await el.locator('.predict').isVisible(), false);
  assert.equal(await el.locator('[data-chart="wqk"]').isVisible(), false);
  await el.locator('[data-control="train-step"]').click();
  await page.waitForFunction(() => document.querySelector('attention-explorer').shadowRoot?.querySelector('[data-readout="train-step"]')?.dataset.value === '1'
    || document.querySelector('attention-explorer [data-readout="train-step"]')?.dataset.value === '1');
  await el.locator('[data-control="task-copy"]').check();
  await page.waitForFunction(() => document.querySelector('attention-explorer').getAttribute('task') === 'copy');
  assert.deepEqual(errors.all(), []);
});

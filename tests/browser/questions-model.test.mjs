// questions-model.test.mjs — a question's truth is the model on screen: scene 4's reveal after a
// head preset shows the numbers of the figure (not of the default weights), and scene 1's
// right-angle target is graded on q·k, the quantity its prompt asks for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';

let web; let browser; let page; let errors;
before(async () => {
  web = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${web.url}/#scene=self`);
  await loadAllScenes(page);
  await page.evaluate(() => sessionStorage.clear());
});
after(async () => { await browser?.close(); await web?.close(); });
const item = (id) => page.locator(`[data-question="${id}"]`);
const four = (x) => (Math.abs(x) < 1e-6 ? '0' : String(Number(x.toPrecision(4))));

test('scene 4: after a head preset, the reveal shows the figure’s weights', async () => {
  await page.locator('ae-scene-self [data-head="previous"]').click();
  await page.locator('ae-scene-self .questions [data-q-tab="self-zero-after-softmax"]').click();
  const q = item('self-zero-after-softmax');
  await q.locator('[data-q-option="less"]').check();
  await q.locator('[data-q-commit]').click();
  await q.locator('[data-q-reveal]').waitFor();
  // the figure now shows the question's situation with the student's head: step 6, sat cannot see The
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-heatmap="weights"] button[data-i="2"][data-j="0"]')?.classList.contains('hidden-key'));
  const shown = Number(await page.locator('ae-scene-self [data-heatmap="weights"] button[data-i="2"][data-j="1"]').getAttribute('data-value'));
  const revealed = await q.locator('.q-bars .bar-row').evaluateAll((rows) => rows.map((g) => [g.querySelector('.bar-name').textContent, g.querySelector('.bar-value').textContent]));
  const cat = revealed.find(([name]) => name.startsWith('weight of cat, masked before'));
  assert.ok(cat, JSON.stringify(revealed));
  assert.equal(cat[1], four(shown), `reveal ${cat[1]} against the figure's ${shown}`);
  assert.equal(await page.locator('ae-scene-self [data-head="previous"]').getAttribute('aria-pressed'), 'true', 'the setup keeps the student’s head');
});

test('scene 1: the right-angle target is graded on q·k', async () => {
  await page.locator('ae-scene-dot .questions [data-q-tab="dot-right-angle"]').click();
  const t = item('dot-right-angle');
  await t.locator('[data-q-setup]').click();
  const type = async (k0, k1) => {
    for (const [i, v] of [[0, k0], [1, k1]]) {
      const input = page.locator(`ae-scene-dot input[data-vec="k"][data-i="${i}"]`);
      await input.fill(v); await input.press('Tab');
    }
    await page.waitForFunction(([a, b]) => String(attentionExplorer.state.get('k').slice(0, 2)) === `${a},${b}`, [k0, k1]);
  };
  await type('-1.9', '4'); // cos θ ≈ 0.02, but q·k = 0.2
  await t.locator('[data-q-commit]').click();
  assert.match(await t.locator('[data-q-verdict]').textContent(), /Not quite/);
  assert.match(await t.locator('[data-q-prediction]').textContent(), /q·k at your position: 0\.2\b/);
  await t.locator('[data-q-retry]').click();
  await type('-2', '4.05'); // q·k = 0.05
  await t.locator('[data-q-commit]').click();
  assert.match(await t.locator('[data-q-verdict]').textContent(), /Right/);
  assert.deepEqual(errors.all(), []);
});

// questions.test.mjs — predict, then check, in the page: the reveal stays locked until the student
// commits; the reveal shows prediction and truth (from the core) and the figure moves to the
// question's situation; a retry is allowed but only the first answer is reported; progress
// survives a reload of the same lesson link; questions=… chooses and questions=off removes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, screenshot, REPO_ROOT } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';
import { axeViolations } from '../browser-support/axe.mjs';

let web; let browser; let page; let errors;
before(async () => {
  web = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await web?.close(); });

const open = async (hash) => {
  await page.goto('about:blank');
  await page.goto(`${web.url}/index.html${hash}`);
  await page.locator('html[data-core="simd"]').waitFor({ timeout: 20_000 });
  await loadAllScenes(page);
};
const panel = (scene) => page.locator(`ae-scene-${scene} .questions`);
const item = (id) => page.locator(`[data-question="${id}"]`);
const answered = () => page.evaluate(() => attentionExplorer.statements().filter((s) => s.verb.display['en-US'] === 'answered'));

test('locked until committed; reveal shows the core’s truth; the figure moves; first answer reported', async () => {
  await open('#scene=weights');
  await page.evaluate(() => sessionStorage.clear());
  await open('#scene=weights');
  const q = item('weights-cold-temperature');
  await panel('weights').locator('[data-q-tab="weights-cold-temperature"]').click();
  assert.equal(await q.locator('[data-q-reveal]').isVisible(), false, 'reveal hidden before an answer');
  assert.equal(await q.locator('[data-q-commit]').isDisabled(), true, 'nothing to commit yet');
  await q.locator('[data-q-option="equal"]').check();
  assert.equal(await q.locator('[data-q-reveal]').isVisible(), false, 'choosing alone does not reveal');
  await q.locator('[data-q-commit]').click();
  await q.locator('[data-q-reveal]').waitFor();
  assert.match(await q.locator('[data-q-verdict]').textContent(), /Not quite/);
  assert.match(await q.locator('[data-q-truth]').textContent(), /highest score/);
  assert.equal(await q.locator('[data-q-explain]').textContent().then((t) => t.split(/(?<=\.)\s+/).length), 2);
  // the figure now shows the question's situation (T at its lowest), computed by the core
  await page.waitForFunction(() => attentionExplorer.state.get('temperature') === 0.1);
  assert.equal(await page.locator('ae-scene-weights [data-control="temp"]').inputValue(), '0.1');
  await page.locator('ae-scene-weights .questions').screenshot({ path: await screenshot(page, 'questions-reveal') });
  assert.deepEqual(await axeViolations(page, 'ae-scene-weights .questions'), [], 'axe');
  // retry, now right: the report keeps the first answer
  await q.locator('[data-q-retry]').click();
  await q.locator('[data-q-option="one"]').check();
  await q.locator('[data-q-commit]').click();
  assert.match(await q.locator('[data-q-verdict]').textContent(), /Right/);
  assert.match(await q.locator('[data-q-first]').textContent(), /first answer \(equal, not right\)/);
  const sent = await answered();
  assert.equal(sent.length, 1);
  assert.match(sent[0].object.id, /\/attention-explorer\/weights\/weights-cold-temperature$/);
  assert.deepEqual(sent[0].result, { success: false, response: 'equal', score: { raw: 0, min: 0, max: 1, scaled: 0 } });
  assert.match(await panel('weights').locator('[data-q-progress]').textContent(), /1 of 3 answered/);
});

test('progress survives a reload of the same lesson link; nothing is reported twice', async () => {
  await open('#scene=weights');
  assert.match(await panel('weights').locator('[data-q-progress]').textContent(), /1 of 3 answered/);
  assert.match(await panel('weights').locator('[data-q-tab="weights-cold-temperature"]').textContent(), /answered/);
  assert.equal((await answered()).length, 0);
});

test('a number and a drag target, by keyboard and typed values', async () => {
  await open('#scene=dot');
  const n = item('dot-compute');
  await panel('dot').locator('[data-q-tab="dot-compute"]').click();
  await n.locator('[data-q-number]').fill('1');
  await n.locator('[data-q-commit]').click();
  assert.match(await n.locator('[data-q-verdict]').textContent(), /Right/);
  assert.match(await n.locator('[data-q-truth]').textContent(), /core computed: 1\b/);
  const t = item('dot-right-angle');
  await panel('dot').locator('[data-q-tab="dot-right-angle"]').click();
  await t.locator('[data-q-setup]').click();
  for (const [i, v] of [[0, '-1'], [1, '2']]) {
    const box = page.locator(`ae-scene-dot input[data-vec="k"][data-i="${i}"]`);
    await box.fill(v); await box.press('Tab');
  }
  await page.waitForFunction(() => attentionExplorer.state.get('k')[0] === -1);
  await t.locator('[data-q-commit]').click();
  assert.match(await t.locator('[data-q-verdict]').textContent(), /Right/);
  const sent = await answered();
  assert.deepEqual(sent.map((s) => [s.object.id.split('/').at(-1), s.result.success]), [['dot-compute', true], ['dot-right-angle', true]]);
  assert.equal(sent[1].object.definition.interactionType, 'performance');
});

test('questions=… chooses which appear; questions=off removes them', async () => {
  await open('#scene=sum&questions=sum-zero-query,self-causal-first');
  assert.equal(await panel('sum').locator('.q-tab').count(), 1);
  assert.equal(await panel('self').locator('.q-tab').count(), 1);
  assert.equal(await panel('dot').count(), 0);
  await open('#questions=off');
  assert.equal(await page.locator('.questions').count(), 0);
  assert.deepEqual(errors.all(), []);
});

test('<attention-explorer questions="…">: changing the attribute asks other questions', async () => {
  await page.goto(`${web.url}/embed.html?scene=dot&questions=dot-compute`);
  const el = page.locator('attention-explorer');
  await el.locator('[data-q-tab="dot-compute"]').waitFor({ timeout: 20_000 });
  assert.equal(await el.locator('.q-tab').count(), 1);
  await el.evaluate((e) => e.setAttribute('questions', 'dot-compute,dot-stretch-cosine'));
  await el.locator('[data-q-tab="dot-stretch-cosine"]').waitFor();
  assert.equal(await el.locator('.q-tab').count(), 2);
  await el.evaluate((e) => e.setAttribute('questions', 'off'));
  await page.waitForFunction(() => !document.querySelector('attention-explorer').shadowRoot.querySelector('.questions'));
});

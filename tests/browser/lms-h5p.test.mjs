// lms-h5p.test.mjs — the H5P content type H5P.AttentionExplorer (web/build/h5p/, from scripts/build)
// played by a real third-party H5P player, h5p-standalone: answering the content's questions
// emits H5P xAPI events that reach H5P.externalDispatcher — 'answered' per question with a score,
// then 'answered' and 'completed' for the whole content with setScoredResult(correct, total).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cp, writeFile } from 'node:fs/promises';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { hostDir, writeHostPage } from '../browser-support/embed.mjs';

let host; let dir; let browser; let page; let errors;
before(async () => {
  dir = await hostDir();
  await cp(path.join(REPO_ROOT, 'node_modules/h5p-standalone/dist'), path.join(dir, 'player'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'web/build/h5p'), path.join(dir, 'content-h5p'), { recursive: true });
  // an instructor's content: scene 3, its settings, two of its questions, a 50 % pass mark
  await writeFile(path.join(dir, 'content-h5p/content/content.json'), JSON.stringify({ scene: 'sum', settings: 'q3=1,1', hide: 'formula', questions: 'sum-zero-query,sum-outside-triangle', mastery: 50 }));
  await writeHostPage(dir, 'player.html', `<div id="h5p"></div>
<script src="player/main.bundle.js"></script>
<script>
  window.events = [];
  new H5PStandalone.H5P(document.getElementById('h5p'), { h5pJsonPath: 'content-h5p', frameJs: 'player/frame.bundle.js', frameCss: 'player/styles/h5p.css' })
    .then(() => { H5P.externalDispatcher.on('xAPI', (e) => events.push(JSON.parse(JSON.stringify(e.data.statement)))); window.playerReady = true; })
    .catch((e) => { window.playerError = String(e); });
</script>`);
  host = await startServer(dir);
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await host?.close(); });

test('h5p-standalone plays the content; answered and completed reach H5P.externalDispatcher with scores', async () => {
  await page.goto(`${host.url}/player.html`);
  await page.waitForFunction(() => window.playerReady || window.playerError, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.playerError ?? null), null);
  const frame = page.frameLocator('#h5p iframe');
  const el = frame.locator('attention-explorer');
  await el.locator('[data-q-tab="sum-zero-query"]').waitFor({ timeout: 30_000 });
  assert.equal(await el.getAttribute('q3'), '1,1', 'the settings reached the element');
  assert.equal(await el.locator('.formula').first().isVisible(), false, 'hidden parts are hidden');
  assert.equal(await el.locator('.q-tab').count(), 2, 'only the chosen questions');

  await el.locator('[data-q-tab="sum-zero-query"]').click();
  const zero = el.locator('[data-question="sum-zero-query"]');
  await zero.locator('[data-q-number]').fill('0.3333'); await zero.locator('[data-q-commit]').click();
  await el.locator('[data-q-tab="sum-outside-triangle"]').click();
  const tri = el.locator('[data-question="sum-outside-triangle"]');
  await tri.locator('[data-q-option="yes"]').check(); await tri.locator('[data-q-commit]').click();
  await page.waitForFunction(() => window.events.some((s) => s.verb.id.endsWith('/completed')));

  const events = await page.evaluate(() => window.events);
  const verbs = events.map((s) => s.verb.id.split('/').at(-1));
  const answers = events.filter((s) => s.verb.id.endsWith('/answered') && s.object.id.includes('subContentId='));
  assert.deepEqual(answers.map((s) => [decodeURIComponent(s.object.id.split('subContentId=')[1]), s.result.score.raw, s.result.score.max, s.result.success]),
    [['sum-zero-query', 1, 1, true], ['sum-outside-triangle', 0, 1, false]]);
  assert.equal(answers[0].result.response, '0.3333');
  const whole = events.filter((s) => !s.object.id.includes('subContentId='));
  assert.deepEqual(whole.map((s) => [s.verb.id.split('/').at(-1), s.result.score.raw, s.result.score.max, s.result.score.scaled, s.result.success, s.result.completion]),
    [['answered', 1, 2, 0.5, true, true], ['completed', 1, 2, 0.5, true, true]]);
  assert.ok(verbs.indexOf('completed') > verbs.indexOf('answered'));
  assert.deepEqual(errors.all(), []);
});

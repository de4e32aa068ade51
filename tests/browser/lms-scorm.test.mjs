// lms-scorm.test.mjs — the SCORM 1.2 package under a real third-party LMS runtime: scorm-again's
// Scorm12API is the LMS (window.API of the page that frames the SCO). The package is built by the
// same code as scripts/build and the dialog, preset to scene 1 with three questions and a 60 %
// pass mark, unpacked by Python's zipfile (an independent reader). The student answers two of three
// right; the LMS must end with three interactions, score 67/0/100, status passed, and LMSFinish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile, copyFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { hostDir, writeHostPage } from '../browser-support/embed.mjs';
import { scormPackage, LAUNCH } from '../../web/lms/scorm-package.js';

let lms; let dir; let browser; let page; let errors;
before(async () => {
  dir = await hostDir();
  const html = await readFile(path.join(REPO_ROOT, 'web/build/attention-explorer-standalone.html'), 'utf8');
  const bytes = scormPackage({ html, hash: 'scene=dot&questions=dot-compute,dot-stretch-cosine,dot-right-angle&mastery=60', mastery: 60 });
  await writeFile(path.join(dir, 'package.zip'), bytes);
  execFileSync('python3', ['-m', 'zipfile', '-e', path.join(dir, 'package.zip'), path.join(dir, 'sco')]);
  await copyFile(path.join(REPO_ROOT, 'node_modules/scorm-again/dist/scorm12.min.js'), path.join(dir, 'scorm12.min.js'));
  await writeHostPage(dir, 'lms.html', `<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.calls = [];
  for (const name of ['LMSInitialize', 'LMSCommit', 'LMSFinish']) API.on(name, () => calls.push([name]));
  API.on('LMSSetValue', (element, value) => calls.push(['LMSSetValue', element, String(value)]));
</script>
<iframe id="sco" src="sco/${LAUNCH}" title="lesson" style="width:1080px;height:2400px"></iframe>`);
  lms = await startServer(dir);
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await lms?.close(); });

test('the package: imsmanifest.xml is SCORM 1.2 with one SCO launching the standalone file', async () => {
  const manifest = await readFile(path.join(dir, 'sco/imsmanifest.xml'), 'utf8');
  assert.match(manifest, /<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest, new RegExp(`adlcp:scormtype="sco" href="${LAUNCH}"`));
  assert.equal((manifest.match(/adlcp:scormtype="sco"/g) ?? []).length, 1);
  assert.match(manifest, /<adlcp:masteryscore>60<\/adlcp:masteryscore>/);
});

test('under scorm-again: initialize, interactions, score, passed, session time, commit, finish', async () => {
  await page.goto(`${lms.url}/lms.html`);
  const sco = page.frameLocator('#sco');
  await sco.locator('[data-q-tab="dot-compute"]').waitFor({ timeout: 30_000 });
  const calls = () => page.evaluate(() => window.calls);
  let c = await calls();
  assert.deepEqual(c[0], ['LMSInitialize']);
  assert.deepEqual(c.find((x) => x[1] === 'cmi.core.lesson_status'), ['LMSSetValue', 'cmi.core.lesson_status', 'incomplete']);
  assert.ok(c.some((x) => x[0] === 'LMSCommit'));
  assert.equal(await sco.locator('.questions').count(), 1, 'only scene 1 asks: the preset chose its questions');

  const item = (id) => sco.locator(`[data-question="${id}"]`);
  const tab = (id) => sco.locator(`[data-q-tab="${id}"]`).click();
  await tab('dot-compute'); await item('dot-compute').locator('[data-q-number]').fill('1'); await item('dot-compute').locator('[data-q-commit]').click();
  await tab('dot-stretch-cosine'); await item('dot-stretch-cosine').locator('[data-q-option="doubles"]').check(); await item('dot-stretch-cosine').locator('[data-q-commit]').click();
  await tab('dot-right-angle'); await item('dot-right-angle').locator('[data-q-setup]').click();
  for (const [i, v] of [[0, '-1'], [1, '2']]) { const box = sco.locator(`ae-scene-dot input[data-vec="k"][data-i="${i}"]`); await box.fill(v); await box.press('Tab'); }
  await page.waitForTimeout(200);
  await item('dot-right-angle').locator('[data-q-commit]').click();
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'passed');

  c = await calls();
  const set = (el) => c.filter((x) => x[0] === 'LMSSetValue' && x[1] === el).map((x) => x[2]);
  assert.deepEqual([0, 1, 2].map((n) => set(`cmi.interactions.${n}.id`)[0]), ['dot.dot-compute', 'dot.dot-stretch-cosine', 'dot.dot-right-angle']);
  assert.deepEqual([0, 1, 2].map((n) => set(`cmi.interactions.${n}.type`)[0]), ['numeric', 'choice', 'performance']);
  assert.deepEqual([0, 1, 2].map((n) => set(`cmi.interactions.${n}.result`)[0]), ['correct', 'wrong', 'correct']);
  assert.deepEqual([0, 1].map((n) => set(`cmi.interactions.${n}.student_response`)[0]), ['1', 'doubles']);
  assert.deepEqual(set('cmi.core.score.raw'), ['33', '67']);
  assert.equal(set('cmi.core.score.min').at(-1), '0'); assert.equal(set('cmi.core.score.max').at(-1), '100');
  assert.deepEqual(set('cmi.core.lesson_status'), ['incomplete', 'passed']);
  assert.match(set('cmi.core.session_time').at(-1), /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(await page.evaluate(() => API.cmi.interactions.childArray.length), 3);
  assert.equal(await page.evaluate(() => API.cmi.core.score.raw), '67');

  // leaving the lesson: pagehide -> session time, commit, finish
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => window.calls.some((x) => x[0] === 'LMSFinish'));
  c = await calls();
  assert.deepEqual(c.slice(-3).map((x) => x[0] === 'LMSSetValue' ? x[1] : x[0]), ['cmi.core.session_time', 'LMSCommit', 'LMSFinish']);
  assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), 'passed');
  assert.deepEqual(errors.all(), []);
});

test('without an LMS the same file is a plain lesson (no API, no errors)', async () => {
  await page.goto(`${lms.url}/sco/${LAUNCH}`);
  await page.locator('[data-q-tab="dot-compute"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-q-tab="dot-compute"]').click();
  await page.locator('[data-question="dot-compute"] [data-q-number]').fill('2');
  await page.locator('[data-question="dot-compute"] [data-q-commit]').click();
  assert.match(await page.locator('[data-question="dot-compute"] [data-q-verdict]').textContent(), /Not quite/);
  assert.deepEqual(errors.all(), []);
});

// embed-dialog.test.mjs — "Embed this view": the dialog's link, iframe snippet and element snippet,
// pasted into a page on another origin, reproduce the view (settings, hidden parts, chosen
// questions); copying works without clipboard permission (the text is selected instead); the SCORM
// download is a package preset to the view; the standalone file explains its file:// link; axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { axeViolations } from '../browser-support/axe.mjs';
import { hostDir, writeHostPage } from '../browser-support/embed.mjs';

let web; let host; let dir; let browser; let page; let errors; const out = {};
before(async () => {
  web = await startServer(path.join(REPO_ROOT, 'web'), { headers: { 'Access-Control-Allow-Origin': '*' } });
  dir = await hostDir();
  host = await startServer(dir);
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await web?.close(); await host?.close(); });

const temp = (scope) => scope.locator('[data-control="temp"]').inputValue();

test('the dialog writes the view: settings, hidden parts, chosen questions', async () => {
  await page.goto(`${web.url}/index.html#scene=weights&temperature=2&query=1`);
  await page.locator('[data-embed-open="weights"]').waitFor({ timeout: 20_000 });
  await page.locator('ae-scene-weights .questions').waitFor();
  await page.locator('[data-embed-open="weights"]').click();
  const dialog = page.locator('[data-embed-dialog]');
  await dialog.waitFor();
  await dialog.locator('[data-embed-hide="dk"]').check();
  await dialog.locator('[data-embed-question="weights-sum-hot"]').uncheck();
  for (const key of ['link', 'iframe', 'element']) out[key] = await dialog.locator(`[data-embed-output="${key}"]`).inputValue();
  assert.equal(out.link, `${web.url}/embed.html?scene=weights&hide=dk&questions=weights-largest-after-scaling,weights-cold-temperature&query=1&temperature=2`);
  assert.match(out.element, /<attention-explorer scene="weights" hide="dk" questions="weights-largest-after-scaling,weights-cold-temperature" query="1" temperature="2"><\/attention-explorer>/);
  assert.deepEqual(await axeViolations(page, '[data-embed-dialog]'), [], 'axe');
});

test('copy works without clipboard permission: the text is selected for the student', async () => {
  const dialog = page.locator('[data-embed-dialog]');
  await dialog.locator('[data-embed-copy="iframe"]').click();
  // the status is written once the clipboard attempt settles (it may be refused): wait for it
  await page.waitForFunction(() => /\S/.test(document.querySelector('[data-embed-dialog] .embed-status')?.textContent ?? ''), null, { timeout: 10_000 });
  const status = await dialog.locator('.embed-status').textContent();
  assert.match(status, /copied|selected/);
  if (/selected/.test(status)) {
    const selected = await page.evaluate(() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd); });
    assert.equal(selected, out.iframe);
  }
});

test('the SCORM download is a package preset to this view', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-embed-download="scorm"]').click()]);
  assert.equal(download.suggestedFilename(), 'attention-explorer-weights-scorm12.zip');
  const file = path.join(dir, 'view.zip'); await download.saveAs(file);
  execFileSync('python3', ['-m', 'zipfile', '-e', file, path.join(dir, 'view')]);
  assert.match(await readFile(path.join(dir, 'view/imsmanifest.xml'), 'utf8'), /<schemaversion>1\.2<\/schemaversion>/);
  const html = await readFile(path.join(dir, 'view/attention-explorer-standalone.html'), 'utf8');
  assert.match(html, /id="attention-explorer-preset">"scene=weights&hide=dk&questions=weights-largest-after-scaling,weights-cold-temperature&query=1&temperature=2"/);
  await page.keyboard.press('Escape');
  // the package's page opens at the view: scene 2's settings, the d_k experiment hidden, two questions
  const server = await startServer(path.join(dir, 'view'));
  try {
    await page.goto(`${server.url}/attention-explorer-standalone.html`);
    await page.locator('ae-scene-weights .questions').waitFor({ timeout: 20_000 });
    assert.equal(await temp(page.locator('ae-scene-weights')), '2');
    assert.equal(await page.locator('ae-scene-weights .dk-block').isVisible(), false);
    assert.equal(await page.locator('.questions').count(), 1);
    assert.equal(await page.locator('ae-scene-weights .q-tab').count(), 2);
  } finally { await server.close(); }
});

test('the element snippet, pasted into a page on another origin, reproduces the view', async () => {
  await writeHostPage(dir, 'element.html', out.element);
  await page.goto(`${host.url}/element.html`);
  const el = page.locator('attention-explorer');
  await el.locator('.questions').waitFor({ timeout: 20_000 });
  assert.equal(await temp(el), '2');
  assert.equal(await el.locator('input[type="radio"][value="1"]').first().isChecked(), true, 'query 1');
  assert.equal(await el.locator('.dk-block').isVisible(), false, 'd_k experiment hidden');
  assert.deepEqual(await el.locator('.q-tab').evaluateAll((b) => b.map((x) => x.dataset.qTab)), ['weights-largest-after-scaling', 'weights-cold-temperature']);
});

test('the iframe snippet and the link reproduce it too; the resize script sizes the frame', async () => {
  await writeHostPage(dir, 'iframe.html', out.iframe);
  await page.goto(`${host.url}/iframe.html`);
  const frame = page.frameLocator('iframe');
  await frame.locator('attention-explorer .questions').waitFor({ timeout: 20_000 });
  assert.equal(await temp(frame.locator('attention-explorer')), '2');
  assert.equal(await frame.locator('.dk-block').isVisible(), false);
  // the snippet's starting height is the scene's on the page; the resize script replaces it with the frame's own
  const initial = /height:(\d+px)/.exec(out.iframe)[1];
  await page.waitForFunction((h0) => { const f = document.querySelector('iframe'); return /^\d+px$/.test(f.style.height) && f.style.height !== h0; }, initial);
  await page.goto(out.link);
  await page.locator('attention-explorer .questions').waitFor({ timeout: 20_000 });
  assert.equal(await temp(page.locator('attention-explorer')), '2');
  assert.deepEqual(errors.all(), []);
});

test('the standalone file: copying its link explains that file:// works only on this computer', async () => {
  const file = path.join(REPO_ROOT, 'web/build/attention-explorer-standalone.html');
  await page.goto(`${pathToFileURL(file).href}#scene=dot`);
  await page.locator('html[data-core]').waitFor({ timeout: 20_000 });
  await page.locator('#copy-link').click();
  const note = page.locator('[data-file-note]');
  await note.waitFor();
  assert.match(await note.textContent(), /only work on this computer/);
});

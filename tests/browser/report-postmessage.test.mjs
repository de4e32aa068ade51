// report-postmessage.test.mjs — results reach the parent only on the origin the embedder named:
// a parent on one loopback origin frames embed.html from another; statements arrive when
// report-origin names the parent's origin, and nothing arrives when it names a different origin
// (localhost vs 127.0.0.1, same port) or none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { hostDir, writeHostPage, recorders, readSnippets } from '../browser-support/embed.mjs';

let web; let host; let dir; let browser; let page; let errors;
before(async () => {
  web = await startServer(path.join(REPO_ROOT, 'web'));
  dir = await hostDir();
  host = await startServer(dir);
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  await browser.context.addInitScript(recorders);
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await web?.close(); await host?.close(); });

/** Frame scene 3 with one question, answer it, and return the statements the parent received. */
async function run(name, reportOrigin) {
  const src = `${web.url}/embed.html?scene=sum&questions=sum-zero-query${reportOrigin ? `&report-origin=${encodeURIComponent(reportOrigin)}` : ''}`;
  await writeHostPage(dir, `${name}.html`, `<iframe src="${src}" title="scene" style="width:1000px;height:1600px"></iframe>`);
  await page.goto(`${host.url}/${name}.html`);
  const frame = page.frameLocator('iframe');
  const q = frame.locator('[data-question="sum-zero-query"]');
  await q.locator('[data-q-number]').waitFor({ timeout: 30_000 });
  await q.locator('[data-q-number]').fill('0.5'); await q.locator('[data-q-commit]').click();
  await q.locator('[data-q-reveal]').waitFor();
  await page.waitForFunction(() => window.__messages.some((m) => m?.type === 'attention-explorer:resize')); // the channel itself works
  await page.waitForTimeout(500);
  return page.evaluate(() => window.__messages.filter((m) => m?.type === 'attention-explorer:statement').map((m) => m.statement));
}

test('report-origin = the parent’s origin: answered and completed arrive, schema as documented', async () => {
  const got = await run('named', host.origin);
  assert.deepEqual(got.map((s) => s.verb.display['en-US']), ['answered', 'completed']);
  const [a, c] = got;
  assert.match(a.object.id, /\/attention-explorer\/sum\/sum-zero-query$/);
  assert.deepEqual(a.result, { success: false, response: '0.5', score: { raw: 0, min: 0, max: 1, scaled: 0 } });
  assert.equal(a.object.definition.interactionType, 'numeric');
  assert.deepEqual(c.result.score, { raw: 0, min: 0, max: 1, scaled: 0 });
  assert.equal(c.result.completion, true);
});

test('report-origin names another origin: nothing reaches this parent', async () => {
  const other = host.origin.replace('127.0.0.1', 'localhost');
  assert.notEqual(other, host.origin);
  assert.deepEqual(await run('other', other), []);
});

test('no report-origin, or a wildcard: nothing is sent', async () => {
  assert.deepEqual(await run('none', ''), []);
  assert.deepEqual(await run('star', '*'), []);
  assert.deepEqual(errors.all(), []);
});

test('the guide’s example listener (docs/EMBEDDING.md) lists the results', async () => {
  const code = (await readSnippets()).get('listener')
    .split('https://your-site.example/attention-explorer/').join(`${web.url}/`)
    .split('https://your-course.example').join(host.origin)
    .split("'https://your-site.example'").join(`'${web.origin}'`);
  await writeHostPage(dir, 'listener.html', code);
  await page.goto(`${host.url}/listener.html`);
  const q = page.frameLocator('#lesson').locator('[data-question="weights-largest-after-scaling"]');
  await q.locator('[data-q-option="1"]').waitFor({ timeout: 30_000 });
  await q.locator('[data-q-option="1"]').check(); await q.locator('[data-q-commit]').click();
  await page.locator('#results li').waitFor();
  assert.deepEqual(await page.locator('#results li').allTextContents(), ['answered weights/weights-largest-after-scaling: right, score 1 of 1']);
});

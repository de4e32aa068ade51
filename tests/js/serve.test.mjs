// serve.test.mjs — the dev server (scripts/serve.mjs) stays inside its folder, says nosniff, and
// keeps a bounded request log (issue 14, item 9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, MAX_LOG } from '../../scripts/serve.mjs';

const LOG = 40; // a small log for the test; the default is MAX_LOG

let server; let dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ax-serve-'));
  const root = path.join(dir, 'root');
  await mkdir(root);
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
  await writeFile(path.join(root, 'a.js'), 'export {};');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the served folder');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'));
  await symlink(dir, path.join(root, 'up'));
  server = await startServer(root, { maxLog: LOG });
});
after(async () => { await server?.close(); });

test('a symlink that points out of the served folder is refused', async () => {
  for (const p of ['/link.txt', '/up/secret.txt']) {
    const res = await fetch(`${server.url}${p}`);
    assert.equal(res.status, 403, p);
    assert.doesNotMatch(await res.text(), /outside/);
  }
  assert.equal((await fetch(`${server.url}/..%2Fsecret.txt`)).status, 403);
});

test('every response says X-Content-Type-Options: nosniff', async () => {
  for (const p of ['/', '/a.js', '/missing']) {
    const res = await fetch(`${server.url}${p}`);
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
  }
});

test('the request log keeps only the newest requests', async () => {
  assert.ok(MAX_LOG >= 1000 && MAX_LOG <= 100_000, 'the default keeps a useful, bounded history');
  const start = server.total();
  const count = LOG * 3;
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => fetch(`${server.url}/a.js?i=${i + j}`).then((r) => r.arrayBuffer())));
  }
  assert.equal(server.total() - start, count);
  assert.equal(server.requests.length, LOG);
  assert.ok(server.requests.every((r) => Number(new URL(r.path, 'http://x').searchParams.get('i')) >= count - LOG));
});

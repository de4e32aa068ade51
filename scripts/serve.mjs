// serve.mjs — the static file server for web/, on the loopback interface.
//
//   node scripts/serve.mjs --root web --port 8000     (scripts/start runs this)
//
// The browser tests use the same server (tests/browser-support/server.mjs
// re-exports it): it serves .js/.mjs as text/javascript and .wasm as
// application/wasm, and records recent requests so a test can check that the
// page fetched nothing it should not.
//
// Hardening (issue 14): the request log keeps only the last MAX_LOG entries;
// a path that resolves (symlinks included) outside the root is refused; every
// response says X-Content-Type-Options: nosniff.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
});

/** Requests kept in the log; older ones are dropped (a long-running server stays bounded). */
export const MAX_LOG = 5000;

/**
 * Starts serving rootDir. Returns { url, origin, requests, close }:
 * url/origin "http://127.0.0.1:PORT"; requests, the last MAX_LOG requests as
 * { method, path, status, type, bytes }; total(), how many were served; close() stops the server.
 * options.headers: extra response headers (e.g. a Content-Security-Policy);
 * options.port (0 picks a free one) and options.host (loopback by default); options.maxLog.
 */
export async function startServer(rootDir, { headers = {}, port = 0, host = '127.0.0.1', maxLog = MAX_LOG } = {}) {
  const root = await realpath(path.resolve(rootDir));
  const requests = [];
  let total = 0;
  const inside = (file) => file === root || file.startsWith(root + path.sep);
  const baseHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

  const server = createServer(async (req, res) => {
    const record = { method: req.method, path: req.url, status: 0, type: '', bytes: 0 };
    requests.push(record);
    total += 1;
    if (requests.length > maxLog) requests.splice(0, requests.length - maxLog);
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      record.status = status;
      record.type = type;
      res.writeHead(status, { 'Content-Type': type, ...baseHeaders, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');

    let file;
    try {
      const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      file = path.resolve(root, `.${pathname}`);
    } catch {
      return send(400, 'bad request\n');
    }
    if (!inside(file)) return send(403, 'forbidden\n');

    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      // a symlink inside the root may point anywhere: serve only what really lies inside it
      file = await realpath(file);
      if (!inside(file)) return send(403, 'forbidden\n');
      const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      record.status = 200;
      record.type = type;
      record.bytes = info.size;
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, ...baseHeaders, ...headers });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(404, 'not found\n');
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${server.address().port}`;

  return {
    url,
    origin: url,
    requests,
    total: () => total,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const { url } = await startServer(option('root', 'web'), { port: Number(option('port', 8000)) });
  console.log(`Attention Explorer is at ${url}/  (Ctrl+C stops the server)`);
}

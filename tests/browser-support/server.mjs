// server.mjs — the browser tests' static server is the project's own
// (scripts/serve.mjs): startServer(rootDir, { headers }) -> { url, origin, requests, close }.
export { MIME_TYPES, startServer } from '../../scripts/serve.mjs';

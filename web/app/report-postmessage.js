// report-postmessage.js — statements to the parent window as
//   { type: 'attention-explorer:statement', statement }
// only to the one origin the embedder named (report-origin option), never to '*'. The browser
// itself drops the message when the parent is on any other origin.
import { onStatement } from './report.js';

const attached = new Set();

/** Start sending to `origin` (an http(s) origin) if this page is framed; idempotent. */
export function attachPostMessage(origin, target = globalThis.parent) {
  if (!origin || origin === '*' || !/^https?:\/\/[^/]+$/.test(origin)) return false;
  if (!target || target === globalThis.window || attached.has(origin)) return false;
  attached.add(origin);
  onStatement((statement) => {
    try { target.postMessage({ type: 'attention-explorer:statement', statement }, origin); } catch { /* parent gone */ }
  }, { replay: true });
  return true;
}

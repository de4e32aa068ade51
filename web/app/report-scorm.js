// report-scorm.js — the SCORM 1.2 runtime side: finds the LMS's API object in the parent/opener
// chain and reports the statement stream to it. Without an LMS it does nothing (a plain lesson).
//   launch:   LMSInitialize, lesson_status incomplete (unless already passed/failed), LMSCommit
//   answered: cmi.interactions.N.{id,type,student_response,result,weighting,time,correct_responses.0.pattern},
//             cmi.core.score.raw/min/max (0–100), passed/failed once every question is answered, LMSCommit
//   pagehide: cmi.core.session_time, LMSCommit, LMSFinish
import { onStatement, lessonScore, activityBase } from './report.js';
import { findScormApi } from './scorm-api.js';

export { findScormApi };

const two = (n) => String(Math.floor(n)).padStart(2, '0');
/** CMITimespan: HHHH:MM:SS.SS */
export function timespan(ms) {
  const s = Math.max(0, ms) / 1000;
  return `${String(Math.floor(s / 3600)).padStart(4, '0')}:${two((s / 60) % 60)}:${(s % 60).toFixed(2).padStart(5, '0')}`;
}
const clock = (d) => `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

let session = null;

/** Start the SCORM session if an LMS is there; idempotent. mastery: pass mark in % (the LMS's own wins). */
export function attachScorm({ mastery = 80, win = globalThis.window } = {}) {
  if (session) return session;
  const api = findScormApi(win);
  if (!api) return null;
  if (String(api.LMSInitialize('')) !== 'true') return null;
  const started = Date.now();
  const get = (el) => String(api.LMSGetValue(el) ?? '');
  const last = new Map(); // each element is sent when its value changes, not on every statement
  const set = (el, v) => { if (!el.startsWith('cmi.interactions.') && last.get(el) === String(v)) return; last.set(el, String(v)); api.LMSSetValue(el, String(v)); };
  const lms = Number.parseFloat(get('cmi.student_data.mastery_score'));
  const pass = Number.isFinite(lms) ? lms : mastery;
  const status = get('cmi.core.lesson_status');
  if (!['passed', 'failed', 'completed'].includes(status)) set('cmi.core.lesson_status', 'incomplete');
  api.LMSCommit('');
  let n = Number.parseInt(get('cmi.interactions._count'), 10); if (!Number.isFinite(n)) n = 0;
  const base = `${activityBase()}/`;
  let finished = false;
  const score = () => {
    const s = lessonScore();
    set('cmi.core.score.min', 0); set('cmi.core.score.max', 100);
    set('cmi.core.score.raw', Math.round(s.scaled * 100));
    if (s.total && s.answered === s.total) set('cmi.core.lesson_status', s.scaled * 100 >= pass ? 'passed' : 'failed');
    set('cmi.core.session_time', timespan(Date.now() - started));
  };
  const off = onStatement((st) => {
    if (finished) return;
    if (st.verb.display['en-US'] === 'answered') {
      const id = st.object.id.startsWith(base) ? st.object.id.slice(base.length).replace(/\//g, '.') : st.object.id;
      const type = { choice: 'choice', numeric: 'numeric', performance: 'performance' }[st.object.definition.interactionType] ?? 'performance';
      const at = `cmi.interactions.${n}`;
      set(`${at}.id`, id.slice(0, 255));
      set(`${at}.type`, type);
      set(`${at}.time`, clock(new Date(st.timestamp)));
      set(`${at}.weighting`, 1);
      set(`${at}.student_response`, st.result.response.slice(0, 255));
      set(`${at}.result`, st.result.success ? 'correct' : 'wrong');
      n += 1;
    }
    score();
    api.LMSCommit('');
  }, { replay: true });
  const finish = () => {
    if (finished) return;
    set('cmi.core.session_time', timespan(Date.now() - started));
    api.LMSCommit('');
    finished = true; off();
    api.LMSFinish('');
  };
  win.addEventListener('pagehide', finish);
  session = { api, finish, mastery: pass };
  return session;
}

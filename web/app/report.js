// report.js — one stream of xAPI-shaped statements for the whole document, and the student's
// progress (sessionStorage, per lesson link). Nothing leaves the page unless an adapter is
// attached: postMessage to a named origin (report-postmessage.js), SCORM 1.2 (report-scorm.js),
// or H5P (web/h5p/). Statements:
//   { id, timestamp, verb: { id, display }, object: { id: …/attention-explorer/<scene>/<question-id>,
//     definition }, result: { success, response, score: { raw, min, max, scaled } }, context }
// answered: a question's FIRST answer (retries are never reported); completed: every question of
// the lesson (every scene shown in this document) has a first answer.
const VERB = (name) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
const listeners = new Set();
const sent = [];
const questions = new Map(); // id -> { scene, question }
let store = null;

/** The lesson link's storage key: the page and its options, not the hash the student moves. */
const storageKey = () => `attention-explorer:progress:${location.pathname}${location.search}`;
function load() {
  if (store) return store;
  try { store = JSON.parse(sessionStorage.getItem(storageKey())) ?? null; } catch { store = null; }
  if (!store || typeof store !== 'object' || typeof store.answers !== 'object') store = { answers: {}, completed: false };
  return store;
}
function save() { try { sessionStorage.setItem(storageKey(), JSON.stringify(store)); } catch { /* storage off: progress lasts this visit */ } }

/** Where activity ids start: the lesson's own address, without its options. */
export function activityBase() {
  let base = 'https://attention-explorer.invalid/';
  try { if (/^https?:$/.test(location.protocol)) base = new URL('./', location.href).href; } catch { /* keep */ }
  return `${base}attention-explorer`;
}
export const activityId = (scene, id) => `${activityBase()}/${scene}${id ? `/${id}` : ''}`;

/** Subscribe to statements; replay: also get the ones sent before (for late adapters). */
export function onStatement(fn, { replay = false } = {}) {
  listeners.add(fn);
  if (replay) for (const s of sent) fn(s);
  return () => listeners.delete(fn);
}
function emit(statement) {
  sent.push(statement);
  for (const fn of listeners) { try { fn(statement); } catch (e) { console.warn('attention-explorer: a report adapter failed:', e.message); } }
}

const uuid = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`);
function statement(verb, object, result, extensions = {}) {
  return { id: uuid(), timestamp: new Date().toISOString(), verb: VERB(verb), object: { objectType: 'Activity', ...object }, result, context: { extensions: { 'https://attention-explorer.invalid/xapi/scene': extensions.scene ?? null } } };
}

/** A scene's panel announces the questions it asks; they count towards the lesson. */
export function registerQuestions(scene, list) {
  for (const q of list) questions.set(q.id, { scene, question: q });
}

/** { answered, total } for one scene, or for the lesson without a scene. */
export function progress(scene = null) {
  const s = load();
  const ids = [...questions].filter(([, v]) => !scene || v.scene === scene).map(([id]) => id);
  return { answered: ids.filter((id) => s.answers[id]).length, total: ids.length };
}
export const firstAnswer = (id) => load().answers[id] ?? null;

/** The lesson's score from first answers: correct / total questions. */
export function lessonScore() {
  const s = load(); const total = questions.size;
  const correct = [...questions.keys()].filter((id) => s.answers[id]?.success).length;
  return { correct, total, answered: [...questions.keys()].filter((id) => s.answers[id]).length, scaled: total ? correct / total : 0 };
}

/**
 * Record an answer. The first answer of a question is stored and reported; later ones (retries)
 * are neither. Returns true when this was the first answer.
 */
export function recordAnswer(scene, question, { success, response }, { interactionType, mastery = 80 } = {}) {
  const s = load();
  if (s.answers[question.id]) return false;
  s.answers[question.id] = { scene, success: Boolean(success), response: String(response), at: new Date().toISOString() };
  save();
  const definition = { name: { 'en-US': question.prompt }, type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType };
  if (question.type === 'choice') definition.choices = question.options.map((o) => ({ id: o.value, description: { 'en-US': o.label } }));
  emit(statement('answered', { id: activityId(scene, question.id), definition }, { success: Boolean(success), response: String(response), score: { raw: success ? 1 : 0, min: 0, max: 1, scaled: success ? 1 : 0 } }, { scene }));
  const score = lessonScore();
  if (!s.completed && score.total && score.answered === score.total) {
    s.completed = true; save();
    emit(statement('completed', { id: activityBase(), definition: { name: { 'en-US': 'Attention Explorer lesson' }, type: 'http://adlnet.gov/expapi/activities/lesson' } },
      { completion: true, success: score.scaled * 100 >= mastery, score: { raw: score.correct, min: 0, max: score.total, scaled: score.scaled } }, { scene: null }));
  }
  return true;
}

/** Forget this lesson link's progress (tests, "start over"). */
export function resetProgress() { store = { answers: {}, completed: false }; save(); }
export const statementsSent = () => sent.slice();

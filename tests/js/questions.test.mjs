// questions.test.mjs — the question files (web/questions/): at least three per scene, stable unique
// ids, every type well formed, truths computed by the core (the right option is an option, the
// right number counts as right, a wrong one does not), targets reachable, choice via `questions=`.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../web/attention-core.js';
import { SCENE_IDS, State } from '../../web/app/state.js';
import { QUESTIONS, questionsFor, allQuestionIds } from '../../web/questions/index.js';
import { evaluate, parseNumber } from '../../web/questions/engine.js';
import { QUESTION_IDS } from '../../web/questions/ids.js';

let core;
before(async () => { core = await loadCore(); });
const sentences = (t) => t.split(/(?<=[.!?])\s+/).filter(Boolean).length;

describe('questions: the files', () => {
  it('every question file has at least three questions, for a scene of SCENES', () => {
    for (const [id, list] of Object.entries(QUESTIONS)) {
      assert.ok(SCENE_IDS.includes(id), `questions for unknown scene ${id}`);
      assert.ok(list.length >= 3, `scene ${id}: ${list.length} questions`);
    }
    for (const id of ['dot', 'weights', 'sum', 'self']) assert.ok(QUESTIONS[id], `scene ${id} has questions`);
  });
  // a scene that has just landed gets its question file from the questions owner (issue 11)
  for (const id of SCENE_IDS.filter((s) => !QUESTIONS[s])) it(`scene ${id} has its question file`, { todo: 'questions for a newly landed scene' }, () => assert.ok(QUESTIONS[id]));
  it('ids.js (the page counts the lesson from it before scenes 4–9 load) lists exactly every file\'s ids, in order', () => {
    assert.deepEqual(Object.keys(QUESTION_IDS).sort(), Object.keys(QUESTIONS).sort());
    for (const [scene, list] of Object.entries(QUESTIONS)) assert.deepEqual(QUESTION_IDS[scene], list.map((q) => q.id), scene);
  });
  it('ids are unique, start with the scene id, and the fields fit the type', () => {
    const ids = allQuestionIds();
    assert.equal(new Set(ids).size, ids.length);
    for (const [scene, list] of Object.entries(QUESTIONS)) for (const q of list) {
      assert.match(q.id, new RegExp(`^${scene}-[a-z0-9-]+$`), q.id);
      assert.ok(['choice', 'number', 'target'].includes(q.type), q.id);
      assert.ok(q.prompt && q.misconception, q.id);
      assert.equal(sentences(q.explain), 2, `${q.id}: two sentences`);
      if (q.type === 'choice') assert.ok(q.options.length >= 2 && typeof q.truth === 'function', q.id);
      if (q.type === 'number') assert.ok(typeof q.truth === 'function' && q.tolerance >= 0, q.id);
      if (q.type === 'target') assert.ok(typeof q.measure === 'function' && q.goal && q.solution, q.id);
      if (q.setup) assert.deepEqual(new State().set(q.setup).rejected, [], `${q.id}: setup`);
      if (q.reveal) assert.deepEqual(new State().set(q.reveal).rejected, [], `${q.id}: reveal`);
    }
  });
  it('the questions option picks, and turns off', () => {
    assert.equal(questionsFor('dot', 'off').length, 0);
    assert.equal(questionsFor('dot', 'all').length, QUESTIONS.dot.length);
    const [a, b] = QUESTIONS.dot; const w = QUESTIONS.weights[0];
    assert.deepEqual(questionsFor('dot', `${b.id},${w.id}`).map((q) => q.id), [b.id]);
    assert.deepEqual(questionsFor('weights', `${b.id},${w.id}`).map((q) => q.id), [w.id]);
    assert.deepEqual(questionsFor('sum', `${a.id}`), []);
  });
});

describe('questions: answers are checked against the core', () => {
  for (const [scene, list] of Object.entries(QUESTIONS)) for (const q of list) {
    it(`${scene}: ${q.id}`, () => {
      const s = new State();
      if (q.type === 'target') {
        s.set(q.setup ?? {});
        const start = evaluate(q, { core, values: s.values, answer: 'figure' });
        assert.equal(start.success, false, 'the starting position does not already reach the goal');
        s.set(q.solution);
        const done = evaluate(q, { core, values: s.values, answer: 'figure' });
        assert.equal(done.success, true, `the solution reaches the goal: ${done.predictionText}`);
        return;
      }
      // the truth does not depend on where the figure happens to be
      const moved = new State(); moved.set({ q: [-3, 1, 0, 0, 0, 0, 0, 0], temperature: 3, q3: [2, 2], sentence: 'A dog ran', query: 4 });
      if (q.type === 'choice') {
        const results = q.options.map((o) => evaluate(q, { core, values: s.values, answer: o.value }));
        assert.equal(results.filter((r) => r.success).length, 1, 'exactly one option is right');
        const right = results.find((r) => r.success);
        assert.equal(evaluate(q, { core, values: moved.values, answer: right.response }).success, true);
        assert.ok(right.rows.every((r) => Number.isFinite(r.value)), 'reveal rows are numbers');
      } else {
        const r = evaluate(q, { core, values: s.values, answer: 'x' });
        assert.equal(r.success, false, 'not a number is not right');
        const truth = r.rows.find((row) => row.truth).value;
        assert.equal(evaluate(q, { core, values: moved.values, answer: String(truth) }).success, true);
        assert.equal(evaluate(q, { core, values: s.values, answer: String(truth + 3 * q.tolerance + 0.01) }).success, false);
      }
    });
  }
  it('typed numbers: comma decimals and the minus sign', () => {
    assert.equal(parseNumber('0,5'), 0.5); assert.equal(parseNumber('−1.5'), -1.5); assert.ok(Number.isNaN(parseNumber('')));
  });
});

describe('questions: truths follow the model on screen (the scenes’ own model functions)', () => {
  const byId = (id) => Object.values(QUESTIONS).flat().find((q) => q.id === id);
  const rowOf = (r, label) => r.rows.find((row) => row.label === label).value;
  it('scene 4: a typed or preset head changes the truth the way it changes the figure', async () => {
    const { HEADS } = await import('../../web/app/toy-model.js');
    const { selfModel } = await import('../../web/app/scene-models.js');
    const q = byId('self-zero-after-softmax');
    const s = new State();
    const uniform = HEADS.find((p) => p.id === 'uniform');
    s.set({ wq: uniform.wq.flat(), wk: uniform.wk.flat(), wv: uniform.wv.flat() });
    const r = evaluate(q, { core, values: s.values, answer: 'less' });
    // uniform head: every score 0, so "sat" spreads its weight evenly over what it may see
    assert.ok(Math.abs(rowOf(r, 'weight of cat, masked before') - 1 / 2) < 1e-6);
    assert.ok(Math.abs(rowOf(r, 'sum, zeroed after softmax') - 2 / 3) < 1e-6);
    // the same numbers as the scene's model after the reveal
    const after = new State(); after.values = structuredClone(s.values); after.set({ ...q.setup, ...q.reveal });
    const m = selfModel(core, (k) => after.get(k));
    assert.equal(rowOf(r, 'weight of cat, masked before'), m.r.weights[2 * m.n + 1]);
    // and the default head gives other numbers: the truth is not the default model's
    const d = evaluate(q, { core, values: new State().values, answer: 'less' });
    assert.ok(Math.abs(rowOf(d, 'weight of cat, masked before') - 1 / 2) > 0.01);
  });
  it('scene 4: a typed X entry reaches the shuffle question (the outputs no longer just move with the words)', () => {
    const q = byId('self-shuffle-cat');
    const s = new State(); s.set({ xedit: '0.2:3' }); // word 1 ("The") of the typed sentence: a strong "thing"
    const plain = evaluate(q, { core, values: new State().values, answer: '2' });
    const edited = evaluate(q, { core, values: s.values, answer: '2' });
    assert.equal(plain.answerValue, '2');
    assert.notDeepEqual(edited.rows.map((r) => r.value), plain.rows.map((r) => r.value));
  });
  it('scene 1: the right-angle target is graded on q·k, the quantity its prompt names', () => {
    const q = byId('dot-right-angle');
    assert.match(q.prompt, /q·k is zero/); assert.equal(q.goal.of, 'q·k');
    const s = new State(); s.set(q.setup);
    s.set({ k: [-1.9, 4, ...s.get('k').slice(2)] }); // q·k = 0.2 although cos θ ≈ 0.02
    assert.equal(evaluate(q, { core, values: s.values, answer: 'figure' }).success, false);
    s.set({ k: [-2, 4.05, ...s.get('k').slice(2)] }); // q·k = 0.05
    assert.equal(evaluate(q, { core, values: s.values, answer: 'figure' }).success, true);
  });
});

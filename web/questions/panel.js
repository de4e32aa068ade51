// panel.js — "Predict, then check": the questions panel under a scene. The student answers (choose
// one, type a number, or move the figure to a target) and locks the answer in; only then does the
// reveal open: prediction against the core's truth (a bar figure), the figure set to the question's
// situation, and a two-sentence explanation. Retry is allowed; the first answer is what is reported
// (app/report.js). Lifecycle: mountQuestions(scene) once, after the scene built; no timers.
import { sceneById } from '../app/state.js';
import { h, text } from '../app/dom.js';
import { BarChart } from '../scenes/bar-chart.js';
import { registerQuestions, recordAnswer, progress, firstAnswer, onStatement } from '../app/report.js';
import { chosenIds } from './ids.js';
import { evaluate, interactionType, parseNumber } from './engine.js';

// four significant digits; float32 round-off below 1e-6 reads as 0 (e.g. a distance between equal rows)
const fmt = (x) => (!Number.isFinite(x) ? '—' : Math.abs(x) < 1e-6 ? '0' : String(Number(x.toPrecision(4))));
let uid = 0;

/** Build the panel for scene element `el` ({ state, core }); returns null when it asks nothing. */
export function mountQuestions(el, scene) {
  const { state, core } = el;
  // the scene's own question file (static questions): panels never load other scenes' files
  const all = el.constructor.questions ?? [];
  const ids = new Set(chosenIds(all.map((q) => q.id), state.get('questions')));
  const list = all.filter((q) => ids.has(q.id));
  if (!list.length) return null;
  registerQuestions(scene, list);
  const id = `q${++uid}`;
  const progressEl = h('p.q-progress', { 'data-q-progress': '', role: 'status' });
  const tabs = h('div.q-tabs', { role: 'group', 'aria-label': 'Questions of this scene' });
  const body = h('div.q-body');
  // one such region per scene: its name says which scene, so the landmarks stay unique (axe)
  const panel = h('section.questions', { 'data-questions': scene, 'aria-label': `Predict, then check: ${sceneById(scene)?.nav ?? scene}` },
    h('div.q-head', {}, h('h3', { id: `${id}-h` }, 'Predict, then check'), progressEl), tabs, body);
  let current = 0;
  const views = list.map((q, i) => questionView(q, i));
  const tabButtons = list.map((q, i) => h('button.q-tab', { type: 'button', 'data-q-tab': q.id, onclick: () => show(i) }));
  tabs.append(...tabButtons);

  function refresh() {
    const p = progress(scene);
    text(progressEl, `${p.answered} of ${p.total} answered`);
    list.forEach((q, i) => {
      const first = firstAnswer(q.id);
      text(tabButtons[i], `Question ${i + 1}${first ? (first.success ? ' ✓ right first time' : ' ✗ answered') : ''}`);
      tabButtons[i].setAttribute('aria-pressed', String(i === current));
    });
  }
  function show(i) {
    current = i;
    views.forEach((v, j) => { v.root.hidden = j !== i; });
    refresh();
  }

  function questionView(q, index) {
    const qid = `${id}-${index}`;
    const root = h('div.q-item', { 'data-question': q.id, 'data-state': 'open' });
    const prompt = h('p.q-prompt', { id: `${qid}-p` }, q.prompt);
    let answer = null;
    const commit = h('button.q-commit', { type: 'button', 'data-q-commit': '', disabled: true, onclick: () => lockIn() }, 'Lock in my prediction');
    const setAnswer = (v) => { answer = v; commit.disabled = v === null || v === ''; };
    let input; let fieldset;
    if (q.type === 'choice') {
      const name = `${qid}-c`;
      fieldset = h('fieldset.q-choices', { 'aria-describedby': `${qid}-p` }, h('legend', {}, 'Your prediction'),
        ...q.options.map((o) => h('label.choice', {}, h('input', { type: 'radio', name, value: o.value, 'data-q-option': o.value, onchange: () => setAnswer(o.value) }), ` ${o.label}`)));
    } else if (q.type === 'number') {
      input = h('input', { type: 'text', inputmode: 'decimal', id: `${qid}-n`, 'data-q-number': '', autocomplete: 'off', 'aria-describedby': `${qid}-p`,
        oninput: (e) => setAnswer(Number.isFinite(parseNumber(e.target.value)) ? e.target.value : null) });
      fieldset = h('p.q-number', {}, h('label', { for: `${qid}-n` }, 'Your prediction '), input);
    } else {
      fieldset = h('p.note.q-target', {}, 'Move the figure above (drag, arrow keys or typed values), then lock in.');
      setAnswer('figure');
    }
    const setup = q.setup ? h('button.q-setup', { type: 'button', 'data-q-setup': '', onclick: () => state.set(q.setup) }, q.type === 'target' ? 'Put the figure at the starting position' : 'Show me the starting situation') : null;
    const verdict = h('p.q-verdict', { 'data-q-verdict': '' });
    const predLine = h('p', { 'data-q-prediction': '' }); const truthLine = h('p', { 'data-q-truth': '' });
    const chartBox = h('figure.q-figure', {}, h('figcaption', {}, 'Your prediction against the core’s numbers'));
    const chart = new BarChart(chartBox, { label: 'Prediction and truth', width: 460, labelWidth: 230, cls: 'q-bars' });
    const firstNote = h('p.note', { 'data-q-first': '' });
    const retry = h('button', { type: 'button', 'data-q-retry': '', onclick: () => reopen() }, 'Try again');
    const reveal = h('div.q-reveal', { 'data-q-reveal': '', hidden: true, 'aria-live': 'polite' }, verdict, predLine, truthLine, chartBox,
      h('p.q-explain', { 'data-q-explain': '' }), firstNote, retry);
    const locked = h('p.note.q-locked', { 'data-q-locked': '' }, 'The answer is revealed once you lock in a prediction.');
    root.append(prompt, setup ?? '', fieldset, h('p', {}, commit), locked, reveal);
    body.append(root);

    function lockIn() {
      if (answer === null) return;
      let r;
      try { r = evaluate(q, { core, values: state.values, answer }); } catch (e) { text(verdict, `This question could not be checked: ${e.message}`); reveal.hidden = false; return; }
      const first = recordAnswer(scene, q, r, { interactionType: interactionType(q), mastery: state.get('mastery') });
      if (r.apply) state.set(r.apply); // the figure shows the question's situation, now revealed
      root.dataset.state = r.success ? 'right' : 'wrong';
      text(verdict, r.success ? '✓ Right.' : '✗ Not quite.');
      text(predLine, r.predictionText); text(truthLine, r.truthText);
      const chosen = q.type === 'choice' ? q.options.find((o) => o.value === answer)?.label : null;
      const right = q.type === 'choice' ? q.options.find((o) => o.value === r.answerValue)?.label : null;
      chart.update((r.rows ?? []).map((row) => {
        const tags = [row.mine || row.label === chosen ? 'your pick' : '', row.truth || row.label === right ? 'the answer' : ''].filter(Boolean);
        return { label: tags.length ? `${row.label} (${tags.join(', ')})` : row.label, value: row.value, text: fmt(row.value), cls: [row.mine || row.label === chosen ? 'mine' : '', row.truth || row.label === right ? 'truth' : ''].join(' ') };
      }));
      chartBox.hidden = !(r.rows ?? []).length;
      text(reveal.querySelector('[data-q-explain]'), q.explain);
      const f = firstAnswer(q.id);
      text(firstNote, first ? 'This first answer is the one that counts.' : `Your first answer (${f.response}, ${f.success ? 'right' : 'not right'}) is the one that counts; retries are for practice.`);
      reveal.hidden = false; locked.hidden = true;
      for (const c of root.querySelectorAll('fieldset input, .q-number input')) c.disabled = true;
      commit.disabled = true; commit.hidden = true;
      refresh();
    }
    function reopen() {
      root.dataset.state = 'open'; commit.hidden = false;
      reveal.hidden = true; locked.hidden = false;
      for (const c of root.querySelectorAll('fieldset input, .q-number input')) { c.disabled = false; if (c.type === 'radio') c.checked = false; else c.value = ''; }
      setAnswer(q.type === 'target' ? 'figure' : null);
      (root.querySelector('fieldset input, .q-number input') ?? commit).focus();
    }
    return { root };
  }

  el.append(panel);
  show(0);
  // another panel (or a restored session) may complete the lesson: listen while the scene is in
  // the document (scene-base.js calls listen() on subscribe and its result on disconnect)
  panel.listen = () => { refresh(); return onStatement(refresh); };
  return panel;
}

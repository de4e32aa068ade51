// engine.js — checks one answer against the core. Pure (no DOM): the panel and the tests share it.
//   evaluate(question, { core, values, answer }) -> { success, response, truthText, predictionText, rows, apply }
// values: the state values now. choice/number: the truth is computed in the question's setting
// (values + setup + reveal), whatever the figure shows; target: at the figure's current state.
import { State } from '../app/state.js';

const fmt = (x) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));

/** A reader over state values after patches, as the question files expect (get(name)). */
function reader(values, ...patches) {
  const s = new State(); s.values = structuredClone(values);
  for (const p of patches) if (p) s.set(p);
  return { get: (name) => s.get(name), values: s.values };
}

/** Parse a typed number ("0,5" and "−1" too); NaN when it is not one. */
export function parseNumber(text) {
  const t = String(text ?? '').trim().replace(/\u2212/g, '-').replace(/^(-?\d*),(\d+)$/, '$1.$2');
  return t === '' ? NaN : Number(t);
}

export function evaluate(question, { core, values, answer }) {
  const q = question;
  if (q.type === 'target') {
    const now = reader(values);
    const m = q.measure({ core, get: now.get });
    const g = q.goal;
    const success = g.atLeast !== undefined ? m.value >= g.atLeast : Math.abs(m.value - g.at) <= g.within;
    const want = g.atLeast !== undefined ? `${g.of} ≥ ${fmt(g.atLeast)}` : `${g.of} = ${fmt(g.at)} ± ${fmt(g.within)}`;
    return { success, response: m.response, predictionText: `${g.of} at your position: ${fmt(m.value)}`, truthText: `Goal: ${want}`, rows: m.rows, mine: m.value, apply: null };
  }
  const before = reader(values, q.setup);
  const after = reader(values, q.setup, q.reveal);
  const t = q.truth({ core, get: after.get, before: before.get });
  const apply = { ...(q.setup ?? {}), ...(q.reveal ?? {}) };
  if (q.type === 'choice') {
    const label = (v) => q.options.find((o) => o.value === v)?.label ?? v;
    return { success: answer === t.answer, response: String(answer), predictionText: `You predicted: ${label(answer)}`, truthText: `The core computed: ${label(t.answer)}`, rows: t.rows, answerValue: t.answer, apply };
  }
  if (q.type === 'number') {
    const x = parseNumber(answer);
    const success = Math.abs(x - t.value) <= (q.tolerance ?? 0) + 1e-9;
    return { success, response: fmt(x), predictionText: `You predicted: ${fmt(x)}`, truthText: `The core computed: ${fmt(t.value)}${q.tolerance ? ` (answers within ±${fmt(q.tolerance)} count)` : ''}`, rows: [{ label: 'your prediction', value: x, mine: true }, { label: 'the core', value: t.value, truth: true }, ...(t.rows ?? [])], mine: x, truth: t.value, apply };
  }
  throw new Error(`question ${q.id}: unknown type ${q.type}`);
}

/** The xAPI interaction type of a question. */
export const interactionType = (q) => ({ choice: 'choice', number: 'numeric', target: 'performance' })[q.type];

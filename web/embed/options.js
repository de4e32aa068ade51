// options.js — the embed options, declared once: URL options of embed.html and attributes of
// <attention-explorer> are the same names. Each maps onto a State prop (state.js) and is only
// meaningful for some scenes. Pure: no DOM, so the table can be tested and documented anywhere.
import { PROPS, coerce } from '../app/state.js';

export const SCENES = ['dot', 'weights', 'sum', 'self', 'cost', 'grad'];
export const SCENE_TITLES = {
  dot: 'The dot product: how much two arrows agree',
  weights: 'From scores to weights',
  sum: 'The weighted sum of values',
  self: 'Self-attention, step by step',
  cost: 'What attention costs',
  grad: 'Gradients and stability',
};

const PROP = new Map(PROPS.map((p) => [p.name, p]));

/** name (URL option and attribute) -> State prop, the scenes it affects, and an optional alias. */
export const OPTIONS = [
  { name: 'sentence', prop: 'text', scenes: ['self'] },
  { name: 'q', prop: 'q', scenes: ['dot'] },      // in scene "sum" q is the 2-D query (prop q3)
  { name: 'k', prop: 'k', scenes: ['dot'] },
  { name: 'dim', prop: 'dim', scenes: ['dot'] },
  { name: 'mode', prop: 'mode', scenes: ['dot'] },
  { name: 'query', prop: 'query', scenes: ['weights'] },
  { name: 'temperature', prop: 'temp', scenes: ['weights'] },
  { name: 'scaling', prop: 'scaling', scenes: ['weights'] },
  { name: 'dk', prop: 'dk', scenes: ['weights', 'grad'], alias: 'd_k' },
  { name: 'seed', prop: 'seed', scenes: ['weights', 'grad'] },
  { name: 'step', prop: 'step', scenes: ['self'] },
  { name: 'causal', prop: 'causal', scenes: ['self'] },
  { name: 'mask', prop: 'mask', scenes: ['self'] },
  { name: 'palette', prop: 'palette', scenes: SCENES },
  { name: 'costmaxn', prop: 'costmaxn', scenes: ['cost'] },
  { name: 'costwindow', prop: 'costwindow', scenes: ['cost'] },
  { name: 'costglobals', prop: 'costglobals', scenes: ['cost'] },
  { name: 'gradq', prop: 'gradq', scenes: ['grad'] },
  { name: 'gradk', prop: 'gradk', scenes: ['grad'] },
  { name: 'naive', prop: 'naive', scenes: ['grad'] },
];
export const OPTION_NAMES = ['scene', 'hide', ...OPTIONS.map((o) => o.name), ...OPTIONS.filter((o) => o.alias).map((o) => o.alias)];

/** Hide flags: which parts of a scene a teacher can strip (CSS rules in element.css). */
export const HIDE_FLAGS = ['title', 'formula', 'readouts', 'inputs', 'controls', 'charts', 'bars', 'dk', 'saturation',
  'sentence', 'steps', 'pair', 'mask', 'play', 'link',
  'meter', 'accuracy', 'patterns', 'plane', 'jacobian', 'naive']; // the last six: scenes 7 and 8

/** "formula, inputs" or "formula inputs" -> ['formula', 'inputs'] (unknown flags dropped). */
export const parseHide = (value) => String(value ?? '').split(/[\s,]+/).filter((f) => HIDE_FLAGS.includes(f));

const propFor = (option, scene) => (option.name === 'q' && scene === 'sum' ? 'q3' : option.prop);

/** A short vector fills the first components of the default (scene 1 vectors hold 8 numbers). */
function vector(prop, raw) {
  const given = String(raw).split(',').filter((s) => s.trim() !== '').map(Number);
  if (!given.length || !given.every(Number.isFinite) || given.length > prop.len) return undefined;
  return coerce(prop, prop.def.map((d, i) => (i < given.length ? given[i] : d)));
}

/**
 * Options (a Map or object of name -> string) to { scene, hide, patch, ignored }: patch is a
 * State patch; names or values that are not understood are listed in ignored.
 */
export function parseOptions(entries) {
  const all = new Map(entries instanceof Map ? entries : Object.entries(entries));
  const scene = SCENES.includes(all.get('scene')) ? all.get('scene') : 'dot';
  const ignored = [];
  if (all.has('scene') && all.get('scene') !== scene) ignored.push('scene');
  const patch = { scene };
  for (const [name, raw] of all) {
    if (name === 'scene' || name === 'hide') continue;
    const option = OPTIONS.find((o) => o.name === name || o.alias === name);
    if (!option) { ignored.push(name); continue; }
    const prop = PROP.get(propFor(option, scene));
    const value = prop.type === 'vec' ? vector(prop, raw) : coerce(prop, prop.type === 'pairs' ? String(raw) : raw);
    if (value === undefined) { ignored.push(name); continue; }
    patch[prop.name] = value;
    // q=2,1&k=1,2 in scene 1 means two dimensions unless dim says otherwise
    if (scene === 'dot' && prop.type === 'vec' && !all.has('dim')) patch.dim = Math.max(patch.dim ?? 2, String(raw).split(',').length);
  }
  return { scene, hide: parseHide(all.get('hide')), patch, ignored };
}

/** Current state -> option strings for one scene (for reflecting attributes and building links). */
export function optionsOf(state, scene) {
  const out = {};
  for (const option of OPTIONS) {
    if (!option.scenes.includes(scene) && !(option.name === 'q' && scene === 'sum')) continue;
    const prop = PROP.get(propFor(option, scene));
    const v = state.get(prop.name);
    if (prop.type === 'vec') out[option.name] = (prop.name === 'q3' ? v : v.slice(0, state.get('dim'))).join(',');
    else if (prop.type === 'pairs') out[option.name] = v.map(([i, j]) => `${i}.${j}`).join(',');
    else if (prop.type === 'bool') out[option.name] = v ? '1' : '0';
    else out[option.name] = String(v);
  }
  return out;
}

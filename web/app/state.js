// state.js — the one state object and the one settings vocabulary (cf. tensorflow/playground's
// state.ts). Every scene is declared once in SCENES and every setting once in PROPS; the page's
// hash, embed.html's query, <attention-explorer>'s attributes, the anywidget's traits, the
// "Embed this view" dialog and the lesson packages all derive from these two tables, so a link
// copied from the page also configures embed.html. Pure: no DOM, testable anywhere.
//
// ADDING A SETTING (scene engineers — read this first):
//   { name: 'heads', scene: 'heads', type: 'int', min: 1, max: 8, def: 2, hide: 'controls' }
//   - name:    the public name, written in links, embed URLs, element attributes and widget traits.
//              Lower-case letters, digits and '_' (it must also be a Python trait name), unique
//              across ALL scenes. Never rename it once landed: add the old name to `aliases`.
//   - scene:   the scene id it belongs to ('all' = every scene). The page makes the touched
//              scene the one a copied link opens; embeds reflect only their scene's settings.
//   - type:    enum (values) | bool | int (min, max) | num (min, max, step) | str (maxLength)
//              | vec (len, min, max, step; lenFrom: a prop giving how many components are shown)
//              | pairs (i.j index pairs) | flags (words out of `values`) | ids (question ids).
//   - def:     the default; defaults are left out of links.
//   - hide:    the hide flag (PARTS) that strips this setting's control in an embed. A new part
//              gets a PARTS entry, a CSS rule in styles/main.css and a line in docs/EMBEDDING.md.
//   - aliases: older names still read (never written). link: false = never put into links.
//   Put a new scene's settings in their own marked block at the END of PROPS, and its scene in
//   SCENES. Read a setting with state.get(name); listen with state.on((changed) => …).
//   Document each public name in docs/EMBEDDING.md's options table (tests/js/settings.test.mjs checks).
//
// ADDING A SCENE: one SCENES entry { id, number, title, nav } (ids and numbers never change); the
// nav, the embed options, the element's scene attribute and the packages pick it up from here.

/** Every scene: id (links, element tags ae-scene-<id>), number, title (headings), nav (short). */
import { DEFAULT_HEAD } from './toy-model.js';

export const SCENES = [
  { id: 'dot', number: 1, title: 'The dot product: how much two arrows agree', nav: 'Dot product' },
  { id: 'weights', number: 2, title: 'From scores to weights', nav: 'Scores to weights' },
  { id: 'sum', number: 3, title: 'The weighted sum of values', nav: 'Weighted sum' },
  { id: 'self', number: 4, title: 'Self-attention, step by step', nav: 'Self-attention' },
  { id: 'cost', number: 7, title: 'What attention costs', nav: 'What it costs' },
  { id: 'grad', number: 8, title: 'Gradients and stability', nav: 'Gradients' },
];
export const SCENE_IDS = SCENES.map((s) => s.id);
export const sceneById = (id) => SCENES.find((s) => s.id === id);

/**
 * Hide flags: the parts of a scene a teacher can strip from an embed (hide=formula,inputs); the CSS
 * rules are in web/embed/element.css. scenes: where the part exists ('all' = every scene).
 */
export const PARTS = [
  { flag: 'title', scenes: 'all', label: 'Scene title' },
  { flag: 'questions', scenes: 'all', label: 'Questions panel' },
  { flag: 'formula', scenes: ['dot', 'weights', 'sum', 'self'], label: 'Formula with live numbers' },
  { flag: 'readouts', scenes: ['dot', 'weights', 'sum', 'self', 'grad'], label: 'Number readouts' },
  { flag: 'inputs', scenes: ['dot', 'sum', 'grad'], label: 'Typed vector inputs' },
  { flag: 'controls', scenes: ['dot', 'weights', 'self', 'cost', 'grad'], label: 'Sliders and switches' },
  { flag: 'charts', scenes: ['weights'], label: 'Score and weight charts' },
  { flag: 'bars', scenes: ['dot'], label: 'Per-dimension bars' },
  { flag: 'dk', scenes: ['weights'], label: 'The dₖ experiment' },
  { flag: 'saturation', scenes: ['weights'], label: 'The saturation example' },
  { flag: 'sentence', scenes: ['self'], label: 'Sentence box and examples' },
  { flag: 'steps', scenes: ['self'], label: 'Step navigation' },
  { flag: 'pair', scenes: ['self'], label: 'Focused-pair geometry' },
  { flag: 'mask', scenes: ['self'], label: 'Mask controls' },
  { flag: 'play', scenes: ['sum', 'self'], label: 'Play buttons' },
  // scene 4's model editor (issue 8): typed X and W, head presets, positions, shuffle
  { flag: 'model', scenes: ['self'], label: 'Model editor (X, W, heads, positions, word order)' },
  // scenes 7 and 8 (issue 10)
  { flag: 'meter', scenes: ['cost'], label: 'The cost meter (controls, plots, slopes)' },
  { flag: 'accuracy', scenes: ['cost'], label: 'Accuracy of the shortcuts and the sparse pattern' },
  { flag: 'patterns', scenes: ['cost'], label: 'Pattern analysis bars' },
  { flag: 'plane', scenes: ['grad'], label: 'Gradient arrows on the plane' },
  { flag: 'jacobian', scenes: ['grad'], label: 'Softmax Jacobian and dₖ' },
  { flag: 'naive', scenes: ['grad'], label: 'Naive versus stable softmax' },
];
export const HIDE_FLAGS = PARTS.map((p) => p.flag);
const inScene = (scenes, id) => scenes === 'all' || scenes.includes(id);
/** The hide flags that mean something in one scene (listed in PARTS, or named by its PROPS' hide). */
export const partsOf = (scene) => PARTS.filter((p) => inScene(p.scenes, scene)
  || PROPS.some((q) => q.scene === scene && q.hide === p.flag));

export const PROPS = [
  // every scene
  { name: 'scene', scene: 'all', type: 'enum', values: SCENE_IDS, def: 'dot' },
  { name: 'palette', scene: 'all', type: 'enum', values: ['viridis', 'cividis'], def: 'viridis' },
  { name: 'paused', scene: 'all', type: 'bool', def: false, link: false }, // a viewer's preference: never put into links
  { name: 'hide', scene: 'all', type: 'flags', values: HIDE_FLAGS, def: [] },
  // questions: 'all' (default), 'off', or the question ids to ask, e.g. questions=dot-perp,weights-t0
  { name: 'questions', scene: 'all', type: 'ids', def: 'all' },
  // where results go: the parent's origin for postMessage (never '*'); the SCORM pass mark in %
  // (report-origin keeps the hyphen: it is an embed option, not a widget trait)
  { name: 'report-origin', scene: 'all', type: 'origin', def: '', aliases: ['report_origin'] },
  { name: 'mastery', scene: 'all', type: 'int', min: 0, max: 100, def: 80 },
  // scene 1 — dot product and alignment. Vectors hold 8 numbers; the scene uses the first `dim`.
  { name: 'dim', scene: 'dot', type: 'int', min: 2, max: 8, def: 2, hide: 'controls' },
  { name: 'q', scene: 'dot', type: 'vec', len: 8, lenFrom: 'dim', min: -5, max: 5, def: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], hide: 'inputs' },
  // k keeps 4 decimals: stretching moves it along its exact direction, which a 0.01 grid cannot hold
  { name: 'k', scene: 'dot', type: 'vec', len: 8, lenFrom: 'dim', min: -5, max: 5, step: 0.0001, def: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3], hide: 'inputs' },
  { name: 'mode', scene: 'dot', type: 'enum', values: ['dot', 'cos', 'scaled'], def: 'dot', hide: 'controls' },
  // scene 2 — scores to weights
  { name: 'query', scene: 'weights', type: 'int', min: 0, max: 5, def: 2, hide: 'controls' },
  { name: 'temperature', scene: 'weights', type: 'num', min: 0.1, max: 5, step: 0.05, def: 1, hide: 'controls', aliases: ['temp'] },
  { name: 'scaling', scene: 'weights', type: 'bool', def: true, hide: 'controls' },
  { name: 'dk', scene: 'weights', type: 'int', min: 1, max: 512, def: 64, hide: 'dk', aliases: ['d_k'] },
  { name: 'seed', scene: 'weights', type: 'int', min: 1, max: 9999, def: 1, hide: 'dk' },
  // scene 3 — weighted sum of values
  // default q: pointing away from the values, so q, the chain and the output do not overlap.
  // sceneAlias: in a one-scene embed of "sum", q= means this prop (embed links before the vocabulary).
  { name: 'q3', scene: 'sum', type: 'vec', len: 2, min: -3, max: 3, def: [0.4, -2], hide: 'inputs', sceneAlias: 'q' },
  // scene 4 — self-attention step by step
  { name: 'sentence', scene: 'self', type: 'str', maxLength: 200, def: 'The cat sat', hide: 'sentence', aliases: ['text'] },
  { name: 'step', scene: 'self', type: 'int', min: 1, max: 7, def: 1, hide: 'steps' },
  { name: 'causal', scene: 'self', type: 'bool', def: false, hide: 'mask' },
  { name: 'paint', scene: 'self', type: 'bool', def: false, hide: 'mask' },
  { name: 'mask', scene: 'self', type: 'pairs', def: [], hide: 'mask' },
  { name: 'fq', scene: 'self', type: 'int', min: 0, max: 15, def: 0, hide: 'pair' },
  { name: 'fk', scene: 'self', type: 'int', min: 0, max: 15, def: 1, hide: 'pair' },
  // scene 4's editable model (issue 8): W_Q, W_K, W_V are 6 × 2 row-major (toy-model.js HEADS);
  // xedit holds typed X entries as 'word.column:value,…' (word = index in the typed sentence)
  { name: 'wq', scene: 'self', type: 'vec', len: 12, min: -9, max: 9, def: DEFAULT_HEAD.wq.flat(), hide: 'model' },
  { name: 'wk', scene: 'self', type: 'vec', len: 12, min: -9, max: 9, def: DEFAULT_HEAD.wk.flat(), hide: 'model' },
  { name: 'wv', scene: 'self', type: 'vec', len: 12, min: -9, max: 9, def: DEFAULT_HEAD.wv.flat(), hide: 'model' },
  { name: 'xedit', scene: 'self', type: 'str', maxLength: 1200, def: '', hide: 'model' },
  // add sinusoidal position encodings to X; shuffle: 0 = the sentence's order, else a permutation seed
  { name: 'positions', scene: 'self', type: 'bool', def: false, hide: 'model' },
  { name: 'shuffle', scene: 'self', type: 'int', min: 0, max: 9999, def: 0, hide: 'model' },
  // one stage alone at a fixed size, for a slide (embed.html?scene=self&step=6&solo=1)
  { name: 'solo', scene: 'self', type: 'bool', def: false },
  // page-wide classroom option: larger figure text and controls for a projector
  { name: 'present', scene: 'all', type: 'bool', def: false },
  // scene 7 — what attention costs (issue 10)
  { name: 'costmaxn', scene: 'cost', type: 'enum', values: ['256', '1024', '4096'], def: '1024', hide: 'meter' },
  { name: 'costwindow', scene: 'cost', type: 'int', min: 0, max: 128, def: 2, hide: 'meter' },
  { name: 'costglobals', scene: 'cost', type: 'int', min: 0, max: 16, def: 1, hide: 'meter' },
  // scene 8 — gradients and stability (issue 10); its dₖ slider edits scene 2's dk
  { name: 'gradq', scene: 'grad', type: 'vec', len: 2, min: -5, max: 5, def: [3, 0.5], hide: 'plane' },
  { name: 'gradk', scene: 'grad', type: 'vec', len: 2, min: -5, max: 5, def: [0.5, 2], hide: 'plane' },
  { name: 'naive', scene: 'grad', type: 'vec', len: 3, min: -2000, max: 2000, def: [1000, 999, 998], hide: 'naive' },
];

const BY_NAME = new Map(PROPS.flatMap((p) => [[p.name, p], ...(p.aliases ?? []).map((a) => [a, p])]));
/** The prop for a public name or an alias (undefined when unknown). */
export const propOf = (name) => BY_NAME.get(name);
/** The settings that belong to one scene (not the 'all' ones). */
export const propsOf = (scene) => PROPS.filter((p) => p.scene === scene);
/** Every public name an embed or element understands (canonical names, then aliases). */
export const OPTION_NAMES = [...PROPS.filter((p) => p.link !== false).map((p) => p.name),
  ...PROPS.flatMap((p) => (p.link === false ? [] : p.aliases ?? []))];

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
// Numbers are kept on a 0.01 grid so that the hash reproduces the view exactly.
const snap = (x, step = 0.01) => Math.round(x / step) / Math.round(1 / step);
const tidy = (x) => Number(x.toFixed(4));
// Text is cut by code point (never inside a surrogate pair) and lone surrogates are dropped:
// encodeURIComponent throws on them, which would stop the link from following the page.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (s) => s.replace(LONE_SURROGATE, '');
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Coerce a candidate value to the prop's type; returns undefined when it cannot. */
export function coerce(prop, v) {
  switch (prop.type) {
    case 'enum': return prop.values.includes(v) ? v : undefined;
    case 'bool': return typeof v === 'boolean' ? v : v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined;
    case 'int': { const n = Number(v); return v !== '' && v !== null && Number.isFinite(n) ? clamp(Math.round(n), prop.min, prop.max) : undefined; }
    case 'num': { const n = Number(v); return v !== '' && v !== null && Number.isFinite(n) ? tidy(clamp(snap(n, prop.step), prop.min, prop.max)) : undefined; }
    case 'str': return typeof v === 'string' ? Array.from(wellFormed(v)).slice(0, prop.maxLength).join('') : undefined;
    case 'vec': {
      const a = typeof v === 'string' ? v.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))) : Array.from(v ?? [], Number);
      if (a.length !== prop.len || !a.every(Number.isFinite)) return undefined;
      return a.map((x) => tidy(clamp(snap(x, prop.step), prop.min, prop.max)));
    }
    case 'pairs': {
      const a = typeof v === 'string' ? (v ? v.split(',').map((s) => s.split('.').map(Number)) : []) : v;
      if (!Array.isArray(a) || !a.every((p) => p.length === 2 && p.every((x) => Number.isInteger(x) && x >= 0 && x < 16))) return undefined;
      const uniq = [...new Set(a.map(([i, j]) => `${i}.${j}`))].sort();
      return uniq.map((s) => s.split('.').map(Number));
    }
    case 'flags': { // unknown words are dropped (a newer link on an older page still opens)
      const words = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : null;
      return words ? prop.values.filter((f) => words.includes(f)) : undefined;
    }
    case 'ids': { // 'all' | 'off' | sorted unique ids
      const s = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v.trim() : null;
      if (s === null) return undefined;
      if (s === '' || s === 'all') return 'all';
      if (s === 'off' || s === 'none' || s === '0') return 'off';
      const ids = [...new Set(s.split(/[\s,]+/).filter(Boolean))];
      return ids.every((id) => ID.test(id)) ? ids.join(',') : undefined;
    }
    case 'origin': { // an http(s) origin, or '' for none; never a wildcard
      if (typeof v !== 'string') return undefined;
      if (v === '') return '';
      try { const u = new URL(v); return /^https?:$/.test(u.protocol) && u.origin !== 'null' && u.origin === v.replace(/\/$/, '') ? u.origin : undefined; } catch { return undefined; }
    }
    default: return undefined;
  }
}

/** A value as link text (before URL encoding). `shown`: vectors cut to the components on screen. */
export function encode(prop, v, values = null) {
  switch (prop.type) {
    case 'bool': return v ? '1' : '0';
    case 'vec': return (values && prop.lenFrom ? v.slice(0, values[prop.lenFrom]) : v).join(',');
    case 'pairs': return v.map(([i, j]) => `${i}.${j}`).join(',');
    case 'flags': return v.join(',');
    default: return String(v);
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const defaults = () => Object.fromEntries(PROPS.map((p) => [p.name, structuredClone(p.def)]));

/** A short vector fills the first components of the default (q=2,1 in scene 1). */
function vector(prop, raw) {
  if (Array.isArray(raw)) return coerce(prop, raw);
  const given = String(raw).split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (!given.length || !given.every(Number.isFinite) || given.length > prop.len) return undefined;
  return coerce(prop, prop.def.map((d, i) => (i < given.length ? given[i] : d)));
}
const countOf = (raw) => (Array.isArray(raw) ? raw.length : String(raw).split(',').length);

/**
 * Read settings from name -> text pairs (a hash, a query, attributes, traits): one parser for all.
 * Returns { scene, patch, ignored }; patch holds only what was given (canonical names).
 * oneScene: the reader shows a single scene (embed, element), so a prop's sceneAlias applies there.
 */
export function readSettings(entries, { oneScene = false } = {}) {
  const all = new Map(typeof entries?.[Symbol.iterator] === 'function' ? entries : Object.entries(entries));
  const patch = {}; const ignored = [];
  const scene = SCENE_IDS.includes(all.get('scene')) ? all.get('scene') : 'dot';
  const given = new Set([...all.keys()].map((n) => propOf(n)?.name).filter(Boolean));
  for (const [name, raw] of all) {
    let prop = propOf(name);
    // an old one-scene link (embed.html?scene=sum&q=1,2): the name belongs to this scene's prop
    const local = oneScene ? PROPS.find((p) => p.sceneAlias === name && p.scene === scene && !given.has(p.name)) : null;
    if (local && vector(local, raw) !== undefined) prop = local;
    if (!prop || prop.link === false) { ignored.push(name); continue; }
    const value = prop.type === 'vec' ? vector(prop, raw) : coerce(prop, prop.type === 'pairs' ? String(raw) : raw);
    if (value === undefined || (prop.name === 'scene' && value !== raw)) { ignored.push(name); continue; }
    patch[prop.name] = value;
    // q=2,1&k=1,2 means two dimensions unless dim says otherwise (a short vector sets its scene's
    // component count; a full one does not, so old page links with 8 numbers keep their dim)
    if (prop.lenFrom && !given.has(prop.lenFrom) && countOf(raw) < prop.len) {
      const lp = propOf(prop.lenFrom);
      patch[lp.name] = coerce(lp, Math.max(patch[lp.name] ?? lp.min, countOf(raw)));
    }
  }
  return { scene, patch, ignored };
}

/**
 * Settings -> [name, text] pairs for a link. scene: only that scene's settings and the 'all' ones
 * (an embed, an element), with vectors cut to the shown components; otherwise the whole state
 * (the page). all: also the settings at their default (an element reflecting its attributes).
 */
export function writeSettings(values, { scene = null, all = false } = {}) {
  return PROPS.filter((p) => p.link !== false && (!scene || p.scene === 'all' || p.scene === scene))
    .filter((p) => all || !same(values[p.name], p.def) || (scene && p.name === 'scene'))
    .map((p) => [p.name, p.name === 'scene' && scene ? scene : encode(p, values[p.name], scene ? values : null)]);
}

/** [name, text] pairs -> 'a=1&b=x%20y' (commas and dots kept readable). */
// wellFormed: a lone surrogate would make encodeURIComponent throw and stop the hash writer
export const toQuery = (pairs) => pairs.map(([n, v]) => `${n}=${encodeURIComponent(wellFormed(String(v))).replace(/%2C/g, ',')}`).join('&');

/** 'a=1&b=x%20y' (a hash or a query, with or without its # or ?) -> [name, text] pairs. */
export function fromQuery(text) {
  const out = [];
  for (const part of String(text).replace(/^[#?]/, '').split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    let raw = eq < 0 ? '' : part.slice(eq + 1);
    try { raw = decodeURIComponent(raw.replace(/\+/g, '%20')); } catch { /* kept raw: coerce rejects it */ }
    out.push([name, raw]);
  }
  return out;
}

export class State {
  constructor() {
    this.values = defaults();
    this.listeners = new Set();
  }
  /** A setting by public name (an old alias works too). */
  get(name) { return this.values[propOf(name)?.name ?? name]; }
  /** Apply a patch; invalid values are ignored (and reported), listeners get the changed names. */
  set(patch) {
    const changed = new Set(); const rejected = [];
    for (const [name, v] of Object.entries(patch)) {
      const prop = propOf(name);
      const c = prop ? coerce(prop, v) : undefined;
      if (c === undefined) { rejected.push(name); continue; }
      if (!same(c, this.values[prop.name])) { this.values[prop.name] = c; changed.add(prop.name); }
    }
    if (changed.size) for (const fn of this.listeners) fn(changed, this);
    return { changed, rejected };
  }
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  /** Only non-default values go into the hash, keeping links short. */
  toHash() { return toQuery(writeSettings(this.values)); }
  /** Replace the whole state from a hash; unknown or malformed entries are skipped and returned. */
  loadHash(hash) {
    const { patch, ignored } = readSettings(fromQuery(hash));
    const base = defaults();
    for (const p of PROPS) if (p.link === false) base[p.name] = this.values[p.name];
    this.set({ ...base, ...patch });
    return ignored;
  }
  /** The whole state for one scene's embed or element, as [name, text] pairs. */
  optionsFor(scene, { all = false } = {}) { return writeSettings(this.values, { scene, all }); }
}
